"""The tables, how each is split into shard files, the schema version and migrations."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Final

from salestui import models

if TYPE_CHECKING:
    from salestui.store.engine import Database

APP_ID: Final = "salestui"
SCHEMA_VERSION: Final = 4
UNSHARDED: Final = "all"
# The meta table holds one document, always under this id.
META_ID: Final = 1
# A dated table's file is a year (2026.json) or a month (2026-11.json); a folder may hold
# both while an upgrade moves a table from one to the other.
SHARD_NAME: Final = re.compile(r"\d{4}(-\d{2})?")


@dataclass(frozen=True, slots=True)
class TableSpec:
    """A table, its record class, and the date field whose year (or month) picks its file."""

    name: str
    model: type
    date_field: str | None = None  # None: one file
    by_month: bool = False

    def shard_of(self, doc: Mapping[str, object]) -> str:
        """Return the shard a document belongs in: its date's year or month, or the one file."""
        if self.date_field is None:
            return UNSHARDED
        return str(doc[self.date_field])[: 7 if self.by_month else 4]

    def shard_for(self, day: date) -> str:
        """Return the shard that holds a date's documents."""
        return self.shard_of({self.date_field or "": day.isoformat()})

    def shards_between(self, start: date, end: date) -> list[str]:
        """Return the names of every shard that can hold dates in [start, end]."""
        if not self.by_month:
            return [str(year) for year in range(start.year, end.year + 1)]
        first, last = start.year * 12 + start.month - 1, end.year * 12 + end.month - 1
        return [f"{n // 12:04d}-{n % 12 + 1:02d}" for n in range(first, last + 1)]


def overlaps(shard: str, start: date, end: date) -> bool:
    """Tell whether a shard (a year or a month) can hold dates in [start, end]."""
    return start.isoformat()[: len(shard)] <= shard <= end.isoformat()[: len(shard)]


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
        # A month of a team's numbers parses in milliseconds: the first cell saved into a
        # month nobody has shown, and the open (which reads the last working day's), stay fast.
        TableSpec("metrics", models.DailyMetrics, "date", by_month=True),
        TableSpec("call_reviews", models.CallReview, "date"),
        TableSpec("base_reviews", models.BaseReview, "date"),
        TableSpec("rollcall", models.RollCall, "date"),
        TableSpec("routine_log", models.RoutineDone, "date"),
    )
}

Migration = Callable[["Database"], None]
