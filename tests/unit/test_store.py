"""Repository CRUD over the memory double and a real database folder, shards, transactions."""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from tinydb import TinyDB

from salestui.models import (
    BaseReview,
    CallReview,
    Client,
    DailyMetrics,
    Deal,
    Employee,
    Invoice,
    Meta,
    MetricDef,
    Payment,
    Plan,
    RollCall,
    RoutineDone,
    Settings,
    ValidationError,
)
from salestui.store import Database, Repository, StoreError, default_settings, journal
from salestui.store.codec import to_doc
from salestui.store.repository import TABLE_OF
from salestui.store.schema import SCHEMA_VERSION, TABLES

DAY = date(2026, 3, 17)
NEXT_YEAR_DAY = date(2027, 1, 12)


# -- helpers ---------------------------------------------------------------------------


def snapshot(folder: Path) -> dict[str, str]:
    """Return the SHA-256 of every file under folder, by relative path."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def everything(repo: Repository) -> dict[str, list[Any]]:
    """Return every record of every table, sorted by id."""
    return {
        table: sorted(repo.all(cls), key=lambda r: r.id)  # type: ignore[attr-defined]
        for cls, table in TABLE_OF.items()
    }


def stock_tinydb(file: Path, table: str) -> dict[int, dict[str, Any]]:
    """Read one shard file with unmodified TinyDB."""
    with TinyDB(file, access_mode="r") as db:
        return {doc.doc_id: dict(doc) for doc in db.table(table).all()}


@pytest.fixture
def reopen(repo: Repository) -> Iterator[Callable[[], Repository]]:
    """Close the file repository and open the folder again (the memory double stays)."""
    opened: list[Repository] = []

    def _reopen() -> Repository:
        if repo.db.memory:
            return repo
        (opened[-1] if opened else repo).close()
        fresh = Repository.open(repo.db.path)
        opened.append(fresh)
        return fresh

    yield _reopen
    for fresh in opened:
        fresh.close()


# -- one sample record per model -------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Case:
    """How to build a record of one model on a date, and how to edit it without the date."""

    make: Callable[[date], Any]
    edit: Callable[[Any], Any]
    date_field: str | None


CASES: dict[type, Case] = {
    Employee: Case(
        lambda d: Employee("Anna Petrova", "field", d, None, "top closer"),
        lambda r: dataclasses.replace(r, role="office", left=r.hired, notes="moved inside"),
        None,
    ),
    Client: Case(
        lambda d: Client("Acme LLC", 11, d, "Ivan", "+7 900 000", "ivan@acme.test", "cold", "hi"),
        lambda r: dataclasses.replace(r, comment="called twice", phone="+7 911 111"),
        "created",
    ),
    # Deals and invoices are filed by the day they closed or were settled (open ones apart).
    Deal: Case(
        lambda d: Deal(
            5,
            11,
            d - timedelta(days=40),
            "won",
            amount=12_345_600,
            probability=100,
            expected_payment=d,
            next_step="send the contract",
            next_step_due=d + timedelta(days=2),
            last_contact=d,
            closed=d,
        ),
        lambda r: dataclasses.replace(r, amount=12_000_000, snoozed_until=DAY, snooze_reason="x"),
        "closed",
    ),
    Invoice: Case(
        lambda d: Invoice(
            "INV-0042",
            7,
            11,
            d - timedelta(days=14),
            99_900,
            d,
            paid=99_900,
            first_paid=d,
            last_paid=d,
            settled=d,
        ),
        lambda r: dataclasses.replace(r, number="INV-0042/1", client_id=3),
        "settled",
    ),
    Payment: Case(
        lambda d: Payment(8, d, 5_000),
        lambda r: dataclasses.replace(r, amount=6_500),
        "date",
    ),
    DailyMetrics: Case(
        lambda d: DailyMetrics(11, d, {"cold_calls": 40, "meetings": 0}),
        lambda r: dataclasses.replace(r, counts={"cold_calls": 41, "payments": 1}),
        "date",
    ),
    CallReview: Case(
        lambda d: CallReview(d, 11, {"greeting": 2, "needs": "na"}, None, "/rec/1.mp3", 185),
        lambda r: dataclasses.replace(r, deal_id=42, answers={"greeting": 1}, action="retrain"),
        "date",
    ),
    BaseReview: Case(
        lambda d: BaseReview(d, 11, {"clients": 40.0, "filled": 0.85}, {"contacts": 4}, "ok"),
        lambda r: dataclasses.replace(r, ratings={"contacts": 2, "tasks": 5}, notes="weak"),
        "date",
    ),
    RollCall: Case(
        lambda d: RollCall(d, 11, "field", "at the client", "09:15"),
        lambda r: dataclasses.replace(r, status="sick", update=""),
        "date",
    ),
    RoutineDone: Case(
        lambda d: RoutineDone(d, "metrics", datetime(d.year, d.month, d.day, 9, 5, 30)),
        lambda r: dataclasses.replace(r, routine="hot"),
        "date",
    ),
    Plan: Case(
        lambda d: Plan(11, d.isoformat()[:7], {"cold_calls": 400, "revenue": 1_000_000}),
        lambda r: dataclasses.replace(r, targets={"cold_calls": 450}),
        None,
    ),
    Settings: Case(
        lambda d: dataclasses.replace(default_settings(), team_name="North"),
        lambda r: dataclasses.replace(r, stale_days=10, currency="EUR"),
        None,
    ),
}
DATED = [cls for cls, case in CASES.items() if case.date_field is not None]


def redate(record: Any, field: str, day: date) -> Any:
    """Move a record's shard date to day (an invoice's due date moves along)."""
    changes: dict[str, Any] = {field: day}
    if isinstance(record, Invoice):
        changes["last_paid"] = day
    return dataclasses.replace(record, **changes)


def test_every_model_has_a_case() -> None:
    """The CRUD cases cover every stored model except the meta record."""
    assert set(CASES) == set(TABLE_OF) - {Meta}


# -- CRUD ------------------------------------------------------------------------------


@pytest.mark.parametrize("cls", list(CASES), ids=lambda c: c.__name__)
def test_crud_round_trip(
    repo: Repository, reopen: Callable[[], Repository], cls: type[Any]
) -> None:
    """add, get, all, update and delete each survive a reopen of the database."""
    case = CASES[cls]
    original = case.make(DAY)
    added = repo.add(original)
    assert added.id > 0
    assert dataclasses.replace(added, id=0) == original

    repo = reopen()
    assert repo.get(cls, added.id) == added
    assert repo.all(cls) == [added]

    edited = case.edit(added)
    repo.update(edited)
    repo = reopen()
    stored = repo.get(cls, added.id)
    assert stored == edited
    assert stored != added
    assert repo.all(cls) == [edited]

    repo.delete(cls, added.id)
    repo = reopen()
    assert repo.get(cls, added.id) is None
    assert repo.all(cls) == []


@pytest.mark.parametrize("cls", DATED, ids=lambda c: c.__name__)
def test_between_selects_by_date(repo: Repository, cls: type[Any]) -> None:
    """between() returns the records whose shard date lies in the range, across years."""
    case = CASES[cls]
    assert case.date_field is not None
    days = [date(2025, 12, 30), date(2025, 12, 31), date(2026, 1, 1), date(2026, 1, 2)]
    added = {d: repo.add(case.make(d)) for d in days}
    got = repo.between(cls, date(2025, 12, 31), date(2026, 1, 1))
    assert sorted(r.id for r in got) == sorted([added[days[1]].id, added[days[2]].id])
    assert repo.between(cls, date(2024, 1, 1), date(2024, 12, 31)) == []


def test_get_update_delete_unknown_id(repo: Repository) -> None:
    """An unknown id: get gives None, update raises KeyError, delete does nothing."""
    kept = repo.add(CASES[Client].make(DAY))
    assert repo.get(Client, kept.id + 12345) is None
    ghost = dataclasses.replace(kept, id=kept.id + 12345)
    with pytest.raises(KeyError):
        repo.update(ghost)
    repo.delete(Client, kept.id + 12345)
    assert repo.all(Client) == [kept]


def test_ids_unique_and_stable_across_shards(
    repo: Repository, reopen: Callable[[], Repository]
) -> None:
    """Ids grow strictly, never repeat across shards or tables, and survive a reopen."""
    added: list[Any] = []
    for year in (2024, 2025, 2026):
        for cls in (Client, Deal, Payment, CallReview):
            added.append(repo.add(CASES[cls].make(date(year, 6, 1))))
    added.append(repo.add_employee(Employee("Boris")))
    ids = [r.id for r in added]
    assert ids == sorted(ids)
    assert len(set(ids)) == len(ids)

    repo = reopen()
    for record in added:
        assert repo.get(type(record), record.id) == record
    later = [repo.add(CASES[Client].make(date(y, 2, 2))) for y in (2023, 2024, 2026)]
    assert all(r.id > max(ids) for r in later)
    assert len({r.id for r in repo.all(Client)}) == 3 + 3


def test_ids_unique_after_reopen_with_clock_behind(tmp_path: Path) -> None:
    """Ids stay unique across shards even when the wall clock went back between sessions."""
    path = tmp_path / "db"
    with Database(path, create=True, clock=lambda: 1_000) as db:
        first = Repository(db).add(CASES[Client].make(date(2025, 5, 5)))
    with Database(path, clock=lambda: 1_000) as db:
        repo = Repository(db)
        second = repo.add(CASES[Client].make(date(2026, 5, 5)))
        assert second.id != first.id
        assert len({c.id for c in repo.all(Client)}) == 2


@pytest.mark.parametrize("cls", DATED, ids=lambda c: c.__name__)
def test_update_changing_year_moves_shard(
    repo: Repository, reopen: Callable[[], Repository], cls: type[Any]
) -> None:
    """An update that changes the year moves the document to the other year's shard file."""
    case = CASES[cls]
    field = case.date_field
    assert field is not None
    table = TABLE_OF[cls]
    added = repo.add(case.make(date(2025, 11, 3)))
    moved = redate(added, field, NEXT_YEAR_DAY)
    repo.update(moved)
    assert repo.get(cls, added.id) == moved
    assert repo.between(cls, date(2025, 1, 1), date(2025, 12, 31)) == []
    assert repo.between(cls, date(2027, 1, 1), date(2027, 12, 31)) == [moved]

    repo = reopen()
    assert repo.get(cls, added.id) == moved
    assert repo.all(cls) == [moved]
    if repo.db.memory:
        return
    spec = TABLES[table]
    old_file = repo.db.path / table / f"{spec.shard_for(date(2025, 11, 3))}.json"
    new_file = repo.db.path / table / f"{spec.shard_for(NEXT_YEAR_DAY)}.json"
    assert not old_file.exists()  # a year (or month) left with nothing has no file
    assert stock_tinydb(new_file, table) == {added.id: to_doc(moved)}


