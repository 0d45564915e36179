"""`salestui export`: every table to CSV and XLSX, names for ids, real types in XLSX,
formula text neutralised, the file whole or untouched, and the console script's lines."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from salestui.i18n import set_language
from salestui.io import EXPORT_TABLES
from salestui.io import export as export_module
from salestui.io.export import ExportError, Scope, export_table, table_sheet
from salestui.models import (
    BASE_POINTS,
    NA,
    BaseReview,
    CallReview,
    Client,
    Deal,
    Employee,
    Invoice,
    RollCall,
)
from salestui.store import Repository

DAY = date(2026, 11, 20)
FORMULA = '=HYPERLINK("http://x","click")'


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Path]:
    """A small database with a row in every table: two employees, a client whose name is
    formula text, a won deal with an invoice paid in part, reviews, a roll-call, a plan."""
    path = tmp_path / "db"
    repo = Repository.open(path, create=True)
    anna = repo.add_employee(Employee("Анна Смирнова", hired=date(2025, 1, 10)))
    bob = repo.add_employee(Employee("Bob Stone", role="field", hired=date(2026, 3, 1)))
    repo.set_count(anna.id, DAY, "cold_calls", 40)
    repo.set_count(anna.id, DAY, "meetings", 2)
    repo.set_count(bob.id, DAY, "cold_calls", 12)
    repo.set_count(anna.id, DAY.replace(day=21), "cold_calls", 35)
    client = repo.save_client(
        Client(FORMULA, anna.id, DAY, phone="+7 916 555-01-02", comment="-2% discount")
    )
    other = repo.save_client(Client("ООО «Ромашка»", bob.id, date(2026, 10, 1)))
    deal = repo.add_deal(Deal(client.id, anna.id, DAY, "invoice", amount=123_456, hot=True), DAY)
    repo.add_deal(Deal(other.id, bob.id, date(2026, 10, 2), "meeting", amount=5_000), DAY)
    invoice = repo.issue_invoice(
        Invoice("INV-1", deal.id, anna.id, DAY, 123_456, date(2026, 12, 4))
    )
    repo.record_payment(invoice.id, DAY.replace(day=25), 100_000)
    checklist = repo.settings().call_checklist
    answers: dict[str, int | str] = {item.code: item.max_score for item in checklist}
    optional = next(item.code for item in checklist if not item.mandatory)
    answers[optional] = NA
    repo.add_call_review(CallReview(DAY, anna.id, answers, deal_id=deal.id, duration_s=240))
    ratings = dict.fromkeys(BASE_POINTS, 4)
    repo.add_base_review(BaseReview(DAY, bob.id, {"clients": 1.0, "minutes": 22.5}, ratings))
    repo.save_rollcall(RollCall(DAY, bob.id, "field", "У клиента в Химках", "09:42"))
    repo.set_target(anna.id, "2026-11", "cold_calls", 800)
    repo.close()
    yield path


def read_csv(path: Path, delimiter: str = ",") -> list[dict[str, str]]:
    """Return a CSV's rows by header (a byte-order mark, if any, dropped)."""
    text = path.read_text(encoding="utf-8-sig")
    return list(csv.DictReader(io.StringIO(text), delimiter=delimiter))


def export(db: Path, table: str, target: Path, scope: Scope | None = None, **kw: object) -> int:
    """Export a table from the database folder."""
    repo = Repository.open(db, writable=False)
    try:
        return export_table(repo, table, target, scope or Scope(), **kw)  # type: ignore[arg-type]
    finally:
        repo.close()


@pytest.mark.parametrize("table", EXPORT_TABLES)
def test_every_table_goes_to_csv_and_xlsx_with_the_same_rows(
    db: Path, tmp_path: Path, table: str
) -> None:
    """Each table writes both formats with field names in the header and a row per record;
    the XLSX's header row is the CSV's."""
    count = export(db, table, tmp_path / f"{table}.csv")
    assert count == export(db, table, tmp_path / f"{table}.xlsx") and count >= 1
    rows = read_csv(tmp_path / f"{table}.csv")
    assert len(rows) == count
    sheet = openpyxl.load_workbook(tmp_path / f"{table}.xlsx").active
    assert sheet is not None
    header = [cell.value for cell in sheet[1]]
    assert header == list(rows[0]) and sheet.max_row == count + 1


