"""Must show (b): kcat produces 10,000 keyed messages from a file (`-P -l`) and
`kcat -C -e` reads exactly those back, in order within each partition."""

import kcat_tool

MESSAGES = 10_000
KEYS = 37


def test_kcat_produce_file_and_consume_in_order(broker, tmp_path):
    """(b) 10,000 keyed lines via `kcat -P -l -K:`; the topic is auto-created by Metadata.
    Read back with `kcat -C -e`: same multiset, each key in one partition, per-partition
    order = file order, offsets contiguous from 0."""
    topic = "compat-kcat-roundtrip"
    lines = [(f"key-{i % KEYS}", f"seq={i:06d};payload={'x' * (i % 50)}") for i in range(MESSAGES)]
    source = tmp_path / "messages.txt"
    source.write_text("".join(f"{key}:{value}\n" for key, value in lines))

    kcat_tool.produce_file(broker.bootstrap, topic, source)
    messages = kcat_tool.consume_all(broker.bootstrap, topic, expect=MESSAGES)

    assert sorted((m.key, m.value) for m in messages) == sorted(lines)
    kcat_tool.assert_contiguous_from_zero(messages)
    partition_of_key: dict[str, int] = {}
    for message in messages:
        assert partition_of_key.setdefault(message.key, message.partition) == message.partition, (
            f"key {message.key} found in partitions {partition_of_key[message.key]} and {message.partition}")
    for partition, items in kcat_tool.by_partition(messages).items():
        sequence = [int(m.value.split(";")[0].removeprefix("seq=")) for m in items]
        assert sequence == sorted(sequence), f"partition {partition} out of file order"

    topics = {t["topic"]: t for t in kcat_tool.metadata_json(broker.bootstrap, topic)["topics"]}
    assert len(topics[topic]["partitions"]) == 3, "auto-created topic should get --partitions (default 3)"


def test_kcat_consume_single_partition_from_offset(broker, tmp_path):
    """(b) `kcat -C -p 0 -o N -e`: ListOffsets + Fetch from the middle of a partition."""
    topic = "compat-kcat-offset"
    source = tmp_path / "messages.txt"
    source.write_text("".join(f"v{i}\n" for i in range(500)))
    kcat_tool.produce_file(broker.bootstrap, topic, source, key_delimiter=None, extra=["-p", "0"])
    out = kcat_tool._run(["-C", "-b", broker.bootstrap, "-t", topic, "-p", "0", "-o", "123", "-e", "-q",
                          "-f", "%o %s\\n"])
    assert out.splitlines() == [f"{i} v{i}" for i in range(123, 500)]
    tail = kcat_tool._run(["-C", "-b", broker.bootstrap, "-t", topic, "-p", "0", "-o", "-5", "-e", "-q",
                           "-f", "%o\\n"])
    assert tail.split() == [str(i) for i in range(495, 500)]