# -- daily metrics ---------------------------------------------------------------------


def test_set_count_and_metrics_queries(repo: Repository, reopen: Callable[[], Repository]) -> None:
    """set_count writes cells durably; metrics_for/on/between read them back across years."""
    ann = repo.add_employee(Employee("Ann")).id
    bob = repo.add_employee(Employee("Bob")).id
    dec31, jan1, jan2 = date(2025, 12, 31), date(2026, 1, 1), date(2026, 1, 2)
    first = repo.set_count(ann, jan1, "cold_calls", 40)
    assert first is not None
    row = repo.set_count(ann, jan1, "meetings", 0)
    assert row is not None and row.id == first.id
    repo.set_count(ann, jan1, "cold_calls", 45)
    repo.set_count(bob, jan1, "cold_calls", 12)
    repo.set_count(bob, dec31, "cold_calls", 7)
    repo.set_count(ann, jan2, "payments", 1)

    repo = reopen()
    got = repo.metrics_for(ann, jan1)
    assert got == DailyMetrics(ann, jan1, {"cold_calls": 45, "meetings": 0}, first.id)
    assert repo.metrics_for(ann, dec31) is None
    on_jan1 = repo.metrics_on(jan1)
    assert set(on_jan1) == {ann, bob}
    assert on_jan1[bob].counts == {"cold_calls": 12}
    between = repo.metrics_between(dec31, jan2)
    assert [(m.date, m.employee_id) for m in between] == sorted(
        [(dec31, bob), (jan1, ann), (jan1, bob), (jan2, ann)]
    )
    only_bob = repo.metrics_between(dec31, jan2, employee_id=bob)
    assert [(m.date, m.counts) for m in only_bob] == [
        (dec31, {"cold_calls": 7}),
        (jan1, {"cold_calls": 12}),
    ]
    assert repo.metrics_between(date(2026, 1, 3), date(2026, 12, 31)) == []
    # One document per (employee, date), however many cells were set.
    assert len(repo.all(DailyMetrics)) == 4


