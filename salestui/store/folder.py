"""The database folder's marker check and its advisory locks."""

from __future__ import annotations

import fcntl
import os
import socket
from pathlib import Path

import orjson

from salestui.i18n import tr
from salestui.store.errors import CorruptError, LockedError, NotADatabaseError
from salestui.store.schema import APP_ID, META_ID


def check_marker(path: Path) -> None:
    """Refuse a folder whose meta.json is not salestui's, before anything is written to it."""
    file = path / "meta.json"
    raw = file.read_bytes()
    if not raw.rstrip().endswith(b"}"):
        raise CorruptError(file, tr("store.truncated"))
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise CorruptError(file, tr("store.bad_json", reason=str(exc))) from None
    doc = data.get("meta", {}).get(str(META_ID)) if isinstance(data, dict) else None
    if not isinstance(doc, dict) or doc.get("app") != APP_ID:
        raise NotADatabaseError(file, tr("store.not_ours"))


def writer_lock(path: Path) -> int:
    """Take the exclusive writer lock and note who holds it; raise LockedError if taken."""
    fd = os.open(path / "lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = os.read(fd, 200).decode(errors="replace").strip() or "?"
        os.close(fd)
        raise LockedError(path, holder) from None
    os.ftruncate(fd, 0)
    os.pwrite(fd, f"pid {os.getpid()} on {socket.gethostname()}".encode(), 0)
    return fd


def reader_lock(path: Path) -> int:
    """Take the shared lock a reader holds so a writer never checkpoints under its feet."""
    fd = os.open(path / "checkpoint.lock", os.O_RDONLY | os.O_CREAT, 0o644)
    fcntl.flock(fd, fcntl.LOCK_SH)
    return fd


def checkpoint_lock(path: Path) -> int | None:
    """Take the checkpoint lock if no reader holds it; the caller closes the descriptor."""
    fd = os.open(path / "checkpoint.lock", os.O_RDONLY | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return None
    return fd
