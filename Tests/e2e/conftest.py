"""Fixtures for the end-to-end suite: the real binaries on loopback.

Binaries come from EMOSTREAM_BIN_DIR (default .build/debug under the repository root). Each test starts
what it needs — the whole cluster through `emostream up` on a free port offset, or single services on port
0 — in its own temporary directory, and everything is stopped at teardown whatever happened. When a test
fails, the tail of every service log is attached to its report.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "compat"))  # the reference EFP client and the broker process helper

from broker_process import BrokerProcess  # noqa: E402
from processes import ProcessStartError, ServiceProcess, UpCluster, binary, log_tail  # noqa: E402


def _logs_for_report(request: pytest.FixtureRequest) -> list[Path]:
    if not hasattr(request.node, "_e2e_logs"):
        request.node._e2e_logs = []
    return request.node._e2e_logs


@pytest.fixture
def up_cluster(tmp_path: Path, request: pytest.FixtureRequest):
    """Starts `emostream up` with the given options; stopped (children included) at teardown."""
    started: list[UpCluster] = []

    def start(**options) -> UpCluster:
        work_dir = tmp_path / f"up{len(started)}"
        work_dir.mkdir()
        cluster = UpCluster(work_dir, **options)
        started.append(cluster)
        request.node._e2e_clusters = started
        try:
            cluster.start()
        except ProcessStartError as error:
            pytest.fail(str(error), pytrace=False)
        return cluster

    yield start
    for cluster in started:
        cluster.stop()


class Services:
    """Single services started one by one; all stopped (in reverse order) at teardown."""

    def __init__(self, work_dir: Path, logs: list[Path]) -> None:
        self.work_dir = work_dir
        self.logs = logs
        self.started: list[ServiceProcess] = []
        self.brokers: list[BrokerProcess] = []

    def broker(self) -> BrokerProcess:
        work_dir = self.work_dir / f"broker{len(self.brokers)}"
        work_dir.mkdir()
        broker = BrokerProcess(binary("emostream-broker"), work_dir)
        self.brokers.append(broker)
        self.logs.append(broker.log_path)
        broker.start()
        return broker

    def start(self, name: str, executable: str, args: list[str], **readiness) -> ServiceProcess:
        self.logs.append(self.work_dir / f"{name}.log")
        service = ServiceProcess(name, executable, args, self.work_dir, **readiness)
        self.started.append(service)
        return service

    def stop_all(self) -> None:
        for service in reversed(self.started):
            service.stop()
        for broker in self.brokers:
            broker.stop()


@pytest.fixture
def services(tmp_path: Path, request: pytest.FixtureRequest):
    started = Services(tmp_path, _logs_for_report(request))
    try:
        yield started
    finally:
        started.stop_all()


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


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    outcome = yield
    report = outcome.get_result()
    if not report.failed:
        return
    paths = list(getattr(item, "_e2e_logs", []))
    for cluster in getattr(item, "_e2e_clusters", []):
        paths += cluster.log_paths()
    for path in paths:
        report.sections.append((f"log {path.name} ({path})", log_tail(path, 40)))
