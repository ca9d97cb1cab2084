"""Must show (f): bad input on a live broker, while a well-behaved producer and
consumer keep working, leaves the log unchanged and the broker serving.

Each bad input goes on its own raw TCP connection. Accepted reactions are the
ones the design allows: a clear error answer or a closed connection. Never a
crash, never a hang of other clients, never a byte added to the log.
"""

from __future__ import annotations

import random
import struct
import time

import kafka_wire
import kcat_tool
from clients import DeliveryLog, create_topics, produce_all, producer
from kafka_wire import WireConnection
from steady_traffic import SteadyTraffic

MAX_REQUEST_BYTES = 1_048_576


def _assert_serving(broker, after: str) -> None:
    assert broker.is_alive(), f"broker died after {after} (exit {broker.process.returncode})"
    ranges = kafka_wire.api_versions(broker.bootstrap)
    assert kafka_wire.API_PRODUCE in ranges, f"ApiVersions after {after} lacks Produce: {ranges}"


def _send_and_observe(bootstrap: str, data: bytes, *, close_early: bool = False, wait_s: float = 5) -> str:
    with WireConnection(bootstrap) as connection:
        try:
            connection.send(data)
        except (BrokenPipeError, ConnectionResetError):
            return "closed"
        if close_early:
            return "closed-by-us"
        return connection.outcome(wait_s=wait_s)


def _oversized_and_malformed_frames(broker) -> dict[str, str]:
    """Frames the broker must refuse at the framing layer; returns name -> outcome."""
    header = struct.pack(">hhi", kafka_wire.API_VERSIONS, 0, 1) + kafka_wire.kafka_string("bad")
    cases = {
        "length max+1": struct.pack(">i", MAX_REQUEST_BYTES + 1) + header + b"\0" * 4096,
        "length 2^31-1": struct.pack(">i", 0x7FFFFFFF) + header,
        "length -5": struct.pack(">i", -5) + header,
        "length 0": struct.pack(">i", 0),
        "length 3 (shorter than a header)": struct.pack(">i", 3) + b"\0\x12\0",
    }
    outcomes = {}
    for name, data in cases.items():
        outcomes[name] = _send_and_observe(broker.bootstrap, data)
        _assert_serving(broker, name)
    return outcomes


def _random_frames(broker, count: int = 120) -> dict[str, int]:
    """Random frames; returns how often each reaction was seen (for the failure message)."""
    generator = random.Random(20261130)
    reactions: dict[str, int] = {}
    for index in range(count):
        if index % 2:
            body = generator.randbytes(generator.randrange(0, 400))
        else:
            # A plausible header in front of random bytes reaches the request decoders.
            api_key = generator.choice([0, 1, 2, 3, 18, 19])
            body = (struct.pack(">hhi", api_key, generator.randrange(0, 12), index)
                    + kafka_wire.kafka_string("fuzz") + generator.randbytes(generator.randrange(0, 300)))
        outcome = _send_and_observe(broker.bootstrap, struct.pack(">i", len(body)) + body, wait_s=1)
        reactions[outcome.split(":")[0]] = reactions.get(outcome.split(":")[0], 0) + 1
        if index % 20 == 19:
            _assert_serving(broker, f"random frame #{index} (reactions so far: {reactions})")
    return reactions


