"""Beyond today's "Must show": consumer groups and idempotent producers with
real clients. Each test runs once the broker advertises the APIs it needs in
ApiVersions and is skipped (saying which API is missing) before that, so the
suite follows the broker as group coordination and InitProducerId land.
"""

from __future__ import annotations

import subprocess
import time

import pytest
from confluent_kafka import Consumer, KafkaError
from kafka import KafkaConsumer, KafkaProducer

import kafka_wire
import kcat_tool
from clients import DeliveryLog, create_topics, produce_all, producer

GROUP_APIS = {10: "FindCoordinator", 11: "JoinGroup", 12: "Heartbeat", 13: "LeaveGroup", 14: "SyncGroup",
              8: "OffsetCommit", 9: "OffsetFetch"}
IDEMPOTENCE_APIS = {22: "InitProducerId"}


def require_apis(broker, needed: dict[int, str]) -> None:
    advertised = kafka_wire.api_versions(broker.bootstrap)
    missing = [name for key, name in needed.items() if key not in advertised]
    if missing:
        pytest.skip(f"broker does not advertise {', '.join(missing)} yet")


def _fill(broker, topic: str, count: int, prefix: str) -> list[bytes]:
    values = [f"{prefix}-{i:05d}".encode() for i in range(count)]
    log = DeliveryLog()
    produce_all(producer(broker.bootstrap), topic, [(f"k{i % 13}".encode(), v) for i, v in enumerate(values)], log)
    assert not log.failed, list(log.failed.items())[:3]
    return values


def _confluent_group_consumer(broker, group: str) -> Consumer:
    return Consumer({"bootstrap.servers": broker.bootstrap, "group.id": group, "auto.offset.reset": "earliest",
                     "enable.auto.commit": False, "session.timeout.ms": 6000, "heartbeat.interval.ms": 500})


def _drain(consumer: Consumer, expect: int, timeout: float = 60) -> list:
    received = []
    deadline = time.monotonic() + timeout
    while len(received) < expect and time.monotonic() < deadline:
        message = consumer.poll(0.5)
        if message is None:
            continue
        if message.error():
            if message.error().code() == KafkaError._PARTITION_EOF:
                continue
            raise AssertionError(f"consumer error: {message.error()}")
        received.append(message)
    return received


def test_confluent_group_consumer_commits_and_resumes(broker):
    """Group: subscribe() reads everything, commits; a new member of the group resumes after the commit."""
    require_apis(broker, GROUP_APIS)
    topic = "compat-group-resume"
    create_topics(broker.bootstrap, {topic: 3})
    first = _fill(broker, topic, 3000, "first")

    consumer = _confluent_group_consumer(broker, "compat-resume")
    consumer.subscribe([topic])
    try:
        received = _drain(consumer, len(first))
        assert sorted(m.value() for m in received) == sorted(first)
        consumer.commit(asynchronous=False)
    finally:
        consumer.close()

    second = _fill(broker, topic, 500, "second")
    consumer = _confluent_group_consumer(broker, "compat-resume")
    consumer.subscribe([topic])
    try:
        received = _drain(consumer, len(second))
        extra = _drain(consumer, 1, timeout=3)
    finally:
        consumer.close()
    assert sorted(m.value() for m in received) == sorted(second), "resumed consumer did not start at the commit"
    assert not extra, f"resumed consumer read {len(extra)} more messages than were produced after the commit"


