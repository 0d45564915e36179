"""Tables out to CSV or XLSX: what `salestui export` writes (never imports Textual).

A table becomes a Sheet: columns named by DESIGN §3's field names (an employee and a client
by name, a deal by its reference), rows of plain values (dates, whole numbers, money in
minor units, text). The writers give a CSV (UTF-8; with --excel a byte-order mark, and in
Russian ";" and a decimal comma, as Russian Excel reads them) or an XLSX (real dates and
numbers, money with two decimals, a bold frozen header, widths that fit). A text cell a
spreadsheet would run as a formula is neutralised in CSV; XLSX keeps it a text cell.
The file appears whole or not at all (the store's atomic write: beside it, renamed over).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Literal, cast

from salestui.analytics.calls import cqr
from salestui.i18n import tr
from salestui.io import EXPORT_TABLES
from salestui.models import (
    BASE_POINTS,
    NA,
    REVENUE,
    CallReview,
    DailyMetrics,
    Deal,
    Invoice,
    Payment,
    Plan,
    RollCall,
    Settings,
)
from salestui.reports.render import neutralise
from salestui.store import Repository
from salestui.store.fsutil import atomic_write

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

Kind = Literal["text", "int", "date", "money", "bool", "float"]
Value = str | int | float | bool | date | None

# The snapshot figures a base review keeps, in the order the audit shows them.
BASE_FIGURES: Final = (
    "clients",
    "completeness",
    "no_contacts",
    "empty_comments",
    "duplicates",
    "overdue_steps",
    "stale_deals",
    "hot_past_expected",
    "minutes",
)
# XLSX: the widest a column grows to fit its values, in characters.
MAX_WIDTH: Final = 60
# A deal salestui made has no external reference: it is exported as D and its id, which an
# import keeps as the reference (a round trip links invoices to the same deals).
OWN_REF: Final = "D{id}"


class ExportError(Exception):
    """What the user asked of an export cannot be done (an unknown extension, a folder)."""


@dataclass(frozen=True, slots=True)
class Column:
    """A column: its field name, its kind, and (XLSX, wide sheets) the group above it."""

    name: str
    kind: Kind = "text"
    group: str = ""


@dataclass(slots=True)
class Sheet:
    """A table as columns and rows of plain values."""

    table: str
    columns: list[Column]
    rows: list[list[Value]] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Scope:
    """Which rows: a period of the table's own date, one employee's."""

    start: date | None = None
    end: date | None = None
    employee_id: int | None = None

    def has(self, day: date | None, employee_id: int | None) -> bool:
        """Tell whether a row of this day and employee is in scope."""
        if self.employee_id is not None and employee_id != self.employee_id:
            return False
        if day is None:
            return self.start is None and self.end is None
        return (self.start is None or day >= self.start) and (self.end is None or day <= self.end)


def deal_ref(deal: Deal) -> str:
    """Return a deal's reference: its own, or D and its id for one salestui made."""
    return deal.ref or OWN_REF.format(id=deal.id)


def _names(repo: Repository) -> dict[int, str]:
    """Return every employee's name by id."""
    return {e.id: e.name for e in repo.employees()}


def _metric_codes(settings: Settings) -> list[str]:
    """Return the funnel's metric codes in order."""
    return [m.code for m in settings.funnel]


def employees_sheet(repo: Repository, scope: Scope) -> Sheet:
    """The team: name, role, hired, left, notes (a period filters by the hire date)."""
    columns = [
        Column("name"),
        Column("role"),
        Column("hired", "date"),
        Column("left", "date"),
        Column("notes"),
    ]
    rows: list[list[Value]] = [
        [e.name, e.role, e.hired, e.left, e.notes]
        for e in sorted(repo.employees(), key=lambda e: e.id)
        if scope.has(e.hired, e.id) or (e.hired is None and scope.employee_id in (None, e.id))
    ]
    return Sheet("employees", columns, rows)


def _metrics(repo: Repository, scope: Scope) -> list[DailyMetrics]:
    """Return the daily numbers in scope, by date then employee."""
    found = (
        repo.metrics_between(scope.start, scope.end, scope.employee_id)
        if scope.start is not None and scope.end is not None
        else [m for m in repo.all(DailyMetrics) if scope.has(m.date, m.employee_id)]
    )
    names = _names(repo)
    return sorted(found, key=lambda m: (m.date, names.get(m.employee_id, ""), m.employee_id))


