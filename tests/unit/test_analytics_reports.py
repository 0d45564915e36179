"""Working-day calendar, morning checklist, totals, the daily table and the report renderer."""

from __future__ import annotations

import csv
import io
import json
import signal
import threading
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import Any

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from salestui.analytics.calendar import (
    is_working_day,
    previous_working_day,
    working_days_between,
)
from salestui.analytics.checklist import checklist_state
from salestui.analytics.metrics import daily_table
from salestui.analytics.totals import column_totals
from salestui.columns import DATE, EMPLOYEE, EMPLOYEE_ID, TOTAL
from salestui.i18n import set_language
from salestui.models import DailyMetrics, Employee, MetricDef, Settings
from salestui.reports.metrics import metrics_report
from salestui.reports.render import FORMATS, Column, as_date, render
from salestui.store.frames import metrics_frame

WEEK = (0, 1, 2, 3, 4)
THU = date(2026, 11, 26)
MON = date(2026, 11, 23)
ROUTINES = ("metrics", "hot")


# -- calendar --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (THU, date(2026, 11, 25)),  # Thursday -> Wednesday
        (MON, date(2026, 11, 20)),  # Monday -> Friday
        (date(2026, 11, 22), date(2026, 11, 20)),  # Sunday -> Friday
        (date(2026, 11, 21), date(2026, 11, 20)),  # Saturday -> Friday
        (date(2027, 1, 1), date(2026, 12, 31)),  # Friday New Year -> Thursday
        (date(2024, 1, 1), date(2023, 12, 29)),  # Monday New Year -> Friday of last year
        (date(2028, 3, 1), date(2028, 2, 29)),  # leap day
    ],
)
def test_previous_working_day_skips_weekends_and_years(day: date, expected: date) -> None:
    """The last Monday-to-Friday day strictly before the date."""
    assert previous_working_day(day, WEEK) == expected


@pytest.mark.parametrize(
    ("days", "day", "expected"),
    [
        ((0,), date(2026, 11, 30), date(2026, 11, 23)),  # Mondays only: a week back
        ((5, 6), MON, date(2026, 11, 22)),  # weekend shift: Monday -> Sunday
        ((6, 0, 1, 2, 3), date(2026, 11, 22), date(2026, 11, 19)),  # Sun-Thu: Sunday -> Thu
        ((0, 1, 2, 3, 4, 5, 6), date(2026, 1, 1), date(2025, 12, 31)),  # every day
    ],
)
def test_previous_working_day_with_custom_week(
    days: tuple[int, ...], day: date, expected: date
) -> None:
    """Teams that work other weekdays get their own previous working day."""
    assert previous_working_day(day, days) == expected


def test_previous_working_day_refuses_an_empty_week() -> None:
    """No working days at all is an error, not an endless loop."""
    with pytest.raises(ValueError):
        previous_working_day(THU, ())


@pytest.fixture
def alarm() -> Iterator[None]:
    """Fail a test that runs for more than a second instead of hanging the suite."""
    if threading.current_thread() is not threading.main_thread():
        pytest.skip("signal alarms need the main thread")

    def ring(signum: int, frame: object) -> None:
        raise TimeoutError("still running after 1 s")

    previous = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, 1.0)
    yield
    signal.setitimer(signal.ITIMER_REAL, 0)
    signal.signal(signal.SIGALRM, previous)


@pytest.mark.usefixtures("alarm")
def test_previous_working_day_refuses_days_that_never_come() -> None:
    """Weekday numbers outside 0..6 never match: a prompt ValueError, like an empty week."""
    with pytest.raises(ValueError):
        previous_working_day(THU, {7})


@settings(max_examples=200)
@given(
    st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 1, 1)),
    st.sets(st.integers(0, 6), min_size=1),
)
def test_previous_working_day_property(day: date, days: set[int]) -> None:
    """The result is a working day before `day` with no working day in between."""
    before = previous_working_day(day, days)
    assert before < day
    assert day - before <= timedelta(days=7)
    assert is_working_day(before, days)
    assert working_days_between(before + timedelta(days=1), day - timedelta(days=1), days) == []