def test_bad_input_leaves_log_unchanged_and_other_clients_unaffected(broker_factory, tmp_path):
    """(f) Oversized/negative/zero lengths, cut-off frames, random bodies, unknown API key,
    a bad-CRC Produce: broker alive, other clients fine, kcat dump of the log identical."""
    broker = broker_factory("--max-request-bytes", str(MAX_REQUEST_BYTES))
    create_topics(broker.bootstrap, {"compat-precious": 2, "compat-steady": 1})
    log = DeliveryLog()
    produce_all(producer(broker.bootstrap), "compat-precious",
                [(f"k{i}".encode(), f"precious-{i}".encode()) for i in range(500)], log)
    assert not log.failed
    before = kcat_tool.consume_all(broker.bootstrap, "compat-precious", expect=500)

    traffic = SteadyTraffic(broker.bootstrap, "compat-steady", tmp_path / "steady-kcat.stderr").start()
    try:
        time.sleep(1)
        acked_at_start = traffic.acked_count()
        framing = _oversized_and_malformed_frames(broker)
        print(f"framing outcomes: {framing}")
        for name in ("length max+1", "length 2^31-1", "length -5"):
            assert framing[name] != "open", f"{name}: broker kept the connection open and silent for 5s"

        _send_and_observe(broker.bootstrap, struct.pack(">i", 200) + b"\0\x03\0\x01" + b"\0" * 40,
                          close_early=True)
        _assert_serving(broker, "a frame cut off mid-way")

        print(f"random frame reactions: {_random_frames(broker)}")

        unknown = _unknown_api_key_outcome(broker.bootstrap)
        assert unknown in ("closed", "error 35"), f"unknown API key: {unknown}"
        _assert_serving(broker, "unknown API key")

        corrupt = _produce_raw(broker.bootstrap, "compat-precious", 0, corrupt_crc=True)
        assert corrupt == kafka_wire.ERROR_CORRUPT_MESSAGE, f"bad-CRC Produce v3 answered error {corrupt}, expected 2"
        _assert_serving(broker, "bad-CRC Produce")

        time.sleep(1)
        assert traffic.acked_count() > acked_at_start, "steady producer got no acks while bad input went on"
    finally:
        traffic.stop()
    assert not traffic.problems(), traffic.problems()
    assert traffic.acked_count() > 50

    after = kcat_tool.consume_all(broker.bootstrap, "compat-precious", expect=500)
    assert after == before, "the log of compat-precious changed"
    assert "compat-precious" in kcat_tool.metadata_text(broker.bootstrap)
    assert broker.is_alive()


def _unknown_api_key_outcome(bootstrap: str) -> str:
    with WireConnection(bootstrap) as connection:
        connection.send(kafka_wire.request_frame(1000, 0, 77, b""))
        try:
            correlation_id, body = connection.read_response()
        except (ConnectionError, OSError):
            return "closed"
    if correlation_id != 77:
        return f"answer with correlation id {correlation_id} instead of 77"
    if len(body) >= 2 and struct.unpack_from(">h", body)[0] == kafka_wire.ERROR_UNSUPPORTED_VERSION:
        return "error 35"
    return f"answer without error 35: {body[:32].hex()}"


def _produce_raw(bootstrap: str, topic: str, partition: int, *, corrupt_crc: bool) -> int:
    batch = kafka_wire.record_batch([(b"wire-key", b"wire-value"), (None, b"second")], corrupt_crc=corrupt_crc)
    with WireConnection(bootstrap) as connection:
        response = connection.request(kafka_wire.API_PRODUCE, 3, 4242,
                                      kafka_wire.produce_v3_body(topic, partition, batch))
    results = kafka_wire.parse_produce_v3_response(response)
    assert list(results) == [(topic, partition)], results
    return results[(topic, partition)][0]


def test_hand_built_produce_v3_is_accepted(broker):
    """(f) Control for the bad-CRC case: the same hand-built Produce v3 with a correct
    CRC succeeds and kcat reads both records, so error 2 above is about the CRC alone."""
    create_topics(broker.bootstrap, {"compat-wire-ok": 1})
    assert _produce_raw(broker.bootstrap, "compat-wire-ok", 0, corrupt_crc=False) == kafka_wire.ERROR_NONE
    messages = kcat_tool.consume_all(broker.bootstrap, "compat-wire-ok", expect=2)
    assert [(m.offset, m.key, m.value) for m in messages] == [(0, "wire-key", "wire-value"), (1, "", "second")]


def test_api_versions_unsupported_version_answers_error_35_in_v0_format(broker):
    """(f) ApiVersions v99 sent as a newer client would (flexible header v2, v3-style body):
    error 35 with a v0 body listing ApiVersions, so the client can retry at a version we have."""
    with WireConnection(broker.bootstrap) as connection:
        connection.send(kafka_wire.flexible_request_frame(kafka_wire.API_VERSIONS, 99, 5,
                                                          kafka_wire.api_versions_v3_body()))
        correlation_id, body = connection.read_response()
    assert correlation_id == 5
    error_code, ranges = kafka_wire.parse_api_versions_body(body)
    assert error_code == kafka_wire.ERROR_UNSUPPORTED_VERSION
    assert kafka_wire.API_VERSIONS in ranges, ranges
    _assert_serving(broker, "ApiVersions v99")


def test_pipelined_requests_answered_in_order(broker):
    """(f) Several requests in one TCP write are answered in request order (correlation ids)."""
    frames = b"".join(kafka_wire.request_frame(kafka_wire.API_VERSIONS, 0, cid, b"") for cid in range(10, 30))
    with WireConnection(broker.bootstrap) as connection:
        connection.send(frames)
        assert [connection.read_response()[0] for _ in range(20)] == list(range(10, 30))
