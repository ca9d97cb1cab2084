"""Fixtures for the browser suite: the live page in headless Chromium against a real system.

The system is `emostream up` with one cluster of one subscriber, started once
for the session through the shared harness (Tests/pyharness: binaries from
EMOSTREAM_BIN_DIR, ports shifted by a free `--port-offset`, data and logs in a
temporary folder) and stopped at the end whatever happened. Each test gets a
fresh Chromium (a new profile, so nothing is shared between tests). Screenshots
go to EMOSTREAM_ARTIFACTS_DIR (default: a folder in the system's temporary
directory, printed at the end of the run). When a test fails, the services'
logs are attached to the report.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from browser import start_chromium
from cluster import start_small_system
from emostream_harness import EmoStreamUp
from live_page import LivePage


def artifacts_path() -> Path:
    configured = os.environ.get("EMOSTREAM_ARTIFACTS_DIR")
    return Path(configured) if configured else Path(tempfile.gettempdir()) / "emostream-browser-artifacts"


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    directory = artifacts_path()
    directory.mkdir(parents=True, exist_ok=True)
    return directory


@pytest.fixture(scope="session")
def cluster(tmp_path_factory: pytest.TempPathFactory):
    system = start_small_system(tmp_path_factory.mktemp("emostream"))
    try:
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
def live_page(chromium, cluster: EmoStreamUp, request: pytest.FixtureRequest) -> LivePage:
    page = LivePage(chromium, cluster.gateway_url)
    request.node._live_pages = [page]
    request.node._cluster = cluster
    return page


@pytest.fixture
def phone_page(phone, cluster: EmoStreamUp, request: pytest.FixtureRequest) -> LivePage:
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
        report.sections.extend(cluster.report_sections())


def pytest_terminal_summary(terminalreporter) -> None:
    directory = artifacts_path()
    if directory.exists() and any(directory.glob("*.png")):
        terminalreporter.write_line(f"browser screenshots: {directory}")
