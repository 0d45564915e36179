"""Daily norms: a month's plan spread over its working days (pure, no pandas)."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import date
from fractions import Fraction

from salestui.analytics.calendar import working_days_between
from salestui.analytics.finance import month_bounds
from salestui.models import Plan


def month_working_days(day: date, working_days: Collection[int]) -> int:
    """Return how many working days the month of `day` has."""
    return len(working_days_between(*month_bounds(day), working_days))


def daily_norm(plan: int, working_days_in_month: int) -> Fraction | None:
    """Daily norm = the month's plan ÷ the month's working days, exactly.

    None for a month without working days: there is no day to spread the plan over.
    """
    if working_days_in_month <= 0:
        return None
    return Fraction(plan, working_days_in_month)


def daily_norms(
    plans: Iterable[Plan], codes: Collection[str], working_days_in_month: int
) -> dict[tuple[int, str], Fraction]:
    """Return the daily norm of each (employee id, metric code) that has a monthly plan."""
    norms: dict[tuple[int, str], Fraction] = {}
    for plan in plans:
        for code, target in plan.targets.items():
            norm = daily_norm(target, working_days_in_month) if code in codes else None
            if norm is not None:
                norms[plan.employee_id, code] = norm
    return norms


def below_norm(value: int | None, norm: Fraction | None) -> bool:
    """Tell whether an entered number falls short of its norm (nothing entered is not below)."""
    return value is not None and norm is not None and value < norm
