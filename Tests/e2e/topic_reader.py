"""Reads a whole topic back from the broker with a real Kafka client (confluent-kafka)."""

from __future__ import annotations

import json
import time
import uuid

from confluent_kafka import OFFSET_BEGINNING, Consumer, KafkaError, TopicPartition


def read_topic(bootstrap: str, topic: str, timeout: float = 30.0) -> list[tuple[bytes | None, bytes | None]]:
    """Every (key, value) of ``topic`` from the beginning to the end of each partition as of now."""
    consumer = Consumer({
        "bootstrap.servers": bootstrap, "group.id": f"e2e-reader-{uuid.uuid4().hex}",
        "enable.auto.commit": False, "enable.partition.eof": True,
    })
    try:
        partitions = consumer.list_topics(topic, timeout=timeout).topics[topic].partitions
        consumer.assign([TopicPartition(topic, partition, OFFSET_BEGINNING) for partition in partitions])
        records: list[tuple[bytes | None, bytes | None]] = []
        at_end: set[int] = set()
        deadline = time.monotonic() + timeout
        while len(at_end) < len(partitions):
            if time.monotonic() > deadline:
                raise AssertionError(f"{topic}: only partitions {sorted(at_end)} of {len(partitions)} read to the end")
            message = consumer.poll(0.5)
            if message is None:
                continue
            if message.error():
                if message.error().code() == KafkaError._PARTITION_EOF:
                    at_end.add(message.partition())
                    continue
                raise AssertionError(f"{topic}: {message.error()}")
            records.append((message.key(), message.value()))
        return records
    finally:
        consumer.close()


def window_records(bootstrap: str, room: str) -> list[dict]:
    """The aggregator's output records (`processed_emojis`) of one room, in log order."""
    windows = [json.loads(value) for key, value in read_topic(bootstrap, "processed_emojis") if value is not None]
    return [window for window in windows if window.get("room") == room]