def test_two_group_members_split_the_partitions(broker):
    """Group: two members of one group get disjoint assignments covering every partition."""
    require_apis(broker, GROUP_APIS)
    topic = "compat-group-split"
    create_topics(broker.bootstrap, {topic: 4})
    values = _fill(broker, topic, 2000, "split")
    members = [_confluent_group_consumer(broker, "compat-split") for _ in range(2)]
    try:
        for member in members:
            member.subscribe([topic])
        # Without commits, a partition that moves in the rebalance is read again from the
        # start by its new owner, so count distinct values, not messages.
        received: set[bytes] = set()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            for member in members:
                for message in member.consume(num_messages=500, timeout=0.1):
                    if not message.error():
                        received.add(message.value())
            assignments = [{tp.partition for tp in member.assignment()} for member in members]
            if all(assignments) and len(received) == len(values):
                break
        assignments = [{tp.partition for tp in member.assignment()} for member in members]
    finally:
        for member in members:
            member.close()
    assert assignments[0] and assignments[1], f"a member got no partitions: {assignments}"
    assert not assignments[0] & assignments[1], f"overlapping assignments {assignments}"
    assert assignments[0] | assignments[1] == {0, 1, 2, 3}, assignments
    assert received == set(values)


def test_kcat_balanced_consumer_reads_topic(broker):
    """Group: `kcat -G group topic -e` (librdkafka 2.0.2 balanced consumer) reads every message."""
    require_apis(broker, GROUP_APIS)
    topic = "compat-group-kcat"
    create_topics(broker.bootstrap, {topic: 2})
    values = _fill(broker, topic, 1000, "kcatg")
    done = subprocess.run(["kcat", "-b", broker.bootstrap, "-G", "compat-kcat-group", topic, "-e", "-q",
                           "-X", "auto.offset.reset=earliest", "-f", "%s\\n"],
                          capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr.decode(errors="replace")[-2000:]
    assert sorted(done.stdout.split()) == sorted(values)


def test_kafka_python_group_consumer(broker):
    """Group: kafka-python KafkaConsumer with group_id (subscribe, commit) reads every message."""
    require_apis(broker, GROUP_APIS)
    topic = "compat-group-kafka-python"
    create_topics(broker.bootstrap, {topic: 3})
    values = _fill(broker, topic, 1500, "kpg")
    consumer = KafkaConsumer(topic, bootstrap_servers=broker.bootstrap, group_id="compat-kafka-python",
                             auto_offset_reset="earliest", enable_auto_commit=False)
    received = []
    try:
        deadline = time.monotonic() + 60
        while len(received) < len(values) and time.monotonic() < deadline:
            for records in consumer.poll(timeout_ms=500).values():
                received += [r.value for r in records]
        consumer.commit()
    finally:
        consumer.close()
    assert sorted(received) == sorted(values)


def test_confluent_idempotent_producer(broker):
    """Idempotence: enable.idempotence=true (InitProducerId, sequences) delivers 20,000 messages once each."""
    require_apis(broker, IDEMPOTENCE_APIS)
    topic = "compat-idempotent"
    create_topics(broker.bootstrap, {topic: 3})
    items = [(f"k{i % 31}".encode(), f"idem-{i:05d}".encode()) for i in range(20_000)]
    log = DeliveryLog()
    produce_all(producer(broker.bootstrap, enable_idempotence=True), topic, items, log)
    assert not log.failed, list(log.failed.items())[:3]
    messages = kcat_tool.consume_all(broker.bootstrap, topic, expect=len(items))
    assert sorted(m.value.encode() for m in messages) == sorted(v for _, v in items)


def test_kafka_python_default_producer_is_idempotent(broker):
    """Idempotence: kafka-python 3's default producer (idempotence on) works and writes each message once."""
    require_apis(broker, IDEMPOTENCE_APIS)
    topic = "compat-kafka-python-idempotent"
    create_topics(broker.bootstrap, {topic: 2})
    kp = KafkaProducer(bootstrap_servers=broker.bootstrap)
    try:
        futures = [kp.send(topic, value=f"kpi-{i:05d}".encode()) for i in range(2000)]
        kp.flush(timeout=60)
        for future in futures:
            future.get(timeout=30)
    finally:
        kp.close(timeout=10)
    messages = kcat_tool.consume_all(broker.bootstrap, topic, expect=2000)
    assert sorted(m.value for m in messages) == sorted(f"kpi-{i:05d}" for i in range(2000))
