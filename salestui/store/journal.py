"""The write-ahead journal: checksummed transactions written in place into a preallocated file.

`journal.wal` is zero-filled ahead of use in chunks, so a save overwrites bytes that already
exist and `fdatasync` flushes only them, never a new file size (which would also cost a commit
of the filesystem's own journal): the way SQLite reuses its WAL. Each transaction is one frame

    CRC32 SALT SEQ JSON\\n        (hex; the CRC covers "SALT SEQ JSON")

and a generation starts with a header frame (sequence 0, no changes) carrying a fresh random
salt. A checkpoint starts a new generation by overwriting the header at offset 0, so the frames
of older generations that follow it no longer match: reading stops at the first frame whose
checksum, salt or sequence number is wrong, which is where the last acknowledged save ended.

`journal.jsonl` is the append-only journal of schema 2 and earlier: it is still read (and
replayed) once, and removed at the next checkpoint.
"""

from __future__ import annotations

import mmap
import os
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

import orjson

from salestui.i18n import tr
from salestui.store.errors import CorruptError
from salestui.store.fsutil import open_regular, read_regular

FILE: Final = "journal.wal"
LEGACY_FILE: Final = "journal.jsonl"
# Zero-filled ahead of use, a chunk at a time: one save in thousands pays for the extension.
CHUNK: Final = 1 << 20
# A frame smaller than this is joined and written at once; a larger one in its pieces.
JOIN_BELOW: Final = 1 << 20

# One change: table, shard, document id, and the whole new document (None = deleted).
Op = tuple[str, str, int, dict[str, Any] | None]
# Checks one change as it is read; returns a problem or None. Supplied by the engine.
OpCheck = Callable[[Op], str | None]


@dataclass
class Scan:
    """What reading a journal found: its transactions and where the next frame goes."""

    txs: list[list[Op]] = field(default_factory=list)
    salt: int | None = None
    seq: int = 0
    end: int = 0


def encode(salt: int, seq: int, ops: list[Op]) -> bytes:
    """Encode one transaction as a frame."""
    return b"".join(frame_parts(salt, seq, ops))


def frame_parts(salt: int, seq: int, ops: list[Op]) -> tuple[bytes, bytes, bytes, bytes]:
    """Return a frame in its pieces: checksum, head, body, newline.

    An import's transaction is tens of megabytes: joined, the frame was three copies at once.
    """
    head = b"%08x %x " % (salt, seq)
    body = orjson.dumps(ops)
    return b"%08x " % zlib.crc32(body, zlib.crc32(head)), head, body, b"\n"


def _parse_frame(raw: bytes) -> tuple[int, int, Any] | None:
    """Return (salt, seq, JSON value) of a well-formed frame, or None."""
    if len(raw) < 20 or raw[8:9] != b" " or raw[17:18] != b" ":
        return None
    payload = raw[9:]
    try:
        if int(raw[:8], 16) != zlib.crc32(payload):
            return None
        seq_text, _, body = payload[9:].partition(b" ")
        return int(payload[:8], 16), int(seq_text, 16), orjson.loads(body)
    except ValueError:
        return None


def _ops(value: Any, check: OpCheck) -> list[Op] | str:
    """Return a checksummed transaction's changes, or what is wrong with their shape."""
    if not isinstance(value, list):
        return tr("store.journal_not_list")
    ops: list[Op] = []
    for item in value:
        if not (
            isinstance(item, list)
            and len(item) == 4
            and isinstance(item[0], str)
            and isinstance(item[1], str)
            and type(item[2]) is int
            and (item[3] is None or isinstance(item[3], dict))
        ):
            return tr("store.journal_bad_change")
        op: Op = (item[0], item[1], item[2], item[3])
        problem = check(op)
        if problem is not None:
            return problem
        ops.append(op)
    return ops


def stat_stamp(path: Path) -> tuple[int, int] | None:
    """Return (size, mtime) of a file, or None if it does not exist."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return st.st_size, st.st_mtime_ns


def read(path: Path, check: OpCheck) -> Scan:
    """Read the journal's intact transactions (refusing a damaged or ill-shaped one)."""
    stamp = stat_stamp(path)
    scan = Scan()
    if stamp is None:
        return scan
    fd = open_regular(path, os.O_RDONLY)  # a FIFO has size 0 too: refuse it by its kind
    try:
        if stamp[0] == 0:
            return scan
        data = mmap.mmap(fd, 0, prot=mmap.PROT_READ)
    finally:
        os.close(fd)
    with data:
        _scan(path, data, scan, check)
    return scan


