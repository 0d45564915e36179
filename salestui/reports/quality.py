"""The quality-control reports: call listening (`calls`), the client base (`base`) and the
roll-call (`rollcall`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, Final

from salestui.analytics.audit import Audit
from salestui.analytics.calls import CallSummary
from salestui.analytics.rollcall import NO_ANSWER, has_answered
from salestui.columns import EMPLOYEE, TOTAL
from salestui.i18n import DASH, fmt_date, fmt_int, fmt_period, tr
from salestui.models import (
    BASE_POINTS,
    BaseReview,
    ChecklistItem,
    Employee,
    RollCall,
    Settings,
)
from salestui.reports.render import Column
from salestui.reports.sales import Output, titled

if TYPE_CHECKING:
    from salestui.queries import Digest

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


BASE_KEYS: Final = (
    "last_review",
    "completeness",
    "no_contacts",
    "empty_comments",
    "overdue_steps",
    "stale_deals",
    *BASE_POINTS,
)


def base_report(
    staff: Sequence[Employee],
    per: Mapping[int, Audit],
    team: Audit,
    latest: Mapping[int, BaseReview],
    out: Output,
    *,
    as_of: date,
    total: bool = True,
) -> str:
    """Render the client base as of a day per employee: the last base review's day, the
    audit now (required fields filled, clients without contacts, empty comments, open deals
    with an overdue or no next step, stale deals) and the last review's five ratings. The
    total's ratings are the mean of the employees' last ratings."""

    def fill(found: Audit, review: BaseReview | None) -> dict[str, Any]:
        return {
            "last_review": None if review is None else review.date,
            "completeness": found.completeness,
            "no_contacts": len(found.no_contacts),
            "empty_comments": len(found.empty_comments),
            "overdue_steps": len(found.overdue_steps),
            "stale_deals": len(found.stale_deals),
            **{p: None if review is None else review.ratings.get(p) for p in BASE_POINTS},
        }

    rows = [{EMPLOYEE: e.name, **fill(per[e.id], latest.get(e.id))} for e in staff if e.id in per]
    if total:
        reviews = [latest[e.id] for e in staff if e.id in latest]
        last = max((r.date for r in reviews), default=None)
        means: dict[str, float | None] = {
            p: round(sum(r.ratings[p] for r in reviews) / len(reviews), 1) if reviews else None
            for p in BASE_POINTS
        }
        rows.append({EMPLOYEE: TOTAL, **fill(team, None), "last_review": last, **means})
    kinds = {"last_review": "date", "completeness": "percent", **dict.fromkeys(BASE_POINTS, "num")}
    # The calls report's "last_review" is a call heard: this one is a base review.
    labels = {"last_review": tr("report.col.last_base_review")}
    columns = [Column(EMPLOYEE, tr("report.employee"))] + [
        Column(key, labels.get(key) or tr(f"report.col.{key}"), kinds.get(key, "int"))
        for key in BASE_KEYS
    ]
    title = f"{tr('report.base_title')} · {fmt_date(as_of)}"
    return titled(title, columns, rows, out, money=False, after=f"{tr('report.base_note')}\n")


def rollcall_report(
    staff: Sequence[Employee], answers: Mapping[int, RollCall], out: Output, *, day: date
) -> str:
    """Render a day's roll-call: per employee the status, the update and whether they
    answered (an answer marked "no answer", or none at all, is not one); no TOTAL row: the
    text ends with who has not answered."""
    rows = []
    silent = []
    for employee in staff:
        found = answers.get(employee.id)
        status = found.status if found is not None else NO_ANSWER
        answered = has_answered(found)
        if not answered:
            silent.append(employee.name)
        update = "" if found is None else found.update
        rows.append(
            {
                EMPLOYEE: employee.name,
                "status": status if out.machine else tr(f"rollcall.status.{status}"),
                # A table's row is one line: people read several messages joined by " · ".
                "update": update if out.machine else " · ".join(update.split("\n")),
                "answered": answered,
            }
        )
    columns = [
        Column(EMPLOYEE, tr("report.employee")),
        Column("status", tr("report.col.status")),
        Column("update", tr("report.col.update")),
        Column("answered", tr("report.col.answered"), "bool"),
    ]
    after = tr("report.rollcall_silent", names=", ".join(silent)) + "\n" if silent else ""
    title = f"{tr('report.rollcall_title')} · {fmt_date(day)}"
    return titled(title, columns, rows, out, money=False, after=after)


def today_report(
    staff: Sequence[Employee],
    digest: Digest,
    settings: Settings,
    out: Output,
    *,
    today: date,
    total: bool = True,
) -> str:
    """Render the morning digest: per employee how they reported the last working day, their
    hot deals needing action, overdue invoices, today's roll-call, and the supervision debt
    (days since the base review, calls heard this week); below, the team's numbers of that
    day against the norm, who has not reported and who has not answered."""
    report = digest.reporting
    status = report.statuses()

    def fill(employee: int) -> dict[str, Any]:
        debt = digest.debt.get(employee)
        count, amount = digest.overdue.get(employee, (0, 0))
        return {
            "reported": status.get(employee),
            "hot_needing_action": digest.hot_action.get(employee, 0),
            "overdue_invoices": count,
            "overdue_amount": amount,
            "rollcall_answered": None if debt is None else debt.answered_rollcall,
            "base_review_days": None if debt is None else debt.days_since_base_review,
            "calls_this_week": 0 if debt is None else debt.calls_this_week,
        }

    rows = [{EMPLOYEE: e.name, **fill(e.id)} for e in staff]
    if total:
        summed = {
            key: sum(row[key] for row in rows)
            for key in (
                "hot_needing_action",
                "overdue_invoices",
                "overdue_amount",
                "calls_this_week",
            )
        }
        rows.append(
            {
                EMPLOYEE: TOTAL,
                "reported": None,
                **summed,
                "rollcall_answered": None,
                "base_review_days": None,
            }
        )
    if not out.machine:
        for row in rows:
            if row["reported"] is not None:
                row["reported"] = tr(f"digest.reported.{row['reported']}")
    kinds = {
        "reported": "text",
        "overdue_amount": "money",
        "rollcall_answered": "bool",
    }
    columns = [Column(EMPLOYEE, tr("report.employee"))] + [
        Column(key, tr(f"report.col.{key}"), kinds.get(key, "int")) for key in TODAY_KEYS
    ]
    names = {e.id: e.name for e in staff}
    lines = [_team_line(digest, settings)]
    if report.missing:
        who = ", ".join(names[i] for i in report.missing if i in names)
        lines.append(tr("digest.not_reported", day=fmt_date(digest.day), names=who))
    if report.partial:
        who = ", ".join(names[i] for i in report.partial if i in names)
        lines.append(tr("digest.partial", names=who))
    silent = [e.name for e in staff if (d := digest.debt.get(e.id)) and not d.answered_rollcall]
    if silent:
        lines.append(tr("report.rollcall_silent", names=", ".join(silent)))
    title = f"{tr('report.today_title')} · {fmt_date(today)}"
    return titled(title, columns, rows, out, after="\n".join(lines) + "\n")


TODAY_KEYS: Final = (
    "reported",
    "hot_needing_action",
    "overdue_invoices",
    "overdue_amount",
    "rollcall_answered",
    "base_review_days",
    "calls_this_week",
)


def _team_line(digest: Digest, settings: Settings) -> str:
    """Return the team's numbers of the last working day, each beside its norm when planned."""
    parts = []
    for metric in settings.funnel:
        value = digest.team.get(metric.code)
        shown = DASH if value is None else fmt_int(value)
        norm = digest.norms.get(metric.code)
        if norm is not None:
            shown += f" / {fmt_int(round(norm))}"
        parts.append(f"{metric.short()} {shown}")
    return tr("digest.team", day=fmt_date(digest.day), numbers=" · ".join(parts))
