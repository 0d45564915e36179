"""A copy of a database folder, taken while it is open for writing (so consistent): the shard
files after a checkpoint, and the journal with them when a reader kept the checkpoint off."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from typing import Final

from salestui.store.engine import Database
from salestui.store.fsutil import FILE_MODE, fsync_dir, kind, make_dir, read_regular, write_all

# The lock files belong to the running processes, never to a copy.
LOCKS: Final = frozenset({"lock", "checkpoint.lock"})


def backups_folder(path: Path) -> Path:
    """Return the folder beside a database where its backups go."""
    return path.parent / f"{path.name}.backups"


def backup_name(reason: str, now: datetime) -> str:
    """Return a backup's folder name: when it was taken and why (sorts by time)."""
    return f"{now:%Y-%m-%d-%H%M%S}-{reason}"


def copy_database(db: Database, dest: Path) -> Path:
    """Copy an open database's files into a new private folder `dest`; return it."""
    db.checkpoint()  # refused while a reader holds it: then the journal is copied as it is
    if kind(dest) != "missing":
        raise FileExistsError(dest)
    dest.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    make_dir(dest)
    for root, folders, files in os.walk(db.path):
        folders.sort()
        here = Path(root)
        into = dest / here.relative_to(db.path)
        if into != dest:
            make_dir(into)
        for name in sorted(files):
            if name in LOCKS or name.startswith("."):
                continue  # a lock, or a checkpoint's temp file cut short
            fd = os.open(into / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
            try:
                write_all(fd, read_regular(here / name))
                os.fsync(fd)
            finally:
                os.close(fd)
        fsync_dir(into)
    fsync_dir(dest.parent)
    return dest
