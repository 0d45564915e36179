"""Spreadsheet import on hand-written files: columns, dates, money, bad rows named with their
row numbers and nothing written, --skip-invalid, --dry-run, re-import, cp1251 with ";" and
Russian headers, an XLSX with formulas, a title over the header and an empty trailing row,
and every importable table through export and back."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from salestui.demo import create_demo
from salestui.i18n import set_language
from salestui.io import IMPORT_TABLES
from salestui.io.export import Scope, export_table
from salestui.io.importing import (
    CountIf,
    ImportError_,
    Options,
    decide_date_order,
    import_calllog,
    import_table,
    parse_date_cell,
    parse_money_cell,
)
from salestui.io.sheet_reader import ReadError, read_table
from salestui.models import Deal, Employee, Invoice
from salestui.store import Repository

TODAY = date(2026, 11, 27)


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    set_language("en")
    yield


@pytest.fixture
def repo(tmp_path: Path) -> Iterator[Repository]:
    """An empty database with one employee."""
    found = Repository.open(tmp_path / "db", create=True)
    found.add_employee(Employee("Анна Смирнова", hired=date(2025, 1, 1)))
    yield found
    found.close()


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    """Write a file and return its path."""
    path.write_bytes(text.encode(encoding))
    return path


# -- values -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "order", "day"),
    [
        ("2026-11-05", None, date(2026, 11, 5)),
        ("2026-11-05 09:12:58", None, date(2026, 11, 5)),
        ("05.11.2026", None, date(2026, 11, 5)),
        ("5.11.26", None, date(2026, 11, 5)),
        ("11/5/2026", "MDY", date(2026, 11, 5)),
        ("5/11/2026", "DMY", date(2026, 11, 5)),
        (46331, None, date(2026, 11, 5)),
        ("46331", None, date(2026, 11, 5)),
        (date(2026, 11, 5), None, date(2026, 11, 5)),
    ],
)
def test_dates_in_every_accepted_form(cell: object, order: str | None, day: date) -> None:
    """ISO (a time after it ignored), DD.MM.YYYY, slashed in the order given, Excel serials
    and date cells."""
    assert parse_date_cell(cell, order) == day  # type: ignore[arg-type]


@pytest.mark.parametrize("cell", ["31.02.2026", "2026-13-01", "tomorrow", "5/11/2026", True, 0])
def test_what_is_not_a_date_is_refused(cell: object) -> None:
    """A day that does not exist, words, a slashed date without its order, yes, zero."""
    with pytest.raises(ValueError):
        parse_date_cell(cell, None)  # type: ignore[arg-type]


def test_the_order_of_slashed_dates_is_decided_by_the_file_or_refused() -> None:
    """A first part over 12 is a day; a second part over 12 a day too; both: refused."""
    assert decide_date_order(["3/4/2013", "1/26/2013"]) == "MDY"
    assert decide_date_order(["3/4/2013", "26/1/2013"]) == "DMY"
    assert decide_date_order(["3/4/2013", "2026-01-01", None]) is None
    with pytest.raises(ImportError_, match="both day-first and month-first"):
        decide_date_order(["26/1/2013", "1/26/2013"])


def test_money_from_text_and_number_cells() -> None:
    """The finance parser for text; a number cell to kopecks exactly (55.94 is not 55.9399…)."""
    assert parse_money_cell("Amount", "1 234,56") == 123456
    assert parse_money_cell("Amount", 55.94) == 5594
    assert parse_money_cell("Amount", 1054) == 105400
    for bad in ("1,234.56", "-5", 0.001, "12e3", True):
        with pytest.raises(ValueError):
            parse_money_cell("Amount", bad)  # type: ignore[arg-type]


@settings(max_examples=120, deadline=None)
@given(st.one_of(st.text(max_size=30), st.integers(), st.floats(allow_nan=True)))
def test_the_parsers_never_raise_anything_but_value_errors(value: object) -> None:
    """Any text or number: a date, an amount, or a ValueError saying why not."""
    for parse in (lambda v: parse_date_cell(v, "DMY"), lambda v: parse_money_cell("A", v)):
        with contextlib.suppress(ValueError):
            parse(value)


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=400))
def test_random_bytes_are_read_or_refused_in_one_line(
    tmp_path_factory: pytest.TempPathFactory, data: bytes
) -> None:
    """No traceback, ever: a table or a ReadError."""
    path = tmp_path_factory.mktemp("fuzz") / "random.csv"
    path.write_bytes(data)
    try:
        read_table(path)
    except ReadError as exc:
        assert "\n" not in str(exc)


# -- tables ---------------------------------------------------------------------------------------


DEALS_CSV = """ref,client,owner,created,stage,amount,closed
A1,ООО «Ромашка»,Анна Смирнова,2026-10-01,meeting,"1 500,00",
A2,Acme,Bob Stone,2026-10-02,won,2000,2026-11-01
A3,,Анна Смирнова,2026-10-03,lost,0,2026-10-20
"""


def test_deals_import_names_new_people_and_clients_and_adds_nothing_twice(
    repo: Repository, tmp_path: Path
) -> None:
    """A lead without a client is allowed; an unknown owner and clients are made and
    listed; a lost deal without a reason gets one saying so; the second import adds none."""
    path = write(tmp_path / "deals.csv", DEALS_CSV)
    done = import_table(repo, "deals", path, Options(), TODAY)
    assert (done.rows, done.added, done.already) == (3, 3, 0)
    assert done.new_employees == ["Bob Stone"] and done.new_clients == ["ООО «Ромашка»", "Acme"]
    deals = {d.ref: d for d in repo.all(Deal)}
    assert deals["A1"].amount == 150000 and deals["A1"].closed is None
    assert deals["A2"].closed == date(2026, 11, 1) and deals["A2"].probability == 100
    assert (
        deals["A3"].client_id is None
        and deals["A3"].lost_reason == "not stated in the imported file"
    )
    again = import_table(repo, "deals", path, Options(), TODAY)
    assert (again.added, again.already, again.new_employees) == (0, 3, [])
    assert len(repo.all(Deal)) == 3


def test_invalid_rows_are_all_named_and_nothing_is_written(
    repo: Repository, tmp_path: Path
) -> None:
    """Every bad row with its number as a spreadsheet shows it and the file's column;
    nothing of the file is stored (not the good rows, not the new client)."""
    path = write(
        tmp_path / "deals.csv",
        DEALS_CSV
        + "A4,Beta,Анна Смирнова,2026-13-01,meeting,10,\n"
        + "A5,Gamma,Анна Смирнова,2026-10-05,signed,10,\n"
        + "A6,Delta,Анна Смирнова,2026-10-05,won,abc,2026-10-09\n",
    )
    with pytest.raises(ImportError_) as caught:
        import_table(repo, "deals", path, Options(), TODAY)
    assert str(caught.value).splitlines() == [
        "Nothing imported: 3 invalid rows (--skip-invalid imports the rest)",
        "row 5: created: «2026-13-01» is not a date",
        "row 6: stage: «signed» is not a stage ("
        + "conversation, meeting, application, invoice, won, lost)",
        "row 7: " + str(caught.value).splitlines()[3].split(": ", 1)[1],
    ]
    assert "amount" in str(caught.value).splitlines()[3].casefold()
    assert repo.all(Deal) == [] and repo.client_cards() == []
    assert [e.name for e in repo.employees()] == ["Анна Смирнова"]


def test_skip_invalid_writes_the_valid_rows_and_dry_run_nothing(
    repo: Repository, tmp_path: Path
) -> None:
    """--dry-run says what would be added and writes nothing; --skip-invalid adds the
    valid rows and lists the rest."""
    path = write(tmp_path / "deals.csv", DEALS_CSV + "A4,Beta,Анна Смирнова,,meeting,10,\n")
    dry = import_table(repo, "deals", path, Options(), TODAY, dry_run=True, skip_invalid=True)
    assert (dry.added, dry.skipped) == (3, ["row 5: created: empty"])
    assert repo.all(Deal) == [] and [e.name for e in repo.employees()] == ["Анна Смирнова"]
    done = import_table(repo, "deals", path, Options(), TODAY, skip_invalid=True)
    assert (done.added, done.skipped) == (3, ["row 5: created: empty"])
    assert sorted(d.ref for d in repo.all(Deal)) == ["A1", "A2", "A3"]


def test_columns_by_map_values_and_defaults(repo: Repository, tmp_path: Path) -> None:
    """--map takes a field from another column, --map-values translates, --default fills
    what the file lacks; an unmapped required field is named with the file's columns."""
    path = write(tmp_path / "crm.csv", "Id;Agent;Opened;State\nX1;Анна Смирнова;01.10.2026;Won\n")
    with pytest.raises(ImportError_, match="no column for: owner, created, stage"):
        import_table(repo, "deals", path, Options(), TODAY)
    options = Options(
        maps={"Id": "ref", "Agent": "owner", "Opened": "created", "State": "stage"},
        values={"stage": {"Won": "won"}},
        defaults={"closed": "2026-11-02", "amount": "100"},
    )
    done = import_table(repo, "deals", path, options, TODAY)
    deal = repo.all(Deal)[0]
    assert done.added == 1 and (deal.ref, deal.stage, deal.amount) == ("X1", "won", 10000)
    assert (deal.created, deal.closed) == (date(2026, 10, 1), date(2026, 11, 2))
    unknown = Options(values={"stage": {"Open": "open"}}, maps={"State": "stage"})
    with pytest.raises(ImportError_):
        import_table(repo, "deals", path, unknown, TODAY)


