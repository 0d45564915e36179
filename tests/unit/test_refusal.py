"""The store refuses foreign, damaged, too-new, missing and locked databases, touching nothing."""

from __future__ import annotations

import hashlib
import os
from datetime import date
from pathlib import Path

import orjson
import pytest

from salestui.models import Client, Employee
from salestui.store import (
    SCHEMA_VERSION,
    CorruptError,
    Database,
    LockedError,
    MissingDatabaseError,
    NotADatabaseError,
    Repository,
    StoreError,
    TooNewError,
    folder,
)
from salestui.store import journal as journal_mod

DAY = date(2026, 3, 17)


def snapshot(folder: Path) -> dict[str, str]:
    """Return the SHA-256 of every file under folder, by relative path."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def untouched(path: Path, before: dict[str, str]) -> None:
    """Assert no file changed; only a reader's empty checkpoint.lock may have appeared."""
    after = snapshot(path)
    empty = hashlib.sha256(b"").hexdigest()
    if "checkpoint.lock" not in before and after.get("checkpoint.lock") == empty:
        del after["checkpoint.lock"]
    assert after == before


def refuse(
    path: Path, error: type[StoreError], names: Path, *, writable: bool = True, create: bool = False
) -> StoreError:
    """Open path, expect exactly `error` whose message starts with `names`; return it."""
    with pytest.raises(StoreError) as excinfo:
        Database(path, writable=writable, create=create)
    assert excinfo.type is error, excinfo.value
    assert excinfo.value.path == names
    assert str(excinfo.value).startswith(f"{names}: ")
    return excinfo.value


def make_db(path: Path) -> list[Client]:
    """Create a database with an employee and clients in two years, checkpointed."""
    repo = Repository.open(path, create=True)
    repo.add_employee(Employee("Ann"))
    clients = [repo.add(Client(f"Client {y}", 1, date(y, 5, 5))) for y in (2025, 2026)]
    repo.close()
    return clients


def journaled_db(path: Path, saves: int) -> list[Client]:
    """Create a database whose last `saves` clients exist only in the journal."""
    repo = Repository.open(path, create=True)
    clients = [repo.add(Client(f"Client {i}", 1, DAY)) for i in range(saves)]
    repo.db._release()  # killed before any checkpoint
    return clients


# -- foreign things --------------------------------------------------------------------


@pytest.mark.parametrize("create", [False, True])
def test_foreign_file(tmp_path: Path, create: bool) -> None:
    """A plain file is refused as not a database, and left as it was."""
    path = tmp_path / "notes.json"
    path.write_bytes(b'{"meta": {"1": {"app": "salestui", "schema": 1}}}')
    before = snapshot(tmp_path)
    error = refuse(path, NotADatabaseError, path, create=create)
    assert "file" in error.problem
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("create", [False, True])
def test_foreign_non_empty_folder(tmp_path: Path, create: bool) -> None:
    """A folder with other files and no meta.json is refused; nothing is added to it."""
    path = tmp_path / "photos"
    (path / "2026").mkdir(parents=True)
    (path / "readme.txt").write_text("mine")
    (path / "2026" / "employees.json").write_bytes(b'{"employees": {}}')
    before = snapshot(path)
    refuse(path, NotADatabaseError, path, create=create)
    assert snapshot(path) == before
    assert sorted(p.name for p in path.iterdir()) == ["2026", "readme.txt"]


@pytest.mark.parametrize(
    "meta",
    [
        b'{"meta": {"1": {"app": "otherapp", "schema": 1}}}',
        b'{"settings": {"1": {"theme": "dark"}}}',
    ],
    ids=["other-app", "no-meta-table"],
)
def test_meta_of_another_app(tmp_path: Path, meta: bytes) -> None:
    """A meta.json that is not salestui's is refused, naming meta.json; no file changes."""
    path = tmp_path / "other"
    path.mkdir()
    (path / "meta.json").write_bytes(meta)
    (path / "employees.json").write_bytes(b'{"employees": {"1": {"x": 1}}}')
    (path / "journal.jsonl").write_bytes(
        journal_mod.encode_legacy([("employees", "all", 2, {"name": "Zed"})])
    )
    before = snapshot(path)
    refuse(path, NotADatabaseError, path / "meta.json")
    refuse(path, NotADatabaseError, path / "meta.json", writable=False)
    after = snapshot(path)
    assert {name: after.get(name) for name in before} == before


