"""Errors the store raises: each names the path, what is wrong and what to do."""

from __future__ import annotations

from pathlib import Path

from salestui.i18n import tr


class StoreError(Exception):
    """A database problem the user can act on; the CLI prints it and exits with 1."""

    def __init__(self, path: Path, problem: str, hint: str) -> None:
        super().__init__(f"{path}: {problem}. {hint}")
        self.path = path
        self.problem = problem
        self.hint = hint


class NotADatabaseError(StoreError):
    """The path holds something that is not a salestui database."""

    def __init__(self, path: Path, problem: str) -> None:
        super().__init__(path, problem, tr("store.hint_not_db"))


class CorruptError(StoreError):
    """A database file is damaged (truncated, unparsable, wrong shape)."""

    def __init__(self, path: Path, problem: str) -> None:
        super().__init__(path, problem, tr("store.hint_corrupt"))


class TooNewError(StoreError):
    """The database was written by a newer salestui."""

    def __init__(self, path: Path, found: int, supported: int) -> None:
        super().__init__(
            path,
            tr("store.too_new", found=found, supported=supported),
            tr("store.hint_too_new"),
        )


class LockedError(StoreError):
    """Another salestui process has the database open for writing."""

    def __init__(self, path: Path, holder: str) -> None:
        super().__init__(path, tr("store.locked", holder=holder), tr("store.hint_locked"))
        self.holder = holder


class MissingDatabaseError(StoreError):
    """There is no database at the path and the caller did not ask to create one."""

    def __init__(self, path: Path) -> None:
        super().__init__(path, tr("store.missing"), tr("store.hint_missing"))


class WriteFailedError(StoreError):
    """The disk refused a write; the in-memory state was rolled back."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(path, tr("store.write_failed", reason=reason), tr("store.hint_write"))
