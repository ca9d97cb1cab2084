"""Fixtures for the gateway suite: real emostream-broker and emostream-gateway processes.

The processes come from the shared harness (Tests/pyharness): each test gets its own broker on a free loopback
port with a temporary data directory, everything is stopped afterwards whatever happened, and a failing test
gets the processes' logs attached.
"""

from __future__ import annotations

import pytest

from emostream_harness import Broker, Gateway, Processes, wait_until_healthy

SECRET = "gateway-suite-secret"


@pytest.fixture(scope="session", autouse=True)
def json_logs():
    """Every service of this suite logs JSON lines (`EMOSTREAM_LOG_FORMAT=json`), the format log shippers read,
    so that format runs somewhere; the harness reads the gateway's port from it."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("EMOSTREAM_LOG_FORMAT", "json")
        yield


@pytest.fixture
def broker(processes: Processes) -> Broker:
    """A running broker; `broker.kill()` then `broker.start()` restarts it on the same port and data."""
    return processes.broker()


@pytest.fixture
def gateway_factory(processes: Processes, broker: Broker):
    """Starts a gateway pointed at `broker` with extra flags, and waits until it is healthy."""

    def start(*extra_args: str) -> Gateway:
        gateway = processes.gateway(broker.bootstrap, "--secret", SECRET, *extra_args)
        wait_until_healthy(gateway.url)
        return gateway

    return start
