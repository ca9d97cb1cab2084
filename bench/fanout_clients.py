"""Client-side load for bench/fanout_bench.py: thousands of subscriber connections in one asyncio loop per
worker process, speaking EFP (through the codec of Tests/compat/efp_reference_client.py) or NATS core.

Two kinds of workers keep the driver's own cost out of the latency numbers:
- *bulk* workers hold most connections, run at a lower CPU priority and only count what arrives (frame
  lengths and types are read; window bodies are not decoded);
- one *probe* worker holds a few hundred connections and timestamps every window on arrival, decoding it; its
  loop is nearly idle, so a timestamp is taken as soon as the kernel hands over the bytes.

A worker is driven over a multiprocessing pipe: ("connect", specs) → ("connected", ok, failures);
("reset",) → ("reset", t) clears the counters; ("report",) → ("report", deliveries per room, samples per
probe connection, close reasons); ("close",).
"""

from __future__ import annotations

import asyncio
import json
import os
import struct
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "Tests" / "compat"))

from efp_reference_client import (  # noqa: E402
    ERROR, GOODBYE, PING, WELCOME, WINDOW, Hello, Pong, RoomPosition, Window, decode_body, encode_frame,
)

CONNECT_CONCURRENCY = 200
HANDSHAKE_TIMEOUT_S = 60.0
_LENGTH = struct.Struct(">I")
_ROOM_LENGTH = struct.Struct(">H")


class CountingConnection(asyncio.Protocol):
    """What both kinds of viewer keep: readiness, windows counted per room, probe samples, why it closed."""

    def __init__(self, probe: bool) -> None:
        self.probe = probe
        self.ready: asyncio.Future = asyncio.get_running_loop().create_future()
        self.transport: asyncio.Transport | None = None
        self.buffer = b""
        # Windows per room (the room's UTF-8 bytes); only the room is read, not the window.
        self.windows: dict[bytes, int] = {}
        self.samples: list[tuple[str, int, float]] = []
        self.closed_reason: str | None = None

    def connection_lost(self, exc) -> None:
        self.closed_reason = self.closed_reason or f"connection lost: {exc!r}"
        if not self.ready.done():
            self.ready.set_exception(ConnectionError(self.closed_reason))


class EFPConnection(CountingConnection):
    """One viewer: HELLO, then counts WINDOW frames per room, answers PINGs; a probe also records (room, seq,
    time)."""

    def __init__(self, hello: bytes, probe: bool) -> None:
        super().__init__(probe)
        self.hello = hello

    def connection_made(self, transport) -> None:
        self.transport = transport
        transport.write(self.hello)

    def data_received(self, data: bytes) -> None:
        now = time.time()
        buffer = self.buffer + data if self.buffer else data
        offset, end = 0, len(buffer)
        while end - offset >= 5:
            (length,) = _LENGTH.unpack_from(buffer, offset)
            if end - offset - 4 < length:
                break
            frame_type = buffer[offset + 4]
            if frame_type == WINDOW:
                # type, flags, then the room: a u16 length and its bytes.
                (room_length,) = _ROOM_LENGTH.unpack_from(buffer, offset + 6)
                room = buffer[offset + 8:offset + 8 + room_length]
                self.windows[room] = self.windows.get(room, 0) + 1
                if self.probe:
                    window = decode_body(buffer[offset + 4:offset + 4 + length])
                    assert isinstance(window, Window)
                    self.samples.append((window.room, window.seq, now))
            elif frame_type == PING:
                self.transport.write(encode_frame(Pong(struct.unpack_from(">Q", buffer, offset + 5)[0])))
            elif frame_type == WELCOME:
                if not self.ready.done():
                    self.ready.set_result(True)
            elif frame_type in (ERROR, GOODBYE):
                self.closed_reason = repr(decode_body(buffer[offset + 4:offset + 4 + length]))
                if not self.ready.done():
                    self.ready.set_exception(ConnectionError(self.closed_reason))
            offset += 4 + length
        self.buffer = buffer[offset:]