def metrics_sheet(repo: Repository, scope: Scope) -> Sheet:
    """Daily numbers, a row per employee and day: date, employee, one column per metric."""
    names, codes = _names(repo), _metric_codes(repo.settings())
    columns = [Column("date", "date"), Column("employee")]
    columns += [Column(code, "int") for code in codes]
    rows: list[list[Value]] = [
        [m.date, names.get(m.employee_id, ""), *(m.counts.get(c) for c in codes)]
        for m in _metrics(repo, scope)
    ]
    return Sheet("metrics", columns, rows)


def metrics_wide_sheet(repo: Repository, scope: Scope) -> Sheet:
    """Daily numbers as a manager keeps them: a row per date, a column group per employee
    (the employee's name over each metric; in CSV "name: metric")."""
    names, codes = _names(repo), _metric_codes(repo.settings())
    found = _metrics(repo, scope)
    people = sorted({m.employee_id for m in found}, key=lambda i: (names.get(i, ""), i))
    columns = [Column("date", "date")]
    for person in people:
        name = names.get(person, "")
        columns += [Column(f"{name}: {code}", "int", group=name) for code in codes]
    by_day: dict[date, dict[int, DailyMetrics]] = {}
    for m in found:
        by_day.setdefault(m.date, {})[m.employee_id] = m
    rows: list[list[Value]] = []
    for day in sorted(by_day):
        row: list[Value] = [day]
        for person in people:
            counts = by_day[day].get(person)
            row += [counts.counts.get(c) if counts else None for c in codes]
        rows.append(row)
    return Sheet("metrics", columns, rows)


def clients_sheet(repo: Repository, scope: Scope) -> Sheet:
    """Clients: name, owner, created, contact, phone, email, source, comment."""
    names = _names(repo)
    columns = [Column("name"), Column("owner"), Column("created", "date")]
    columns += [Column(f) for f in ("contact", "phone", "email", "source", "comment")]
    rows: list[list[Value]] = [
        [
            c.name,
            names.get(c.owner, ""),
            c.created,
            c.contact,
            c.phone,
            c.email,
            c.source,
            c.comment,
        ]
        for c in sorted(repo.clients(), key=lambda c: (c.created, c.name, c.phone, c.id))
        if scope.has(c.created, c.owner)
    ]
    return Sheet("clients", columns, rows)


DEAL_COLUMNS: Final = (
    Column("ref"),
    Column("client"),
    Column("owner"),
    Column("created", "date"),
    Column("stage"),
    Column("amount", "money"),
    Column("probability", "int"),
    Column("expected_payment", "date"),
    Column("hot", "bool"),
    Column("next_step"),
    Column("next_step_due", "date"),
    Column("last_contact", "date"),
    Column("closed", "date"),
    Column("lost_reason"),
)


def _client_names(repo: Repository) -> dict[int, str]:
    """Return every client's name by id (from the stored documents)."""
    return {card.id: card.name for card in repo.client_cards()}


def deals_sheet(repo: Repository, scope: Scope) -> Sheet:
    """Deals, open and closed: the reference, the client and owner by name, the stage (a
    closed deal's outcome), money, dates (a period filters by the creation date)."""
    names, clients = _names(repo), _client_names(repo)
    rows: list[list[Value]] = []
    for d in sorted(repo.all(Deal), key=lambda d: (d.created, deal_ref(d))):
        if not scope.has(d.created, d.owner):
            continue
        client = clients.get(d.client_id, "") if d.client_id is not None else ""
        rows.append(
            [
                deal_ref(d),
                client,
                names.get(d.owner, ""),
                d.created,
                d.stage,
                d.amount,
                d.probability,
                d.expected_payment,
                d.hot,
                d.next_step,
                d.next_step_due,
                d.last_contact,
                d.closed,
                d.lost_reason,
            ]
        )
    return Sheet("deals", list(DEAL_COLUMNS), rows)


