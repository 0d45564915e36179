"""Supervision debt on hand-built reviews and answers, each figure counted by hand.

As of Thursday 2026-11-26 (the week from Monday the 23rd): Anna was base-reviewed on the 20th
(6 days: not due) and on the 27th (after the day: not counted), two of her calls were heard
this week and one last week, she answered the roll-call and sent all her numbers. Boris was
reviewed on the 19th (7 days: due), no call this week (one on Sunday the 22nd: last week),
answered "no answer", sent part of his numbers. Vera: nothing at all.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from salestui.analytics.reporting import FULL, NONE, PARTIAL, day_reporting
from salestui.analytics.supervision import supervision_debt
from salestui.models import BaseReview, CallReview, Employee, RollCall
from salestui.queries import supervision
from salestui.store import Repository

DAY = date(2026, 11, 26)
ANNA, BORIS, VERA = 1, 2, 3
RATED = {"contacts": 4, "fields": 4, "comments": 4, "tasks": 4, "algorithm": 4}


def test_debt_per_employee_by_hand() -> None:
    bases = [
        BaseReview(date(2026, 11, 20), ANNA, ratings=RATED),
        BaseReview(date(2026, 11, 27), ANNA, ratings=RATED),
        BaseReview(date(2026, 11, 19), BORIS, ratings=RATED),
        BaseReview(date(2026, 11, 1), BORIS, ratings=RATED),
    ]
    calls = [
        CallReview(date(2026, 11, 23), ANNA),
        CallReview(date(2026, 11, 26), ANNA),
        CallReview(date(2026, 11, 20), ANNA),
        CallReview(date(2026, 11, 22), BORIS),
        CallReview(date(2026, 11, 27), BORIS),
    ]
    answers = [
        RollCall(DAY, ANNA, "office", "calling"),
        RollCall(DAY, BORIS, "no_answer"),
        RollCall(date(2026, 11, 25), VERA, "field", "yesterday"),
    ]
    reported = {ANNA: FULL, BORIS: PARTIAL}
    anna, boris, vera = supervision_debt([ANNA, BORIS, VERA], bases, calls, answers, reported, DAY)
    assert (anna.days_since_base_review, anna.calls_this_week) == (6, 2)
    assert anna.answered_rollcall and anna.reported == FULL and anna.overdue == ()
    assert (boris.days_since_base_review, boris.calls_this_week) == (7, 0)
    assert not boris.answered_rollcall and boris.reported == PARTIAL
    assert boris.overdue == ("base", "calls", "rollcall", "metrics")
    assert vera.days_since_base_review is None and vera.calls_this_week == 0
    assert vera.reported == NONE and vera.overdue == ("base", "calls", "rollcall", "metrics")


def test_on_a_monday_only_that_day_counts_as_this_week() -> None:
    monday = date(2026, 11, 23)
    calls = [CallReview(date(2026, 11, 22), ANNA), CallReview(monday, ANNA)]
    [debt] = supervision_debt([ANNA], [], calls, [], {ANNA: FULL}, monday)
    assert debt.calls_this_week == 1
    assert supervision_debt([], [], calls, [], {}, monday) == []


def test_todays_counts_from_the_store(tmp_path: Path) -> None:
    """queries.supervision over a real database: who is due, calls heard today, the queue of
    the others, and answers; someone who left owes nothing."""
    repo = Repository.open(tmp_path / "db", create=True)
    try:
        anna = repo.add_employee(Employee("Anna", hired=date(2025, 1, 1)))
        boris = repo.add_employee(Employee("Boris", hired=date(2025, 1, 1)))
        vera = repo.add_employee(Employee("Vera", hired=date(2025, 1, 1)))
        gone = repo.add_employee(Employee("Gone", hired=date(2025, 1, 1), left=date(2026, 11, 1)))
        repo.add_base_review(BaseReview(date(2026, 11, 20), anna.id, ratings=RATED))
        repo.add_base_review(BaseReview(date(2026, 11, 19), boris.id, ratings=RATED))
        full: dict[str, int | str] = {i.code: i.max_score for i in repo.settings().call_checklist}
        repo.add_call_review(CallReview(DAY, anna.id, full, duration_s=300))
        repo.add_call_review(CallReview(date(2026, 11, 2), boris.id, full, duration_s=240))
        repo.save_rollcall(RollCall(DAY, anna.id, "office", "calling"))
        repo.save_rollcall(RollCall(DAY, boris.id, "no_answer"))
        staff = repo.employees()
        reporting = day_reporting(staff, {}, date(2026, 11, 25), (), (0, 1, 2, 3, 4), DAY)
        found = supervision(repo, DAY, reporting, staff)
    finally:
        repo.close()
    assert [d.employee_id for d in found.debts] == [anna.id, boris.id, vera.id]
    assert gone.id not in {d.employee_id for d in found.debts}
    assert found.base_due == 2  # Boris (7 days) and Vera (never)
    assert found.heard_today == 1
    # Anna was heard today; Vera (never heard) comes before Boris.
    assert [q.employee_id for q in found.queue] == [vera.id, boris.id]
    assert found.answered == 1  # Boris's "no answer" is not an answer
