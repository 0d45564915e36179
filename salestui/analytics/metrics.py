"""Daily-metrics tables: per employee and date, per employee, per date, each with a team total."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Final, cast

import pandas as pd

from salestui.analytics.calendar import working_days_between
from salestui.analytics.reporting import DayReporting, due_on, period_reporting
from salestui.analytics.totals import column_totals
from salestui.columns import DATE, EMPLOYEE, EMPLOYEE_ID, TOTAL
from salestui.models import Employee

DAYS_REPORTED: Final = "days_reported"
DAYS_EXPECTED: Final = "days_expected"
EMPLOYEES_REPORTED: Final = "employees_reported"
EMPLOYEES_EXPECTED: Final = "employees_expected"

Entered = dict[tuple[int, date], dict[str, int]]


def _period(frame: pd.DataFrame, start: date, end: date, employee_id: int | None) -> pd.DataFrame:
    mask = (frame[DATE] >= pd.Timestamp(start)) & (frame[DATE] <= pd.Timestamp(end))
    if employee_id is not None:
        mask &= frame[EMPLOYEE_ID] == employee_id
    return frame.loc[mask]


def _typed(table: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    for column in columns:
        table[column] = table[column].astype("Int64")
    return table


def daily_table(
    frame: pd.DataFrame,
    names: Mapping[int, str],
    codes: Sequence[str],
    *,
    start: date,
    end: date,
    employee_id: int | None = None,
) -> pd.DataFrame:
    """Rows (date, employee, one column per metric) in [start, end] as entered, then TOTAL.

    The total sums what was entered; a metric nobody entered stays missing, not 0.
    """
    rows = _period(frame, start, end, employee_id).copy()
    rows[EMPLOYEE] = rows[EMPLOYEE_ID].map(names)
    rows = rows.sort_values([DATE, EMPLOYEE], ignore_index=True)
    entered = rows[list(codes)].astype(object).where(rows[list(codes)].notna(), None)
    total: dict[str, object] = {DATE: pd.NaT, EMPLOYEE: TOTAL}
    records = cast(list[dict[str, int | None]], entered.to_dict("records"))
    total.update(column_totals(records, codes))
    table = pd.concat([rows[[DATE, EMPLOYEE, *codes]], pd.DataFrame([total])], ignore_index=True)
    return _typed(table, codes)


def entered_between(
    frame: pd.DataFrame,
    codes: Sequence[str],
    *,
    start: date,
    end: date,
    employee_id: int | None = None,
) -> Entered:
    """Return the counts entered in [start, end] by (employee id, date), without the gaps."""
    rows = _period(frame, start, end, employee_id)
    result: Entered = {}
    for record in rows[[DATE, EMPLOYEE_ID, *codes]].itertuples(index=False):
        counts = {c: int(v) for c, v in zip(codes, record[2:], strict=True) if not pd.isna(v)}
        result[(int(record[1]), record[0].date())] = counts
    return result


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
) -> pd.DataFrame:
    """Rows for everyone due to report on each day (missing counts stay NA), then TOTAL.

    Unlike daily_table this also lists who sent nothing, for people to read; the total
    is the same sum of what was entered.
    """
    staff = window.staff(employees)
    rows: list[dict[str, Any]] = []
    for day in window.days(entered):
        due = {e.id for e in window.expected(staff, day)}
        for employee in staff:
            if employee.id in due or (employee.id, day) in entered:
                counts = entered.get((employee.id, day), {})
                rows.append({DATE: pd.Timestamp(day), EMPLOYEE: employee.name, **counts})
    total: dict[str, Any] = {DATE: pd.NaT, EMPLOYEE: TOTAL}
    total.update(column_totals(entered.values(), codes))
    table = pd.DataFrame([*rows, total], columns=[DATE, EMPLOYEE, *codes])
    return _typed(table, codes)


def employee_table(
    entered: Entered, employees: Sequence[Employee], codes: Sequence[str], window: Window
) -> pd.DataFrame:
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
    rows: list[dict[str, Any]] = []
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
    total: dict[str, Any] = {
        EMPLOYEE: TOTAL,
        DAYS_REPORTED: sum(r[DAYS_REPORTED] for r in rows),
        DAYS_EXPECTED: sum(r[DAYS_EXPECTED] for r in rows),
        **column_totals(entered.values(), codes),
    }
    numeric = [DAYS_REPORTED, DAYS_EXPECTED, *codes]
    return _typed(pd.DataFrame([*rows, total], columns=[EMPLOYEE, *numeric]), numeric)


def date_table(
    entered: Entered, employees: Sequence[Employee], codes: Sequence[str], window: Window
) -> pd.DataFrame:
    """Team totals per day: how many of those due sent numbers, and each metric's sum.

    Every row is a team total (employee "TOTAL"); the last, with no date, is the period's.
    A day nobody owed numbers for (a weekend, today) shows 0 of 0 beside what was entered.
    """
    staff = window.staff(employees)
    reporting = {day.day: day for day in window.reporting(staff, entered, codes)}
    by_day: dict[date, list[dict[str, int]]] = {}
    for (_, d), counts in entered.items():
        by_day.setdefault(d, []).append(counts)
    rows: list[dict[str, Any]] = []
    for day in window.days(entered):
        report = reporting.get(day)
        rows.append(
            {
                DATE: pd.Timestamp(day),
                EMPLOYEE: TOTAL,
                EMPLOYEES_REPORTED: report.sent if report else 0,
                EMPLOYEES_EXPECTED: len(report.expected) if report else 0,
                **column_totals(by_day.get(day, []), codes),
            }
        )
    total: dict[str, Any] = {
        DATE: pd.NaT,
        EMPLOYEE: TOTAL,
        EMPLOYEES_REPORTED: sum(r[EMPLOYEES_REPORTED] for r in rows),
        EMPLOYEES_EXPECTED: sum(r[EMPLOYEES_EXPECTED] for r in rows),
        **column_totals(entered.values(), codes),
    }
    numeric = [EMPLOYEES_REPORTED, EMPLOYEES_EXPECTED, *codes]
    table = pd.DataFrame([*rows, total], columns=[DATE, EMPLOYEE, *numeric])
    return _typed(table, numeric)
