"""Bad gateway flags stop the gateway at start, before it binds or dials anything, with a message that names
the flag: a typo in a deployment must not turn into a gateway that runs with a value librdkafka rejects later."""

from __future__ import annotations

import subprocess

import pytest

from emostream_harness import binary


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (["--linger-ms=-1"], "--linger-ms must be between 0 and 900000"),
        (["--linger-ms", "900001"], "--linger-ms must be between 0 and 900000"),
        (["--produce-timeout-ms", "0"], "timeouts and limits must be positive"),
        (["--max-body-bytes", "0"], "timeouts and limits must be positive"),
        (["--rate-limit-burst", "0"], "--rate-limit-per-second and --rate-limit-burst must be positive"),
    ],
)
def test_a_bad_flag_stops_the_gateway_with_a_message_naming_it(flags: list[str], message: str):
    # Port 0 and an address nothing listens on: if validation let the value through, the gateway would start
    # and keep running, and the timeout below would fail the test.
    result = subprocess.run(
        [binary("emostream-gateway"), "--port", "0", "--brokers", "127.0.0.1:1", *flags],
        capture_output=True, text=True, timeout=30,
    )
    assert result.returncode != 0
    assert message in result.stderr


def test_linger_ms_is_also_read_from_the_environment():
    # EMOSTREAM_LINGER_MS goes through the same validation as the flag.
    result = subprocess.run(
        [binary("emostream-gateway"), "--port", "0", "--brokers", "127.0.0.1:1"],
        capture_output=True, text=True, timeout=30, env={"EMOSTREAM_LINGER_MS": "-5"},
    )
    assert result.returncode != 0
    assert "--linger-ms must be between 0 and 900000" in result.stderr
