"""Schema migrations: run on open, step by step, each step one transaction, then checkpoint."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import orjson
import pytest

from salestui.models import Client, DailyMetrics, Deal, Employee, Invoice, Payment
from salestui.store import Database, Repository, StoreError, TooNewError, journal
from salestui.store.schema import SCHEMA_VERSION, UNSHARDED


def snapshot(folder: Path) -> dict[str, str]:
    """Return the SHA-256 of every file under folder, by relative path."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def schema_on_disk(path: Path) -> int:
    """Return the schema version meta.json holds (the journal must be empty)."""
    assert journal.pending(path) == []
    meta = orjson.loads((path / "meta.json").read_bytes())
    return int(meta["meta"]["1"]["schema"])


def all_docs(db: Database, table: str) -> dict[int, dict[str, Any]]:
    """Return every document of a table across its shards."""
    return {int(k): d for s in db.shards(table) for k, d in db.raw(table, s).items()}


@pytest.fixture
def old_db(tmp_path: Path) -> Path:
    """A schema-1 database with two employees and clients in two years.

    The mechanism is tested on schema numbers of its own (1 -> 2 -> 3) with test steps;
    salestui's real steps are tested at the end of this file.
    """
    path = tmp_path / "db"
    repo = Repository(Database(path, create=True, schema_version=1, migrations={}))
    repo.add_employee(Employee("Ann", notes="likes mornings"))
    repo.add_employee(Employee("Bob", "field"))
    for year in (2025, 2026):
        repo.add(Client(f"Client {year}", 1, date(year, 4, 1), comment=f"from {year}"))
    repo.close()
    return path


def rename_comment(stored: dict[str, Any]) -> None:
    """Rename a stored client's `comment` field to `notes` (a TinyDB update function)."""
    stored["notes"] = stored.pop("comment")


def split_comment(db: Database) -> None:
    """A schema 1 -> 2 step: clients' `comment` becomes `notes`; employees get a `team`."""
    for shard in db.shards("clients"):
        table = db.table("clients", shard)
        table.update(rename_comment, doc_ids=[doc.doc_id for doc in table.all()])
    db.table("employees", UNSHARDED).update({"team": "sales"})


def test_migration_rewrites_documents(old_db: Path) -> None:
    """Opening with a newer schema runs the step: data changed, schema 2, journal empty."""
    calls: list[int] = []

    def step(db: Database) -> None:
        calls.append(db.meta()["schema"])
        split_comment(db)

    with Database(old_db, schema_version=2, migrations={1: step}) as db:
        assert calls == [1]
        assert db.meta()["schema"] == 2
        assert journal.pending(old_db) == []
    assert schema_on_disk(old_db) == 2

    # A fresh open of the upgraded folder sees the rewritten documents and runs nothing.
    with Database(old_db, schema_version=2, migrations={1: step}) as db:
        clients = all_docs(db, "clients")
        employees = all_docs(db, "employees")
    assert calls == [1]
    assert sorted(d["notes"] for d in clients.values()) == ["from 2025", "from 2026"]
    assert all("comment" not in d for d in clients.values())
    assert {d["name"]: d["team"] for d in employees.values()} == {"Ann": "sales", "Bob": "sales"}
    assert sorted(p.name for p in (old_db / "clients").iterdir()) == [
        "2025-04.json",
        "2026-04.json",
    ]
    # A salestui that reads schema 1 now refuses the upgraded folder.
    with pytest.raises(TooNewError):
        Database(old_db, schema_version=1, migrations={})


def test_steps_run_in_order(old_db: Path) -> None:
    """A 1 -> 3 upgrade runs step 1 then step 2, each seeing the previous schema."""
    seen: list[tuple[int, int]] = []

    def step(n: int) -> Callable[[Database], None]:
        def run(db: Database) -> None:
            seen.append((n, db.meta()["schema"]))
            db.table("employees", UNSHARDED).update({"step": n})

        return run

    with Database(old_db, schema_version=3, migrations={1: step(1), 2: step(2)}) as db:
        assert db.meta()["schema"] == 3
    assert seen == [(1, 1), (2, 2)]
    assert schema_on_disk(old_db) == 3
    with Database(old_db, schema_version=3, migrations={}) as db:
        assert {d["step"] for d in all_docs(db, "employees").values()} == {2}