def test_meta_of_another_app_keeps_its_lock_file(tmp_path: Path) -> None:
    """A foreign folder's own file named 'lock' is never overwritten."""
    path = tmp_path / "other"
    path.mkdir()
    (path / "meta.json").write_bytes(b'{"meta": {"1": {"app": "otherapp", "schema": 1}}}')
    (path / "lock").write_bytes(b"otherapp session state")
    before = snapshot(path)
    refuse(path, NotADatabaseError, path / "meta.json")
    assert snapshot(path) == before


# -- damaged or too new ----------------------------------------------------------------


@pytest.mark.parametrize("writable", [True, False])
def test_newer_schema(tmp_path: Path, writable: bool) -> None:
    """A database of a newer schema is refused with both versions named; nothing changes."""
    path = tmp_path / "db"
    make_db(path)
    (path / "meta.json").write_bytes(
        orjson.dumps({"meta": {"1": {"app": "salestui", "schema": 7}}})
    )
    before = snapshot(path)
    error = refuse(path, TooNewError, path, writable=writable)
    assert "schema 7" in error.problem
    assert f"up to {SCHEMA_VERSION}" in error.problem
    assert snapshot(path) == before
    refuse(path, TooNewError, path, writable=writable)  # the lock was released


@pytest.mark.parametrize("shard", ["employees.json", "clients/2025-05.json", "meta.json"])
def test_truncated_shard(tmp_path: Path, shard: str) -> None:
    """A shard file cut short is refused at open, naming that file; nothing changes."""
    path = tmp_path / "db"
    make_db(path)
    file = path / shard
    data = file.read_bytes()
    file.write_bytes(data[: len(data) // 2])
    before = snapshot(path)
    error = refuse(path, CorruptError, file)
    assert "truncated" in error.problem
    refuse(path, CorruptError, file, writable=False)
    assert snapshot(path) == before


@pytest.mark.parametrize(
    "junk",
    [
        b'{"clients": {"1": {"name": "Ann",}}}',
        b'{"clients": [1, 2]}',
        b'{"clients": {"1": 5}}',
        b'{"clients": {"1": {"name": "Ann", "owner": 1}}}',
    ],
    ids=["bad-json", "table-not-object", "doc-not-object", "doc-without-date"],
)
def test_invalid_shard_refused_when_loaded(tmp_path: Path, junk: bytes) -> None:
    """An older year's shard that is not valid is refused on first use, naming it; it is kept.

    (What the first screen reads, settings, employees and this year's numbers, is checked at
    open instead: see test_bad_files.py.)
    """
    path = tmp_path / "db"
    clients = make_db(path)
    file = path / "clients" / "2025-05.json"
    file.write_bytes(junk)
    before = snapshot(path)
    repo = Repository.open(path)
    try:
        assert repo.between(Client, DAY, DAY.replace(month=12)) == clients[1:]  # 2026 reads
        assert [e.name for e in repo.employees()] == ["Ann"]
        with pytest.raises(StoreError) as excinfo:
            repo.all(Client)
        assert excinfo.type is CorruptError
        assert str(excinfo.value).startswith(f"{file}: ")
        with pytest.raises(CorruptError):
            repo.get(Client, clients[0].id)
    finally:
        repo.close()
    assert snapshot(path) == before

    # Saving into that year is journaled; the checkpoint cannot fold it into the damaged
    # file, so it waits in the journal (the file is never rewritten) until the file is
    # restored, and the save is not reported as failed.
    repo = Repository.open(path)
    try:
        added = repo.add(Client("Later", 1, date(2025, 9, 9)))
        also = repo.add(Client("This year", 1, DAY))
    finally:
        repo.close()
    assert file.read_bytes() == junk
    file.write_bytes(orjson.dumps({"clients": {str(clients[0].id): _doc(clients[0])}}))
    reader = Repository.open(path, writable=False)
    try:
        assert reader.get(Client, added.id) == added
        assert reader.get(Client, also.id) == also
        assert reader.get(Client, clients[0].id) == clients[0]
    finally:
        reader.close()


def _doc(client: Client) -> dict[str, object]:
    """Return a client's stored document (the backup a user restores)."""
    from salestui.store.codec import to_doc

    return to_doc(client)


def frames(file: Path) -> list[bytes]:
    """Return the journal's frames (header first) up to the zero-filled space after them."""
    data = file.read_bytes()
    return data[: data.index(b"\0")].splitlines(keepends=True)


def test_damaged_middle_journal_line(tmp_path: Path) -> None:
    """A damaged journal frame followed by good ones is corruption: refused, file kept."""
    path = tmp_path / "db"
    journaled_db(path, 3)
    file = path / "journal.wal"
    data = file.read_bytes()
    lines = frames(file)
    assert len(lines) == 4  # the header and three saves
    damaged = bytearray(lines[2])
    damaged[30] = ord("X") if damaged[30] != ord("X") else ord("Y")
    start = len(lines[0]) + len(lines[1])
    file.write_bytes(data[:start] + bytes(damaged) + data[start + len(damaged) :])
    before = snapshot(path)
    error = refuse(path, CorruptError, file)
    assert "line 3" in error.problem
    refuse(path, CorruptError, file, writable=False)
    untouched(path, before)


# -- missing and locked ----------------------------------------------------------------


def test_missing_database_not_created(tmp_path: Path) -> None:
    """A missing path with create=False is refused and not created."""
    path = tmp_path / "nowhere" / "db"
    before = snapshot(tmp_path)
    refuse(path, MissingDatabaseError, path)
    refuse(path, MissingDatabaseError, path, writable=False)
    assert not path.exists()
    assert not path.parent.exists()
    assert snapshot(tmp_path) == before


def test_missing_database_in_empty_folder(tmp_path: Path) -> None:
    """An existing empty folder with create=False is refused and stays empty."""
    path = tmp_path / "empty"
    path.mkdir()
    refuse(path, MissingDatabaseError, path)
    assert list(path.iterdir()) == []


def test_second_writer_waits_then_is_refused_naming_the_holder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two writers share a database; one whose transaction is held up past the wait gets
    LockedError naming the holder, writes nothing, and the other's saves reach it after."""
    monkeypatch.setattr(folder, "LOCK_WAIT_S", 0.2)
    path = tmp_path / "db"
    make_db(path)
    first = Repository.open(path)
    second = Repository.open(path)
    try:
        second.all(Client)
        added = first.add(Client("While open", 1, date(2026, 5, 6)))
        assert second.get(Client, added.id) is None  # reads use what it has read
        assert second.follow()  # the app looks every second
        assert second.get(Client, added.id) == added
        with first.transaction():
            first.add(Client("Held", 1, DAY))
            before = snapshot(path)
            with pytest.raises(LockedError) as excinfo:
                second.add(Client("Refused", 1, DAY))
            assert f"pid {os.getpid()}" in excinfo.value.problem
            assert snapshot(path) == before
        assert [c.name for c in second.all(Client)].count("Refused") == 0
        later = second.add(Client("After refusal", 1, DAY))
        # A reader is still allowed in, and sees the acknowledged saves.
        reader = Repository.open(path, writable=False)
        try:
            assert reader.get(Client, later.id) == later
        finally:
            reader.close()
    finally:
        first.close()
        second.close()
    third = Repository.open(path)
    try:
        names = sorted(c.name for c in third.all(Client))
        assert names == ["After refusal", "Client 2025", "Client 2026", "Held", "While open"]
    finally:
        third.close()


# -- torn last journal line ------------------------------------------------------------


@pytest.mark.parametrize("tail", ["half-line", "bad-checksum"])
def test_torn_last_journal_line(tmp_path: Path, tail: str) -> None:
    """A torn last frame is ignored: acknowledged saves are there, new saves overwrite it."""
    path = tmp_path / "db"
    clients = journaled_db(path, 3)
    file = path / "journal.wal"
    scan = journal_mod.read(file, lambda op: None)
    line = journal_mod.encode(
        scan.salt or 0, scan.seq + 1, [("clients", "2026", 999, {"name": "Torn", "owner": 1})]
    )
    torn = line[: len(line) // 2] if tail == "half-line" else b"00000000" + line[8:]
    with file.open("r+b") as handle:
        handle.seek(scan.end)
        handle.write(torn)
    torn_file = file.read_bytes()

    reader = Repository.open(path, writable=False)
    try:
        assert reader.all(Client) == clients
    finally:
        reader.close()
    assert file.read_bytes() == torn_file  # a reader never writes

    repo = Repository.open(path)
    try:
        assert repo.all(Client) == clients
        assert repo.get(Client, 999) is None
        more = repo.add(Client("After", 1, DAY))
    finally:
        repo.db._release()  # crash again: the new frame must not be glued to the torn one
    repo = Repository.open(path)
    try:
        assert sorted(repo.all(Client), key=lambda c: c.id) == [*clients, more]
    finally:
        repo.close()
