"""Faults: the aggregator is SIGKILLed mid-stream and `emostream up` restarts it. Every reaction is still
counted exactly once, viewers never see a seq twice, and a re-emitted window is identical to the first."""

from __future__ import annotations

import math
import time
import uuid
from collections import Counter, defaultdict

from emostream_harness import room_windows
from gateway_api import Gateway
from steady_sender import SteadySender
from viewers import EFPViewer, WebSocketViewer

WINDOW_MS = 1000
EMOJIS = ["❤️", "😂", "🔥", "👏"]


def counted(windows) -> Counter:
    total: Counter = Counter()
    for window in windows:
        total.update(window.counts)
    return total


def test_sigkilled_aggregator_loses_nothing_and_repeats_nothing(up_cluster, viewers) -> None:
    cluster = up_cluster(window_ms=WINDOW_MS, clusters=1, subscribers=2)
    gateway = Gateway(cluster.gateway_url)
    gateway.wait_until_healthy(live_subscribers=2)
    room = f"crash-{uuid.uuid4().hex[:8]}"
    efp_viewer = EFPViewer(gateway.register(f"efp-{room}"), [room])
    viewers.append(efp_viewer)
    ws_viewer = WebSocketViewer(gateway.register(f"ws-{room}"), [room])
    viewers.append(ws_viewer)

    sender = SteadySender(gateway, room, EMOJIS).start()
    # Let a few windows go out first, so the kill lands mid-stream with windows both behind and ahead of it.
    efp_viewer.wait_for(lambda ws: len(ws) >= 2, 30, "two windows before the crash")
    killed = cluster.kill_service("aggregator")
    restarted = cluster.wait_for_pid("aggregator", other_than=killed)
    time.sleep(2.5)
    sent = sender.stop()
    assert sender.failures == [], sender.failures[:3]
    assert sender.total > 0

    # The restarted aggregator re-reads from its last commit; wait for every reaction to come out.
    for viewer in (efp_viewer, ws_viewer):
        viewer.wait_for(lambda ws: sum(counted(ws).values()) >= sender.total, 60, f"{sender.total} reactions")
    time.sleep(3 * WINDOW_MS / 1000)  # anything repeated would arrive by now

    assert cluster.pid_of("aggregator") == restarted, "the restarted aggregator did not stay up"
    assert "aggregator exited" in cluster.log_text(), "emostream up did not report the crash"
    for viewer in (efp_viewer, ws_viewer):
        windows = viewer.windows(room)
        seqs = [w.seq for w in windows]
        assert len(seqs) == len(set(seqs)), f"{viewer.name} saw a seq twice: {sorted(seqs)}"
        assert seqs == sorted(seqs), f"{viewer.name} saw seqs out of order: {seqs}"
        assert counted(windows) == sent, f"{viewer.name}: counted {counted(windows)}, sent {sent}"
        for window in windows:
            assert window.scaled == {e: math.ceil(n / 1000) for e, n in window.counts.items()}
            assert window.total == sum(window.counts.values())
            assert window.window_end - window.window_start == WINDOW_MS
            assert window.seq == window.window_start // WINDOW_MS
        assert viewer.ended is None, f"{viewer.name}: {viewer.ended}"

    # The log itself: a window may be produced twice (the crash came before its offsets were committed), but
    # then with exactly the same contents, and the distinct windows add up to what was sent.
    records = room_windows(cluster.bootstrap, room)
    by_seq: dict[int, list[dict]] = defaultdict(list)
    for record in records:
        by_seq[record["seq"]].append(record)
    for seq, copies in by_seq.items():
        assert all(copy == copies[0] for copy in copies), f"seq {seq} produced with different contents: {copies}"
    distinct: Counter = Counter()
    for copies in by_seq.values():
        distinct.update(copies[0]["counts"])
    assert distinct == sent
    repeated = sum(len(copies) - 1 for copies in by_seq.values())
    print(f"{sender.total} reactions in {len(by_seq)} windows; {repeated} window(s) produced again after the crash")
