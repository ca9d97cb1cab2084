"""Must show (e): crash safety.

1. SIGKILL the broker while a confluent-kafka producer sends with acks=all
   (three times in a row); restart on the same data directory: every acknowledged message is there at
   the offset its delivery report gave, offsets are contiguous from 0 in every
   partition, and new writes succeed.
2. Damage the tail of the active segment while the broker is down (garbage
   appended, a batch cut in half, a header cut short, a batch overwritten);
   on restart the earlier data is intact, the broker logs that it repaired the
   segment, and new writes land right after the surviving data.
"""

from __future__ import annotations

import random
import re
import threading
import time

import pytest

import kcat_tool
import segment_files
from clients import DeliveryLog, create_topics, produce_all, producer

REPAIR_WORDS = re.compile(r"repair|truncat|torn", re.IGNORECASE)


def _produce_forever(prod, topic: str, log: DeliveryLog, stop: threading.Event, tag: str) -> None:
    sequence = 0
    while not stop.is_set():
        try:
            prod.produce(topic, key=f"k{sequence % 11}".encode(), value=f"crash-{tag}-{sequence:08d}".encode(),
                         on_delivery=log)
            sequence += 1
        except BufferError:
            prod.poll(0.01)
            continue
        prod.poll(0)
        if sequence % 200 == 0:
            time.sleep(0.002)


