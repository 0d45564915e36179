"""The append-only write-ahead journal: one checksummed line per transaction, fsynced."""

from __future__ import annotations

import os
import zlib
from pathlib import Path
from typing import Any

import orjson

from salestui.i18n import tr
from salestui.store.errors import CorruptError
from salestui.store.fsutil import fsync_dir, write_all

# One change: table, shard, document id, and the whole new document (None = deleted).
Op = tuple[str, str, int, dict[str, Any] | None]


def encode(ops: list[Op]) -> bytes:
    """Encode one transaction as a line: 8 hex digits of CRC32, a space, JSON, newline."""
    body = orjson.dumps(ops)
    return b"%08x " % zlib.crc32(body) + body + b"\n"


def _decode(line: bytes) -> list[Op] | None:
    """Decode one line, or return None when its checksum or JSON is wrong."""
    if len(line) < 10 or line[8:9] != b" ":
        return None
    body = line[9:]
    try:
        if int(line[:8], 16) != zlib.crc32(body):
            return None
        raw = orjson.loads(body)
    except ValueError:
        return None
    return [(str(t), str(s), int(i), d) for t, s, i, d in raw]


def read(path: Path) -> tuple[list[list[Op]], int]:
    """Return the journal's transactions and the byte length of its intact part.

    A damaged last line is a write that never returned (the crash came mid-append), so it
    is dropped; a damaged line followed by good ones means the file itself is corrupt.
    """
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return [], 0
    txs: list[list[Op]] = []
    offset = 0
    lines = data.split(b"\n")
    for number, line in enumerate(lines[:-1], start=1):
        ops = _decode(line)
        if ops is None:
            if any(rest.strip() for rest in lines[number:]):
                raise CorruptError(path, tr("store.journal_bad_line", line=number))
            break
        txs.append(ops)
        offset += len(line) + 1
    return txs, offset


class Journal:
    """An open journal file that appends transactions durably."""

    def __init__(self, path: Path, good_size: int) -> None:
        existed = path.exists()
        self.path = path
        self._fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        # Cut a torn tail first, or the next line would be glued onto it.
        if os.fstat(self._fd).st_size != good_size:
            os.ftruncate(self._fd, good_size)
            os.fsync(self._fd)
        if not existed:
            fsync_dir(path.parent)
        self.size = good_size

    def append(self, ops: list[Op]) -> None:
        """Write one transaction and return only once it is on disk."""
        line = encode(ops)
        try:
            write_all(self._fd, line)
            os.fsync(self._fd)
        except OSError:
            # Leave no partial line behind for the next append to join.
            os.ftruncate(self._fd, self.size)
            raise
        self.size += len(line)

    def reset(self) -> None:
        """Empty the journal once every change it held is in the shard files."""
        os.ftruncate(self._fd, 0)
        os.fsync(self._fd)
        self.size = 0

    def close(self) -> None:
        """Close the file descriptor."""
        os.close(self._fd)
