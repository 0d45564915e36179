"""Typed records over the shards: generic reads and writes, and records kept parsed per shard."""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from datetime import date
from typing import TYPE_CHECKING, Any, Concatenate, Final, ParamSpec, TypeVar, cast

from salestui.i18n import tr
from salestui.models import ValidationError
from salestui.store.codec import from_doc, to_doc
from salestui.store.engine import Database
from salestui.store.errors import CorruptError
from salestui.store.schema import TABLES, overlaps
from salestui.store.shards import replacing

if TYPE_CHECKING:
    import pandas as pd

T = TypeVar("T")
P = ParamSpec("P")
R = TypeVar("R")
S = TypeVar("S", bound="Records")

_NONE: Final = object()  # a field a document does not have
TABLE_OF: Final[dict[type, str]] = {spec.model: name for name, spec in TABLES.items()}
# The longest the app waits for the read-ahead thread to finish a shard's records.
BUILD_WAIT_S: Final = 5.0


def atomic(method: Callable[Concatenate[S, P], R]) -> Callable[Concatenate[S, P], R]:
    """Run a save method in one transaction: what it reads first (the invoice a payment is
    added to, the deal a contact is logged on) is read holding the lock, after every other
    process's saves, so it never builds on a copy another session has changed since."""

    @functools.wraps(method)
    def run(self: S, /, *args: P.args, **kwargs: P.kwargs) -> R:
        with self.db.transaction():
            return method(self, *args, **kwargs)

    return run


