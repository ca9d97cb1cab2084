"""Faults: a subscriber is SIGKILLed. Its heartbeats stop, so the gateway stops assigning it within a few
heartbeat intervals; its viewers register again, are moved to a live subscriber and, replaying from their last
seq, miss no window and see none twice. Viewers of the other subscribers are not disturbed.

Services are started one by one (not through `emostream up`, which would restart the killed subscriber).
"""

from __future__ import annotations

import time
import uuid

from efp_reference_client import RECOVERY_COMPLETE
from emostream_harness import binary
from gateway_api import Gateway
from viewers import EFPViewer, WatchCommandViewer
from window_feeder import WindowFeeder

SECRET = "e2e-subscriber-loss"
HEARTBEAT_MS = 500
SUBSCRIBER_TTL_MS = 2000
SUBSCRIBERS = 3


def start_tree(processes):
    broker = processes.broker()
    publisher = processes.service("cluster-publisher-0", "emostream-cluster-publisher", "--cluster", "0",
                                  "--host", "127.0.0.1", "--port", "0", "--brokers", broker.bootstrap, port_file=True)
    subscribers = {}
    for index in range(SUBSCRIBERS):
        subscribers[(0, index)] = processes.service(
            f"subscriber-0-{index}", "emostream-subscriber", "--cluster", "0", "--subscriber", str(index),
            "--host", "127.0.0.1", "--port", "0", "--publisher", f"127.0.0.1:{publisher.port}",
            "--brokers", broker.bootstrap, "--secret", SECRET, "--heartbeat-interval-ms", str(HEARTBEAT_MS),
            port_file=True)
    gateway = processes.gateway(broker.bootstrap, "--secret", SECRET, "--subscriber-ttl-ms", str(SUBSCRIBER_TTL_MS))
    return broker, subscribers, gateway


def assert_every_window_once(name: str, windows, produced: list[int]) -> None:
    """From its first window on, a viewer saw each produced seq exactly once, in order."""
    seqs = [w.seq for w in windows]
    assert seqs, f"{name} received nothing"
    expected = [seq for seq in produced if seqs[0] <= seq <= seqs[-1]]
    assert seqs == expected, (
        f"{name}: missing {sorted(set(expected) - set(seqs))},"
        f" repeated {sorted({s for s in seqs if seqs.count(s) > 1})}"
    )


def test_killed_subscriber_is_no_longer_assigned_and_its_viewers_move(processes, viewers, tmp_path) -> None:
    broker, subscribers, gateway_process = start_tree(processes)
    gateway = Gateway(gateway_process.url)
    gateway.wait_until_healthy(live_subscribers=SUBSCRIBERS)
    room = f"loss-{uuid.uuid4().hex[:8]}"
    feeder = WindowFeeder(broker.bootstrap, [room]).start()
    try:
        # The CLI viewer registers first; the subscriber it gets is the one that will die.
        watcher = WatchCommandViewer(binary("emostream"), gateway.base_url, f"watch-{room}", [room],
                                     tmp_path / "watch.stderr")
        viewers.append(watcher)
        watcher.wait_for(lambda ws: ws, 30, "a first window")
        victim = tuple(gateway.list_clients()[watcher.name][key] for key in ("cluster_id", "subscriber_id"))

        # Reference-client viewers: one on the victim too, the others elsewhere (least-loaded assignment).
        orphan, bystanders = None, []
        for index in range(2 * SUBSCRIBERS):
            assignment = gateway.register(f"efp-{index}-{room}")
            if assignment.subscriber == victim and orphan is None:
                orphan = EFPViewer(assignment, [room])
                viewers.append(orphan)
            elif assignment.subscriber != victim:
                bystanders.append(EFPViewer(assignment, [room]))
                viewers.append(bystanders[-1])
        assert orphan is not None and bystanders, "the gateway never assigned the victim again"
        for viewer in [orphan, *bystanders]:
            viewer.wait_for(lambda ws: ws, 30, "a first window")

        subscribers[victim].kill()
        killed_at = time.monotonic()
        assert "connection lost" in orphan.wait_until_ended(15)

        # The gateway drops the victim once its heartbeats are older than the TTL.
        deadline = killed_at + SUBSCRIBER_TTL_MS / 1000 + 20 * HEARTBEAT_MS / 1000
        while any((s["cluster_id"], s["subscriber_id"]) == victim for s in gateway.health()["subscribers"]):
            assert time.monotonic() < deadline, f"the gateway still lists {victim} as alive"
            time.sleep(HEARTBEAT_MS / 4000)
        print(f"subscriber {victim} no longer listed {time.monotonic() - killed_at:.1f}s after SIGKILL"
              f" (heartbeat {HEARTBEAT_MS} ms, TTL {SUBSCRIBER_TTL_MS} ms)")
        for index in range(2 * SUBSCRIBERS):
            assert gateway.register(f"probe-{index}-{room}").subscriber != victim

        # The orphan registers again: moved to a live subscriber, it replays from its last seq.
        moved = gateway.register(orphan.name)
        assert moved.message == f"Client {orphan.name} successfully registered."
        assert moved.subscriber != victim
        last_seen = orphan.windows(room)[-1].seq
        resumed = EFPViewer(moved, [(room, last_seen)], name=f"{orphan.name} (moved)")
        viewers.append(resumed)
        assert resumed.welcome.recovery == RECOVERY_COMPLETE

        # The CLI viewer does the same by itself; wait until it is live again past the kill.
        seq_at_move = feeder.seqs()[-1]
        watcher.wait_for(lambda ws: ws[-1].seq >= seq_at_move + 2, 30, "windows after the move")
        resumed.wait_for(lambda ws: ws and ws[-1].seq >= seq_at_move + 2, 30, "windows after the move")
    finally:
        produced = feeder.stop()
    time.sleep(0.5)

    assert "moved this client to subscriber" in watcher.stderr_text(), watcher.stderr_text()
    final = gateway.list_clients()[watcher.name]
    assert (final["cluster_id"], final["subscriber_id"]) != victim
    for viewer in [watcher, *bystanders]:
        assert_every_window_once(viewer.name, viewer.windows(room), produced)
    for viewer in bystanders:
        assert viewer.ended is None, f"{viewer.name}: {viewer.ended}"
    # The orphan's two sessions together: every window once, across the kill.
    replayed = resumed.windows(room)
    assert replayed and replayed[0].replayed, "the missed windows were not replayed"
    assert_every_window_once(orphan.name, orphan.windows(room) + replayed, produced)
