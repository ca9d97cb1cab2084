"""The Python reference EFP client (written from proto-docs/fanout.md alone)
against the real emostream-broker, emostream-cluster-publisher and
emostream-subscriber binaries.

Each service binds port 0 and reports its port through --port-file, so the
test runs beside anything else on the machine.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time

import pytest
from confluent_kafka import Producer

from efp_reference_client import RECOVERY_COMPLETE, EFPServerError, connect
from emostream_harness import Processes

SECRET = "interop-secret"


def client_token(client_id: str, cluster: int, subscriber: int, lifetime_s: int = 3600) -> str:
    """What the gateway issues (proto-docs/fanout.md, "Tokens")."""
    expiry = int(time.time()) + lifetime_s
    message = f"{client_id}|{cluster}|{subscriber}|{expiry}".encode()
    mac = hmac.new(SECRET.encode(), message, hashlib.sha256).digest()
    return f"{expiry}." + base64.urlsafe_b64encode(mac).decode().rstrip("=")


def window_record(room: str, seq: int) -> bytes:
    start = 1_700_000_000_000 + seq * 2000
    return json.dumps({
        "seq": seq, "room": room, "window_start": start, "window_end": start + 2000,
        "counts": {"❤️": 3785, "😂": 10}, "scaled": {"❤️": 4, "😂": 1}, "total": 3795,
    }).encode()


@pytest.fixture
def fanout_tree(processes: Processes):
    broker = processes.broker()
    publisher = processes.service("publisher", "emostream-cluster-publisher", "--cluster", "0", "--host", "127.0.0.1",
                                  "--port", "0", "--brokers", broker.bootstrap, port_file=True)
    subscriber = processes.service(
        "subscriber", "emostream-subscriber", "--cluster", "0", "--subscriber", "0", "--host", "127.0.0.1",
        "--port", "0", "--publisher", f"127.0.0.1:{publisher.port}", "--brokers", broker.bootstrap, "--secret", SECRET,
        port_file=True,
    )
    yield broker, publisher, subscriber
    for service in (subscriber, publisher):
        assert service.terminate() == 0, service.log_tail()


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