def invoices_sheet(repo: Repository, scope: Scope) -> Sheet:
    """Invoices: number, the deal's reference, the client, the employee, dates, the amount,
    what was paid and the day it was paid in full, cancelled (a period filters by the issue
    date)."""
    names, clients = _names(repo), _client_names(repo)
    deals = {d.id: d for d in repo.all(Deal)}
    columns = [
        Column("number"),
        Column("deal"),
        Column("client"),
        Column("employee"),
        Column("issued", "date"),
        Column("due", "date"),
        Column("amount", "money"),
        # What was paid and when in full: the payments table holds each payment (an import
        # reads `paid` as the date of one full payment, as accounting exports give it).
        Column("paid_amount", "money"),
        Column("settled", "date"),
        Column("cancelled", "bool"),
    ]
    rows: list[list[Value]] = []
    for i in sorted(repo.all(Invoice), key=lambda i: (i.issued, i.number, i.id)):
        if not scope.has(i.issued, i.employee_id):
            continue
        deal = deals.get(i.deal_id) if i.deal_id is not None else None
        client_id = deal.client_id if deal is not None else i.client_id
        rows.append(
            [
                i.number,
                deal_ref(deal) if deal is not None else "",
                clients.get(client_id, "") if client_id is not None else "",
                names.get(i.employee_id, ""),
                i.issued,
                i.due,
                i.amount,
                i.paid,
                i.settled,
                i.cancelled,
            ]
        )
    return Sheet("invoices", columns, rows)


def payments_sheet(repo: Repository, scope: Scope) -> Sheet:
    """Payments: the invoice's number, the date, the amount (the employee is the invoice's)."""
    invoices = {i.id: i for i in repo.all(Invoice)}
    columns = [Column("invoice"), Column("date", "date"), Column("amount", "money")]
    rows: list[list[Value]] = []
    for p in repo.all(Payment):
        invoice = invoices.get(p.invoice_id)
        if scope.has(p.date, invoice.employee_id if invoice else None):
            rows.append([invoice.number if invoice else "", p.date, p.amount])
    # By day, then invoice: the same order in any database holding these payments.
    rows.sort(key=lambda row: (row[1], row[0], row[2]))
    return Sheet("payments", columns, rows)


def call_reviews_sheet(repo: Repository, scope: Scope) -> Sheet:
    """Call reviews: date, employee, the deal's reference, the score (CQR, %), the
    recording, its length in seconds, notes, the action, then each checklist item's
    answer ("n/a" where not applicable)."""
    names, checklist = _names(repo), repo.settings().call_checklist
    deals = {d.id: d for d in repo.all(Deal)}
    columns = [
        Column("date", "date"),
        Column("employee"),
        Column("deal"),
        Column("score", "float"),
        Column("recording"),
        Column("duration_s", "int"),
        Column("notes"),
        Column("action"),
    ]
    columns += [Column(item.code) for item in checklist]
    rows: list[list[Value]] = []
    for r in sorted(
        repo.all(CallReview), key=lambda r: (r.date, names.get(r.employee_id, ""), r.id)
    ):
        if not scope.has(r.date, r.employee_id):
            continue
        deal = deals.get(r.deal_id) if r.deal_id is not None else None
        score = cqr(r.answers, checklist)
        answers: list[Value] = [_answer(r.answers.get(item.code)) for item in checklist]
        rows.append(
            [
                r.date,
                names.get(r.employee_id, ""),
                deal_ref(deal) if deal is not None else "",
                round(score, 1) if score is not None else None,
                r.recording,
                r.duration_s or None,
                r.notes,
                r.action,
                *answers,
            ]
        )
    return Sheet("call_reviews", columns, rows)


def _answer(value: int | str | None) -> Value:
    """Return a checklist answer as a cell: the score, "n/a", or empty."""
    if value is None:
        return None
    return "n/a" if value == NA else value


def base_reviews_sheet(repo: Repository, scope: Scope) -> Sheet:
    """Base reviews: date, employee, the five ratings, notes, the audit's figures then."""
    names = _names(repo)
    columns = [Column("date", "date"), Column("employee")]
    columns += [Column(point, "int") for point in BASE_POINTS]
    columns += [Column("notes")]
    columns += [Column(name, "float") for name in BASE_FIGURES]
    rows: list[list[Value]] = []
    for r in sorted(
        repo.base_reviews(), key=lambda r: (r.date, names.get(r.employee_id, ""), r.id)
    ):
        if scope.has(r.date, r.employee_id):
            row: list[Value] = [r.date, names.get(r.employee_id, "")]
            row += [r.ratings.get(point) for point in BASE_POINTS]
            row.append(r.notes)
            row += [r.snapshot.get(name) for name in BASE_FIGURES]
            rows.append(row)
    return Sheet("base_reviews", columns, rows)


