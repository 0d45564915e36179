"""Working-day arithmetic shared by every routine (no pandas, so Today opens fast)."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, timedelta


def is_working_day(day: date, working_days: Collection[int]) -> bool:
    """Tell whether a date falls on one of the team's working weekdays (Monday = 0)."""
    return day.weekday() in working_days


def previous_working_day(day: date, working_days: Collection[int]) -> date:
    """Return the last working day strictly before `day`."""
    if not any(0 <= d <= 6 for d in working_days):
        raise ValueError(
            f"no working weekday in {sorted(working_days)!r} (Monday = 0 … Sunday = 6)"
        )
    step = day - timedelta(days=1)
    while not is_working_day(step, working_days):
        step -= timedelta(days=1)
    return step


def working_days_between(start: date, end: date, working_days: Collection[int]) -> list[date]:
    """Return the working days from start to end inclusive."""
    days = (start + timedelta(days=n) for n in range((end - start).days + 1))
    return [d for d in days if is_working_day(d, working_days)]