def test_set_count_none_clears_cell_then_document(
    repo: Repository, reopen: Callable[[], Repository]
) -> None:
    """None clears one cell; clearing the last cell deletes the day's document."""
    ann = repo.add_employee(Employee("Ann")).id
    repo.set_count(ann, DAY, "cold_calls", 30)
    repo.set_count(ann, DAY, "meetings", 2)
    assert repo.set_count(ann, DAY, "nothing_here", None) is not None
    row = repo.set_count(ann, DAY, "cold_calls", None)
    assert row is not None and row.counts == {"meetings": 2}

    repo = reopen()
    stored = repo.metrics_for(ann, DAY)
    assert stored is not None and stored.counts == {"meetings": 2}
    assert repo.set_count(ann, DAY, "meetings", None) is None
    assert repo.metrics_for(ann, DAY) is None

    repo = reopen()
    assert repo.metrics_for(ann, DAY) is None
    assert repo.metrics_on(DAY) == {}
    assert repo.all(DailyMetrics) == []
    # Clearing an empty cell stores nothing.
    assert repo.set_count(ann, DAY, "cold_calls", None) is None
    assert repo.all(DailyMetrics) == []
    if not repo.db.memory:
        repo.close()
        assert not (repo.db.path / "metrics" / f"{DAY:%Y-%m}.json").exists()


