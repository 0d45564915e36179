"""Supervision debt: per employee, how far the head of sales is behind on each routine of the
morning checklist that watches them — no CRM keeps this.

Pure functions over the reviews, the roll-call and the day's reporting; `as_of` is a
parameter. What counts as overdue is stated once here, for Today and the morning digest.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final

from salestui.analytics.reporting import FULL, NONE
from salestui.analytics.rollcall import has_answered
from salestui.models import BaseReview, CallReview, RollCall

# The lesson's weekly base review: due again this many days after the last.
BASE_REVIEW_DAYS: Final = 7


@dataclass(frozen=True, slots=True)
class Debt:
    """One employee's supervision as of a day, and which parts of it are overdue."""

    employee_id: int
    days_since_base_review: int | None  # None: never reviewed
    calls_this_week: int  # reviews of their calls since Monday
    answered_rollcall: bool  # answered today's roll-call (not "no answer")
    reported: str  # the last working day's numbers: reporting.FULL, PARTIAL or NONE

    @property
    def base_overdue(self) -> bool:
        """Tell whether the base review is due: never done, or BASE_REVIEW_DAYS ago or more."""
        days = self.days_since_base_review
        return days is None or days >= BASE_REVIEW_DAYS

    @property
    def calls_overdue(self) -> bool:
        """Tell whether none of their calls was heard this week."""
        return self.calls_this_week == 0

    @property
    def overdue(self) -> tuple[str, ...]:
        """Return the overdue parts' names: base, calls, rollcall, metrics."""
        parts = {
            "base": self.base_overdue,
            "calls": self.calls_overdue,
            "rollcall": not self.answered_rollcall,
            "metrics": self.reported != FULL,
        }
        return tuple(name for name, late in parts.items() if late)


def supervision_debt(
    employees: Sequence[int],
    base_reviews: Iterable[BaseReview],
    call_reviews: Iterable[CallReview],
    rollcall: Iterable[RollCall],
    reported: Mapping[int, str],
    as_of: date,
) -> list[Debt]:
    """Return each listed employee's debt as of a day: days since their last base review (on
    or before the day), their calls reviewed from Monday to the day, whether today's
    roll-call has their answer, and how they reported the last working day (`reported`, by
    employee; missing means NONE)."""
    last_base: dict[int, date] = {}
    for base in base_reviews:
        if base.date <= as_of and base.date > last_base.get(base.employee_id, date.min):
            last_base[base.employee_id] = base.date
    monday = as_of - timedelta(days=as_of.weekday())
    calls: dict[int, int] = {}
    for review in call_reviews:
        if monday <= review.date <= as_of:
            calls[review.employee_id] = calls.get(review.employee_id, 0) + 1
    answered = {r.employee_id for r in rollcall if r.date == as_of and has_answered(r)}
    return [
        Debt(
            employee,
            (as_of - last_base[employee]).days if employee in last_base else None,
            calls.get(employee, 0),
            employee in answered,
            reported.get(employee, NONE),
        )
        for employee in employees
    ]
