"""The hot, deals, finance, receivables and plan reports (DESIGN §6 shapes; no pandas).

JSON and CSV carry code names and money in major units; text and Markdown, which people
paste into a chat, add a title and show money in the language's format.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Final

from salestui.analytics.deals import DealSummary, HotRow, hot_totals
from salestui.analytics.finance import BUCKETS, Aging, Money, PlanLine
from salestui.columns import EMPLOYEE, TOTAL
from salestui.i18n import fmt_date, fmt_period, tr
from salestui.models import Employee, Settings
from salestui.money import fmt_money, symbol
from salestui.reports.render import Column, Minor, render

HOT_KEYS: Final = (
    "client",
    "employee",
    "stage",
    "amount",
    "probability",
    "expected_payment",
    "last_contact",
    "next_step",
    "next_step_due",
    "flags",
)


@dataclass(frozen=True, slots=True)
class Output:
    """How a report is printed: the format, Excel-friendly CSV, and the settings' currency."""

    fmt: str
    currency: str
    excel: bool = False

    @property
    def machine(self) -> bool:
        """Tell whether the output is for programs (CSV, JSON): no title, code names."""
        return self.fmt in ("csv", "json")


def titled(
    title: str,
    columns: Sequence[Column],
    rows: list[dict[str, Any]],
    out: Output,
    *,
    money: bool = True,
    after: str = "",
) -> str:
    """Render rows; people get a title line (with the currency when the rows hold money)
    above the table, `TOTAL` in their language, and `after` (notes, bars) below it."""
    if out.machine:
        return render(columns, rows, out.fmt, excel=out.excel)
    for row in rows:
        if row.get(EMPLOYEE) == TOTAL:
            row[EMPLOYEE] = tr("report.total")
    heading = f"{title} · {tr('report.currency', sign=symbol(out.currency))}" if money else title
    if not rows:
        return f"{heading}: {tr('report.nothing')}\n"
    table = render(columns, rows, out.fmt)
    return f"{heading}\n\n{table}\n{after}" if after else f"{heading}\n\n{table}"


def listed(
    employees: Sequence[Employee], start: date, end: date, with_data: Iterable[int]
) -> list[Employee]:
    """Return who gets a row: those employed in the period and anyone with data, by name."""
    having = set(with_data)
    chosen = [
        e
        for e in employees
        if e.id in having
        or ((e.hired is None or e.hired <= end) and (e.left is None or e.left >= start))
    ]
    return sorted(chosen, key=lambda e: (e.name.casefold(), e.id))


def hot_report(
    rows: Sequence[HotRow],
    names: Mapping[int, str],
    clients: Mapping[int, str],
    settings: Settings,
    out: Output,
    *,
    as_of: date,
) -> str:
    """Render the hot list as on screen, with its total and weighted amounts for people."""
    table = [
        {
            "client": clients.get(r.deal.client_id or 0, ""),
            "employee": names.get(r.deal.owner, ""),
            "stage": r.deal.stage if out.machine else settings.stage_label(r.deal.stage),
            "amount": Minor(r.deal.amount),
            "probability": r.deal.probability,
            "expected_payment": r.deal.expected_payment,
            "last_contact": r.deal.last_contact,
            "next_step": r.deal.next_step,
            "next_step_due": r.deal.next_step_due,
            "flags": list(r.flags) if out.machine else [tr(f"flag.{f}") for f in r.flags],
        }
        for r in rows
    ]
    kinds = {"amount": "money", "probability": "int", "flags": "list"}
    for key in ("expected_payment", "last_contact", "next_step_due"):
        kinds[key] = "date"
    columns = [Column(k, tr(f"report.col.{k}"), kinds.get(k, "text")) for k in HOT_KEYS]
    text = titled(f"{tr('routine.hot')} · {fmt_date(as_of)}", columns, table, out)
    if out.machine or not rows:
        return text
    total, weighted = hot_totals(rows)
    footer = tr(
        "report.hot_totals",
        count=len(rows),
        total=fmt_money(total, out.currency),
        weighted=fmt_money(weighted, out.currency),
    )
    return f"{text}\n{footer}\n"


def _per_employee(
    staff: Sequence[Employee],
    per: Mapping[int, Any],
    team: Any,
    fill: Any,
    *,
    total: bool,
) -> list[dict[str, Any]]:
    """Build one row per listed employee (and the TOTAL row) with `fill(row_data)`."""
    rows = [{EMPLOYEE: e.name, **fill(per[e.id])} for e in staff if e.id in per]
    if total:
        rows.append({EMPLOYEE: TOTAL, **fill(team)})
    return rows


