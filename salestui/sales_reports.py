"""`salestui report` of the sales and stats routines: options to numbers to text."""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

from salestui import queries
from salestui.analytics.audit import audits
from salestui.analytics.calls import summaries
from salestui.analytics.finance import month_bounds
from salestui.i18n import fmt_date, tr
from salestui.money import MoneyError, parse_money
from salestui.reports.quality import base_report, calls_report, rollcall_report, today_report
from salestui.reports.sales import (
    Output,
    deals_report,
    finance_report,
    hot_report,
    listed,
    plan_report,
    receivables_report,
)
from salestui.reports.stats import duration_report, forecast_report, funnel_report
from salestui.store import Repository

DateParser = Callable[[str | None, str, date], date | None]
_MONTH = re.compile(r"^(?P<y>[0-9]{4})-(?P<m>0[1-9]|1[0-2])$")


def sales_report(
    args: argparse.Namespace,
    path: Path,
    today: date,
    *,
    parse: DateParser,
    unknown: type[Exception],
) -> str:
    """Open the database read-only and render one of the sales reports the options ask for."""
    start = parse(getattr(args, "start", None), "--from", today)
    end = parse(getattr(args, "end", None), "--to", today)
    as_of = parse(args.as_of, "--as-of", today) or today
    month = _month(args.month, today, unknown)
    # This month so far, unless a period is given; --from alone runs to today.
    first = start or (end or today).replace(day=1)
    last = end or (today if start is None or start <= today else start)
    if first > last:
        raise unknown(tr("cli.range_reversed", start=fmt_date(first), end=fmt_date(last)))
    month_first, month_last = month_bounds(date.fromisoformat(f"{month}-01"))
    period = {"plan": (month_first, month_last), "funnel": (first, last)}.get(args.name)
    repo = Repository.open(path, writable=False, metrics=period)
    try:
        settings = repo.settings()
        out = Output(args.format, settings.currency, args.excel)
        employees = repo.employees()
        chosen = None
        if args.employee is not None:
            chosen = repo.find_employee(args.employee)
            if chosen is None:
                raise unknown(tr("cli.unknown_employee", name=args.employee))
        only = None if chosen is None else [chosen]
        if args.name == "hot":
            rows = queries.hot(repo, today, chosen.id if chosen else None)
            names = {e.id: e.name for e in employees}
            clients = queries.client_names(
                repo, {r.deal.client_id for r in rows if r.deal.client_id}
            )
            return hot_report(rows, names, clients, settings, out, as_of=today)
        if args.name == "deals":
            per, team = queries.deals(repo, first, last, args.by, [e.id for e in employees])
            staff = only or listed(employees, first, last, [i for i, s in per.items() if s.deals])
            return deals_report(
                staff, per, team, out, start=first, end=last, by=args.by, total=only is None
            )
        if args.name == "finance":
            per_m, team_m = queries.money(repo, first, last, [e.id for e in employees])
            # Anyone with a plan has a row too: the team's plan is the sum of the rows'.
            busy = [
                i
                for i, m in per_m.items()
                if m.invoices_issued or m.payments_received or m.plan is not None
            ]
            staff = only or listed(employees, first, last, busy)
            return finance_report(
                staff, per_m, team_m, out, start=first, end=last, total=only is None
            )
        if args.name == "funnel":
            per_c, team_c = queries.metric_counts(repo, first, last, [e.id for e in employees])
            busy = [i for i, counts in per_c.items() if any(counts.values())]
            staff = only or listed(employees, first, last, busy)
            return funnel_report(
                staff, per_c, team_c, settings, out, start=first, end=last, total=only is None
            )
        if args.name == "duration":
            per_d, team_d = queries.durations(repo, first, last, [e.id for e in employees])
            busy = [i for i, d in per_d.items() if d.paid or d.open]
            staff = only or listed(employees, first, last, busy)
            return duration_report(
                staff, per_d, team_d, out, start=first, end=last, total=only is None
            )
        if args.name == "forecast":
            target = None
            if args.target is not None:
                try:
                    target = parse_money("--target", args.target)
                except MoneyError as exc:
                    raise unknown(str(exc)) from None
            per_f, team_f = queries.forecasts(repo, as_of, [e.id for e in employees], target)
            busy = [i for i, f in per_f.items() if f.fact_to_date or f.weighted_pipeline]
            first_day = as_of.replace(day=1)
            staff = only or listed(employees, first_day, as_of, busy)
            return forecast_report(
                staff,
                per_f,
                team_f,
                settings,
                out,
                as_of=as_of,
                target=target,
                total=only is None,
            )
        if args.name == "calls":
            checklist = settings.call_checklist
            reviews = repo.call_reviews(first, last)
            per_r, team_r = summaries(reviews, checklist, [e.id for e in employees])
            heard = [i for i, r in per_r.items() if r.reviews]
            staff = only or listed(employees, first, last, heard)
            return calls_report(
                staff, per_r, team_r, checklist, out, start=first, end=last, total=only is None
            )
        if args.name == "base":
            ids = [e.id for e in employees]
            # The base as it is now (clients and open deals are not kept by day).
            per_a, team_a = audits(repo.client_cards(), repo.open_deals(), settings, today, ids)
            latest = {r.employee_id: r for r in repo.base_reviews() if r.date <= today}
            # Whoever owns a client or an open deal has a row: the TOTAL adds up the rows.
            owning = [i for i, a in per_a.items() if a.clients or a.overdue_steps or a.stale_deals]
            staff = only or listed(employees, today, today, owning)
            return base_report(staff, per_a, team_a, latest, out, as_of=today, total=only is None)
        if args.name == "today":
            digest = queries.morning_digest(repo, today)
            busy = [*digest.reporting.expected, *digest.hot_action, *digest.overdue]
            staff = only or listed(employees, today, today, busy)
            return today_report(staff, digest, settings, out, today=today, total=only is None)
        if args.name == "rollcall":
            answers = {r.employee_id: r for r in repo.rollcall(as_of)}
            staff = only or listed(employees, as_of, as_of, answers)
            return rollcall_report(staff, answers, out, day=as_of)
        if args.name == "receivables":
            found = queries.open_receivables(repo, as_of, [e.id for e in employees])
            owing = [i for i, a in found.per.items() if a.open_invoices]
            staff = only or listed(employees, as_of, as_of, owing)
            return receivables_report(
                staff, found.per, found.team, out, as_of=as_of, total=only is None
            )
        staff = only or listed(employees, month_first, month_last, ())
        lines = queries.plan_lines(repo, month, today, staff)
        if only is not None:
            lines = [line for line in lines if line.employee == only[0].name]
        return plan_report(lines, settings, out, month=month)
    finally:
        repo.close()


def _month(text: str | None, today: date, unknown: type[Exception]) -> str:
    """Return --month as YYYY-MM (this month by default), or refuse it naming the option."""
    if text is None:
        return today.isoformat()[:7]
    match = _MONTH.match(text.strip())
    if match is None or not 1900 <= int(match["y"]) <= 2999:
        raise unknown(tr("cli.bad_month", value=text))
    return text.strip()
