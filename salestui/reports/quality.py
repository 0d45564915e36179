"""The quality-control reports: call listening (`calls`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any, Final

from salestui.analytics.calls import CallSummary
from salestui.columns import EMPLOYEE, TOTAL
from salestui.i18n import fmt_period, tr
from salestui.models import ChecklistItem, Employee
from salestui.reports.render import Column
from salestui.reports.sales import Output, titled

CALLS_KEYS: Final = ("reviews", "avg_score", "last_review", "weakest_item")


def calls_report(
    staff: Sequence[Employee],
    per: Mapping[int, CallSummary],
    team: CallSummary,
    checklist: Sequence[ChecklistItem],
    out: Output,
    *,
    start: date,
    end: date,
    total: bool = True,
) -> str:
    """Render the calls listened to in a period per employee: how many, the mean call-review
    score (CQR, 0–100, N/A items left out), the last review's day, and the checklist item
    failed most often (its code for programs, its label for people)."""
    labels = {item.code: item.label() for item in checklist}

    def fill(s: CallSummary) -> dict[str, Any]:
        weakest = s.weakest_item
        if weakest is not None and not out.machine:
            weakest = labels.get(weakest, weakest)
        return {
            "reviews": s.reviews,
            "avg_score": s.avg_score,
            "last_review": s.last_review,
            "weakest_item": weakest,
        }

    rows = [{EMPLOYEE: e.name, **fill(per[e.id])} for e in staff if e.id in per]
    if total:
        rows.append({EMPLOYEE: TOTAL, **fill(team)})
    kinds = {"reviews": "int", "avg_score": "num", "last_review": "date", "weakest_item": "text"}
    columns = [Column(EMPLOYEE, tr("report.employee"))] + [
        Column(key, tr(f"report.col.{key}"), kinds[key]) for key in CALLS_KEYS
    ]
    title = f"{tr('report.calls_title')} · {fmt_period(start, end)}"
    return titled(title, columns, rows, out, money=False, after=f"{tr('report.calls_note')}\n")
