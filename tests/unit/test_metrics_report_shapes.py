"""`report metrics` through the real command line: every shape and format agree and read well."""

from __future__ import annotations

import csv
import dataclasses
import fcntl
import io
import json
import os
import re
import shutil
from collections import defaultdict
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from salestui.models import Employee
from salestui.reports.render import Column, render
from salestui.store import Repository
from tests.conftest import TODAY
from tests.unit.test_cli import CODES, PINNED, run

LAST = date(2026, 11, 25)  # Wednesday: the last working day before TODAY, a Thursday
WEEK_START = date(2026, 11, 19)
WEEK = ("--from", WEEK_START.isoformat())  # --from alone runs to today
SHAPES = ("date-employee", "employee", "date")
FORMATS = ("text", "md", "csv", "json")
SHORT = ["Calls", "Talks", "Mtgs", "Apps", "Invs", "Pmts"]
LABELS = ["Cold calls", "Conversations", "Meetings", "Applications", "Invoices", "Payments"]
LEGEND = ", ".join(f"{s} — {label}" for s, label in zip(SHORT, LABELS, strict=True))
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
CHAT_WIDTH = 60
DASH = "—"
BOM = "\ufeff"
NOTHING, PART = "Sent nothing", "Sent part of the numbers"

Row = dict[str, Any]


# -- running the command ---------------------------------------------------------------


def report(home: Path, db: Path, *args: str) -> str:
    """Run `report metrics` on db with TODAY pinned; assert it succeeded quietly."""
    result = run(home, "report", "metrics", "--db", db, *PINNED, *args)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return result.stdout


def many(home: Path, db: Path, jobs: dict[str, Sequence[str]]) -> dict[str, str]:
    """Run several reports two at a time and return their outputs by job name."""
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = {name: pool.submit(report, home, db, *args) for name, args in jobs.items()}
    return {name: future.result() for name, future in futures.items()}


def copy_demo(template: Path, home: Path) -> Path:
    """Copy the demo database into home and return the copy."""
    db = home / "demo"
    shutil.copytree(template, db)
    return db