def test_working_days_between_is_inclusive() -> None:
    """Both ends count when they are working days; weekends never do."""
    assert working_days_between(date(2026, 11, 20), MON, WEEK) == [date(2026, 11, 20), MON]
    assert len(working_days_between(date(2026, 11, 1), date(2026, 11, 30), WEEK)) == 21
    assert working_days_between(date(2026, 11, 21), date(2026, 11, 22), WEEK) == []
    assert working_days_between(THU, MON, WEEK) == []


# -- checklist -------------------------------------------------------------------------


def log(*days: date, routines: tuple[str, ...] = ROUTINES) -> list[tuple[date, str]]:
    """Return a done log with every routine done on each day."""
    return [(d, r) for d in days for r in routines]


def weekdays_back(start: date, count: int) -> list[date]:
    """Return `count` working days ending at `start` (inclusive), newest first."""
    days = [start]
    while len(days) < count:
        days.append(previous_working_day(days[-1], WEEK))
    return days


def test_streak_counts_consecutive_days_with_everything_done() -> None:
    """Three full days before an unfinished Thursday make a streak of three."""
    state = checklist_state(log(MON, MON + timedelta(1), MON + timedelta(2)), ROUTINES, THU, WEEK)
    assert state.streak == 3
    assert state.done == {"metrics": False, "hot": False}
    assert not state.all_done


def test_today_done_extends_the_streak() -> None:
    """Finishing today's routines adds today to the streak."""
    state = checklist_state(log(*weekdays_back(THU, 4)), ROUTINES, THU, WEEK)
    assert state.streak == 4
    assert state.all_done


def test_today_partly_done_does_not_break_the_streak() -> None:
    """An unfinished morning keeps yesterday's streak and shows what is done."""
    done = [*log(*weekdays_back(date(2026, 11, 25), 2)), (THU, "metrics")]
    state = checklist_state(done, ROUTINES, THU, WEEK)
    assert state.streak == 2
    assert state.done == {"metrics": True, "hot": False}


def test_a_gap_breaks_the_streak() -> None:
    """A working day with a routine missing ends the streak."""
    done = [*log(date(2026, 11, 25), MON), (date(2026, 11, 24), "metrics")]
    assert checklist_state(done, ROUTINES, THU, WEEK).streak == 1
    assert checklist_state(log(MON), ROUTINES, THU, WEEK).streak == 0


def test_weekends_do_not_break_the_streak() -> None:
    """Friday then Monday is two days in a row; the weekend is skipped."""
    state = checklist_state(log(date(2026, 11, 20), MON), ROUTINES, MON + timedelta(1), WEEK)
    assert state.streak == 2


def test_streak_on_a_weekend_counts_the_week_behind() -> None:
    """On a Saturday the streak is that of the week that just ended."""
    state = checklist_state(
        log(*weekdays_back(date(2026, 11, 20), 5)), ROUTINES, date(2026, 11, 21), WEEK
    )
    assert state.streak == 5


def test_streak_crosses_a_year_end() -> None:
    """The streak continues from December into January."""
    days = weekdays_back(date(2027, 1, 5), 6)
    assert min(days).year == 2026
    assert checklist_state(log(*days), ROUTINES, date(2027, 1, 5), WEEK).streak == 6


def test_streak_follows_custom_working_days() -> None:
    """With a Monday-only week, consecutive Mondays are in a row."""
    mondays = [MON - timedelta(weeks=n) for n in range(3)]
    state = checklist_state(log(*mondays), ROUTINES, MON + timedelta(weeks=1), (0,))
    assert state.streak == 3