@pytest.mark.parametrize("bad", [-1, 100_001, True, "7"])
def test_set_count_rejects_bad_value(repo: Repository, bad: Any) -> None:
    """A bad count raises ValidationError and leaves the stored cell as it was."""
    ann = repo.add_employee(Employee("Ann")).id
    repo.set_count(ann, DAY, "cold_calls", 30)
    with pytest.raises(ValidationError):
        repo.set_count(ann, DAY, "cold_calls", bad)
    with pytest.raises(ValidationError):
        repo.set_count(ann, NEXT_YEAR_DAY, "cold_calls", bad)
    stored = repo.metrics_for(ann, DAY)
    assert stored is not None and stored.counts == {"cold_calls": 30}
    assert repo.metrics_for(ann, NEXT_YEAR_DAY) is None
    assert len(repo.all(DailyMetrics)) == 1


def test_metrics_for_after_delete(repo: Repository) -> None:
    """Deleting a day's metrics document makes that day empty again."""
    row = repo.set_count(11, DAY, "cold_calls", 5)
    assert row is not None
    repo.delete(DailyMetrics, row.id)
    assert repo.metrics_for(11, DAY) is None
    again = repo.set_count(11, DAY, "cold_calls", 6)
    assert again is not None and again.counts == {"cold_calls": 6}


def test_metrics_for_after_update_of_date(repo: Repository) -> None:
    """Moving a day's metrics to another date is seen by metrics_for."""
    row = repo.set_count(11, DAY, "cold_calls", 5)
    assert row is not None
    moved = dataclasses.replace(row, date=DAY + timedelta(days=1))
    repo.update(moved)
    assert repo.metrics_for(11, DAY) is None
    assert repo.metrics_for(11, moved.date) == moved


def test_metrics_for_after_add(repo: Repository) -> None:
    """A metrics row stored with add() is found by metrics_for."""
    assert repo.metrics_for(11, DAY) is None  # builds the year's index
    added = repo.add(DailyMetrics(11, DAY, {"cold_calls": 3}))
    assert repo.metrics_for(11, DAY) == added


# -- settings --------------------------------------------------------------------------