def test_cp1251_semicolons_russian_headers_and_day_first_dates(
    repo: Repository, tmp_path: Path
) -> None:
    """What Russian Excel saves as CSV: cp1251, ";", Russian column labels, DD.MM.YYYY,
    decimal commas."""
    text = (
        "Номер счёта;Клиент;Сотрудник;Выставлен;Срок оплаты;Сумма;Оплачено\n"
        "С-1;ООО «Ромашка»;Анна Смирнова;05.11.2026;19.11.2026;12 500,50;10.11.2026\n"
        "С-2;ООО «Ромашка»;Анна Смирнова;06.11.2026;20.11.2026;300;\n"
    )
    path = write(tmp_path / "счета.csv", text, "cp1251")
    done = import_table(repo, "invoices", path, Options(), TODAY)
    assert done.added == 2 and done.new_clients == ["ООО «Ромашка»"]
    invoices = {i.number: i for i in repo.all(Invoice)}
    assert invoices["С-1"].amount == 1250050 and invoices["С-1"].settled == date(2026, 11, 10)
    assert invoices["С-2"].paid == 0 and invoices["С-2"].due == date(2026, 11, 20)


def test_an_xlsx_with_formulas_a_title_row_and_an_empty_trailing_row(
    repo: Repository, tmp_path: Path
) -> None:
    """The title merged over the columns is passed over; a formula's cached value and date
    cells are read; the empty row at the end is not a row."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Numbers for November"])
    sheet.merge_cells("A1:D1")
    sheet.append(["Date", "Employee", "cold_calls", "conversations"])
    sheet.append([date(2026, 11, 2), "Анна Смирнова", 40, 12])
    sheet.append([date(2026, 11, 3), "Анна Смирнова", "=20+15", 9])
    sheet.append([None, None, None, None])
    path = tmp_path / "numbers.xlsx"
    book.save(path)
    # openpyxl keeps no cached values for a formula it wrote: LibreOffice or Excel would;
    # set the value the formula's cell shows, as a saved workbook holds it.
    _cache_formula_values(path, {"C4": 35})
    done = import_table(repo, "metrics", path, Options(), TODAY)
    anna = repo.employees()[0].id
    assert done.added == 2
    assert repo.metrics_for(anna, date(2026, 11, 2)).counts == {
        "cold_calls": 40,
        "conversations": 12,
    }  # type: ignore[union-attr]
    assert repo.metrics_for(anna, date(2026, 11, 3)).counts == {
        "cold_calls": 35,
        "conversations": 9,
    }  # type: ignore[union-attr]


def _cache_formula_values(path: Path, values: dict[str, int]) -> None:
    """Write the cached value of formula cells into a saved workbook's XML (as Excel does)."""
    import re
    import zipfile

    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    name = "xl/worksheets/sheet1.xml"
    xml = parts[name].decode()
    for ref, value in values.items():
        xml = re.sub(
            rf'(<c r="{ref}"[^>]*>)<f>([^<]*)</f>(<v>[^<]*</v>|<v/>)?',
            rf"\1<f>\2</f><v>{value}</v>",
            xml,
        )
    parts[name] = xml.encode()
    with zipfile.ZipFile(path, "w") as target:
        for part, data in parts.items():
            target.writestr(part, data)


