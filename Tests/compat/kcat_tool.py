"""kcat (librdkafka 2.0.2 from Debian) driven as a subprocess.

kcat is the reference client of this suite: what it lists and reads back is
what any librdkafka user would see. These helpers read without a consumer
group (no -G), so what they return is the log itself, untouched by commits;
the group tests drive `kcat -G` themselves.
"""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass
from pathlib import Path

# Fields are split on a byte that never appears in test keys or values.
FIELD_SEP = "\x1f"
DEFAULT_TIMEOUT_S = 120


@dataclass(frozen=True)
class Message:
    partition: int
    offset: int
    key: str
    value: str


class KcatError(AssertionError):
    pass


def _run(args: list[str], *, input_bytes: bytes | None = None, timeout: float = DEFAULT_TIMEOUT_S) -> str:
    try:
        done = subprocess.run(
            ["kcat", *args], input=input_bytes, capture_output=True, timeout=timeout,
        )
    except subprocess.TimeoutExpired as error:
        raise KcatError(
            f"kcat {' '.join(args)} did not finish in {timeout}s;"
            f" stderr: {(error.stderr or b'').decode(errors='replace')[-3000:]}"
        ) from None
    if done.returncode != 0:
        raise KcatError(
            f"kcat {' '.join(args)} exited {done.returncode};"
            f" stderr: {done.stderr.decode(errors='replace')[-3000:]}"
        )
    return done.stdout.decode(errors="replace")


def metadata_text(bootstrap: str) -> str:
    return _run(["-L", "-b", bootstrap, "-m", "10"], timeout=30)


def metadata_json(bootstrap: str, topic: str | None = None) -> dict:
    args = ["-L", "-J", "-b", bootstrap, "-m", "10"]
    if topic is not None:
        args += ["-t", topic]
    return json.loads(_run(args, timeout=30))


def produce_file(bootstrap: str, topic: str, path: Path, *, key_delimiter: str | None = ":",
                 extra: list[str] = ()) -> None:
    """`kcat -P -l FILE`: one message per line, key before `key_delimiter`."""
    args = ["-P", "-b", bootstrap, "-t", topic, "-l", "-X", "acks=all"]
    if key_delimiter is not None:
        args += ["-K", key_delimiter]
    _run([*args, *extra, str(path)])


def consume_all(bootstrap: str, topic: str, *, partition: int | None = None,
                expect: int | None = None, timeout: float = DEFAULT_TIMEOUT_S) -> list[Message]:
    """`kcat -C -e`: every message from the start of the topic up to its current end."""
    args = ["-C", "-b", bootstrap, "-t", topic, "-o", "beginning", "-e", "-q",
            "-f", f"%p{FIELD_SEP}%o{FIELD_SEP}%k{FIELD_SEP}%s\\n"]
    if partition is not None:
        args += ["-p", str(partition)]
    out = _run(args, timeout=timeout)
    messages = []
    for line in out.splitlines():
        if not line:
            continue
        fields = line.split(FIELD_SEP)
        if len(fields) != 4:
            raise KcatError(f"unexpected kcat output line {line!r}")
        messages.append(Message(int(fields[0]), int(fields[1]), fields[2], fields[3]))
    if expect is not None and len(messages) != expect:
        raise KcatError(f"kcat read {len(messages)} messages from {topic}, expected {expect}")
    return messages


def by_partition(messages: list[Message]) -> dict[int, list[Message]]:
    grouped: dict[int, list[Message]] = {}
    for message in messages:
        grouped.setdefault(message.partition, []).append(message)
    return grouped


def assert_contiguous_from_zero(messages: list[Message]) -> None:
    """Offsets of every partition are 0, 1, 2, … in the order kcat delivered them."""
    for partition, items in by_partition(messages).items():
        offsets = [m.offset for m in items]
        if offsets != list(range(len(offsets))):
            gaps = [(a, b) for a, b in zip(offsets, offsets[1:]) if b != a + 1]
            raise AssertionError(
                f"partition {partition}: offsets not contiguous from 0"
                f" (first {offsets[:1]}, count {len(offsets)}, breaks {gaps[:10]})"
            )
