"""Forecasts: weighted pipeline by month, the funnel forecast, the reverse funnel (DESIGN §4).

Pure functions over records and counts; the day they are computed for is a parameter. The
run-rate projection of a month is analytics.finance.run_rate, for revenue and every metric.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final

from salestui.analytics.deals import weighted
from salestui.analytics.ratios import ratio
from salestui.models import Deal

# The weighted pipeline's bucket for open deals without an expected payment date.
NO_DATE: Final = ""
# Fewer than this many of the last metric (payments) in the window: too little data of the
# employee's own, the team's ratios are used instead (and the screen says so).
MIN_OWN_PAYMENTS: Final = 3


def weighted_pipeline(deals: Iterable[Deal]) -> dict[str, int]:
    """Return Σ amount × probability / 100 over open deals by expected payment month
    ("2026-12"; NO_DATE for deals without a date), in minor units, months in order."""
    return weighted_pipelines(deals)[1]


def weighted_pipelines(
    deals: Iterable[Deal],
) -> tuple[dict[int, dict[str, int]], dict[str, int]]:
    """Return the weighted pipeline by month of each owner's open deals, and of them all
    (weighted_pipeline's formula; one pass over the deals)."""
    per: dict[int, dict[tuple[int, int], int]] = {}
    team: dict[tuple[int, int], int] = {}
    for deal in deals:
        if not deal.is_open:
            continue
        when = deal.expected_payment
        key = (when.year, when.month) if when is not None else (0, 0)
        value = weighted(deal.amount, deal.probability)
        mine = per.setdefault(deal.owner, {})
        mine[key] = mine.get(key, 0) + value
        team[key] = team.get(key, 0) + value

    def named(months: dict[tuple[int, int], int]) -> dict[str, int]:
        # Months in order, the deals without a date last.
        ordered = sorted(months.items(), key=lambda kv: (kv[0] == (0, 0), kv[0]))
        return {(f"{y:04d}-{m:02d}" if y else NO_DATE): v for (y, m), v in ordered}

    return {owner: named(months) for owner, months in per.items()}, named(team)


@dataclass(frozen=True, slots=True)
class FunnelForecast:
    """Payments expected in the weeks ahead from recent activity and trailing ratios."""

    weekly_first: float  # the first metric's weekly average over the window
    conversion: float | None  # last / first over the window (None: no first-metric activity)
    lag_weeks: int  # the median deal duration, in whole weeks
    weeks: list[tuple[date, float]]  # (Monday, expected payments) for each week ahead
    average_payment: int | None  # minor units, over the window's payments

    @property
    def payments(self) -> float:
        """Return the expected payments over every week ahead."""
        return sum(n for _, n in self.weeks)

    @property
    def amount(self) -> int | None:
        """Return the expected money over every week ahead (payments × average payment)."""
        if self.average_payment is None:
            return None
        return round(self.payments * self.average_payment)


def funnel_forecast(
    weekly_firsts: Sequence[int],
    window_first: int,
    window_last: int,
    window_paid: int,
    as_of: date,
    lag_days: float | None,
    weeks_ahead: int = 8,
) -> FunnelForecast:
    """Forecast payments for the weeks after as_of from the window's activity and ratios.

    Window (default the 4 weeks to as_of): first = Σ of the first funnel metric (cold calls),
    last = Σ of the last (payments), paid = the money those payments brought. Conversion =
    last / first; a week's first-metric activity turns into payments `lag` weeks later (the
    median deal duration, rounded to weeks). The weeks ahead within the lag get the window's
    own weeks' activity (`weekly_firsts`, oldest first, the last one ending on as_of) × the
    conversion; the weeks beyond it the window's weekly average × the conversion.
    """
    weeks_in_window = max(len(weekly_firsts), 1)
    average_first = sum(weekly_firsts) / weeks_in_window
    conversion = window_last / window_first if window_first else None
    lag = round(lag_days / 7) if lag_days else 0
    monday = as_of - timedelta(days=as_of.weekday()) + timedelta(weeks=1)
    weeks = []
    for n in range(weeks_ahead):
        # The week n ahead receives what week (n − lag) of activity gives: a past week of the
        # window while that reaches back into it, else the average.
        back = n - lag
        source = weekly_firsts[back] if -len(weekly_firsts) <= back < 0 else average_first
        weeks.append((monday + timedelta(weeks=n), source * (conversion or 0.0)))
    average = (2 * window_paid + window_last) // (2 * window_last) if window_last else None
    return FunnelForecast(average_first, conversion, lag, weeks, average)


@dataclass(frozen=True, slots=True)
class Requirement:
    """What a revenue target needs of one employee: each metric in the period and a day."""

    total: dict[str, float]  # by funnel metric, in the period (payments last)
    per_day: dict[str, float]  # the same per working day
    ratios_from: str  # "own" or "team": whose trailing ratios were used
    average_payment: int  # minor units, the one used


def reverse_funnel(
    target: int,
    codes: Sequence[str],
    own: Mapping[str, int],
    team: Mapping[str, int],
    own_paid: int,
    team_paid: int,
    working_days: int,
    overrides: Mapping[int, float] | None = None,
) -> Requirement | None:
    """Return what a revenue target (minor units) needs: payments = target ÷ the average
    payment, then each earlier metric = the next × its trailing ratio x→y (count_x /
    count_y), per working day = ÷ working_days (DESIGN §4 reverse funnel).

    `own`/`team` are the trailing window's counts (the last metric is payments) and
    `own_paid`/`team_paid` the money of those payments. The employee's own ratios are used
    when they have at least MIN_OWN_PAYMENTS payments and every step has a denominator;
    otherwise the team's. None when neither has the data (no payments in the window).
    `overrides` replaces the ratio of some steps (index of x→y in `codes`, N for "N : 1"):
    the what-if of a head of sales who expects an employee to convert better at one step.
    """
    for counts, paid, source in ((own, own_paid, "own"), (team, team_paid, "team")):
        last = counts.get(codes[-1], 0)
        enough = last >= (MIN_OWN_PAYMENTS if source == "own" else 1) and paid > 0
        ratios = [
            ratio(counts.get(a, 0), counts.get(b, 0))
            for a, b in zip(codes, codes[1:], strict=False)
        ]
        for index, value in (overrides or {}).items():
            if 0 <= index < len(ratios) and value > 0:
                ratios[index] = value
        if not enough or any(r is None for r in ratios):
            continue
        average = (2 * paid + last) // (2 * last)
        need: dict[str, float] = {codes[-1]: target / average}
        following = codes[-1]
        for code, step in zip(reversed(codes[:-1]), reversed(ratios), strict=True):
            assert step is not None
            need[code] = need[following] * step
            following = code
        total = {code: need[code] for code in codes}
        days = max(working_days, 1)
        return Requirement(total, {c: v / days for c, v in total.items()}, source, average)
    return None


@dataclass(frozen=True, slots=True)
class Forecast:
    """One employee's (or the team's) month as of a day: fact, pace, pipeline, funnel forecast
    and, for a revenue target, what each funnel metric needs a working day."""

    fact_to_date: int
    projection: int | None
    plan: int | None
    weighted_pipeline: int
    funnel: FunnelForecast
    required: Requirement | None
