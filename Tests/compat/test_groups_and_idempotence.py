"""Must show (issue 3): consumer groups and idempotent producers, with real
clients against the real broker process.

- kafka-python 3 with default settings (an idempotent producer) writes 50,000
  messages; a kafka-python group consumer reads exactly those.
- confluent-kafka: a group consumer reads 100,000 messages, commits and stops;
  a new consumer in the group resumes at the commit, re-reading and skipping
  nothing. `kcat -G` consumes as a balanced consumer and resumes from its own
  commits.
- Two consumers of one group split 6 partitions; when one leaves, and
  separately when one is SIGKILLed without leaving, the other ends up owning
  all 6 (after the session timeout for the killed one) and nothing is lost.
- An idempotent producer whose broker is SIGKILLed and restarted mid-stream on
  the same port ends with every message in the log exactly once.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

from confluent_kafka import Consumer, KafkaError
from kafka import KafkaConsumer, KafkaProducer

import kcat_tool
import segment_files
from clients import DeliveryLog, create_topics, produce_all, producer

GROUP_MEMBER_SCRIPT = Path(__file__).resolve().parent / "group_member.py"
SESSION_TIMEOUT_MS = 6000


def _fill(broker, topic: str, count: int, prefix: str) -> list[bytes]:
    values = [f"{prefix}-{i:06d}".encode() for i in range(count)]
    log = DeliveryLog()
    produce_all(producer(broker.bootstrap), topic, [(f"k{i % 13}".encode(), v) for i, v in enumerate(values)], log)
    assert not log.failed, list(log.failed.items())[:3]
    assert len(log.acked) == count
    return values


def _group_consumer(broker, group: str, **settings: object) -> Consumer:
    conf: dict[str, object] = {
        "bootstrap.servers": broker.bootstrap, "group.id": group, "auto.offset.reset": "earliest",
        "enable.auto.commit": False, "session.timeout.ms": SESSION_TIMEOUT_MS, "heartbeat.interval.ms": 500,
    }
    conf.update(settings)
    return Consumer(conf)


def _drain(consumer: Consumer, expect: int, timeout: float = 90) -> list:
    """Consumes until `expect` messages arrived or `timeout` passed (a hang guard)."""
    received = []
    deadline = time.monotonic() + timeout
    while len(received) < expect and time.monotonic() < deadline:
        for message in consumer.consume(num_messages=min(5000, expect - len(received)), timeout=0.5):
            if message.error():
                if message.error().code() == KafkaError._PARTITION_EOF:
                    continue
                raise AssertionError(f"consumer error: {message.error()}")
            received.append(message)
    return received


def _commit_on_revoke(member: Consumer, partitions) -> None:
    """Commits what was consumed before partitions move, so their next owner starts right after it."""
    try:
        member.commit(asynchronous=False)
    except Exception:  # noqa: BLE001 - nothing consumed since the last commit: nothing to do
        pass


def _consume_and_commit(member: Consumer, into: list[bytes]) -> None:
    """One round of a careful member: consume a batch, then commit it synchronously."""
    consumed = False
    for message in member.consume(num_messages=1000, timeout=0.1):
        if message.error():
            if message.error().code() != KafkaError._PARTITION_EOF:
                raise AssertionError(f"consumer error: {message.error()}")
            continue
        into.append(message.value())
        consumed = True
    if consumed:
        member.commit(asynchronous=False)


def _partitions(member: Consumer) -> set[int]:
    return {tp.partition for tp in member.assignment()}


# -- kafka-python ---------------------------------------------------------------


def test_kafka_python_default_producer_writes_50000_and_a_group_consumer_reads_exactly_those(broker):
    """kafka-python 3 KafkaProducer with default settings (idempotent, acks=all) writes 50,000 messages, each
    batch carrying a producer id; a KafkaConsumer in a group reads each of them exactly once."""
    topic = "compat-kafka-python-50k"
    create_topics(broker.bootstrap, {topic: 3})
    values = [f"kp-{i:06d}".encode() for i in range(50_000)]
    kp = KafkaProducer(bootstrap_servers=broker.bootstrap)
    try:
        assert kp.config["enable_idempotence"], "kafka-python's default producer is expected to be idempotent"
        futures = [kp.send(topic, value=value) for value in values]
        kp.flush(timeout=120)
        placed = {(m.partition, m.offset) for m in (future.get(timeout=30) for future in futures)}
    finally:
        kp.close(timeout=10)
    assert len(placed) == len(values), "two messages were acknowledged at the same offset"
    for partition in range(3):
        for segment in segment_files.segment_files(broker.partition_dir(topic, partition)):
            anonymous = [b for b in segment_files.read_batches(segment) if b.producer_id < 0]
            assert not anonymous, f"{segment}: batches without a producer id, so not idempotent: {anonymous[:3]}"

    consumer = KafkaConsumer(topic, bootstrap_servers=broker.bootstrap, group_id="compat-kafka-python-50k",
                             auto_offset_reset="earliest", enable_auto_commit=False)
    received: list[bytes] = []
    try:
        deadline = time.monotonic() + 120
        while len(received) < len(values) and time.monotonic() < deadline:
            for records in consumer.poll(timeout_ms=500, max_records=5000).values():
                received += [r.value for r in records]
        # Anything beyond the 50,000 would be a message read twice.
        for records in consumer.poll(timeout_ms=1500).values():
            received += [r.value for r in records]
        consumer.commit()
    finally:
        consumer.close()
    duplicates = [value for value, count in Counter(received).items() if count > 1]
    assert not duplicates, f"{len(duplicates)} messages read more than once, e.g. {duplicates[:3]}"
    assert len(received) == len(values), f"read {len(received)} of {len(values)}"
    assert sorted(received) == values


# -- confluent-kafka and kcat groups ---------------------------------------------


def test_confluent_group_consumer_reads_100000_commits_and_a_new_member_resumes_exactly(broker):
    """A confluent-kafka group consumer reads 100,000 messages, commits, closes; the group's committed offsets are
    the log ends; a new consumer of the group reads exactly the 2,000 written afterwards — nothing again, nothing skipped."""
    topic = "compat-group-resume"
    group = "compat-resume"
    create_topics(broker.bootstrap, {topic: 3})
    first = _fill(broker, topic, 100_000, "first")

    consumer = _group_consumer(broker, group)
    consumer.subscribe([topic])
    try:
        received = _drain(consumer, len(first), timeout=180)
        consumer.commit(asynchronous=False)
        committed = consumer.committed(list(consumer.assignment()), timeout=10)
        ends = {tp.partition: consumer.get_watermark_offsets(tp, timeout=10)[1] for tp in committed}
    finally:
        consumer.close()
    assert len(received) == len(first), f"first consumer read {len(received)} of {len(first)}"
    assert sorted(m.value() for m in received) == first
    assert {tp.partition: tp.offset for tp in committed} == ends, "committed offsets are not the log ends"

    second = _fill(broker, topic, 2_000, "second")
    consumer = _group_consumer(broker, group)
    consumer.subscribe([topic])
    try:
        resumed = _drain(consumer, len(second))
        extra = _drain(consumer, 1, timeout=3)
    finally:
        consumer.close()
    assert sorted(m.value() for m in resumed) == second, "the new member did not start exactly at the commit"
    assert not extra, f"the new member read {len(extra)} messages beyond those written after the commit"


def test_kcat_balanced_consumer_reads_everything_and_resumes_from_its_commits(broker):
    """`kcat -G group topic -e` (librdkafka 2.0.2 balanced consumer) reads every message and commits on exit;
    a second run of the same group reads exactly the messages written in between."""
    topic = "compat-group-kcat"
    create_topics(broker.bootstrap, {topic: 2})

    def kcat_group_run() -> list[bytes]:
        done = subprocess.run(["kcat", "-b", broker.bootstrap, "-G", "compat-kcat-group", topic, "-e", "-q",
                               "-X", "auto.offset.reset=earliest", "-f", "%s\\n"],
                              capture_output=True, timeout=120)
        assert done.returncode == 0, done.stderr.decode(errors="replace")[-2000:]
        return done.stdout.split()

    before = _fill(broker, topic, 1000, "kcatg-before")
    assert sorted(kcat_group_run()) == before
    after = _fill(broker, topic, 300, "kcatg-after")
    assert sorted(kcat_group_run()) == after, "the second kcat -G run did not resume at the group's commits"


# -- two members, six partitions -----------------------------------------------------


def _wait_for_split(members: dict[str, object], consume, timeout: float = 60) -> dict[str, set[int]]:
    """Keeps the members consuming until each owns partitions and together they own all 6, disjointly."""
    deadline = time.monotonic() + timeout
    while True:
        consume()
        owned = {name: partitions() for name, partitions in members.items()}
        covered = set().union(*owned.values())
        if all(owned.values()) and covered == set(range(6)) and sum(map(len, owned.values())) == 6:
            return owned
        assert time.monotonic() < deadline, f"no split of the 6 partitions within {timeout}s: {owned}"


def test_two_members_split_six_partitions_and_the_survivor_takes_all_when_one_leaves(broker):
    """Two members of one group split 6 partitions (disjoint, covering all) and both read. One closes
    (LeaveGroup): the other owns all 6 and reads on; across both, every message is read exactly once."""
    topic = "compat-group-leave"
    create_topics(broker.bootstrap, {topic: 6})
    first, second = (_group_consumer(broker, "compat-leave") for _ in range(2))
    read_by: dict[str, list[bytes]] = {"first": [], "second": []}
    closed: list[Consumer] = []
    try:
        first.subscribe([topic], on_revoke=_commit_on_revoke)
        second.subscribe([topic], on_revoke=_commit_on_revoke)

        def consume_both() -> None:
            _consume_and_commit(first, read_by["first"])
            _consume_and_commit(second, read_by["second"])

        split = _wait_for_split({"first": lambda: _partitions(first), "second": lambda: _partitions(second)},
                                consume_both)
        before = _fill(broker, topic, 6000, "leave-before")
        deadline = time.monotonic() + 60
        while len(read_by["first"]) + len(read_by["second"]) < len(before) and time.monotonic() < deadline:
            consume_both()
        assert read_by["first"] and read_by["second"], f"a member read nothing: split {split}"

        second.close()
        closed.append(second)
        after = _fill(broker, topic, 6000, "leave-after")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            _consume_and_commit(first, read_by["first"])
            if _partitions(first) == set(range(6)) and \
                    len(read_by["first"]) + len(read_by["second"]) >= len(before) + len(after):
                break
        assert _partitions(first) == set(range(6)), f"the survivor owns {_partitions(first)} after the other left"
    finally:
        for member in (first, second):
            if member not in closed:
                member.close()
    print(f"split {split}; before the leave: first read {len(read_by['first']) - len(after)}"
          f" (then {len(after)} more), second read {len(read_by['second'])}")
    everything = read_by["first"] + read_by["second"]
    twice = [value for value, count in Counter(everything).items() if count > 1]
    assert not twice, f"{len(twice)} messages read twice across the handover, e.g. {twice[:3]}"
    assert sorted(everything) == sorted(before + after)


class _KilledMember:
    """`group_member.py` in its own process, its stdout collected on a thread."""

    def __init__(self, broker, group: str, topic: str):
        self.process = subprocess.Popen(
            [sys.executable, str(GROUP_MEMBER_SCRIPT), broker.bootstrap, group, topic],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        self.values: list[bytes] = []
        self.assignment: set[int] = set()
        self.errors: list[str] = []
        self._lock = threading.Lock()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            kind, _, rest = line.rstrip("\n").partition(" ")
            with self._lock:
                if kind == "MESSAGE":
                    self.values.append(rest.encode())
                elif kind == "ASSIGNED":
                    self.assignment = {int(p) for p in rest.split(",") if p}
                else:
                    self.errors.append(line)

    def snapshot(self) -> tuple[list[bytes], set[int]]:
        with self._lock:
            return list(self.values), set(self.assignment)

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=10)
        self._reader.join(timeout=10)

    def stderr_tail(self) -> str:
        return (self.process.stderr.read() if self.process.stderr else "")[-2000:]


def test_a_member_killed_without_leaving_loses_its_partitions_to_the_survivor_after_the_session_timeout(broker):
    """Two members split 6 partitions and both read; then one (in its own process) is SIGKILLed, sending no
    LeaveGroup. Once its 6 s session expires the other owns all 6 partitions and reads everything the dead one
    had not committed plus everything written later: nothing is lost."""
    topic = "compat-group-kill"
    group = "compat-kill"
    create_topics(broker.bootstrap, {topic: 6})
    survivor = _group_consumer(broker, group)
    victim = _KilledMember(broker, group, topic)
    read_by_survivor: list[bytes] = []
    taken_over_at = None
    try:
        survivor.subscribe([topic], on_revoke=_commit_on_revoke)
        split = _wait_for_split({"survivor": lambda: _partitions(survivor), "victim": lambda: victim.snapshot()[1]},
                                lambda: _consume_and_commit(survivor, read_by_survivor))
        before = _fill(broker, topic, 6000, "kill-before")
        deadline = time.monotonic() + 60
        while len(read_by_survivor) + len(victim.snapshot()[0]) < len(before) and time.monotonic() < deadline:
            _consume_and_commit(survivor, read_by_survivor)
        assert victim.snapshot()[0], f"the victim read nothing before the kill: split {split}, it said {victim.errors[:3]}"

        victim.kill()
        killed_at = time.monotonic()
        victim_values, _ = victim.snapshot()
        after = _fill(broker, topic, 6000, "kill-after")
        deadline = killed_at + SESSION_TIMEOUT_MS / 1000 + 60
        while time.monotonic() < deadline:
            _consume_and_commit(survivor, read_by_survivor)
            if taken_over_at is None and _partitions(survivor) == set(range(6)):
                taken_over_at = time.monotonic()
            if taken_over_at and set(before + after) <= set(read_by_survivor) | set(victim_values):
                break
        assert _partitions(survivor) == set(range(6)), f"the survivor owns {_partitions(survivor)} after the kill"
    finally:
        victim.kill()
        survivor.close()
    if taken_over_at is not None:
        print(f"split {split}; the victim read {len(victim_values)} before it was killed; the survivor owned all 6"
              f" partitions {taken_over_at - killed_at:.1f}s after the kill (session timeout {SESSION_TIMEOUT_MS / 1000:.0f}s)")
    lost = set(before + after) - set(read_by_survivor) - set(victim_values)
    assert not lost, f"{len(lost)} messages read by nobody, e.g. {sorted(lost)[:3]}"
    twice = [value for value, count in Counter(read_by_survivor).items() if count > 1]
    assert not twice, f"the survivor read {len(twice)} messages twice, e.g. {twice[:3]}"


# -- idempotence across a broker crash ---------------------------------------------------


def test_idempotent_producer_across_a_broker_sigkill_and_restart_writes_every_message_once(broker):
    """An idempotent confluent-kafka producer sends 30,000 messages; after 8,000 acks the broker is SIGKILLed and
    restarted on the same port and data directory. The producer retries what was in flight; the log ends with every
    message exactly once, offsets contiguous, each at the offset its delivery report gave."""
    topic = "compat-idempotent-restart"
    create_topics(broker.bootstrap, {topic: 3})
    total = 30_000
    log = DeliveryLog()
    prod = producer(broker.bootstrap, linger_ms=5, message_timeout_ms=120_000, queue_buffering_max_messages=total)

    def produce_steadily() -> None:
        for i in range(total):
            while True:
                try:
                    prod.produce(topic, key=f"k{i % 17}".encode(), value=f"idem-{i:06d}".encode(), on_delivery=log)
                    break
                except BufferError:
                    prod.poll(0.01)
            prod.poll(0)
            if i % 500 == 499:
                time.sleep(0.05)  # spread the stream so the crash lands in its middle

    worker = threading.Thread(target=produce_steadily, daemon=True)
    worker.start()
    try:
        deadline = time.monotonic() + 90
        while log.counts()[0] < 8000 and time.monotonic() < deadline:
            time.sleep(0.02)
        acked_at_kill = log.counts()[0]
        broker.kill()
        broker.start()
        assert 8000 <= acked_at_kill < total, f"the crash did not land mid-stream ({acked_at_kill} of {total} acked)"
    finally:
        worker.join(timeout=120)
    remaining = prod.flush(120)
    assert remaining == 0, f"{remaining} messages still undelivered after the restart"
    assert not log.failed, f"{len(log.failed)} deliveries failed, e.g. {list(log.failed.items())[:3]}"
    assert len(log.acked) == total

    messages = kcat_tool.consume_all(broker.bootstrap, topic)
    counts = Counter(m.value for m in messages)
    twice = [value for value, count in counts.items() if count > 1]
    assert not twice, f"{len(twice)} messages written more than once, e.g. {twice[:3]}"
    assert set(counts) == {f"idem-{i:06d}" for i in range(total)}
    kcat_tool.assert_contiguous_from_zero(messages)
    moved = [(m.value, m.partition, m.offset) for m in messages
             if log.acked[m.value.encode()] != (m.partition, m.offset)]
    assert not moved, f"{len(moved)} messages at another offset than acknowledged, e.g. {moved[:3]}"
