"""`salestui report funnel` on the real command line, its figures counted by hand.

Anna: 200 cold calls, 20 conversations, 5 meetings, 2 applications, 1 invoice, 1 payment over
two days of November; Boris: 100 calls and 0 conversations (every later ratio is null). The
team: 300 calls, 20 conversations, 5 meetings, 2 applications, 1 invoice, 1 payment.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from salestui.models import Employee
from salestui.store import Repository
from tests.unit.test_cli import PINNED, fingerprint, one_line, run

ANNA, BORIS = "Anna Petrova", "Boris Ivanov"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path]]:
    """The hand-counted database and a home folder for the subprocesses."""
    root = tmp_path_factory.mktemp("funnel")
    path = root / "db"
    repo = Repository.open(path, create=True)
    try:
        anna = repo.add_employee(Employee(ANNA, hired=date(2025, 1, 1))).id
        boris = repo.add_employee(Employee(BORIS, hired=date(2025, 1, 1))).id
        days = {
            date(2026, 11, 2): {"cold_calls": 120, "conversations": 12, "meetings": 3},
            date(2026, 11, 3): {
                "cold_calls": 80,
                "conversations": 8,
                "meetings": 2,
                "applications": 2,
                "invoices": 1,
                "payments": 1,
            },
        }
        for day, counts in days.items():
            for code, value in counts.items():
                repo.set_count(anna, day, code, value)
        repo.set_count(boris, date(2026, 11, 2), "cold_calls", 100)
        # October: outside the period asked for below.
        repo.set_count(anna, date(2026, 10, 30), "cold_calls", 999)
    finally:
        repo.close()
    yield path, root


def funnel(db: tuple[Path, Path], *options: str) -> str:
    """Run the funnel report for November 1–26 and return its output."""
    path, home = db
    done = run(
        home,
        "--db",
        path,
        *PINNED,
        "report",
        "funnel",
        "--from",
        "2026-11-01",
        "--to",
        "2026-11-26",
        *options,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_json_rows_hold_counts_and_every_consecutive_ratio(db: tuple[Path, Path]) -> None:
    rows = json.loads(funnel(db, "--format", "json"))
    assert [r["employee"] for r in rows] == [ANNA, BORIS, "TOTAL"]
    anna, boris, total = rows
    assert anna == {
        "employee": ANNA,
        "cold_calls": 200,
        "conversations": 20,
        "meetings": 5,
        "applications": 2,
        "invoices": 1,
        "payments": 1,
        "cold_calls_per_conversations": 10.0,  # 200 / 20
        "conversations_per_meetings": 4.0,
        "meetings_per_applications": 2.5,
        "applications_per_invoices": 2.0,
        "invoices_per_payments": 1.0,
    }
    # Nothing to divide by: null, never infinity.
    assert boris["cold_calls"] == 100 and boris["cold_calls_per_conversations"] is None
    assert all(boris[k] is None for k in boris if k.endswith("_per_" + "payments"))
    assert total["cold_calls"] == 300 and total["cold_calls_per_conversations"] == 15.0


def test_text_draws_the_funnel_as_bars(db: tuple[Path, Path]) -> None:
    text = funnel(db)
    assert text.startswith("Funnel · 2026-11-01 – 2026-11-26\n")
    bars = text.split("TOTAL:\n", 1)[1].splitlines()
    assert [line.split()[0] for line in bars] == ["Calls", "Talks", "Mtgs", "Apps", "Invs", "Pmts"]
    # 300 calls fill the bar; 20 talks are 2 of its 32 characters; the step's conversion.
    assert bars[0].count("█") == 32 and bars[0].split()[-1] == "300"
    assert bars[1].count("█") == 2 and bars[1].split()[-2:] == ["20", "7%"]
    assert bars[-1].split()[-2:] == ["1", "100%"]


def test_one_employee_has_no_total_row(db: tuple[Path, Path]) -> None:
    rows = json.loads(funnel(db, "--format", "json", "--employee", "anna petrova"))
    assert [r["employee"] for r in rows] == [ANNA]
    text = funnel(db, "--employee", ANNA)
    assert f"{ANNA}:\n" in text and "TOTAL" not in text


def test_an_option_of_another_report_is_a_usage_error(db: tuple[Path, Path]) -> None:
    path, home = db
    before = fingerprint(path)
    done = run(home, "--db", path, *PINNED, "report", "funnel", "--as-of", "2026-11-01")
    assert done.returncode == 2
    assert "--as-of does not apply to report funnel" in done.stderr
    assert fingerprint(path) == before
    unknown = run(home, "--db", path, *PINNED, "report", "funnel", "--employee", "Nobody")
    assert unknown.returncode == 1
    assert "Nobody" in one_line(unknown.stderr)