def test_settings_default_then_saved(repo: Repository, reopen: Callable[[], Repository]) -> None:
    """Without a saved record settings() gives the shipped defaults; a save replaces them."""
    defaults = repo.settings()
    assert defaults == default_settings()
    assert defaults.id == 0
    assert repo.all(Settings) == []

    custom = dataclasses.replace(
        defaults,
        funnel=(MetricDef("calls", "Calls", "Звонки"), MetricDef("visits", "Visits", "Визиты")),
        working_days=(0, 1, 2, 3, 4, 5),
        team_name="Field team",
        language="ru",
    )
    saved = repo.save_settings(custom)
    assert saved.id != 0

    repo = reopen()
    assert repo.settings() == saved
    assert repo.settings().metric_codes() == ("calls", "visits")

    repo.save_settings(dataclasses.replace(repo.settings(), stale_days=3))
    repo = reopen()
    current = repo.settings()
    assert current.stale_days == 3
    assert current.team_name == "Field team"
    assert current.id == saved.id
    assert len(repo.all(Settings)) == 1


def test_save_settings_without_id_replaces_saved(repo: Repository) -> None:
    """Saving fresh defaults over saved settings ("reset") makes them the settings."""
    repo.save_settings(dataclasses.replace(default_settings(), team_name="Alpha"))
    repo.save_settings(default_settings())
    assert repo.settings().team_name == ""
    assert len(repo.all(Settings)) == 1


# -- employees -------------------------------------------------------------------------


def test_employee_names_unique(repo: Repository, reopen: Callable[[], Repository]) -> None:
    """Names are unique ignoring case and spacing, on add and on rename."""
    anna = repo.add_employee(Employee("Anna Petrova"))
    boris = repo.add_employee(Employee("Boris Ivanov", "field"))
    with pytest.raises(ValidationError) as excinfo:
        repo.add_employee(Employee("  anna   PETROVA "))
    assert excinfo.value.field == "Name"
    assert str(excinfo.value) == "an employee named 'anna PETROVA' already exists"
    with pytest.raises(ValidationError):
        repo.update_employee(dataclasses.replace(boris, name="ANNA PETROVA"))
    # Keeping one's own name is fine.
    repo.update_employee(dataclasses.replace(anna, role="field"))

    repo = reopen()
    assert repo.employees() == [dataclasses.replace(anna, role="field"), boris]
    # A rename frees the old name.
    repo.update_employee(dataclasses.replace(boris, name="Boris I."))
    carl = repo.add_employee(Employee("Boris Ivanov"))
    repo = reopen()
    assert [e.name for e in repo.employees()] == ["Anna Petrova", "Boris I.", "Boris Ivanov"]
    assert repo.find_employee("boris  ivanov") == carl


def test_employees_sorted_past_and_present(repo: Repository) -> None:
    """employees() sorts by name case-insensitively and keeps those who left."""
    repo.add_employee(Employee("zoe"))
    repo.add_employee(Employee("Adam", hired=date(2024, 1, 1), left=date(2025, 6, 30)))
    repo.add_employee(Employee("mark"))
    assert [e.name for e in repo.employees()] == ["Adam", "mark", "zoe"]
    assert [e.name for e in repo.employees() if e.employed_on(DAY)] == ["mark", "zoe"]


# -- transactions ----------------------------------------------------------------------


