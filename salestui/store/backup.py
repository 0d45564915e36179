"""Backups of a database folder: a consistent copy taken while salestui runs (the daily one,
`salestui backup`, the one before `check --fix`), kept beside the database, and a restore
that checks a backup before it replaces anything and keeps the replaced database aside."""

from __future__ import annotations

import os
import shutil
from datetime import date, datetime
from pathlib import Path
from typing import Final

from salestui.i18n import tr
from salestui.store.engine import Database
from salestui.store.errors import NotADatabaseError, StoreError
from salestui.store.folder import alone, check_marker, reader_lock
from salestui.store.fsutil import FILE_MODE, fsync_dir, kind, make_dir, read_regular, write_all
from salestui.store.schema import TABLES

# The lock files belong to the running processes, never to a copy.
LOCKS: Final = frozenset({"lock", "checkpoint.lock", "open.lock"})
# How many daily backups are kept unless the user says otherwise (--keep-backups).
KEEP_DAILY: Final = 7
DAILY: Final = "daily"


def backups_folder(path: Path) -> Path:
    """Return the folder beside a database where its backups go."""
    return path.parent / f"{path.name}.backups"


def backup_name(reason: str, now: datetime) -> str:
    """Return a backup's folder name: when it was taken and why (sorts by time)."""
    return f"{now:%Y-%m-%d-%H%M%S}-{reason}"


def copy_database(path: Path, dest: Path) -> Path:
    """Copy a database's files into a new private folder `dest`, consistently, while other
    processes go on saving; return `dest`.

    The copy holds the readers' lock, so no checkpoint rewrites a shard file meanwhile; the
    journal is copied as it is then, and a save being written at that moment is either whole
    in it or cut short (and ignored when the copy is opened, like after a crash).
    """
    if kind(dest) != "missing":
        raise FileExistsError(dest)
    fd = reader_lock(path)
    try:
        dest.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        make_dir(dest)
        for root, folders, files in os.walk(path):
            folders.sort()
            here = Path(root)
            into = dest / here.relative_to(path)
            if into != dest:
                make_dir(into)
            for name in sorted(files):
                if name in LOCKS or name.startswith("."):
                    continue  # a lock, or a checkpoint's temp file cut short
                _copy_file(here / name, into / name)
            fsync_dir(into)
        fsync_dir(dest.parent)
    finally:
        if fd is not None:
            os.close(fd)
    return dest


def _copy_file(source: Path, target: Path) -> None:
    """Copy one file's bytes into a new private file and flush it."""
    out = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    try:
        write_all(out, read_regular(source))
        os.fsync(out)
    finally:
        os.close(out)


def backups(path: Path) -> list[Path]:
    """Return a database's backups, newest first."""
    folder = backups_folder(path)
    if kind(folder) != "dir":
        return []
    return sorted(
        (p for p in folder.iterdir() if p.is_dir() and p.name[:4].isdigit()), reverse=True
    )


def daily_backup(path: Path, today: date, keep: int = KEEP_DAILY) -> Path | None:
    """Take the day's backup if today has none yet, and keep only the last `keep` daily
    ones (the others — before a fix, before a restore, by hand — stay); 0 turns it off."""
    if keep <= 0:
        return None
    daily = [p for p in backups(path) if p.name.endswith(f"-{DAILY}")]
    if any(p.name.startswith(today.isoformat()) for p in daily):
        return None
    when = datetime.combine(today, datetime.now().time())
    made = copy_database(path, backups_folder(path) / backup_name(DAILY, when))
    for old in [made, *daily][keep:]:
        shutil.rmtree(old, ignore_errors=True)
    return made


def validate(path: Path) -> None:
    """Open a backup read-only and parse every file: raise StoreError naming what is wrong."""
    db = Database(path, writable=False)
    try:
        for table in TABLES:
            for shard in db.shards(table):
                db.peek(table, shard)
    finally:
        db.close()


def latest_valid(path: Path) -> Path | None:
    """Return the newest backup of a database that opens and parses whole, if any."""
    for backup in backups(path):
        try:
            validate(backup)
        except (StoreError, OSError):
            continue
        return backup
    return None


def restore(path: Path, backup: Path, now: datetime) -> Path | None:
    """Put a backup in place of a database; return where the replaced one was kept (None
    when there was no database).

    The backup is checked first, the database is refused while another salestui has it
    open, the backup is copied beside the database before anything is replaced, and the
    replaced database goes into the backups folder, never deleted.
    """
    validate(backup)
    found = kind(path)
    if found not in ("dir", "missing"):
        raise NotADatabaseError(path, tr("store.is_file"))
    staging = path.parent / f".{path.name}.restoring"
    shutil.rmtree(staging, ignore_errors=True)  # a restore cut short before
    if found == "missing":
        copy_database(backup, staging)
        os.rename(staging, path)
        fsync_dir(path.parent)
        return None
    check_marker(path)  # never move aside a folder that is not a salestui database
    aside = backups_folder(path) / backup_name("before-restore", now)
    with alone(path):
        copy_database(backup, staging)
        backups_folder(path).mkdir(exist_ok=True, mode=0o700)
        os.rename(path, aside)
        os.rename(staging, path)
        fsync_dir(path.parent)
        fsync_dir(aside.parent)
    return aside
