"""The only package that imports TinyDB: storage engine, repository, migrations, frames."""

from salestui.store.engine import Database
from salestui.store.errors import (
    CorruptError,
    LockedError,
    MissingDatabaseError,
    NotADatabaseError,
    StoreError,
    TooNewError,
)
from salestui.store.folder import check_marker
from salestui.store.repository import Repository, default_settings
from salestui.store.schema import SCHEMA_VERSION, TABLES

__all__ = [
    "SCHEMA_VERSION",
    "TABLES",
    "CorruptError",
    "Database",
    "LockedError",
    "MissingDatabaseError",
    "NotADatabaseError",
    "Repository",
    "StoreError",
    "TooNewError",
    "check_marker",
    "default_settings",
]