def test_failing_migration_leaves_files_untouched(old_db: Path) -> None:
    """A step that raises after writing leaves every file byte-identical and schema 1."""
    before = snapshot(old_db)

    def broken(db: Database) -> None:
        split_comment(db)
        db.table("employees", UNSHARDED).truncate()
        raise RuntimeError("step failed")

    with pytest.raises(RuntimeError, match="step failed"):
        Database(old_db, schema_version=2, migrations={1: broken})
    assert snapshot(old_db) == before
    assert schema_on_disk(old_db) == 1

    with Database(old_db, schema_version=1, migrations={}) as db:  # still a healthy schema 1
        assert db.meta()["schema"] == 1
        assert sorted(d["comment"] for d in all_docs(db, "clients").values()) == [
            "from 2025",
            "from 2026",
        ]
        assert len(all_docs(db, "employees")) == 2


def test_failing_later_step_keeps_earlier_steps(old_db: Path) -> None:
    """Each step is its own transaction: a failure in step 2 keeps step 1; a retry resumes."""
    ran: list[int] = []

    def first(db: Database) -> None:
        ran.append(1)
        split_comment(db)

    def second_broken(db: Database) -> None:
        raise RuntimeError("step 2 failed")

    with pytest.raises(RuntimeError):
        Database(old_db, schema_version=3, migrations={1: first, 2: second_broken})
    with Database(old_db, schema_version=3, migrations={1: first, 2: lambda db: None}) as db:
        assert db.meta()["schema"] == 3
        assert all("notes" in d for d in all_docs(db, "clients").values())
    assert ran == [1]
    assert schema_on_disk(old_db) == 3


def test_missing_migration_step(old_db: Path) -> None:
    """No step from the database's schema: StoreError naming the path; nothing changes."""
    before = snapshot(old_db)
    with pytest.raises(StoreError) as excinfo:
        Database(old_db, schema_version=2, migrations={})
    assert excinfo.type is StoreError
    assert str(excinfo.value).startswith(f"{old_db}: ")
    assert "schema 1" in excinfo.value.problem
    assert snapshot(old_db) == before
    with Database(old_db, schema_version=1, migrations={}) as db:
        assert db.meta()["schema"] == 1


def test_gap_in_migrations_changes_nothing(old_db: Path) -> None:
    """A missing later step is refused before any step runs."""
    before = snapshot(old_db)
    with pytest.raises(StoreError):
        Database(old_db, schema_version=3, migrations={1: split_comment})
    assert snapshot(old_db) == before


def test_read_only_open_of_old_schema(old_db: Path) -> None:
    """A read-only open cannot upgrade: StoreError asking for an upgrade; nothing changes."""
    ran: list[int] = []
    before = snapshot(old_db)
    with pytest.raises(StoreError) as excinfo:
        Database(old_db, writable=False, schema_version=2, migrations={1: lambda db: ran.append(1)})
    assert excinfo.type is StoreError
    assert str(excinfo.value).startswith(f"{old_db}: ")
    assert "upgrade" in excinfo.value.problem
    assert ran == []
    assert snapshot(old_db) == before
    # The refusal released its lock: a writable open upgrades.
    with Database(old_db, schema_version=2, migrations={1: lambda db: ran.append(1)}) as db:
        assert db.meta()["schema"] == 2
    assert ran == [1]


# -- salestui's own steps ----------------------------------------------------------------


