"""`salestui report calls` on the real command line, counted by hand.

November 1–26 (TODAY): Anna's calls of the 2nd (greeting 2, needs 1, presentation N/A,
objections 0, next step 2: 11 of 20 = 55) and the 9th (all 2: 100): mean 77.5, objections
failed once. Boris's call of the 5th (all 0: 0, every item failed; the most often are equal,
so the heaviest and earliest, needs). Vera: no call. An October call of Anna's is outside.
The team: 3 reviews, (55 + 100 + 0) / 3; objections failed twice, more than any other.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from salestui.models import CallReview, Employee
from salestui.store import Repository
from tests.unit.test_calls import MIXED
from tests.unit.test_cli import PINNED, run

ANNA, BORIS, VERA = "Anna Petrova", "Boris Ivanov", "Vera Sokolova"
CODES = ("greeting", "needs", "presentation", "objections", "next_step")


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path]]:
    """The hand-counted database and a home folder for the subprocesses."""
    root = tmp_path_factory.mktemp("calls")
    path = root / "db"
    repo = Repository.open(path, create=True)
    try:
        hired = date(2025, 1, 1)
        anna = repo.add_employee(Employee(ANNA, hired=hired)).id
        boris = repo.add_employee(Employee(BORIS, hired=hired)).id
        repo.add_employee(Employee(VERA, hired=hired))
        plan: tuple[tuple[date, int, dict[str, int | str]], ...] = (
            (date(2026, 11, 2), anna, MIXED),
            (date(2026, 11, 9), anna, dict.fromkeys(CODES, 2)),
            (date(2026, 11, 5), boris, dict.fromkeys(CODES, 0)),
            (date(2026, 10, 20), anna, dict.fromkeys(CODES, 0)),
        )
        for day, who, answers in plan:
            repo.add_call_review(CallReview(day, who, dict(answers), duration_s=300))
    finally:
        repo.close()
    home = root / "home"
    home.mkdir()
    yield path, home


def calls(db: tuple[Path, Path], *options: str) -> list[dict[str, object]]:
    """Run `report calls --format json` with options; return its rows."""
    path, home = db
    done = run(home, "--db", path, *PINNED, "report", "calls", "--format", "json", *options)
    assert done.returncode == 0, done.stderr
    rows: list[dict[str, object]] = json.loads(done.stdout)
    return rows


def test_calls_json_rows_and_total(db: tuple[Path, Path]) -> None:
    rows = calls(db, "--from", "2026-11-01")
    assert rows == [
        {
            "employee": ANNA,
            "reviews": 2,
            "avg_score": 77.5,
            "last_review": "2026-11-09",
            "weakest_item": "objections",
        },
        {
            "employee": BORIS,
            "reviews": 1,
            "avg_score": 0,
            "last_review": "2026-11-05",
            "weakest_item": "needs",
        },
        {
            "employee": VERA,
            "reviews": 0,
            "avg_score": None,
            "last_review": None,
            "weakest_item": None,
        },
        {
            "employee": "TOTAL",
            "reviews": 3,
            "avg_score": round((55 + 100 + 0) / 3, 4),
            "last_review": "2026-11-09",
            "weakest_item": "objections",
        },
    ]


def test_calls_of_one_employee_have_no_total(db: tuple[Path, Path]) -> None:
    rows = calls(db, "--from", "2026-10-01", "--employee", ANNA)
    assert [(r["employee"], r["reviews"], r["avg_score"]) for r in rows] == [
        (ANNA, 3, round((55 + 100 + 0) / 3, 4))
    ]


def test_calls_text_names_the_items_in_the_language(db: tuple[Path, Path]) -> None:
    path, home = db
    done = run(home, "--db", path, *PINNED, "report", "calls", "--from", "2026-11-01")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "Calls listened to · 2026-11-01 – 2026-11-26"
    anna = next(line for line in lines if line.startswith(ANNA))
    assert anna.split()[2:5] == ["2", "77.5", "2026-11-09"]
    assert anna.endswith("Objections handled")
    ru = run(home, "--db", path, *PINNED, "--lang", "ru", "report", "calls", "--from", "2026-11-01")
    assert ru.returncode == 0, ru.stderr
    assert ru.stdout.startswith("Прослушивание звонков · ")
    assert "Заданы вопросы о потребностях" in ru.stdout  # Boris's weakest: needs
    assert "ИТОГО" in ru.stdout
