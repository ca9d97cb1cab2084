"""A reference client for the EmoStream Fan-out Protocol (EFP), version 1.

Written from ``proto-docs/fanout.md`` alone, with the standard library only,
so it doubles as a check that the document is enough to write a client.

Use it as a library::

    from efp_reference_client import connect

    with connect("127.0.0.1", 6005, "alice", token, ["main"]) as client:
        print(client.welcome)
        for window in client.windows():
            print(window.room, window.seq, window.counts)

or from a shell (one JSON object per window per line)::

    python3 efp_reference_client.py 127.0.0.1 6005 alice TOKEN main lobby:882345
"""

from __future__ import annotations

import json
import socket
import struct
import sys
from dataclasses import dataclass, field
from typing import Iterable, Iterator, Mapping, Union

PROTOCOL_VERSION = 1
DEFAULT_MAX_FRAME_LENGTH = 1 << 20  # 1 MiB
ALL_ROOMS = "*"
NONE_SEEN = -1

HELLO, WELCOME, WINDOW, PING, PONG, ERROR, GOODBYE = range(1, 8)

ROLE_VIEWER, ROLE_SUBSCRIBER = 0, 1
RECOVERY_NOT_REQUESTED, RECOVERY_COMPLETE, RECOVERY_INCOMPLETE = 0, 1, 2

# ERROR / GOODBYE codes (proto-docs/fanout.md, "ERROR and GOODBYE").
CODE_NORMAL_CLOSURE = 0
CODE_UNSUPPORTED_VERSION = 1
CODE_MALFORMED_FRAME = 2
CODE_BAD_TOKEN = 3
CODE_TOKEN_EXPIRED = 4
CODE_TOKEN_FOR_ANOTHER_CLIENT = 5
CODE_UNKNOWN_CLIENT = 6
CODE_TOO_SLOW = 7
CODE_SHUTTING_DOWN = 8
CODE_NOT_ALLOWED = 9
CODE_FRAME_TOO_LARGE = 10

_WINDOW_REPLAYED_FLAG = 0x01


class EFPProtocolError(Exception):
    """Bytes that are not valid EFP; ``code`` is the ERROR code a server would answer with."""

    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.code = code


class EFPServerError(Exception):
    """The server sent ERROR (it closes right after)."""

    def __init__(self, code: int, reason: str) -> None:
        super().__init__(f"EFP error {code}: {reason}")
        self.code = code
        self.reason = reason


@dataclass(frozen=True)
class RoomPosition:
    room: str
    last_seq: int = NONE_SEEN


@dataclass(frozen=True)
class Hello:
    client_id: str
    token: str
    rooms: list[RoomPosition]
    role: int = ROLE_VIEWER
    protocol_version: int = PROTOCOL_VERSION


@dataclass(frozen=True)
class Welcome:
    server_id: str
    heartbeat_interval_ms: int
    recovery: int
    replay_count: int
    protocol_version: int = PROTOCOL_VERSION


@dataclass(frozen=True)
class Entry:
    emoji: str
    count: int
    scaled: int


@dataclass(frozen=True)
class Window:
    room: str
    seq: int
    window_start: int
    window_end: int
    total: int
    entries: list[Entry]
    replayed: bool = False

    @property
    def counts(self) -> dict[str, int]:
        return {entry.emoji: entry.count for entry in self.entries}

    @property
    def scaled(self) -> dict[str, int]:
        return {entry.emoji: entry.scaled for entry in self.entries}

    def as_json(self) -> dict:
        """The aggregator's record shape plus ``replayed``, as the WebSocket variant sends it."""
        return {
            "seq": self.seq, "room": self.room, "window_start": self.window_start,
            "window_end": self.window_end, "counts": self.counts, "scaled": self.scaled,
            "total": self.total, "replayed": self.replayed,
        }


@dataclass(frozen=True)
class Ping:
    nonce: int


@dataclass(frozen=True)
class Pong:
    nonce: int


@dataclass(frozen=True)
class Error:
    code: int
    reason: str


@dataclass(frozen=True)
class Goodbye:
    code: int = CODE_NORMAL_CLOSURE
    reason: str = ""