def _scan(path: Path, data: mmap.mmap, scan: Scan, check: OpCheck, pos: int = 0) -> None:
    """Read frames from `pos` (the header at 0, or where the caller stopped last time) up
    to the first one that does not continue the run."""
    number = 0
    while pos < len(data) and data[pos] != 0:
        end = data.find(b"\n", pos)
        if end < 0:
            break  # a frame cut short by the crash (or still being written): not acknowledged
        parsed = _parse_frame(data[pos:end])
        number += 1
        expected = 0 if scan.salt is None else scan.seq + 1
        wrong_salt = scan.salt is not None and parsed is not None and parsed[0] != scan.salt
        if parsed is None or parsed[1] != expected or wrong_salt:
            _check_not_middle(path, data, end + 1, scan, number)
            break
        salt, seq, value = parsed
        ops = _ops(value, check)
        if isinstance(ops, str):
            raise CorruptError(path, tr("store.journal_bad_frame", line=number, problem=ops))
        if seq > 0:
            scan.txs.append(ops)
        scan.salt, scan.seq, pos = salt, seq, end + 1
    scan.end = pos


def _check_not_middle(path: Path, data: mmap.mmap, start: int, scan: Scan, number: int) -> None:
    """Refuse a bad frame that is followed by the next frame of the same generation.

    A crash can only cut the last frame short; a good frame right after a bad one means the
    file itself was damaged, and its later transactions must not be silently dropped.
    """
    end = data.find(b"\n", start)
    parsed = _parse_frame(data[start:end]) if end >= 0 else None
    if parsed is not None and parsed[1] == scan.seq + 2 and parsed[0] == scan.salt:
        raise CorruptError(path, tr("store.journal_bad_line", line=number))


def header_salt(fd: int) -> int | None:
    """Return the salt of the generation a journal file holds now, or None if it has none."""
    raw = os.pread(fd, 64, 0)
    end = raw.find(b"\n")
    parsed = _parse_frame(raw[:end]) if end > 0 else None
    return parsed[0] if parsed is not None and parsed[1] == 0 else None


def salt_of(path: Path) -> int | None:
    """Return the generation a journal file holds now (None if there is none)."""
    try:
        fd = open_regular(path, os.O_RDONLY)
    except FileNotFoundError:
        return None
    try:
        return header_salt(fd)
    finally:
        os.close(fd)


def read_after(fd: int, path: Path, scan: Scan, check: OpCheck) -> Scan:
    """Return the frames of the same generation written after `scan.end` (by another
    process), and where they end; reads nothing when the next byte is still a zero."""
    found = Scan(salt=scan.salt, seq=scan.seq, end=scan.end)
    if os.pread(fd, 1, scan.end) in (b"", b"\0"):
        return found
    with mmap.mmap(fd, 0, prot=mmap.PROT_READ) as data:
        _scan(path, data, found, check, scan.end)
    return found


def read_legacy(path: Path, check: OpCheck) -> list[list[Op]]:
    """Return the transactions of a schema-2 append-only journal (`CRC JSON` lines)."""
    try:
        data = read_regular(path)
    except FileNotFoundError:
        return []
    txs: list[list[Op]] = []
    lines = data.split(b"\n")
    for number, line in enumerate(lines[:-1], start=1):
        value: Any = None
        good = len(line) >= 10 and line[8:9] == b" "
        try:
            good = good and int(line[:8], 16) == zlib.crc32(line[9:])
            value = orjson.loads(line[9:]) if good else None
        except ValueError:
            good = False
        if not good:
            if any(rest.strip() for rest in lines[number:]):
                raise CorruptError(path, tr("store.journal_bad_line", line=number))
            break
        ops = _ops(value, check)
        if isinstance(ops, str):
            raise CorruptError(path, tr("store.journal_bad_frame", line=number, problem=ops))
        txs.append(ops)
    return txs


def _accept(op: Op) -> None:
    """Accept any change (for reading a journal only to look at it)."""


