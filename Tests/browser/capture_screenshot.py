"""Takes docs/live-page.png: the live page mid-swarm while `emostream send` streams reactions.

Not a test: run it by hand after a change to the page's look, then commit the picture.

    EMOSTREAM_BIN_DIR=$(swift build --show-bin-path) .venv/bin/python Tests/browser/capture_screenshot.py

It starts the same small system as the browser tests, with the aggregator's
scale lowered (EMOSTREAM_SCALE, read by `emostream-aggregator`) so a few dozen
reactions per second make a visible swarm, and stops everything at the end.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "pyharness")]  # what pytest.ini's `pythonpath` gives the tests

from browser import start_chromium  # noqa: E402
from cluster import start_small_system  # noqa: E402
from emostream_harness import REPO_ROOT, binary  # noqa: E402
from live_page import LivePage  # noqa: E402

# emoji → reactions per second; with scale 5 and 1 s windows, 40/s floats 8 per window. Sent in batches of 10
# (POST /emojis), so a debug build on a busy machine keeps up.
TRAFFIC = {"❤️": 40, "😂": 25, "🔥": 20, "👏": 15, "🎉": 10, "😮": 5}
SCALE = 5
WINDOW_MS = 1000


def main() -> None:
    output = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO_ROOT / "docs" / "live-page.png"
    with tempfile.TemporaryDirectory(prefix="emostream-screenshot-") as work:
        cluster = start_small_system(Path(work), window_ms=WINDOW_MS, env={"EMOSTREAM_SCALE": str(SCALE)})
        senders: list[subprocess.Popen[bytes]] = []
        driver = None
        try:
            driver = start_chromium(width=1280, height=1000)
            page = LivePage(driver, cluster.gateway_url)
            page.open()
            page.register("stage-left")
            page.wait_until_live()
            for emoji, rate in TRAFFIC.items():
                senders.append(subprocess.Popen(
                    [binary("emostream"), "send", emoji, "--count", str(rate * 60), "--rate", str(rate),
                     "--users", "5", "--batch", "--batch-size", "10", "--gateway", cluster.gateway_url],
                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                ))
            page.element("stream").click()
            page.wait_for(lambda: len(page.tally()) >= len(TRAFFIC), "every streamed emoji in the tally")
            page.wait_for(lambda: page.floaters() >= 40, "a full swarm")
            time.sleep(2.5)  # let the newest emojis rise into the picture
            page.screenshot(output)
            errors = page.console_errors()
            if errors:
                raise SystemExit(f"console errors: {errors}")
            print(f"wrote {output}")
        finally:
            for sender in senders:
                sender.terminate()
            for sender in senders:
                sender.wait(timeout=10)
            if driver is not None:
                driver.quit()
            cluster.stop()


if __name__ == "__main__":
    main()
