"""Backups: a copy taken while another process saves is whole and passes check; one daily
backup on the first open of a day, the last N kept; `salestui backup` and `restore` (a
damaged backup refused, a database in use refused, the replaced one kept aside); a damaged
database's message names the latest backup that opens and the command that restores it."""

from __future__ import annotations

import hashlib
import threading
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from salestui.cli import main
from salestui.models import Client, Employee
from salestui.store import Repository
from salestui.store.backup import backups, backups_folder, copy_database, daily_backup
from salestui.store.verify import verify

DAY = date(2026, 11, 2)


def files(path: Path) -> dict[str, str]:
    """Return each data file of a folder (lock files aside) by relative path, with a hash."""
    return {
        str(p.relative_to(path)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(path.rglob("*"))
        if p.is_file() and not p.name.endswith("lock")
    }


def small_db(path: Path, clients: int = 3) -> Repository:
    """Create a database with an employee and some clients; return it open."""
    repo = Repository.open(path, create=True)
    ann = repo.add_employee(Employee("Ann", hired=date(2026, 1, 1)))
    for i in range(clients):
        repo.add(Client(f"Client {i}", ann.id, DAY))
    return repo


def test_a_copy_taken_while_another_process_saves_is_whole(tmp_path: Path) -> None:
    """A second writer saves clients (checkpointing often) while copies are taken: every copy opens,
    passes check and holds every save acknowledged before it began."""
    path = tmp_path / "db"
    small_db(path).close()
    writer = Repository.open(path)
    owner = writer.employees()[0].id
    acked: list[int] = []
    stop = threading.Event()

    def save() -> None:
        i = 0
        while not stop.is_set():
            acked.append(writer.add(Client(f"Saved {i}", owner, DAY + timedelta(i % 90))).id)
            if i % 25 == 0:
                writer.db.checkpoint()
            i += 1

    thread = threading.Thread(target=save)
    thread.start()
    try:
        for n in range(5):
            before = list(acked)
            copy = copy_database(path, tmp_path / f"copy{n}")
            repo = Repository.open(copy, writable=False)
            try:
                stored = {c.id for c in repo.all(Client)}
                assert set(before) <= stored
                assert verify(repo) == []
            finally:
                repo.close()
    finally:
        stop.set()
        thread.join()
        writer.close()
    assert len(acked) > 5


def test_one_daily_backup_a_day_and_the_last_n_kept(tmp_path: Path) -> None:
    """The first open of a day copies the database; a second does not; over five days with
    three kept, the three newest stay, and a backup made by hand is never pruned."""
    path = tmp_path / "db"
    small_db(path).close()
    assert main(["--db", str(path), "backup", str(backups_folder(path) / "2026-01-01-manual")]) == 0
    made = [daily_backup(path, DAY + timedelta(days=d), keep=3) for d in range(5)]
    assert all(made)
    assert daily_backup(path, DAY + timedelta(days=4), keep=3) is None
    names = [p.name for p in backups(path)]
    assert [n[:10] for n in names if n.endswith("-daily")] == [
        "2026-11-06",
        "2026-11-05",
        "2026-11-04",
    ]
    assert "2026-01-01-manual" in names
    assert daily_backup(path, DAY + timedelta(days=9), keep=0) is None
    copy = Repository.open(backups(path)[0], writable=False)
    try:
        assert len(copy.all(Client)) == 3
    finally:
        copy.close()


def test_backup_and_restore_from_the_console(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`backup DEST` writes a checked copy; DEST taken is refused; `restore` puts it back and
    keeps the replaced database aside, whole."""
    path = tmp_path / "db"
    small_db(path).close()
    dest = tmp_path / "saved"
    assert main(["--db", str(path), "backup", str(dest)]) == 0
    assert "checked" in capsys.readouterr().out
    assert main(["--db", str(path), "backup", str(dest)]) == 1
    assert capsys.readouterr().err.count("\n") == 1
    saved = files(dest)
    repo = Repository.open(path)
    repo.add(Client("After the backup", repo.employees()[0].id, DAY))
    repo.close()
    replaced = files(path)
    assert main(["--db", str(path), "restore", str(dest)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"Restored {dest} to {path}"
    aside = Path(out[1].rsplit(" ", 1)[1])
    assert files(path) == saved
    assert files(aside) == replaced
    assert aside.parent == backups_folder(path)
    repo = Repository.open(path)
    try:
        assert "After the backup" not in {c.name for c in repo.all(Client)}
    finally:
        repo.close()


def test_restore_refuses_a_damaged_backup_and_a_database_in_use(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A backup with a cut file is refused naming the file; a database another salestui has
    open is refused naming it; nothing of the database changes either time."""
    path = tmp_path / "db"
    small_db(path).close()
    good, bad = tmp_path / "good", tmp_path / "bad"
    copy_database(path, good)
    copy_database(path, bad)
    shard = next((bad / "clients").glob("*.json"))
    shard.write_bytes(shard.read_bytes()[:20])
    before = files(path)
    assert main(["--db", str(path), "restore", str(bad)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(shard) in err
    other = Repository.open(path)
    try:
        assert main(["--db", str(path), "restore", str(good)]) == 1
        err = capsys.readouterr().err
        assert "in use by another salestui process" in err and err.count("\n") == 1
    finally:
        other.close()
    assert files(path) == before
    assert not list(tmp_path.glob(".db.restoring"))


def test_a_damaged_database_names_the_latest_backup_and_how_to_restore_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A truncated shard: the one-line refusal ends with the newest backup that opens (a
    damaged newer one is passed over) and the restore command, which then works."""
    path = tmp_path / "db"
    small_db(path).close()
    older = backups_folder(path) / f"{datetime(2026, 11, 1):%Y-%m-%d-%H%M%S}-daily"
    newer = backups_folder(path) / f"{datetime(2026, 11, 2):%Y-%m-%d-%H%M%S}-daily"
    copy_database(path, older)
    copy_database(path, newer)
    (newer / "employees.json").write_text("{", encoding="utf-8")
    shard = next((path / "clients").glob("*.json"))
    shard.write_bytes(shard.read_bytes()[:30])
    assert main(["--db", str(path), "report", "metrics"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    command = f"salestui --db {path} restore {older}"
    assert err.rstrip().endswith(
        f"The latest backup that opens is {older}; to restore it: {command}"
    )
    assert main(command.split()[1:]) == 0
    assert main(["--db", str(path), "check"]) == 0
