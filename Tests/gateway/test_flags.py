"""Bad gateway flags stop the gateway at start, before it binds or dials anything, with a message that names
the flag: a typo in a deployment must not turn into a gateway that runs with a value librdkafka rejects later."""

from __future__ import annotations

import os
import subprocess

import pytest

from emostream_harness import binary

LINGER_RANGE = "--linger-ms must be between 0 and 900000"


@pytest.mark.parametrize(
    ("flags", "environment", "message"),
    [
        (["--linger-ms=-1"], {}, LINGER_RANGE),
        (["--linger-ms", "900001"], {}, LINGER_RANGE),
        # The environment variable goes through the same validation as the flag.
        ([], {"EMOSTREAM_LINGER_MS": "-5"}, LINGER_RANGE),
        (["--produce-timeout-ms", "0"], {}, "timeouts and limits must be positive"),
        (["--max-body-bytes", "0"], {}, "timeouts and limits must be positive"),
        (["--rate-limit-burst", "0"], {}, "--rate-limit-per-second and --rate-limit-burst must be positive"),
    ],
)
def test_a_bad_flag_stops_the_gateway_with_a_message_naming_it(
    flags: list[str], environment: dict[str, str], message: str
):
    # Port 0 and an address nothing listens on: if validation let the value through, the gateway would start
    # and keep running, and the timeout below would fail the test.
    result = subprocess.run(
        [binary("emostream-gateway"), "--port", "0", "--brokers", "127.0.0.1:1", *flags],
        capture_output=True, text=True, timeout=30,
        env={**{k: v for k, v in os.environ.items() if not k.startswith("EMOSTREAM_")}, **environment},
    )
    assert result.returncode != 0
    assert message in result.stderr