def schema_1_team(path: Path) -> dict[str, int]:
    """Write a schema-1 database as the foundation stored it: `active` flags, long labels."""
    db = Database(path, create=True, schema_version=1, migrations={})
    ids = {name: db.new_id() for name in ("Ann", "Bob", "Cyd", "Dan", "Eve")}
    employees = {
        ids["Ann"]: {"name": "Ann", "role": "office", "active": True, "hired": "2024-01-10"},
        ids["Bob"]: {"name": "Bob", "role": "field", "active": False, "hired": "2024-02-01"},
        ids["Cyd"]: {"name": "Cyd", "role": "office", "active": False, "hired": "2025-03-03"},
        ids["Dan"]: {"name": "Dan", "role": "office", "active": False, "hired": None},
        # The foundation defaulted a hire date to the day someone was entered: after history.
        ids["Eve"]: {"name": "Eve", "role": "office", "active": False, "hired": "2026-11-26"},
    }
    db.bulk_insert("employees", {i: {**d, "notes": ""} for i, d in employees.items()})
    metrics = {}
    entries = (
        ("Bob", "2025-06-30"),
        ("Bob", "2026-03-02"),
        ("Ann", "2026-11-25"),
        ("Eve", "2026-11-20"),
    )
    for employee, day in entries:
        doc = {"employee_id": ids[employee], "date": day, "counts": {"cold_calls": 5}}
        metrics[db.new_id()] = doc
    db.bulk_insert("metrics", metrics)
    funnel = [
        {"code": "cold_calls", "label_en": "Cold calls", "label_ru": "Холодные звонки"},
        {"code": "visits", "label_en": "Visits", "label_ru": "Визиты"},
    ]
    db.bulk_insert("settings", {db.new_id(): {"funnel": funnel, "working_days": [0, 1, 2, 3, 4]}})
    db.close()
    return ids


def test_schema_2_turns_deactivation_into_a_leave_date(tmp_path: Path) -> None:
    """`active: false` becomes the last day with numbers, else the hire date; nobody vanishes."""
    ids = schema_1_team(tmp_path / "db")
    repo = Repository.open(tmp_path / "db")
    try:
        assert repo.db.meta()["schema"] == SCHEMA_VERSION
        staff = {e.name: e for e in repo.employees()}
        assert staff["Ann"].left is None
        assert staff["Bob"].left == date(2026, 3, 2)  # the later of his two years
        assert staff["Cyd"].left == date(2025, 3, 3)  # no numbers: the hire date
        # No numbers, no hire date: one day before any history, so never counted missing.
        assert (staff["Dan"].hired, staff["Dan"].left) == (date(2025, 6, 29), date(2025, 6, 29))
        # Numbers before a defaulted hire date: the leave date is never before the hire date.
        assert staff["Eve"].left == staff["Eve"].hired == date(2026, 11, 26)
        assert staff["Bob"].employed_on(date(2026, 3, 2))
        assert not staff["Bob"].employed_on(date(2026, 3, 3))
        docs = all_docs(repo.db, "employees")
        assert all("active" not in d for d in docs.values())
        assert docs[ids["Bob"]]["role"] == "field"  # the rest of the record is kept
        funnel = repo.settings().funnel
        assert [(m.short_en, m.short_ru) for m in funnel] == [("Calls", "Звонки"), ("", "")]
        assert funnel[1].short() == "Visits"  # a team's own metric falls back to its label
    finally:
        repo.close()
    assert schema_on_disk(tmp_path / "db") == SCHEMA_VERSION


def test_schema_2_journal_is_replayed_and_retired(tmp_path: Path) -> None:
    """Saves left in a schema-2 `journal.jsonl` (a crash under salestui 2) survive the upgrade.

    The upgrade to schema 3 replays them, moves on to `journal.wal` and removes the old file at
    its checkpoint; salestui 2 then refuses the folder as too new instead of ignoring the
    saves `journal.wal` may hold.
    """
    path = tmp_path / "db"
    with Database(path, create=True, schema_version=2, migrations={}) as db:
        ann = db.new_id()
        db.bulk_insert("employees", {ann: {"name": "Ann", "role": "office", "notes": ""}})
    (path / "journal.wal").unlink()  # salestui 2 had only the append-only journal
    late = {"name": "Late client", "owner": ann, "created": "2026-11-25"}
    (path / "journal.jsonl").write_bytes(
        journal.encode_legacy([("clients", "2026", ann + 1, late)])
        + journal.encode_legacy([("employees", "all", ann, {"name": "Ann B.", "notes": ""})])
    )
    reader_refused = pytest.raises(StoreError, match="upgrade")
    with reader_refused:
        Database(path, writable=False)
    repo = Repository.open(path)
    try:
        assert [c.name for c in repo.all(Client)] == ["Late client"]
        assert [e.name for e in repo.employees()] == ["Ann B."]
    finally:
        repo.close()
    assert not (path / "journal.jsonl").exists()
    assert schema_on_disk(path) == SCHEMA_VERSION
    with pytest.raises(TooNewError):
        Database(path, schema_version=2, migrations={})


