"""The database folder's marker check and its advisory locks."""

from __future__ import annotations

import errno
import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Final

import orjson

from salestui.i18n import tr
from salestui.store.errors import CorruptError, LockedError, NotADatabaseError, StoreError
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


# How long a save waits for another process's transaction (an import of 100,000 rows
# holds the lock for a few seconds) before it is refused, naming the holder.
LOCK_WAIT_S: Final = 30.0


def lock_file(path: Path) -> int:
    """Open the writer lock file; each transaction takes it (take()) and lets it go."""
    return _open_lock(path / "lock", os.O_RDWR)


def holder_note() -> bytes:
    """Return what a transaction writes into the lock file: who holds it."""
    # os.uname(), not socket.gethostname(): importing socket costs the start-up 6 ms.
    return f"pid {os.getpid()} on {os.uname().nodename}".encode().ljust(100)


def take(fd: int, path: Path, note: bytes, *, wait: bool = True) -> bool:
    """Take the writer lock for one transaction, waiting up to LOCK_WAIT_S; False if
    `wait` is off and it is taken. The kernel lets go of it when its holder ends, however
    it ends, so a killed process never leaves it taken.
    """
    deadline = time.monotonic() + LOCK_WAIT_S
    pause = 0.0005
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            break
        except BlockingIOError:
            if not wait:
                return False
            if time.monotonic() > deadline:
                raise LockedError(path, holder(fd)) from None
            time.sleep(pause)
            pause = min(pause * 2, 0.02)
    if note:
        os.pwrite(fd, note, 0)
    return True


def release(fd: int) -> None:
    """Let go of the writer lock."""
    fcntl.flock(fd, fcntl.LOCK_UN)


def holder(fd: int) -> str:
    """Return who holds the writer lock, as its holder wrote it, and whether that process is
    still running on this machine (a child it started may hold the lock on its behalf)."""
    note = os.pread(fd, 200, 0).decode(errors="replace").strip()
    words = note.split()
    ours = len(words) == 4 and words[0] == "pid" and words[3] == os.uname().nodename
    if ours and words[1].isdigit() and not _alive(int(words[1])):
        return tr("store.holder_gone", holder=note)
    return note or "?"


def _last_holder(path: Path) -> str:
    """Return who last took the writer lock (a process that has the database open)."""
    fd = _open_lock(path / "lock", os.O_RDONLY)
    try:
        return holder(fd)
    finally:
        os.close(fd)


def _alive(pid: int) -> bool:
    """Tell whether a process with this id runs on this machine."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def hold_open(path: Path) -> int:
    """Take the shared lock every process that writes holds while it has the database open:
    `salestui restore` and a demo rebuild replace the folder only when nobody holds it."""
    fd = _open_lock(path / "open.lock", os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise LockedError(path, tr("store.being_replaced")) from None
    return fd


@contextmanager
def alone(path: Path) -> Iterator[None]:
    """Hold every lock of a database exclusively while the caller replaces its folder, or
    raise StoreError saying the database is in use (by a writer, or a reader's report)."""
    fds: list[int] = []
    try:
        for name in ("open.lock", "checkpoint.lock", "lock"):
            fd = _open_lock(path / name, os.O_RDWR)
            fds.append(fd)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if name == "checkpoint.lock":
                    who = tr("store.a_reader")
                else:
                    who = holder(fd) if name == "lock" else _last_holder(path)
                raise StoreError(
                    path, tr("store.in_use", holder=who), tr("store.hint_in_use")
                ) from None
        yield
    finally:
        for fd in fds:
            os.close(fd)


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
