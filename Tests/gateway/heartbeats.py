"""Plays live subscribers: heartbeats to `emostream_subscribers`, as emostream-subscriber sends them."""

from __future__ import annotations

import json
import threading
import time

from confluent_kafka import Producer

TOPIC = "emostream_subscribers"


class HeartbeatThread:
    """Sends one heartbeat per (cluster, subscriber) every `interval` seconds until stopped."""

    def __init__(self, bootstrap: str, subscribers: list[tuple[int, int]], interval: float = 0.5):
        self.producer = Producer({"bootstrap.servers": bootstrap, "linger.ms": 1, "enable.idempotence": False})
        self.subscribers = subscribers
        self.interval = interval
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._run, name="heartbeats", daemon=True)

    @staticmethod
    def port(cluster: int, subscriber: int) -> int:
        """The default topology's port: 6000 + 3·cluster + subscriber (nothing listens there in these tests)."""
        return 6000 + 3 * cluster + subscriber

    def _run(self) -> None:
        while not self.stopped.is_set():
            now_ms = int(time.time() * 1000)
            for cluster, subscriber in self.subscribers:
                heartbeat = {"cluster_id": cluster, "subscriber_id": subscriber, "host": "127.0.0.1",
                             "port": self.port(cluster, subscriber), "clients": 0, "ts": now_ms}
                self.producer.produce(TOPIC, key=f"{cluster}-{subscriber}".encode(), value=json.dumps(heartbeat).encode())
            self.producer.poll(0)
            self.stopped.wait(self.interval)

    def __enter__(self) -> HeartbeatThread:
        self.thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.stopped.set()
        self.thread.join(timeout=10)
        self.producer.flush(5)
