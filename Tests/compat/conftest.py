"""Fixtures for the real-client compatibility suite.

The suite builds nothing. It runs the broker binary named by
EMOSTREAM_BROKER_BIN (default: .build/debug/emostream-broker under the
repository root), one fresh broker per test on a free loopback port with its
own temporary data directory, and stops it afterwards whatever happened.
When a test fails, the broker's log is attached to the report.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from broker_process import BrokerProcess  # noqa: E402

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def broker_binary() -> Path:
    configured = os.environ.get("EMOSTREAM_BROKER_BIN")
    binary = Path(configured) if configured else REPO_ROOT / ".build" / "debug" / "emostream-broker"
    if not binary.is_absolute():
        binary = REPO_ROOT / binary
    if not os.access(binary, os.X_OK):
        pytest.fail(
            f"broker binary {binary} not found: build it first with"
            " `swift build --product emostream-broker` or set EMOSTREAM_BROKER_BIN",
            pytrace=False,
        )
    return binary


@pytest.fixture(scope="session", autouse=True)
def required_tools() -> None:
    missing = [tool for tool in ("kcat",) if shutil.which(tool) is None]
    if missing:
        pytest.fail(f"missing tools {missing}: run scripts/install-deps.sh", pytrace=False)


@pytest.fixture
def broker_factory(broker_binary: Path, tmp_path: Path, request: pytest.FixtureRequest):
    """Starts brokers with extra command-line flags; every one is stopped at teardown."""
    started: list[BrokerProcess] = []

    def start(*extra_args: str) -> BrokerProcess:
        work_dir = tmp_path / f"broker{len(started)}"
        work_dir.mkdir()
        broker = BrokerProcess(broker_binary, work_dir, list(extra_args))
        started.append(broker)
        request.node._compat_brokers = started
        broker.start()
        return broker

    yield start
    for broker in started:
        broker.stop()


@pytest.fixture
def broker(broker_factory) -> BrokerProcess:
    """One broker with default settings: bootstrap is ``broker.bootstrap``."""
    return broker_factory()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    outcome = yield
    report = outcome.get_result()
    if report.failed:
        for index, broker in enumerate(getattr(item, "_compat_brokers", [])):
            state = "alive" if broker.is_alive() else f"exited ({broker.process.returncode if broker.process else '-'})"
            report.sections.append(
                (f"broker {index} log ({state}, {broker.log_path})", broker.log_tail(120))
            )
