"""The Stats formulas (DESIGN §4) on tiny hand-built inputs, expected values worked by hand."""

from __future__ import annotations

import math
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salestui.analytics.duration import (
    by_cohort,
    by_owner,
    deal_days,
    duration,
    km_median,
    paid_date,
    percentile,
)
from salestui.analytics.forecast import NO_DATE, funnel_forecast, reverse_funnel, weighted_pipeline
from salestui.analytics.ladder import MONTH_DAYS, ladder, weakest_link
from salestui.models import Deal

LESSON = ("cold_calls", "conversations", "meetings", "applications", "invoices", "payments")
FOUR = ("visits", "meetings", "invoices", "payments")
EIGHT = (
    "cold_calls",
    "conversations",
    "visits",
    "meetings",
    "demos",
    "applications",
    "invoices",
    "payments",
)


# -- the ladder ----------------------------------------------------------------------------


def test_ladder_steps_and_the_lessons_chain() -> None:
    counts = {
        "cold_calls": 600,
        "conversations": 60,
        "meetings": 20,
        "applications": 10,
        "invoices": 5,
        "payments": 4,
    }
    found = ladder(counts, LESSON)
    # Each step x→y: x / y as "N : 1", y / x as a percentage.
    assert [(s.source, s.target, s.ratio, s.conversion) for s in found.steps] == [
        ("cold_calls", "conversations", 10.0, 10.0),
        ("conversations", "meetings", 3.0, pytest.approx(33.333, abs=1e-3)),
        ("meetings", "applications", 2.0, 50.0),
        ("applications", "invoices", 2.0, 50.0),
        ("invoices", "payments", 1.25, 80.0),
    ]
    # Cold calls per conversation, per meeting, per application, per invoice, per payment.
    assert [(s.target, s.ratio) for s in found.chain] == [
        ("conversations", 10.0),
        ("meetings", 30.0),
        ("applications", 60.0),
        ("invoices", 120.0),
        ("payments", 150.0),
    ]


def test_a_zero_denominator_is_a_dash_never_infinity() -> None:
    found = ladder({"cold_calls": 40, "conversations": 0, "meetings": 0}, LESSON[:3])
    assert [(s.ratio, s.conversion) for s in found.steps] == [(None, 0.0), (None, None)]
    assert [s.ratio for s in found.chain] == [None, None]
    empty = ladder({}, LESSON)
    assert all(s.ratio is None and s.conversion is None for s in empty.steps)
    assert empty.counts == dict.fromkeys(LESSON, 0)


@pytest.mark.parametrize("codes", [FOUR, EIGHT], ids=["4 metrics", "8 metrics"])
def test_any_funnel_gives_one_step_per_pair(codes: tuple[str, ...]) -> None:
    counts = {code: 2 ** (len(codes) - n) for n, code in enumerate(codes)}
    found = ladder(counts, codes)
    assert [s.ratio for s in found.steps] == [2.0] * (len(codes) - 1)
    assert found.chain[-1].ratio == 2.0 ** (len(codes) - 1)


def test_the_weakest_link_is_the_step_furthest_below_the_team() -> None:
    team = {"cold_calls": 1000, "conversations": 100, "meetings": 50, "payments": 10}
    # Ann converts conversations to meetings at 25 % (team 50 %): half below; cold calls to
    # conversations at 8 % (team 10 %): a fifth below; meetings to payments 20 % = the team.
    ann = {"cold_calls": 500, "conversations": 40, "meetings": 10, "payments": 2}
    link = weakest_link(ann, team, ("cold_calls", "conversations", "meetings", "payments"), 30)
    assert link is not None
    assert (link.step.source, link.step.target) == ("conversations", "meetings")
    assert link.team == 50.0
    assert link.shortfall == pytest.approx(0.5)
    # At the team's 50 %: 40 → 20 meetings → 20 % → 4 payments, 2 more than her 2, in 30
    # days: 2 ÷ (30 / 30.44) a month.
    assert link.extra_payments == pytest.approx(2 / (30 / MONTH_DAYS))


def test_no_weakest_link_when_nothing_is_below_the_team_or_there_is_no_data() -> None:
    team = {"a": 100, "b": 10, "c": 5}
    assert weakest_link({"a": 50, "b": 5, "c": 5}, team, ("a", "b", "c"), 30) is None
    assert weakest_link({}, team, ("a", "b", "c"), 30) is None
    assert weakest_link({"a": 10, "b": 1}, {}, ("a", "b", "c"), 30) is None


def test_a_step_with_no_conversion_at_all_uses_the_team_downstream() -> None:
    team = {"a": 100, "b": 20, "c": 10}
    # Nothing converted at a→b: that step is 100 % below; the team's b→c (50 %) follows it.
    link = weakest_link({"a": 50, "b": 0, "c": 0}, team, ("a", "b", "c"), 61)
    assert link is not None and (link.step.source, link.shortfall) == ("a", 1.0)
    assert link.extra_payments == pytest.approx(50 * 0.2 * 0.5 / (61 / MONTH_DAYS))