def rollcall_sheet(repo: Repository, scope: Scope) -> Sheet:
    """Roll-call answers: date, employee, status, update, the time it was given."""
    names = _names(repo)
    columns = [
        Column("date", "date"),
        Column("employee"),
        Column("status"),
        Column("update"),
        Column("at"),
    ]
    rows: list[list[Value]] = [
        [r.date, names.get(r.employee_id, ""), r.status, r.update, r.at]
        for r in sorted(repo.all(RollCall), key=lambda r: (r.date, names.get(r.employee_id, "")))
        if scope.has(r.date, r.employee_id)
    ]
    return Sheet("rollcall", columns, rows)


def plans_sheet(repo: Repository, scope: Scope) -> Sheet:
    """Monthly plans: month, employee, the revenue target, one column per metric's target
    (a period filters by the month's first day)."""
    names, codes = _names(repo), _metric_codes(repo.settings())
    columns = [Column("month"), Column("employee"), Column(REVENUE, "money")]
    columns += [Column(code, "int") for code in codes]
    rows: list[list[Value]] = [
        [p.month, names.get(p.employee_id, ""), p.targets.get(REVENUE), *_targets(p, codes)]
        for p in sorted(repo.all(Plan), key=lambda p: (p.month, names.get(p.employee_id, "")))
        if scope.has(date.fromisoformat(p.month + "-01"), p.employee_id)
    ]
    return Sheet("plans", columns, rows)


def _targets(plan: Plan, codes: Sequence[str]) -> list[Value]:
    """Return a plan's target for each metric (None where it has none)."""
    return [plan.targets.get(code) for code in codes]


SHEETS: Final[dict[str, Callable[[Repository, Scope], Sheet]]] = {
    "employees": employees_sheet,
    "metrics": metrics_sheet,
    "clients": clients_sheet,
    "deals": deals_sheet,
    "invoices": invoices_sheet,
    "payments": payments_sheet,
    "call_reviews": call_reviews_sheet,
    "base_reviews": base_reviews_sheet,
    "rollcall": rollcall_sheet,
    "plans": plans_sheet,
}


def table_sheet(repo: Repository, table: str, scope: Scope, *, wide: bool = False) -> Sheet:
    """Return a table as a sheet (metrics wide on request)."""
    if wide and table == "metrics":
        return metrics_wide_sheet(repo, scope)
    return SHEETS[table](repo, scope)


# -- writing ------------------------------------------------------------------------------


