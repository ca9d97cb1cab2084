"""Hand-built Kafka wire messages for the bad-input tests.

Real clients never send a batch with a wrong CRC or a frame of -5 bytes, so
these tests need their own encoder. Everything here is written from the Kafka
protocol description (request header v1, Produce v3, RecordBatch v2 with a
CRC-32C over bytes 21..end) with `struct`; test_wire_helpers.py checks it
against kafka-python's decoder so a bug here cannot pass for a broker bug.
"""

from __future__ import annotations

import socket
import struct
import time

API_PRODUCE = 0
API_METADATA = 3
API_VERSIONS = 18

ERROR_NONE = 0
ERROR_CORRUPT_MESSAGE = 2
ERROR_UNSUPPORTED_VERSION = 35


# -- CRC-32C (Castagnoli, reflected polynomial 0x82F63B78) -------------------

def _crc32c_table() -> list[int]:
    table = []
    for byte in range(256):
        crc = byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0x82F63B78 if crc & 1 else crc >> 1
        table.append(crc)
    return table


_CRC32C_TABLE = _crc32c_table()


def crc32c(data: bytes) -> int:
    crc = 0xFFFFFFFF
    for byte in data:
        crc = _CRC32C_TABLE[(crc ^ byte) & 0xFF] ^ (crc >> 8)
    return crc ^ 0xFFFFFFFF


# -- primitives --------------------------------------------------------------

def zigzag_varint(value: int) -> bytes:
    encoded = (value << 1) ^ (value >> 63)
    out = bytearray()
    while True:
        bits = encoded & 0x7F
        encoded >>= 7
        if encoded:
            out.append(bits | 0x80)
        else:
            out.append(bits)
            return bytes(out)


def kafka_string(text: str | None) -> bytes:
    if text is None:
        return struct.pack(">h", -1)
    raw = text.encode()
    return struct.pack(">h", len(raw)) + raw


def kafka_bytes(raw: bytes | None) -> bytes:
    if raw is None:
        return struct.pack(">i", -1)
    return struct.pack(">i", len(raw)) + raw


def _varint_bytes(raw: bytes | None) -> bytes:
    if raw is None:
        return zigzag_varint(-1)
    return zigzag_varint(len(raw)) + raw


# -- RecordBatch v2 ----------------------------------------------------------

def record_batch(records: list[tuple[bytes | None, bytes | None]], *, base_timestamp_ms: int | None = None,
                 corrupt_crc: bool = False) -> bytes:
    """An uncompressed RecordBatch v2 (magic 2) holding (key, value) records."""
    timestamp = int(time.time() * 1000) if base_timestamp_ms is None else base_timestamp_ms
    body_records = bytearray()
    for offset_delta, (key, value) in enumerate(records):
        record = (
            struct.pack(">b", 0)            # attributes
            + zigzag_varint(0)              # timestampDelta
            + zigzag_varint(offset_delta)
            + _varint_bytes(key)
            + _varint_bytes(value)
            + zigzag_varint(0)              # headers count
        )
        body_records += zigzag_varint(len(record)) + record
    after_crc = (
        struct.pack(">h", 0)                # attributes: no compression, CreateTime
        + struct.pack(">i", len(records) - 1)
        + struct.pack(">q", timestamp)
        + struct.pack(">q", timestamp)
        + struct.pack(">q", -1)             # producerId
        + struct.pack(">h", -1)             # producerEpoch
        + struct.pack(">i", -1)             # baseSequence
        + struct.pack(">i", len(records))
        + bytes(body_records)
    )
    crc = crc32c(after_crc)
    if corrupt_crc:
        crc ^= 0xDEADBEEF
    after_length = struct.pack(">i", -1) + struct.pack(">b", 2) + struct.pack(">I", crc) + after_crc
    return struct.pack(">q", 0) + struct.pack(">i", len(after_length)) + after_length


# -- requests ----------------------------------------------------------------

def request_frame(api_key: int, api_version: int, correlation_id: int, body: bytes,
                  client_id: str | None = "compat-wire") -> bytes:
    """Length prefix + request header v1 + body."""
    header = struct.pack(">hhi", api_key, api_version, correlation_id) + kafka_string(client_id)
    payload = header + body
    return struct.pack(">i", len(payload)) + payload


def flexible_request_frame(api_key: int, api_version: int, correlation_id: int, body: bytes,
                           client_id: str = "compat-wire") -> bytes:
    """Length prefix + request header v2 (v1 plus an empty tagged-field section) + body."""
    header = struct.pack(">hhi", api_key, api_version, correlation_id) + kafka_string(client_id) + b"\x00"
    payload = header + body
    return struct.pack(">i", len(payload)) + payload


