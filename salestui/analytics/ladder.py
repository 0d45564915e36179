"""The ratio ladder and each employee's weakest link (DESIGN §4 ratios; pure, no I/O).

The lesson counts how many cold calls give one conversation, one meeting, one application,
and how many applications give one invoice, invoices one payment. A ladder is those steps for
one employee or the team over a period; the weakest link is the step where an employee
converts furthest below the team, with the payments a month closing that gap would bring.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from salestui.analytics.ratios import Step, conversion, funnel_steps, ratio

# The average month, in days: a period's payments are turned into payments a month with it.
MONTH_DAYS: Final = 365.25 / 12


@dataclass(frozen=True, slots=True)
class Ladder:
    """A funnel's counts, its consecutive steps and the lesson's cumulative chain."""

    counts: dict[str, int]
    steps: list[Step]
    # The first metric per each later one: cold calls per conversation, per meeting, ...
    chain: list[Step]


def ladder(counts: Mapping[str, int | None], codes: Sequence[str]) -> Ladder:
    """Return the ladder of a funnel's counts over a period.

    Step x→y: ratio = count_x / count_y ("N : 1") and conversion = count_y / count_x × 100 %;
    both None ("—") when the denominator is 0 (DESIGN §4). Chain: first→y for every later y.
    """
    totals = {code: int(counts.get(code) or 0) for code in codes}
    first = codes[0] if codes else ""
    head = totals.get(first, 0)
    chain = [
        Step(first, code, ratio(head, totals[code]), conversion(head, totals[code]))
        for code in codes[1:]
    ]
    return Ladder(totals, funnel_steps(totals, codes), chain)


@dataclass(frozen=True, slots=True)
class WeakLink:
    """The step where an employee converts furthest below the team, relatively."""

    step: Step  # the employee's own step
    team: float  # the team's conversion at that step, %
    shortfall: float  # 1 − own / team: 0.25 is a quarter below the team
    # Payments a month the employee would add by converting at the team's rate there (the
    # steps after it at their own rates, or the team's where they have none).
    extra_payments: float


def weakest_link(
    own: Mapping[str, int | None],
    team: Mapping[str, int | None],
    codes: Sequence[str],
    days: int,
) -> WeakLink | None:
    """Return an employee's weakest link over a period of `days`, or None when no step is
    below the team's (or there is no data to compare).

    A step counts when the employee had something to convert (count_x > 0) and the team
    converts there (team conversion > 0). Shortfall = 1 − own conversion / team conversion;
    the largest wins (the earliest on a tie). Extra payments a month = (count_x × team
    conversion × the downstream conversions − the employee's count of the last metric) ÷
    (days ÷ 30.44), where downstream conversions are the employee's own, or the team's at a
    step the employee has no data for.
    """
    mine = ladder(own, codes)
    ours = ladder(team, codes)
    best: tuple[float, int] | None = None
    for n, (step, whole) in enumerate(zip(mine.steps, ours.steps, strict=True)):
        if not mine.counts[step.source] or not whole.conversion:
            continue
        shortfall = 1 - (step.conversion or 0.0) / whole.conversion
        if shortfall > 0 and (best is None or shortfall > best[0]):
            best = (shortfall, n)
    if best is None:
        return None
    shortfall, n = best
    step, whole = mine.steps[n], ours.steps[n]
    assert whole.conversion is not None
    reached = mine.counts[step.source] * whole.conversion / 100
    for later, later_team in zip(mine.steps[n + 1 :], ours.steps[n + 1 :], strict=True):
        rate = later.conversion if later.conversion is not None else later_team.conversion
        reached *= (rate or 0.0) / 100
    extra = max(0.0, reached - mine.counts[codes[-1]])
    months = max(days, 1) / MONTH_DAYS
    return WeakLink(step, whole.conversion, shortfall, extra / months)
