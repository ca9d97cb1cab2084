"""Reads the broker's segment files (``<data-dir>/<topic>-<partition>/<base offset>.log``)
as a sequence of RecordBatch v2 headers.

The design stores batches exactly as producers sent them, one after another,
so the tests can check from the outside that compression really reached the
disk, and can cut a segment at a batch boundary or in the middle of a batch.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

BATCH_HEADER_BYTES = 61
CODECS = {0: "none", 1: "gzip", 2: "snappy", 3: "lz4", 4: "zstd"}


@dataclass(frozen=True)
class BatchHeader:
    position: int        # byte position of the batch in its segment file
    size: int            # whole batch, including baseOffset and batchLength
    base_offset: int
    attributes: int
    records_count: int
    producer_id: int     # -1 unless an idempotent producer wrote the batch

    @property
    def codec(self) -> str:
        return CODECS.get(self.attributes & 0x7, f"unknown({self.attributes & 0x7})")

    @property
    def end(self) -> int:
        return self.position + self.size


def segment_files(partition_dir: Path) -> list[Path]:
    """Segment files of one partition, ordered by base offset."""
    files = [path for path in partition_dir.glob("*.log") if path.stem.isdigit()]
    return sorted(files, key=lambda path: int(path.stem))


def active_segment(partition_dir: Path) -> Path:
    files = segment_files(partition_dir)
    if not files:
        listing = sorted(p.name for p in partition_dir.iterdir()) if partition_dir.exists() else "missing"
        raise AssertionError(f"no <offset>.log segment in {partition_dir} (contents: {listing})")
    return files[-1]


def read_batches(segment: Path) -> list[BatchHeader]:
    """Every complete batch in the file; stops at the first incomplete one."""
    data = segment.read_bytes()
    batches = []
    position = 0
    while position + BATCH_HEADER_BYTES <= len(data):
        base_offset, batch_length = struct.unpack_from(">qi", data, position)
        size = 12 + batch_length
        magic = data[position + 16]
        if batch_length < BATCH_HEADER_BYTES - 12 or magic != 2 or position + size > len(data):
            break
        (attributes,) = struct.unpack_from(">h", data, position + 21)
        (records_count,) = struct.unpack_from(">i", data, position + 57)
        (producer_id,) = struct.unpack_from(">q", data, position + 43)
        batches.append(BatchHeader(position, size, base_offset, attributes, records_count, producer_id))
        position += size
    return batches
