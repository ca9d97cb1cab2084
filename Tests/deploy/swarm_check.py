"""The end-to-end check every deployment test ends with: a viewer watches a fresh room through
`emostream watch --json`, `emostream send` sends a known number of each emoji into it through the gateway,
and the windows the viewer receives must add up to exactly what was sent.

`prefix` runs the CLI somewhere else (e.g. `ip netns exec <client namespace>`), so the same check proves a
topology of separate hosts.
"""

from __future__ import annotations

import json
import math
import queue
import signal
import subprocess
import threading
import time
import uuid
from dataclasses import dataclass, field

from emostream_harness import binary

WINDOW_TIMEOUT_S = 45.0
CONNECT_TIMEOUT_S = 60.0


@dataclass
class SwarmResult:
    client_id: str
    room: str
    windows: list[dict] = field(default_factory=list)
    totals: dict[str, int] = field(default_factory=dict)
    watch_log: str = ""
    seconds: float = 0.0


class _Watcher:
    """`emostream watch --json` with its stdout (windows) and stderr (log) read on threads."""

    def __init__(self, argv: list[str]):
        self.process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                                        text=True, encoding="utf-8")
        self.windows: queue.Queue[dict | str] = queue.Queue()
        self.log_lines: list[str] = []
        self.connected = threading.Event()
        threading.Thread(target=self._read_windows, daemon=True).start()
        threading.Thread(target=self._read_log, daemon=True).start()

    def _read_windows(self) -> None:
        for line in self.process.stdout:
            try:
                self.windows.put(json.loads(line))
            except ValueError:
                # --json promises nothing but JSON objects on stdout; keep the offending line to report it.
                self.windows.put(line)

    def _read_log(self) -> None:
        for line in self.process.stderr:
            self.log_lines.append(line.rstrip("\n"))
            if "connected to subscriber" in line:
                self.connected.set()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def _send(prefix: list[str], gateway: str, emoji: str, count: int, room: str, users: int) -> None:
    argv = [*prefix, binary("emostream"), "send", emoji, "--count", str(count), "--room", room,
            "--user-id", f"swarm-{room}", "--users", str(users), "--gateway", gateway]
    sent = subprocess.run(argv, capture_output=True, text=True, timeout=120)
    assert sent.returncode == 0, f"emostream send failed ({sent.returncode}):\n{sent.stdout}\n{sent.stderr}"
    assert f"ok {count}, failed 0" in sent.stdout, sent.stdout


def check_window(window: dict, room: str, scale: int) -> None:
    assert window["room"] == room, window
    assert window["total"] == sum(window["counts"].values()), window
    assert window["scaled"] == {emoji: math.ceil(n / scale) for emoji, n in window["counts"].items()}, window
    assert window["window_start"] < window["window_end"], window


def run_swarm(gateway: str, sends: dict[str, int], prefix: list[str] | None = None, scale: int = 1000) -> SwarmResult:
    """Watches a new room, sends `sends` ({emoji: count}) into it, and returns the windows once they add up.

    Fails when a window is malformed, when seq does not increase, or when the counts do not add up to exactly
    what was sent within WINDOW_TIMEOUT_S (more than sent fails too, after a short wait for stragglers).
    """
    prefix = prefix or []
    began = time.monotonic()
    tag = uuid.uuid4().hex[:10]
    result = SwarmResult(client_id=f"viewer-{tag}", room=f"swarm-{tag}")
    watcher = _Watcher([*prefix, binary("emostream"), "watch", "--client-id", result.client_id, "--room", result.room,
                        "--json", "--gateway", gateway])
    try:
        if not watcher.connected.wait(CONNECT_TIMEOUT_S):
            raise AssertionError(f"emostream watch did not connect within {CONNECT_TIMEOUT_S:.0f}s (exit "
                                 f"{watcher.process.poll()}):\n" + "\n".join(watcher.log_lines))
        for emoji, count in sends.items():
            # Ten reactions per user keeps every user well inside the gateway's per-user burst.
            _send(prefix, gateway, emoji, count, result.room, users=max(1, count // 10))
        deadline = time.monotonic() + WINDOW_TIMEOUT_S
        last_seq = -1
        while result.totals != sends:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or any(result.totals.get(e, 0) > n for e, n in sends.items()):
                break
            try:
                window = watcher.windows.get(timeout=min(remaining, 1.0))
            except queue.Empty:
                continue
            assert isinstance(window, dict), f"non-JSON line on watch --json stdout: {window!r}"
            check_window(window, result.room, scale)
            assert window["seq"] > last_seq, f"seq went from {last_seq} to {window['seq']}"
            last_seq = window["seq"]
            result.windows.append(window)
            for emoji, n in window["counts"].items():
                result.totals[emoji] = result.totals.get(emoji, 0) + n
        # A duplicated window would arrive right after the last one: give it a moment to show up.
        time.sleep(1.0)
        while not watcher.windows.empty():
            window = watcher.windows.get()
            result.windows.append(window)
            if isinstance(window, dict):
                for emoji, n in window["counts"].items():
                    result.totals[emoji] = result.totals.get(emoji, 0) + n
        assert result.totals == sends, (
            f"windows add up to {result.totals}, sent {sends}; windows: {result.windows}\nwatch log:\n"
            + "\n".join(watcher.log_lines))
    finally:
        watcher.stop()
        result.watch_log = "\n".join(watcher.log_lines)
        result.seconds = time.monotonic() - began
    return result
