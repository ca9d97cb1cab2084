"""Sends reactions through the gateway at a steady pace from a background thread, counting what was stored."""

from __future__ import annotations

import threading
import time
from collections import Counter

from gateway_api import Gateway, GatewayError


class SteadySender:
    """POSTs one /emojis batch every ``interval`` seconds, cycling through ``emojis``, until stopped.

    ``sent`` counts only reactions the gateway answered 200 for; any other answer is kept in ``failures``
    (a 503 may have stored part of its batch, so a test that needs exact counts must see none).
    """

    def __init__(
        self, gateway: Gateway, room: str, emojis: list[str], *, batch_size: int = 20, interval: float = 0.05,
        users: int = 200,
    ) -> None:
        self.gateway = gateway
        self.room = room
        self.emojis = emojis
        self.batch_size = batch_size
        self.interval = interval
        self.users = users
        self.sent: Counter[str] = Counter()
        self.failures: list[str] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"sender-{room}", daemon=True)

    def start(self) -> "SteadySender":
        self._thread.start()
        return self

    def stop(self) -> Counter[str]:
        self._stop.set()
        self._thread.join(timeout=60)
        return self.sent

    @property
    def total(self) -> int:
        return sum(self.sent.values())

    def _run(self) -> None:
        batch_number = 0
        next_at = time.monotonic()
        while not self._stop.is_set():
            batch = []
            for i in range(self.batch_size):
                n = batch_number * self.batch_size + i
                batch.append({
                    "emoji_type": self.emojis[n % len(self.emojis)], "room": self.room,
                    "user_id": f"crowd-{n % self.users}",
                })
            try:
                self.gateway.send_batch(batch)
                self.sent.update(item["emoji_type"] for item in batch)
            except (GatewayError, OSError) as error:
                self.failures.append(str(error))
            batch_number += 1
            next_at += self.interval
            self._stop.wait(max(0.0, next_at - time.monotonic()))
