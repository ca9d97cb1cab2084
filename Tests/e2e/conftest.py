"""Fixtures for the end-to-end suite: the real binaries on loopback.

The processes come from the shared harness (Tests/pyharness): each test starts what it needs (the whole
cluster through `emostream up` on a free port offset, or single services on port 0) in its own temporary
directory, everything is stopped at teardown whatever happened, and a failing test gets the tail of every
service log in its report.
"""

from __future__ import annotations

import pytest

from emostream_harness import EmoStreamUp, Processes



@pytest.fixture
def up_cluster(processes: Processes):
    """Starts `emostream up` with every service on 127.0.0.1 and the given window length."""

    def start(window_ms: int, clusters: int = 3, subscribers: int = 3) -> EmoStreamUp:
        return processes.up(clusters=clusters, subscribers=subscribers,
                            options=["--host", "127.0.0.1", "--window-ms", str(window_ms)])

    return start


@pytest.fixture
def viewers():
    """A list to put viewers in; each is closed at teardown."""
    opened: list = []
    yield opened
    for viewer in opened:
        try:
            viewer.close()
        except Exception:
            pass
