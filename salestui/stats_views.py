"""What each tab of the Stats screen shows, gathered from the repository (no Textual).

The screen calls these from a thread worker, a tab at a time; every number comes from
salestui.queries and the pure formulas of salestui.analytics, the same ones the `funnel`,
`duration`, `forecast` and `plan` reports print.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Final

from salestui import queries
from salestui.analytics.deals import DealSummary
from salestui.analytics.duration import Duration, histogram
from salestui.analytics.finance import PlanLine, month_bounds, month_pace, weekly_received
from salestui.analytics.forecast import Forecast, Requirement, reverse_funnel
from salestui.analytics.ladder import Ladder, WeakLink, ladder, weakest_link
from salestui.models import REVENUE, Employee, Payment
from salestui.reports.sales import listed
from salestui.store import Repository

# The cohort table: deals created in this many months up to the period's end.
COHORT_MONTHS: Final = 12
# The forecast chart's weeks of history before the weeks ahead.
HISTORY_WEEKS: Final = 12
# The key of the team in per-person maps of the views.
TEAM: Final = 0


@dataclass(frozen=True, slots=True)
class RatiosView:
    """The ratio ladder of a period per employee and the team's, with the weakest links."""

    codes: list[str]
    staff: list[Employee]
    per: dict[int, Ladder]
    team: Ladder
    weak: dict[int, WeakLink | None]


def ratios_view(
    repo: Repository, start: date, end: date, employees: Sequence[Employee]
) -> RatiosView:
    """Return each employee's ladder over [start, end], the team's, and each weakest link."""
    codes = list(repo.settings().metric_codes())
    per, team = queries.metric_counts(repo, start, end, [e.id for e in employees])
    staff = listed(employees, start, end, [i for i, c in per.items() if any(c.values())])
    days = (end - start).days + 1
    return RatiosView(
        codes,
        staff,
        {e.id: ladder(per.get(e.id, {}), codes) for e in staff},
        ladder(team, codes),
        {e.id: weakest_link(per.get(e.id, {}), team, codes, days) for e in staff},
    )


@dataclass(frozen=True, slots=True)
class DurationView:
    """Deal duration of a period per employee and team, cohorts, wins and the histogram."""

    staff: list[Employee]
    per: dict[int, Duration]
    team: Duration
    cohorts: dict[str, Duration]
    wins: dict[int, DealSummary]
    team_wins: DealSummary
    # Deals paid in the period by bucket of days (analytics.duration.BUCKET_EDGES); TEAM too.
    buckets: dict[int, list[int]]


