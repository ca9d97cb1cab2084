"""The small real EmoStream system the browser tests and the screenshot script run the live page against:
`emostream up` with one cluster of one subscriber (see the shared harness for ports, logs and stopping).

Ready is what a viewer needs: the gateway's /health says the registry is loaded and the subscriber is alive.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from pathlib import Path

from emostream_harness import EmoStreamUp, room_windows, wait_until_healthy


def start_small_system(work_dir: Path, window_ms: int = 500, env: Mapping[str, str] | None = None) -> EmoStreamUp:
    """Starts it and returns once a viewer could use it; stops it again if it never gets there."""
    system = EmoStreamUp(work_dir, clusters=1, subscribers=1, env=env,
                         options=["--window-ms", str(window_ms), "--stop-timeout-seconds", "10"])
    try:
        system.start()
        wait_until_healthy(system.gateway_url, live_subscribers=1)
    except BaseException:
        system.stop()
        raise
    return system


def wait_for_aggregated(system: EmoStreamUp, room: str, emoji: str, count: int, timeout: float = 60.0) -> None:
    """Waits until the aggregator's windows in `processed_emojis` hold `count` of `emoji` in `room`: the moment
    the windows exist upstream of every subscriber."""
    deadline = time.monotonic() + timeout
    while True:
        seen = sum(window["counts"].get(emoji, 0) for window in room_windows(system.bootstrap, room))
        if seen >= count:
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"the aggregator emitted {seen} of {count} {emoji} in room {room} within "
                                 f"{timeout:.0f} s")
        time.sleep(0.5)