def test_other_routines_in_the_log_are_ignored() -> None:
    """Only the routines asked about count; extra entries change nothing."""
    done = [*log(date(2026, 11, 25), routines=("metrics",)), (date(2026, 11, 24), "calls")]
    state = checklist_state(done, ("metrics",), THU, WEEK)
    assert state.streak == 1
    assert state.done == {"metrics": False}


def test_no_routines_means_no_streak() -> None:
    """With nothing to do there is no streak to keep."""
    state = checklist_state(log(date(2026, 11, 25)), (), THU, WEEK)
    assert state.streak == 0
    assert state.done == {}


# -- totals ----------------------------------------------------------------------------


def test_column_totals_leave_unentered_columns_empty() -> None:
    """A metric nobody entered is None; a metric entered as 0 totals 0."""
    rows = [{"a": 1, "b": None, "c": 0}, {"a": 2, "c": 0}]
    assert column_totals(rows, ["a", "b", "c"]) == {"a": 3, "b": None, "c": 0}
    assert column_totals([], ["a"]) == {"a": None}


@given(
    st.lists(
        st.fixed_dictionaries(
            {},
            optional={
                "x": st.none() | st.integers(0, 10**5),
                "y": st.none() | st.integers(0, 10**5),
            },
        ),
        max_size=1000,
    )
)
def test_column_totals_equal_the_sum_of_entered_values(rows: list[dict[str, int | None]]) -> None:
    """Each total is the sum of the non-None values, or None when there are none."""
    totals = column_totals(rows, ["x", "y"])
    for code in ("x", "y"):
        values = [r[code] for r in rows if r.get(code) is not None]
        assert totals[code] == (sum(values) if values else None)  # type: ignore[arg-type]


# -- daily table -----------------------------------------------------------------------

CODES = ["calls", "meetings"]
NAMES = {1: "Zoe", 2: "Adam", 3: "Mila"}
EMPLOYEES = [Employee(name, id=i) for i, name in NAMES.items()]


def docs_of(*rows: tuple[str, int, dict[str, int]]) -> list[tuple[int, dict[str, Any]]]:
    """Return stored metrics documents by id from (ISO date, employee id, counts) rows."""
    return [(n, {DATE: d, EMPLOYEE_ID: e, "counts": c}) for n, (d, e, c) in enumerate(rows, 1)]


def records_of(*rows: tuple[str, int, dict[str, int]]) -> list[DailyMetrics]:
    """Return DailyMetrics records from (ISO date, employee id, counts) rows."""
    return [DailyMetrics(e, date.fromisoformat(d), c, n) for n, (d, e, c) in enumerate(rows, 1)]


def expected_table(
    rows: list[tuple[str | None, str | None, int | None, int | None]],
) -> list[dict[str, Any]]:
    """Build the expected daily table: dates (None for TOTAL), names and counts (None: none)."""
    return [
        {
            DATE: None if d is None else date.fromisoformat(d),
            EMPLOYEE: name,
            "calls": calls,
            "meetings": meetings,
        }
        for d, name, calls, meetings in rows
    ]


def assert_plain(table: list[dict[str, Any]]) -> None:
    """Every row has the daily table's columns in order; dates and counts are plain values."""
    for row in table:
        assert list(row) == [DATE, EMPLOYEE, *CODES]
        assert row[DATE] is None or type(row[DATE]) is date
        assert all(row[c] is None or type(row[c]) is int for c in CODES)


FRAME_ROWS = (
    ("2026-11-23", 1, {"calls": 10, "meetings": 1}),
    ("2026-11-23", 2, {"calls": 20}),
    ("2026-11-24", 1, {"calls": 5, "meetings": 0}),
    ("2026-11-24", 3, {"calls": 0, "meetings": 2}),
    ("2026-11-25", 2, {"calls": 7, "meetings": 3}),
    ("2026-12-01", 1, {"calls": 99, "meetings": 9}),
)


