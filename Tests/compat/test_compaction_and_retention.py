"""Must show (issue 3): compaction and retention, seen by real clients.

- Compaction: 10,000 writes over 100 keys plus tombstones for 10 of them, on a
  `cleanup.policy=compact` topic, leave exactly 90 keys, each with its latest
  value at the offset its write was acknowledged at; offsets only increase.
- Retention: with a small `retention.bytes` old segments are deleted, the log
  start advances, and consumers asking for an offset below it (confluent-kafka
  and kafka-python, `auto.offset.reset=earliest`) are reset to the log start
  and read on instead of being stuck.

The broker runs with its background intervals shortened
(`--cleaner-backoff-ms`, `--retention-check-interval-ms`) so both happen
within seconds.
"""

from __future__ import annotations

import threading
import time

from confluent_kafka import Consumer, TopicPartition
from kafka import KafkaConsumer
from kafka import TopicPartition as KafkaPythonTopicPartition

import segment_files
from clients import DeliveryLog, create_topics, produce_all, producer
from emostream_harness import Record, read_topic

KEYS = 100
WRITES = 10_000
TOMBSTONED = 10


class _KeyedDeliveries:
    """Delivery reports by (key, value), since tombstone values are all None."""

    def __init__(self) -> None:
        self.acked: dict[tuple[bytes, bytes | None], tuple[int, int]] = {}
        self.failed: list[str] = []
        self._lock = threading.Lock()

    def __call__(self, error, message) -> None:
        with self._lock:
            if error is None:
                self.acked[(message.key(), message.value())] = (message.partition(), message.offset())
            else:
                self.failed.append(f"{message.key()!r}: {error}")


def _compaction_problems(records: list[Record], expected: dict[bytes, bytes], tombstoned: set[bytes],
                         deliveries: _KeyedDeliveries, leftovers_allowed: int) -> list[str]:
    """What keeps `records` from reading as exactly the expected compacted log (empty when it does)."""
    problems = []
    final: dict[bytes, Record] = {}
    for record in sorted((r for r in records if r.key != b"marker"), key=lambda r: (r.partition, r.offset)):
        final[record.key] = record
    live = {key: record for key, record in final.items() if record.value is not None}
    resurrected = sorted(set(live) & tombstoned)
    if resurrected:
        problems.append(f"{len(resurrected)} deleted keys read as live, e.g. {[live[k] for k in resurrected[:3]]}")
    missing = sorted(set(expected) - set(live))
    if missing:
        problems.append(f"{len(missing)} live keys missing, e.g. {missing[:3]}")
    wrong = [(live[key], value, deliveries.acked[(key, value)]) for key, value in expected.items()
             if key in live and (live[key].value, (live[key].partition, live[key].offset)) != (value, deliveries.acked[(key, value)])]
    if wrong:
        problems.append(f"{len(wrong)} keys without their latest value at its acknowledged offset, e.g. {wrong[:3]}")
    leftovers = len(records) - len(expected) - sum(1 for r in records if r.key == b"marker")
    if leftovers > leftovers_allowed:
        problems.append(f"{leftovers} superseded records or tombstones left, at most {leftovers_allowed} expected")
    return problems


def test_compaction_keeps_exactly_the_latest_value_of_each_live_key(broker_factory):
    """10,000 writes over 100 keys + tombstones for 10 keys on a compacted topic (small segments, tombstones kept
    0 ms) by an idempotent producer, then a marker per partition to close the segment holding the tombstones: the
    background cleaner leaves a log that reads as exactly 90 keys, each with its latest value at its acknowledged
    offset, no deleted key, offsets rising. Superseded records may remain only where the broker keeps them for the
    producer's state (the last record of each of its last 5 batches per partition, as storage.md says)."""
    broker = broker_factory("--cleaner-backoff-ms", "200")
    topic = "compat-compacted"
    partitions = 2
    create_topics(broker.bootstrap, {topic: partitions}, configs={topic: {
        "cleanup.policy": "compact", "segment.bytes": "65536", "segment.ms": "1000",
        "min.cleanable.dirty.ratio": "0.01", "delete.retention.ms": "0",
    }})
    deliveries = _KeyedDeliveries()
    prod = producer(broker.bootstrap, linger_ms=5, batch_size=16384)
    writes = [(f"key-{i % KEYS:03d}".encode(), f"value-{i:05d}".encode()) for i in range(WRITES)]
    tombstones = [(f"key-{k:03d}".encode(), None) for k in range(TOMBSTONED)]
    for key, value in writes + tombstones:
        while True:
            try:
                prod.produce(topic, key=key, value=value, on_delivery=deliveries)
                break
            except BufferError:
                prod.poll(0.05)
        prod.poll(0)
    assert prod.flush(60) == 0 and not deliveries.failed, deliveries.failed[:3]

    # The newest segment is never compacted; once it is older than segment.ms, one more write rolls it.
    time.sleep(1.2)
    for partition in range(partitions):
        prod.produce(topic, key=b"marker", value=f"marker-{partition}".encode(), partition=partition,
                     on_delivery=deliveries)
    assert prod.flush(30) == 0 and not deliveries.failed, deliveries.failed[:3]

    tombstoned = {key for key, _ in tombstones}
    expected = {key: value for key, value in writes if key not in tombstoned}   # the last write of a key wins
    assert len(expected) == KEYS - TOMBSTONED
    deadline = time.monotonic() + 60
    while True:
        records = read_topic(broker.bootstrap, topic, timeout=60)
        problems = _compaction_problems(records, expected, tombstoned, deliveries, leftovers_allowed=5 * partitions)
        if not problems or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert not problems, f"after compaction ({len(records)} records read): " + "; ".join(problems)
    print(f"compacted {WRITES + TOMBSTONED} writes to {len(records)} records (90 keys, {partitions} markers,"
          f" {len(records) - len(expected) - partitions} kept for the producer's state)")
    for partition in range(partitions):
        offsets = [r.offset for r in records if r.partition == partition]
        assert offsets == sorted(set(offsets)), f"partition {partition}: offsets not increasing: {offsets[:20]}"
        marker = [r for r in records if r.partition == partition and r.key == b"marker"]
        assert [(r.partition, r.offset) for r in marker] == [deliveries.acked[(b"marker", f"marker-{partition}".encode())]]
    assert "compacted" in broker.log_text(), "the broker never logged a compaction"


