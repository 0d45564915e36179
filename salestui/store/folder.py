"""The database folder's marker check and its advisory locks."""

from __future__ import annotations

import errno
import fcntl
import os
from pathlib import Path

import orjson

from salestui.i18n import tr
from salestui.store.errors import CorruptError, LockedError, NotADatabaseError
from salestui.store.fsutil import FILE_MODE, open_regular, read_regular
from salestui.store.schema import APP_ID, META_ID


def check_marker(path: Path) -> None:
    """Refuse a folder whose meta.json is not salestui's, before anything is written to it."""
    file = path / "meta.json"
    raw = read_regular(file)
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        cut = not raw.rstrip().endswith((b"}", b"]"))
        where = tr("store.bad_json", line=exc.lineno, column=exc.colno)
        problem = tr("store.truncated") if cut else where
        raise CorruptError(file, problem) from None
    table = data.get("meta") if isinstance(data, dict) else None
    doc = table.get(str(META_ID)) if isinstance(table, dict) else None
    if not isinstance(doc, dict) or doc.get("app") != APP_ID:
        raise NotADatabaseError(file, tr("store.not_ours"))


def _open_lock(path: Path, flags: int) -> int:
    """Open a lock file, creating it private; a FIFO or folder in its place is refused."""
    return open_regular(path, flags | os.O_CREAT, FILE_MODE)


def writer_lock(path: Path) -> int:
    """Take the exclusive writer lock; raise LockedError naming the holder if it is taken."""
    fd = _open_lock(path / "lock", os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = os.read(fd, 200).decode(errors="replace").strip() or "?"
        os.close(fd)
        raise LockedError(path, holder) from None
    return fd


def note_holder(fd: int) -> None:
    """Write who holds the writer lock, once the database has been accepted."""
    os.ftruncate(fd, 0)
    # os.uname(), not socket.gethostname(): importing socket costs the start-up 6 ms.
    os.pwrite(fd, f"pid {os.getpid()} on {os.uname().nodename}".encode(), 0)


def reader_lock(path: Path) -> int | None:
    """Take the shared lock a reader holds so a writer never checkpoints under its feet.

    In a folder we may not write to (a read-only copy, a backup) no writer can work either,
    so a reader goes on without the lock file rather than refuse to report.
    """
    try:
        fd = _open_lock(path / "checkpoint.lock", os.O_RDONLY)
    except OSError as exc:
        if exc.errno not in (errno.EACCES, errno.EPERM, errno.EROFS):
            raise
        try:
            fd = open_regular(path / "checkpoint.lock", os.O_RDONLY)
        except FileNotFoundError:
            return None
    fcntl.flock(fd, fcntl.LOCK_SH)
    return fd


def checkpoint_lock(path: Path) -> int | None:
    """Take the checkpoint lock if no reader holds it; the caller closes the descriptor."""
    fd = _open_lock(path / "checkpoint.lock", os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return None
    return fd
