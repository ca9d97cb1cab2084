"""A paced stream of reactions into the gateway that records what became of every single request.

Requests are `POST /emojis` batches (default 10 reactions, 100 requests/s = 1,000 emoji/s), each on its own
connection, each reaction with a unique `user_id` so it can be found in the broker's log afterwards.
Every request ends as exactly one `Outcome`:

- `answered`: a complete HTTP response (its status kept);
- `refused`: the connection was refused, so the gateway never saw the request;
- `unanswered`: connected, then closed or reset before a single byte of answer;
- `cut`: part of a response arrived, then the connection ended;
- `hung`: no complete answer within `answer_timeout`.

The plain HTTP/1.1 client is written here (not urllib) because telling these apart is the point.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
from dataclasses import dataclass, field


@dataclass
class Outcome:
    index: int
    user_ids: list[str]
    sent_at: float
    finished_at: float = 0.0
    kind: str = "hung"
    status: int | None = None
    detail: str = ""


def _complete_response(data: bytes) -> tuple[bool, int | None]:
    """Whether `data` holds a whole HTTP/1.1 response, and its status once the head is there."""
    head_end = data.find(b"\r\n\r\n")
    if head_end < 0:
        return False, None
    lines = data[:head_end].decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
    body = data[head_end + 4:]
    if "content-length" in headers:
        return len(body) >= int(headers["content-length"]), status
    if headers.get("transfer-encoding", "").lower() == "chunked":
        return body.endswith(b"0\r\n\r\n"), status
    return False, status


class EmojiLoad:
    """Runs on its own thread with its own event loop between `start()` and `stop()`."""

    def __init__(self, host: str, port: int, room: str, tag: str, requests_per_second: int = 100,
                 batch_size: int = 10, answer_timeout: float = 30.0):
        self.host, self.port, self.room, self.tag = host, port, room, tag
        self.interval = 1.0 / requests_per_second
        self.batch_size = batch_size
        self.answer_timeout = answer_timeout
        self.outcomes: list[Outcome] = []
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=lambda: asyncio.run(self._run()), daemon=True)
        self.started_at = 0.0

    def start(self) -> EmojiLoad:
        self.started_at = time.monotonic()
        self._thread.start()
        return self

    def stop(self, drain_timeout: float = 40.0) -> list[Outcome]:
        """Stops sending and waits for every request in flight to end one way or another."""
        self._stopping.set()
        self._thread.join(timeout=drain_timeout)
        assert not self._thread.is_alive(), "the load generator did not finish its requests"
        return self.outcomes

    async def _run(self) -> None:
        tasks: set[asyncio.Task] = set()
        index = 0
        while not self._stopping.is_set():
            due = self.started_at + index * self.interval
            delay = due - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            task = asyncio.create_task(self._request(index))
            tasks.add(task)
            task.add_done_callback(tasks.discard)
            index += 1
        if tasks:
            await asyncio.wait(tasks)

    async def _request(self, index: int) -> None:
        user_ids = [f"{self.tag}-{index}-{n}" for n in range(self.batch_size)]
        outcome = Outcome(index, user_ids, sent_at=time.monotonic())
        self.outcomes.append(outcome)
        stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        body = json.dumps([{"emoji_type": "❤️", "timestamp": stamp, "user_id": uid, "room": self.room}
                           for uid in user_ids]).encode()
        head = (f"POST /emojis HTTP/1.1\r\nHost: {self.host}:{self.port}\r\nContent-Type: application/json\r\n"
                f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n").encode()
        try:
            await asyncio.wait_for(self._exchange(head + body, outcome), self.answer_timeout)
        except TimeoutError:
            outcome.kind, outcome.detail = "hung", f"no complete answer in {self.answer_timeout:.0f}s"
        outcome.finished_at = time.monotonic()

    async def _exchange(self, request: bytes, outcome: Outcome) -> None:
        try:
            reader, writer = await asyncio.open_connection(self.host, self.port)
        except OSError as error:
            # Refused (or reset while connecting): the gateway never accepted this connection.
            outcome.kind, outcome.detail = "refused", type(error).__name__
            return
        received = b""
        try:
            writer.write(request)
            await writer.drain()
            while True:
                chunk = await reader.read(65536)
                if not chunk:
                    break
                received += chunk
                complete, status = _complete_response(received)
                if complete:
                    outcome.kind, outcome.status = "answered", status
                    return
            outcome.detail = "closed"
        except OSError as error:
            outcome.detail = type(error).__name__
        finally:
            writer.close()
        outcome.kind = "cut" if received else "unanswered"
        if received:
            outcome.detail += f" after {len(received)} bytes: {received[:200]!r}"


@dataclass
class LoadReport:
    """What happened to the requests, relative to the moment a service was told to stop."""
    outcomes: list[Outcome]
    stop_signal_at: float
    started_at: float
    kinds: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for outcome in self.outcomes:
            key = f"{outcome.kind} {outcome.status}" if outcome.kind == "answered" else outcome.kind
            self.kinds[key] = self.kinds.get(key, 0) + 1

    def with_status(self, status: int) -> list[Outcome]:
        return [o for o in self.outcomes if o.kind == "answered" and o.status == status]

    def acknowledged_ids(self) -> set[str]:
        return {uid for o in self.with_status(200) for uid in o.user_ids}

    def in_flight_at_stop(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.sent_at < self.stop_signal_at < o.finished_at]

    def acked_rate_before_stop(self) -> float:
        acked = [o for o in self.with_status(200) if o.finished_at < self.stop_signal_at]
        seconds = self.stop_signal_at - self.started_at
        return sum(len(o.user_ids) for o in acked) / seconds if seconds > 0 else 0.0