def deals_report(
    staff: Sequence[Employee],
    per: Mapping[int, DealSummary],
    team: DealSummary,
    out: Output,
    *,
    start: date,
    end: date,
    by: str,
    total: bool = True,
) -> str:
    """Render deals per employee: created in the period (by=created) or closed in it."""

    def fill(s: DealSummary) -> dict[str, Any]:
        return {
            "deals": s.deals,
            "open": s.open,
            "won": s.won,
            "lost": s.lost,
            "win_rate": s.win_rate,
            "won_amount": Minor(s.won_amount),
            "avg_won_amount": None if s.avg_won_amount is None else Minor(s.avg_won_amount),
        }

    kinds = {"win_rate": "percent", "won_amount": "money", "avg_won_amount": "money"}
    columns = [Column(EMPLOYEE, tr("report.employee"))] + [
        Column(k, tr(f"report.col.{k}"), kinds.get(k, "int"))
        for k in ("deals", "open", "won", "lost", "win_rate", "won_amount", "avg_won_amount")
    ]
    heading = tr("report.deals_closed") if by == "closed" else tr("report.deals_created")
    title = f"{heading} · {fmt_period(start, end)}"
    return titled(title, columns, _per_employee(staff, per, team, fill, total=total), out)


def finance_report(
    staff: Sequence[Employee],
    per: Mapping[int, Money],
    team: Money,
    out: Output,
    *,
    start: date,
    end: date,
    total: bool = True,
) -> str:
    """Render invoices issued, money received, plan and attainment per employee."""

    def fill(m: Money) -> dict[str, Any]:
        return {
            "invoices_issued": m.invoices_issued,
            "invoiced_amount": Minor(m.invoiced_amount),
            "payments_received": m.payments_received,
            "received_amount": Minor(m.received_amount),
            "plan": None if m.plan is None else Minor(m.plan),
            "attainment": m.attainment,
        }

    kinds = {
        "invoiced_amount": "money",
        "received_amount": "money",
        "plan": "money",
        "attainment": "percent",
    }
    keys = (
        "invoices_issued",
        "invoiced_amount",
        "payments_received",
        "received_amount",
        "plan",
        "attainment",
    )
    columns = [Column(EMPLOYEE, tr("report.employee"))] + [
        Column(k, tr(f"report.col.{k}"), kinds.get(k, "int")) for k in keys
    ]
    title = f"{tr('routine.finance')} · {fmt_period(start, end)}"
    return titled(title, columns, _per_employee(staff, per, team, fill, total=total), out)


def receivables_report(
    staff: Sequence[Employee],
    per: Mapping[int, Aging],
    team: Aging,
    out: Output,
    *,
    as_of: date,
    total: bool = True,
) -> str:
    """Render open invoices and their aging buckets per employee as of a date."""

    def fill(a: Aging) -> dict[str, Any]:
        row: dict[str, Any] = {
            "open_invoices": a.open_invoices,
            "open_amount": Minor(a.open_amount),
        }
        row.update({b: Minor(a.buckets[b]) for b in BUCKETS})
        return row

    columns = [
        Column(EMPLOYEE, tr("report.employee")),
        Column("open_invoices", tr("report.col.open_invoices"), "int"),
        Column("open_amount", tr("report.col.open_amount"), "money"),
        *(Column(b, tr(f"aging.{b}"), "money") for b in BUCKETS),
    ]
    title = f"{tr('report.receivables')} · {fmt_date(as_of)}"
    return titled(title, columns, _per_employee(staff, per, team, fill, total=total), out)


def plan_report(lines: Sequence[PlanLine], settings: Settings, out: Output, *, month: str) -> str:
    """Render plan against fact per employee and target for a month, with the pace."""
    labels = {m.code: m.label() for m in settings.funnel}
    labels["revenue"] = tr("field.revenue")

    def value(line: PlanLine, amount: int | None) -> Any:
        if amount is None:
            return None
        return Minor(amount) if line.target == "revenue" else amount

    rows = [
        {
            EMPLOYEE: line.employee,
            "target": line.target if out.machine else labels.get(line.target, line.target),
            "plan": value(line, line.plan),
            "fact": value(line, line.fact),
            "attainment": line.attainment,
            "expected_to_date": value(line, line.expected_to_date),
        }
        for line in lines
    ]
    columns = [
        Column(EMPLOYEE, tr("report.employee")),
        Column("target", tr("report.col.target")),
        Column("plan", tr("report.col.plan"), "num"),
        Column("fact", tr("report.col.fact"), "num"),
        Column("attainment", tr("report.col.attainment"), "percent"),
        Column("expected_to_date", tr("report.col.expected_to_date"), "num"),
    ]
    return titled(f"{tr('report.plan')} · {month}", columns, rows, out)
