"""Must show: schemathesis against proto-docs/openapi.yaml and the running gateway finds no 5xx and no
answer that breaks the spec.

Every documented operation is fuzzed with valid and with invalid inputs (schemathesis's Python API; its
pytest plugin does not run under pytest 9) and every answer goes through schemathesis's default checks: no
server error, a documented status, content type, headers and body schema, invalid data refused, valid data
accepted. The gateway and broker are real processes shared by the module, with heartbeats from two fake
subscribers so registration can succeed. Rate limits are raised out of reach: 429 is documented, but it
would hide what the routes answer.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode

from emostream_harness import Processes, wait_until_healthy
from heartbeats import HeartbeatThread

SPEC = Path(__file__).resolve().parents[2] / "proto-docs" / "openapi.yaml"
EXAMPLES_PER_OPERATION = 20
SECRET = "openapi-suite-secret"
# The spec's string format `emoji` (one emoji grapheme): emoji-presentation characters, text-default ones with
# U+FE0F, skin tones, keycaps, flags, tag sequences and ZWJ sequences.
SINGLE_EMOJI = ["😊", "❤️", "👍🏽", "#️⃣", "🇮🇳", "🏴\U000E0067\U000E0062\U000E0073\U000E0063\U000E0074\U000E007F",
                "👨‍👩‍👧", "🧑🏾‍🚀", "☀️", "🫠"]
schemathesis.openapi.format("emoji", st.sampled_from(SINGLE_EMOJI))
SCHEMA = schemathesis.openapi.from_path(SPEC)
OPERATIONS = {operation.label: operation for operation in (result.ok() for result in SCHEMA.get_all_operations())}
# Invalid inputs exist only where there is an input: the operations with a request body.
CASES = [(label, GenerationMode.POSITIVE) for label in sorted(OPERATIONS)] + [
    (label, GenerationMode.NEGATIVE) for label in sorted(OPERATIONS) if OPERATIONS[label].body
]


@pytest.fixture(scope="module")
def gateway_url(tmp_path_factory: pytest.TempPathFactory):
    """One broker and gateway for the whole module (hypothesis makes hundreds of requests), and two fake
    subscribers heartbeating, so registrations have somewhere to go."""
    started = Processes(tmp_path_factory.mktemp("openapi"))
    try:
        broker = started.broker()
        gateway = started.gateway(broker.bootstrap, "--secret", SECRET, "--rate-limit-per-second", "1000000",
                                  "--rate-limit-burst", "1000000")
        with HeartbeatThread(broker.bootstrap, [(0, 0), (1, 2)]):
            wait_until_healthy(gateway.url, live_subscribers=2)
            yield gateway.url
    except BaseException:
        for process in started.started:
            print(f"--- {process.name} log\n{process.log_tail()}")
        raise
    finally:
        started.stop_all()


@pytest.mark.parametrize(("label", "mode"), CASES, ids=[f"{label} {mode.value}" for label, mode in CASES])
def test_gateway_answers_as_its_openapi_spec_says(gateway_url: str, label: str, mode: GenerationMode):
    operation = OPERATIONS[label]

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    def answers_conform(case):
        case.call_and_validate(base_url=gateway_url)

    answers_conform()