def test_transaction_rollback_restores_memory_and_disk(
    repo: Repository, reopen: Callable[[], Repository]
) -> None:
    """An exception inside a transaction undoes every write in memory and on disk."""
    ann = repo.add_employee(Employee("Ann"))
    old = repo.add(CASES[Client].make(date(2025, 4, 4)))
    doomed = repo.add(CASES[Client].make(DAY))
    repo.add(CASES[Invoice].make(DAY))
    repo.set_count(ann.id, DAY, "cold_calls", 3)
    repo.save_settings(CASES[Settings].make(DAY))
    before = everything(repo)
    disk = None if repo.db.memory else snapshot(repo.db.path)

    with pytest.raises(RuntimeError, match="boom"), repo.db.transaction():
        repo.add(CASES[Deal].make(DAY))
        repo.update(dataclasses.replace(old, created=NEXT_YEAR_DAY, name="Moved"))
        repo.delete(Client, doomed.id)
        repo.set_count(ann.id, DAY, "cold_calls", 9)
        repo.set_count(ann.id, NEXT_YEAR_DAY, "meetings", 1)
        repo.update_employee(dataclasses.replace(ann, name="Anna"))
        repo.add_employee(Employee("Newcomer"))
        repo.save_settings(dataclasses.replace(repo.settings(), team_name="Changed"))
        raise RuntimeError("boom")

    assert everything(repo) == before
    stored = repo.metrics_for(ann.id, DAY)
    assert stored is not None and stored.counts == {"cold_calls": 3}
    assert repo.metrics_for(ann.id, NEXT_YEAR_DAY) is None
    assert repo.get(Client, old.id) == old
    if disk is not None:
        assert snapshot(repo.db.path) == disk
    # The store still works after the rollback.
    repo.set_count(ann.id, DAY, "cold_calls", 4)
    repo = reopen()
    after = everything(repo)
    assert after["employees"] == before["employees"]
    assert after["clients"] == before["clients"]
    stored = repo.metrics_for(ann.id, DAY)
    assert stored is not None and stored.counts == {"cold_calls": 4}


def test_transaction_commits_as_one_journal_line(tmp_path: Path) -> None:
    """A committed transaction appends exactly one journal line holding all its writes."""
    path = tmp_path / "db"
    repo = Repository.open(path, create=True)
    try:
        repo.add(CASES[Client].make(DAY))
        before = journal.pending(path)
        with repo.db.transaction():
            a = repo.add(CASES[Client].make(date(2024, 1, 1)))
            b = repo.add(CASES[Payment].make(DAY))
            repo.delete(Client, a.id)
        after = journal.pending(path)
        assert after[:-1] == before
        ops = after[-1]
        assert [(t, s, i, d is None) for t, s, i, d in ops] == [
            ("clients", "2024-01", a.id, False),
            ("payments", TABLES["payments"].shard_for(DAY), b.id, False),
            ("clients", "2024-01", a.id, True),
        ]
    finally:
        repo.close()


def test_read_only_sees_data_and_refuses_writes(tmp_path: Path) -> None:
    """A read-only open sees committed records; a write raises StoreError and changes nothing."""
    path = tmp_path / "db"
    writer = Repository.open(path, create=True)
    client = writer.add(CASES[Client].make(DAY))
    writer.close()
    disk = snapshot(path)
    reader = Repository.open(path, writable=False)
    try:
        assert reader.all(Client) == [client]
        with pytest.raises(StoreError, match="read-only"):
            reader.add(CASES[Client].make(DAY))
        with pytest.raises(StoreError):
            reader.delete(Client, client.id)
        assert reader.all(Client) == [client]
    finally:
        reader.close()
    assert snapshot(path) == disk


# -- files on disk ---------------------------------------------------------------------


def fill(repo: Repository) -> dict[str, dict[int, dict[str, Any]]]:
    """Write records of every table (several years); return the expected docs by table."""
    expected: dict[str, dict[int, dict[str, Any]]] = {t: {} for t in TABLES if t != "meta"}
    for cls, case in CASES.items():
        for day in (date(2024, 12, 31), DAY) if case.date_field else (DAY,):
            original = case.make(day)
            if cls is Employee:
                original = dataclasses.replace(original, name=f"Emp {day.year}")
            added = repo.add(original)
            expected[TABLE_OF[cls]][added.id] = to_doc(original)
    # A shard move, a delete and metrics cells, so the journal holds every kind of change.
    client_id = next(iter(expected["clients"]))
    moved = redate(repo.get(Client, client_id), "created", NEXT_YEAR_DAY)
    repo.update(moved)
    expected["clients"][client_id] = to_doc(moved)
    payment_id = next(iter(expected["payments"]))
    repo.delete(Payment, payment_id)
    del expected["payments"][payment_id]
    row = repo.set_count(77, DAY, "cold_calls", 12)
    assert row is not None
    repo.set_count(77, DAY, "meetings", 1)
    expected["metrics"][row.id] = {
        "employee_id": 77,
        "date": DAY.isoformat(),
        "counts": {"cold_calls": 12, "meetings": 1},
    }
    return expected


