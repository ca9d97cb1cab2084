// librdkafka, from Debian's librdkafka-dev (found through pkg-config as "rdkafka").
#include <librdkafka/rdkafka.h>
