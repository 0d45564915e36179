"""Typed access to every table; screens, reports and the CLI use only this."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Final

from salestui.i18n import tr
from salestui.models import (
    DailyMetrics,
    Employee,
    RoutineDone,
    Settings,
    ValidationError,
)
from salestui.resources import load_json
from salestui.store.codec import from_doc, to_doc
from salestui.store.engine import Conflict, Database
from salestui.store.quality import QualityRecords
from salestui.store.records import TABLE_OF, atomic
from salestui.store.schema import TABLES, UNSHARDED, overlaps

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["TABLE_OF", "Repository", "default_settings"]

METRICS: Final = TABLES["metrics"]


@cache
def default_settings() -> Settings:
    """Return the settings shipped in data/default_settings.json (a frozen record, read once)."""
    return from_doc(Settings, load_json("default_settings.json"))


class Repository(QualityRecords):
    """Typed reads and durable writes over one open database."""

    def __init__(self, db: Database) -> None:
        super().__init__(db)
        # (employee_id, ISO date) -> doc_id, per metrics shard; built on first use.
        self._metric_ids: dict[str, dict[tuple[int, str], int]] = {}
        # ISO date -> doc ids, per metrics shard: a day's rows without scanning the month.
        self._metric_days: dict[str, dict[str, set[int]]] = {}

    @classmethod
    def open(
        cls,
        path: Path,
        *,
        writable: bool = True,
        create: bool = False,
        metrics: tuple[date, date] | None = None,
        routine_log: tuple[date, date] | None = None,
    ) -> Repository:
        """Open (or create) the database folder at path.

        Settings, employees, and the numbers and routine log of the given periods (what the
        first screen or report reads) are parsed and checked before any lock file is touched.
        """
        read_first = [("settings", UNSHARDED), ("employees", UNSHARDED)]
        for table, period in (("metrics", metrics), ("routine_log", routine_log)):
            if period is not None:
                read_first += [(table, s) for s in TABLES[table].shards_between(*period)]
        return cls(Database(path, writable=writable, create=create, read_first=read_first))

    @classmethod
    def in_memory(cls) -> Repository:
        """Return a repository over a database that lives only in memory (for tests)."""
        return cls(Database(None))

    @property
    def folder(self) -> Path | None:
        """Return the database folder (None for one that lives in memory)."""
        return None if self.db.memory else self.db.path

    def close(self) -> None:
        """Checkpoint and release the database."""
        self.db.close()

    def follow(self) -> bool:
        """Apply what other processes saved meanwhile (the app calls this every second);
        True if anything changed."""
        return self.db.follow()

    def take_conflicts(self) -> list[Conflict]:
        """Return (once) the records another process changed after this one saved them."""
        return self.db.take_conflicts()

    def take_external(self) -> dict[str, set[int] | None]:
        """Return (once) the ids other processes changed, by table (None: any of them)."""
        return self.db.take_external()

    def checkpoint_if_due(self) -> bool:
        """Fold the journal into the files when it has grown (call when the user is idle)."""
        return self.db.checkpoint_if_due()

    def _forget(self) -> None:
        """Drop derived indexes after a rolled-back transaction; they rebuild on demand."""
        super()._forget()
        self._metric_ids.clear()
        self._metric_days.clear()

    def _changed(self, table: str) -> None:
        """Drop what was derived from a table that a generic write just changed."""
        super()._changed(table)
        if table == "metrics":
            self._metric_ids.clear()
            self._metric_days.clear()

    # -- settings ----------------------------------------------------------------------

    def settings(self) -> Settings:
        """Return the stored settings, or the shipped defaults if none were saved."""
        # Kept as a record and replaced by each save: every save asks for the settings, and
        # building them from their document each time cost a save ~0.25 ms.
        stored = self.kept(Settings, UNSHARDED)
        return next(iter(stored.values())) if stored else default_settings()

    @atomic
    def save_settings(self, settings: Settings) -> Settings:
        """Store the settings; there is only ever one record, and the new one wins."""
        stored = self.db.raw("settings", UNSHARDED)
        # Frames have one column per funnel metric: a changed funnel needs new ones.
        self._frames.clear()
        if stored:
            return self.update(replace(settings, id=int(next(iter(stored)))))
        return self.add(settings)

    # -- employees ---------------------------------------------------------------------

    def employees(self) -> list[Employee]:
        """Return every employee, past and present, sorted by name."""
        return sorted(self.all(Employee), key=lambda e: (e.name.casefold(), e.id))

    def find_employee(self, name: str) -> Employee | None:
        """Return the employee with this name (case-insensitive), if any."""
        wanted = " ".join(name.split()).casefold()
        return next((e for e in self.all(Employee) if e.name.casefold() == wanted), None)

    def _check_unique(self, employee: Employee) -> None:
        other = self.find_employee(employee.name)
        if other is not None and other.id != employee.id:
            raise ValidationError(
                tr("field.name"), employee.name, tr("error.name_taken", value=employee.name)
            )

    @atomic
    def add_employee(self, employee: Employee) -> Employee:
        """Store a new employee; names must be unique."""
        self._check_unique(employee)
        return self.add(employee)

    @atomic
    def update_employee(self, employee: Employee, before: Employee | None = None) -> Employee:
        """Store changes to an employee (only what changed from `before`, if given); names
        must stay unique."""
        self._check_unique(employee)
        return self.update(employee, before)

    # -- daily metrics -----------------------------------------------------------------

    def _metric_index(self, shard: str) -> dict[tuple[int, str], int]:
        index = self._metric_ids.get(shard)
        if index is None:
            docs = self.db.raw("metrics", shard)
            index = {(d["employee_id"], d["date"]): int(k) for k, d in docs.items()}
            days: dict[str, set[int]] = {}
            for (_, iso), doc_id in index.items():
                days.setdefault(iso, set()).add(doc_id)
            self._metric_ids[shard], self._metric_days[shard] = index, days
        return index

    def metrics_for(self, employee_id: int, day: date) -> DailyMetrics | None:
        """Return one employee's counts for one date, if any were entered."""
        shard, iso = METRICS.shard_for(day), day.isoformat()
        doc_id = self._metric_index(shard).get((employee_id, iso))
        if doc_id is None:
            return None
        return self._record(DailyMetrics, shard, doc_id, self.db.raw("metrics", shard)[str(doc_id)])

    def metrics_on(self, day: date) -> dict[int, DailyMetrics]:
        """Return the counts entered for a date, by employee id (through the day index)."""
        shard = METRICS.shard_for(day)
        if shard not in self.db.shards("metrics"):
            return {}
        self._metric_index(shard)
        docs = self.db.raw("metrics", shard)
        found = (
            self._record(DailyMetrics, shard, i, docs[str(i)])
            for i in self._metric_days[shard].get(day.isoformat(), ())
        )
        return {m.employee_id: m for m in found}

    def metrics_between(
        self, start: date, end: date, employee_id: int | None = None
    ) -> list[DailyMetrics]:
        """Return counts in a date range, optionally for one employee, by date then id."""
        rows = self.between(DailyMetrics, start, end)
        if employee_id is not None:
            rows = [m for m in rows if m.employee_id == employee_id]
        return sorted(rows, key=lambda m: (m.date, m.employee_id))

    @atomic
    def set_count(
        self, employee_id: int, day: date, code: str, value: int | None
    ) -> DailyMetrics | None:
        """Save one cell of the daily grid durably; None clears it. Returns the day's row."""
        # The row is read holding the lock, after other processes' saves: a count another
        # session entered in the same row a moment ago stays.
        shard, iso = METRICS.shard_for(day), day.isoformat()
        index = self._metric_index(shard)
        doc_id = index.get((employee_id, iso))
        table = self.db.table("metrics", shard)
        stored = self.db.raw("metrics", shard)[str(doc_id)] if doc_id is not None else None
        counts: dict[str, int] = dict(stored.get("counts", {})) if stored else {}
        if value is None:
            counts.pop(code, None)
        else:
            counts[code] = value
        record = DailyMetrics(employee_id, day, counts, doc_id or 0)  # validates the value
        if doc_id is None and counts:
            # Not self.add(): that would drop the index this method keeps up to date.
            record = replace(record, id=self.db.new_id())
            self.db.insert("metrics", record.id, to_doc(record))
            index[(employee_id, iso)] = record.id
            self._metric_days[shard].setdefault(iso, set()).add(record.id)
        elif doc_id is not None and counts:
            table.update({"counts": counts}, doc_ids=[doc_id])
        elif doc_id is not None:
            table.remove(doc_ids=[doc_id])
            del index[(employee_id, iso)]
            self._metric_days[shard][iso].discard(doc_id)
        if doc_id is not None or counts:
            # The one count typed: another session changing that cell later is a conflict.
            self.db.remember("metrics", record.id or doc_id or 0, {f"counts.{code}": value})
        super()._changed("metrics")
        return record if counts else None

    def metrics_frame(self, start: date | None = None, end: date | None = None) -> pd.DataFrame:
        """Return the counts of the months [start, end] touches (default: all) as a typed frame.

        Only those months' files are read: a one-month report does not parse five years.
        The frame is cached until the next save.
        """
        period = (start or date.min, end or date.max)
        shards = tuple(s for s in self.db.shards("metrics") if overlaps(s, *period))
        frame = self._frames.get(("metrics", shards))
        if frame is None:
            from salestui.store.frames import metrics_frame

            codes = self.settings().metric_codes()
            docs = ((i, doc) for _, i, doc in self._docs("metrics", list(shards)))
            frame = metrics_frame(docs, codes)
            self._frames[("metrics", shards)] = frame
        return frame

    # -- morning checklist -------------------------------------------------------------

    def routines_done(self, start: date, end: date) -> list[RoutineDone]:
        """Return the routines marked done between two dates."""
        return self.between(RoutineDone, start, end)

    @atomic
    def set_routine_done(self, day: date, routine: str, done: bool, at: datetime) -> None:
        """Mark a routine done (or not done) for a date."""
        existing = [r for r in self.routines_done(day, day) if r.routine == routine]
        if done and not existing:
            self.add(RoutineDone(day, routine, at))
        elif not done:
            with self.db.transaction():
                for record in existing:
                    self.delete(RoutineDone, record.id)
