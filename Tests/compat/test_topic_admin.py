"""Topic administration with confluent-kafka's AdminClient: DeleteTopics
(the topic leaves Metadata and the disk, and can be created again from
scratch) and DescribeConfigs (topic configs, and the broker's defaults under
Kafka's broker-level names)."""

from __future__ import annotations

import time

from confluent_kafka.admin import AdminClient, ConfigResource, NewTopic

import kcat_tool
from clients import DeliveryLog, create_topics, produce_all, producer


def _admin(broker) -> AdminClient:
    return AdminClient({"bootstrap.servers": broker.bootstrap})


def _wait_until_gone(admin: AdminClient, topic: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while topic in admin.list_topics(timeout=10).topics:
        assert time.monotonic() < deadline, f"{topic} still listed {timeout}s after its deletion"
        time.sleep(0.2)


def test_admin_client_deletes_a_topic_and_it_can_be_created_again_empty(broker):
    """AdminClient.delete_topics: the topic leaves Metadata (AdminClient and kcat -L) and its partition directories
    leave the disk, another topic is untouched, deleting it again is an error, and a topic created again under the
    name (with another partition count) holds only what is written to it afterwards."""
    topic, bystander = "compat-doomed", "compat-bystander"
    create_topics(broker.bootstrap, {topic: 3, bystander: 1})
    for name, count in ((topic, 900), (bystander, 100)):
        log = DeliveryLog()
        produce_all(producer(broker.bootstrap), name, [(None, f"{name}-{i}".encode()) for i in range(count)], log)
        assert not log.failed and len(log.acked) == count
    assert all(broker.partition_dir(topic, p).is_dir() for p in range(3))

    admin = _admin(broker)
    for name, future in admin.delete_topics([topic], operation_timeout=30, request_timeout=30).items():
        assert future.result(timeout=30) is None, name
    _wait_until_gone(admin, topic)
    assert topic not in {t["topic"] for t in kcat_tool.metadata_json(broker.bootstrap)["topics"]}
    assert not any(broker.partition_dir(topic, p).exists() for p in range(3)), "partition directories left behind"
    assert len(kcat_tool.consume_all(broker.bootstrap, bystander)) == 100

    again = admin.delete_topics([topic], operation_timeout=10, request_timeout=10)[topic]
    try:
        again.result(timeout=30)
        raise AssertionError("deleting a deleted topic succeeded")
    except Exception as error:  # noqa: BLE001 - the client wraps the broker's error code
        assert "UNKNOWN_TOPIC" in str(error).upper() or "UNKNOWN TOPIC" in str(error).upper(), error

    created = admin.create_topics([NewTopic(topic, 2, replication_factor=1)], operation_timeout=30, request_timeout=30)
    created[topic].result(timeout=30)
    log = DeliveryLog()
    produce_all(producer(broker.bootstrap), topic, [(None, f"reborn-{i}".encode()) for i in range(50)], log)
    assert not log.failed
    messages = kcat_tool.consume_all(broker.bootstrap, topic, expect=50)
    assert sorted(m.value for m in messages) == sorted(f"reborn-{i}" for i in range(50))
    kcat_tool.assert_contiguous_from_zero(messages)
    assert {m.partition for m in messages} <= {0, 1}


def test_admin_client_describes_broker_defaults_under_kafka_names(broker_factory):
    """AdminClient.describe_configs on the broker resource shows the topic defaults under Kafka's broker names
    (`log.roll.ms` for segment.ms, `log.cleaner.delete.retention.ms` for delete.retention.ms, …) with the values
    from the broker's flags; a topic describes its own overrides."""
    broker = broker_factory("--segment-ms", "3600000", "--segment-bytes", "1048576", "--retention-bytes", "123456789")
    create_topics(broker.bootstrap, {"compat-described": 1}, configs={"compat-described": {"cleanup.policy": "compact"}})
    admin = _admin(broker)
    resources = [ConfigResource(ConfigResource.Type.BROKER, "0"), ConfigResource(ConfigResource.Type.TOPIC, "compat-described")]
    described = {resource.name: future.result(timeout=30)
                 for resource, future in admin.describe_configs(resources, request_timeout=30).items()}
    broker_configs = {name: entry.value for name, entry in described["0"].items()}
    assert broker_configs["log.roll.ms"] == "3600000"
    assert broker_configs["log.segment.bytes"] == "1048576"
    assert broker_configs["log.retention.bytes"] == "123456789"
    assert broker_configs["log.cleanup.policy"] == "delete"
    assert "log.cleaner.delete.retention.ms" in broker_configs
    assert "log.cleaner.min.cleanable.ratio" in broker_configs
    assert "message.max.bytes" in broker_configs
    invented = {"log.segment.ms", "log.delete.retention.ms", "log.max.message.bytes"} & set(broker_configs)
    assert not invented, f"names Kafka does not have: {invented}"

    topic_configs = {name: entry.value for name, entry in described["compat-described"].items()}
    assert topic_configs["cleanup.policy"] == "compact"
    assert topic_configs["segment.ms"] == "3600000"
