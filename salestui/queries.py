"""What the sales screens and reports show, gathered from the repository by one set of functions.

The CLI reports and the TUI screens call these, so a number on screen and in a report is
always the same number. Each reads only the files its answer needs (open deals, open
invoices, the period's years) and hands the records to the pure analytics.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction
from typing import TYPE_CHECKING, Final
from weakref import WeakKeyDictionary

from salestui.analytics.audit import (
    Audit,
    Shared,
    Twins,
    audits,
    key_field,
    normalised,
    shared_keys,
)
from salestui.analytics.calendar import previous_working_day
from salestui.analytics.calls import LOOKBACK_DAYS, Listen, todays_listening
from salestui.analytics.deals import DealSummary, HotRow, hot_list, summaries_by_owner
from salestui.analytics.duration import Duration, duration, percentile
from salestui.analytics.finance import (
    Aging,
    Money,
    PlanLine,
    Receivable,
    RunRate,
    aging_by_employee,
    expected_to_date,
    money_by_employee,
    month_bounds,
    month_pace,
    prorated,
    receivables,
    run_rate,
    weekly_received,
)
from salestui.analytics.forecast import (
    Forecast,
    funnel_forecast,
    reverse_funnel,
    weighted_pipelines,
)
from salestui.analytics.norms import daily_norms, month_working_days
from salestui.analytics.reporting import DayReporting, day_reporting
from salestui.analytics.supervision import Debt, supervision_debt
from salestui.analytics.totals import column_totals
from salestui.columns import TOTAL
from salestui.models import REVENUE, Client, ClientCard, DailyMetrics, Deal, Employee, Invoice
from salestui.store import Repository
from salestui.store.schema import OPEN

if TYPE_CHECKING:
    from salestui.analytics.deal_columns import DaysColumns


def hot(repo: Repository, today: date, employee_id: int | None = None) -> list[HotRow]:
    """Return the hot list as of today (one employee's, if given)."""
    return hot_list(repo.open_deals(), repo.settings(), today, employee_id)


def client_names(repo: Repository, ids: set[int]) -> dict[int, str]:
    """Return the names of the given clients."""
    return repo.client_names(ids)


def deals(
    repo: Repository, start: date, end: date, by: str, staff: Sequence[int]
) -> tuple[dict[int, DealSummary], DealSummary]:
    """Return deals per employee: created in [start, end] (by="created") or closed in it."""
    if by == "closed":
        chosen = repo.deals_closed_between(start, end)
    else:
        chosen = repo.deals_created_between(start, end)
    return summaries_by_owner(chosen, staff)


def revenue_plans(repo: Repository, start: date, end: date) -> dict[int, int]:
    """Return each employee's revenue plan for [start, end], prorated by working days."""
    working = repo.settings().working_days
    monthly: dict[int, dict[str, int]] = {}
    month = start.replace(day=1)
    while month <= end:
        key = month.isoformat()[:7]
        for employee_id, plan in repo.plans_for(key).items():
            if REVENUE in plan.targets:
                monthly.setdefault(employee_id, {})[key] = plan.targets[REVENUE]
        month = month_bounds(month)[1] + timedelta(days=1)
    return {i: prorated(months, start, end, working) for i, months in monthly.items()}


def money(
    repo: Repository, start: date, end: date, staff: Sequence[int]
) -> tuple[dict[int, Money], Money]:
    """Return invoices issued and money received per employee in [start, end], with plans."""
    issued = repo.invoices_issued_between(start, end)
    payments = repo.payments_between(start, end)
    owners = repo.invoice_owners(start)
    return money_by_employee(issued, payments, owners, staff, revenue_plans(repo, start, end))


def duration_rows(repo: Repository, as_of: date) -> DaysColumns:
    """Return every deal's days as of a day: to its payment, or its age if still open then
    (analytics.deal_columns over the store's per-file deal columns)."""
    from salestui.analytics.deal_columns import deal_days_columns

    return deal_days_columns(repo.deal_columns(), as_of)


def durations(
    repo: Repository,
    start: date,
    end: date,
    staff: Sequence[int],
    rows: DaysColumns | None = None,
) -> tuple[dict[int, Duration], Duration]:
    """Return the duration of the deals paid in [start, end] per employee and the team's, with
    the deals open at the period's end beside them (censored at their age then).

    `rows` are duration_rows(repo, end) when the caller has them already.
    """
    from salestui.analytics import deal_columns

    chosen = deal_columns.paid_since(duration_rows(repo, end) if rows is None else rows, start)
    per = {i: duration([], []) for i in staff}
    per.update(deal_columns.by_owner(chosen))
    return per, deal_columns.team(chosen)


# The trailing window of the funnel forecast and of the reverse funnel's ratios (DESIGN §4).
WINDOW_WEEKS: Final = 4
# The weeks ahead the funnel forecast adds up, and the days of paid deals its lag comes from.
FORECAST_WEEKS: Final = 4
LAG_DAYS: Final = 90


Pipelines = tuple[dict[int, dict[str, int]], dict[str, int]]
# Each repository's weighted pipelines with the open deals' file version they were made at.
_PIPELINES: Final[WeakKeyDictionary[Repository, tuple[int, Pipelines]]] = WeakKeyDictionary()


def open_pipelines(repo: Repository) -> Pipelines:
    """Return the weighted pipeline by month of every owner and of them all
    (analytics.forecast.weighted_pipelines), kept until the open deals' file changes: a
    pass over 30,000 open deals costs ~40 ms, and a save of a deal makes it again."""
    version = repo.version("deals", OPEN)
    kept = _PIPELINES.get(repo)
    if kept is not None and kept[0] == version:
        return kept[1]
    found = weighted_pipelines(repo.open_deals())
    _PIPELINES[repo] = (version, found)
    return found


def forecasts(
    repo: Repository,
    as_of: date,
    staff: Sequence[int],
    target: int | None = None,
) -> tuple[dict[int, Forecast], Forecast]:
    """Return each employee's forecast of as_of's month and the team's (see Forecast).

    Fact = money received from the month's first day to as_of; projection = the run-rate
    (analytics.finance.run_rate); plan = the month's revenue plan; weighted pipeline = the open
    deals expected to pay in the month (Σ amount × probability / 100); funnel forecast = the
    money expected over the FORECAST_WEEKS after as_of (analytics.forecast.funnel_forecast,
    window WINDOW_WEEKS, lag = the team's median duration of the deals paid in the LAG_DAYS to
    as_of); required = the reverse funnel of `target` a month per employee, by the employee's
    own trailing ratios or the team's.
    """
    settings = repo.settings()
    codes = settings.metric_codes()
    first, last = month_bounds(as_of)
    month = first.isoformat()[:7]
    total_days, elapsed = month_pace(first, as_of, settings.working_days)
    # The money received only (money() also builds every invoice issued in the month).
    payments_in = repo.payments_between(first, as_of)
    owners_in = repo.invoice_owners(first)
    received, team_received = money_by_employee([], payments_in, owners_in, staff, {})
    plans = revenue_plans(repo, first, last)
    pipeline = {o: months.get(month, 0) for o, months in open_pipelines(repo)[0].items()}
    window = trailing(repo, as_of, staff)
    counts, team_counts = window.counts, window.team_counts
    weekly, team_weekly = window.weekly, window.team_weekly
    paid, team_paid = window.paid, window.team_paid
    from salestui.analytics.deal_columns import paid_since

    recent = paid_since(duration_rows(repo, as_of), as_of - timedelta(days=LAG_DAYS))
    lag = percentile(sorted(recent.days[recent.paid].tolist()), 0.5)

    def line(
        fact: int,
        plan: int | None,
        weighted: int,
        own: dict[str, int],
        week: list[int],
        money_in: int,
    ) -> Forecast:
        return Forecast(
            fact,
            run_rate(fact, plan, total_days, elapsed).projected,
            plan,
            weighted,
            funnel_forecast(
                week,
                own.get(codes[0], 0),
                own.get(codes[-1], 0),
                money_in,
                as_of,
                lag,
                FORECAST_WEEKS,
            ),
            None
            if target is None
            else reverse_funnel(target, codes, own, team_counts, money_in, team_paid, total_days),
        )

    per = {
        i: line(
            received[i].received_amount if i in received else 0,
            plans.get(i),
            pipeline.get(i, 0),
            counts.get(i, dict.fromkeys(codes, 0)),
            weekly.get(i, [0] * WINDOW_WEEKS),
            paid.get(i, 0),
        )
        for i in {*staff, *received}
    }
    known = [plans[i] for i in per if i in plans]
    team = line(
        team_received.received_amount,
        sum(known) if known else None,
        sum(pipeline.values()),
        team_counts,
        team_weekly,
        team_paid,
    )
    return per, team


@dataclass(frozen=True, slots=True)
class Trailing:
    """The trailing window's activity up to a day: what the funnel forecast and the reverse
    funnel read (counts of every funnel metric, the first metric by week, money received)."""

    start: date
    counts: dict[int, dict[str, int]]
    team_counts: dict[str, int]
    weekly: dict[int, list[int]]  # the first metric per week of the window, oldest first
    team_weekly: list[int]
    paid: dict[int, int]  # money of the window's payments, by the invoice's owner
    team_paid: int


def trailing(repo: Repository, as_of: date, staff: Sequence[int]) -> Trailing:
    """Return the WINDOW_WEEKS ending on as_of: counts, weekly first-metric counts, money."""
    codes = repo.settings().metric_codes()
    start = as_of - timedelta(weeks=WINDOW_WEEKS) + timedelta(days=1)
    records = repo.metrics_between(start, as_of)
    counts, team_counts = summed(records, codes, staff)
    weekly: dict[int, list[int]] = {}
    team_weekly = [0] * WINDOW_WEEKS
    for record in records:
        week = (record.date - start).days // 7
        calls = record.counts.get(codes[0], 0)
        weekly.setdefault(record.employee_id, [0] * WINDOW_WEEKS)[week] += calls
        team_weekly[week] += calls
    owners = repo.invoice_owners(start)
    paid: dict[int, int] = {}
    payments = repo.payments_between(start, as_of)
    for payment in payments:
        owner = owners.get(payment.invoice_id)
        if owner is not None:
            paid[owner] = paid.get(owner, 0) + payment.amount
    team_paid = sum(p.amount for p in payments)
    return Trailing(start, counts, team_counts, weekly, team_weekly, paid, team_paid)


@dataclass(frozen=True, slots=True)
class Receivables:
    """Receivables as of a date: the open invoices, most overdue first, and their aging."""

    rows: list[Receivable]
    per: dict[int, Aging]
    team: Aging


def open_receivables(repo: Repository, as_of: date, staff: Sequence[int]) -> Receivables:
    """Return receivables as of a date with aging per employee and for the team."""
    invoices, after = repo.receivables_input(as_of)
    rows = receivables(invoices, after, as_of)
    per, team = aging_by_employee(rows, staff)
    return Receivables(rows, per, team)


def weekly(
    repo: Repository, today: date, employee_id: int | None = None, weeks: int = 12
) -> list[tuple[date, int]]:
    """Return money received per week for the last weeks (one employee's, if given)."""
    first = today - timedelta(days=today.weekday()) - timedelta(weeks=weeks - 1)
    payments = repo.payments_between(first, today)
    if employee_id is not None:
        owners = repo.invoice_owners(first)
        payments = [p for p in payments if owners.get(p.invoice_id) == employee_id]
    return weekly_received(payments, today, weeks)


def metric_counts(
    repo: Repository, start: date, end: date, staff: Sequence[int]
) -> tuple[dict[int, dict[str, int]], dict[str, int]]:
    """Return each employee's funnel counts summed over [start, end] (every listed employee,
    zeros without numbers; anyone else with numbers too) and the team's."""
    return summed(repo.metrics_between(start, end), repo.settings().metric_codes(), staff)


def summed(
    records: Iterable[DailyMetrics], codes: Sequence[str], staff: Sequence[int]
) -> tuple[dict[int, dict[str, int]], dict[str, int]]:
    """Return the funnel counts of some daily records summed per employee and for the team."""
    per: dict[int, dict[str, int]] = {i: dict.fromkeys(codes, 0) for i in staff}
    team = dict.fromkeys(codes, 0)
    for record in records:
        row = per.setdefault(record.employee_id, dict.fromkeys(codes, 0))
        for code, value in record.counts.items():
            if code in row:
                row[code] += value
                team[code] += value
    return per, team


def month_facts(repo: Repository, month: str, staff: Sequence[int]) -> dict[int, dict[str, int]]:
    """Return each employee's facts of a month: funnel counts summed and revenue received."""
    first, last = month_bounds(date.fromisoformat(f"{month}-01"))
    codes = repo.settings().metric_codes()
    counts, _ = metric_counts(repo, first, last, staff)
    facts = {i: {REVENUE: 0, **row} for i, row in counts.items()}
    owners = repo.invoice_owners(first)
    for payment in repo.payments_between(first, last):
        owner = owners.get(payment.invoice_id)
        if owner is not None:
            facts.setdefault(owner, dict.fromkeys((REVENUE, *codes), 0))[REVENUE] += payment.amount
    return facts


def plan_lines(
    repo: Repository, month: str, as_of: date, staff: Sequence[Employee]
) -> list[PlanLine]:
    """Return plan, fact and pace per employee and target for a month, then the team's."""
    settings = repo.settings()
    targets = (REVENUE, *settings.metric_codes())
    plans = repo.plans_for(month)
    facts = month_facts(repo, month, [e.id for e in staff])
    total, elapsed = month_pace(date.fromisoformat(f"{month}-01"), as_of, settings.working_days)
    lines: list[PlanLine] = []
    team_plan: dict[str, int | None] = dict.fromkeys(targets)
    team_fact: dict[str, int] = dict.fromkeys(targets, 0)
    for employee in staff:
        plan = plans.get(employee.id)
        for target in targets:
            value = plan.targets.get(target) if plan else None
            fact = facts.get(employee.id, {}).get(target, 0)
            pace = None if value is None else expected_to_date(value, total, elapsed)
            lines.append(PlanLine(employee.name, target, value, fact, pace))
            team_fact[target] += fact
            if value is not None:
                team_plan[target] = (team_plan[target] or 0) + value
    for target in targets:
        value = team_plan[target]
        pace = None if value is None else expected_to_date(value, total, elapsed)
        lines.append(PlanLine(TOTAL, target, value, team_fact[target], pace))
    return lines


@dataclass(frozen=True, slots=True)
class MorningAlerts:
    """What Today points at in the sales routines: the hot list, late invoices, the month."""

    overdue_steps: int
    stale: int
    overdue_invoices: int
    overdue_amount: int
    revenue: int
    revenue_plan: int | None
    expected_by_now: int | None


def overdue_invoices(repo: Repository, today: date) -> list[Invoice]:
    """Return the open invoices past their due date with something left to pay."""
    return [i for i in repo.open_invoices() if i.due < today and i.open_amount > 0]


def morning_alerts(repo: Repository, today: date) -> MorningAlerts:
    """Return Today's sales alerts: open deals, open invoices and this month's money only."""
    rows = hot(repo, today)
    late = overdue_invoices(repo, today)
    first, last = month_bounds(today)
    received = sum(p.amount for p in repo.payments_between(first, min(today, last)))
    targets = [
        p.targets[REVENUE]
        for p in repo.plans_for(today.isoformat()[:7]).values()
        if REVENUE in p.targets
    ]
    plan = sum(targets) if targets else None
    expected = None
    if plan is not None:
        total, elapsed = month_pace(first, today, repo.settings().working_days)
        expected = expected_to_date(plan, total, elapsed)
    return MorningAlerts(
        sum("overdue_step" in r.flags for r in rows),
        sum("stale" in r.flags for r in rows),
        len(late),
        sum(i.open_amount for i in late),
        received,
        plan,
        expected,
    )


@dataclass(frozen=True, slots=True)
class MonthPace:
    """Run-rate of a month per employee and for the team, as of a day."""

    month: date
    per: dict[int, RunRate]
    team: RunRate


def month_run_rates(
    repo: Repository,
    day: date,
    today: date,
    staff: Sequence[int],
    known: tuple[dict[int, Money], Money] | None = None,
) -> MonthPace:
    """Return the run-rate of day's month: money received so far, its plan and the pace.

    `known` is the month's money when the caller has it already (a screen showing that month).
    """
    first, last = month_bounds(day)
    per, team = known or money(repo, first, last, staff)
    total, elapsed = month_pace(first, today, repo.settings().working_days)
    return MonthPace(
        first,
        {i: run_rate(m.received_amount, m.plan, total, elapsed) for i, m in per.items()},
        run_rate(team.received_amount, team.plan, total, elapsed),
    )


@dataclass(frozen=True, slots=True)
class Digest:
    """The morning digest: the last working day's reporting and team numbers against the
    norm, and per employee what needs the head of sales today."""

    day: date  # the last working day, whose numbers are reported
    reporting: DayReporting
    team: dict[str, int | None]  # the team's numbers of that day (None: nobody entered it)
    norms: dict[str, Fraction]  # the team's daily norm per metric (the plans spread)
    hot_action: dict[int, int]  # hot deals with an overdue or no next step, stale or late
    overdue: dict[int, tuple[int, int]]  # invoices past due: count, amount left
    debt: dict[int, Debt]


def morning_digest(repo: Repository, today: date) -> Digest:
    """Gather the morning digest as of today (the routines' own formulas, each once)."""
    settings = repo.settings()
    codes = settings.metric_codes()
    day = previous_working_day(today, settings.working_days)
    staff = repo.employees()
    entered = {i: m.counts for i, m in repo.metrics_on(day).items()}
    reporting = day_reporting(staff, entered, day, codes, settings.working_days, today)
    team = column_totals(entered.values(), codes)
    days = month_working_days(day, settings.working_days)
    norms: dict[str, Fraction] = {}
    for (_, code), norm in daily_norms(
        repo.plans_for(day.isoformat()[:7]).values(), codes, days
    ).items():
        norms[code] = norms.get(code, Fraction(0)) + norm
    needing = ("overdue_step", "no_step", "stale", "past_expected")
    hot_action: dict[int, int] = {}
    for row in hot(repo, today):
        if any(flag in row.flags for flag in needing):
            hot_action[row.deal.owner] = hot_action.get(row.deal.owner, 0) + 1
    overdue: dict[int, tuple[int, int]] = {}
    for invoice in overdue_invoices(repo, today):
        count, amount = overdue.get(invoice.employee_id, (0, 0))
        overdue[invoice.employee_id] = (count + 1, amount + invoice.open_amount)
    debts = supervision(repo, today, reporting, staff).debts
    return Digest(
        day, reporting, team, norms, hot_action, overdue, {d.employee_id: d for d in debts}
    )


@dataclass(frozen=True, slots=True)
class Supervision:
    """Today's supervision of the team: each employee's debt, and the counts of routines
    6, 7 and 8 the morning checklist shows."""

    debts: list[Debt]  # of those employed today, in the team's order
    heard_today: int  # calls reviewed today
    queue: list[Listen]  # whom to hear next today (analytics.calls.todays_listening)
    answered: int  # roll-call answers today (not "no answer")

    @property
    def base_due(self) -> int:
        """Return how many are due a base review (7+ days, or never)."""
        return sum(d.base_overdue for d in self.debts)


def supervision(
    repo: Repository, today: date, reporting: DayReporting, staff: Sequence[Employee]
) -> Supervision:
    """Gather the supervision debt and the quality routines' counts as of today: the small
    quality tables only (base reviews, the year's call reviews, today's roll-call)."""
    # Supervision is of those employed today: someone who left owes no roll-call.
    present = [e.id for e in staff if e.employed_on(today)]
    reviews = repo.call_reviews(today - timedelta(days=LOOKBACK_DAYS), today)
    monday = today - timedelta(days=today.weekday())
    answers = repo.rollcall(today)
    debts = supervision_debt(
        present,
        repo.base_reviews(),
        [r for r in reviews if r.date >= monday],
        answers,
        reporting.statuses(),
        today,
    )
    listening = todays_listening(reviews, repo.settings().call_checklist, present, today)
    return Supervision(
        debts,
        listening.heard,
        listening.queue,
        sum(d.answered_rollcall for d in debts),
    )


# What the base audit is counted from: its figures stay current while these do not change
# (a roll-call answer or a call review saved does not count the base again).
BASE_TABLES: Final = ("clients", "deals", "settings", "employees")


def base_changes(repo: Repository) -> int:
    """Return the changes of the tables the base audit is counted from."""
    return repo.changes_of(*BASE_TABLES)


@dataclass(frozen=True, slots=True)
class BaseFigures:
    """The base audit's figures per employee, and the keys clients share (what audit mode
    starts from: ~5 MB at 100,000 clients, where an index of every key took ~60 MB)."""

    changes: int  # base_changes() when counted: current while it stays the same
    audits: dict[int, Audit]
    shared: Shared
    owned: dict[int, list[int]]  # each owner's clients' ids (audit mode reads only theirs)


def base_figures(repo: Repository, as_of: date, employees: Sequence[int]) -> BaseFigures:
    """Count the base audit's figures per employee over the whole base (~1 s at 100,000
    clients: the read-ahead and the screen's worker thread call it, never the event loop)."""
    changes = base_changes(repo)
    cards = repo.client_cards()
    shared = shared_keys(cards)
    per, _ = audits(cards, repo.open_deals(), repo.settings(), as_of, employees, shared)
    owned: dict[int, list[int]] = defaultdict(list)
    for card in cards:
        owned[card.owner].append(card.id)
    return BaseFigures(changes, per, shared, dict(owned))


@dataclass(frozen=True, slots=True)
class EmployeeBase:
    """What audit mode starts from for one employee: their clients, the others' clients
    sharing a key with them (to name the duplicates), their open deals, and the duplicates
    index over their clients and the base's shared keys."""

    clients: dict[int, Client | ClientCard]  # cards; a client audit mode fixed, its record
    deals: dict[int, Deal]
    twins: Twins


def employee_base(
    repo: Repository,
    employee_id: int,
    figures: BaseFigures,
    lookup: Callable[[str], Iterable[int]] | None = None,
) -> EmployeeBase:
    """Read one employee's clients and open deals, and the clients sharing their keys (tens
    of milliseconds at 100,000 clients: only these documents are read). lookup finds a key's
    holders in the base when a fix brings a key (key_holders)."""
    own = repo.client_cards(ids=figures.owned.get(employee_id, ()))
    twins = Twins(own, figures.shared, lookup)
    mine = {card.id for card in own}
    clients: dict[int, Client | ClientCard] = {
        card.id: card for card in repo.client_cards(ids=twins.ids() - mine)
    }
    clients.update((card.id, card) for card in own)
    deals = {d.id: d for d in repo.open_deals() if d.owner == employee_id}
    return EmployeeBase(clients, deals, twins)


def key_holders(repo: Repository, key: str) -> list[int]:
    """Return the ids of the clients holding a Twins key, read from every client's document
    (audit mode asks when a fix may have made a duplicate the Shared keys did not know)."""
    field_name, value = key_field(key)
    return [
        card.id
        for card in repo.client_cards()
        if normalised(field_name, getattr(card, field_name)) == value
    ]