Frame = Union[Hello, Welcome, Window, Ping, Pong, Error, Goodbye]


# ---------------------------------------------------------------- encoding

def _string(text: str) -> bytes:
    data = text.encode("utf-8")
    if len(data) > 0xFFFF:
        raise ValueError(f"string of {len(data)} bytes does not fit a u16 length")
    return struct.pack(">H", len(data)) + data


def _count(items: list) -> bytes:
    if len(items) > 0xFFFF:
        raise ValueError(f"{len(items)} elements do not fit a u16 count")
    return struct.pack(">H", len(items))


def _payload(frame: Frame) -> tuple[int, bytes]:
    if isinstance(frame, Hello):
        body = struct.pack(">HB", frame.protocol_version, frame.role)
        body += _string(frame.client_id) + _string(frame.token) + _count(frame.rooms)
        for position in frame.rooms:
            body += _string(position.room) + struct.pack(">q", position.last_seq)
        return HELLO, body
    if isinstance(frame, Welcome):
        return WELCOME, (
            struct.pack(">H", frame.protocol_version) + _string(frame.server_id)
            + struct.pack(">IBI", frame.heartbeat_interval_ms, frame.recovery, frame.replay_count)
        )
    if isinstance(frame, Window):
        body = struct.pack(">B", _WINDOW_REPLAYED_FLAG if frame.replayed else 0) + _string(frame.room)
        body += struct.pack(">qqqQ", frame.seq, frame.window_start, frame.window_end, frame.total)
        body += _count(frame.entries)
        for entry in frame.entries:
            body += _string(entry.emoji) + struct.pack(">QI", entry.count, entry.scaled)
        return WINDOW, body
    if isinstance(frame, Ping):
        return PING, struct.pack(">Q", frame.nonce)
    if isinstance(frame, Pong):
        return PONG, struct.pack(">Q", frame.nonce)
    if isinstance(frame, Error):
        return ERROR, struct.pack(">H", frame.code) + _string(frame.reason)
    if isinstance(frame, Goodbye):
        return GOODBYE, struct.pack(">H", frame.code) + _string(frame.reason)
    raise TypeError(f"not an EFP frame: {frame!r}")


def encode_frame(frame: Frame) -> bytes:
    """The whole frame: u32 length (type byte + payload), u8 type, payload."""
    frame_type, payload = _payload(frame)
    return struct.pack(">IB", 1 + len(payload), frame_type) + payload


# ---------------------------------------------------------------- decoding