class Records:
    """Generic typed access to one open database, with parsed records kept per shard.

    A screen that shows open deals asks for them on every refresh: they are built from their
    documents once and then kept, each write replacing just the record it changed, so a save
    never makes the next view rebuild every record.
    """

    def __init__(self, db: Database) -> None:
        self.db = db
        # Typed frames by table and the shards (months, years) they were built from.
        self._frames: dict[tuple[str, tuple[str, ...]], pd.DataFrame] = {}
        # Records by id, per (table, shard), for the shards something has asked for.
        self._kept: dict[tuple[str, str], dict[int, Any]] = {}
        # Counts writes, so records built by the read-ahead thread from documents that a
        # write changed meanwhile are thrown away rather than kept (keep_quietly()).
        self._writes = 0
        self._keeping = threading.Lock()
        # Shards whose records the read-ahead thread is building: kept() waits for them
        # rather than build the same thousands of records at the same time.
        self._building: dict[tuple[str, str], threading.Event] = {}
        db.rollback_hooks.append(self._forget)
        db.change_hooks.append(self._external)

    @property
    def writes(self) -> int:
        """Return how many writes this session has made (a thread's work is stale if it grew)."""
        return self._writes

    @property
    def changes(self) -> int:
        """Return how many changes any table has had this session, the daily numbers and
        the routine log too: what a screen shows is current while this stays the same."""
        return self.db.changes

    def changes_of(self, *tables: str) -> int:
        """Return how many changes the given tables have had this session: what is made
        from them alone stays current while this stays the same."""
        return self.db.changes_of(tables)

    def _wrote(self) -> None:
        """Count a write before it changes any document."""
        with self._keeping:
            self._writes += 1

    def _forget(self) -> None:
        """Drop derived records after a rolled-back transaction; they rebuild on demand."""
        self._wrote()
        self._frames.clear()
        self._kept.clear()

    def _external(self, keys: set[tuple[str, str]]) -> None:
        """Drop what was derived from the shards another process's saves changed."""
        self._wrote()
        for key in keys:
            self._kept.pop(key, None)
        for table in {table for table, _ in keys}:
            self._changed(table)

    def _changed(self, table: str) -> None:
        """Drop the frames derived from a table a write just changed."""
        for key in [k for k in self._frames if k[0] == table]:
            del self._frames[key]

    # -- reading -----------------------------------------------------------------------

    def _docs(self, table: str, shards: list[str] | None = None) -> Iterator[tuple[str, int, Any]]:
        for shard in self.db.shards(table) if shards is None else shards:
            for key, doc in self.db.raw(table, shard).items():
                yield shard, int(key), doc

    def _record(self, cls: type[T], shard: str, doc_id: int, doc: Any) -> T:
        """Build a record from its document; one that breaks a rule names its file and id.

        The open checks each document's shape; a rule such as a count over the maximum is
        the model's, and only shows when the record is built.
        """
        try:
            return from_doc(cls, doc, doc_id)
        except ValidationError as exc:
            file = self.db.shard_file(TABLE_OF[cls], shard)
            raise CorruptError(file, tr("store.bad_record", id=doc_id, problem=exc)) from None

    def kept(self, cls: type[T], shard: str) -> dict[int, T]:
        """Return a shard's records by id, built once and kept up to date by every write."""
        table = TABLE_OF[cls]
        found = self._kept.get((table, shard))
        if found is None and (building := self._building.get((table, shard))) is not None:
            building.wait(BUILD_WAIT_S)
            found = self._kept.get((table, shard))
        if found is None:
            if shard in self.db.shards(table):
                docs = self.db.raw(table, shard)
                found = {int(k): self._record(cls, shard, int(k), d) for k, d in docs.items()}
            else:
                found = {}
            self._kept[(table, shard)] = found
        return cast(dict[int, T], found)

    def keep_quietly(self, cls: type, shard: str) -> None:
        """Build a shard's kept records from the read-ahead thread, unless a write came
        meanwhile (the records are then built again when a screen asks); never raises."""
        key = (TABLE_OF[cls], shard)
        with self._keeping:
            if key in self._kept or key in self._building:
                return
            building = self._building[key] = threading.Event()
        try:
            if not self.db.read_quietly(*key):
                return
            seen = self._writes
            docs = dict(self.db.raw(*key))  # one copy in C: a write cannot tear it
            try:
                built: dict[int, Any] = {
                    int(k): self._record(cls, shard, int(k), d) for k, d in docs.items()
                }
            except CorruptError:
                return  # the screen that reads it says what is wrong
            with self._keeping:
                if self._writes == seen and key not in self._kept:
                    self._kept[key] = built
        finally:
            with self._keeping:
                del self._building[key]
            building.set()

    def in_shards(self, cls: type[T], shards: Iterable[str]) -> list[T]:
        """Return the records of the given shards of a table."""
        return [r for shard in shards for r in self.kept(cls, shard).values()]

    # A search over 100,000 clients needs a few strings of each, not 100,000 records: these
    # hand out the stored documents themselves, read-only, for screens that index them.

    def shards(self, table: str) -> list[str]:
        """Return the names of a table's files (years, months, "open"), oldest first."""
        return self.db.shards(table)

    def documents(
        self, table: str, shards: Iterable[str] | None = None
    ) -> Iterator[tuple[str, Any]]:
        """Yield (id, stored document) of a table's files (all by default); never modify them."""
        for shard in self.db.shards(table) if shards is None else shards:
            yield from self.db.raw(table, shard).items()

    def scan(self, table: str, shards: Iterable[str]) -> Iterator[tuple[str, Any]]:
        """Yield (id, stored document) of some files without keeping unparsed ones parsed
        (Database.peek): for an index that keeps a few fields of years of records."""
        for shard in shards:
            yield from self.db.peek(table, shard).items()

    def file_of(self, record: Any) -> str:
        """Return the file (shard) a record is stored in, by its own fields."""
        table = TABLE_OF[type(record)]
        return TABLES[table].shard_of(to_doc(record))

    def version(self, table: str, shard: str) -> int:
        """Return how many changes a file has had this session: an index made from it is
        current while this stays the same."""
        return self.db.version(table, shard)

    def get_from(self, cls: type[T], shard: str, record_id: int) -> T | None:
        """Return one record from the file an index says holds it (that file only is parsed)."""
        table = TABLE_OF[cls]
        kept = self._kept.get((table, shard))
        if kept is not None:
            return cast(T | None, kept.get(record_id))
        doc = self.db.raw(table, shard).get(str(record_id))
        return None if doc is None else self._record(cls, shard, record_id, doc)

    def document(self, table: str, record_id: int) -> Any | None:
        """Return one stored document by id (read-only), or None."""
        shard = self._shard_of(table, record_id)
        return None if shard is None else self.db.raw(table, shard)[str(record_id)]

    def file_sizes(self, table: str) -> tuple[tuple[str, int], ...]:
        """Return how many documents each file of a table holds: changes when records come,
        go or move between files (cheap once the files are parsed)."""
        return tuple((s, len(self.db.raw(table, s))) for s in self.db.shards(table))

    def all(self, cls: type[T]) -> list[T]:
        """Return every record of a table (parses all its shards)."""
        return self.in_shards(cls, self.db.shards(TABLE_OF[cls]))

    def between(
        self, cls: type[T], start: date, end: date, match: Mapping[str, object] | None = None
    ) -> list[T]:
        """Return the records of a dated table whose date lies in [start, end] (and whose
        fields hold `match`'s values: only those records are built)."""
        wanted = tuple((match or {}).items())
        spec = TABLES[TABLE_OF[cls]]
        assert spec.date_field is not None, spec.name
        field, lo, hi = spec.date_field, start.isoformat(), end.isoformat()
        found: list[T] = []
        for shard in self.db.shards(spec.name):
            if not overlaps(shard, start, end):
                continue
            kept = self._kept.get((spec.name, shard))
            if kept is not None:
                # Built already (the read-ahead keeps a year of call reviews): not again.
                found += (
                    r
                    for r in kept.values()
                    if start <= getattr(r, field) <= end
                    and all(getattr(r, k) == v for k, v in wanted)
                )
                continue
            found += (
                self._record(cls, shard, int(i), doc)
                for i, doc in self.db.raw(spec.name, shard).items()
                if lo <= doc[field] <= hi and all(doc.get(k) == v for k, v in wanted)
            )
        return found

    def _shard_of(self, table: str, record_id: int) -> str | None:
        """Return the shard holding a record (Database.find)."""
        return self.db.find(table, record_id)

    def get(self, cls: type[T], record_id: int) -> T | None:
        """Return one record by id, parsing older shards only if it is not in newer ones."""
        table = TABLE_OF[cls]
        shard = self._shard_of(table, record_id)
        if shard is None:
            return None
        kept = self._kept.get((table, shard))
        if kept is not None:
            return cast(T, kept[record_id])
        return self._record(cls, shard, record_id, self.db.raw(table, shard)[str(record_id)])

    # -- writing -----------------------------------------------------------------------

    def transaction(self) -> AbstractContextManager[None]:
        """Group saves: every one of them reaches the disk, or none does (nestable)."""
        return self.db.transaction()

    def _keep(self, table: str, shard: str, record: Any, old_shard: str | None = None) -> None:
        """Put a written record into the kept records (out of its old shard's, if it moved)."""
        record_id: int = record.id
        if old_shard is not None and (old := self._kept.get((table, old_shard))) is not None:
            old.pop(record_id, None)
        kept = self._kept.get((table, shard))
        if kept is not None:
            kept[record_id] = record

    def add(self, record: T) -> T:
        """Store a new record and return it with its id."""
        self._wrote()
        table = TABLE_OF[type(record)]
        doc = to_doc(record)
        with self.db.transaction():  # the id is issued holding the lock: no other process has it
            record_id = self.db.new_id()
            self.db.insert(table, record_id, doc)
        self._changed(table)
        stored = from_doc(type(record), doc, record_id)
        self._keep(table, TABLES[table].shard_of(doc), stored)
        return stored

    def new_id(self) -> int:
        """Return a fresh id for a record to be added (add_all keeps it)."""
        return self.db.new_id()

    def add_all(self, records: Sequence[T]) -> list[int]:
        """Store many new records of one table in one transaction; return their ids (in order).

        The records are not built again from their documents, and the table's kept records
        are let go (read again when asked): an import adds tens of thousands at once.
        """
        if not records:
            return []
        self._wrote()
        table = TABLE_OF[type(records[0])]
        with self.db.transaction():
            # A record may come with the id it was given ahead (new_id, in the same
            # transaction): an import names clients before it writes them.
            items = [
                (getattr(r, "id") or self.db.new_id(), to_doc(r))  # noqa: B009 - every model has an id
                for r in records
            ]
            self.db.insert_many(table, items)
        self._changed(table)
        for key in [k for k in self._kept if k[0] == table]:
            del self._kept[key]
        return [doc_id for doc_id, _ in items]

    def update(self, record: T, before: T | None = None) -> T:
        """Store a changed record; one whose date changes file moves in one transaction.

        With `before` (the record the change was made from), only the fields that differ
        from it are written, over the record as it is stored now: what another process
        saved meanwhile in the other fields stays. Returns the record as stored.
        """
        self._wrote()
        cls = type(record)
        table = TABLE_OF[cls]
        record_id: int = getattr(record, "id")  # noqa: B009 - every model has an id field
        doc = to_doc(record)
        with self.db.transaction():
            old_shard = self._shard_of(table, record_id)
            if old_shard is None:
                raise KeyError(f"{table} {record_id}")
            stored = self.db.raw(table, old_shard)[str(record_id)]
            base = stored if before is None else to_doc(before)
            changed = [
                k for k in doc.keys() | base.keys() if doc.get(k, _NONE) != base.get(k, _NONE)
            ]
            if base != stored:
                # Another process saved this record since `before` was read: its fields stay,
                # ours go over them, and the rules are checked on the result.
                merged = {k: v for k, v in stored.items() if k not in changed}
                merged.update((k, doc[k]) for k in changed if k in doc)
                record = from_doc(cls, merged, record_id)
                doc = to_doc(record)
            new_shard = TABLES[table].shard_of(doc)
            if new_shard == old_shard:
                self.db.table(table, old_shard).update(replacing(doc), doc_ids=[record_id])
            else:
                self.db.table(table, old_shard).remove(doc_ids=[record_id])
                self.db.insert(table, record_id, doc)
            self.db.remember(table, record_id, {k: doc.get(k) for k in changed})
        self._changed(table)
        self._keep(table, new_shard, record, old_shard)
        return record

    def delete(self, cls: type, record_id: int) -> None:
        """Remove a record by id (no-op if it is not there)."""
        self._wrote()
        table = TABLE_OF[cls]
        with self.db.transaction():
            shard = self._shard_of(table, record_id)
            if shard is None:
                return
            self.db.table(table, shard).remove(doc_ids=[record_id])
        self._changed(table)
        if (kept := self._kept.get((table, shard))) is not None:
            kept.pop(record_id, None)
