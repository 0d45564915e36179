"""Hot clients and deal outcomes: the hot list with its flags, win rates (pure, no pandas)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Final

from salestui.models import LOST, WON, Deal, Settings, is_hot

__all__ = ["FLAGS", "HotRow", "deal_flags", "hot_list", "is_hot"]

# A deal's flags on the hot list, in the order they are shown.
FLAGS: Final = ("overdue_step", "no_step", "stale", "past_expected", "snoozed")


def is_snoozed(deal: Deal, today: date) -> bool:
    """Tell whether the deal's stale alert is silenced: snoozed until a day after today."""
    return deal.snoozed_until is not None and deal.snoozed_until > today


def days_without_contact(deal: Deal, today: date) -> int:
    """Return the days since the last contact (since the deal was created, if never)."""
    return (today - (deal.last_contact or deal.created)).days


def deal_flags(deal: Deal, settings: Settings, today: date) -> tuple[str, ...]:
    """Return the deal's flags as of today, in FLAGS order.

    overdue_step: the next step was due before today; no_step: no next step written;
    stale: no contact for longer than its stage's threshold (not while snoozed);
    past_expected: the expected payment date has passed (a candidate for demotion);
    snoozed: its stale alert is silenced until a later day.
    """
    snoozed = is_snoozed(deal, today)
    found = {
        "overdue_step": deal.next_step_due is not None and deal.next_step_due < today,
        "no_step": not deal.next_step.strip(),
        "stale": not snoozed
        and days_without_contact(deal, today) > settings.stale_after(deal.stage),
        "past_expected": deal.expected_payment is not None and deal.expected_payment < today,
        "snoozed": snoozed,
    }
    return tuple(flag for flag in FLAGS if found[flag])


@dataclass(frozen=True, slots=True)
class HotRow:
    """A deal on the hot list with its flags and how long it has been there."""

    deal: Deal
    flags: tuple[str, ...]
    days_hot: int | None


def hot_list(
    deals: Iterable[Deal], settings: Settings, today: date, employee_id: int | None = None
) -> list[HotRow]:
    """Return the hot deals by expected payment date (none last), then the largest first."""
    rows = [
        HotRow(
            deal,
            deal_flags(deal, settings, today),
            (today - deal.hot_since).days if deal.hot_since else None,
        )
        for deal in deals
        if is_hot(deal, settings) and (employee_id is None or deal.owner == employee_id)
    ]
    rows.sort(
        key=lambda r: (
            r.deal.expected_payment is None,
            r.deal.expected_payment or today,
            -r.deal.amount,
            r.deal.id,
        )
    )
    return rows


def weighted(amount: int, probability: int) -> int:
    """Return amount × probability / 100 in minor units, rounded half up (exact integers)."""
    return (amount * probability + 50) // 100


def hot_totals(rows: Sequence[HotRow]) -> tuple[int, int]:
    """Return the hot list's total amount and its weighted amount Σ amount × probability."""
    total = sum(r.deal.amount for r in rows)
    return total, (sum(r.deal.amount * r.deal.probability for r in rows) + 50) // 100


@dataclass(frozen=True, slots=True)
class DealSummary:
    """One employee's deals of a period: counts, win rate and won amounts (minor units)."""

    deals: int
    open: int
    won: int
    lost: int
    won_amount: int

    @property
    def win_rate(self) -> float | None:
        """Win rate = won / (won + lost); None when nothing was closed."""
        closed = self.won + self.lost
        return self.won / closed if closed else None

    @property
    def avg_won_amount(self) -> int | None:
        """Return the average won deal's amount (half up), None without a win."""
        return (self.won_amount * 2 + self.won) // (2 * self.won) if self.won else None


def deal_summary(deals: Iterable[Deal]) -> DealSummary:
    """Summarise deals: how many, still open, won, lost, and the amount won."""
    open_ = won = lost = won_amount = count = 0
    for deal in deals:
        count += 1
        if deal.stage == WON:
            won += 1
            won_amount += deal.amount
        elif deal.stage == LOST:
            lost += 1
        else:
            open_ += 1
    return DealSummary(count, open_, won, lost, won_amount)


def summaries_by_owner(
    deals: Iterable[Deal], owners: Sequence[int]
) -> tuple[dict[int, DealSummary], DealSummary]:
    """Return each owner's summary (every listed owner, even with none) and the team's."""
    grouped: dict[int, list[Deal]] = {owner: [] for owner in owners}
    every: list[Deal] = []
    for deal in deals:
        grouped.setdefault(deal.owner, []).append(deal)
        every.append(deal)
    return {o: deal_summary(d) for o, d in grouped.items()}, deal_summary(every)
