"""Recovery across quiet windows: a room with no reactions in a window has no window for it (seqs skip), and
that is not a loss. A viewer that reconnects with its last seq gets exactly the windows produced since, and the
subscriber says the recovery is complete."""

from __future__ import annotations

import time
import uuid

from confluent_kafka import Producer

from efp_reference_client import RECOVERY_COMPLETE
from gateway_api import Gateway
from viewers import EFPViewer
from window_feeder import WindowFeeder

SECRET = "e2e-recovery"
WINDOW_MS = 1000


def test_skipped_seqs_are_not_reported_as_lost(processes, viewers) -> None:
    broker = processes.broker()
    publisher = processes.service("cluster-publisher-0", "emostream-cluster-publisher", "--cluster", "0",
                                  "--host", "127.0.0.1", "--port", "0", "--brokers", broker.bootstrap, port_file=True)
    processes.service("subscriber-0-0", "emostream-subscriber", "--cluster", "0", "--subscriber", "0",
                      "--host", "127.0.0.1", "--port", "0", "--publisher", f"127.0.0.1:{publisher.port}",
                      "--brokers", broker.bootstrap, "--secret", SECRET, "--heartbeat-interval-ms", "500",
                      port_file=True)
    gateway = Gateway(processes.gateway(broker.bootstrap, "--secret", SECRET).url)
    gateway.wait_until_healthy(live_subscribers=1)
    room, other_room = f"quiet-{uuid.uuid4().hex[:8]}", f"busy-{uuid.uuid4().hex[:8]}"
    assignment = gateway.register(f"viewer-{room}")
    producer = Producer({"bootstrap.servers": broker.bootstrap, "linger.ms": 0, "acks": "all"})

    def produce(target: str, seq: int) -> None:
        producer.produce("processed_emojis", key=target.encode(), value=WindowFeeder.record(target, seq, WINDOW_MS))
        producer.flush(10)

    first = EFPViewer(assignment, [room])
    viewers.append(first)
    base = int(time.time() * 1000) // WINDOW_MS - 20
    # The publisher starts at the newest offsets once its group has partitions: produce until one gets through.
    seq = base
    deadline = time.monotonic() + 60
    while not first.windows(room):
        assert time.monotonic() < deadline, "no window reached the viewer"
        produce(room, seq)
        seq += 1
        time.sleep(0.3)
    # Quiet windows in both rooms while the viewer is connected: seqs skip, nothing is lost.
    produce(room, seq + 2)
    produce(other_room, seq + 2)
    produce(other_room, seq + 5)
    first.wait_for(lambda ws: ws[-1].seq == seq + 2, 15, f"seq {seq + 2}")
    last_seen = first.windows(room)[-1].seq
    first.close()

    # While the viewer is away the room stays quiet now and then too.
    missed = [last_seen + 1, last_seen + 4, last_seen + 5]
    for quiet_seq in missed:
        produce(room, quiet_seq)
    deadline = time.monotonic() + 30
    while True:
        back = EFPViewer(gateway.register(assignment.client_id), [(room, last_seen)])
        viewers.append(back)
        if back.welcome.replay_count == len(missed) or time.monotonic() > deadline:
            break
        back.close()  # the subscriber has not seen them all yet
        time.sleep(0.2)
    replayed = back.wait_for(lambda ws: ws if len(ws) >= len(missed) else None, 15, "the replay")
    assert [w.seq for w in replayed] == missed
    assert all(w.replayed for w in replayed)
    assert back.welcome.recovery == RECOVERY_COMPLETE, "skipped seqs were taken for lost windows"