def test_metrics_frame_is_typed() -> None:
    """One row per employee-day, datetime dates, int ids and nullable Int64 counts."""
    frame = metrics_frame(docs_of(*FRAME_ROWS), CODES)
    assert list(frame.columns) == [DATE, EMPLOYEE_ID, *CODES]
    assert pd.api.types.is_datetime64_any_dtype(frame[DATE])
    assert str(frame[EMPLOYEE_ID].dtype) == "int64"
    assert [str(frame[c].dtype) for c in CODES] == ["Int64", "Int64"]
    assert frame["meetings"].isna().sum() == 1


def test_daily_table_rows_and_total() -> None:
    """Rows in range sorted by date and name, then a TOTAL of what was entered."""
    table = daily_table(
        records_of(*FRAME_ROWS), NAMES, CODES, start=date(2026, 11, 23), end=date(2026, 11, 24)
    )
    expected = expected_table(
        [
            ("2026-11-23", "Adam", 20, None),
            ("2026-11-23", "Zoe", 10, 1),
            ("2026-11-24", "Mila", 0, 2),
            ("2026-11-24", "Zoe", 5, 0),
            (None, TOTAL, 35, 3),
        ]
    )
    assert table == expected
    assert_plain(table)
    assert table[-1][DATE] is None


def test_daily_table_one_employee() -> None:
    """employee_id keeps only that employee's rows; the total is theirs."""
    table = daily_table(
        records_of(*FRAME_ROWS),
        NAMES,
        CODES,
        start=date(2026, 11, 1),
        end=date(2026, 11, 30),
        employee_id=2,
    )
    expected = expected_table(
        [("2026-11-23", "Adam", 20, None), ("2026-11-25", "Adam", 7, 3), (None, TOTAL, 27, 3)]
    )
    assert table == expected


def test_daily_table_metric_nobody_entered_stays_missing() -> None:
    """A metric without any value in range totals to missing, not 0."""
    table = daily_table(
        records_of(*FRAME_ROWS), NAMES, CODES, start=date(2026, 11, 23), end=date(2026, 11, 23)
    )
    total = table[-1]
    assert total[EMPLOYEE] == TOTAL
    assert total["calls"] == 30
    assert total["meetings"] == 1  # Zoe's 1; Adam did not enter meetings
    only_adam = daily_table(
        records_of(*FRAME_ROWS),
        NAMES,
        CODES,
        start=date(2026, 11, 23),
        end=date(2026, 11, 23),
        employee_id=2,
    )
    assert only_adam[-1]["meetings"] is None


def test_daily_table_lists_numbers_of_an_unknown_employee_last_and_counts_them() -> None:
    """Numbers of an employee who is gone: no name (None), after the day's names, in the total."""
    rows = (*FRAME_ROWS, ("2026-11-23", 9, {"calls": 1}), ("2026-11-23", 8, {"meetings": 4}))
    table = daily_table(
        records_of(*rows), NAMES, CODES, start=date(2026, 11, 23), end=date(2026, 11, 23)
    )
    assert table == expected_table(
        [
            ("2026-11-23", "Adam", 20, None),
            ("2026-11-23", "Zoe", 10, 1),
            ("2026-11-23", None, None, 4),
            ("2026-11-23", None, 1, None),
            (None, TOTAL, 31, 5),
        ]
    )


@pytest.mark.parametrize("rows", [(), FRAME_ROWS])
def test_daily_table_empty_range_is_only_the_total(rows: tuple[Any, ...]) -> None:
    """No rows in range (or no data at all) gives one TOTAL row of missing values."""
    table = daily_table(
        records_of(*rows), NAMES, CODES, start=date(2026, 11, 28), end=date(2026, 11, 29)
    )
    assert list(table[0]) == [DATE, EMPLOYEE, *CODES]
    assert len(table) == 1
    assert table[0][EMPLOYEE] == TOTAL
    assert all(table[0][c] is None for c in CODES)


