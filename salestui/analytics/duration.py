"""Deal duration and the Kaplan–Meier time to payment (DESIGN §3/§4; pure, no I/O).

Win rate and the average won amount are analytics.deals.DealSummary's.

Duration = the deal's paid date − its created date, in days; the paid date is the first
payment's date, or the closed date of a deal won with no invoices. A CRM's "average cycle"
counts paid deals only, which flatters a slow seller whose deals are still open; the
Kaplan–Meier median counts each open deal as censored at its age today, so it answers "how
long until half of the deals pay" with the open ones in.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Final, TypeVar

from salestui.models import WON, Deal


def paid_date(deal: Deal, first_payment: date | None) -> date | None:
    """Return a deal's paid date: its first payment's, else its closed date if won."""
    if first_payment is not None:
        return first_payment
    if deal.stage == WON and deal.closed is not None:
        return deal.closed
    return None


def percentile(values: Sequence[float], share: float) -> float | None:
    """Return the percentile of sorted values by linear interpolation between the closest
    ranks (as Excel's PERCENTILE.INC and numpy's default): rank = share × (n − 1)."""
    if not values:
        return None
    rank = share * (len(values) - 1)
    low = math.floor(rank)
    high = min(low + 1, len(values) - 1)
    return values[low] + (values[high] - values[low]) * (rank - low)


def km_median(paid: Iterable[int], open_ages: Iterable[int]) -> float | None:
    """Return the Kaplan–Meier median time to payment, in days, or None if never reached.

    Events: the paid deals' durations; censored: the open deals' ages (as of the day asked).
    S(t) = Π over event times tᵢ ≤ t of (1 − dᵢ / nᵢ), nᵢ = deals still unpaid and observed
    just before tᵢ (a deal censored at tᵢ counts as at risk at tᵢ). The median is the first
    t where S(t) ≤ 0.5.
    """
    events: dict[int, int] = {}
    for days in paid:
        events[days] = events.get(days, 0) + 1
    censored: dict[int, int] = {}
    for days in open_ages:
        censored[days] = censored.get(days, 0) + 1
    at_risk = sum(events.values()) + sum(censored.values())
    survival = 1.0
    for t in sorted(events.keys() | censored.keys()):
        died = events.get(t, 0)
        if died:
            survival *= 1 - died / at_risk
            if survival <= 0.5:
                return float(t)
        at_risk -= died + censored.get(t, 0)
    return None


@dataclass(frozen=True, slots=True)
class Duration:
    """Duration of one group of deals: the paid ones' statistics and the open ones beside."""

    paid: int
    mean: float | None
    median: float | None
    p75: float | None
    p90: float | None
    open: int
    km_median: float | None


def duration(paid_days: Sequence[int], open_ages: Sequence[int]) -> Duration:
    """Return mean, median, P75 and P90 of paid deals' durations, the open count and the
    Kaplan–Meier median (open deals censored at their ages)."""
    ordered = sorted(paid_days)
    mean = sum(ordered) / len(ordered) if ordered else None
    return Duration(
        len(ordered),
        mean,
        percentile(ordered, 0.5),
        percentile(ordered, 0.75),
        percentile(ordered, 0.9),
        len(open_ages),
        km_median(ordered, open_ages),
    )


@dataclass(frozen=True, slots=True)
class DealDays:
    """A deal reduced to what durations need: whose, when created, and its days so far."""

    owner: int
    created: date
    days: int  # to payment if paid, else its age as of the day asked
    paid: bool


def deal_days(
    deals: Iterable[Deal], first_payments: Mapping[int, date], as_of: date
) -> list[DealDays]:
    """Return each deal's days: to its paid date, or its age as of a day if still open.

    A lost deal never pays and is left out (a competing outcome, not a censored one); so is
    a deal created after as_of. A deal paid after as_of was still open then: its age counts.
    The formula is analytics.deal_columns.deal_days_columns's (numpy, imported here only).
    """
    from salestui.analytics.deal_columns import DealColumns, deal_days_columns

    return deal_days_columns(DealColumns.of(deals, first_payments), as_of).rows()


K = TypeVar("K")


def _grouped(rows: Iterable[DealDays], key: Callable[[DealDays], K]) -> dict[K, Duration]:
    groups: dict[K, tuple[list[int], list[int]]] = {}
    for row in rows:
        paid, ages = groups.setdefault(key(row), ([], []))
        (paid if row.paid else ages).append(row.days)
    return {group: duration(paid, ages) for group, (paid, ages) in groups.items()}


def by_owner(rows: Iterable[DealDays]) -> dict[int, Duration]:
    """Return the duration of each employee's deals."""
    return _grouped(rows, lambda row: row.owner)


def by_cohort(rows: Iterable[DealDays]) -> dict[str, Duration]:
    """Return the duration of each cohort: the deals created in a month ("2026-11")."""
    return _grouped(rows, lambda row: row.created.isoformat()[:7])


# The histogram's buckets of days to payment: up to a week, two, a month, two, three, six, more.
BUCKET_EDGES: Final = (7, 14, 30, 60, 90, 180)


def histogram(days: Iterable[int], edges: Sequence[int] = BUCKET_EDGES) -> list[int]:
    """Return how many durations fall in each bucket: ≤ edges[0], then (edges[i−1], edges[i]],
    then > edges[−1] (len(edges) + 1 counts)."""
    counts = [0] * (len(edges) + 1)
    for value in days:
        counts[bisect_left(edges, value)] += 1
    return counts
