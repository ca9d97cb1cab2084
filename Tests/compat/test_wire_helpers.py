"""Checks the suite's own hand-built wire encoder against kafka-python's decoder,
so that a bad-input test failing on "CRC" is a broker finding, not a helper bug.
Needs no broker."""

import struct

from kafka.record.default_records import DefaultRecordBatch
from kafka.record import _crc32c

import kafka_wire


def test_crc32c_matches_known_vector_and_kafka_python():
    # The standard check value of CRC-32C over the ASCII digits 1..9.
    assert kafka_wire.crc32c(b"123456789") == 0xE3069283
    sample = bytes(range(256)) * 3
    assert kafka_wire.crc32c(sample) == _crc32c.crc(sample)


def test_record_batch_decodes_with_kafka_python():
    records = [(b"k1", b"v1"), (None, b"value-two"), (b"k3", None)]
    raw = kafka_wire.record_batch(records, base_timestamp_ms=1_700_000_000_000)
    batch = DefaultRecordBatch(bytearray(raw))
    assert batch.validate_crc()
    assert batch.magic == 2
    assert batch.records_count == 3
    assert [(r.key, r.value, r.offset) for r in batch] == [
        (b"k1", b"v1", 0), (None, b"value-two", 1), (b"k3", None, 2)]


def test_corrupt_batch_fails_kafka_python_crc_check():
    raw = kafka_wire.record_batch([(b"k", b"v")], corrupt_crc=True)
    assert not DefaultRecordBatch(bytearray(raw)).validate_crc()


def test_produce_v3_body_layout():
    records = kafka_wire.record_batch([(b"k", b"v")])
    body = kafka_wire.produce_v3_body("t", 2, records, acks=-1, timeout_ms=1234)
    assert body[:2] == struct.pack(">h", -1)
    assert struct.unpack_from(">hi", body, 2) == (-1, 1234)
    assert body.endswith(struct.pack(">i", len(records)) + records)


def test_produce_v3_response_parser():
    body = (struct.pack(">i", 1) + kafka_wire.kafka_string("t") + struct.pack(">i", 1)
            + struct.pack(">ihqq", 0, 2, -1, -1) + struct.pack(">i", 0))
    assert kafka_wire.parse_produce_v3_response(body) == {("t", 0): (2, -1)}


def test_flexible_api_versions_request_decodes_with_kafka_python():
    from kafka.protocol.metadata.api_versions import ApiVersionsRequest
    frame = kafka_wire.flexible_request_frame(kafka_wire.API_VERSIONS, 3, 9, kafka_wire.api_versions_v3_body("sw", "2"))
    decoded = ApiVersionsRequest.decode(frame, version=3, header=True, framed=True)
    assert (decoded.client_software_name, decoded.client_software_version) == ("sw", "2")
    assert decoded._header.correlation_id == 9