def test_retention_deletes_old_segments_and_consumers_below_the_log_start_are_reset(broker_factory):
    """retention.bytes=16384 with 4 KiB segments: 3,000 messages leave only the newest segments, the log start
    advances to the first kept segment, and confluent-kafka and kafka-python consumers asking for offset 0 are
    reset to the log start (auto.offset.reset=earliest) and read everything from there."""
    broker = broker_factory("--retention-check-interval-ms", "200")
    topic = "compat-retention"
    create_topics(broker.bootstrap, {topic: 1}, configs={topic: {
        "retention.bytes": "16384", "segment.bytes": "4096",
    }})
    values = [f"retained-{i:05d}-".encode() + b"x" * 60 for i in range(3000)]
    log = DeliveryLog()
    produce_all(producer(broker.bootstrap, linger_ms=5, batch_size=2048), topic, [(None, v) for v in values], log)
    assert not log.failed and len(log.acked) == len(values), list(log.failed.items())[:3]

    probe = Consumer({"bootstrap.servers": broker.bootstrap, "group.id": "compat-retention-probe"})
    try:
        deadline = time.monotonic() + 30
        while True:
            low, high = probe.get_watermark_offsets(TopicPartition(topic, 0), timeout=10, cached=False)
            segments = segment_files.segment_files(broker.partition_dir(topic, 0))
            sizes = [s.stat().st_size for s in segments]
            # Settled: the oldest segment is the log start, and the log without it would be under the limit.
            settled = low > 0 and int(segments[0].stem) == low and sum(sizes) - sizes[0] < 16384
            if settled or time.monotonic() > deadline:
                break
            time.sleep(0.2)
    finally:
        probe.close()
    assert high == len(values)
    assert low > 0, "retention never advanced the log start"
    assert int(segments[0].stem) == low, f"log start {low} is not the first kept segment {segments[0].name}"
    kept_bytes = sum(sizes)
    assert kept_bytes - sizes[0] < 16384, f"{len(segments)} segments of {kept_bytes} bytes kept: retention stopped early"
    print(f"retention kept {len(segments)} segments ({kept_bytes} bytes); log start {low} of {high}")
    newest = values[low:]

    consumer = Consumer({"bootstrap.servers": broker.bootstrap, "group.id": "compat-retention-reader",
                         "enable.auto.commit": False, "auto.offset.reset": "earliest"})
    received = []
    try:
        consumer.assign([TopicPartition(topic, 0, 0)])
        deadline = time.monotonic() + 30
        while len(received) < len(newest) and time.monotonic() < deadline:
            for message in consumer.consume(num_messages=500, timeout=0.5):
                assert not message.error(), f"confluent consumer: {message.error()}"
                received.append((message.offset(), message.value()))
    finally:
        consumer.close()
    assert received[:1] == [(low, values[low])], f"confluent consumer did not restart at the log start {low}"
    assert [v for _, v in received] == newest

    kp = KafkaConsumer(bootstrap_servers=broker.bootstrap, group_id=None, enable_auto_commit=False,
                       auto_offset_reset="earliest")
    kp_received = []
    try:
        partition = KafkaPythonTopicPartition(topic, 0)
        kp.assign([partition])
        kp.seek(partition, 0)
        deadline = time.monotonic() + 30
        while len(kp_received) < len(newest) and time.monotonic() < deadline:
            for records in kp.poll(timeout_ms=500).values():
                kp_received += [(r.offset, r.value) for r in records]
    finally:
        kp.close()
    assert kp_received[:1] == [(low, values[low])], f"kafka-python consumer did not restart at the log start {low}"
    assert [v for _, v in kp_received] == newest