def duration_view(
    repo: Repository, start: date, end: date, employees: Sequence[Employee]
) -> DurationView:
    """Return the duration of the deals paid in [start, end] (open ones at its end beside),
    the cohorts of the COHORT_MONTHS to end, and the win rate of the deals closed in it."""
    from salestui.analytics import deal_columns

    ids = [e.id for e in employees]
    rows = queries.duration_rows(repo, end)
    per, team = queries.durations(repo, start, end, ids, rows)
    chosen = deal_columns.paid_since(rows, start)
    paid = chosen.where(chosen.paid)
    buckets = {TEAM: histogram(paid.days.tolist())}
    for owner, days in deal_columns.grouped_days(paid).items():
        buckets[owner] = histogram(days)
    first = month_bounds(end)[0]
    index = first.year * 12 + first.month - COHORT_MONTHS
    since = date(index // 12, index % 12 + 1, 1)
    cohorts = dict(
        sorted(deal_columns.by_cohort(rows.where(rows.created >= since.toordinal())).items())
    )
    wins, team_wins = queries.deals(repo, start, end, "closed", ids)
    busy = [i for i, d in per.items() if d.paid or d.open] + [i for i, w in wins.items() if w.deals]
    return DurationView(
        listed(employees, start, end, busy),
        per,
        team,
        cohorts,
        wins,
        team_wins,
        buckets,
    )


@dataclass(frozen=True, slots=True)
class ForecastView:
    """The month of as_of per employee and team, the weeks behind and ahead, the pipeline."""

    as_of: date
    staff: list[Employee]
    per: dict[int, Forecast]
    team: Forecast
    # Money received per week (Monday, minor units), HISTORY_WEEKS to as_of; TEAM too.
    history: dict[int, list[tuple[date, int]]]
    # The weighted pipeline by expected payment month; TEAM too.
    pipeline: dict[int, dict[str, int]]


def forecast_view(repo: Repository, as_of: date, employees: Sequence[Employee]) -> ForecastView:
    """Return the forecasts of as_of's month, the weeks of money before it and the pipeline."""
    ids = [e.id for e in employees]
    pipelines = queries.open_pipelines(repo)
    per, team = queries.forecasts(repo, as_of, ids)
    first = as_of - timedelta(days=as_of.weekday()) - timedelta(weeks=HISTORY_WEEKS - 1)
    owners = repo.invoice_owners(first)
    payments = repo.payments_between(first, as_of)
    mine: dict[int, list[Payment]] = {}
    for payment in payments:
        mine.setdefault(owners.get(payment.invoice_id, TEAM), []).append(payment)
    history = {TEAM: weekly_received(payments, as_of, HISTORY_WEEKS)}
    history |= {o: weekly_received(p, as_of, HISTORY_WEEKS) for o, p in mine.items() if o}
    pipeline = {TEAM: pipelines[1], **pipelines[0]}
    first_day, last_day = month_bounds(as_of)
    busy = [i for i, f in per.items() if f.fact_to_date or f.weighted_pipeline]
    staff = listed(employees, first_day, last_day, busy)
    return ForecastView(as_of, staff, per, team, history, pipeline)


@dataclass(frozen=True, slots=True)
class PlanView:
    """Plan, fact and the pace of as_of's month per employee and target, then the team's."""

    month: date
    as_of: date
    targets: list[str]
    lines: list[PlanLine]
    days_total: int
    days_elapsed: int


def plan_view(repo: Repository, as_of: date, employees: Sequence[Employee]) -> PlanView:
    """Return plan vs fact with the pace for as_of's month (queries.plan_lines)."""
    settings = repo.settings()
    first, last = month_bounds(as_of)
    staff = listed(employees, first, last, repo.plans_for(first.isoformat()[:7]).keys())
    lines = queries.plan_lines(repo, first.isoformat()[:7], as_of, staff)
    total, elapsed = month_pace(first, as_of, settings.working_days)
    return PlanView(first, as_of, [REVENUE, *settings.metric_codes()], lines, total, elapsed)


@dataclass(slots=True)
class WhatIf:
    """The reverse funnel's inputs for as_of's month, and what the user changed in them."""

    as_of: date
    codes: list[str]
    staff: list[Employee]
    window: queries.Trailing
    working_days: int
    plans: dict[int, int]  # each employee's revenue plan of the month
    target: int | None = None  # typed: the same for everyone; None: each one's own plan
    # Per employee: step index (x→y in codes) → the ratio N of "N : 1" the user typed.
    overrides: dict[int, dict[int, float]] = field(default_factory=dict)

    def target_of(self, employee: int) -> int | None:
        """Return an employee's target: the one typed, else their own revenue plan."""
        return self.target if self.target is not None else self.plans.get(employee)

    def required(self, employee: int) -> Requirement | None:
        """Return what the target needs of one employee, with their changed ratios."""
        target = self.target_of(employee)
        if target is None:
            return None
        window = self.window
        return reverse_funnel(
            target,
            self.codes,
            window.counts.get(employee, {}),
            window.team_counts,
            window.paid.get(employee, 0),
            window.team_paid,
            self.working_days,
            self.overrides.get(employee),
        )

    def ratio(self, employee: int, step: int) -> tuple[float | None, bool]:
        """Return the ratio used at a step for one employee and whether the user set it."""
        changed = self.overrides.get(employee, {}).get(step)
        if changed is not None:
            return changed, True
        need = self.required(employee)
        source = (
            self.window.counts.get(employee, {})
            if need is None or need.ratios_from == "own"
            else self.window.team_counts
        )
        a, b = self.codes[step], self.codes[step + 1]
        x, y = source.get(a, 0), source.get(b, 0)
        return (x / y if y else None), False


def what_if(repo: Repository, as_of: date, employees: Sequence[Employee]) -> WhatIf:
    """Return the trailing window to as_of and the month's plans; each employee's target is
    their own revenue plan until the user types one for everyone."""
    settings = repo.settings()
    first, last = month_bounds(as_of)
    total, _ = month_pace(first, as_of, settings.working_days)
    plans = {
        i: p.targets[REVENUE]
        for i, p in repo.plans_for(first.isoformat()[:7]).items()
        if p.targets.get(REVENUE)
    }
    window = queries.trailing(repo, as_of, [e.id for e in employees])
    busy = [i for i, c in window.counts.items() if any(c.values())]
    staff = listed(employees, first, last, [*busy, *plans])
    return WhatIf(as_of, list(settings.metric_codes()), staff, window, total, plans)
