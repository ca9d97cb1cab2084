"""End to end: the whole cluster (`emostream up`), two viewers registered through the gateway — one over EFP,
one over WebSocket — and 3785 ❤️ + 10 😂 sent through the gateway inside one window."""

from __future__ import annotations

import subprocess
import threading
import time
import uuid

from emostream_harness import binary
from gateway_api import Gateway, reactions
from viewers import EFPViewer, WebSocketViewer

# Long windows so the whole burst lands in one of them even on a slow, shared machine.
WINDOW_MS = 10_000
# Start sending only when at least this much of the current window is left.
SEND_BUDGET_MS = 7_000


def wait_for_window_with_budget(window_ms: int, budget_ms: int) -> int:
    """Sleeps until the current window has ``budget_ms`` left; returns that window's start (ms)."""
    now = int(time.time() * 1000)
    start = now - now % window_ms
    if start + window_ms - now < budget_ms:
        start += window_ms
        time.sleep((start - now + 200) / 1000)
    return start


def test_two_viewers_receive_one_exact_window_of_their_room_only(up_cluster, viewers) -> None:
    cluster = up_cluster(window_ms=WINDOW_MS)
    gateway = Gateway(cluster.gateway_url)
    gateway.wait_until_healthy(live_subscribers=9)
    suffix = uuid.uuid4().hex[:8]
    room, other_room = f"stage-{suffix}", f"backstage-{suffix}"

    efp_assignment = gateway.register(f"efp-viewer-{suffix}")
    ws_assignment = gateway.register(f"ws-viewer-{suffix}")
    observer_assignment = gateway.register(f"observer-{suffix}")
    for assignment in (efp_assignment, ws_assignment, observer_assignment):
        assert assignment.message == f"Client {assignment.client_id} successfully registered."
        assert assignment.port == cluster.subscriber_port(assignment.cluster_id, assignment.subscriber_id)
    listed = gateway.list_clients()
    assert listed[efp_assignment.client_id]["port"] == efp_assignment.port
    assert listed[ws_assignment.client_id]["port"] == ws_assignment.port

    efp_viewer = EFPViewer(efp_assignment, [room])
    viewers.append(efp_viewer)
    ws_viewer = WebSocketViewer(ws_assignment, [room])
    viewers.append(ws_viewer)
    # Watches the other room, to know when its window has gone out to every subscriber.
    observer = EFPViewer(observer_assignment, [other_room])
    viewers.append(observer)
    assert efp_viewer.welcome.replay_count == 0 and ws_viewer.welcome["replay_count"] == 0

    window_start = wait_for_window_with_budget(WINDOW_MS, SEND_BUDGET_MS)
    sent_at = time.time()
    hearts = subprocess.Popen(
        [binary("emostream"), "send", "❤️", "--count", "3785", "--users", "100", "--batch",
         "--room", room, "--gateway", cluster.gateway_url],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    side_batches: list[int] = []
    sender = threading.Thread(target=lambda: side_batches.extend([
        gateway.send_batch(reactions("😂", 10, room, user_prefix="laugher")),
        gateway.send_batch(reactions("👍", 25, other_room, user_prefix="other")),
    ]))
    sender.start()
    output, _ = hearts.communicate(timeout=60)
    sender.join(timeout=60)
    finished_at = time.time()
    assert hearts.returncode == 0, output
    assert "ok 3785, failed 0" in output, output
    assert side_batches == [10, 25]
    # Every reaction was answered inside the window, so the gateway stamped them all inside it.
    assert int(finished_at * 1000) < window_start + WINDOW_MS, (
        f"sending took {finished_at - sent_at:.1f}s and crossed the window's end: the machine is too slow"
        f" for a {WINDOW_MS} ms window"
    )

    expected_seq = window_start // WINDOW_MS
    timeout = (window_start + WINDOW_MS) / 1000 - time.time() + 30
    for viewer in (efp_viewer, ws_viewer):
        windows = viewer.wait_for(lambda ws: [w for w in ws if w.room == room], timeout, f"a window of {room}")
        window = windows[0]
        assert (window.seq, window.window_start, window.window_end) == (
            expected_seq, window_start, window_start + WINDOW_MS), viewer.name
        assert window.counts == {"❤️": 3785, "😂": 10}, viewer.name
        assert window.scaled == {"❤️": 4, "😂": 1}, viewer.name
        assert window.total == 3795, viewer.name
        assert not window.replayed, viewer.name
    observed = observer.wait_for(lambda ws: [w for w in ws if w.room == other_room], 30, f"a window of {other_room}")
    assert observed[0].counts == {"👍": 25}
    assert observer.windows(room) == [], "the observer received a room it did not ask for"

    # The other room's window is out; give the slower path a moment, then nothing else may have arrived.
    time.sleep(1.0)
    for viewer in (efp_viewer, ws_viewer):
        rooms_seen = {w.room for w in viewer.windows()}
        assert rooms_seen == {room}, f"{viewer.name} received windows of {rooms_seen - {room}}"
        assert len(viewer.windows()) == 1, f"{viewer.name} received {viewer.windows()}"
        assert viewer.ended is None, f"{viewer.name}: {viewer.ended}"
