"""Fixtures for the real-client compatibility suite.

The processes come from the shared harness (Tests/pyharness): one fresh broker per test on a free loopback
port with its own temporary data directory, stopped afterwards whatever happened, its log in the report of
a failed test.
"""

from __future__ import annotations

import shutil

import pytest

from emostream_harness import Broker, Processes



@pytest.fixture(scope="session", autouse=True)
def required_tools() -> None:
    missing = [tool for tool in ("kcat",) if shutil.which(tool) is None]
    if missing:
        pytest.fail(f"missing tools {missing}: run scripts/install-deps.sh", pytrace=False)


@pytest.fixture
def broker_factory(processes: Processes):
    """Starts a broker with extra command-line flags."""
    return processes.broker


@pytest.fixture
def broker(processes: Processes) -> Broker:
    """One broker with default settings: bootstrap is ``broker.bootstrap``."""
    return processes.broker()