def test_a_call_log_counts_per_employee_and_day_without_counting_twice(
    repo: Repository, tmp_path: Path
) -> None:
    """Every row a call, answered ones conversations too; a day already typed in keeps its
    other numbers; imported again, the same counts."""
    anna = repo.employees()[0].id
    repo.set_count(anna, date(2026, 11, 2), "meetings", 2)
    path = write(
        tmp_path / "calls.csv",
        "who,when,answered\n"
        "Анна Смирнова,2026-11-02 09:00,Y\n"
        "Анна Смирнова,2026-11-02 10:00,N\n"
        "Bob,2026-11-02 10:05,Y\n"
        "Анна Смирнова,2026-11-03 11:00,Y\n",
    )
    conditions = [CountIf("conversations", "answered", "y")]
    done = import_calllog(
        repo, path, Options(), TODAY, employee_col="who", date_col="when", count_if=conditions
    )
    assert (done.added, done.updated, done.new_employees) == (2, 1, ["Bob"])
    counts = repo.metrics_for(anna, date(2026, 11, 2)).counts  # type: ignore[union-attr]
    assert counts == {"meetings": 2, "cold_calls": 2, "conversations": 1}
    again = import_calllog(
        repo, path, Options(), TODAY, employee_col="who", date_col="when", count_if=conditions
    )
    assert (again.added, again.updated, again.already) == (0, 0, 3)


