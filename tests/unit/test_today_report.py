"""`salestui report today`, the morning digest, on the real command line, counted by hand.

Today is Thursday 2026-11-26 (PINNED); the last working day is Wednesday the 25th. November
has 21 working days; Anna's plan is 210 cold calls (a norm of 10 a day) and nothing else.
Anna entered every number on the 25th (12 calls); Boris entered only cold calls (5): part.
Vera entered nothing. Anna owns a hot deal whose next step was due on the 20th, and an invoice
of 100.00 due on the 20th with 40.00 paid (60.00 overdue). Anna answered today's roll-call;
Boris answered "no answer"; Vera nothing. Anna's base was reviewed on the 20th (6 days ago),
two of her calls were heard this week (Monday and today), one last Friday.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from salestui.models import (
    BaseReview,
    CallReview,
    Client,
    Deal,
    Employee,
    Invoice,
    RollCall,
)
from salestui.store import Repository
from tests.unit.test_calls import MIXED
from tests.unit.test_cli import PINNED, run

ANNA, BORIS, VERA = "Anna Petrova", "Boris Ivanov", "Vera Sokolova"
DAY = date(2026, 11, 25)
TODAY = date(2026, 11, 26)
RATED = {"contacts": 4, "fields": 4, "comments": 4, "tasks": 4, "algorithm": 4}


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path]]:
    """The hand-counted database and a home folder for the subprocesses."""
    root = tmp_path_factory.mktemp("today")
    path = root / "db"
    repo = Repository.open(path, create=True)
    try:
        hired = date(2025, 1, 1)
        anna = repo.add_employee(Employee(ANNA, hired=hired)).id
        boris = repo.add_employee(Employee(BORIS, hired=hired)).id
        repo.add_employee(Employee(VERA, hired=hired))
        codes = repo.settings().metric_codes()
        for index, code in enumerate(codes):
            repo.set_count(anna, DAY, code, 12 if index == 0 else 1)
        repo.set_count(boris, DAY, codes[0], 5)
        repo.copy_plans({anna: {codes[0]: 210}}, "2026-11")
        client = repo.save_client(Client("Acme", anna, date(2026, 9, 1))).id
        deal = repo.add_deal(
            Deal(
                client,
                anna,
                date(2026, 9, 1),
                "invoice",
                amount=100_00,
                next_step="call",
                next_step_due=date(2026, 11, 20),
                last_contact=date(2026, 11, 24),
            ),
            date(2026, 9, 1),
        )
        invoice = repo.issue_invoice(
            Invoice("N1", deal.id, anna, date(2026, 11, 13), 100_00, date(2026, 11, 20))
        )
        repo.record_payment(invoice.id, date(2026, 11, 18), 40_00)
        repo.save_rollcall(RollCall(TODAY, anna, "office", "calling"))
        repo.save_rollcall(RollCall(TODAY, boris, "no_answer"))
        repo.add_base_review(BaseReview(date(2026, 11, 20), anna, ratings=RATED))
        for heard in (date(2026, 11, 23), TODAY, date(2026, 11, 20)):
            repo.add_call_review(CallReview(heard, anna, dict(MIXED)))
    finally:
        repo.close()
    home = root / "home"
    home.mkdir()
    yield path, home


def test_today_json_rows(db: tuple[Path, Path]) -> None:
    path, home = db
    done = run(home, "--db", path, *PINNED, "report", "today", "--format", "json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == [
        {
            "employee": ANNA,
            "reported": "full",
            "hot_needing_action": 1,
            "overdue_invoices": 1,
            "overdue_amount": 60.0,
            "rollcall_answered": True,
            "base_review_days": 6,
            "calls_this_week": 2,
        },
        {
            "employee": BORIS,
            "reported": "partial",
            "hot_needing_action": 0,
            "overdue_invoices": 0,
            "overdue_amount": 0,
            "rollcall_answered": False,
            "base_review_days": None,
            "calls_this_week": 0,
        },
        {
            "employee": VERA,
            "reported": "none",
            "hot_needing_action": 0,
            "overdue_invoices": 0,
            "overdue_amount": 0,
            "rollcall_answered": False,
            "base_review_days": None,
            "calls_this_week": 0,
        },
        {
            "employee": "TOTAL",
            "reported": None,
            "hot_needing_action": 1,
            "overdue_invoices": 1,
            "overdue_amount": 60.0,
            "rollcall_answered": None,
            "base_review_days": None,
            "calls_this_week": 2,
        },
    ]


def test_today_text_says_the_day_the_norm_and_who_is_behind(db: tuple[Path, Path]) -> None:
    path, home = db
    done = run(home, "--db", path, *PINNED, "report", "today")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("Morning digest · 2026-11-26")
    # 12 + 5 calls against Anna's norm of 210 / 21 = 10.
    assert any(line.startswith("The team on 2026-11-25: Calls 17 / 10 · ") for line in lines)
    assert f"No numbers for 2026-11-25: {VERA}" in lines
    assert f"Only part of the numbers: {BORIS}" in lines
    assert f"Not answered: {BORIS}, {VERA}" in lines
    ru = run(home, "--db", path, *PINNED, "--lang", "ru", "report", "today")
    assert ru.returncode == 0, ru.stderr
    assert ru.stdout.startswith("Утренняя сводка · 26.11.2026")
    assert f"Не ответили: {BORIS}, {VERA}" in ru.stdout