@given(
    st.lists(st.integers(min_value=0, max_value=10_000), min_size=2, max_size=8),
)
def test_ratios_are_never_negative_and_zero_means_none(values: list[int]) -> None:
    codes = [f"m{n}" for n in range(len(values))]
    found = ladder(dict(zip(codes, values, strict=True)), codes)
    for step in [*found.steps, *found.chain]:
        target = found.counts[step.target]
        assert (step.ratio is None) == (target == 0)
        assert step.ratio is None or step.ratio >= 0
        assert step.conversion is None or step.conversion >= 0


# -- deal duration -------------------------------------------------------------------------


def deal(
    created: date, stage: str = "meeting", closed: date | None = None, owner: int = 1, id: int = 1
) -> Deal:
    """A deal with just what durations read."""
    return Deal(1, owner, created, stage, closed=closed, lost_reason="x" * (stage == "lost"), id=id)


def test_paid_date_is_the_first_payment_or_a_wins_closed_date() -> None:
    won = deal(date(2026, 1, 5), "won", date(2026, 2, 1))
    assert paid_date(won, date(2026, 1, 20)) == date(2026, 1, 20)
    assert paid_date(won, None) == date(2026, 2, 1)
    assert paid_date(deal(date(2026, 1, 5)), None) is None
    assert paid_date(deal(date(2026, 1, 5), "lost", date(2026, 2, 1)), None) is None


def test_percentiles_interpolate_between_ranks() -> None:
    values = [10.0, 20.0, 30.0, 40.0]
    # rank = share × (n − 1): P50 at 1.5 → 25; P75 at 2.25 → 32.5; P90 at 2.7 → 37.
    assert percentile(values, 0.5) == 25.0
    assert percentile(values, 0.75) == 32.5
    assert percentile(values, 0.9) == pytest.approx(37.0)
    assert percentile([7.0], 0.9) == 7.0
    assert percentile([], 0.5) is None


def test_kaplan_meier_counts_open_deals_as_censored() -> None:
    # Paid after 10, 20, 30 days; open for 15 and 40 days. By hand: at 10, 5 at risk,
    # S = 4/5 = 0.8; the one open at 15 leaves; at 20, 3 at risk, S = 0.8 × 2/3 = 0.533;
    # at 30, 2 at risk, S = 0.533 × 1/2 = 0.267 ≤ 0.5: the median is 30 days. The paid
    # deals alone would say 20.
    assert km_median([10, 20, 30], [15, 40]) == 30.0
    assert duration([10, 20, 30], []).median == 20.0
    # Half never reached: mostly open deals.
    assert km_median([10], [50, 60, 70]) is None
    assert km_median([], []) is None
    # Ties: two paid at 5 of four deals: S = 2/4 = 0.5 ≤ 0.5 at 5.
    assert km_median([5, 5, 9], [9]) == 5.0


def test_duration_summary() -> None:
    found = duration([30, 10, 20, 40], [100])
    assert (found.paid, found.mean, found.median, found.open) == (4, 25.0, 25.0, 1)
    assert (found.p75, found.p90) == (32.5, pytest.approx(37.0))
    assert found.km_median == 30.0  # 5 at risk: 0.8, 0.6, 0.4 at 30
    nothing = duration([], [3])
    assert (nothing.paid, nothing.mean, nothing.median, nothing.km_median) == (0, None, None, None)


def test_deal_days_per_employee_and_cohort() -> None:
    as_of = date(2026, 3, 31)
    deals = [
        deal(date(2026, 1, 10), "won", date(2026, 2, 9), owner=1, id=1),  # paid: 20 days
        deal(date(2026, 1, 20), "won", date(2026, 3, 1), owner=1, id=2),  # no invoice: 40
        deal(date(2026, 2, 1), owner=2, id=3),  # open: 58 days old
        deal(date(2026, 2, 5), "lost", date(2026, 3, 1), owner=2, id=4),  # left out
        deal(date(2026, 4, 2), owner=2, id=5),  # after as_of: left out
        deal(date(2026, 3, 1), "won", date(2026, 3, 5), owner=2, id=6),  # paid after as_of
    ]
    payments = {1: date(2026, 1, 30), 6: date(2026, 4, 3)}
    rows = deal_days(deals, payments, as_of)
    assert [(r.owner, r.days, r.paid) for r in rows] == [
        (1, 20, True),
        (1, 40, True),
        (2, 58, False),
        (2, 30, False),
    ]
    per = by_owner(rows)
    assert (per[1].paid, per[1].mean, per[1].open) == (2, 30.0, 0)
    assert (per[2].paid, per[2].open, per[2].km_median) == (0, 2, None)
    cohorts = by_cohort(rows)
    assert sorted(cohorts) == ["2026-01", "2026-02", "2026-03"]
    assert cohorts["2026-01"].median == 30.0