@settings(max_examples=30, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.dates(min_value=date(2026, 11, 1), max_value=date(2026, 11, 30)),
            st.integers(1, 3),
            st.dictionaries(st.sampled_from(CODES), st.integers(0, 10**5)),
        ),
        max_size=40,
        unique_by=lambda r: (r[0], r[1]),
    ),
    st.dates(min_value=date(2026, 11, 1), max_value=date(2026, 11, 30)),
    st.integers(0, 29),
)
def test_daily_table_total_is_the_sum_of_its_rows(
    rows: list[tuple[date, int, dict[str, int]]], start: date, span: int
) -> None:
    """For any data and window the TOTAL row equals the column sums of the rows above it."""
    records = records_of(*((d.isoformat(), e, c) for d, e, c in rows))
    end = start + timedelta(days=span)
    table = daily_table(records, NAMES, CODES, start=start, end=end)
    assert_plain(table)
    body, total = table[:-1], table[-1]
    assert len(body) == sum(1 for d, _, _ in rows if start <= d <= end)
    assert body == sorted(body, key=lambda r: (r[DATE], r[EMPLOYEE]))
    for code in CODES:
        entered = [r[code] for r in body if r[code] is not None]
        assert total[code] is None if not entered else total[code] == sum(entered)


# -- render ----------------------------------------------------------------------------

COLUMNS = [
    Column("date", "Date", "date"),
    Column("employee", "Employee"),
    Column("calls", "Calls", "int"),
]
ROWS: list[dict[str, Any]] = [
    {"date": date(2026, 11, 25), "employee": "Ann", "calls": 5},
    {"date": datetime(2026, 11, 25), "employee": "Bob Long-Name", "calls": None},
    {"date": datetime(2026, 11, 24, 9, 30), "employee": "Cy", "calls": float("nan")},
    {"date": None, "employee": "TOTAL", "calls": 12345},
]


def test_render_text_aligns_columns() -> None:
    """Text: labels, a rule, text left-aligned, numbers right-aligned, "—" for no number."""
    assert render(COLUMNS, ROWS, "text") == (
        "Date        Employee        Calls\n"
        "----------  -------------  ------\n"
        "2026-11-25  Ann                 5\n"
        "2026-11-25  Bob Long-Name       —\n"
        "2026-11-24  Cy                  —\n"
        "            TOTAL          12,345\n"
    )


def test_render_text_in_russian() -> None:
    """Russian text uses DD.MM.YYYY and no-break-space thousands, still aligned."""
    set_language("ru")
    lines = render(COLUMNS, ROWS, "text").splitlines()
    assert lines[2] == "25.11.2026  Ann                 5"
    assert lines[-1] == "            TOTAL          12\u00a0345"


def test_render_markdown() -> None:
    """md: a header of labels, an alignment row (numbers right), one line per row."""
    assert render(COLUMNS, ROWS, "md") == (
        "| Date | Employee | Calls |\n"
        "|---|---|---:|\n"
        "| 2026-11-25 | Ann | 5 |\n"
        "| 2026-11-25 | Bob Long-Name | — |\n"
        "| 2026-11-24 | Cy | — |\n"
        "|  | TOTAL | 12,345 |\n"
    )


def test_render_markdown_escapes_pipes() -> None:
    """A name with a pipe stays in its own cell instead of adding a column."""
    out = render(COLUMNS, [{"date": None, "employee": "A | B", "calls": 1}], "md")
    assert out.splitlines()[2] == "|  | A \\| B | 1 |"


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_render_csv_uses_code_names_and_iso_dates(lang: str) -> None:
    """csv: header of code names, ISO dates, plain ints, empty for missing, any language."""
    set_language(lang)
    out = render(COLUMNS, ROWS, "csv")
    assert list(csv.reader(io.StringIO(out))) == [
        ["date", "employee", "calls"],
        ["2026-11-25", "Ann", "5"],
        ["2026-11-25", "Bob Long-Name", ""],
        ["2026-11-24", "Cy", ""],
        ["", "TOTAL", "12345"],
    ]


