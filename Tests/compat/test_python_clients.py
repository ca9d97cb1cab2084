"""Must show (g): other real clients. kafka-python 3 (default settings, so an
idempotent producer; no group) and aiokafka (idempotent producer, no group)
produce and consume through the broker; kcat confirms what they wrote."""

from __future__ import annotations

import asyncio
import time

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.structs import TopicPartition as AioTopicPartition
from kafka import KafkaConsumer, KafkaProducer, TopicPartition

import kcat_tool
from clients import create_topics

MESSAGES = 2_000


def _kafka_python_consume(bootstrap: str, topic: str, partitions: int, expect: int) -> list[tuple[int, int, bytes, bytes]]:
    consumer = KafkaConsumer(bootstrap_servers=bootstrap, group_id=None, enable_auto_commit=False,
                             auto_offset_reset="earliest", request_timeout_ms=20000)
    try:
        consumer.assign([TopicPartition(topic, p) for p in range(partitions)])
        consumer.seek_to_beginning()
        received: list[tuple[int, int, bytes, bytes]] = []
        deadline = time.monotonic() + 60
        while len(received) < expect and time.monotonic() < deadline:
            for tp, records in consumer.poll(timeout_ms=500).items():
                received += [(tp.partition, r.offset, r.key, r.value) for r in records]
        return received
    finally:
        consumer.close()


@pytest.mark.parametrize("codec", [None, "gzip", "snappy", "lz4", "zstd"])
def test_kafka_python_round_trip(broker, codec):
    """(g) kafka-python KafkaProducer (acks=all, idempotent as by default, compression_type=codec)
    → kafka-python KafkaConsumer (assign, no group_id) and kcat both read every message."""
    topic = f"compat-kafka-python-{codec or 'none'}"
    create_topics(broker.bootstrap, {topic: 3})
    producer = KafkaProducer(bootstrap_servers=broker.bootstrap, acks="all", enable_idempotence=True,
                             compression_type=codec, linger_ms=5)
    try:
        futures = [producer.send(topic, key=f"k{i % 23}".encode(), value=f"kp-{i:05d}".encode())
                   for i in range(MESSAGES)]
        producer.flush(timeout=60)
        acked = {f.get(timeout=30).offset for f in futures}
        positions = {(f.get().partition, f.get().offset) for f in futures}
    finally:
        producer.close(timeout=10)
    assert len(positions) == MESSAGES and acked

    received = _kafka_python_consume(broker.bootstrap, topic, 3, MESSAGES)
    assert len(received) == MESSAGES, f"kafka-python consumer got {len(received)} of {MESSAGES}"
    assert {(p, o) for p, o, _, _ in received} == positions
    assert sorted(v for _, _, _, v in received) == sorted(f"kp-{i:05d}".encode() for i in range(MESSAGES))

    via_kcat = kcat_tool.consume_all(broker.bootstrap, topic, expect=MESSAGES)
    kcat_tool.assert_contiguous_from_zero(via_kcat)


def test_kafka_python_reads_what_kcat_wrote(broker, tmp_path):
    """(g) Cross-client: kcat writes, kafka-python reads the same values in the same order."""
    topic = "compat-kcat-to-kafka-python"
    source = tmp_path / "lines.txt"
    source.write_text("".join(f"line-{i}\n" for i in range(700)))
    kcat_tool.produce_file(broker.bootstrap, topic, source, key_delimiter=None, extra=["-p", "0"])
    received = _kafka_python_consume(broker.bootstrap, topic, 1, 700)
    assert [(o, v) for _, o, _, v in received] == [(i, f"line-{i}".encode()) for i in range(700)]


async def _aiokafka_round_trip(bootstrap: str, topic: str, codec: str | None) -> tuple[set, list]:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", enable_idempotence=True,
                                compression_type=codec, linger_ms=5)
    await producer.start()
    try:
        sends = [await producer.send(topic, key=f"k{i % 7}".encode(), value=f"aio-{i:05d}".encode())
                 for i in range(MESSAGES)]
        metadata = await asyncio.gather(*sends)
    finally:
        await producer.stop()
    positions = {(m.partition, m.offset) for m in metadata}

    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, group_id=None, enable_auto_commit=False,
                                auto_offset_reset="earliest")
    await consumer.start()
    received = []
    try:
        consumer.assign([AioTopicPartition(topic, p) for p in range(3)])
        await consumer.seek_to_beginning()
        deadline = time.monotonic() + 60
        while len(received) < MESSAGES and time.monotonic() < deadline:
            batches = await consumer.getmany(timeout_ms=500)
            for tp, records in batches.items():
                received += [(tp.partition, r.offset, r.value) for r in records]
    finally:
        await consumer.stop()
    return positions, received


@pytest.mark.parametrize("codec", [None, "gzip", "lz4", "zstd"])
def test_aiokafka_round_trip(broker, codec):
    """(g) aiokafka producer (acks=all, idempotent) → aiokafka consumer (assign, no group)."""
    topic = f"compat-aiokafka-{codec or 'none'}"
    create_topics(broker.bootstrap, {topic: 3})
    positions, received = asyncio.run(asyncio.wait_for(_aiokafka_round_trip(broker.bootstrap, topic, codec), 120))
    assert len(positions) == MESSAGES
    assert len(received) == MESSAGES, f"aiokafka consumer got {len(received)} of {MESSAGES}"
    assert {(p, o) for p, o, _ in received} == positions
    assert sorted(v for _, _, v in received) == sorted(f"aio-{i:05d}".encode() for i in range(MESSAGES))