def _wait_for(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(0.05)


def _produce_until_killed(broker, topic: str, log: DeliveryLog, round_number: int) -> None:
    """Produces (acks=all) on a background thread and SIGKILLs the broker after 3000 more acks."""
    prod = producer(broker.bootstrap, acks="all", linger_ms=2, message_timeout_ms=4000,
                    queue_buffering_max_messages=20000)
    stop = threading.Event()
    worker = threading.Thread(target=_produce_forever, args=(prod, topic, log, stop, f"r{round_number}"),
                              daemon=True)
    acked_before = log.counts()[0]
    worker.start()
    try:
        _wait_for(lambda: log.counts()[0] >= acked_before + 3000, 90, f"3000 more acks in round {round_number}")
        broker.kill()
    finally:
        stop.set()
        worker.join(timeout=10)
    prod.flush(20)


def _assert_acked_where_reported(acked: dict[bytes, tuple[int, int]], messages) -> None:
    found = {}
    for message in messages:
        found.setdefault(message.value.encode(), (message.partition, message.offset))
    lost = {value: place for value, place in acked.items() if value not in found}
    assert not lost, f"{len(lost)} of {len(acked)} acknowledged messages lost, e.g. {sorted(lost.items())[:5]}"
    moved = {value: (place, found[value]) for value, place in acked.items() if found[value] != place}
    assert not moved, f"{len(moved)} acknowledged messages at another offset than acked: {list(moved.items())[:5]}"


def test_sigkill_during_acks_all_produce_loses_no_acknowledged_message(broker):
    """(e) Three rounds of SIGKILL mid-produce → restart on the same data dir: all acked messages
    present at their acked offsets, offsets contiguous from 0, new writes succeed after the old data."""
    topic = "compat-crash"
    create_topics(broker.bootstrap, {topic: 3})
    log = DeliveryLog()
    for round_number in range(3):
        _produce_until_killed(broker, topic, log, round_number)
        broker.start()
        messages = kcat_tool.consume_all(broker.bootstrap, topic)
        acked = dict(log.acked)
        print(f"round {round_number}: acked so far {len(acked)}, failed so far {len(log.failed)},"
              f" on disk after restart {len(messages)}")
        kcat_tool.assert_contiguous_from_zero(messages)
        _assert_acked_where_reported(acked, messages)

    ends = {p: len(items) for p, items in kcat_tool.by_partition(messages).items()}
    after = DeliveryLog()
    new_items = [(f"k{i % 11}".encode(), f"after-{i:05d}".encode()) for i in range(300)]
    produce_all(producer(broker.bootstrap), topic, new_items, after)
    assert not after.failed, list(after.failed.items())[:3]
    for value, (partition, offset) in after.acked.items():
        assert offset >= ends.get(partition, 0), f"{value!r} written at {partition}/{offset} inside old data"
    final = kcat_tool.consume_all(broker.bootstrap, topic, expect=len(messages) + len(new_items))
    kcat_tool.assert_contiguous_from_zero(final)
    _assert_acked_where_reported({**log.acked, **after.acked}, final)


def _damage(segment, batches, how: str) -> int:
    """Damages the segment's tail; returns how many leading records must survive."""
    last = batches[-1]
    intact_records = last.base_offset
    if how == "garbage-appended":
        with open(segment, "ab") as file:
            file.write(random.Random(7).randbytes(333))
        return last.base_offset + last.records_count
    if how == "batch-cut-in-half":
        with open(segment, "r+b") as file:
            file.truncate(last.position + last.size // 2)
        return intact_records
    if how == "header-cut-short":
        with open(segment, "r+b") as file:
            file.truncate(last.position + 7)
        return intact_records
    if how == "batch-overwritten":
        with open(segment, "r+b") as file:
            file.seek(last.position + segment_files.BATCH_HEADER_BYTES)
            file.write(random.Random(8).randbytes(last.size - segment_files.BATCH_HEADER_BYTES))
        return intact_records
    raise ValueError(how)


@pytest.mark.parametrize("segment_bytes", [None, 8192], ids=["one-segment", "many-segments"])
@pytest.mark.parametrize("how", ["garbage-appended", "batch-cut-in-half", "header-cut-short", "batch-overwritten"])
def test_damaged_segment_tail_is_repaired_on_restart(broker_factory, how, segment_bytes):
    """(e) Tail damage while stopped → restart keeps every earlier batch, logs a repair, accepts writes.
    With --segment-bytes 8192 the data spans several segments and only the active one is damaged."""
    broker = broker_factory(*([] if segment_bytes is None else ["--segment-bytes", str(segment_bytes)]))
    topic = "compat-torn"
    create_topics(broker.bootstrap, {topic: 1})
    log = DeliveryLog()
    items = [(None, f"torn-{i:05d}".encode()) for i in range(1000)]
    produce_all(producer(broker.bootstrap, linger_ms=5, batch_num_messages=100), topic, items, log)
    assert not log.failed and len(log.acked) == 1000
    broker.kill()

    segment = segment_files.active_segment(broker.partition_dir(topic, 0))
    batches = segment_files.read_batches(segment)
    segments = segment_files.segment_files(broker.partition_dir(topic, 0))
    if segment_bytes is None:
        assert len(segments) == 1 and len(batches) >= 2, f"expected one segment of several batches: {segments}"
    else:
        assert len(segments) >= 2 and batches, f"expected several segments with --segment-bytes: {segments}"
    assert batches[-1].end == segment.stat().st_size, (
        f"{segment} is not a plain sequence of RecordBatch v2: parsed {batches[-1].end} of {segment.stat().st_size} bytes")
    survivors = _damage(segment, batches, how)

    broker.start()
    repair_lines = [line for line in broker.log_since_last_start().splitlines() if REPAIR_WORDS.search(line)]
    assert repair_lines, f"broker did not log a repair of {segment.name} after {how}"
    print(f"{how}: {survivors} records survive; broker said: {repair_lines[0].strip()}")

    messages = kcat_tool.consume_all(broker.bootstrap, topic, expect=survivors)
    assert [(m.offset, m.value) for m in messages] == [(i, f"torn-{i:05d}") for i in range(survivors)]

    after = DeliveryLog()
    produce_all(producer(broker.bootstrap), topic, [(None, f"after-{i}".encode()) for i in range(50)], after)
    assert not after.failed, list(after.failed.items())[:3]
    assert sorted(offset for _, offset in after.acked.values()) == list(range(survivors, survivors + 50))
    final = kcat_tool.consume_all(broker.bootstrap, topic, expect=survivors + 50)
    kcat_tool.assert_contiguous_from_zero(final)
