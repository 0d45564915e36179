"""The tables, how each is split into shard files, the schema version and migrations."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from salestui.store.engine import Database

APP_ID: Final = "salestui"
SCHEMA_VERSION: Final = 2
UNSHARDED: Final = "all"
# The meta table holds one document, always under this id.
META_ID: Final = 1


@dataclass(frozen=True, slots=True)
class TableSpec:
    """A table and the date field whose year picks its shard file (None: one file)."""

    name: str
    date_field: str | None = None

    def shard_of(self, doc: Mapping[str, object]) -> str:
        """Return the shard a document belongs in: its date's year, or the single shard."""
        if self.date_field is None:
            return UNSHARDED
        return str(doc[self.date_field])[:4]


TABLES: Final[dict[str, TableSpec]] = {
    spec.name: spec
    for spec in (
        TableSpec("meta"),
        TableSpec("settings"),
        TableSpec("employees"),
        TableSpec("plans"),
        TableSpec("clients", "created"),
        TableSpec("deals", "created"),
        TableSpec("invoices", "issued"),
        TableSpec("payments", "date"),
        TableSpec("metrics", "date"),
        TableSpec("call_reviews", "date"),
        TableSpec("base_reviews", "date"),
        TableSpec("rollcall", "date"),
        TableSpec("routine_log", "date"),
    )
}

Migration = Callable[["Database"], None]