@given(st.lists(st.integers(min_value=0, max_value=2000), min_size=1, max_size=60))
def test_percentiles_are_ordered(days: list[int]) -> None:
    found = duration(days, [])
    assert found.median is not None and found.p75 is not None and found.p90 is not None
    assert min(days) <= found.median <= found.p75 <= found.p90 <= max(days)


# -- forecasts -----------------------------------------------------------------------------


def test_weighted_pipeline_by_expected_payment_month() -> None:
    def open_deal(amount: int, probability: int, expected: date | None) -> Deal:
        return Deal(
            1, 1, date(2026, 11, 1), "meeting", amount, probability, expected_payment=expected
        )

    deals = [
        open_deal(1000_00, 50, date(2026, 12, 10)),
        open_deal(333_33, 30, date(2026, 12, 20)),  # 99.999 → 100.00 (half up)
        open_deal(500_00, 100, date(2027, 1, 5)),
        open_deal(200_00, 10, None),
        deal(date(2026, 1, 5), "won", date(2026, 2, 1)),  # closed: not in the pipeline
    ]
    assert weighted_pipeline(deals) == {
        "2026-12": 500_00 + 100_00,
        "2027-01": 500_00,
        NO_DATE: 20_00,
    }


def test_funnel_forecast_lags_recent_activity_by_the_median_duration() -> None:
    # Four weeks of cold calls 100, 200, 300, 400 (the last ends Thu 2026-11-26); 1,000 calls
    # gave 10 payments (1 %) worth 50,000.00. Median duration 14 days: a 2-week lag.
    found = funnel_forecast(
        [100, 200, 300, 400], 1000, 10, 50_000_00, date(2026, 11, 26), 14.0, weeks_ahead=4
    )
    assert (found.weekly_first, found.conversion, found.lag_weeks) == (250.0, 0.01, 2)
    assert found.weeks == [
        (date(2026, 11, 30), pytest.approx(3.0)),  # week ahead 0 ← two weeks back: 300
        (date(2026, 12, 7), pytest.approx(4.0)),  # ← last week: 400
        (date(2026, 12, 14), pytest.approx(2.5)),  # ← the average
        (date(2026, 12, 21), pytest.approx(2.5)),
    ]
    assert found.average_payment == 5_000_00
    assert found.payments == pytest.approx(12.0)
    assert found.amount == 60_000_00


def test_funnel_forecast_with_no_activity_is_zero_not_an_error() -> None:
    found = funnel_forecast([0, 0, 0, 0], 0, 0, 0, date(2026, 11, 26), None)
    assert found.conversion is None and found.average_payment is None and found.amount is None
    assert all(n == 0 for _, n in found.weeks) and found.lag_weeks == 0


def test_reverse_funnel_from_own_ratios_or_the_teams() -> None:
    codes = ("cold_calls", "meetings", "payments")
    # Own: 10 calls a meeting, 4 meetings a payment, payments average 25,000.00.
    own = {"cold_calls": 400, "meetings": 40, "payments": 10}
    team = {"cold_calls": 1000, "meetings": 200, "payments": 50}
    found = reverse_funnel(500_000_00, codes, own, team, 250_000_00, 1_000_000_00, 20)
    assert found is not None and found.ratios_from == "own"
    assert found.average_payment == 25_000_00
    # 500,000 ÷ 25,000 = 20 payments → × 4 = 80 meetings → × 10 = 800 calls; a day: ÷ 20.
    assert found.total == {"cold_calls": 800.0, "meetings": 80.0, "payments": 20.0}
    assert found.per_day == {"cold_calls": 40.0, "meetings": 4.0, "payments": 1.0}
    # Two payments of one's own are too few: the team's ratios (5 : 1, 4 : 1; 20,000.00).
    few = {"cold_calls": 100, "meetings": 10, "payments": 2}
    fallback = reverse_funnel(500_000_00, codes, few, team, 40_000_00, 1_000_000_00, 20)
    assert fallback is not None and fallback.ratios_from == "team"
    assert fallback.total == {"cold_calls": 500.0, "meetings": 100.0, "payments": 25.0}
    assert reverse_funnel(1_00, codes, {}, {}, 0, 0, 20) is None


@given(st.integers(min_value=0, max_value=10**12), st.integers(min_value=0, max_value=10**12))
def test_the_reverse_funnel_grows_with_the_target(smaller: int, larger: int) -> None:
    smaller, larger = sorted((smaller, larger))
    codes = ("cold_calls", "meetings", "payments")
    team = {"cold_calls": 1000, "meetings": 200, "payments": 50}
    low = reverse_funnel(smaller, codes, {}, team, 0, 1_000_000_00, 21)
    high = reverse_funnel(larger, codes, {}, team, 0, 1_000_000_00, 21)
    assert low is not None and high is not None
    for code in codes:
        assert 0 <= low.per_day[code] <= high.per_day[code]
        assert math.isfinite(high.per_day[code])