def test_schema_3_moves_numbers_into_month_files(tmp_path: Path) -> None:
    """Schema 3 -> 4: every day's numbers move from its year's file to its month's; the year
    files go, nothing is lost or changed, and a cell saved later parses only its month."""
    path = tmp_path / "db"
    with Database(path, create=True, schema_version=3, migrations={}) as db:
        ann = db.new_id()
        db.bulk_insert("employees", {ann: {"name": "Ann", "role": "office", "notes": ""}})
    days = ["2025-12-31", "2026-01-02", "2026-03-17", "2026-11-25"]
    docs = {
        str(1000 + n): {"employee_id": ann, "date": day, "counts": {"cold_calls": n + 1}}
        for n, day in enumerate(days)
    }
    (path / "metrics").mkdir()
    for year in ("2025", "2026"):
        mine = {k: d for k, d in docs.items() if d["date"].startswith(year)}
        (path / "metrics" / f"{year}.json").write_bytes(orjson.dumps({"metrics": mine}))
    repo = Repository.open(path)
    try:
        stored = {m.id: (m.date.isoformat(), m.counts) for m in repo.all(DailyMetrics)}
        assert stored == {int(k): (d["date"], d["counts"]) for k, d in docs.items()}
    finally:
        repo.close()
    assert schema_on_disk(path) == SCHEMA_VERSION
    assert sorted(p.name for p in (path / "metrics").iterdir()) == [
        "2025-12.json",
        "2026-01.json",
        "2026-03.json",
        "2026-11.json",
    ]
    repo = Repository.open(path)
    try:
        repo.set_count(ann, date(2026, 3, 18), "cold_calls", 9)
        assert sorted(s for t, s in repo.db._shards if t == "metrics") == ["2026-03"]
    finally:
        repo.close()


def schema_4_sales(path: Path) -> dict[str, int]:
    """Write a schema-4 database as salestui 0.1 stored sales: year files, the old stage names."""
    with Database(path, create=True, schema_version=4, migrations={}) as db:
        ids = {name: db.new_id() for name in ("ann", "acme", "open", "won", "lost", "legacy")}
        db.bulk_insert("employees", {ids["ann"]: {"name": "Ann", "role": "office", "notes": ""}})
        settings = {
            "funnel": [{"code": "cold_calls", "label_en": "Calls", "label_ru": "Звонки"}],
            "stages": ["new", "qualified", "proposal", "negotiation", "invoice_sent"],
            "stale_days": 7,
        }
        db.bulk_insert("settings", {db.new_id(): settings})
    ann, acme = ids["ann"], ids["acme"]
    deal = {"client_id": acme, "owner": ann, "amount": 100_00, "probability": 50}
    files = {
        "deals/2025.json": {
            str(ids["open"]): {**deal, "created": "2025-12-01", "stage": "negotiation"},
            str(ids["won"]): {
                **deal,
                "created": "2025-11-01",
                "stage": "won",
                "closed": "2026-01-15",
            },
        },
        "deals/2026.json": {
            str(ids["lost"]): {**deal, "created": "2026-02-01", "stage": "lost"},
        },
    }
    invoices = {
        # Paid in two parts, the second in 2026; one unpaid; one cancelled with nothing paid.
        "2025": {
            "501": {
                "number": "A-1",
                "deal_id": ids["won"],
                "employee_id": ann,
                "issued": "2025-12-20",
                "amount": 300_00,
                "due": "2025-12-27",
            },
            "502": {
                "number": "A-2",
                "deal_id": ids["open"],
                "employee_id": ann,
                "issued": "2025-12-21",
                "amount": 50_00,
                "due": "2025-12-28",
            },
        },
        "2026": {
            "503": {
                "number": "A-3",
                "deal_id": 0,
                "employee_id": ann,
                "issued": "2026-01-05",
                "amount": 70_00,
                "due": "2026-01-12",
                "cancelled": True,
            },
        },
    }
    payments = {
        "2025": {"601": {"invoice_id": 501, "date": "2025-12-30", "amount": 100_00}},
        "2026": {"602": {"invoice_id": 501, "date": "2026-01-10", "amount": 200_00}},
    }
    for name, docs in files.items():
        (path / name).parent.mkdir(exist_ok=True)
        (path / name).write_bytes(orjson.dumps({"deals": docs}))
    for table, years in (("invoices", invoices), ("payments", payments)):
        (path / table).mkdir()
        for year, docs in years.items():
            (path / table / f"{year}.json").write_bytes(orjson.dumps({table: docs}))
    return ids