def stored_docs(repo: Repository) -> dict[str, dict[int, dict[str, Any]]]:
    """Return every document the repository holds, by table and id."""
    return {
        table: {k: d for s in repo.db.shards(table) for k, d in _raw(repo, table, s)}
        for table in TABLES
        if table != "meta"
    }


def _raw(repo: Repository, table: str, shard: str) -> Iterator[tuple[int, dict[str, Any]]]:
    for key, doc in repo.db.raw(table, shard).items():
        yield int(key), doc


def test_journal_replay_without_close(tmp_path: Path) -> None:
    """Saves that only reached the journal (no checkpoint, no close) are there on reopen."""
    path = tmp_path / "db"
    repo = Repository.open(path, create=True)
    expected = fill(repo)
    records = everything(repo)
    repo.db._release()  # the process dies: no checkpoint
    assert sorted(p.name for p in path.iterdir()) == [
        "journal.wal",
        "lock",
        "meta.json",
        "open.lock",
    ]
    assert journal.pending(path) != []

    reader = Repository.open(path, writable=False)
    try:
        assert stored_docs(reader) == expected
    finally:
        reader.close()
    again = Repository.open(path)
    try:
        assert stored_docs(again) == expected
        assert everything(again) == records
        row = again.metrics_for(77, DAY)
        assert row is not None and row.counts == {"cold_calls": 12, "meetings": 1}
    finally:
        again.close()
    assert journal.pending(path) == []


def test_checkpointed_files_are_plain_tinydb(tmp_path: Path) -> None:
    """After close every shard file reads back with stock TinyDB, split by year."""
    path = tmp_path / "db"
    repo = Repository.open(path, create=True)
    expected = fill(repo)
    repo.close()
    assert journal.pending(path) == []

    meta = stock_tinydb(path / "meta.json", "meta")[1]
    # last_id is the high-water mark of issued ids, kept so a clock set back never reuses one.
    assert meta.pop("last_id") >= max(
        i for t in ("employees",) for i in stock_tinydb(path / "employees.json", t)
    )
    assert meta == {"app": "salestui", "schema": SCHEMA_VERSION}
    for table, spec in TABLES.items():
        if table == "meta":
            continue
        if spec.date_field is None:
            files = [path / f"{table}.json"] if expected[table] else []
        else:
            files = sorted((path / table).glob("*.json"))
        found: dict[int, dict[str, Any]] = {}
        for file in files:
            docs = stock_tinydb(file, table)
            if spec.date_field is not None:
                assert all(d[spec.date_field].startswith(file.stem) for d in docs.values()), file
            found.update(docs)
        assert found == expected[table], table
    # fill() moved its only 2024 client to another year: an emptied month keeps no file.
    assert sorted(p.name for p in (path / "clients").iterdir()) == [
        f"{DAY:%Y-%m}.json",
        f"{NEXT_YEAR_DAY:%Y-%m}.json",
    ]


def test_metrics_on_follows_every_save_through_its_day_index(repo: Repository) -> None:
    """metrics_on(day) reads a day index kept by set_count; it always equals a full scan."""
    ann = repo.add_employee(Employee("Ann")).id
    bob = repo.add_employee(Employee("Bob")).id
    days = [DAY, DAY - timedelta(days=1), NEXT_YEAR_DAY]
    steps = [
        (ann, days[0], "cold_calls", 5),
        (bob, days[0], "meetings", 1),
        (ann, days[1], "cold_calls", 2),
        (bob, days[2], "cold_calls", 7),
        (ann, days[0], "cold_calls", None),  # clears Ann's only number: her row goes
        (bob, days[0], "meetings", 3),
    ]
    for employee_id, day, code, value in steps:
        repo.set_count(employee_id, day, code, value)
        for shown in days:
            scanned = {m.employee_id: m for m in repo.between(DailyMetrics, shown, shown)}
            assert repo.metrics_on(shown) == scanned
    assert {i: m.counts for i, m in repo.metrics_on(days[0]).items()} == {bob: {"meetings": 3}}
    assert repo.metrics_on(date(1999, 1, 1)) == {}  # a year with no file at all
