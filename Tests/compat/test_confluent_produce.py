"""Must show (c): confluent-kafka produces 100,000 messages with acks=all to a
3-partition topic made with AdminClient.CreateTopics; every delivery report is
OK and kcat reads them all back."""

import kcat_tool
from clients import DeliveryLog, create_topics, produce_all, producer

MESSAGES = 100_000


def test_confluent_produces_100k_acks_all_and_kcat_reads_them(broker):
    """(c) Delivery reports: 100,000 OK, none failed. kcat: same count, same set of
    (key, value), and each message at exactly the partition/offset its report gave."""
    topic = "compat-confluent-100k"
    create_topics(broker.bootstrap, {topic: 3})
    items = [(f"user-{i % 1000}".encode(), f"reaction-{i:07d}".encode()) for i in range(MESSAGES)]
    log = DeliveryLog()

    produce_all(producer(broker.bootstrap, acks="all", linger_ms=5, batch_size=1_000_000), topic, items, log)

    assert not log.failed, f"{len(log.failed)} failed deliveries, e.g. {list(log.failed.items())[:3]}"
    assert len(log.acked) == MESSAGES
    assert {partition for partition, _ in log.acked.values()} == {0, 1, 2}

    messages = kcat_tool.consume_all(broker.bootstrap, topic, expect=MESSAGES)
    assert {(m.key.encode(), m.value.encode()) for m in messages} == set(items)
    kcat_tool.assert_contiguous_from_zero(messages)
    mismatched = [(m.value, log.acked[m.value.encode()], (m.partition, m.offset))
                  for m in messages if log.acked[m.value.encode()] != (m.partition, m.offset)]
    assert not mismatched, f"{len(mismatched)} messages not where their delivery report said: {mismatched[:5]}"


def test_create_topics_reports_existing_topic(broker):
    """(c) CreateTopics on a name that exists answers TOPIC_ALREADY_EXISTS (36), not success."""
    create_topics(broker.bootstrap, {"compat-exists": 2})
    try:
        create_topics(broker.bootstrap, {"compat-exists": 2})
    except AssertionError as error:
        assert "TOPIC_ALREADY_EXISTS" in str(error) or "already exists" in str(error).lower(), str(error)
    else:
        raise AssertionError("second CreateTopics of the same name succeeded")


def test_create_topics_with_compact_cleanup_policy(broker):
    """(c) CreateTopics with cleanup.policy=compact is accepted; the topic takes keyed writes
    and null values (tombstones) and serves them back."""
    topic = "compat-compacted"
    create_topics(broker.bootstrap, {topic: 1}, configs={topic: {"cleanup.policy": "compact"}})
    prod = producer(broker.bootstrap)
    log = DeliveryLog()
    produce_all(prod, topic, [(b"client-1", b"assigned-1"), (b"client-2", b"assigned-2")], log)
    prod.produce(topic, key=b"client-1", value=None)
    assert prod.flush(30) == 0
    assert not log.failed
    messages = kcat_tool.consume_all(broker.bootstrap, topic, expect=3)
    assert [(m.key, m.value) for m in messages] == [("client-1", "assigned-1"), ("client-2", "assigned-2"),
                                                    ("client-1", "")]
