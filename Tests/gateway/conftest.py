"""Fixtures for the gateway suite: real emostream-broker and emostream-gateway processes.

The suite builds nothing. It runs the binaries in EMOSTREAM_BIN_DIR (default: .build/debug under the
repository root), each test with its own broker on a free loopback port and a temporary data directory,
and stops every process afterwards whatever happened. A failing test gets the processes' logs attached.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from services import Broker, Gateway, Service  # noqa: E402

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def bin_dir() -> Path:
    configured = os.environ.get("EMOSTREAM_BIN_DIR")
    directory = Path(configured) if configured else REPO_ROOT / ".build" / "debug"
    if not directory.is_absolute():
        directory = REPO_ROOT / directory
    missing = [name for name in ("emostream-broker", "emostream-gateway") if not os.access(directory / name, os.X_OK)]
    if missing:
        pytest.fail(
            f"{missing} not found in {directory}: build them (`swift build`) or set EMOSTREAM_BIN_DIR",
            pytrace=False,
        )
    return directory


@pytest.fixture
def services(request: pytest.FixtureRequest):
    """Every process a test starts, stopped at teardown and shown in the report when the test fails."""
    started: list[Service] = []
    request.node._gateway_suite_services = started
    yield started
    for service in reversed(started):
        service.stop()


@pytest.fixture
def broker(bin_dir: Path, tmp_path: Path, services: list[Service]) -> Broker:
    """A running broker; `broker.kill()` then `broker.start()` restarts it on the same port and data."""
    broker = Broker(bin_dir / "emostream-broker", tmp_path / "broker")
    services.append(broker)
    broker.start()
    return broker


@pytest.fixture
def gateway_factory(bin_dir: Path, tmp_path: Path, services: list[Service], broker: Broker):
    """Starts a gateway pointed at `broker` with extra flags, and waits until it is healthy."""

    def start(*extra_args: str) -> Gateway:
        gateway = Gateway(bin_dir / "emostream-gateway", tmp_path / f"gateway{len(services)}", broker.bootstrap,
                          list(extra_args))
        services.append(gateway)
        gateway.start()
        return gateway

    return start


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    outcome = yield
    report = outcome.get_result()
    if report.failed:
        for service in getattr(item, "_gateway_suite_services", []):
            state = "alive" if service.is_alive() else "exited"
            report.sections.append((f"{service.name} log ({state}, {service.log_path})", service.log_tail(120)))
