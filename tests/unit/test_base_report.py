"""Base reviews in the store and `salestui report base` on the real command line, counted by
hand.

Anna: Alpha (contact, phone, e-mail and a long comment) and Beta (a contact and the comment
"ok"): 2 clients × 4 required fields = 8, of which 6 filled (Beta has no phone and no e-mail),
0.75. Beta has no contacts and too short a comment. Her open deals: one with an overdue
step, one stale (no contact since October in a meeting stage). Reviewed on Nov 16 (all 3s)
and Nov 23 (4, 3, 2, 5, 4). Boris: no clients, no review.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from salestui.models import BaseReview, Client, Deal, Employee, ValidationError
from salestui.store import Repository
from tests.unit.test_cli import PINNED, run

ANNA, BORIS = "Anna Petrova", "Boris Ivanov"
LONG = "Buys twice a year; the director decides, budget agreed in spring"
LAST = {"contacts": 4, "fields": 3, "comments": 2, "tasks": 5, "algorithm": 4}


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path]]:
    """The hand-counted database and a home folder for the subprocesses."""
    root = tmp_path_factory.mktemp("base")
    path = root / "db"
    repo = Repository.open(path, create=True)
    try:
        hired = date(2025, 1, 1)
        anna = repo.add_employee(Employee(ANNA, hired=hired)).id
        repo.add_employee(Employee(BORIS, hired=hired))
        day = date(2026, 9, 1)
        alpha = Client("Alpha", anna, day, "Ivan", "+7 900 000-00-01", "a@a.ru", comment=LONG)
        repo.save_client(alpha)
        repo.save_client(Client("Beta", anna, day, contact="Olga", comment="ok"))
        for due, contact in ((date(2026, 11, 20), date(2026, 11, 25)), (None, date(2026, 10, 1))):
            repo.add_deal(
                Deal(
                    None,
                    anna,
                    day,
                    "meeting",
                    next_step="call back",
                    next_step_due=due or date(2026, 11, 30),
                    last_contact=contact,
                ),
                day,
            )
        repo.add_base_review(BaseReview(date(2026, 11, 16), anna, ratings=dict.fromkeys(LAST, 3)))
        repo.add_base_review(BaseReview(date(2026, 11, 23), anna, {"clients": 2}, LAST, "ok"))
    finally:
        repo.close()
    home = root / "home"
    home.mkdir()
    yield path, home


def test_base_json_rows(db: tuple[Path, Path]) -> None:
    path, home = db
    done = run(home, "--db", path, *PINNED, "report", "base", "--format", "json")
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    none = dict.fromkeys(LAST)
    assert rows == [
        {
            "employee": ANNA,
            "last_review": "2026-11-23",
            "completeness": 0.75,
            "no_contacts": 1,
            "empty_comments": 1,
            "overdue_steps": 1,
            "stale_deals": 1,
            **LAST,
        },
        {
            "employee": BORIS,
            "last_review": None,
            "completeness": None,
            "no_contacts": 0,
            "empty_comments": 0,
            "overdue_steps": 0,
            "stale_deals": 0,
            **none,
        },
        {
            "employee": "TOTAL",
            "last_review": "2026-11-23",
            "completeness": 0.75,
            "no_contacts": 1,
            "empty_comments": 1,
            "overdue_steps": 1,
            "stale_deals": 1,
            **{k: float(v) for k, v in LAST.items()},
        },
    ]
    # The base as it is now: a day in the past is refused (clients are not kept by day).
    past = run(home, "--db", path, *PINNED, "report", "base", "--as-of", "2026-11-20")
    assert past.returncode == 2 and "--as-of" in past.stderr


def test_base_text_and_a_foreign_option(db: tuple[Path, Path]) -> None:
    path, home = db
    done = run(home, "--db", path, *PINNED, "report", "base")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Client base review · 2026-11-26")
    assert "Reviewed" in done.stdout.splitlines()[2]
    wrong = run(home, "--db", path, *PINNED, "report", "base", "--from", "2026-11-01")
    assert wrong.returncode == 2 and "--from" in wrong.stderr


def test_a_base_review_needs_the_five_points(tmp_path: Path) -> None:
    repo = Repository.open(tmp_path / "db", create=True)
    try:
        anna = repo.add_employee(Employee(ANNA, hired=date(2025, 1, 1))).id
        day = date(2026, 11, 23)
        for ratings, said in (
            ({k: v for k, v in LAST.items() if k != "tasks"}, "Tasks on time: not rated (1–5)"),
            ({**LAST, "mood": 3}, "Rating: a base review has no point «mood»"),
            ({**LAST, "fields": 6}, "fields: 6 must be from 1 to 5"),
        ):
            with pytest.raises(ValidationError) as caught:
                repo.add_base_review(BaseReview(day, anna, ratings=ratings))
            assert str(caught.value) == said
        with pytest.raises(ValidationError):
            repo.add_base_review(BaseReview(day, 999, ratings=LAST))
        assert repo.base_reviews() == []
    finally:
        repo.close()