class NATSConnection(CountingConnection):
    """One NATS core subscriber: CONNECT, SUB, PING; ready at the PONG; counts MSGs, answers PINGs."""

    def __init__(self, subject: str, probe: bool) -> None:
        super().__init__(probe)
        self.subject = subject
        self.room = subject.rsplit(".", 1)[-1].encode()

    def connection_made(self, transport) -> None:
        self.transport = transport
        transport.write(
            b'CONNECT {"verbose":false,"pedantic":false,"protocol":1,"name":"fanout-bench"}\r\n'
            + f"SUB {self.subject} 1\r\nPING\r\n".encode()
        )

    def data_received(self, data: bytes) -> None:
        now = time.time()
        buffer = self.buffer + data if self.buffer else data
        offset, end = 0, len(buffer)
        while offset < end:
            line_end = buffer.find(b"\r\n", offset)
            if line_end < 0:
                break
            if buffer.startswith(b"MSG ", offset):
                size = int(buffer[buffer.rfind(b" ", offset, line_end) + 1:line_end])
                if end - line_end - 2 < size + 2:
                    break
                self.windows[self.room] = self.windows.get(self.room, 0) + 1
                if self.probe:
                    payload = json.loads(buffer[line_end + 2:line_end + 2 + size])
                    self.samples.append((payload["room"], payload["seq"], now))
                offset = line_end + 2 + size + 2
                continue
            if buffer.startswith(b"PING", offset):
                self.transport.write(b"PONG\r\n")
            elif buffer.startswith(b"PONG", offset):
                if not self.ready.done():
                    self.ready.set_result(True)
            elif buffer.startswith(b"-ERR", offset):
                self.closed_reason = buffer[offset:line_end].decode(errors="replace")
            offset = line_end + 2
        self.buffer = buffer[offset:]


def efp_hello(client_id: str, token: str, rooms: list[str]) -> bytes:
    return encode_frame(Hello(client_id, token, [RoomPosition(room) for room in rooms]))


class Worker:
    def __init__(self, probe: bool) -> None:
        self.probe = probe
        self.connections: list = []
        self.reset_at = time.time()

    async def open(self, spec: dict) -> None:
        loop = asyncio.get_running_loop()
        if spec["kind"] == "efp":
            factory = lambda: EFPConnection(efp_hello(spec["client_id"], spec["token"], spec["rooms"]), self.probe)
        else:
            factory = lambda: NATSConnection(spec["subject"], self.probe)
        _, connection = await loop.create_connection(factory, spec["host"], spec["port"])
        await asyncio.wait_for(connection.ready, HANDSHAKE_TIMEOUT_S)
        self.connections.append(connection)

    async def connect(self, specs: list[dict]) -> tuple[int, list[str]]:
        gate = asyncio.Semaphore(CONNECT_CONCURRENCY)
        failures: list[str] = []

        async def one(spec: dict) -> None:
            async with gate:
                try:
                    await self.open(spec)
                except (OSError, ConnectionError, asyncio.TimeoutError) as error:
                    failures.append(f"{spec.get('client_id', spec['port'])}: {error!r}")

        await asyncio.gather(*(one(spec) for spec in specs))
        return len(self.connections), failures[:10] + ([f"… {len(failures)} failures"] if len(failures) > 10 else [])

    def reset(self) -> float:
        for connection in self.connections:
            connection.windows = {}
            connection.samples.clear()
        self.reset_at = time.time()
        return self.reset_at

    def report(self) -> tuple:
        counts: dict[str, int] = {}  # room → windows delivered to all connections together
        for connection in self.connections:
            for room, count in connection.windows.items():
                counts[room.decode()] = counts.get(room.decode(), 0) + count
        samples = [list(connection.samples) for connection in self.connections] if self.probe else []
        closed = [c.closed_reason for c in self.connections if c.closed_reason][:5]
        return counts, samples, closed

    def close(self) -> None:
        for connection in self.connections:
            if connection.transport is not None:
                connection.transport.abort()


async def serve(pipe, probe: bool) -> None:
    worker = Worker(probe)
    loop = asyncio.get_running_loop()
    while True:
        command = await loop.run_in_executor(None, pipe.recv)
        if command[0] == "connect":
            ok, failures = await worker.connect(command[1])
            pipe.send(("connected", ok, failures))
        elif command[0] == "reset":
            pipe.send(("reset", worker.reset()))
        elif command[0] == "report":
            pipe.send(("report", *worker.report()))
        elif command[0] == "close":
            worker.close()
            await asyncio.sleep(0.2)
            pipe.send(("closed",))
            return


def worker_main(pipe, probe: bool) -> None:
    """Entry point of a worker process."""
    if not probe:
        os.nice(10)  # leave the CPU to the servers and the probe; counting can lag without skewing latency
    asyncio.run(serve(pipe, probe))
