"""confluent-kafka (librdkafka 2.x from its wheel) helpers: topic creation and
producers with the settings production uses (idempotent, acks=all, as the
gateway's producer)."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from confluent_kafka import KafkaError, Producer
from confluent_kafka.admin import AdminClient, NewTopic


def create_topics(bootstrap: str, partitions_by_topic: dict[str, int],
                  configs: dict[str, dict[str, str]] | None = None, timeout: float = 30) -> None:
    admin = AdminClient({"bootstrap.servers": bootstrap})
    futures = admin.create_topics(
        [NewTopic(name, count, replication_factor=1, config=(configs or {}).get(name, {}))
         for name, count in partitions_by_topic.items()],
        operation_timeout=timeout, request_timeout=timeout,
    )
    for name, future in futures.items():
        try:
            future.result(timeout=timeout)
        except Exception as error:  # noqa: BLE001 - report which topic and why
            raise AssertionError(f"CreateTopics {name}: {error}") from None


def producer(bootstrap: str, **settings: object) -> Producer:
    conf: dict[str, object] = {
        "bootstrap.servers": bootstrap,
        "enable.idempotence": True,
        "acks": "all",
        "linger.ms": 5,
    }
    conf.update({key.replace("_", "."): value for key, value in settings.items()})
    return Producer(conf)


@dataclass
class DeliveryLog:
    """Delivery reports collected from a producer's callbacks (thread-safe)."""
    acked: dict[bytes, tuple[int, int]] = field(default_factory=dict)   # value -> (partition, offset)
    failed: dict[bytes, str] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def __call__(self, error: KafkaError | None, message) -> None:
        with self.lock:
            if error is None:
                self.acked[message.value()] = (message.partition(), message.offset())
            else:
                self.failed[message.value()] = str(error)

    def counts(self) -> tuple[int, int]:
        with self.lock:
            return len(self.acked), len(self.failed)


def produce_all(prod: Producer, topic: str, items: list[tuple[bytes | None, bytes]],
                log: DeliveryLog, flush_timeout: float = 120) -> None:
    """Produces every (key, value), retrying on a full local queue, then flushes."""
    for key, value in items:
        while True:
            try:
                prod.produce(topic, value=value, key=key, on_delivery=log)
                break
            except BufferError:
                prod.poll(0.05)
        prod.poll(0)
    remaining = prod.flush(flush_timeout)
    if remaining:
        raise AssertionError(f"{remaining} messages still undelivered after {flush_timeout}s flush")
