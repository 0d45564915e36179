"""Durable file primitives: private modes, regular files only, atomic replace, directory fsync."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import Final, Literal

from salestui.i18n import tr
from salestui.store.errors import CorruptError, NotADatabaseError

# Sales figures and client contacts are nobody else's business on a shared server.
FILE_MODE: Final = 0o600
DIR_MODE: Final = 0o700

Kind = Literal["missing", "dir", "file", "other"]


def kind(path: Path) -> Kind:
    """Tell what is at path (following symbolic links); a link loop is refused by name."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return "missing"
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise NotADatabaseError(path, tr("store.link_loop")) from None
        if exc.errno == errno.ENOTDIR:
            return "missing"
        raise
    if stat.S_ISDIR(mode):
        return "dir"
    return "file" if stat.S_ISREG(mode) else "other"


def open_regular(path: Path, flags: int, mode: int = FILE_MODE) -> int:
    """Open a regular file; a FIFO, device or folder in its place is refused, never waited on."""
    try:
        fd = os.open(path, flags | os.O_NONBLOCK | os.O_CLOEXEC, mode)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise CorruptError(path, tr("store.link_loop")) from None
        if exc.errno == errno.EISDIR:
            raise CorruptError(path, tr("store.not_regular")) from None
        raise
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise CorruptError(path, tr("store.not_regular"))
    return fd  # O_NONBLOCK changes nothing for a regular file


def read_regular(path: Path) -> bytes:
    """Return the bytes of a regular file (see open_regular)."""
    fd = open_regular(path, os.O_RDONLY)
    try:
        size = os.fstat(fd).st_size
        chunks: list[bytes] = []
        while True:
            chunk = os.read(fd, max(size, 1 << 16))
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)
    finally:
        os.close(fd)


def fsync_dir(path: Path) -> None:
    """Flush a directory entry so a rename or a new file survives a crash."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def make_dir(path: Path) -> None:
    """Create a private folder and make its entry durable."""
    path.mkdir(mode=DIR_MODE)
    fsync_dir(path.parent)


def write_all(fd: int, data: bytes) -> None:
    """Write every byte to fd, looping over short writes."""
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def atomic_write(path: Path, data: bytes) -> None:
    """Replace path with data so that a crash leaves either the old or the new file whole.

    A new file is private (0600); a file that exists keeps the mode its owner gave it.
    """
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        mode = FILE_MODE
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, FILE_MODE)
    try:
        os.fchmod(fd, mode)  # not subject to the umask, unlike os.open's mode
        write_all(fd, data)
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        tmp.unlink(missing_ok=True)
        raise
    os.close(fd)
    os.replace(tmp, path)
    fsync_dir(path.parent)
