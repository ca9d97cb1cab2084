"""Viewers that record every window a subscriber sends them, in a background thread.

`EFPViewer` speaks EFP through the reference client (`Tests/compat/efp_reference_client.py`, written from
proto-docs/fanout.md alone); `WebSocketViewer` speaks the WebSocket variant with the `websockets` package.
Both record windows as the server sent them, duplicates included, so tests can check what a real client
would have seen; neither filters by seq.
"""

from __future__ import annotations

import json
import socket
import subprocess
import threading
import time
from contextlib import ExitStack
from dataclasses import dataclass, field

from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect as websocket_connect

from efp_reference_client import Error, Goodbye, Ping, Pong, Window, connect as efp_connect
from emostream_harness import stop_process
from gateway_api import Assignment


@dataclass(frozen=True)
class ReceivedWindow:
    room: str
    seq: int
    window_start: int
    window_end: int
    counts: dict[str, int]
    scaled: dict[str, int]
    total: int
    replayed: bool
    received_at: float = field(compare=False)

    @property
    def contents(self) -> tuple:
        """What must be identical whenever (room, seq) is seen again."""
        return (self.window_start, self.window_end, sorted(self.counts.items()), sorted(self.scaled.items()),
                self.total)


class RecordingViewer:
    """Collects windows from a reader thread; ``ended`` says why the connection is over, once it is."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.welcome: object | None = None
        self.ended: str | None = None
        self._windows: list[ReceivedWindow] = []
        self._condition = threading.Condition()
        self._thread: threading.Thread | None = None

    def _start(self) -> None:
        self._thread = threading.Thread(target=self._run, name=f"viewer-{self.name}", daemon=True)
        self._thread.start()

    def _record(self, window: ReceivedWindow) -> None:
        with self._condition:
            self._windows.append(window)
            self._condition.notify_all()

    def _finish(self, reason: str) -> None:
        with self._condition:
            self.ended = reason
            self._condition.notify_all()

    def windows(self, room: str | None = None) -> list[ReceivedWindow]:
        with self._condition:
            return [w for w in self._windows if room is None or w.room == room]

    def wait_for(self, predicate, timeout: float, what: str):
        """Waits until ``predicate(windows)`` is truthy and returns its value; fails with ``what`` otherwise."""
        deadline = time.monotonic() + timeout
        with self._condition:
            while True:
                value = predicate(list(self._windows))
                if value:
                    return value
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(
                        f"viewer {self.name}: {what} not seen within {timeout:.0f}s"
                        f" (got {[(w.room, w.seq, w.total) for w in self._windows]}, ended: {self.ended})"
                    )
                self._condition.wait(min(remaining, 0.5))

    def wait_until_ended(self, timeout: float) -> str:
        deadline = time.monotonic() + timeout
        with self._condition:
            while self.ended is None:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(f"viewer {self.name}: connection still open after {timeout:.0f}s")
                self._condition.wait(remaining)
            return self.ended

    def _run(self) -> None:
        raise NotImplementedError


class EFPViewer(RecordingViewer):
    """An EFP session through the reference client; answers PINGs so the subscriber keeps it."""

    def __init__(self, assignment: Assignment, rooms, name: str | None = None) -> None:
        super().__init__(name or assignment.client_id)
        self.client = efp_connect(
            assignment.host, assignment.port, assignment.client_id, assignment.token, rooms, timeout=30,
        )
        self.welcome = self.client.welcome
        self._closing = False
        self._start()

    def _run(self) -> None:
        try:
            while True:
                frame = self.client.receive()
                if isinstance(frame, Window):
                    self._record(ReceivedWindow(
                        frame.room, frame.seq, frame.window_start, frame.window_end, frame.counts, frame.scaled,
                        frame.total, frame.replayed, time.time(),
                    ))
                elif isinstance(frame, Ping):
                    self.client.send(Pong(frame.nonce))
                elif isinstance(frame, (Error, Goodbye)):
                    self._finish(f"{type(frame).__name__} {frame.code}: {frame.reason}")
                    return
        except (OSError, ConnectionError) as error:
            self._finish("closed by this side" if self._closing else f"connection lost: {error!r}")
        except Exception as error:  # a decoding error is a finding: keep it for the assertion message
            self._finish(f"reader failed: {error!r}")

    def close(self) -> None:
        self._closing = True
        try:
            self.client.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.client.close()


class WebSocketViewer(RecordingViewer):
    """The WebSocket variant (JSON text messages) on the subscriber's `ws_url`."""

    def __init__(self, assignment: Assignment, rooms: list[str], name: str | None = None) -> None:
        super().__init__(name or assignment.client_id)
        url = assignment.ws_url
        self._stack = ExitStack()
        self.connection = self._stack.enter_context(websocket_connect(url, open_timeout=30, max_size=2**20))
        try:
            self.connection.send(json.dumps({
                "type": "hello", "client_id": assignment.client_id, "token": assignment.token,
                "rooms": [{"room": room, "last_seq": -1} for room in rooms],
            }))
            welcome = json.loads(self.connection.recv(timeout=30))
            if welcome.get("type") != "welcome":
                raise AssertionError(f"expected a welcome, got {welcome}")
        except BaseException:
            self._stack.close()
            raise
        self.welcome = welcome
        self._start()

    def _run(self) -> None:
        try:
            for message in self.connection:
                payload = json.loads(message)
                if payload.get("type") == "window":
                    self._record(ReceivedWindow(
                        payload["room"], payload["seq"], payload["window_start"], payload["window_end"],
                        payload["counts"], payload["scaled"], payload["total"], payload["replayed"], time.time(),
                    ))
                elif payload.get("type") in ("error", "goodbye"):
                    self._finish(f"{payload['type']} {payload.get('code')}: {payload.get('reason')}")
                    return
            self._finish("closed")
        except ConnectionClosed as closed:
            self._finish(f"connection closed: {closed!r}")
        except Exception as error:
            self._finish(f"reader failed: {error!r}")

    def close(self) -> None:
        self._stack.close()


class WatchCommandViewer(RecordingViewer):
    """`emostream watch --json`: the CLI client, which registers, connects and re-registers by itself.

    Its stdout is one JSON window per line; its stderr (what it tells the user) goes to ``log_path``.
    """

    def __init__(self, executable: str, gateway_url: str, client_id: str, rooms: list[str], log_path) -> None:
        super().__init__(client_id)
        self.log_path = log_path
        command = [executable, "watch", "--client-id", client_id, "--json", "--gateway", gateway_url]
        for room in rooms:
            command += ["--room", room]
        self._log = open(log_path, "wb")
        self.process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=self._log, stdin=subprocess.DEVNULL, text=True,
        )
        self._start()

    def _run(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            payload = json.loads(line)
            self._record(ReceivedWindow(
                payload["room"], payload["seq"], payload["window_start"], payload["window_end"], payload["counts"],
                payload["scaled"], payload["total"], payload.get("replayed", False), time.time(),
            ))
        self._finish(f"watch exited with {self.process.wait()}")

    def stderr_text(self) -> str:
        self._log.flush()
        return self.log_path.read_text(errors="replace")

    def close(self) -> None:
        stop_process(self.process, timeout=10)
        self._log.close()