@pytest.fixture(scope="session")
def small_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A seeded demo of 4 employees over 3 months (every table filled), built once."""
    path = tmp_path_factory.mktemp("small") / "demo"
    create_demo(path, seed=11, employees=4, months=3, today=TODAY, lang="en", force=False)
    return path


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
@pytest.mark.parametrize("table", IMPORT_TABLES)
def test_export_import_export_gives_the_same_file(
    small_demo: Path, tmp_path: Path, table: str, suffix: str
) -> None:
    """Every importable table: exported from a demo, imported into an empty database with
    the tables it refers to, exported again: the same rows."""
    round_trip(small_demo, tmp_path, table, suffix)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
@pytest.mark.parametrize("table", IMPORT_TABLES)
def test_the_years_demo_goes_out_and_back_the_same(
    demo_path: Path, tmp_path: Path, table: str, suffix: str
) -> None:
    """The same over the year-long demo (13,000 deals: instalments on one day, deals made
    the same day); the full profile's (20–40 s each for the big tables' XLSX)."""
    round_trip(demo_path, tmp_path, table, suffix)


def round_trip(demo: Path, tmp_path: Path, table: str, suffix: str) -> None:
    """Export a table (and what it refers to) from a demo, import it into an empty
    database, export again, and compare the rows."""
    source = Repository.open(demo, writable=False)
    empty = Repository.open(tmp_path / "copy", create=True)
    try:
        # What the table refers to first (deals before their invoices, invoices before
        # their payments), from the same export.
        # An invoice's payments come with the payments table: both for either.
        chain = {
            "invoices": ["deals", "payments"],
            "payments": ["deals", "invoices"],
            "call_reviews": ["deals"],
        }.get(table, [])
        linked = ("deals", "invoices", "payments", "call_reviews")
        order = [t for t in linked if t in {*chain, table}] or [table]
        for before in order:
            first = tmp_path / f"{before}{suffix}"
            export_table(source, before, first, Scope())
            done = import_table(empty, before, first, Options(), TODAY)
            assert done.skipped == [] and done.added + done.updated >= 1, (before, done)
        again = tmp_path / f"{table}.again{suffix}"
        export_table(empty, table, again, Scope())
        assert _rows(tmp_path / f"{table}{suffix}") == _rows(again)
    finally:
        source.close()
        empty.close()


def _rows(path: Path) -> list[list[object]]:
    """Return a file's rows as read back."""
    table = read_table(path)
    return [table.headers, *(cells for _, cells in table.rows)]


def test_a_malformed_file_names_itself(repo: Repository, tmp_path: Path) -> None:
    """Not a workbook, an unknown sheet, an empty file: one line naming the file."""
    fake = write(tmp_path / "fake.xlsx", "not a zip")
    with pytest.raises(ImportError_, match="fake.xlsx: not an XLSX workbook"):
        import_table(repo, "clients", fake, Options(), TODAY)
    empty = write(tmp_path / "empty.csv", "\n\n")
    with pytest.raises(ImportError_, match="empty.csv: no rows to import"):
        import_table(repo, "clients", empty, Options(), TODAY)
    book = openpyxl.Workbook()
    book.save(tmp_path / "book.xlsx")
    with pytest.raises(ImportError_, match="no sheet «Deals» \\(its sheets: Sheet\\)"):
        import_table(repo, "clients", tmp_path / "book.xlsx", Options(sheet="Deals"), TODAY)
    assert repo.client_cards() == []