def test_render_csv_quotes_commas() -> None:
    """A name with a comma or a quote survives a CSV round trip."""
    rows = [{"date": None, "employee": 'Smith, "Jr"', "calls": 1}]
    parsed = list(csv.reader(io.StringIO(render(COLUMNS, rows, "csv"))))
    assert parsed[1] == ["", 'Smith, "Jr"', "1"]


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_render_json_types(lang: str) -> None:
    """json: numbers as ints, missing as null, ISO date strings, keys in column order."""
    set_language(lang)
    data = json.loads(render(COLUMNS, ROWS, "json"))
    assert data == [
        {"date": "2026-11-25", "employee": "Ann", "calls": 5},
        {"date": "2026-11-25", "employee": "Bob Long-Name", "calls": None},
        {"date": "2026-11-24", "employee": "Cy", "calls": None},
        {"date": None, "employee": "TOTAL", "calls": 12345},
    ]
    assert all(list(row) == ["date", "employee", "calls"] for row in data)
    assert type(data[0]["calls"]) is int


def test_render_empty_and_unknown_format() -> None:
    """No rows still gives headers; an unknown format is a ValueError."""
    assert render(COLUMNS, [], "json") == "[]\n"
    assert render(COLUMNS, [], "csv") == "date,employee,calls\n"
    assert render(COLUMNS, [], "text").splitlines()[0] == "Date  Employee  Calls"
    assert set(FORMATS) == {"text", "md", "csv", "json"}
    with pytest.raises(ValueError):
        render(COLUMNS, ROWS, "xml")


def test_as_date() -> None:
    """Dates and datetimes become dates; missing values None."""
    assert as_date(datetime(2026, 11, 25, 10, 0)) == date(2026, 11, 25)
    assert as_date(date(2026, 11, 25)) == date(2026, 11, 25)
    assert as_date(float("nan")) is None
    assert as_date(None) is None


# -- the metrics report ----------------------------------------------------------------

SETTINGS = Settings(
    funnel=(MetricDef("calls", "Calls", "Звонки"), MetricDef("meetings", "Meetings", "Встречи"))
)


def report(fmt: str, **kwargs: Any) -> str:
    """Render the metrics report of FRAME_ROWS for 23-24 November."""
    return metrics_report(
        records_of(*FRAME_ROWS),
        EMPLOYEES,
        SETTINGS,
        start=date(2026, 11, 23),
        end=date(2026, 11, 24),
        employee_id=kwargs.get("employee_id"),
        fmt=fmt,
        as_of=date(2026, 11, 26),
    )


def test_metrics_report_total_label_follows_format() -> None:
    """People read ИТОГО in Russian text and md; csv and json keep the literal TOTAL."""
    set_language("ru")
    assert [line.split() for line in report("text").splitlines() if "ИТОГО" in line] == [
        ["ИТОГО", "35", "3"]
    ]
    assert "|  | ИТОГО | 35 | 3 |" in report("md").splitlines()
    assert report("csv").splitlines()[-1] == ",TOTAL,35,3"
    assert json.loads(report("json"))[-1] == {
        "date": None,
        "employee": "TOTAL",
        "calls": 35,
        "meetings": 3,
    }
    assert report("text").splitlines()[2].split()[:2] == ["Дата", "Сотрудник"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_metrics_report_rows_match_across_formats(fmt: str) -> None:
    """JSON and CSV list the four entered rows; text and md also the two who sent nothing."""
    if fmt == "json":
        assert len(json.loads(report(fmt))) == 5
    elif fmt == "csv":
        assert len(report(fmt).splitlines()) == 1 + 5
    else:
        # Title, blank, header, rule, 3 employees x 2 days, total; then the names at the end.
        lines = report(fmt).splitlines()
        table = lines[: lines.index("", 2)] if "" in lines[2:] else lines
        assert len(table) == 4 + 6 + 1
