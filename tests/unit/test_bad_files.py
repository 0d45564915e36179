"""Every bad file, held database and full disk ends in one clear line, with the data untouched.

The cases come from an adversarial run against the foundation (issue 6): each is run through
what users run, the `salestui` console script, both as a report and as the TUI in a
pseudo-terminal, and the folder's bytes are compared before and after.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import orjson
import pytest

from salestui.models import Client, DailyMetrics, Employee, Payment
from salestui.store import Repository, StoreError, journal
from salestui.store import engine as engine_mod
from tests.conftest import TODAY, fill, shared
from tests.terminal import SCRIPT, Terminal
from tests.unit.test_cli import environment

PINNED = ["--today", TODAY.isoformat(), "--lang", "en"]
# The month the damaged file holds (the report reads only the months of its period).
NOVEMBER = ["--from", "2026-11-02", "--to", "2026-11-25"]


def files(folder: Path) -> dict[str, str]:
    """Return a hash of every entry under folder (a FIFO or link by its kind, never read)."""
    found: dict[str, str] = {}
    for entry in sorted(folder.rglob("*")):
        mode = entry.lstat().st_mode
        key = str(entry.relative_to(folder))
        if stat.S_ISREG(mode):
            found[key] = hashlib.sha256(entry.read_bytes()).hexdigest()
        elif not stat.S_ISDIR(mode):
            found[key] = f"kind {stat.S_IFMT(mode):o}"
    return found


def report(db: Path, *args: str, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    """Run the console script's metrics report on db."""
    return subprocess.run(
        [str(SCRIPT), "report", "metrics", "--db", str(db), *PINNED, *args],
        env=environment(db.parent),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def tui(db: Path) -> tuple[int, list[str], str]:
    """Run `salestui --db DB` in a pseudo-terminal until it exits by itself.

    Returns the exit code, the lines left on the terminal after the app, and everything shown.
    """
    env = {**environment(db.parent), "TERM": "xterm-256color"}
    terminal = Terminal([str(SCRIPT), "--db", str(db), *PINNED], env, size=(100, 30))
    try:
        code = terminal.finish()
    finally:
        terminal.close()
    return code, terminal.after_app(), terminal.text()


def one_line(text: str) -> str:
    """Assert a stream holds exactly one line and return it."""
    lines = text.splitlines()
    assert len(lines) == 1, text
    return lines[0]


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small demo database built by the console script (three years of metrics), once for
    the run."""

    def build(root: Path) -> None:
        db = root / "db"
        made = subprocess.run(
            [str(SCRIPT), "demo", "--db", str(db), "--no-open", *PINNED]
            + ["--employees", "4", "--months", "26"],
            env=environment(root),
            capture_output=True,
            text=True,
            check=False,
        )
        assert made.returncode == 0, made.stderr
        for name in ("lock", "checkpoint.lock", "open.lock"):
            (db / name).unlink(missing_ok=True)  # a copied or restored folder has none

    return shared(tmp_path_factory, "bad-files", build) / "db"


@pytest.fixture
def db(template: Path, tmp_path: Path) -> Path:
    """A private copy of the template database."""
    path = tmp_path / "db"
    shutil.copytree(template, path)
    return path


# -- every bad file is refused in one line, untouched, with no lock file created -----------


def _set_doc(file: Path, table: str, change: Callable[[dict[str, object]], None]) -> str:
    """Change the first document of a shard file in place; return its id."""
    data = orjson.loads(file.read_bytes())
    doc_id = next(iter(data[table]))
    change(data[table][doc_id])
    file.write_bytes(orjson.dumps(data))
    return str(doc_id)


def _metrics(db: Path) -> Path:
    return db / "metrics" / f"{TODAY:%Y-%m}.json"


def _frame(db: Path, ops: object) -> None:
    """Append a frame with a valid checksum (and any shape) to the database's journal."""
    file = db / journal.FILE
    scan = journal.read(file, lambda op: None)
    if scan.salt is None:
        raise AssertionError("the demo's journal has no header")
    frame = journal.encode(scan.salt, scan.seq + 1, ops)  # type: ignore[arg-type]
    with file.open("r+b") as handle:
        handle.seek(scan.end)
        handle.write(frame)


def _fifo(path: Path) -> None:
    path.unlink()
    os.mkfifo(path)


BAD: dict[str, tuple[Callable[[Path], object], str, str]] = {
    # name: (damage, file named in the message, words the message holds)
    "doc-of-unknown-shape": (
        lambda db: _metrics(db).write_bytes(b'{"metrics": {"1": {"foo": 1}}}'),
        "metrics/2026-11.json",
        "'employee_id' is missing",
    ),
    "employee-without-name": (
        lambda db: _set_doc(db / "employees.json", "employees", lambda d: d.pop("name")),
        "employees.json",
        "'name' is missing",
    ),
    "impossible-date": (
        lambda db: _set_doc(_metrics(db), "metrics", lambda d: d.update(date="2026-13-45")),
        "metrics/2026-11.json",
        "'date' must be a date",
    ),
    "count-is-a-word": (
        lambda db: _set_doc(_metrics(db), "metrics", lambda d: d.update(counts={"x": "many"})),
        "metrics/2026-11.json",
        "'counts.x' must be a whole number, not 'many'",
    ),
    "meta-is-a-list": (
        lambda db: (db / "meta.json").write_bytes(b'{"meta": []}'),
        "meta.json",
        "does not belong to salestui",
    ),
    "meta-json-array": (
        lambda db: (db / "meta.json").write_bytes(b'[{"app": "salestui"}]'),
        "meta.json",
        "does not belong to salestui",
    ),
    "journal-change-of-wrong-shape": (
        lambda db: _frame(db, [["clients", "2026"]]),
        "journal.wal",
        "not [table, shard, id, document]",
    ),
    "journal-doc-of-wrong-shape": (
        lambda db: _frame(db, [["employees", "all", 5, {"name": 7}]]),
        "journal.wal",
        "'name' must be text",
    ),
    "journal-unknown-table": (
        lambda db: _frame(db, [["invoicez", "all", 5, {}]]),
        "journal.wal",
        "unknown table 'invoicez'",
    ),
    "file-where-a-folder-belongs": (
        lambda db: (shutil.rmtree(db / "metrics"), (db / "metrics").write_bytes(b"{}")),
        "metrics",
        "should be a folder",
    ),
    "fifo-as-shard": (lambda db: _fifo(_metrics(db)), "metrics/2026-11.json", "not a regular file"),
    "fifo-as-meta": (lambda db: _fifo(db / "meta.json"), "meta.json", "not a regular file"),
    "fifo-as-journal": (lambda db: _fifo(db / journal.FILE), "journal.wal", "not a regular file"),
    "damaged-in-the-middle": (
        lambda db: _metrics(db).write_bytes(
            _metrics(db).read_bytes()[:500] + b"#garbage#" + _metrics(db).read_bytes()[509:]
        ),
        "metrics/2026-11.json",
        "not valid JSON",
    ),
    "stray-file-in-a-table-folder": (
        lambda db: (db / "metrics" / "notes.txt").write_text("mine"),
        "metrics/notes.txt",
        "unexpected file",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_file_refused_by_the_report(db: Path, case: str) -> None:
    """`salestui report` names the file and what is wrong in one line, exit 1, bytes kept."""
    damage, named, words = BAD[case]
    damage(db)
    before = files(db)
    result = report(db, *NOVEMBER)
    assert result.returncode == 1, result.stderr
    line = one_line(result.stderr)
    assert line.startswith(f"salestui: {db / named}: "), line
    assert words in line
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    assert files(db) == before  # no lock file created, nothing rewritten


@pytest.mark.parametrize(
    "case",
    sorted(BAD) + ["symlink-loop-shard", "routine-log-date"],
)
def test_bad_file_refused_by_the_app(db: Path, case: str) -> None:
    """The TUI ends in the same one line and exit 1: no crash screen, no locals, no traceback."""
    if case == "symlink-loop-shard":
        _metrics(db).unlink()
        _metrics(db).symlink_to(_metrics(db))
        named, words = "metrics/2026-11.json", "loop of symbolic links"
    elif case == "routine-log-date":
        log = db / "routine_log" / "2026.json"
        _set_doc(log, "routine_log", lambda d: d.update(date="2026-02-30"))
        named, words = "routine_log/2026.json", "'date' must be a date"
    else:
        damage, named, words = BAD[case]
        damage(db)
    before = files(db)
    code, after, shown = tui(db)
    assert code == 1, shown[-2000:]
    line = one_line("\n".join(after))
    assert line.startswith(f"salestui: {db / named}: ") and words in line, line
    assert "Traceback" not in shown and "locals" not in shown
    assert files(db) == before  # what Today reads is checked before any lock is taken


def test_symlink_loop_is_named_as_one(tmp_path: Path) -> None:
    """A database path that is a loop of links is reported as such, not as "File exists"."""
    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    result = report(loop)
    assert result.returncode == 1
    assert "loop of symbolic links" in one_line(result.stderr)
    code, after, _ = tui(loop)
    assert code == 1 and "loop of symbolic links" in one_line("\n".join(after))


def test_older_damaged_year_does_not_stop_a_report_of_this_month(db: Path) -> None:
    """A report reads only the years its period touches: a damaged 2024 file is not read."""
    old = db / "metrics" / "2024-10.json"
    old.write_bytes(old.read_bytes().replace(b'"employee_id"', b'"employee_ix"', 1))
    result = report(db, *NOVEMBER, "--format", "json")
    assert result.returncode == 0, result.stderr
    assert orjson.loads(result.stdout)
    refused = report(db, "--from", "2024-10-01", "--to", "2024-10-31")
    assert refused.returncode == 1
    assert f"{old}: " in one_line(refused.stderr) and "'employee_id' is missing" in refused.stderr


def test_read_only_copy_can_be_reported_on(db: Path, tmp_path: Path) -> None:
    """A reader works on a folder it may not write to, without a checkpoint.lock."""
    (db / "checkpoint.lock").unlink(missing_ok=True)
    before = files(db)
    if os.geteuid() == 0:
        target = tmp_path / "ro"
        target.mkdir()
        mounted = subprocess.run(["mount", "--bind", "-o", "ro", str(db), str(target)], check=False)
        if mounted.returncode != 0:
            pytest.skip("root, but a read-only bind mount is not permitted here")
        try:
            result = report(target, *NOVEMBER, "--format", "json")
        finally:
            subprocess.run(["umount", str(target)], check=False)
    else:
        db.chmod(0o555)
        try:
            result = report(db, *NOVEMBER, "--format", "json")
        finally:
            db.chmod(0o700)
    assert result.returncode == 0, result.stderr
    assert len(orjson.loads(result.stdout)) > 10
    assert files(db) == before


# -- replacing a database someone has open -------------------------------------------------


HOLDER = """
import sys, time
from pathlib import Path
from salestui.store import Repository
repo = Repository.open(Path(sys.argv[1]), writable=sys.argv[2] == "write")
print("open", flush=True)
time.sleep(60)
"""


@pytest.fixture
def holder(db: Path) -> Iterator[Callable[[str], subprocess.Popen[str]]]:
    """Start processes that hold the database open (as a writer or a reader)."""
    started: list[subprocess.Popen[str]] = []

    def start(mode: str) -> subprocess.Popen[str]:
        proc = subprocess.Popen(
            [sys.executable, "-c", HOLDER, str(db), mode], stdout=subprocess.PIPE, text=True
        )
        assert proc.stdout is not None and proc.stdout.readline() == "open\n"
        started.append(proc)
        return proc

    yield start
    for proc in started:
        proc.kill()
        proc.wait()


@pytest.mark.parametrize("mode", ["write", "read"])
def test_demo_force_refuses_a_database_in_use(
    db: Path, holder: Callable[[str], subprocess.Popen[str]], mode: str
) -> None:
    """`demo --force` never replaces a database another process has open."""
    holder(mode)
    before = files(db)
    result = subprocess.run(
        [str(SCRIPT), "demo", "--db", str(db), "--force", "--no-open", *PINNED],
        env=environment(db.parent),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    line = one_line(result.stderr)
    assert line.startswith(f"salestui: {db}: in use by another salestui process")
    if mode == "write":
        assert "pid " in line
    after = files(db)
    assert {k: v for k, v in after.items() if not k.endswith("lock")} == {
        k: v for k, v in before.items() if not k.endswith("lock")
    }
    assert not list(db.parent.glob(".db.*"))  # no building or old folder left


def test_demo_in_year_one_is_one_line(tmp_path: Path) -> None:
    """`demo --today 0001-01-01` is refused in one line and leaves no folder behind."""
    result = subprocess.run(
        [str(SCRIPT), "demo", "--db", str(tmp_path / "db"), "--no-open", "--today", "0001-01-01"],
        env=environment(tmp_path),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "outside the dates salestui keeps" in one_line(result.stderr)
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("data")) == []


# -- private files ---------------------------------------------------------------------------


def test_new_database_is_private_and_stays_so(tmp_path: Path) -> None:
    """The folder is 0700 and every file 0600 under a 022 umask; a mode the owner set is kept."""
    old = os.umask(0o022)
    try:
        path = tmp_path / "db"
        repo = Repository.open(path, create=True)
        ann = repo.add_employee(Employee("Ann"))
        repo.set_count(ann.id, TODAY, "cold_calls", 3)
        repo.close()
        assert stat.S_IMODE(path.stat().st_mode) == 0o700
        assert stat.S_IMODE((path / "metrics").stat().st_mode) == 0o700
        modes = {
            str(p.relative_to(path)): stat.S_IMODE(p.stat().st_mode)
            for p in path.rglob("*")
            if p.is_file()
        }
        assert set(modes.values()) == {0o600}, modes
        shard = path / "metrics" / f"{TODAY:%Y-%m}.json"
        shard.chmod(0o640)
        repo = Repository.open(path)
        repo.set_count(ann.id, TODAY, "cold_calls", 4)
        repo.close()  # checkpoints: the shard is replaced
        assert stat.S_IMODE(shard.stat().st_mode) == 0o640
    finally:
        os.umask(old)


# -- saves: into a year not read yet; when the checkpoint after them fails -----------------


def test_new_record_does_not_parse_its_year_file(db: Path) -> None:
    """A new payment for a year whose file was never read is journaled without reading it."""
    repo = Repository.open(db)
    try:
        day = date(2025, 6, 2)
        added = repo.add(Payment(1, day, 100_00))
        assert not repo.db.is_loaded("payments", "2025-06")
        assert repo.get(Payment, added.id) == added  # reading it parses the year, with it
    finally:
        repo.db._release()  # killed before any checkpoint: the journal alone has it
    repo = Repository.open(db, writable=False)
    try:
        assert repo.get(Payment, added.id) == added
    finally:
        repo.close()


async def test_no_year_file_is_parsed_on_the_event_loop_after_the_first_frame(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nothing is read on the event loop after the first frame (it froze the UI for 0.6 s).

    The sales data (open deals and invoices, the chart's payments, this year's invoices,
    every client file) is read by the read-ahead thread; the app's own thread parses no file.
    """
    import asyncio
    import threading

    from salestui.store.engine import Database
    from salestui.tui.app import make_app

    loads: list[tuple[str, str, str, bool]] = []
    load = Database._load
    drawn = False

    def noted(self: Database, key: tuple[str, str]) -> object:
        loads.append((*key, threading.current_thread().name, drawn))
        return load(self, key)

    # Patched before the start, and each load marked as before or after the first frame: on a
    # busy machine the read-ahead may read the clients before the test gets to look.
    monkeypatch.setattr(Database, "_load", noted)
    repo = Repository.open(db)
    app = make_app(repo, today=TODAY)
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            drawn = True
            for _ in range(400):  # the read-ahead runs to its end (seconds on a busy machine)
                await asyncio.sleep(0.05)
                reading = any(t.name == "salestui-read-ahead" for t in threading.enumerate())
                if app.screen.sales_ready and not reading:  # type: ignore[attr-defined]
                    break
            await pilot.pause()
            assert app.screen.sales_ready  # type: ignore[attr-defined]
            read_ahead = "salestui-read-ahead"
            assert any(table == "clients" and name == read_ahead for table, _, name, _ in loads)
            assert {name for *_, name, after in loads if after} <= {read_ahead}
    finally:
        repo.close()


# -- a full disk ---------------------------------------------------------------------------


def test_full_disk_fails_the_save_cleanly_and_keeps_every_earlier_one(small_disk: Path) -> None:
    """On a full disk a save fails with one clear error, nothing half-written; earlier saves
    and the database stay whole, and saving works again once there is space."""
    path = small_disk / "db"
    repo = Repository.open(path, create=True)
    ann = repo.add_employee(Employee("Ann"))
    filler = fill(small_disk)
    saved: list[Client] = []
    error: StoreError | None = None
    try:
        # The journal's preallocated chunk takes saves until it must grow.
        for n in range(100_000):
            saved.append(repo.add(Client(f"Client {n}", ann.id, TODAY, comment="x" * 200)))
    except StoreError as exc:
        error = exc
    assert error is not None and "could not save" in error.problem
    assert "No space left on device" in str(error)
    assert len(saved) > 100
    # The failed save is not half there, in memory or on disk.
    assert sorted(c.id for c in repo.all(Client)) == [c.id for c in saved]
    repo.close()  # its checkpoint fails for lack of space: the journal keeps everything
    reader = Repository.open(path, writable=False)
    try:
        assert sorted(c.id for c in reader.all(Client)) == [c.id for c in saved]
    finally:
        reader.close()
    filler.unlink()
    repo = Repository.open(path)
    try:
        later = repo.add(Client("After", ann.id, TODAY))
    finally:
        repo.close()
    repo = Repository.open(path, writable=False)
    try:
        assert sorted(c.id for c in repo.all(Client)) == [*(c.id for c in saved), later.id]
        assert repo.metrics_on(TODAY) == {}
        assert repo.all(DailyMetrics) == []
    finally:
        repo.close()


def test_failed_checkpoint_after_a_durable_save_is_not_a_failed_save(
    small_disk: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A save is acknowledged once it is on disk, even if the checkpoint it triggers fails
    for lack of space; retrying then must not create a second row for the same day."""
    path = small_disk / "db"
    repo = Repository.open(path, create=True)
    ann = repo.add_employee(Employee("Ann"))
    filler = fill(small_disk)
    monkeypatch.setattr(engine_mod, "HARD_CHECKPOINT_BYTES", 0)  # every save checkpoints
    try:
        row = repo.set_count(ann.id, TODAY, "cold_calls", 9)
        assert row is not None and row.counts["cold_calls"] == 9
        again = repo.set_count(ann.id, TODAY, "cold_calls", 9)
        assert again is not None and again.id == row.id
        assert journal.pending(path) != []  # the checkpoints failed: the journal holds them
    finally:
        repo.db._release()  # killed: whatever is on disk is what counts
        monkeypatch.undo()
    filler.unlink()
    repo = Repository.open(path, writable=False)
    try:
        rows = repo.metrics_between(TODAY, TODAY)
        assert [(m.id, m.employee_id, m.counts) for m in rows] == [
            (row.id, ann.id, {"cold_calls": 9})
        ]
    finally:
        repo.close()


def test_count_over_the_maximum_in_a_file_names_the_file(db: Path) -> None:
    """A count the model refuses (200,000 calls in a day), typed into a file by hand, is
    refused naming the file and the document, by the report and by the app alike."""
    shard = db / "metrics" / "2026-10.json"
    data = orjson.loads(shard.read_bytes())
    doc_id, doc = next((k, d) for k, d in data["metrics"].items() if d["date"] == "2026-10-14")
    doc["counts"]["cold_calls"] = 200_000
    shard.write_bytes(orjson.dumps(data))
    result = report(db, "--from", "2026-10-01", "--to", "2026-10-31")
    assert result.returncode == 1
    line = one_line(result.stderr)
    assert line.startswith(f"salestui: {shard}: record {doc_id}: ") and "200,000" in line
