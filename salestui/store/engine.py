"""The database: a folder of TinyDB shard files plus one write-ahead journal.

Every save writes one checksummed frame into `journal.wal` and flushes it; the shard files
(`employees.json`, `metrics/2026-11.json`, ...) are rewritten atomically only at checkpoints,
after which the journal starts a new generation. Opening reads `meta.json` and the journal and
checks every file's kind and ending before taking a lock; a shard is parsed (and each of its
documents checked) the first time something asks for it, so older years cost nothing until
used. A new record in a shard not parsed yet goes to the journal without parsing it.
"""

from __future__ import annotations

import os
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Final, cast

import orjson

from salestui.i18n import tr
from salestui.store import journal
from salestui.store.checks import check_op, discover, parse_shard
from salestui.store.errors import (
    CorruptError,
    MissingDatabaseError,
    NotADatabaseError,
    StoreError,
    TooNewError,
    WriteFailedError,
)
from salestui.store.folder import (
    check_marker,
    checkpoint_lock,
    hold_open,
    holder_note,
    lock_file,
    reader_lock,
    release,
    take,
)
from salestui.store.fsutil import (
    atomic_write,
    fsync_dir,
    kind,
    make_dir,
)
from salestui.store.migrations import MIGRATIONS
from salestui.store.schema import (
    APP_ID,
    META_ID,
    OPEN,
    SCHEMA_VERSION,
    TABLES,
    UNSHARDED,
    Migration,
)
from salestui.store.shards import Doc, JournalTable, ShardDB, ShardStorage

# The app checkpoints when idle past the soft size; a save itself does only past the hard
# size, so a keypress almost never pays for rewriting shards (tens of ms at scale).
CHECKPOINT_BYTES: Final = 1 << 20
HARD_CHECKPOINT_BYTES: Final = 16 << 20
Key = tuple[str, str]
# A document another process changed after this one saved some of its fields there:
# (table, id, the document now (as it was, if deleted), whether it was deleted).
Conflict = tuple[str, int, "Doc | None", bool]
# How many saved documents' fields are remembered to tell such a conflict.
MINE_KEPT: Final = 1000


def _dumps(table: str, docs: Mapping[str, Doc]) -> bytes:
    """Serialise a shard in TinyDB's own JSON layout."""
    return orjson.dumps({table: docs})


