"""The tables, how each is split into shard files, the schema version and migrations."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from salestui import models

if TYPE_CHECKING:
    from salestui.store.engine import Database

APP_ID: Final = "salestui"
SCHEMA_VERSION: Final = 3
UNSHARDED: Final = "all"
# The meta table holds one document, always under this id.
META_ID: Final = 1


@dataclass(frozen=True, slots=True)
class TableSpec:
    """A table, its record class, and the date field whose year picks its shard file."""

    name: str
    model: type
    date_field: str | None = None  # None: one file

    def shard_of(self, doc: Mapping[str, object]) -> str:
        """Return the shard a document belongs in: its date's year, or the single shard."""
        if self.date_field is None:
            return UNSHARDED
        return str(doc[self.date_field])[:4]


TABLES: Final[dict[str, TableSpec]] = {
    spec.name: spec
    for spec in (
        TableSpec("meta", models.Meta),
        TableSpec("settings", models.Settings),
        TableSpec("employees", models.Employee),
        TableSpec("plans", models.Plan),
        TableSpec("clients", models.Client, "created"),
        TableSpec("deals", models.Deal, "created"),
        TableSpec("invoices", models.Invoice, "issued"),
        TableSpec("payments", models.Payment, "date"),
        TableSpec("metrics", models.DailyMetrics, "date"),
        TableSpec("call_reviews", models.CallReview, "date"),
        TableSpec("base_reviews", models.BaseReview, "date"),
        TableSpec("rollcall", models.RollCall, "date"),
        TableSpec("routine_log", models.RoutineDone, "date"),
    )
}

Migration = Callable[["Database"], None]
