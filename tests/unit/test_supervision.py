"""Supervision debt on hand-built reviews and answers, each figure counted by hand.

As of Thursday 2026-11-26 (the week from Monday the 23rd): Anna was base-reviewed on the 20th
(6 days: not due) and on the 27th (after the day: not counted), two of her calls were heard
this week and one last week, she answered the roll-call and sent all her numbers. Boris was
reviewed on the 19th (7 days: due), no call this week (one on Sunday the 22nd: last week),
answered "no answer", sent part of his numbers. Vera: nothing at all.
"""

from __future__ import annotations

from datetime import date

from salestui.analytics.reporting import FULL, NONE, PARTIAL
from salestui.analytics.supervision import supervision_debt
from salestui.models import BaseReview, CallReview, RollCall

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