class Database:
    """An open salestui database folder."""

    def __init__(
        self,
        path: Path | None,
        *,
        writable: bool = True,
        create: bool = False,
        schema_version: int = SCHEMA_VERSION,
        migrations: Mapping[int, Migration] = MIGRATIONS,
        clock: Callable[[], int] = lambda: time.time_ns() // 1000,
        read_first: Iterable[Key] = (),
    ) -> None:
        # path=None keeps everything in memory: the test double of a database folder.
        self.memory = path is None
        self.path = path if path is not None else Path(":memory:")
        self.writable = writable
        self._clock = clock
        self._last_id = 0
        self._shards: dict[Key, ShardDB] = {}
        # Held while a shard is parsed, its queued changes applied, or a transaction is
        # open (the read-ahead thread parses shards while the app goes on, an import runs in
        # a worker); the first holder also takes the writer lock file (_exclusive()).
        self._loading = threading.RLock()
        self._depth = 0
        self._pending: dict[Key, list[tuple[int, Doc | None]]] = defaultdict(list)
        self._dirty: set[Key] = set()
        # Changes made to each shard this session (parsed or not): an index of a shard made
        # from peek() is current while this has not moved.
        self._versions: dict[Key, int] = defaultdict(int)
        self._on_disk: dict[str, set[str]] = defaultdict(set)
        # shards() by table, cleared whenever a shard name may come or go (a save asks often).
        self._names: dict[str, list[str]] = {}
        self._tx: list[journal.Op] | None = None
        self._undo: list[tuple[Key, list[tuple[int, Doc | None]]]] = []
        self.rollback_hooks: list[Callable[[], None]] = []
        self._lock_fd: int | None = None
        self._open_fd: int | None = None
        self._note = b""
        # (inode, size, mtime, ctime) of each parsed shard's file when it was read or written:
        # after another process's checkpoint, a file that changed is read again.
        self._stamps: dict[Key, tuple[int, int, int, int] | None] = {}
        # Inserts into shards not parsed yet, queued in this transaction (undone on rollback).
        self._queued: list[tuple[Key, tuple[int, Doc | None]]] = []
        # The fields this process last saved, by document: another process changing them
        # afterwards is a conflict to tell the user about (take_conflicts()).
        self._mine: dict[tuple[str, int], dict[str, Any]] = {}
        self._conflicts: list[Conflict] = []
        # The documents other processes' saves changed, by table, since the app last asked;
        # None for a table means all of it (after another process's checkpoint).
        self._external: dict[str, set[int] | None] = {}
        # Called (holding the lock) with the shards another process's saves changed.
        self.change_hooks: list[Callable[[set[Key]], None]] = []
        self.closed = False
        self._journal: journal.Journal | None = None
        self._scan: journal.Scan | None = None  # the journal as read while opening
        self._legacy_journal = False
        self._read_first = list(read_first)
        if self.memory:
            self.bulk_insert("meta", {META_ID: {"app": APP_ID, "schema": schema_version}})
            self._dirty.clear()
            return
        if self._classify(create):
            self._create(schema_version)
        try:
            self._open(schema_version, migrations)
        except BaseException:
            self._release()
            raise

    # -- opening -----------------------------------------------------------------------

    def _classify(self, create: bool) -> bool:
        """Check the path is a salestui database; return True if one must be created."""
        path = self.path
        found = kind(path)
        if found in ("file", "other"):
            raise NotADatabaseError(path, tr("store.is_file"))
        if found == "dir":
            if kind(path / "meta.json") != "missing":
                return False  # check_marker() judges it, whatever it is
            # A crash while creating the database can leave only our temp file behind.
            leftovers = set(path.glob(".meta.json.tmp-*"))
            if set(path.iterdir()) - leftovers:
                raise NotADatabaseError(path, tr("store.foreign_dir"))
        if not create:
            raise MissingDatabaseError(path)
        return True

    def _create(self, schema_version: int) -> None:
        """Make an empty database folder whose meta.json marks it as ours."""
        if kind(self.path) == "missing":
            self.path.parent.mkdir(parents=True, exist_ok=True)
            make_dir(self.path)
        meta = {str(META_ID): {"app": APP_ID, "schema": schema_version}}
        atomic_write(self.path / "meta.json", _dumps("meta", meta))

    def _open(self, schema_version: int, migrations: Mapping[int, Migration]) -> None:
        # Everything is checked before a lock file is created or a byte written: a refused
        # folder is left exactly as it was.
        check_marker(self.path)
        schema = self._read_all(schema_version)
        wal = self.path / journal.FILE
        if self.writable:
            self._open_fd = hold_open(self.path)
            self._lock_fd = lock_file(self.path)
            self._note = holder_note()
            take(self._lock_fd, self.path, self._note)
            self._depth = 1  # what is read below must not take and let go of the lock again
            try:
                if self._scan is not None and self._scan.salt != journal.salt_of(wal):
                    # Another process checkpointed while we read: read it all again.
                    schema = self._read_all(schema_version)
                assert self._scan is not None
                self._journal = journal.Journal(wal, self._scan)
                # Saves another process made between our read and the lock.
                self._catch_up()
            finally:
                self._depth = 0
                release(self._lock_fd)
        else:
            self._lock_fd = reader_lock(self.path)
            if self._scan is not None and self._scan.salt != journal.salt_of(wal):
                # A checkpoint came while we read; none can come now that we hold the lock.
                schema = self._read_all(schema_version)
        self._scan = None
        if schema < schema_version:
            self._migrate(schema, schema_version, migrations)

    def _read_all(self, schema_version: int) -> int:
        """Find the shard files, queue the journal's changes, check the schema and parse the
        shards asked for first; return the stored schema version."""
        self._on_disk.clear()
        self._on_disk.update(discover(self.path))
        self._names.clear()
        self._read_journals()
        schema = self._check_schema(schema_version)
        self._parse_first()
        return schema

    def _parse_first(self) -> None:
        """Parse (and so check) the shards the caller reads first, before any lock is taken.

        The first screen or report reads them anyway; a damaged one is then refused at open,
        with the folder left exactly as it was.
        """
        for table, shard in self._read_first:
            if shard in self.shards(table):
                self.table(table, shard)

    def _read_journals(self) -> None:
        """Queue the journal's changes (the schema-2 journal's first) for the shards they touch."""
        self._pending.clear()
        self._dirty.clear()
        self._shards.clear()
        self._stamps.clear()
        legacy = journal.read_legacy(self.path / journal.LEGACY_FILE, check_op)
        scan = journal.read(self.path / journal.FILE, check_op)
        for ops in [*legacy, *scan.txs]:
            for table, shard, doc_id, doc in ops:
                self._pending[(table, shard)].append((doc_id, doc))
                self._dirty.add((table, shard))
                self._last_id = max(self._last_id, doc_id)
        self._names.clear()
        self._scan = scan
        self._legacy_journal = journal.stat_stamp(self.path / journal.LEGACY_FILE) is not None

    def _check_schema(self, schema_version: int) -> int:
        """Return the stored schema version, refusing one this version cannot open."""
        meta = self.meta()  # check_marker() has already made sure it is ours
        # Ids must never repeat, even if the clock went back since the last session.
        last_id = meta.get("last_id", 0)
        self._last_id = max(self._last_id, last_id if type(last_id) is int else 0)
        schema = meta.get("schema")
        if type(schema) is not int or schema < 1:
            raise CorruptError(self.path / "meta.json", tr("store.bad_schema", value=schema))
        if schema > schema_version:
            raise TooNewError(self.path, schema, schema_version)
        if schema < schema_version and not self.writable:
            raise StoreError(self.path, tr("store.needs_upgrade"), tr("store.hint_upgrade"))
        return schema

    def meta(self) -> Doc:
        """Return the meta record: the app id and the schema version."""
        doc = self.raw("meta", UNSHARDED).get(str(META_ID))
        return doc if isinstance(doc, dict) else {}

    def _migrate(self, start: int, target: int, migrations: Mapping[int, Migration]) -> None:
        """Upgrade step by step; each step and its version bump form one transaction."""
        missing = [v for v in range(start, target) if v not in migrations]
        if missing:  # checked before any step runs, so a gap never leaves half an upgrade
            raise StoreError(
                self.path, tr("store.no_migration", version=missing[0]), tr("store.hint_too_new")
            )
        for version in range(start, target):
            step = migrations[version]
            with self.transaction():
                step(self)
                meta = self.table("meta", UNSHARDED)
                meta.update({"schema": version + 1}, doc_ids=[META_ID])
        self.checkpoint()

    # -- shards ------------------------------------------------------------------------

    def shard_file(self, table: str, shard: str) -> Path:
        """Return the file a shard lives in."""
        if shard == UNSHARDED:
            return self.path / f"{table}.json"
        return self.path / table / f"{shard}.json"

    def shards(self, table: str) -> list[str]:
        """Return every shard name the table has, on disk, in the journal or in memory."""
        known = self._names.get(table)
        if known is not None:
            return list(known)
        with self._loading:
            names = set(self._on_disk[table])
            names.update(s for t, s in self._pending if t == table)
            names.update(s for t, s in self._shards if t == table)
            known = self._names[table] = sorted(names)
        return list(known)

    def find(self, table: str, doc_id: int) -> str | None:
        """Return the shard holding a document, or None: the open shelf, then the shards
        parsed already (newest first), then the others newest first, parsing them.

        Every save looks its record up: this is on the way of each one (at 60 month files a
        table, sorting them per lookup cost a save ~0.2 ms).
        """
        key = str(doc_id)
        names = self.shards(table)
        later = []
        if names and names[-1] == OPEN:  # "open" sorts after the digits
            names.pop()
            if key in self.raw(table, OPEN):
                return OPEN
        for shard in reversed(names):
            db = self._shards.get((table, shard))
            if db is None:
                later.append(shard)
            elif key in cast(ShardStorage, db.storage).data.get(table, ()):
                return shard
        for shard in later:
            if key in self.raw(table, shard):
                return shard
        return None

    def is_loaded(self, table: str, shard: str) -> bool:
        """Tell whether a shard has been parsed already."""
        return (table, shard) in self._shards

    def _load(self, key: Key) -> ShardDB:
        table, shard = key
        docs: dict[str, Doc] = {}
        file = self.shard_file(table, shard)
        self._stamps[key] = None
        if not self.memory and shard in self._on_disk[table]:
            self._stamps[key] = _file_stamp(file)
            docs = parse_shard(file, table, shard)
        for doc_id, doc in self._pending.pop(key, []):
            if doc is None:
                docs.pop(str(doc_id), None)
            else:
                docs[str(doc_id)] = doc
        if docs:
            self._last_id = max(self._last_id, max(int(k) for k in docs))
        storage = ShardStorage(self, table, shard, docs)
        db = ShardDB(storage=lambda: storage)
        self._shards[key] = db
        self._names.pop(table, None)
        return db

    def table(self, table: str, shard: str) -> JournalTable:
        """Return the TinyDB table of one shard, parsing its file on first use."""
        if table not in TABLES:
            raise KeyError(table)
        key = (table, shard)
        db = self._shards.get(key)
        if db is None:  # not `or`: an empty TinyDB is falsy
            # With the writer lock: no checkpoint may replace the file between catching up
            # with the journal and reading it.
            with self._exclusive():
                db = self._shards.get(key)
                if db is None:
                    db = self._load(key)
        return cast(JournalTable, db.table(table))

    def version(self, table: str, shard: str) -> int:
        """Return how many changes a shard has had this session (parsed or not)."""
        return self._versions.get((table, shard), 0)

    @property
    def changes(self) -> int:
        """Return how many changes every table has had this session (a few hundred files)."""
        return sum(self._versions.values())

    def changes_of(self, tables: Iterable[str]) -> int:
        """Return how many changes the given tables have had this session."""
        wanted = set(tables)
        return sum(n for (table, _), n in list(self._versions.items()) if table in wanted)

    def peek(self, table: str, shard: str) -> Mapping[str, Doc]:
        """Return a shard's documents (read-only) without keeping them parsed.

        A parsed shard's live documents; otherwise its file, checked and with the journal's
        changes applied, read for this call only. An index over years of closed deals and
        settled invoices reads them this way and keeps a few ids of each, not every document
        (that took ~130 MB at 110,000 invoices).
        """
        key = (table, shard)
        with self._exclusive():
            if key in self._shards or self.memory or shard not in self._on_disk[table]:
                return self.raw(table, shard)
            docs = parse_shard(self.shard_file(table, shard), table, shard)
            for doc_id, doc in self._pending.get(key, ()):
                if doc is None:
                    docs.pop(str(doc_id), None)
                else:
                    docs[str(doc_id)] = doc
            return docs

    def read_quietly(self, table: str, shard: str) -> bool:
        """Parse a shard if it exists and is not parsed yet, from any thread; False if it
        could not be (the screen that needs it reads it again and says what is wrong)."""
        if self.memory or self.closed or shard not in self.shards(table):
            return False
        try:
            self.table(table, shard)
        except (StoreError, OSError):
            return False
        return True

    def raw(self, table: str, shard: str) -> dict[str, Doc]:
        """Return a shard's live documents by id (read-only for callers)."""
        storage = cast(ShardStorage, self.table(table, shard).storage)
        return storage.data.setdefault(table, {})

    def new_id(self) -> int:
        """Return a fresh id: microseconds since the epoch, strictly increasing."""
        self._last_id = max(self._last_id + 1, self._clock())
        return self._last_id

    # -- writing -----------------------------------------------------------------------

    def record(
        self,
        table: str,
        shard: str,
        changes: list[tuple[int, Doc | None]],
        undo: list[tuple[int, Doc | None]],
    ) -> None:
        """Journal changed documents now, or at the end of the open transaction."""
        self._versions[(table, shard)] += 1
        ops: list[journal.Op] = [(table, shard, doc_id, doc) for doc_id, doc in changes]
        if self._tx is None and not self.memory:
            with self.transaction():  # TinyDB's drop_tables(): the only write without one
                self.record(table, shard, changes, undo)
            return
        if self._tx is not None:
            self._tx.extend(ops)
            self._undo.append(((table, shard), undo))
            return
        self._commit(ops)

    def _commit(self, ops: list[journal.Op]) -> None:
        if self.memory:
            return
        if self._journal is None:
            raise StoreError(self.path, tr("store.read_only"), tr("store.hint_read_only"))
        try:
            self._journal.append(ops)
        except OSError as exc:
            raise WriteFailedError(self.path, exc.strerror or str(exc)) from None
        # From here on the save is on disk: nothing below may report it as failed.
        self._dirty.update((table, shard) for table, shard, _, _ in ops)
        if self._journal.size > HARD_CHECKPOINT_BYTES:
            self._try_checkpoint()

    def _try_checkpoint(self) -> bool:
        """Checkpoint, but treat a failure as "later": the journal keeps every save.

        A full disk, or a damaged shard file that must not be rewritten, stops the checkpoint,
        never a save that is already on disk.
        """
        try:
            return self.checkpoint()
        except (OSError, StoreError):
            return False

    def insert_many(self, table: str, items: Sequence[tuple[int, Doc]]) -> None:
        """Store many new documents: each shard's in one write, journaled as one change
        list (an import of 100,000 rows paid TinyDB's insert and a journal record per row)."""
        spec = TABLES[table]
        by_shard: dict[Key, list[tuple[int, Doc]]] = defaultdict(list)
        for doc_id, doc in items:
            by_shard[(table, spec.shard_of(doc))].append((doc_id, doc))
        with self.transaction():
            for (name, shard), docs in by_shard.items():
                # Into the shard's live documents as TinyDB's insert would put them (its
                # per-document bookkeeping took a third of an import's writing); the
                # transaction journals them, and takes them out again if it fails.
                live = self.raw(name, shard)
                taken = next((i for i, _ in docs if str(i) in live), None)
                if taken is not None:
                    raise ValueError(f"Document with ID {taken} already exists")
                for doc_id, doc in docs:
                    live[str(doc_id)] = doc
                self.record(name, shard, list(docs), [(doc_id, None) for doc_id, _ in docs])
                self.table(name, shard).clear_cache()

    def insert(self, table: str, doc_id: int, doc: Doc) -> None:
        """Store a new document; one for a shard not parsed yet is journaled without parsing it.

        The first invoice of a session must not wait for last year's 20,000 to be read.
        """
        key = (table, TABLES[table].shard_of(doc))
        with self.transaction():
            if key in self._shards or self.memory:
                self.table(*key).insert(_document(doc, doc_id))
                return
            assert self._tx is not None
            self._versions[key] += 1
            change: tuple[int, Doc | None] = (doc_id, doc)
            self._pending[key].append(change)
            self._queued.append((key, change))
            self._names.pop(table, None)
            self._tx.append((*key, doc_id, doc))

    def checkpoint_if_due(self) -> bool:
        """Checkpoint when the journal has grown past the soft size (call when idle); not
        while another process (or thread) is saving: the next idle moment will do."""
        if self._journal is None or self._journal.size <= CHECKPOINT_BYTES or self._tx:
            return False
        with self._exclusive(wait=False) as taken:
            return taken and self._try_checkpoint()

    # -- other processes ---------------------------------------------------------------

    @contextmanager
    def _exclusive(self, *, wait: bool = True, note: bool = True) -> Iterator[bool]:
        """Hold the database for this thread, and the writer lock for this process, having
        caught up with what other processes saved; yields False if `wait` is off and either
        is taken. Nests: only the outermost takes and lets go of the lock file."""
        if not self._loading.acquire(blocking=wait):
            yield False
            return
        try:
            fd = self._lock_fd
            if self._depth or self._journal is None or fd is None:
                self._depth += 1
                try:
                    yield True
                finally:
                    self._depth -= 1
                return
            # A look that only reads (every second) need not say who holds the lock.
            if not take(fd, self.path, self._note if note else b"", wait=wait):
                yield False
                return
            self._depth = 1
            try:
                self._catch_up()
                yield True
            finally:
                self._depth = 0
                release(fd)
        finally:
            self._loading.release()

    def follow(self) -> bool:
        """Apply what other processes saved since this one last looked, if nobody is saving
        right now (the app calls this every second); True if anything changed."""
        if self._journal is None or self.closed:
            return False
        before = self.changes
        with self._exclusive(wait=False, note=False):
            pass
        return self.changes != before

    def take_conflicts(self) -> list[Conflict]:
        """Return (once) the records another process changed after this one saved them."""
        with self._loading:
            found, self._conflicts = self._conflicts, []
        return found

    def take_external(self) -> dict[str, set[int] | None]:
        """Return (once) the ids other processes' saves changed by table (None: any of them)."""
        with self._loading:
            found, self._external = self._external, {}
        return found

    def remember(self, table: str, doc_id: int, fields: Mapping[str, Any]) -> None:
        """Remember the fields a save wrote, to tell the user if another process replaces them."""
        key = (table, doc_id)
        self._mine.pop(key, None)
        self._mine[key] = dict(fields)
        if len(self._mine) > MINE_KEPT:
            del self._mine[next(iter(self._mine))]

    def _catch_up(self) -> None:
        """Apply the journal's transactions that other processes appended (holding the lock)."""
        assert self._journal is not None
        txs = self._journal.follow(check_op)
        if txs is None:
            self._resync()
        elif txs:
            self._notify(self._apply(txs))

    def _apply(self, txs: list[list[journal.Op]]) -> set[Key]:
        """Apply other processes' changes to the parsed shards (queue them for the others)."""
        changed: set[Key] = set()
        for ops in txs:
            for table, shard, doc_id, doc in ops:
                key = (table, shard)
                changed.add(key)
                self._last_id = max(self._last_id, doc_id)
                ids = self._external.setdefault(table, set())
                if ids is not None and len(ids) < MINE_KEPT:
                    ids.add(doc_id)
                else:
                    self._external[table] = None  # an import's worth: read it all again
                old = None
                if key in self._shards:
                    live = self.raw(table, shard)
                    if doc is None:
                        old = live.pop(str(doc_id), None)
                    else:
                        live[str(doc_id)] = doc
                else:
                    self._pending[key].append((doc_id, doc))
                mine = self._mine.pop((table, doc_id), None)
                if mine and _replaced(mine, doc):
                    self._conflicts.append((table, doc_id, doc or old, doc is None))
        for key in changed:
            self._dirty.add(key)
            self._names.pop(key[0], None)
            if key in self._shards:
                self.table(*key).clear_cache()
        return changed

    def _resync(self) -> None:
        """Another process checkpointed: forget the shards whose files it rewrote and read
        the new generation of the journal."""
        assert self._journal is not None
        # Files not parsed here may have changed too (an index made by peek() read them):
        # every shard counts as changed, so every screen reads what it shows again.
        changed = {(t, s) for t, names in self._on_disk.items() for s in names}
        changed |= set(self._pending) | set(self._shards)
        self._external.update(dict.fromkeys(TABLES))
        scan = journal.read(self.path / journal.FILE, check_op)
        on_disk = discover(self.path)
        for key in list(self._shards):
            stamp = self._stamps.get(key)
            if stamp is None or stamp != _file_stamp(self.shard_file(*key)):
                del self._shards[key]
                self._stamps.pop(key, None)
        self._pending.clear()
        self._dirty.clear()
        self._on_disk.clear()
        self._on_disk.update(on_disk)
        self._names.clear()
        self._legacy_journal = journal.stat_stamp(self.path / journal.LEGACY_FILE) is not None
        self._journal.adopt(scan)
        last_id = self.meta().get("last_id", 0)
        self._last_id = max(self._last_id, last_id if type(last_id) is int else 0)
        changed |= self._apply(scan.txs)
        changed |= {(t, s) for t, names in self._on_disk.items() for s in names}
        self._recheck_mine()
        self._notify(changed)

    def _recheck_mine(self) -> None:
        """Compare what this process saved with the files another process's checkpoint
        wrote: the saves it replaced before we could see its journal are conflicts too."""
        for (table, doc_id), mine in list(self._mine.items()):
            shard = self.find(table, doc_id)
            doc = None if shard is None else self.raw(table, shard).get(str(doc_id))
            if _replaced(mine, doc):
                del self._mine[(table, doc_id)]
                self._conflicts.append((table, doc_id, doc, doc is None))

    def _notify(self, changed: set[Key]) -> None:
        """Count other processes' changes as changes (screens read again) and tell the hooks."""
        for key in changed:
            self._versions[key] += 1
        for hook in self.change_hooks:
            hook(changed)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Group writes into one journal line: all of them reach the disk, or none."""
        with self._exclusive():
            if self._tx is not None:
                yield
                return
            with self._outermost():
                yield

    @contextmanager
    def _outermost(self) -> Iterator[None]:
        """Run the outermost transaction: commit its changes at the end, or undo them."""
        self._tx, self._undo, self._queued = [], [], []
        try:
            yield
            if self._tx:
                self._commit(self._tx)
        except BaseException:
            for key, change in reversed(self._queued):
                if key in self._shards:  # parsed since: the change is in its documents
                    self.raw(*key).pop(str(change[0]), None)
                elif change in self._pending.get(key, ()):
                    self._pending[key].remove(change)
                self._versions[key] += 1
                self._names.pop(key[0], None)
            for (table, shard), undo in reversed(self._undo):
                self._versions[(table, shard)] += 1
                docs = self.raw(table, shard)
                for doc_id, doc in undo:
                    if doc is None:
                        docs.pop(str(doc_id), None)
                    else:
                        docs[str(doc_id)] = doc
                self.table(table, shard).clear_cache()
            for hook in self.rollback_hooks:
                hook()
            raise
        finally:
            self._tx, self._undo, self._queued = None, [], []

    def bulk_insert(self, table: str, docs: Mapping[int, Doc]) -> None:
        """Add many new documents without journaling; call checkpoint() to make them durable.

        Only for generators that fill a fresh database (demo, benchmark): one fsync per
        document would make building 400k documents take minutes.
        """
        spec = TABLES[table]
        for doc_id, doc in docs.items():
            key = (table, spec.shard_of(doc))
            self.raw(*key)[str(doc_id)] = doc
            self._dirty.add(key)
            self._last_id = max(self._last_id, doc_id)

    def checkpoint(self) -> bool:
        """Write every changed shard atomically, then empty the journal.

        Returns False (and leaves the journal as it is) when a reader holds the shared lock.
        """
        if self._journal is None:
            return False
        with self._exclusive():
            return self._checkpoint()

    def _checkpoint(self) -> bool:
        assert self._journal is not None
        fd = checkpoint_lock(self.path)
        if fd is None:
            return False
        try:
            # Remember the highest id issued, so a clock set back never reuses one.
            meta = self.raw("meta", UNSHARDED).get(str(META_ID))
            if meta is not None and meta.get("last_id") != self._last_id:
                meta["last_id"] = self._last_id
                self._dirty.add(("meta", UNSHARDED))
            emptied: list[Path] = []
            for table, shard in sorted(self._dirty):
                docs = self.raw(table, shard)
                file = self.shard_file(table, shard)
                if not docs and shard != UNSHARDED:
                    emptied.append(file)  # a year or month with nothing left has no file
                    self._on_disk[table].discard(shard)
                    self._names.pop(table, None)
                    continue
                if kind(file.parent) == "missing":
                    make_dir(file.parent)
                atomic_write(file, _dumps(table, docs))
                self._stamps[(table, shard)] = _file_stamp(file)
                self._on_disk[table].add(shard)
                self._names.pop(table, None)
            for file in emptied:
                # Before the journal goes: a crash here replays its removals onto no file.
                if kind(file) != "missing":
                    file.unlink()
                    fsync_dir(file.parent)
            # Only now may the journal go: every change it held is in a shard file.
            self._journal.reset()
            if self._legacy_journal:
                (self.path / journal.LEGACY_FILE).unlink(missing_ok=True)
                fsync_dir(self.path)
                self._legacy_journal = False
            self._dirty.clear()
            return True
        finally:
            os.close(fd)

    def close(self) -> None:
        """Checkpoint what changed and release the locks."""
        try:
            if self._dirty and self._tx is None:
                # A checkpoint that fails (a full disk) loses nothing: the journal holds every
                # save and the next open replays it.
                self._try_checkpoint()
        finally:
            self._release()

    def _release(self) -> None:
        self.closed = True
        if self._journal is not None:
            self._journal.close()
            self._journal = None
        for fd in (self._lock_fd, self._open_fd):
            if fd is not None:
                os.close(fd)
        self._lock_fd = self._open_fd = None

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _field(doc: Doc, name: str) -> Any:
    """Return a document's field, or one entry of a field that maps ("counts.calls")."""
    head, _, rest = name.partition(".")
    value = doc.get(head)
    return value.get(rest) if rest and isinstance(value, dict) else value


def _replaced(mine: Mapping[str, Any], doc: Doc | None) -> bool:
    """Tell whether a document no longer holds what this process last saved in it (a count
    it cleared, None, is still cleared in a row that is gone)."""
    return any(_field(doc or {}, name) != value for name, value in mine.items())


def _file_stamp(path: Path) -> tuple[int, int, int, int] | None:
    """Return what tells a rewritten file from the one read: inode, size, mtime, ctime."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns


def _document(doc: Doc, doc_id: int) -> Any:
    """Wrap a dict as a TinyDB Document so insert() keeps our id."""
    from tinydb.table import Document

    return Document(doc, doc_id=doc_id)
