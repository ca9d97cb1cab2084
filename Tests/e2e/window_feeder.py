"""Produces aggregator-shaped window records to `processed_emojis` at a steady pace, as the aggregator would:
one window per room per ``window_ms``, seq = window_start / window_ms, so the fan-out tree can be tested without
waiting for real aggregation."""

from __future__ import annotations

import json
import threading
import time

from confluent_kafka import Producer


class WindowFeeder:
    def __init__(self, bootstrap: str, rooms: list[str], window_ms: int = 250) -> None:
        self.rooms = rooms
        self.window_ms = window_ms
        self.producer = Producer({"bootstrap.servers": bootstrap, "linger.ms": 0, "acks": "all"})
        self.produced: list[int] = []  # seqs, in order, each produced for every room
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="window-feeder", daemon=True)

    def start(self) -> "WindowFeeder":
        self._thread.start()
        return self

    def stop(self) -> list[int]:
        self._stop.set()
        self._thread.join(timeout=30)
        self.producer.flush(10)
        return self.seqs()

    def seqs(self) -> list[int]:
        with self._lock:
            return list(self.produced)

    @staticmethod
    def record(room: str, seq: int, window_ms: int) -> bytes:
        start = seq * window_ms
        counts = {"❤️": 1000 + seq % 1000, "😂": 1 + seq % 7}
        return json.dumps({
            "seq": seq, "room": room, "window_start": start, "window_end": start + window_ms,
            "counts": counts, "scaled": {emoji: -(-n // 1000) for emoji, n in counts.items()},
            "total": sum(counts.values()),
        }).encode()

    def _run(self) -> None:
        while not self._stop.is_set():
            # The window that just ended, produced right after its end, as the aggregator closes it.
            seq = int(time.time() * 1000) // self.window_ms - 1
            if not self.produced or seq > self.produced[-1]:
                for room in self.rooms:
                    self.producer.produce("processed_emojis", key=room.encode(), value=self.record(room, seq, self.window_ms))
                self.producer.flush(10)
                with self._lock:
                    self.produced.append(seq)
            self._stop.wait(self.window_ms / 1000 - (time.time() * 1000 % self.window_ms) / 1000 + 0.005)
