"""Who was expected to send numbers on a day, and who sent all, some or none (no pandas)."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Final

from salestui.analytics.calendar import is_working_day
from salestui.models import Employee

FULL: Final = "full"
PARTIAL: Final = "partial"
NONE: Final = "none"

Counts = Mapping[str, int]


def report_status(counts: Counts | None, codes: Sequence[str]) -> str:
    """Return FULL when every funnel metric was entered, PARTIAL for some, NONE for none."""
    entered = sum(code in counts for code in codes) if counts else 0
    if entered == 0:
        return NONE
    return FULL if entered == len(codes) else PARTIAL


def expected_on(
    employees: Iterable[Employee], day: date, working_days: Collection[int]
) -> list[Employee]:
    """Return who must report for a day: employed that day, and the day is a working day."""
    if not is_working_day(day, working_days):
        return []
    return [e for e in employees if e.employed_on(day)]


def due_on(
    employees: Iterable[Employee], day: date, working_days: Collection[int], as_of: date
) -> list[Employee]:
    """Return who owed numbers for a day by as_of: expected that day, and the day is over."""
    return expected_on(employees, day, working_days) if day < as_of else []


def roster(employees: Iterable[Employee], day: date, entered: Collection[int]) -> list[Employee]:
    """Return who belongs in a day's grid: everyone employed that day, and anyone with numbers.

    Numbers entered outside someone's employment still show, so a day's grid total always
    equals the report's.
    """
    return [e for e in employees if e.employed_on(day) or e.id in entered]


@dataclass(frozen=True, slots=True)
class DayReporting:
    """One day's reporting: ids of the expected employees split by what they sent."""

    day: date
    expected: tuple[int, ...]
    full: tuple[int, ...]
    partial: tuple[int, ...]
    missing: tuple[int, ...]

    def statuses(self) -> dict[int, str]:
        """Return each expected employee's FULL, PARTIAL or NONE."""
        found = dict.fromkeys(self.full, FULL) | dict.fromkeys(self.partial, PARTIAL)
        return found | dict.fromkeys(self.missing, NONE)

    @property
    def sent(self) -> int:
        """Return how many of those due sent anything (all or part of their numbers)."""
        return len(self.full) + len(self.partial)


def day_reporting(
    employees: Iterable[Employee],
    entered: Mapping[int, Counts],
    day: date,
    codes: Sequence[str],
    working_days: Collection[int],
    as_of: date,
) -> DayReporting:
    """Split the employees due for a day (see due_on) into full, partial and missing reports."""
    groups: dict[str, list[int]] = {FULL: [], PARTIAL: [], NONE: []}
    expected = due_on(employees, day, working_days, as_of)
    for employee in expected:
        groups[report_status(entered.get(employee.id), codes)].append(employee.id)
    return DayReporting(
        day,
        tuple(e.id for e in expected),
        tuple(groups[FULL]),
        tuple(groups[PARTIAL]),
        tuple(groups[NONE]),
    )


def period_reporting(
    employees: Sequence[Employee],
    entered: Mapping[tuple[int, date], Counts],
    days: Iterable[date],
    codes: Sequence[str],
    working_days: Collection[int],
    as_of: date,
) -> list[DayReporting]:
    """Return day_reporting() for each of the given days."""
    by_day: dict[date, dict[int, Counts]] = {}
    for (employee_id, day), counts in entered.items():
        by_day.setdefault(day, {})[employee_id] = counts
    return [
        day_reporting(employees, by_day.get(day, {}), day, codes, working_days, as_of)
        for day in days
    ]


def gaps_by_employee(
    days: Iterable[DayReporting],
) -> tuple[dict[int, list[date]], dict[int, list[date]]]:
    """Return, per employee id, the days they sent nothing and the days they sent part."""
    missing: dict[int, list[date]] = {}
    partial: dict[int, list[date]] = {}
    for report in days:
        for employee_id in report.missing:
            missing.setdefault(employee_id, []).append(report.day)
        for employee_id in report.partial:
            partial.setdefault(employee_id, []).append(report.day)
    return missing, partial