def test_names_stand_for_ids_and_values_are_plain(db: Path, tmp_path: Path) -> None:
    """Employees and clients by name, a deal by its reference, ISO dates, money with two
    decimals, true/false, a review's N/A and its score; a phone or a "-2%" comment is
    neutralised as formula text would be (a quote in front)."""
    export(db, "deals", tmp_path / "deals.csv")
    export(db, "invoices", tmp_path / "invoices.csv")
    export(db, "payments", tmp_path / "payments.csv")
    export(db, "clients", tmp_path / "clients.csv")
    export(db, "call_reviews", tmp_path / "calls.csv")
    deal = read_csv(tmp_path / "deals.csv")[1]
    assert deal["ref"].startswith("D") and deal["client"] == "'" + FORMULA
    assert (deal["owner"], deal["created"], deal["amount"]) == (
        "Анна Смирнова",
        "2026-11-20",
        "1234.56",
    )
    assert (deal["hot"], deal["stage"], deal["closed"]) == ("true", "invoice", "")
    invoice = read_csv(tmp_path / "invoices.csv")[0]
    assert invoice["deal"] == deal["ref"] and invoice["client"] == "'" + FORMULA
    assert (invoice["amount"], invoice["paid_amount"], invoice["settled"]) == (
        "1234.56",
        "1000.00",
        "",
    )
    assert read_csv(tmp_path / "payments.csv") == [
        {"invoice": "INV-1", "date": "2026-11-25", "amount": "1000.00"}
    ]
    client = read_csv(tmp_path / "clients.csv")[1]
    assert (client["phone"], client["comment"]) == ("'+7 916 555-01-02", "'-2% discount")
    review = read_csv(tmp_path / "calls.csv")[0]
    assert review["deal"] == deal["ref"] and review["duration_s"] == "240"
    assert "n/a" in review.values() and float(review["score"]) == 100.0


def test_xlsx_has_real_dates_numbers_a_bold_frozen_header_and_text_kept_text(
    db: Path, tmp_path: Path
) -> None:
    """Dates are date cells, money a number shown with two decimals, counts numbers; the
    header is bold and frozen, columns as wide as their values; formula text stays text."""
    export(db, "deals", tmp_path / "deals.xlsx")
    export(db, "metrics", tmp_path / "metrics.xlsx")
    book = openpyxl.load_workbook(tmp_path / "deals.xlsx")
    sheet = book.active
    assert sheet is not None and sheet.freeze_panes == "A2"
    assert all(cell.font.b for cell in sheet[1])
    row = {head.value: cell for head, cell in zip(sheet[1], sheet[3], strict=True)}
    assert row["created"].value == datetime(2026, 11, 20) and row["created"].is_date
    assert row["amount"].value == 1234.56 and row["amount"].number_format == "#,##0.00"
    assert row["hot"].value is True and row["probability"].data_type == "n"
    assert row["client"].value == FORMULA and row["client"].data_type == "s"
    width = sheet.column_dimensions[row["client"].column_letter].width
    assert width == len(FORMULA) + 2
    metrics = openpyxl.load_workbook(tmp_path / "metrics.xlsx").active
    assert metrics is not None
    heads = [cell.value for cell in metrics[1]]
    rows = [
        dict(zip(heads, (c.value for c in row), strict=True))
        for row in metrics.iter_rows(min_row=2)
    ]
    anna = next(r for r in rows if r["employee"] == "Анна Смирнова")
    assert anna["cold_calls"] == 40 and anna["date"] == datetime(2026, 11, 20)


def test_metrics_wide_put_each_employee_over_their_metrics(db: Path, tmp_path: Path) -> None:
    """--wide: a row per date; in XLSX the employee's name over their group and the metric
    below; in CSV "name: metric" headers."""
    export(db, "metrics", tmp_path / "wide.xlsx", wide=True)
    export(db, "metrics", tmp_path / "wide.csv", wide=True)
    sheet = openpyxl.load_workbook(tmp_path / "wide.xlsx").active
    assert sheet is not None and sheet.freeze_panes == "A3"
    groups = [cell.value for cell in sheet[1]]
    assert groups[0] is None and groups[1] == "Bob Stone" and "Анна Смирнова" in groups
    assert [cell.value for cell in sheet[2]][:2] == ["date", "cold_calls"]
    rows = read_csv(tmp_path / "wide.csv")
    assert [r["date"] for r in rows] == ["2026-11-20", "2026-11-21"]
    assert rows[0]["Анна Смирнова: cold_calls"] == "40" and rows[0]["Bob Stone: cold_calls"] == "12"
    assert rows[1]["Bob Stone: cold_calls"] == ""


def test_a_period_and_an_employee_choose_the_rows(db: Path, tmp_path: Path) -> None:
    """--from/--to filter by the table's own date; --employee keeps that person's rows."""
    repo = Repository.open(db, writable=False)
    try:
        anna = repo.find_employee("Анна Смирнова")
        assert anna is not None
        day = Scope(DAY, DAY)
        assert len(table_sheet(repo, "metrics", day).rows) == 2
        assert len(table_sheet(repo, "metrics", Scope(employee_id=anna.id)).rows) == 2
        assert (
            len(table_sheet(repo, "deals", Scope(date(2026, 10, 1), date(2026, 10, 31))).rows) == 1
        )
        assert table_sheet(repo, "plans", Scope(date(2026, 12, 1))).rows == []
    finally:
        repo.close()


