"""Deal duration over columns: every deal as a row of numbers (numpy; pure, no I/O).

At 100,000 deals a record per deal costs seconds to build and hundreds of MB to keep; the
few numbers duration needs of each deal fit in six arrays of ~1 MB each. The store keeps
them per file and rebuilds only the file a save changed (SalesRecords.deal_columns); this
module turns them into each deal's days as of a day, with the formula of
analytics.duration (which calls it, so the formula is written once).

Dates are day numbers (date.toordinal()); 0 means none.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Final

import numpy as np
from numpy.typing import NDArray

from salestui.analytics.duration import DealDays, Duration, duration
from salestui.models import LOST, WON, Deal

Numbers = NDArray[np.int64]
Flags = NDArray[np.bool_]
NONE: Final = 0
# The day number of 1970-01-01: numpy counts days from it, date.toordinal() from year 1.
EPOCH: Final = date(1970, 1, 1).toordinal()


@dataclass(frozen=True, slots=True)
class DealColumns:
    """Every deal as columns: whose, created, its first payment, the closed day of a win, and
    whether it is lost or still open (closed is empty)."""

    owner: Numbers
    created: Numbers
    first_paid: Numbers
    won_closed: Numbers
    lost: Flags
    open: Flags

    @staticmethod
    def of(deals: Iterable[Deal], first_payments: Mapping[int, date]) -> DealColumns:
        """Return the columns of some deal records and their first payments' days."""
        rows = [
            (
                d.owner,
                d.created.toordinal(),
                first_payments[d.id].toordinal() if d.id in first_payments else NONE,
                d.closed.toordinal() if d.stage == WON and d.closed is not None else NONE,
                d.stage == LOST,
                d.is_open,
            )
            for d in deals
        ]
        return join([_columns(rows)])


def _columns(rows: list[tuple[int, int, int, int, bool, bool]]) -> DealColumns:
    """Return the columns of rows (owner, created, first paid, won closed, lost, open)."""
    if not rows:
        empty = np.zeros(0, dtype=np.int64)
        return DealColumns(empty, empty, empty, empty, empty.astype(bool), empty.astype(bool))
    owner, created, first, won, lost, open_ = zip(*rows, strict=True)
    return DealColumns(
        np.array(owner, dtype=np.int64),
        np.array(created, dtype=np.int64),
        np.array(first, dtype=np.int64),
        np.array(won, dtype=np.int64),
        np.array(lost, dtype=np.bool_),
        np.array(open_, dtype=np.bool_),
    )


def join(parts: list[DealColumns]) -> DealColumns:
    """Return the columns of several parts one after another."""
    if len(parts) == 1:
        return parts[0]
    if not parts:
        return _columns([])
    return DealColumns(
        *(np.concatenate([getattr(p, f) for p in parts]) for f in DealColumns.__slots__)
    )


def day_numbers(isos: list[str | None]) -> Numbers:
    """Return ISO dates ("2026-11-26") as day numbers, None as NONE (vectorised)."""
    if not isos:
        return np.zeros(0, dtype=np.int64)
    values = np.array(isos, dtype="datetime64[D]")
    numbers = values.astype(np.int64) + EPOCH
    numbers[np.isnat(values)] = NONE
    return numbers


@dataclass(frozen=True, slots=True)
class DaysColumns:
    """Each counted deal's owner, created day, days (to payment, or its age) and whether paid."""

    owner: Numbers
    created: Numbers
    days: Numbers
    paid: Flags

    def rows(self) -> list[DealDays]:
        """Return the deals as DealDays records."""
        return [
            DealDays(o, date.fromordinal(c), d, p)
            for o, c, d, p in zip(
                self.owner.tolist(),
                self.created.tolist(),
                self.days.tolist(),
                self.paid.tolist(),
                strict=True,
            )
        ]

    def where(self, keep: Flags) -> DaysColumns:
        """Return the deals a mask keeps."""
        return DaysColumns(self.owner[keep], self.created[keep], self.days[keep], self.paid[keep])


def deal_days_columns(deals: DealColumns, as_of: date) -> DaysColumns:
    """Return each deal's days as of a day (analytics.duration.deal_days's formula).

    Paid day = the first payment's; a win with no payment at all counts its closed day. A
    deal paid by as_of counts its days to payment; one still open, or paid after as_of,
    counts its age as of as_of (censored). Lost deals and deals created after as_of are
    left out.
    """
    day = as_of.toordinal()
    paid_on = np.where(deals.first_paid != NONE, deals.first_paid, deals.won_closed)
    counted = (deals.created <= day) & ~deals.lost
    paid = counted & (paid_on != NONE) & (paid_on <= day)
    censored = counted & ~paid & (deals.open | (paid_on != NONE))
    chosen = paid | censored
    days = np.where(paid, paid_on - deals.created, day - deals.created)
    return DaysColumns(deals.owner[chosen], deals.created[chosen], days[chosen], paid[chosen])


def paid_since(rows: DaysColumns, start: date) -> DaysColumns:
    """Keep the deals paid on or after start, and every censored one."""
    return rows.where(~rows.paid | (rows.created + rows.days >= start.toordinal()))


def grouped(rows: DaysColumns, keys: Numbers) -> dict[int, Duration]:
    """Return the duration (analytics.duration.duration) of the deals of each key."""
    if not len(keys):
        return {}
    order = np.argsort(keys, kind="stable")
    found, starts = np.unique(keys[order], return_index=True)
    result: dict[int, Duration] = {}
    for key, part in zip(found.tolist(), np.split(order, starts[1:]), strict=True):
        paid = rows.paid[part]
        days = rows.days[part]
        result[key] = duration(days[paid].tolist(), days[~paid].tolist())
    return result


def grouped_days(rows: DaysColumns) -> dict[int, list[int]]:
    """Return each employee's deals' days ({} without deals: np.split would still make one
    empty part)."""
    if not len(rows.owner):
        return {}
    order = np.argsort(rows.owner, kind="stable")
    found, starts = np.unique(rows.owner[order], return_index=True)
    days = rows.days[order]
    return {
        owner: part.tolist()
        for owner, part in zip(found.tolist(), np.split(days, starts[1:]), strict=True)
    }


def by_owner(rows: DaysColumns) -> dict[int, Duration]:
    """Return the duration of each employee's deals."""
    return grouped(rows, rows.owner)


def team(rows: DaysColumns) -> Duration:
    """Return the duration of every deal together."""
    return duration(rows.days[rows.paid].tolist(), rows.days[~rows.paid].tolist())


def by_cohort(rows: DaysColumns) -> dict[str, Duration]:
    """Return the duration of each cohort: the deals created in a month ("2026-11")."""
    months = (rows.created - EPOCH).astype("datetime64[D]").astype("datetime64[M]")
    keys = months.astype(np.int64)
    return {str(np.datetime64(key, "M")): value for key, value in grouped(rows, keys).items()}
