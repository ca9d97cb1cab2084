"""A well-behaved producer and consumer that keep working while a test abuses
the broker with bad input on other connections.

The producer is confluent-kafka (acks=all, one message every few ms); the
consumer is a long-running `kcat -C` without -e. At the end every acknowledged
message must have reached the consumer, at its acknowledged offset: the bad
input must not have disturbed anybody else.
"""

from __future__ import annotations

import subprocess
import threading
import time
from pathlib import Path

from clients import DeliveryLog, producer


class SteadyTraffic:
    def __init__(self, bootstrap: str, topic: str, stderr_path: Path):
        self.bootstrap = bootstrap
        self.topic = topic
        self.log = DeliveryLog()
        self.consumed: dict[str, tuple[int, int]] = {}   # value -> (partition, offset)
        self._consumed_lock = threading.Lock()
        self._stop = threading.Event()
        self._producer = producer(bootstrap, linger_ms=1, message_timeout_ms=20000)
        self._producer_thread = threading.Thread(target=self._produce, daemon=True)
        self._stderr_path = stderr_path
        self._stderr_file = open(stderr_path, "w")
        self._consumer = subprocess.Popen(
            ["kcat", "-C", "-b", bootstrap, "-t", topic, "-o", "beginning", "-u", "-q",
             "-f", "%p %o %s\\n"],
            stdout=subprocess.PIPE, stderr=self._stderr_file, text=True,
        )
        self._consumer_thread = threading.Thread(target=self._consume, daemon=True)
        self.sent = 0

    def start(self) -> SteadyTraffic:
        self._producer_thread.start()
        self._consumer_thread.start()
        return self

    def _produce(self) -> None:
        while not self._stop.is_set():
            self._producer.produce(self.topic, value=f"steady-{self.sent:06d}".encode(), on_delivery=self.log)
            self.sent += 1
            self._producer.poll(0.005)

    def _consume(self) -> None:
        assert self._consumer.stdout is not None
        for line in self._consumer.stdout:
            partition, offset, value = line.rstrip("\n").split(" ", 2)
            with self._consumed_lock:
                self.consumed[value] = (int(partition), int(offset))

    def acked_count(self) -> int:
        return self.log.counts()[0]

    def stop(self, catch_up_timeout: float = 30) -> None:
        """Stops producing, flushes, waits for the consumer to see every acked message, stops kcat."""
        self._stop.set()
        self._producer_thread.join(timeout=10)
        self._producer.flush(30)
        deadline = time.monotonic() + catch_up_timeout
        while time.monotonic() < deadline:
            with self._consumed_lock:
                if all(value.decode() in self.consumed for value in self.log.acked):
                    break
            time.sleep(0.1)
        self._consumer.terminate()
        try:
            self._consumer.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self._consumer.kill()
            self._consumer.wait()
        self._consumer_thread.join(timeout=5)
        self._stderr_file.close()

    def problems(self) -> list[str]:
        """Everything that went wrong for the well-behaved clients (empty when all is well)."""
        found = []
        if self.log.failed:
            found.append(f"{len(self.log.failed)} deliveries failed, e.g. {list(self.log.failed.items())[:3]}")
        missing = [v for v in self.log.acked if v.decode() not in self.consumed]
        if missing:
            found.append(f"{len(missing)} acked messages never reached kcat -C, e.g. {missing[:3]}")
        misplaced = [(v, place, self.consumed[v.decode()]) for v, place in self.log.acked.items()
                     if v.decode() in self.consumed and self.consumed[v.decode()] != place]
        if misplaced:
            found.append(f"{len(misplaced)} messages consumed at another offset than acked: {misplaced[:3]}")
        if self._consumer.returncode not in (0, -15, None):
            stderr = self._stderr_path.read_text(errors="replace")
            found.append(f"kcat -C exited {self._consumer.returncode}: {stderr[-2000:]}")
        return found