class _Reader:
    """Reads fields from one frame's payload; running out is malformed."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.offset = 0

    def take(self, size: int) -> bytes:
        if self.offset + size > len(self.data):
            raise EFPProtocolError(CODE_MALFORMED_FRAME, "frame ends inside a field")
        chunk = self.data[self.offset:self.offset + size]
        self.offset += size
        return chunk

    def unpack(self, fmt: str) -> tuple:
        return struct.unpack(fmt, self.take(struct.calcsize(fmt)))

    def integer(self, fmt: str) -> int:
        return self.unpack(fmt)[0]

    def string(self) -> str:
        raw = self.take(self.integer(">H"))
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            raise EFPProtocolError(CODE_MALFORMED_FRAME, "string is not valid UTF-8") from None

    def version(self) -> int:
        version = self.integer(">H")
        if version != PROTOCOL_VERSION:
            raise EFPProtocolError(CODE_UNSUPPORTED_VERSION, f"protocol version {version} is not supported")
        return version

    def finish(self) -> None:
        if self.offset != len(self.data):
            raise EFPProtocolError(CODE_MALFORMED_FRAME, "bytes left after the last field")


def decode_body(body: bytes) -> Frame:
    """Decodes one frame from its type byte and payload (the length prefix already removed)."""
    if not body:
        raise EFPProtocolError(CODE_MALFORMED_FRAME, "frame of length 0")
    frame_type, reader = body[0], _Reader(body[1:])
    frame: Frame
    if frame_type == HELLO:
        version = reader.version()
        role = reader.integer(">B")
        if role not in (ROLE_VIEWER, ROLE_SUBSCRIBER):
            raise EFPProtocolError(CODE_MALFORMED_FRAME, f"unknown role {role}")
        client_id, token = reader.string(), reader.string()
        rooms = [RoomPosition(reader.string(), reader.integer(">q")) for _ in range(reader.integer(">H"))]
        frame = Hello(client_id, token, rooms, role, version)
    elif frame_type == WELCOME:
        version = reader.version()
        server_id = reader.string()
        heartbeat, recovery, replay_count = reader.unpack(">IBI")
        if recovery not in (RECOVERY_NOT_REQUESTED, RECOVERY_COMPLETE, RECOVERY_INCOMPLETE):
            raise EFPProtocolError(CODE_MALFORMED_FRAME, f"unknown recovery {recovery}")
        frame = Welcome(server_id, heartbeat, recovery, replay_count, version)
    elif frame_type == WINDOW:
        flags = reader.integer(">B")
        room = reader.string()
        seq, start, end, total = reader.unpack(">qqqQ")
        entries = []
        for _ in range(reader.integer(">H")):
            emoji = reader.string()
            count, scaled = reader.unpack(">QI")
            entries.append(Entry(emoji, count, scaled))
        frame = Window(room, seq, start, end, total, entries, bool(flags & _WINDOW_REPLAYED_FLAG))
    elif frame_type in (PING, PONG):
        nonce = reader.integer(">Q")
        frame = Ping(nonce) if frame_type == PING else Pong(nonce)
    elif frame_type in (ERROR, GOODBYE):
        code, reason = reader.integer(">H"), reader.string()
        frame = Error(code, reason) if frame_type == ERROR else Goodbye(code, reason)
    else:
        raise EFPProtocolError(CODE_MALFORMED_FRAME, f"unknown frame type {frame_type}")
    reader.finish()
    return frame


class FrameDecoder:
    """Splits a byte stream into frames; feed bytes in any pieces, then pop whole frames."""

    def __init__(self, max_frame_length: int = DEFAULT_MAX_FRAME_LENGTH) -> None:
        self.max_frame_length = max_frame_length
        self._buffer = bytearray()

    def feed(self, data: bytes) -> None:
        self._buffer += data

    def next_frame(self) -> Frame | None:
        """The next complete frame, or None until more bytes arrive.

        The length is checked as soon as its 4 bytes are in, before the body.
        """
        if len(self._buffer) < 4:
            return None
        (length,) = struct.unpack_from(">I", self._buffer)
        if length == 0:
            raise EFPProtocolError(CODE_MALFORMED_FRAME, "frame of length 0")
        if length > self.max_frame_length:
            raise EFPProtocolError(CODE_FRAME_TOO_LARGE, f"frame of {length} bytes exceeds {self.max_frame_length}")
        if len(self._buffer) < 4 + length:
            return None
        body = bytes(self._buffer[4:4 + length])
        del self._buffer[:4 + length]
        return decode_body(body)

    def frames(self) -> Iterator[Frame]:
        while (frame := self.next_frame()) is not None:
            yield frame


# ---------------------------------------------------------------- client

RoomsArgument = Union[Iterable[Union[str, RoomPosition, tuple]], Mapping[str, int]]


def _positions(rooms: RoomsArgument) -> list[RoomPosition]:
    if isinstance(rooms, Mapping):
        return [RoomPosition(room, last_seq) for room, last_seq in rooms.items()]
    positions = []
    for room in rooms:
        if isinstance(room, RoomPosition):
            positions.append(room)
        elif isinstance(room, tuple):
            positions.append(RoomPosition(*room))
        else:
            positions.append(RoomPosition(room))
    return positions


class EFPClient:
    """One EFP session over a connected socket: handshake done in ``connect``."""

    def __init__(self, sock: socket.socket, max_frame_length: int = DEFAULT_MAX_FRAME_LENGTH) -> None:
        self.sock = sock
        self.decoder = FrameDecoder(max_frame_length)
        self.welcome: Welcome | None = None
        self.goodbye: Goodbye | None = None
        # Per room, the newest seq received: the positions to send after a reconnect.
        self.last_seqs: dict[str, int] = {}
        self.pings_answered = 0

    def send(self, frame: Frame) -> None:
        self.sock.sendall(encode_frame(frame))

    def receive(self) -> Frame:
        """The next frame; raises ConnectionError if the server closes first, socket.timeout if silent."""
        while True:
            frame = self.decoder.next_frame()
            if frame is not None:
                return frame
            data = self.sock.recv(65536)
            if not data:
                raise ConnectionError("the server closed the connection")
            self.decoder.feed(data)

    def handshake(self, hello: Hello) -> Welcome:
        for position in hello.rooms:
            if position.last_seq >= 0:
                self.last_seqs[position.room] = position.last_seq
        self.send(hello)
        frame = self.receive()
        if isinstance(frame, Error):
            raise EFPServerError(frame.code, frame.reason)
        if not isinstance(frame, Welcome):
            raise EFPProtocolError(CODE_MALFORMED_FRAME, f"expected WELCOME, got {type(frame).__name__}")
        self.welcome = frame
        if frame.heartbeat_interval_ms:
            # A server silent for 3 heartbeat intervals is dead (fanout.md, "Keepalive").
            self.sock.settimeout(3 * frame.heartbeat_interval_ms / 1000)
        return frame

    def windows(self) -> Iterator[Window]:
        """Replayed then live windows, each (room, seq) once; answers PINGs on the way.

        Ends when the server says GOODBYE (kept in ``self.goodbye``); raises EFPServerError on ERROR.
        """
        while True:
            frame = self.receive()
            if isinstance(frame, Window):
                if frame.seq <= self.last_seqs.get(frame.room, NONE_SEEN):
                    continue
                self.last_seqs[frame.room] = frame.seq
                yield frame
            elif isinstance(frame, Ping):
                self.send(Pong(frame.nonce))
                self.pings_answered += 1
            elif isinstance(frame, Pong):
                continue
            elif isinstance(frame, Error):
                raise EFPServerError(frame.code, frame.reason)
            elif isinstance(frame, Goodbye):
                self.goodbye = frame
                return
            else:
                raise EFPProtocolError(CODE_MALFORMED_FRAME, f"unexpected {type(frame).__name__} from the server")

    def positions(self) -> list[RoomPosition]:
        """The rooms with their newest seqs, for the HELLO of the next connection."""
        return [RoomPosition(room, seq) for room, seq in self.last_seqs.items()]

    def close(self, reason: str = "bye") -> None:
        try:
            self.send(Goodbye(CODE_NORMAL_CLOSURE, reason))
        except OSError:
            pass
        self.sock.close()

    def __enter__(self) -> "EFPClient":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


def connect(
    host: str,
    port: int,
    client_id: str,
    token: str,
    rooms: RoomsArgument,
    *,
    role: int = ROLE_VIEWER,
    timeout: float = 10.0,
    max_frame_length: int = DEFAULT_MAX_FRAME_LENGTH,
) -> EFPClient:
    """Dials, sends HELLO and waits for WELCOME.

    ``rooms``: room names (last_seq -1), ``(room, last_seq)`` tuples, RoomPositions, or a {room: last_seq} dict.
    Raises EFPServerError when the server refuses the HELLO.
    """
    sock = socket.create_connection((host, port), timeout=timeout)
    client = EFPClient(sock, max_frame_length)
    try:
        client.handshake(Hello(client_id, token, _positions(rooms), role))
    except BaseException:
        sock.close()
        raise
    return client


def main(argv: list[str]) -> int:
    if len(argv) < 5:
        print("usage: efp_reference_client.py HOST PORT CLIENT_ID TOKEN ROOM[:LAST_SEQ]...", file=sys.stderr)
        return 2
    host, port, client_id, token = argv[0], int(argv[1]), argv[2], argv[3]
    rooms = []
    for argument in argv[4:]:
        room, _, last_seq = argument.rpartition(":") if ":" in argument else (argument, "", "")
        rooms.append(RoomPosition(room, int(last_seq)) if last_seq else RoomPosition(argument))
    try:
        with connect(host, port, client_id, token, rooms) as client:
            print(f"welcome: {client.welcome}", file=sys.stderr)
            for window in client.windows():
                print(json.dumps(window.as_json(), ensure_ascii=False), flush=True)
    except EFPServerError as error:
        print(error, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
