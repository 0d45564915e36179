"""TinyDB wiring: one TinyDB per shard file, whose table writes go to the journal."""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator, Mapping, MutableMapping
from typing import TYPE_CHECKING, Any, cast

from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Table

if TYPE_CHECKING:
    from salestui.store.engine import Database

Doc = dict[str, Any]
_MISSING: Any = object()


class ShardStorage(Storage):
    """Keeps one shard's documents in memory; TinyDB reads them without a copy."""

    def __init__(self, db: Database, table: str, shard: str, docs: dict[str, Doc]) -> None:
        self.db = db
        self.table = table
        self.shard = shard
        self.data: dict[str, dict[str, Doc]] = {table: docs}

    def read(self) -> dict[str, dict[str, Doc]]:
        """Return the live tables (TinyDB only reads them)."""
        return self.data

    def write(self, data: dict[str, dict[str, Doc]]) -> None:
        """Journal a whole-table replacement (TinyDB calls this only for drop_tables)."""
        old = self.data.get(self.table, {})
        new = data.get(self.table, {})
        ops: list[tuple[int, Doc | None]] = [(int(k), None) for k in old if k not in new]
        ops += [(int(k), doc) for k, doc in new.items()]
        self.data = {self.table: dict(new)}
        undo: list[tuple[int, Doc | None]] = [(int(k), d) for k, d in old.items()]
        self.db.record(self.table, self.shard, ops, undo)

    def close(self) -> None:
        """Nothing to close: the database owns the files."""


class _Tracked(MutableMapping[int, Doc]):
    """A view of a raw table that remembers what an updater read or changed."""

    def __init__(self, raw: dict[str, Doc]) -> None:
        self.raw = raw
        self.before: dict[int, Any] = {}

    def _remember(self, key: int) -> None:
        if key not in self.before:
            doc = self.raw.get(str(key), _MISSING)
            # TinyDB's update() mutates the returned document in place, so keep a copy.
            self.before[key] = doc if doc is _MISSING else copy.deepcopy(doc)

    def __getitem__(self, key: int) -> Doc:
        doc = self.raw[str(key)]
        self._remember(key)
        return doc

    def __setitem__(self, key: int, value: Doc) -> None:
        self._remember(key)
        self.raw[str(key)] = value

    def __delitem__(self, key: int) -> None:
        self._remember(key)
        del self.raw[str(key)]

    def __contains__(self, key: object) -> bool:
        return str(key) in self.raw

    def __iter__(self) -> Iterator[int]:
        return (int(k) for k in list(self.raw))

    def __len__(self) -> int:
        return len(self.raw)

    def rollback(self) -> None:
        """Put back every document as it was before the updater ran."""
        for key, doc in self.before.items():
            if doc is _MISSING:
                self.raw.pop(str(key), None)
            else:
                self.raw[str(key)] = doc

    def changes(self) -> list[tuple[int, Doc | None]]:
        """Return the new state of every touched document (None = deleted)."""
        return [(key, self.raw.get(str(key))) for key in self.before]

    def undo(self) -> list[tuple[int, Doc | None]]:
        """Return the old state of every touched document (None = did not exist)."""
        return [(k, None if d is _MISSING else d) for k, d in self.before.items()]


class JournalTable(Table):
    """A TinyDB table that updates in place and journals only the changed documents.

    Stock TinyDB copies the whole table twice and rewrites the whole file on every write;
    here a write costs one journal line, whatever the table's size.
    """

    def _update_table(self, updater: Callable[[dict[int, Mapping[Any, Any]]], None]) -> None:
        held = cast(ShardStorage, self._storage)
        with held.db.transaction():
            # Opening the transaction catches up with other processes, which may have read
            # this shard again: write into the documents that are live now.
            live = held.db.table(held.table, held.shard)
            storage = cast(ShardStorage, live.storage)
            raw = storage.data.setdefault(self.name, {})
            view = _Tracked(raw)
            try:
                # TinyDB's updaters only index, assign and delete, which the view supports.
                updater(cast(dict[int, Mapping[Any, Any]], view))
            except BaseException:
                view.rollback()
                raise
            if view.before:
                try:
                    storage.db.record(storage.table, storage.shard, view.changes(), view.undo())
                except BaseException:
                    view.rollback()
                    raise
            live.clear_cache()
        self.clear_cache()


def replacing(doc: Doc) -> Callable[[MutableMapping[Any, Any]], None]:
    """Return a TinyDB update function that makes the stored document equal to doc."""

    def apply(stored: MutableMapping[Any, Any]) -> None:
        stored.clear()
        stored.update(doc)

    return apply


class ShardDB(TinyDB):
    """A TinyDB over one shard's in-memory storage."""

    table_class = JournalTable
    default_table_name = "_unused"