def pending(folder: Path) -> list[list[Op]]:
    """Return the transactions a database folder's journals hold, oldest first."""
    legacy = read_legacy(folder / LEGACY_FILE, _accept)
    return [*legacy, *read(folder / FILE, _accept).txs]


def encode_legacy(ops: list[Op]) -> bytes:
    """Encode one transaction as a schema-2 journal line (for tests of the upgrade path)."""
    body = orjson.dumps(ops)
    return b"%08x " % zlib.crc32(body) + body + b"\n"


class Journal:
    """An open journal that writes each transaction in place and returns once it is on disk."""

    def __init__(self, path: Path, scan: Scan) -> None:
        self.path = path
        self._fd = open_regular(path, os.O_RDWR | os.O_CREAT)
        try:
            self.allocated = os.fstat(self._fd).st_size
            self.end, self.seq = scan.end, scan.seq
            if scan.salt is None:
                self._new_generation()
            else:
                self.salt = scan.salt
        except BaseException:
            os.close(self._fd)
            raise

    def follow(self, check: OpCheck) -> list[list[Op]] | None:
        """Return the transactions other processes added since this one last wrote or
        looked; None when a checkpoint has started a new generation (read everything again).
        """
        if header_salt(self._fd) != self.salt:
            return None
        found = read_after(
            self._fd, self.path, Scan(salt=self.salt, seq=self.seq, end=self.end), check
        )
        self.seq, self.end = found.seq, found.end
        return found.txs

    def adopt(self, scan: Scan) -> None:
        """Continue the generation a fresh read found (or start one if there is none)."""
        if scan.salt is None:
            self._new_generation()
        else:
            self.salt, self.seq, self.end = scan.salt, scan.seq, scan.end

    @property
    def size(self) -> int:
        """Bytes of frames since the last checkpoint (what the checkpoint triggers compare)."""
        return self.end

    def _reserve(self, needed: int) -> None:
        """Zero-fill the file up to at least `needed` bytes, a chunk at a time, durably."""
        if needed <= self.allocated:
            return
        # Another process may have grown the file already: never zero what it wrote.
        self.allocated = max(self.allocated, os.fstat(self._fd).st_size)
        if needed <= self.allocated:
            return
        target = (needed // CHUNK + 1) * CHUNK
        zeros = bytes(min(CHUNK, target - self.allocated))
        offset = self.allocated
        while offset < target:
            piece = zeros[: target - offset]
            _pwrite_all(self._fd, piece, offset)
            offset += len(piece)
        os.fsync(self._fd)  # the new size and blocks, once per chunk
        self.allocated = target

    def _new_generation(self) -> None:
        """Write a header frame with a fresh salt at offset 0: older frames stop counting."""
        salt = int.from_bytes(os.urandom(4))  # not `secrets`: its import costs 11 ms
        header = encode(salt, 0, [])
        self._reserve(len(header) + 1)
        _pwrite_all(self._fd, header, 0)
        os.fdatasync(self._fd)
        self.salt, self.seq, self.end = salt, 0, len(header)

    def append(self, ops: list[Op]) -> None:
        """Write one transaction and return only once it is on disk."""
        parts: Sequence[bytes] = frame_parts(self.salt, self.seq + 1, ops)
        size = sum(len(part) for part in parts)
        if size < JOIN_BELOW:
            parts = [b"".join(parts)]  # a save's frame: one write, as the save timings assume
        self._reserve(self.end + size + 1)
        try:
            offset = self.end
            for part in parts:
                _pwrite_all(self._fd, part, offset)
                offset += len(part)
            os.fdatasync(self._fd)
        except OSError:
            # The frame may be on disk whole although the flush failed: spoil its checksum so
            # a save reported as failed never comes back at the next open.
            try:
                os.pwrite(self._fd, b"\0", self.end)
                os.fdatasync(self._fd)
            except OSError:
                pass
            raise
        self.end += size
        self.seq += 1

    def reset(self) -> None:
        """Start a new generation once every change the journal held is in the shard files."""
        self._new_generation()

    def close(self) -> None:
        """Close the file descriptor."""
        os.close(self._fd)


def _pwrite_all(fd: int, data: bytes, offset: int) -> None:
    """Write every byte of data at offset, looping over short writes."""
    view = memoryview(data)
    while view:
        written = os.pwrite(fd, view, offset)
        view, offset = view[written:], offset + written
