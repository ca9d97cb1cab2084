"""Fixtures of the deployment suite: binaries from EMOSTREAM_BIN_DIR (default .build/debug), and on failure
the tail of every service log a test registered, so a red run says what each service said."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from deploy_support import ServiceProcess  # noqa: E402


@pytest.fixture
def service_logs(request: pytest.FixtureRequest) -> list[ServiceProcess]:
    """Tests append the processes whose logs should be attached to a failure report."""
    registered: list[ServiceProcess] = []
    request.node._deploy_services = registered
    return registered


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    outcome = yield
    report = outcome.get_result()
    if report.failed:
        for service in getattr(item, "_deploy_services", []):
            state = "running" if service.is_alive() else f"exited {service.process.returncode if service.process else '-'}"
            report.sections.append((f"{service.name} log ({state}, {service.log_path})", service.log_tail(80)))
