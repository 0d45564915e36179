"""The daily-metrics report: per date and employee, per employee or per date, with totals."""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Final

from salestui.analytics.metrics import (
    DAYS_EXPECTED,
    DAYS_REPORTED,
    EMPLOYEES_EXPECTED,
    EMPLOYEES_REPORTED,
    Entered,
    Row,
    Window,
    date_table,
    employee_table,
    entered_between,
    roster_table,
)
from salestui.analytics.metrics import daily_table as entered_table
from salestui.analytics.reporting import gaps_by_employee
from salestui.columns import DATE, EMPLOYEE, TOTAL
from salestui.i18n import fmt_day, fmt_period, fmt_short_date, tr, trn
from salestui.models import DailyMetrics, Employee, Settings
from salestui.reports.render import Column, render
from salestui.textfit import fit_names

# A chat on a phone shows about this many monospace columns.
CHAT_WIDTH: Final = 60
NAME_WIDTH: Final = 18
LISTED_DAYS: Final = 5


def metrics_report(
    metrics: Iterable[DailyMetrics],
    employees: Sequence[Employee],
    settings: Settings,
    *,
    start: date,
    end: date,
    employee_id: int | None,
    fmt: str,
    as_of: date,
    by: str = "date-employee",
    excel: bool = False,
) -> str:
    """Render daily metrics between two dates in a format, grouped `by` one of BY_CHOICES.

    JSON and CSV list what was entered (their shape is a public contract); text and
    Markdown, which people read, also list who sent nothing and name them at the end.
    Only the records in [start, end] (and of employee_id, if given) count.
    """
    codes = settings.metric_codes()
    machine = fmt in ("csv", "json")
    if machine and by == "date-employee":
        names = {e.id: e.name for e in employees}
        table = entered_table(metrics, names, codes, start=start, end=end, employee_id=employee_id)
        columns = [Column(DATE, tr("report.date"), "date"), Column(EMPLOYEE, tr("report.employee"))]
        columns += [Column(m.code, m.label(), "int") for m in settings.funnel]
        return render(columns, table, fmt, excel=excel)
    entered = entered_between(metrics, codes, start=start, end=end, employee_id=employee_id)
    window = Window(start, end, settings.working_days, as_of, employee_id)
    metric_columns = [
        Column(m.code, m.short() if fmt == "text" else m.label(), "int") for m in settings.funnel
    ]
    if by == "employee":
        table = employee_table(entered, employees, codes, window)
        if machine:
            columns = [
                Column(EMPLOYEE, tr("report.employee")),
                Column(DAYS_REPORTED, DAYS_REPORTED, "int"),
                Column(DAYS_EXPECTED, DAYS_EXPECTED, "int"),
            ]
            return render([*columns, *metric_columns], table, fmt, excel=excel)
        for row in table:
            row["days"] = f"{row[DAYS_REPORTED]}/{row[DAYS_EXPECTED]}"
        columns = [
            Column(EMPLOYEE, tr("report.employee")),
            Column("days", tr("report.days"), "right"),
        ]
    elif by == "date":
        table = date_table(entered, employees, codes, window)
        if machine:
            columns = [
                Column(DATE, tr("report.date"), "date"),
                Column(EMPLOYEE, tr("report.employee")),
                Column(EMPLOYEES_REPORTED, EMPLOYEES_REPORTED, "int"),
                Column(EMPLOYEES_EXPECTED, EMPLOYEES_EXPECTED, "int"),
            ]
            return render([*columns, *metric_columns], table, fmt, excel=excel)
        # The chat text leaves the year to the title when it is one year; Markdown keeps it.
        short_dates = fmt == "text" and start.year == end.year
        for row in table:
            row["sent"] = f"{row[EMPLOYEES_REPORTED]}/{row[EMPLOYEES_EXPECTED]}"
            day = row[DATE]
            row[DATE] = tr("report.total") if day is None else fmt_day(day, year=not short_dates)
        columns = [Column(DATE, tr("report.date")), Column("sent", tr("report.sent"), "right")]
    else:
        table = roster_table(entered, employees, codes, window)
        columns = [Column(EMPLOYEE, tr("report.employee"))]
        if start != end:  # one day's date is in the title, not on every row
            if fmt == "text" and start.year == end.year:  # the year is in the title: narrower
                for row in table:
                    row[DATE] = "" if row[DATE] is None else fmt_short_date(row[DATE])
                columns.insert(0, Column(DATE, tr("report.date")))
            else:
                columns.insert(0, Column(DATE, tr("report.date"), "date"))
    gaps = by == "date-employee"  # the other shapes count the gaps in their own columns
    return _for_people(
        table, [*columns, *metric_columns], settings, employees, entered, fmt, gaps, window
    )


