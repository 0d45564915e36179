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
SCHEMA_VERSION: Final = 6
UNSHARDED: Final = "all"
# Where a table with an open shelf keeps the records still in play (open deals, unpaid
# invoices): the hot list and receivables read this file only, never five years of history.
OPEN: Final = "open"
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
    # Records whose date field is empty (not closed, not settled yet) live in the OPEN file.
    open_shelf: bool = False
    # The field that picked a year file before schema 5 filed the table by its open shelf.
    legacy_field: str | None = None

    def shard_of(self, doc: Mapping[str, object]) -> str:
        """Return the shard a document belongs in: its date's year or month, or the one file."""
        if self.date_field is None:
            return UNSHARDED
        value = doc.get(self.date_field)
        if value is None and self.open_shelf:
            return OPEN
        return str(value)[: 7 if self.by_month else 4]

    def valid_shard(self, shard: str) -> bool:
        """Tell whether a table can have a shard of this name."""
        if self.date_field is None:
            return shard == UNSHARDED
        return bool(SHARD_NAME.fullmatch(shard)) or (self.open_shelf and shard == OPEN)

    def fits_shard(self, doc: Mapping[str, object], shard: str) -> bool:
        """Tell whether a document may live in a shard (its date matches; open ones in OPEN).

        startswith, not shard_of(): a change journaled before an upgrade re-sharded a table
        names the file it was in then (a year), and is replayed there.
        """
        if self.date_field is None:
            return True
        value = doc.get(self.date_field)
        if shard == OPEN:
            return value is None
        if str(value).startswith(shard):
            return True
        legacy = doc.get(self.legacy_field) if self.legacy_field else None
        return legacy is not None and str(legacy).startswith(shard)

    def shard_for(self, day: date) -> str:
        """Return the shard that holds a date's documents."""
        return self.shard_of({self.date_field or "": day.isoformat()})

    def shards_between(self, start: date, end: date) -> list[str]:
        """Return the names of every shard that can hold dates in [start, end]."""
        if not self.by_month:
            return [str(year) for year in range(start.year, end.year + 1)]
        first, last = start.year * 12 + start.month - 1, end.year * 12 + end.month - 1
        return [f"{n // 12:04d}-{n % 12 + 1:02d}" for n in range(first, last + 1)]


def on_or_after(shard: str, day: date) -> bool:
    """Tell whether a shard (a year or a month, not the open shelf) can hold dates on or
    after a day."""
    return shard >= day.isoformat()[: len(shard)]


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
        # By month (schema 6): a month's file parses in milliseconds, where a year's (4–5 MB at
        # 20,000 records) held the interpreter ~50 ms and its parsed documents ~30 MB.
        TableSpec("clients", models.Client, "created", by_month=True),
        # Open deals and unpaid invoices in one small file each; the rest by the month they
        # closed or were settled in.
        TableSpec(
            "deals", models.Deal, "closed", by_month=True, open_shelf=True, legacy_field="created"
        ),
        TableSpec(
            "invoices",
            models.Invoice,
            "settled",
            by_month=True,
            open_shelf=True,
            legacy_field="issued",
        ),
        # By month, as the daily numbers: this month's money is read without the whole year.
        TableSpec("payments", models.Payment, "date", by_month=True),
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
