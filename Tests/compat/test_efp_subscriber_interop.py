"""The Python reference EFP client (written from proto-docs/fanout.md alone)
against the real emostream-broker, emostream-cluster-publisher and
emostream-subscriber binaries.

Binaries come from EMOSTREAM_BIN_DIR (default .build/debug under the
repository root). Each service binds port 0 and reports its port through
--port-file, so the test runs beside anything else on the machine.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
from confluent_kafka import Producer

from broker_process import BrokerProcess
from efp_reference_client import RECOVERY_COMPLETE, EFPServerError, connect

REPO_ROOT = Path(__file__).resolve().parents[2]
SECRET = "interop-secret"
START_TIMEOUT_S = 30.0


def bin_dir() -> Path:
    configured = Path(os.environ.get("EMOSTREAM_BIN_DIR", ".build/debug"))
    return configured if configured.is_absolute() else REPO_ROOT / configured


def binary(name: str) -> Path:
    path = bin_dir() / name
    if not os.access(path, os.X_OK):
        pytest.fail(f"{path} not found: build it first or set EMOSTREAM_BIN_DIR", pytrace=False)
    return path


def client_token(client_id: str, cluster: int, subscriber: int, lifetime_s: int = 3600) -> str:
    """What the gateway issues (proto-docs/fanout.md, "Tokens")."""
    expiry = int(time.time()) + lifetime_s
    message = f"{client_id}|{cluster}|{subscriber}|{expiry}".encode()
    mac = hmac.new(SECRET.encode(), message, hashlib.sha256).digest()
    return f"{expiry}." + base64.urlsafe_b64encode(mac).decode().rstrip("=")


class Service:
    """One service process that reports its bound port through --port-file."""

    def __init__(self, name: str, args: list[str], work_dir: Path) -> None:
        self.port_file = work_dir / f"{name}.port"
        self.log_path = work_dir / f"{name}.log"
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(
                [str(binary(name)), *args, "--port-file", str(self.port_file)],
                stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            )
        self.port = self._wait_for_port()

    def _wait_for_port(self) -> int:
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"exited with {self.process.returncode}:\n{self.log_path.read_text()}")
            text = self.port_file.read_text() if self.port_file.exists() else ""
            if text.endswith("\n") and text.strip().isdigit():
                return int(text)
            time.sleep(0.05)
        raise RuntimeError(f"no port file after {START_TIMEOUT_S}s:\n{self.log_path.read_text()}")

    def stop(self) -> int | None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode


def window_record(room: str, seq: int) -> bytes:
    start = 1_700_000_000_000 + seq * 2000
    return json.dumps({
        "seq": seq, "room": room, "window_start": start, "window_end": start + 2000,
        "counts": {"❤️": 3785, "😂": 10}, "scaled": {"❤️": 4, "😂": 1}, "total": 3795,
    }).encode()


@pytest.fixture
def fanout_tree(tmp_path: Path):
    broker = BrokerProcess(binary("emostream-broker"), tmp_path / "broker")
    broker.start()
    services: list[Service] = []
    try:
        publisher = Service("emostream-cluster-publisher", [
            "--cluster", "0", "--host", "127.0.0.1", "--port", "0", "--brokers", broker.bootstrap,
        ], tmp_path)
        services.append(publisher)
        subscriber = Service("emostream-subscriber", [
            "--cluster", "0", "--subscriber", "0", "--host", "127.0.0.1", "--port", "0",
            "--publisher", f"127.0.0.1:{publisher.port}", "--brokers", broker.bootstrap, "--secret", SECRET,
        ], tmp_path)
        services.append(subscriber)
        yield broker, publisher, subscriber
        for service in reversed(services):
            assert service.stop() == 0, service.log_path.read_text()
    finally:
        for service in services:
            service.stop()
        broker.stop()


def test_reference_client_receives_windows_of_its_room(fanout_tree) -> None:
    broker, _, subscriber = fanout_tree
    producer = Producer({"bootstrap.servers": broker.bootstrap, "linger.ms": 0})
    token = client_token("py-viewer", 0, 0)
    with connect("127.0.0.1", subscriber.port, "py-viewer", token, ["main"], timeout=30) as client:
        assert client.welcome.server_id == "subscriber-0-0"
        # The publisher starts at the newest offsets once its group has partitions: keep producing until a
        # window gets through, then check what arrived.
        client.sock.settimeout(0.5)
        seq = 0
        received = None
        deadline = time.monotonic() + 60
        while received is None and time.monotonic() < deadline:
            seq += 1
            producer.produce("processed_emojis", key=b"lobby", value=window_record("lobby", seq))
            producer.produce("processed_emojis", key=b"main", value=window_record("main", seq))
            producer.flush(10)
            try:
                received = next(client.windows())
            except TimeoutError:
                continue
        assert received is not None, "no window reached the reference client"
        assert received.room == "main"
        assert received.counts == {"❤️": 3785, "😂": 10}
        assert received.scaled == {"❤️": 4, "😂": 1}
        assert received.total == 3795
        assert not received.replayed
        last_seen = received.seq

    # Reconnecting with the last seq replays exactly what was missed, flagged as replayed. The subscriber may
    # not have the two new windows yet when we first reconnect, so reconnect until its replay covers them.
    for extra in (seq + 1, seq + 2):
        producer.produce("processed_emojis", key=b"main", value=window_record("main", extra))
    producer.flush(10)
    deadline = time.monotonic() + 30
    while True:
        with connect("127.0.0.1", subscriber.port, "py-viewer", token, [("main", last_seen)], timeout=30) as client:
            replayed = [next(client.windows()) for _ in range(client.welcome.replay_count)]
            if replayed and replayed[-1].seq == seq + 2 or time.monotonic() > deadline:
                break
        time.sleep(0.2)
    assert client.welcome.recovery == RECOVERY_COMPLETE
    assert [w.seq for w in replayed] == list(range(last_seen + 1, seq + 3))
    assert all(w.replayed and w.room == "main" for w in replayed)


def test_reference_client_is_refused_a_token_for_someone_else(fanout_tree) -> None:
    _, _, subscriber = fanout_tree
    with pytest.raises(EFPServerError) as refused:
        connect("127.0.0.1", subscriber.port, "mallory", client_token("alice", 0, 0), ["main"], timeout=30)
    assert refused.value.code == 3