def test_schema_4_gets_the_pipeline_and_open_shelves(tmp_path: Path) -> None:
    """Schema 4 -> 5: the lesson's stages; open deals and unpaid invoices in open.json, the
    rest by the year they closed or were settled; invoices learn what was paid and when;
    payments move to month files. Nothing is lost."""
    path = tmp_path / "db"
    ids = schema_4_sales(path)
    repo = Repository.open(path)
    try:
        settings = repo.settings()
        assert settings.stage_codes() == ("conversation", "meeting", "application", "invoice")
        assert settings.hot_stages == ("invoice",)
        assert settings.stale_after("invoice") == 5
        deals = {d.id: d for d in repo.all(Deal)}
        assert deals[ids["open"]].stage == "application"  # negotiation, renamed
        assert deals[ids["open"]].closed is None
        assert deals[ids["won"]].closed == date(2026, 1, 15)
        # A loss without a date or reason keeps its creation date and a mark for one.
        assert (deals[ids["lost"]].closed, deals[ids["lost"]].lost_reason) == (
            date(2026, 2, 1),
            "?",
        )
        assert [d.id for d in repo.open_deals()] == [ids["open"]]
        invoices = {i.number: i for i in repo.all(Invoice)}
        paid = invoices["A-1"]
        assert (paid.paid, paid.first_paid, paid.last_paid, paid.settled) == (
            300_00,
            date(2025, 12, 30),
            date(2026, 1, 10),
            date(2026, 1, 10),
        )
        assert paid.client_id == ids["acme"]  # from its deal
        assert invoices["A-2"].settled is None and invoices["A-2"].paid == 0
        assert invoices["A-3"].cancelled and invoices["A-3"].deal_id is None
        assert [i.number for i in repo.open_invoices()] == ["A-2"]
        assert len(repo.all(Payment)) == 2
    finally:
        repo.close()
    assert schema_on_disk(path) == SCHEMA_VERSION
    listed = {
        t: sorted(p.name for p in (path / t).iterdir()) for t in ("deals", "invoices", "payments")
    }
    assert listed == {
        "deals": ["2026-01.json", "2026-02.json", "open.json"],
        "invoices": ["2026-01.json", "open.json"],
        "payments": ["2025-12.json", "2026-01.json"],
    }


def test_schema_4_custom_stages_are_kept(tmp_path: Path) -> None:
    """A team's own stage list becomes a pipeline of those stages (labels = codes)."""
    path = tmp_path / "db"
    with Database(path, create=True, schema_version=4, migrations={}) as db:
        settings = {
            "funnel": [{"code": "visits", "label_en": "Visits", "label_ru": "Визиты"}],
            "stages": ["lead", "demo", "won"],
            "stale_days": 10,
        }
        db.bulk_insert("settings", {db.new_id(): settings})
    repo = Repository.open(path)
    try:
        pipeline = repo.settings().pipeline
        assert [(s.code, s.label_en, s.stale_days) for s in pipeline] == [
            ("lead", "lead", 10),
            ("demo", "demo", 10),
        ]
        assert repo.settings().hot_stages == ()
    finally:
        repo.close()


