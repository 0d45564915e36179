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
    note_holder,
    reader_lock,
    writer_lock,
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
        # Held while a shard is parsed or its queued changes are applied: the read-ahead
        # thread parses shards while the app goes on (read_ahead()).
        self._loading = threading.RLock()
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
        self._on_disk.update(discover(self.path))
        self._names.clear()
        self._read_journals()
        schema = self._check_schema(schema_version)
        self._parse_first()
        self._lock()
        wal = self.path / journal.FILE
        if self._scan is not None and self._scan.stamp != journal.stat_stamp(wal):
            # Changed while we checked (a writer saved or checkpointed): read it again.
            self._on_disk.update(discover(self.path))
            self._names.clear()
            self._read_journals()
            schema = self._check_schema(schema_version)
            self._parse_first()
        if self.writable:
            assert self._scan is not None and self._lock_fd is not None
            self._journal = journal.Journal(wal, self._scan)
            note_holder(self._lock_fd)
        self._scan = None
        if schema < schema_version:
            self._migrate(schema, schema_version, migrations)

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

    def _lock(self) -> None:
        """Take the writer lock, or a shared checkpoint lock for a read-only open."""
        self._lock_fd = writer_lock(self.path) if self.writable else reader_lock(self.path)

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
        if not self.memory and shard in self._on_disk[table]:
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
            with self._loading:
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
        with self._loading:
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
        if key in self._shards or self._tx is not None or self.memory:
            self.table(*key).insert(_document(doc, doc_id))
            return
        self._versions[key] += 1
        with self._loading:
            if key in self._shards:  # the read-ahead thread has just parsed it
                self.table(*key).insert(_document(doc, doc_id))
                return
            # Queued before the commit: a checkpoint the commit triggers must see it.
            queue = self._pending[key]
            queue.append((doc_id, doc))
            self._names.pop(key[0], None)
            try:
                self._commit([(*key, doc_id, doc)])
            except BaseException:
                if queue and queue[-1] == (doc_id, doc):
                    queue.pop()
                raise

    def checkpoint_if_due(self) -> bool:
        """Checkpoint when the journal has grown past the soft size (call when idle)."""
        if self._journal is None or self._journal.size <= CHECKPOINT_BYTES or self._tx:
            return False
        return self._try_checkpoint()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Group writes into one journal line: all of them reach the disk, or none."""
        if self._tx is not None:
            yield
            return
        self._tx, self._undo = [], []
        try:
            yield
            if self._tx:
                self._commit(self._tx)
        except BaseException:
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
            self._tx, self._undo = None, []

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
        if self._lock_fd is not None:
            os.close(self._lock_fd)
            self._lock_fd = None

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _document(doc: Doc, doc_id: int) -> Any:
    """Wrap a dict as a TinyDB Document so insert() keeps our id."""
    from tinydb.table import Document

    return Document(doc, doc_id=doc_id)
