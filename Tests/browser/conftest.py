"""Fixtures for the browser suite: the live page in headless Chromium against a real system.

The suite builds nothing. It runs the binaries in EMOSTREAM_BIN_DIR (default:
.build/debug under the repository root) through `emostream up` — one cluster
with one subscriber, ports shifted by a free `--port-offset`, data and logs in a
temporary folder — once for the session, and stops it at the end whatever
happened. Each test gets a fresh Chromium (a new profile, so nothing is shared
between tests). Screenshots go to EMOSTREAM_ARTIFACTS_DIR (default: a folder
in the system's temporary directory, printed at the end of the run). When a
test fails, the services' logs are attached to the report.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from browser import start_chromium  # noqa: E402
from cluster import EmoStreamCluster  # noqa: E402
from live_page import LivePage  # noqa: E402

REPO_ROOT = Path(__file__).resolve().parents[2]
REQUIRED_BINARIES = (
    "emostream", "emostream-broker", "emostream-gateway", "emostream-aggregator",
    "emostream-cluster-publisher", "emostream-subscriber",
)


@pytest.fixture(scope="session")
def bin_dir() -> Path:
    configured = os.environ.get("EMOSTREAM_BIN_DIR")
    directory = Path(configured) if configured else REPO_ROOT / ".build" / "debug"
    if not directory.is_absolute():
        directory = REPO_ROOT / directory
    missing = [name for name in REQUIRED_BINARIES if not os.access(directory / name, os.X_OK)]
    if missing:
        pytest.fail(
            f"{', '.join(missing)} not found in {directory}: build with `swift build` or set EMOSTREAM_BIN_DIR",
            pytrace=False,
        )
    return directory


def artifacts_path() -> Path:
    configured = os.environ.get("EMOSTREAM_ARTIFACTS_DIR")
    return Path(configured) if configured else Path(tempfile.gettempdir()) / "emostream-browser-artifacts"


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    directory = artifacts_path()
    directory.mkdir(parents=True, exist_ok=True)
    return directory


@pytest.fixture(scope="session")
def cluster(bin_dir: Path, tmp_path_factory: pytest.TempPathFactory):
    system = EmoStreamCluster(bin_dir, tmp_path_factory.mktemp("emostream"))
    try:
        system.start()
        yield system
    finally:
        system.stop()


@pytest.fixture
def chromium(request: pytest.FixtureRequest, tmp_path: Path):
    driver = start_chromium(log_path=tmp_path / "chromedriver.log")
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture
def phone(tmp_path: Path):
    """Chromium emulating a phone's screen: 390 × 844 CSS pixels (an iPhone 12's viewport), mobile layout rules.

    A headless window cannot be narrower than 500 px, so the viewport is set through DevTools instead.
    """
    driver = start_chromium(width=500, height=900, log_path=tmp_path / "chromedriver.log")
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride", {"width": 390, "height": 844, "deviceScaleFactor": 2, "mobile": True}
    )
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture
def live_page(chromium, cluster: EmoStreamCluster, request: pytest.FixtureRequest) -> LivePage:
    page = LivePage(chromium, cluster.gateway_url)
    request.node._live_pages = [page]
    request.node._cluster = cluster
    return page


@pytest.fixture
def phone_page(phone, cluster: EmoStreamCluster, request: pytest.FixtureRequest) -> LivePage:
    page = LivePage(phone, cluster.gateway_url)
    request.node._live_pages = [page]
    request.node._cluster = cluster
    return page


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    outcome = yield
    report = outcome.get_result()
    if not report.failed:
        return
    for page in getattr(item, "_live_pages", []):
        try:
            path = page.screenshot(artifacts_path() / f"{item.name}-failure.png")
            report.sections.append(("live page screenshot", str(path)))
            page.collect_console()
        except Exception as error:  # the browser itself may be what failed
            report.sections.append(("live page screenshot", f"not taken: {error}"))
        report.sections.append(
            ("browser console", "\n".join(f"{e.get('level')} {e.get('message')}" for e in page.console) or "(empty)")
        )
    cluster = getattr(item, "_cluster", None)
    if cluster is not None:
        report.sections.append(("emostream up output", cluster.output_tail()))
        for name, tail in cluster.log_tails().items():
            report.sections.append((f"log {name}", tail))


def pytest_terminal_summary(terminalreporter) -> None:
    directory = artifacts_path()
    if directory.exists() and any(directory.glob("*.png")):
        terminalreporter.write_line(f"browser screenshots: {directory}")