def _for_people(
    rows: list[Row],
    columns: list[Column],
    settings: Settings,
    employees: Sequence[Employee],
    entered: Entered,
    fmt: str,
    gaps: bool,
    window: Window,
) -> str:
    """Render table rows for people: a title, the table, a legend, and who sent what."""
    start, end = window.start, window.end
    who = next((e.name for e in employees if e.id == window.employee_id), None)
    title = " · ".join(
        part
        for part in (tr("routine.metrics"), settings.team_name, who, fmt_period(start, end))
        if part
    )
    if not entered:
        # One line says so. For one day ("nobody has sent yesterday's numbers") the names of
        # those who owed them follow; over a longer period it means nothing was recorded.
        lines = [f"{title}: {tr('report.empty')}"]
        one_day = gaps and window.start == window.end
        for note in _gap_notes(settings, employees, entered, window) if one_day else []:
            lines += textwrap.wrap(note, CHAT_WIDTH) if fmt == "text" else [note]
        return "\n".join(lines) + "\n"
    total_label = tr("report.total")
    if fmt == "text":
        names = [r[EMPLOYEE] for r in rows if r[EMPLOYEE] != TOTAL]
        short = dict(zip(names, fit_names(names, NAME_WIDTH), strict=True))
        for row in rows:
            row[EMPLOYEE] = total_label if row[EMPLOYEE] == TOTAL else short[row[EMPLOYEE]]
    else:
        for row in rows:
            if row[EMPLOYEE] == TOTAL:
                row[EMPLOYEE] = total_label
    lines = [title, "", render(columns, rows, fmt).rstrip("\n")]
    notes = []
    if fmt == "text":
        legend = [f"{m.short()} — {m.label()}" for m in settings.funnel if m.short() != m.label()]
        if legend:
            notes.append(tr("report.legend", items=", ".join(legend)))
    if gaps:
        notes += _gap_notes(settings, employees, entered, window)
    for note in notes:
        lines.append("")
        lines += textwrap.wrap(note, CHAT_WIDTH) if fmt == "text" else [note]
    return "\n".join(lines) + "\n"


def _gap_notes(
    settings: Settings, employees: Sequence[Employee], entered: Entered, window: Window
) -> list[str]:
    """Name who sent nothing and who sent part, most days first."""
    staff = window.staff(employees)
    days = window.reporting(staff, entered, settings.metric_codes())
    names_of = {e.id: e.name for e in staff}
    one_day = window.start == window.end
    notes = []
    for key, gaps in zip(
        ("report.none_from", "report.partial_from"), gaps_by_employee(days), strict=True
    ):
        if gaps:
            order = sorted(gaps, key=lambda i: (-len(gaps[i]), names_of[i].casefold()))
            who = [_with_days(names_of[i], gaps[i], one_day) for i in order]
            notes.append(f"{tr(key, count=len(gaps))}: {(', ' if one_day else '; ').join(who)}")
    return notes


def _with_days(name: str, days: list[date], one_day: bool) -> str:
    """Return a name, with the days it concerns when the report spans several."""
    if one_day:
        return name
    listed = ", ".join(fmt_short_date(d) for d in days[:LISTED_DAYS])
    more = "…" if len(days) > LISTED_DAYS else ""
    return f"{name} ({trn('report.days_count', len(days))}: {listed}{more})"