def test_schema_5_files_clients_closed_deals_and_settled_invoices_by_month(
    tmp_path: Path,
) -> None:
    """Schema 5 -> 6: clients, closed deals and settled invoices move from year files to
    month files (a file parses in milliseconds, not the ~50 ms that held the app); the open
    shelves stay as they are, a save journaled into a year file before the upgrade is kept."""
    path = tmp_path / "db"
    with Database(path, create=True, schema_version=5, migrations={}) as db:
        ann = db.new_id()
        db.bulk_insert("employees", {ann: {"name": "Ann", "role": "office", "notes": ""}})
    acme, bolt, won, lost, still, paid, due = (700 + n for n in range(7))
    deal = {"owner": ann, "stage": "won", "amount": 100_00, "probability": 100}
    invoice = {"employee_id": ann, "deal_id": won, "client_id": acme, "amount": 100_00}
    files: dict[str, dict[str, dict[str, dict[str, Any]]]] = {
        "clients/2025.json": {
            "clients": {str(acme): {"name": "Acme", "owner": ann, "created": "2025-03-04"}}
        },
        "clients/2026.json": {
            "clients": {str(bolt): {"name": "Bolt", "owner": ann, "created": "2026-11-02"}}
        },
        "deals/2026.json": {
            "deals": {
                str(won): {
                    **deal,
                    "client_id": acme,
                    "created": "2025-12-01",
                    "closed": "2026-01-15",
                },
                str(lost): {
                    **deal,
                    "client_id": bolt,
                    "created": "2026-11-02",
                    "stage": "lost",
                    "closed": "2026-11-20",
                    "lost_reason": "price",
                },
            }
        },
        "deals/open.json": {
            "deals": {
                str(still): {**deal, "client_id": bolt, "created": "2026-11-03", "stage": "meeting"}
            }
        },
        "invoices/2026.json": {
            "invoices": {
                str(paid): {
                    **invoice,
                    "number": "A-1",
                    "issued": "2025-12-20",
                    "due": "2025-12-27",
                    "paid": 100_00,
                    "first_paid": "2026-01-10",
                    "last_paid": "2026-01-10",
                    "settled": "2026-01-10",
                }
            }
        },
        "invoices/open.json": {
            "invoices": {
                str(due): {**invoice, "number": "A-2", "issued": "2026-11-05", "due": "2026-11-12"}
            }
        },
    }
    for name, data in files.items():
        (path / name).parent.mkdir(exist_ok=True)
        (path / name).write_bytes(orjson.dumps(data))
    # Saved by salestui 5 and still in the journal: a client into its year file.
    late = {"name": "Late", "owner": ann, "created": "2026-11-20"}
    db = Database(path, schema_version=5, migrations={})
    db._commit([("clients", "2026", 799, late)])
    db._release()  # killed before a checkpoint: only the journal has it
    repo = Repository.open(path)
    try:
        assert [c.name for c in repo.clients()] == ["Acme", "Bolt", "Late"]
        assert {d.id: d.closed for d in repo.all(Deal)} == {
            won: date(2026, 1, 15),
            lost: date(2026, 11, 20),
            still: None,
        }
        assert [d.id for d in repo.open_deals()] == [still]
        assert [i.number for i in repo.open_invoices()] == ["A-2"]
        assert [i.number for i in repo.invoices_settled_after(date(2026, 1, 1))] == ["A-1"]
    finally:
        repo.close()
    assert schema_on_disk(path) == SCHEMA_VERSION == 6
    listed = {
        t: sorted(p.name for p in (path / t).iterdir()) for t in ("clients", "deals", "invoices")
    }
    assert listed == {
        "clients": ["2025-03.json", "2026-11.json"],
        "deals": ["2026-01.json", "2026-11.json", "open.json"],
        "invoices": ["2026-01.json", "open.json"],
    }