def test_russian_excel_csv_has_a_bom_semicolons_and_a_decimal_comma(
    db: Path, tmp_path: Path
) -> None:
    """What Russian Excel opens as columns and numbers."""
    export(db, "invoices", tmp_path / "ru.csv", excel=True, lang="ru")
    raw = (tmp_path / "ru.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    row = read_csv(tmp_path / "ru.csv", delimiter=";")[0]
    assert row["amount"] == "1234,56" and row["number"] == "INV-1"


def test_a_failed_export_leaves_the_old_file_and_no_leftovers(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A write that fails halfway changes nothing: the earlier file stays as it was."""
    target = tmp_path / "deals.csv"
    target.write_text("kept\n")

    def broken(*_args: object) -> str:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(export_module, "_csv_value", broken)
    with pytest.raises(OSError):
        export(db, "deals", target)
    assert target.read_text() == "kept\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["db", "deals.csv"]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("deals.ods", "deals.ods: the file must end in .csv or .xlsx"),
        ("missing/deals.csv", "missing: no such folder"),
    ],
)
def test_a_file_that_cannot_be_written_is_named(
    db: Path, tmp_path: Path, name: str, message: str
) -> None:
    """An unknown extension or a missing folder: one line naming it."""
    with pytest.raises(ExportError) as caught:
        export(db, "deals", tmp_path / name)
    assert str(caught.value).endswith(message)


def run(script: Path, *args: str | Path) -> subprocess.CompletedProcess[str]:
    """Run the console script."""
    return subprocess.run(
        [str(script), *map(str, args)], capture_output=True, text=True, timeout=60, check=False
    )


def test_the_console_script_exports_and_says_so(db: Path, tmp_path: Path, script: Path) -> None:
    """Exit 0 and one line; a usage mistake exits 2, a user mistake 1, nothing written."""
    done = run(script, "--db", db, "--lang", "en", "export", "metrics", tmp_path / "m.xlsx")
    assert (
        done.returncode == 0
        and done.stdout == f"metrics: 3 rows written to {tmp_path / 'm.xlsx'}\n"
    )
    ru = run(script, "--db", db, "--lang", "ru", "export", "rollcall", tmp_path / "r.csv")
    assert ru.returncode == 0 and ru.stdout.startswith("rollcall: записана 1 строка в ")
    wide = run(script, "--db", db, "export", "clients", tmp_path / "c.csv", "--wide")
    assert wide.returncode == 2 and "--wide is for the metrics table only" in wide.stderr
    excel = run(script, "--db", db, "export", "clients", tmp_path / "c.xlsx", "--excel")
    assert excel.returncode == 2 and "--excel is for a .csv file" in excel.stderr
    who = run(
        script,
        "--db",
        db,
        "--lang",
        "en",
        "export",
        "deals",
        tmp_path / "d.csv",
        "--employee",
        "Nobody",
    )
    assert who.returncode == 1 and who.stderr.count("\n") == 1 and "Nobody" in who.stderr
    where = run(script, "--db", db, "--lang", "en", "export", "deals", tmp_path / "no" / "d.csv")
    assert (
        where.returncode == 1 and where.stderr == f"salestui: {tmp_path / 'no'}: no such folder\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["db", "m.xlsx", "r.csv"]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_reads_the_xlsx_with_its_types(db: Path, tmp_path: Path) -> None:
    """LibreOffice converts the XLSX back to CSV with dates as dates, amounts as numbers and
    true/false as booleans (not the text typed)."""
    export(db, "deals", tmp_path / "deals.xlsx")
    home = tmp_path / "lo-home"  # a profile of its own: a test never touches the user's
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{home}",
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76,1",  # commas, quotes, UTF-8
            "--outdir",
            str(tmp_path / "lo"),
            str(tmp_path / "deals.xlsx"),
        ],
        capture_output=True,
        timeout=180,
        check=True,
    )
    rows = read_csv(tmp_path / "lo" / "deals.csv")
    first = rows[1]
    assert first["created"] == "2026-11-20" and first["hot"] == "TRUE"
    assert first["amount"].replace(",", "") in ("1234.56", "1234.6")
    assert first["client"] == FORMULA


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    set_language("en")
    yield


def test_a_reader_that_stops_reading_is_not_an_error(db: Path, script: Path) -> None:
    """`salestui report … | head`: output cut short is no failure and says nothing (it
    said "salestui: Broken pipe" and exited 1)."""
    child = subprocess.Popen(
        [str(script), "--db", str(db), "--lang", "en", "report", "deals", "--format", "json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert child.stdout is not None and child.stderr is not None
    child.stdout.close()  # as `head` does once it has what it wanted: before the report
    error = child.stderr.read()
    assert (child.wait(timeout=60), error) == (0, b"")