@pytest.fixture(scope="module")
def week(
    demo_template: dict[str, Path], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, str]:
    """Thursday 19 November to today in every shape and format, plus CSV for Excel (en, ru)."""
    # Cached in a folder all xdist workers share: the runs are paid once per session.
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent  # this session's folder, shared by its workers
    cache = root / "metrics-report-week.json"
    with (root / "metrics-report-week.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not cache.exists():
            home = tmp_path_factory.mktemp("week")
            db = copy_demo(demo_template["en"], home)
            jobs: dict[str, Sequence[str]] = {
                f"{by} {fmt}": (*WEEK, "--by", by, "--format", fmt)
                for by in SHAPES
                for fmt in FORMATS
            }
            jobs["excel en"] = (*WEEK, "--format", "csv", "--excel")
            jobs["excel ru"] = (*WEEK, "--by", "employee", "--format", "csv", "--excel")
            jobs["excel ru"] = (*jobs["excel ru"], "--lang", "ru")
            cache.write_text(json.dumps(many(home, db, jobs)))
    outputs: dict[str, str] = json.loads(cache.read_text())
    return outputs


@pytest.fixture(scope="module")
def staff(
    demo_template: dict[str, Path], tmp_path_factory: pytest.TempPathFactory
) -> list[Employee]:
    """Everyone in the demo database, past and present, with their hire and leave dates."""
    repo = Repository.open(copy_demo(demo_template["en"], tmp_path_factory.mktemp("staff")))
    try:
        return repo.employees()
    finally:
        repo.close()


# -- reading the outputs ---------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    """A text or Markdown report: title, table lines, header and body cells, notes."""

    title: str
    lines: list[str]
    header: list[str]
    body: list[list[str]]
    notes: dict[str, str]

    def note(self, prefix: str) -> tuple[int, str] | None:
        """Return the count and the list of a note like "Sent nothing (2): …", if present."""
        for key, text in self.notes.items():
            match = re.fullmatch(re.escape(prefix) + r" \((\d+)\)", key)
            if match:
                return int(match[1]), text
        return None


def paragraphs(output: str) -> list[list[str]]:
    """Split an output into its blank-line separated paragraphs of lines."""
    assert output.endswith("\n") and not output.endswith("\n\n"), repr(output[-20:])
    return [p.splitlines() for p in output[:-1].split("\n\n")]


def page(output: str, fmt: str) -> Page:
    """Parse a text or md report: a title line, a blank line, the table, then the notes."""
    title, table, *rest = paragraphs(output)
    assert len(title) == 1, title
    notes = dict(" ".join(p).split(": ", 1) for p in rest)
    header, body = text_cells(table) if fmt == "text" else md_cells(table)
    assert all(len(cells) == len(header) for cells in body)
    return Page(title[0], table, header, body, notes)


def text_cells(table: list[str]) -> tuple[list[str], list[list[str]]]:
    """Cut aligned text rows into cells along the dashes of the rule under the header."""
    header, rule, *body = table
    assert rule and set(rule) <= {"-", " "}, rule
    spans = [m.span() for m in re.finditer("-+", rule)]

    def cells(line: str) -> list[str]:
        outside = [line[end:start] for (_, end), (start, _) in zip(spans, spans[1:], strict=False)]
        assert "".join(outside).strip() == "", f"a cell spills out of its column: {line!r}"
        assert len(line) <= spans[-1][1], line
        return [line[a:b].strip() for a, b in spans]

    return cells(header), [cells(line) for line in body]


def md_cells(table: list[str]) -> tuple[list[str], list[list[str]]]:
    """Split Markdown table rows into cells, checking the alignment row."""
    header, align, *body = table
    assert re.fullmatch(r"\|(-{3}:?\|)+", align), align

    def cells(line: str) -> list[str]:
        assert line.startswith("| ") and line.endswith(" |"), line
        return line[2:-2].split(" | ")

    return cells(header), [cells(line) for line in body]


def csv_rows(text: str, delimiter: str = ",") -> list[list[str]]:
    """Parse CSV text into rows of cells."""
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


def as_csv(rows: list[Row]) -> list[list[str]]:
    """Return JSON rows as the CSV cells they should be: keys, then values ("" for null)."""
    return [list(rows[0]), *(["" if v is None else str(v) for v in row.values()] for row in rows)]


def shown(value: int | None) -> str:
    """Return how text and md show a count: thousands separators, "—" for nothing."""
    return DASH if value is None else f"{value:,}"


def counts(row: Row) -> list[int | None]:
    """Return a row's metric values in funnel order."""
    return [row[c] for c in CODES]


def sums(rows: Iterable[Row]) -> list[int | None]:
    """Sum each metric over rows; None where nobody entered it."""
    rows = list(rows)
    result: list[int | None] = []
    for code in CODES:
        values = [r[code] for r in rows if r[code] is not None]
        result.append(sum(values) if values else None)
    return result


def due_days(start: date, end: date) -> list[date]:
    """Return the Monday-to-Friday days from start to end that are over by TODAY."""
    last = min(end, TODAY - timedelta(days=1))
    days = (start + timedelta(days=n) for n in range((last - start).days + 1))
    return [d for d in days if d.weekday() < 5]


def short_day(day: date) -> str:
    """Return a day as the notes list it in English ("Nov 25")."""
    return f"{MONTHS[day.month - 1]} {day.day}"


def gaps(rows: list[Row], staff: list[Employee], start: date, end: date) -> dict[str, str]:
    """Compute the notes' lists from the entered rows: who sent nothing, who sent part."""
    entered = {(r["date"], r["employee"]): r for r in rows if r["employee"] != "TOTAL"}
    missing: dict[str, list[date]] = defaultdict(list)
    partial: dict[str, list[date]] = defaultdict(list)
    for day in due_days(start, end):
        for person in (e for e in staff if e.employed_on(day)):
            row = entered.get((day.isoformat(), person.name))
            if row is None:
                missing[person.name].append(day)
            elif None in counts(row):
                partial[person.name].append(day)
    notes = {}
    for label, found in ((NOTHING, missing), (PART, partial)):
        if not found:
            continue
        order = sorted(found, key=lambda n: (-len(found[n]), n.casefold()))
        if start == end:
            items = ", ".join(order)
        else:
            items = "; ".join(
                f"{n} ({len(found[n])} day{'s' if len(found[n]) > 1 else ''}: "
                + ", ".join(short_day(d) for d in found[n])
                + ")"
                for n in order
            )
        notes[f"{label} ({len(found)})"] = items
    return notes


def roster(
    rows: list[Row], staff: list[Employee], start: date, end: date, *, text: bool = True
) -> list[list[str]]:
    """Compute the date-employee body for people: everyone due, and anyone with numbers.

    Text lists a period within one year by short dates ("Nov 19"); its title has the year.
    """
    entered = {(r["date"], r["employee"]): r for r in rows if r["employee"] != "TOTAL"}
    days = sorted({*(d.isoformat() for d in due_days(start, end)), *(d for d, _ in entered)})
    due = {d.isoformat() for d in due_days(start, end)}
    body = []
    for day in days:
        for person in sorted(staff, key=lambda e: e.name.casefold()):
            row = entered.get((day, person.name))
            if row is not None or (day in due and person.employed_on(date.fromisoformat(day))):
                values = counts(row) if row else [None] * len(CODES)
                label = short_day(date.fromisoformat(day)) if text else day
                body.append([label, person.name, *map(shown, values)])
    return body


def by_date(rows: list[Row]) -> dict[str, list[Row]]:
    """Group the entered rows (no TOTAL) by ISO date."""
    groups: dict[str, list[Row]] = defaultdict(list)
    for row in rows[:-1]:
        groups[row["date"]].append(row)
    return groups


def by_name(rows: list[Row]) -> dict[str, list[Row]]:
    """Group the entered rows (no TOTAL) by employee name."""
    groups: dict[str, list[Row]] = defaultdict(list)
    for row in rows[:-1]:
        groups[row["employee"]].append(row)
    return groups


def day_rows(week: dict[str, str], day: date) -> list[Row]:
    """Return one day's entered rows from the week's JSON, then a TOTAL row of their sums."""
    rows = by_date(week_json(week))[day.isoformat()]
    total = {"date": None, "employee": "TOTAL", **dict(zip(CODES, sums(rows), strict=True))}
    return [*rows, total]


def week_json(week: dict[str, str], by: str = "date-employee") -> list[Row]:
    """Return the week's JSON rows of a shape."""
    rows: list[Row] = json.loads(week[f"{by} json"])
    return rows


def wide_lines(output: str) -> list[str]:
    """Return the lines longer than a phone chat shows."""
    return [line for line in output.splitlines() if len(line) > CHAT_WIDTH]


# -- the default shape: its contract, and the people view ------------------------------


def test_default_json_and_csv_keep_their_contract(week: dict[str, str]) -> None:
    """date, employee and the codes only; entered rows; numbers as ints; TOTAL last; csv = json."""
    rows = week_json(week)
    *body, total = rows
    assert len(body) >= 30
    assert all(list(row) == ["date", "employee", *CODES] for row in rows)
    for row in body:
        assert WEEK_START.isoformat() <= row["date"] <= TODAY.isoformat()
        assert date.fromisoformat(row["date"]).weekday() < 5
        assert any(v is not None for v in counts(row)), "only rows with numbers are listed"
        assert all(v is None or type(v) is int for v in counts(row))
    assert body == sorted(body, key=lambda r: (r["date"], r["employee"]))
    assert (total["date"], total["employee"]) == (None, "TOTAL")
    assert counts(total) == sums(body)
    assert csv_rows(week["date-employee csv"]) == as_csv(rows)


@pytest.mark.parametrize("fmt", ["text", "md"])
def test_default_people_view_lists_everyone_due(
    week: dict[str, str], staff: list[Employee], fmt: str
) -> None:
    """Title, blank line, everyone due each day ("—" if nothing), the JSON's TOTAL, the notes."""
    rows = week_json(week)
    output = week[f"date-employee {fmt}"]
    shown_page = page(output, fmt)
    assert shown_page.title == "Daily metrics · 2026-11-19 – 2026-11-26"
    labels = SHORT if fmt == "text" else LABELS
    assert shown_page.header == ["Date", "Employee", *labels]
    *people, total = shown_page.body
    assert people == roster(rows, staff, WEEK_START, TODAY, text=fmt == "text")
    assert total == ["", "TOTAL", *map(shown, counts(rows[-1]))]
    assert not {TODAY.isoformat(), short_day(TODAY)} & {cells[0] for cells in people}
    former = [e.name for e in staff if e.left is not None and e.left < WEEK_START]
    assert former and not any(name in output for name in former)
    if fmt == "text":
        assert wide_lines(output) == []
        assert shown_page.notes.pop("Columns") == LEGEND
    else:
        assert "Columns" not in shown_page.notes
    assert shown_page.notes == gaps(rows, staff, WEEK_START, TODAY)


def test_notes_count_the_gaps_the_other_shapes_count(week: dict[str, str]) -> None:
    """Days named under "Sent nothing" are the days due minus the days sent, per person and day."""
    per_person = {
        r["employee"]: r["days_expected"] - r["days_reported"] for r in week_json(week, "employee")
    }
    per_day = [r["employees_expected"] - r["employees_reported"] for r in week_json(week, "date")]
    for fmt in ("text", "md"):
        nothing = page(week[f"date-employee {fmt}"], fmt).note(NOTHING)
        assert nothing is not None
        items = [
            re.fullmatch(r"(.+) \((\d+) days?: (.+)\)", item) for item in nothing[1].split("; ")
        ]
        named = {m[1]: int(m[2]) for m in items if m}
        assert len(named) == len(items) == nothing[0] >= 2
        assert all(len(m[3].split(", ")) == int(m[2]) for m in items if m)
        assert named == {n: gap for n, gap in per_person.items() if gap and n != "TOTAL"}
        assert sum(named.values()) == per_person["TOTAL"] == per_day[-1]


def test_one_day_report_by_default(
    week: dict[str, str], staff: list[Employee], demo_path: Path, tmp_path: Path
) -> None:
    """No dates: the last working day, no date column, everyone due, the gaps by name only."""
    output = report(tmp_path, demo_path)
    rows = day_rows(week, LAST)
    shown_page = page(output, "text")
    assert shown_page.title == "Daily metrics · Wed 2026-11-25"
    assert shown_page.header == ["Employee", *SHORT]
    *people, total = shown_page.body
    assert people == [cells[1:] for cells in roster(rows, staff, LAST, LAST)]
    assert total == ["TOTAL", *map(shown, counts(rows[-1]))]
    assert LAST.isoformat() not in "\n".join(shown_page.lines)
    assert wide_lines(output) == []
    assert shown_page.notes.pop("Columns") == LEGEND
    assert shown_page.notes == gaps(rows, staff, LAST, LAST)
    nothing = shown_page.note(NOTHING)
    assert nothing is not None and nothing[0] == 2  # the demo's two silent employees
    assert not any(e.name in output for e in staff if e.left is not None and e.left < LAST)


def test_to_alone_is_that_one_day(week: dict[str, str], demo_path: Path, tmp_path: Path) -> None:
    """`--to X` alone reports that day: its weekday in the title, no date column in md."""
    tuesday = page(report(tmp_path, demo_path, "--to", "2026-11-24", "--format", "md"), "md")
    assert tuesday.title == "Daily metrics · Tue 2026-11-24"
    assert tuesday.header == ["Employee", *LABELS]
    entered = {r["employee"]: counts(r) for r in by_date(week_json(week))["2026-11-24"]}
    listed = {cells[0]: cells[1:] for cells in tuesday.body[:-1]}
    assert {n: listed[n] for n in entered} == {n: list(map(shown, v)) for n, v in entered.items()}


# -- the other shapes agree with the default one ---------------------------------------


def test_by_employee_sums_the_default_rows(week: dict[str, str], staff: list[Employee]) -> None:
    """One row per person employed or with numbers: days sent, days due, sums; TOTAL = default."""
    default = week_json(week)
    rows = week_json(week, "employee")
    *body, total = rows
    keys = ["employee", "days_reported", "days_expected", *CODES]
    assert all(list(row) == keys for row in rows)
    days = due_days(WEEK_START, TODAY)
    own = by_name(default)
    expected_names = {e.name for e in staff if any(map(e.employed_on, days))} | set(own)
    assert [r["employee"] for r in body] == sorted(expected_names, key=str.casefold)
    people = {e.name: e for e in staff}
    for row in body:
        assert row["days_reported"] == len(own[row["employee"]])
        assert row["days_expected"] == sum(map(people[row["employee"]].employed_on, days))
        assert counts(row) == sums(own[row["employee"]])
    assert total["employee"] == "TOTAL"
    assert total["days_reported"] == len(default) - 1 == sum(r["days_reported"] for r in body)
    assert total["days_expected"] == sum(r["days_expected"] for r in body)
    assert counts(total) == counts(default[-1])
    assert any(r["days_reported"] < r["days_expected"] for r in body), "the demo has gaps"
    assert csv_rows(week["employee csv"]) == as_csv(rows)
    expected = [
        [r["employee"], f"{r['days_reported']}/{r['days_expected']}", *map(shown, counts(r))]
        for r in rows
    ]
    for fmt, labels in (("text", SHORT), ("md", LABELS)):
        shown_page = page(week[f"employee {fmt}"], fmt)
        assert shown_page.title == "Daily metrics · 2026-11-19 – 2026-11-26"
        assert shown_page.header == ["Employee", "Days", *labels]
        assert shown_page.body == expected
    assert wide_lines(week["employee text"]) == []


def test_by_date_sums_the_default_rows(week: dict[str, str], staff: list[Employee]) -> None:
    """One team-total row per due day: who sent of who was due, sums; then the period's TOTAL."""
    default = week_json(week)
    rows = week_json(week, "date")
    *body, total = rows
    keys = ["date", "employee", "employees_reported", "employees_expected", *CODES]
    assert all(list(row) == keys for row in rows)
    assert all(row["employee"] == "TOTAL" for row in rows)
    days = by_date(default)
    due = [d.isoformat() for d in due_days(WEEK_START, TODAY)]
    assert [r["date"] for r in body] == sorted({*due, *days})
    for row in body:
        day = date.fromisoformat(row["date"])
        assert row["employees_reported"] == len(days[row["date"]])
        assert row["employees_expected"] == sum(e.employed_on(day) for e in staff)
        assert counts(row) == sums(days[row["date"]])
    assert total["date"] is None
    assert total["employees_reported"] == sum(r["employees_reported"] for r in body)
    assert total["employees_expected"] == sum(r["employees_expected"] for r in body)
    assert counts(total) == counts(default[-1])
    assert csv_rows(week["date csv"]) == as_csv(rows)

    def day_label(iso: str | None, fmt: str) -> str:
        if iso is None:
            return "TOTAL"
        day = date.fromisoformat(iso)
        # Text leaves the year to the title; Markdown keeps ISO dates.
        return f"{WEEKDAYS[day.weekday()]} {short_day(day) if fmt == 'text' else iso}"

    expected = {
        fmt: [
            [
                day_label(r["date"], fmt),
                f"{r['employees_reported']}/{r['employees_expected']}",
                *map(shown, counts(r)),
            ]
            for r in rows
        ]
        for fmt in ("text", "md")
    }
    for fmt, labels in (("text", SHORT), ("md", LABELS)):
        shown_page = page(week[f"date {fmt}"], fmt)
        assert shown_page.title == "Daily metrics · 2026-11-19 – 2026-11-26"
        assert shown_page.header == ["Date", "Sent", *labels]
        assert shown_page.body == expected[fmt]
    assert wide_lines(week["date text"]) == []


def test_every_shape_and_format_has_the_same_total(week: dict[str, str]) -> None:
    """The TOTAL metrics of the twelve outputs are the same numbers."""
    totals = set()
    for by in SHAPES:
        totals.add(tuple(counts(week_json(week, by)[-1])))
        header, *_, last = csv_rows(week[f"{by} csv"])
        totals.add(tuple(int(v) if v else None for v in last[len(header) - len(CODES) :]))
        for fmt in ("text", "md"):
            cells = page(week[f"{by} {fmt}"], fmt).body[-1]
            assert "TOTAL" in cells
            totals.add(tuple(None if v == DASH else int(v.replace(",", "")) for v in cells[-6:]))
    assert len(totals) == 1
    assert None not in next(iter(totals))


# -- empty periods, Excel, formulas ----------------------------------------------------


def test_empty_period_is_one_line(demo_path: Path, tmp_path: Path) -> None:
    """Nothing entered: people read one line; JSON is just a TOTAL of nulls."""
    outputs = many(
        tmp_path,
        demo_path,
        {
            "sunday": ("--from", "2026-11-22", "--to", "2026-11-22"),
            "sunday json": ("--to", "2026-11-22", "--format", "json"),
            "before": ("--from", "2025-06-02", "--to", "2025-06-06", "--format", "md"),
        },
    )
    assert outputs["sunday"] == "Daily metrics · Sun 2026-11-22: nothing was entered\n"
    assert json.loads(outputs["sunday json"]) == [
        {"date": None, "employee": "TOTAL", **dict.fromkeys(CODES)}
    ]
    # People were due that week (the demo's history starts later), still one line.
    before = "Daily metrics · 2025-06-02 – 2025-06-06: nothing was entered\n"
    assert outputs["before"] == before


def test_excel_csv_has_a_bom_and_the_language_separator(week: dict[str, str]) -> None:
    """--excel: UTF-8 with a byte-order mark; "," in English, ";" in Russian; same cells."""
    english, russian = week["excel en"], week["excel ru"]
    assert english.startswith(BOM) and russian.startswith(BOM)
    assert english.lstrip(BOM) == week["date-employee csv"]
    russian_text = russian.lstrip(BOM)
    header = ["employee", "days_reported", "days_expected", *CODES]
    assert russian_text.splitlines()[0] == ";".join(header)
    assert csv_rows(russian_text, ";") == csv_rows(week["employee csv"])


@pytest.mark.parametrize("language", ["en", "ru"])
def test_excel_csv_has_exactly_one_bom(week: dict[str, str], language: str) -> None:
    """The byte-order mark is written once, so Excel's first header cell reads "date"."""
    output = week[f"excel {language}"]
    assert output.startswith(BOM)
    assert not output[1:].startswith(BOM)


FORMULA_NAMES = ("=HYPERLINK(1)", "-Bob", "+Plus Minus", "@Sum Up")


def test_formula_names_are_neutralised_in_csv_only(demo_path: Path, tmp_path: Path) -> None:
    """Names a spreadsheet would run get a leading quote in CSV; JSON and numbers stay raw."""
    repo = Repository.open(demo_path)
    try:
        for n, name in enumerate(FORMULA_NAMES):
            person = repo.add_employee(Employee(name, hired=date(2026, 1, 5)))
            repo.set_count(person.id, LAST, "cold_calls", n)
            repo.set_count(person.id, LAST, "payments", 10 + n)
    finally:
        repo.close()
    outputs = many(
        tmp_path,
        demo_path,
        {
            "json": ("--format", "json"),
            "csv": ("--format", "csv"),
            "employee csv": ("--by", "employee", "--format", "csv"),
        },
    )
    rows: list[Row] = json.loads(outputs["json"])
    assert set(FORMULA_NAMES) <= {r["employee"] for r in rows}, "JSON keeps the raw names"
    expected = as_csv(rows)
    for cells in expected[1:]:
        cells[1] = "'" + cells[1] if cells[1] in FORMULA_NAMES else cells[1]
    assert csv_rows(outputs["csv"]) == expected
    per_person = csv_rows(outputs["employee csv"])
    assert {"'" + name for name in FORMULA_NAMES} <= {cells[0] for cells in per_person}
    assert not {cells[0] for cells in per_person} & set(FORMULA_NAMES)
    assert all(v.isdigit() for cells in per_person[1:] for v in cells[1:] if v)
    quoted = {cells[1]: cells for cells in csv_rows(outputs["csv"])[1:]}
    assert {"'" + name for name in FORMULA_NAMES} <= set(quoted)
    assert quoted["'-Bob"][2:] == ["1", "", "", "", "", "11"]  # numbers are not touched


@pytest.mark.parametrize("value", ["=1+2", "+1", "-1", "@A1", "\tx", "\rx"])
def test_render_neutralises_every_formula_start(value: str) -> None:
    """Tab and CR (which no stored name can start with) are neutralised like = + - @."""
    columns = [Column("employee", "Employee"), Column("calls", "Calls", "int")]
    out = render(columns, [{"employee": value, "calls": -5}], "csv")
    assert out.split("\n")[1] == f"'{value},-5"
    assert json.loads(render(columns, [{"employee": value, "calls": 1}], "json"))[0] == {
        "employee": value,
        "calls": 1,
    }


# -- who is due: hires, leavers, today -------------------------------------------------


def test_new_hire_and_former_employee_are_not_listed(
    staff: list[Employee], demo_path: Path, tmp_path: Path
) -> None:
    """Someone hired after the period, or gone before it, is neither listed nor missed."""
    start, end = date(2026, 9, 21), date(2026, 9, 25)
    newcomer = next(e for e in staff if e.hired is not None and e.hired > end)
    former = next(e for e in staff if e.left is not None and e.left < start)
    window = ("--from", start.isoformat(), "--to", end.isoformat())
    outputs = many(
        tmp_path,
        demo_path,
        {
            "text": window,
            "json": (*window, "--format", "json"),
        },
    )
    for output in outputs.values():
        assert newcomer.name not in output
        assert former.name not in output
    shown_page = page(outputs["text"], "text")
    rows: list[Row] = json.loads(outputs["json"])
    assert shown_page.body[:-1] == roster(rows, staff, start, end)
    shown_page.notes.pop("Columns")
    assert shown_page.notes == gaps(rows, staff, start, end)


def test_days_expected_follow_hire_and_leave_dates(
    staff: list[Employee], demo_path: Path, tmp_path: Path
) -> None:
    """Across a leave date and a hire date, days due count the employed days, both inclusive."""
    start, end = date(2026, 6, 29), date(2026, 10, 2)
    window = ("--from", start.isoformat(), "--to", end.isoformat())
    output = report(tmp_path, demo_path, *window, "--by", "employee", "--format", "json")
    rows: list[Row] = json.loads(output)
    days = due_days(start, end)
    expected = {e.name: sum(map(e.employed_on, days)) for e in staff}
    listed = {r["employee"]: r["days_expected"] for r in rows[:-1]}
    assert listed == {n: d for n, d in expected.items() if d}
    former = next(e for e in staff if e.left is not None and start <= e.left <= end)
    newcomer = next(e for e in staff if e.hired is not None and start <= e.hired <= end)
    assert 0 < listed[former.name] < len(days)
    assert 0 < listed[newcomer.name] < len(days)
    assert rows[-1]["days_expected"] == sum(listed.values())


def test_leave_date_keeps_past_numbers_and_the_total(
    week: dict[str, str], demo_path: Path, tmp_path: Path
) -> None:
    """Setting a leave date changes no entered number: JSON and TOTAL stay, the grid shows them."""
    before = week_json(week)
    full_week = [n for n, rows in by_name(before).items() if len(rows) == 5]
    name = sorted(full_week)[0]  # someone who sent numbers every day of the week
    left = date(2026, 11, 20)
    repo = Repository.open(demo_path)
    try:
        person = repo.find_employee(name)
        assert person is not None
        repo.update_employee(dataclasses.replace(person, left=left))
        staff_after = repo.employees()
    finally:
        repo.close()
    outputs = many(
        tmp_path,
        demo_path,
        {
            "json": (*WEEK, "--format", "json"),
            "text": (),
            "employee": (*WEEK, "--by", "employee", "--format", "json"),
        },
    )
    after: list[Row] = json.loads(outputs["json"])
    assert after == before  # their rows from the days they worked, and the same TOTAL
    assert {r["date"] for r in after if r["employee"] == name} >= {"2026-11-19", "2026-11-20"}
    # After leaving, their numbers still show and still count, and nobody misses them.
    last_rows = day_rows(week, LAST)
    shown_page = page(outputs["text"], "text")
    listed = {cells[0]: cells[1:] for cells in shown_page.body}
    mine = next(r for r in last_rows if r["employee"] == name)
    assert listed[name] == list(map(shown, counts(mine)))
    assert listed["TOTAL"] == list(map(shown, counts(last_rows[-1])))
    assert name not in "".join(shown_page.notes.values())
    assert shown_page.notes.pop("Columns") == LEGEND
    assert shown_page.notes == gaps(last_rows, staff_after, LAST, LAST)
    row = next(r for r in json.loads(outputs["employee"]) if r["employee"] == name)
    # Days sent count only days they owed numbers: Thu 19 and Fri 20 (sums count all five).
    assert (row["days_reported"], row["days_expected"]) == (2, 2)


def test_todays_numbers_are_listed_but_not_due(
    week: dict[str, str], staff: list[Employee], demo_path: Path, tmp_path: Path
) -> None:
    """Numbers typed today show; nobody is missed or partial for today, which is not over."""
    silent = gaps(week_json(week), staff, LAST, LAST)
    nothing = next(v for k, v in silent.items() if k.startswith(NOTHING)).split(", ")
    name = nothing[0]
    repo = Repository.open(demo_path)
    try:
        person = repo.find_employee(name)
        assert person is not None
        repo.set_count(person.id, TODAY, "cold_calls", 7)  # a part of today's numbers
    finally:
        repo.close()
    outputs = many(
        tmp_path,
        demo_path,
        {
            "text": ("--from", LAST.isoformat()),
            "date": ("--from", LAST.isoformat(), "--by", "date", "--format", "json"),
        },
    )
    shown_page = page(outputs["text"], "text")
    assert shown_page.title == "Daily metrics · 2026-11-25 – 2026-11-26"
    today_rows = [cells for cells in shown_page.body if cells[0] == short_day(TODAY)]
    assert today_rows == [[short_day(TODAY), name, "7", *[DASH] * (len(CODES) - 1)]]
    notes = " ".join(shown_page.notes.values())
    assert f"{name} (1 day: Nov 25)" in notes
    assert "Nov 26" not in notes
    part = shown_page.note(PART)
    assert part is not None and name not in part[1]
    rows: list[Row] = json.loads(outputs["date"])
    today = next(r for r in rows if r["date"] == TODAY.isoformat())
    # Nobody owes today's numbers yet: 0 of 0 sent, beside what was entered.
    assert (today["employees_reported"], today["employees_expected"]) == (0, 0)
    assert today["cold_calls"] == 7


def test_title_names_the_team_and_the_employee(
    week: dict[str, str], demo_path: Path, tmp_path: Path
) -> None:
    """Title: routine · team · employee · day (on a Monday, Friday); then only their row."""
    repo = Repository.open(demo_path)
    try:
        repo.save_settings(dataclasses.replace(repo.settings(), team_name="North"))
    finally:
        repo.close()
    friday = by_date(week_json(week))["2026-11-20"]
    mine = next(r for r in reversed(friday) if None not in counts(r))  # sent everything
    name = mine["employee"]
    output = report(tmp_path, demo_path, "--today", "2026-11-23", "--employee", name.upper())
    shown_page = page(output, "text")
    assert shown_page.title == f"Daily metrics · North · {name} · Fri 2026-11-20"
    assert shown_page.header == ["Employee", *SHORT]
    assert shown_page.body == [
        [name, *map(shown, counts(mine))],
        ["TOTAL", *map(shown, counts(mine))],
    ]
    assert (shown_page.note(NOTHING), shown_page.note(PART)) == (None, None)


def test_russian_text_uses_short_labels_and_fits_a_chat(
    week: dict[str, str], demo_path: Path, tmp_path: Path
) -> None:
    """--lang ru: Russian title, short labels, legend, ИТОГО, and lines of at most 60."""
    output = report(tmp_path, demo_path, "--lang", "ru")
    shown_page = page(output, "text")
    assert shown_page.title == "Отчёт по метрике дня · Ср 25.11.2026"
    short = ["Звонки", "Разгов.", "Встр.", "Заявки", "Счета", "Оплаты"]
    assert shown_page.header == ["Сотрудник", *short]
    assert wide_lines(output) == []
    legend = "Звонки — Холодные звонки, Разгов. — Предметные разговоры, Встр. — Встречи"
    assert shown_page.notes.pop("Столбцы") == legend
    day = by_date(week_json(week))[LAST.isoformat()]
    total = [DASH if v is None else f"{v:,}".replace(",", "\u00a0") for v in sums(day)]
    assert shown_page.body[-1] == ["ИТОГО", *total]
    assert shown_page.note("Ничего не прислали") is not None
    assert shown_page.note("Прислали не всё") is not None


# -- alignment -----------------------------------------------------------------------


def test_days_and_sent_counts_are_right_aligned(week: dict[str, str]) -> None:
    """The "19/21" cells line up on the right like numbers (md already says ---:)."""
    for by in ("employee", "date"):
        header, rule, *body = page(week[f"{by} text"], "text").lines
        start, end = [m.span() for m in re.finditer("-+", rule)][1]
        cells = [line[start:end] for line in body]
        assert cells == [c.strip().rjust(end - start) for c in cells]