def compact_string(text: str) -> bytes:
    raw = text.encode()
    if len(raw) + 1 >= 0x80:
        raise ValueError("compact strings here stay below 127 bytes")
    return bytes([len(raw) + 1]) + raw


def api_versions_v3_body(software: str = "emostream-compat", version: str = "1.0") -> bytes:
    """ApiVersions v3+ body: client software name and version (compact strings), no tagged fields."""
    return compact_string(software) + compact_string(version) + b"\x00"


def produce_v3_body(topic: str, partition: int, records: bytes, *, acks: int = -1, timeout_ms: int = 5000) -> bytes:
    return (
        kafka_string(None)                  # transactional_id
        + struct.pack(">hi", acks, timeout_ms)
        + struct.pack(">i", 1) + kafka_string(topic)
        + struct.pack(">i", 1) + struct.pack(">i", partition) + kafka_bytes(records)
    )


def parse_produce_v3_response(body: bytes) -> dict[tuple[str, int], tuple[int, int]]:
    """{(topic, partition): (error_code, base_offset)} from a Produce v3 response body."""
    results: dict[tuple[str, int], tuple[int, int]] = {}
    position = 0

    def take(fmt: str):
        nonlocal position
        values = struct.unpack_from(fmt, body, position)
        position += struct.calcsize(fmt)
        return values

    (topic_count,) = take(">i")
    for _ in range(topic_count):
        (name_length,) = take(">h")
        name = body[position:position + name_length].decode()
        position += name_length
        (partition_count,) = take(">i")
        for _ in range(partition_count):
            index, error_code, base_offset, _log_append_time = take(">ihqq")
            results[(name, index)] = (error_code, base_offset)
    take(">i")                              # throttle_time_ms
    if position != len(body):
        raise ValueError(f"{len(body) - position} unexpected trailing bytes in Produce v3 response")
    return results


def parse_api_versions_body(body: bytes) -> tuple[int, dict[int, tuple[int, int]]]:
    """(error_code, {api_key: (min, max)}) from an ApiVersions v0 body."""
    error_code, count = struct.unpack_from(">hi", body, 0)
    ranges = {}
    for index in range(count):
        key, low, high = struct.unpack_from(">hhh", body, 6 + 6 * index)
        ranges[key] = (low, high)
    return error_code, ranges


# -- a blocking connection ---------------------------------------------------

class WireConnection:
    """One TCP connection speaking raw frames; responses use header v0 (correlation id only)."""

    def __init__(self, bootstrap: str, timeout: float = 10.0):
        host, port = bootstrap.rsplit(":", 1)
        self.sock = socket.create_connection((host, int(port)), timeout=timeout)
        self.sock.settimeout(timeout)

    def close(self) -> None:
        self.sock.close()

    def __enter__(self) -> WireConnection:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def send(self, data: bytes) -> None:
        self.sock.sendall(data)

    def _read_exactly(self, count: int) -> bytes:
        chunks = bytearray()
        while len(chunks) < count:
            chunk = self.sock.recv(count - len(chunks))
            if not chunk:
                raise ConnectionError(f"connection closed after {len(chunks)} of {count} bytes")
            chunks += chunk
        return bytes(chunks)

    def read_response(self) -> tuple[int, bytes]:
        """(correlation_id, body) of the next response frame."""
        (length,) = struct.unpack(">i", self._read_exactly(4))
        payload = self._read_exactly(length)
        (correlation_id,) = struct.unpack_from(">i", payload, 0)
        return correlation_id, payload[4:]

    def request(self, api_key: int, api_version: int, correlation_id: int, body: bytes) -> bytes:
        self.send(request_frame(api_key, api_version, correlation_id, body))
        got_id, response = self.read_response()
        if got_id != correlation_id:
            raise AssertionError(f"correlation id {got_id} answered request {correlation_id}")
        return response

    def outcome(self, wait_s: float = 5.0) -> str:
        """What the broker did after bad input: 'closed', 'answered:<n bytes>' or 'open' (silence)."""
        self.sock.settimeout(wait_s)
        try:
            data = self.sock.recv(65536)
        except socket.timeout:
            return "open"
        except ConnectionResetError:
            return "closed"
        return f"answered:{len(data)}" if data else "closed"


def api_versions(bootstrap: str) -> dict[int, tuple[int, int]]:
    """ApiVersions v0 over a fresh connection: proves the broker still serves."""
    with WireConnection(bootstrap) as connection:
        error_code, ranges = parse_api_versions_body(connection.request(API_VERSIONS, 0, 1, b""))
    if error_code != ERROR_NONE:
        raise AssertionError(f"ApiVersions v0 answered error {error_code}")
    return ranges
