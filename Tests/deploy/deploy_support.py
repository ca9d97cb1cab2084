"""Shared pieces of the deployment tests: where the binaries are, free ports, service processes with their
logs, the process tree under /proc, small HTTP helpers and reading a topic back with a real Kafka client.

Every process started here writes stdout and stderr to its own log file, so a failing test can show what
each service said; every one is stopped (SIGTERM, then SIGKILL) by whoever started it, whatever happened.
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT_S = float(os.environ.get("EMOSTREAM_DEPLOY_START_TIMEOUT", "60"))
STOP_TIMEOUT_S = 15.0


def bin_dir() -> Path:
    """EMOSTREAM_BIN_DIR, else .build/debug; the suite fails (never skips) when the binaries are missing."""
    configured = Path(os.environ.get("EMOSTREAM_BIN_DIR", ".build/debug"))
    directory = configured if configured.is_absolute() else REPO_ROOT / configured
    if not os.access(directory / "emostream", os.X_OK):
        pytest.fail(f"no emostream binaries in {directory}: build first (`swift build`) or set EMOSTREAM_BIN_DIR",
                    pytrace=False)
    return directory


def binary(name: str) -> str:
    path = bin_dir() / name
    if not os.access(path, os.X_OK):
        pytest.fail(f"{path} is missing: build it or set EMOSTREAM_BIN_DIR", pytrace=False)
    return str(path)


# -- ports ------------------------------------------------------------------------------------------------

def port_is_free(port: int, host: str = "0.0.0.0") -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


METRICS_PORT_OFFSET, AGGREGATOR_METRICS_PORT = 10_000, 15_001


def default_ports(clusters: int = 3, subscribers: int = 3) -> list[int]:
    """Every port `emostream up` listens on with offset 0 (DESIGN.md's default topology): each service's own
    port, its metrics port (+10 000, the gateway serves metrics on its API port) and the aggregator's."""
    own = ([9092] + [7000 + c for c in range(clusters)]
           + [6000 + subscribers * c + s for c in range(clusters) for s in range(subscribers)])
    return [5000, AGGREGATOR_METRICS_PORT] + own + [port + METRICS_PORT_OFFSET for port in own]


def free_port_offset(rng) -> int:
    """An offset that moves every default port onto a free one, below the ephemeral range (32768+), so
    outgoing connections of other programs cannot take one of them between this check and `up`'s bind."""
    highest = max(default_ports())
    for _ in range(200):
        offset = rng.randrange(1000, 32768 - highest)
        if all(port_is_free(port + offset) for port in default_ports()):
            return offset
    pytest.fail("no port offset with all of emostream up's ports free", pytrace=False)


def wait_for_tcp(host: str, port: int, timeout: float = START_TIMEOUT_S) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            socket.create_connection((host, port), timeout=1).close()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise AssertionError(f"nothing accepts on {host}:{port} after {timeout:.0f}s") from None
            time.sleep(0.1)


# -- processes --------------------------------------------------------------------------------------------

class ServiceProcess:
    """One long-running process whose stdout and stderr go to `log_path`."""

    def __init__(self, name: str, argv: list[str], log_path: Path, env: dict[str, str] | None = None):
        self.name = name
        self.argv = argv
        self.log_path = log_path
        self.env = env
        self.process: subprocess.Popen[bytes] | None = None
        self.exit_seconds: float | None = None

    def start(self) -> ServiceProcess:
        with open(self.log_path, "ab") as log:
            log.write(f"===== test harness: starting {' '.join(self.argv)}\n".encode())
            log.flush()
            self.process = subprocess.Popen(self.argv, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                            env=self.env)
        return self

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def is_alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def log_text(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except FileNotFoundError:
            return ""

    def log_tail(self, lines: int = 60) -> str:
        return "\n".join(self.log_text().splitlines()[-lines:])

    def wait_for_log(self, pattern: str, timeout: float = START_TIMEOUT_S) -> re.Match[str]:
        """The first match of `pattern` in the log; fails if the process exits or the time runs out first."""
        deadline = time.monotonic() + timeout
        compiled = re.compile(pattern)
        while True:
            found = compiled.search(self.log_text())
            if found:
                return found
            if not self.is_alive():
                raise AssertionError(f"{self.name} exited ({self.process.returncode}) before logging {pattern!r}:\n"
                                     f"{self.log_tail()}")
            if time.monotonic() > deadline:
                raise AssertionError(f"{self.name} did not log {pattern!r} within {timeout:.0f}s:\n{self.log_tail()}")
            time.sleep(0.05)

    def wait_for_port_file(self, path: Path, timeout: float = START_TIMEOUT_S) -> int:
        deadline = time.monotonic() + timeout
        while True:
            text = path.read_text() if path.exists() else ""
            if text.endswith("\n") and text.strip().isdigit():
                return int(text)
            if not self.is_alive():
                raise AssertionError(f"{self.name} exited ({self.process.returncode}) before listening:\n"
                                     f"{self.log_tail()}")
            if time.monotonic() > deadline:
                raise AssertionError(f"{self.name} wrote no port file within {timeout:.0f}s:\n{self.log_tail()}")
            time.sleep(0.05)

    def terminate(self, timeout: float = STOP_TIMEOUT_S) -> int | None:
        """SIGTERM and wait; returns the exit status, or None if it had to be killed. Records how long it took."""
        if self.process is None:
            return None
        if self.process.poll() is None:
            began = time.monotonic()
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout)
                self.exit_seconds = time.monotonic() - began
            except subprocess.TimeoutExpired:
                self.note(f"ignored SIGTERM for {timeout:.0f}s; sending SIGKILL")
                self.process.kill()
                self.process.wait()
                return None
        return self.process.returncode

    def kill(self) -> None:
        if self.is_alive():
            self.process.kill()
            self.process.wait()

    def note(self, message: str) -> None:
        with open(self.log_path, "a") as log:
            log.write(f"===== test harness: {message}\n")


def stop_all(processes: list[ServiceProcess]) -> None:
    """Teardown: SIGTERM everything still running (newest first), SIGKILL what does not exit."""
    for process in reversed(processes):
        if process.is_alive():
            process.process.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + STOP_TIMEOUT_S
    for process in reversed(processes):
        if process.process is None:
            continue
        try:
            process.process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.note("still running at teardown; SIGKILL")
            process.kill()


# -- /proc ------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ProcessIdentity:
    """A pid plus its start time (clock ticks since boot), so a recycled pid is never mistaken for it."""
    pid: int
    start_ticks: int
    command: str


def _stat(pid: int) -> tuple[int, str, int] | None:
    """(parent pid, state, start ticks) of `pid` from /proc/<pid>/stat, or None if it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    # The command name is in parentheses and may hold spaces: split after the last ')'.
    fields = text[text.rindex(")") + 2:].split()
    return int(fields[1]), fields[0], int(fields[19])


def descendants(root: int) -> set[ProcessIdentity]:
    """Every live process below `root` in the process tree."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            stat = _stat(int(entry))
            if stat is not None:
                children.setdefault(stat[0], []).append(int(entry))
    found: set[ProcessIdentity] = set()
    pending = list(children.get(root, []))
    while pending:
        pid = pending.pop()
        stat = _stat(pid)
        if stat is None:
            continue
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()
        except OSError:
            command = "?"
        found.add(ProcessIdentity(pid, stat[2], command))
        pending.extend(children.get(pid, []))
    return found


def still_running(identity: ProcessIdentity) -> bool:
    """Whether that very process (same pid and start time) still exists and is not a zombie."""
    stat = _stat(identity.pid)
    return stat is not None and stat[2] == identity.start_ticks and stat[1] != "Z"


# -- HTTP -------------------------------------------------------------------------------------------------

def http_json(method: str, url: str, body: object | None = None, timeout: float = 10) -> tuple[int, object]:
    """(status, decoded JSON body) for any status; raises only on connection errors."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            return answer.status, json.loads(answer.read() or b"null")
    except urllib.error.HTTPError as error:
        text = error.read()
        try:
            return error.code, json.loads(text)
        except ValueError:
            return error.code, text.decode(errors="replace")


def wait_until_healthy(gateway: str, timeout: float = START_TIMEOUT_S, live_subscribers: int = 0) -> dict:
    """Polls GET /health until 200 with at least `live_subscribers` subscribers heartbeating; returns it."""
    deadline = time.monotonic() + timeout
    last: object = None
    while time.monotonic() < deadline:
        try:
            status, answer = http_json("GET", f"{gateway}/health", timeout=3)
            last = answer
            if status == 200 and answer.get("live_subscribers", 0) >= live_subscribers:
                return answer
        except OSError as error:
            last = error
        time.sleep(0.2)
    raise AssertionError(f"{gateway}/health not healthy with {live_subscribers} subscribers in {timeout:.0f}s: {last}")


# -- Kafka ------------------------------------------------------------------------------------------------

def read_topic(bootstrap: str, topic: str, timeout: float = 30) -> list[tuple[int, int, bytes | None, bytes | None]]:
    """Every record of `topic` from the beginning up to the high watermarks: (partition, offset, key, value)."""
    from confluent_kafka import Consumer, TopicPartition

    consumer = Consumer({
        "bootstrap.servers": bootstrap, "group.id": f"deploy-readback-{os.getpid()}-{time.monotonic_ns()}",
        "enable.auto.commit": False, "auto.offset.reset": "earliest", "enable.partition.eof": True,
    })
    try:
        metadata = consumer.list_topics(topic, timeout=timeout)
        partitions = sorted(metadata.topics[topic].partitions)
        ends = {p: consumer.get_watermark_offsets(TopicPartition(topic, p), timeout=timeout)[1] for p in partitions}
        consumer.assign([TopicPartition(topic, p, 0) for p in partitions])
        records = []
        done = {p for p, end in ends.items() if end == 0}
        deadline = time.monotonic() + timeout
        while len(done) < len(partitions):
            if time.monotonic() > deadline:
                raise AssertionError(f"reading {topic} back: only partitions {sorted(done)} reached their end")
            message = consumer.poll(0.5)
            if message is None:
                continue
            if message.error():
                if message.error().code() == message.error()._PARTITION_EOF:
                    if message.offset() >= ends[message.partition()]:
                        done.add(message.partition())
                    continue
                raise AssertionError(f"reading {topic} back: {message.error()}")
            records.append((message.partition(), message.offset(), message.key(), message.value()))
            if message.offset() + 1 >= ends[message.partition()]:
                done.add(message.partition())
        return records
    finally:
        consumer.close()
