"""Must show (d): librdkafka producers with compression.codec lz4, zstd, gzip and
snappy round-trip through the broker to kcat. The broker keeps batches opaque,
so the test also reads the segment files to prove the batches on disk really
carry that codec (librdkafka silently stops compressing when it dislikes the
broker's advertised Produce versions)."""

import pytest

import kcat_tool
import segment_files
from clients import DeliveryLog, create_topics, produce_all, producer

MESSAGES = 3_000

# What librdkafka checks in ApiVersions before it really uses a codec (else it sends uncompressed).
CODEC_PREREQUISITES = {
    "lz4": "librdkafka's LZ4 feature needs FindCoordinator v0 in ApiVersions",
    "zstd": "librdkafka's ZSTD feature needs Produce v7 and Fetch v10 in ApiVersions",
    "gzip": "librdkafka needs Produce min version 0 for gzip before 2.11",
    "snappy": "librdkafka needs Produce min version 0 for snappy before 2.11",
}


@pytest.mark.parametrize("codec", ["lz4", "zstd", "gzip", "snappy"])
def test_compressed_produce_round_trips_via_kcat(broker, codec):
    """(d) confluent-kafka, compression.codec=<codec>, acks=all → kcat -C -e reads every message."""
    topic = f"compat-codec-{codec}"
    create_topics(broker.bootstrap, {topic: 2})
    items = [(f"k{i % 17}".encode(), (f"{codec} message {i:05d} " + "emoji " * 20).encode())
             for i in range(MESSAGES)]
    log = DeliveryLog()
    produce_all(producer(broker.bootstrap, compression_codec=codec, linger_ms=20), topic, items, log)
    assert not log.failed, list(log.failed.items())[:3]
    assert len(log.acked) == MESSAGES

    messages = kcat_tool.consume_all(broker.bootstrap, topic, expect=MESSAGES)
    assert sorted((m.key.encode(), m.value.encode()) for m in messages) == sorted(items)
    kcat_tool.assert_contiguous_from_zero(messages)

    codecs_on_disk = set()
    for partition in range(2):
        for segment in segment_files.segment_files(broker.partition_dir(topic, partition)):
            codecs_on_disk |= {batch.codec for batch in segment_files.read_batches(segment)}
    assert codecs_on_disk == {codec}, (
        f"batches on disk use {codecs_on_disk}, producer asked for {codec} ({CODEC_PREREQUISITES[codec]})")
