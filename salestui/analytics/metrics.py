"""Daily-metrics tables: per employee and date, per employee, per date, each with a team total.

Plain Python over DailyMetrics records (no pandas, so a report starts fast). Each table is a
list of rows, one dict per row with every column in order; a missing count is None, and the
TOTAL row's date is None.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Final

from salestui.analytics.calendar import working_days_between
from salestui.analytics.reporting import DayReporting, due_on, period_reporting
from salestui.analytics.totals import column_totals
from salestui.columns import DATE, EMPLOYEE, TOTAL
from salestui.models import DailyMetrics, Employee

DAYS_REPORTED: Final = "days_reported"
DAYS_EXPECTED: Final = "days_expected"
EMPLOYEES_REPORTED: Final = "employees_reported"
EMPLOYEES_EXPECTED: Final = "employees_expected"

Entered = dict[tuple[int, date], dict[str, int]]
Row = dict[str, Any]


def _period(
    metrics: Iterable[DailyMetrics], start: date, end: date, employee_id: int | None
) -> Iterator[DailyMetrics]:
    return (m for m in metrics if start <= m.date <= end and employee_id in (None, m.employee_id))


def daily_table(
    metrics: Iterable[DailyMetrics],
    names: Mapping[int, str],
    codes: Sequence[str],
    *,
    start: date,
    end: date,
    employee_id: int | None = None,
) -> list[Row]:
    """Rows (date, employee, one column per metric) in [start, end] as entered, then TOTAL.

    Rows are sorted by date and name (a name not in names is None, after the others). The
    total sums what was entered; a metric nobody entered stays missing (None), not 0.
    """

    def order(m: DailyMetrics) -> tuple[date, bool, str, int]:
        return (m.date, m.employee_id not in names, names.get(m.employee_id, ""), m.employee_id)

    rows: list[Row] = [
        {DATE: m.date, EMPLOYEE: names.get(m.employee_id), **{c: m.counts.get(c) for c in codes}}
        for m in sorted(_period(metrics, start, end, employee_id), key=order)
    ]
    return [*rows, {DATE: None, EMPLOYEE: TOTAL, **column_totals(rows, codes)}]


def entered_between(
    metrics: Iterable[DailyMetrics],
    codes: Sequence[str],
    *,
    start: date,
    end: date,
    employee_id: int | None = None,
) -> Entered:
    """Return the counts entered in [start, end] by (employee id, date), without the gaps."""
    return {
        (m.employee_id, m.date): {c: m.counts[c] for c in codes if c in m.counts}
        for m in _period(metrics, start, end, employee_id)
    }


@dataclass(frozen=True, slots=True)
class Window:
    """A report's period: its days, the team's working days, today, and maybe one employee.

    A day is due (its numbers expected) once it is over: before as_of.
    """

    start: date
    end: date
    working_days: Collection[int]
    as_of: date
    employee_id: int | None = None

    def due_days(self) -> list[date]:
        """Return the working days of the period that are over."""
        last = min(self.end, self.as_of - timedelta(days=1))
        return working_days_between(self.start, last, self.working_days)

    def days(self, entered: Entered) -> list[date]:
        """Return the due days plus any other day someone entered numbers on."""
        return sorted({*self.due_days(), *(day for _, day in entered)})

    def staff(self, employees: Sequence[Employee]) -> list[Employee]:
        """Return the employees the report is about, by name."""
        chosen = [e for e in employees if self.employee_id in (None, e.id)]
        return sorted(chosen, key=lambda e: (e.name.casefold(), e.id))

    def expected(self, staff: Sequence[Employee], day: date) -> list[Employee]:
        """Return who had to report for a day (nobody yet for today or later)."""
        return due_on(staff, day, self.working_days, self.as_of)

    def reporting(
        self, staff: Sequence[Employee], entered: Entered, codes: Sequence[str]
    ) -> list[DayReporting]:
        """Return who sent all, part or nothing on each due day of the period."""
        return period_reporting(
            staff, entered, self.due_days(), codes, self.working_days, self.as_of
        )


def roster_table(
    entered: Entered, employees: Sequence[Employee], codes: Sequence[str], window: Window
) -> list[Row]:
    """Rows for everyone due to report on each day (missing counts are None), then TOTAL.

    Unlike daily_table this also lists who sent nothing, for people to read; the total
    is the same sum of what was entered.
    """
    staff = window.staff(employees)
    rows: list[Row] = []
    for day in window.days(entered):
        due = {e.id for e in window.expected(staff, day)}
        for employee in staff:
            if employee.id in due or (employee.id, day) in entered:
                counts = entered.get((employee.id, day), {})
                rows.append(
                    {DATE: day, EMPLOYEE: employee.name, **{c: counts.get(c) for c in codes}}
                )
    return [*rows, {DATE: None, EMPLOYEE: TOTAL, **column_totals(entered.values(), codes)}]


def employee_table(
    entered: Entered, employees: Sequence[Employee], codes: Sequence[str], window: Window
) -> list[Row]:
    """One row per person employed in the period (or with numbers): days sent, days due, sums.

    days_expected counts the days they owed numbers (due_on); days_reported those of them on
    which they sent anything. The sums count every number entered. The TOTAL row sums both
    counts (person-days) and every metric.
    """
    staff = window.staff(employees)
    reporting = window.reporting(staff, entered, codes)
    by_employee: dict[int, list[dict[str, int]]] = {}
    for (i, _), counts in entered.items():
        by_employee.setdefault(i, []).append(counts)
    rows: list[Row] = []
    for employee in staff:
        own = by_employee.get(employee.id, [])
        due = sum(employee.id in day.expected for day in reporting)
        if not own and not due:
            continue
        sent = sum(employee.id in day.full or employee.id in day.partial for day in reporting)
        rows.append(
            {
                EMPLOYEE: employee.name,
                DAYS_REPORTED: sent,
                DAYS_EXPECTED: due,
                **column_totals(own, codes),
            }
        )
    total: Row = {
        EMPLOYEE: TOTAL,
        DAYS_REPORTED: sum(r[DAYS_REPORTED] for r in rows),
        DAYS_EXPECTED: sum(r[DAYS_EXPECTED] for r in rows),
        **column_totals(entered.values(), codes),
    }
    return [*rows, total]


def date_table(
    entered: Entered, employees: Sequence[Employee], codes: Sequence[str], window: Window
) -> list[Row]:
    """Team totals per day: how many of those due sent numbers, and each metric's sum.

    Every row is a team total (employee "TOTAL"); the last, with no date, is the period's.
    A day nobody owed numbers for (a weekend, today) shows 0 of 0 beside what was entered.
    """
    staff = window.staff(employees)
    reporting = {day.day: day for day in window.reporting(staff, entered, codes)}
    by_day: dict[date, list[dict[str, int]]] = {}
    for (_, d), counts in entered.items():
        by_day.setdefault(d, []).append(counts)
    rows: list[Row] = []
    for day in window.days(entered):
        report = reporting.get(day)
        rows.append(
            {
                DATE: day,
                EMPLOYEE: TOTAL,
                EMPLOYEES_REPORTED: report.sent if report else 0,
                EMPLOYEES_EXPECTED: len(report.expected) if report else 0,
                **column_totals(by_day.get(day, []), codes),
            }
        )
    total: Row = {
        DATE: None,
        EMPLOYEE: TOTAL,
        EMPLOYEES_REPORTED: sum(r[EMPLOYEES_REPORTED] for r in rows),
        EMPLOYEES_EXPECTED: sum(r[EMPLOYEES_EXPECTED] for r in rows),
        **column_totals(entered.values(), codes),
    }
    return [*rows, total]