def _csv_value(value: Value, kind: Kind, comma: bool) -> str:
    """Return a CSV cell: ISO dates, money with two decimals, true/false, text neutralised."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    if kind == "money" and isinstance(value, int):
        sign = "-" if value < 0 else ""
        units, cents = divmod(abs(value), 100)
        text = f"{sign}{units}.{cents:02d}"
        return text.replace(".", ",") if comma else text
    if isinstance(value, float):
        # A whole number as one (a figure kept as 291 or 291.0 reads the same).
        text = str(int(value)) if value.is_integer() else repr(value)
        return text.replace(".", ",") if comma else text
    if isinstance(value, int):
        return str(value)
    return str(neutralise(value))


def write_csv(sheet: Sheet, path: Path, *, excel: bool = False, lang: str = "en") -> None:
    """Write a sheet as CSV: field names in the header; with excel a byte-order mark, and
    in Russian ";" and a decimal comma."""
    russian = excel and lang == "ru"
    handle = io.StringIO(newline="")
    if excel:
        handle.write("\ufeff")
    writer = csv.writer(handle, delimiter=";" if russian else ",", lineterminator="\r\n")
    writer.writerow([c.name for c in sheet.columns])
    kinds = [c.kind for c in sheet.columns]
    for row in sheet.rows:
        writer.writerow([_csv_value(v, k, russian) for v, k in zip(row, kinds, strict=True)])
    _save(path, handle.getvalue().encode("utf-8"))


def write_xlsx(sheet: Sheet, path: Path, *, lang: str = "en") -> None:
    """Write a sheet as XLSX: real dates and numbers, money with two decimals, a bold
    frozen header (two rows, the employee over their metrics, for a wide sheet), widths
    that fit."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    ws = book.create_sheet(sheet.table)
    date_format = "DD.MM.YYYY" if lang == "ru" else "YYYY-MM-DD"
    grouped = any(c.group for c in sheet.columns)
    heads = [c.name.split(": ", 1)[-1] if c.group else c.name for c in sheet.columns]
    widths = [len(h) for h in heads]
    for row in sheet.rows:
        for n, value in enumerate(row):
            widths[n] = max(widths[n], _width(value, sheet.columns[n].kind))
    for n, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(n)].width = min(MAX_WIDTH, width + 2)
    ws.freeze_panes = "A3" if grouped else "A2"
    bold = Font(bold=True)

    def head(text: str) -> Cell:
        cell = WriteOnlyCell(ws, value=text)
        cell.font = bold
        cell.data_type = "s"
        return cell

    if grouped:
        groups = [c.group for c in sheet.columns]
        top = []
        for n, group in enumerate(groups):
            cell = head(group if group and (n == 0 or groups[n - 1] != group) else "")
            cell.alignment = Alignment(horizontal="left")
            top.append(cell)
        ws.append(top)
    ws.append([head(text) for text in heads])
    for row in sheet.rows:
        cells = []
        for value, column in zip(row, sheet.columns, strict=True):
            cells.append(_xlsx_cell(WriteOnlyCell, ws, value, column.kind, date_format))
        ws.append(cells)
    data = io.BytesIO()
    book.save(data)
    _save(path, data.getvalue())


def _width(value: Value, kind: Kind) -> int:
    """Return how wide a value shows in a spreadsheet, in characters."""
    if value is None:
        return 0
    if isinstance(value, date):
        return 10
    if kind == "money" and isinstance(value, int):
        return len(f"{value / 100:,.2f}")
    return len(str(value))


def _xlsx_cell(
    make: Callable[..., Cell], ws: WriteOnlyWorksheet, value: Value, kind: Kind, date_format: str
) -> object:
    """Return one XLSX cell: a number, a date, true/false, or text kept as text. Plain values
    where the default style shows them right (a styled cell per value took 3× as long)."""
    if kind == "money" and isinstance(value, int) and not isinstance(value, bool):
        cell = make(ws, value=value / 100)
        cell.number_format = "#,##0.00"
        return cell
    if isinstance(value, date):
        cell = make(ws, value=cast(Any, value))  # a date cell, without a time
        cell.number_format = date_format
        return cell
    if isinstance(value, str) and value.startswith("="):
        cell = make(ws, value=value)
        cell.data_type = "s"  # "=1+1" is the text typed, never a formula
        return cell
    return value


def _save(path: Path, data: bytes) -> None:
    """Write the file whole or not at all (the store's atomic write: beside it, then
    renamed over), or say why it cannot be written."""
    if path.is_dir():
        raise ExportError(tr("export.is_folder", file=path))
    if not path.parent.is_dir():
        raise ExportError(tr("export.no_folder", folder=path.parent))
    atomic_write(path, data)


def export_table(
    repo: Repository,
    table: str,
    path: Path,
    scope: Scope,
    *,
    wide: bool = False,
    excel: bool = False,
    lang: str = "en",
) -> int:
    """Write a table to a CSV or XLSX file by its extension; return the rows written."""
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise ExportError(tr("export.bad_suffix", file=path.name))
    sheet = table_sheet(repo, table, scope, wide=wide)
    if suffix == ".csv":
        write_csv(sheet, path, excel=excel, lang=lang)
    else:
        write_xlsx(sheet, path, lang=lang)
    return len(sheet.rows)


__all__ = [
    "EXPORT_TABLES",
    "Column",
    "ExportError",
    "Scope",
    "Sheet",
    "deal_ref",
    "export_table",
    "table_sheet",
    "write_csv",
    "write_xlsx",
]
