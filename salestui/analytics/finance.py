"""Finance: receivables aging as of a date, money per employee, plans and run-rate (pure).

Every amount is in minor units (kopecks); nothing here rounds through a float.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Final, NamedTuple

from salestui.analytics.calendar import working_days_between
from salestui.models import Invoice, Payment

# Aging buckets by days past the due date.
BUCKETS: Final = ("not_due", "d1_30", "d31_60", "d61_90", "d90_plus")


def bucket(days_overdue: int) -> str:
    """Return the aging bucket of an open amount: not yet due (0 or fewer days past due),
    1–30, 31–60, 61–90 or over 90 days past due."""
    if days_overdue <= 0:
        return "not_due"
    if days_overdue <= 30:
        return "d1_30"
    if days_overdue <= 60:
        return "d31_60"
    if days_overdue <= 90:
        return "d61_90"
    return "d90_plus"


class Receivable(NamedTuple):
    """One invoice open as of a date: what was left to pay then, how late, and its bucket.

    A tuple, not a dataclass: receivables build one per open invoice, thousands at a time.
    """

    invoice: Invoice
    open: int
    days_overdue: int
    bucket: str


def receivables(
    invoices: Iterable[Invoice], paid_after: Mapping[int, int], as_of: date
) -> list[Receivable]:
    """Return the invoices open as of a date, most overdue first.

    Receivables as of D: every invoice issued on or before D and not cancelled, open =
    amount − payments dated on or before D. An invoice keeps the sum of all its payments
    (`paid`), so the payments dated after D (`paid_after`, by invoice id) are given back.
    Invoices issued after D and payments made after D do not count.
    """
    rows = []
    day = as_of.toordinal()
    given_back = paid_after.get
    for invoice in invoices:
        if invoice.cancelled or invoice.issued > as_of:
            continue
        left = invoice.amount - invoice.paid + given_back(invoice.id, 0)
        if left > 0:
            late = day - invoice.due.toordinal()
            rows.append(Receivable(invoice, left, late, bucket(late)))
    rows.sort(key=lambda r: (-r.days_overdue, -r.open, r.invoice.id))
    return rows


def paid_after(payments: Iterable[Payment], day: date) -> dict[int, int]:
    """Return, by invoice id, the amount of the payments dated after a day."""
    found: dict[int, int] = {}
    for payment in payments:
        if payment.date > day:
            found[payment.invoice_id] = found.get(payment.invoice_id, 0) + payment.amount
    return found


@dataclass(slots=True)
class Aging:
    """Open invoices and amounts by aging bucket; the buckets add up to the open amount."""

    open_invoices: int = 0
    open_amount: int = 0
    buckets: dict[str, int] = field(default_factory=lambda: dict.fromkeys(BUCKETS, 0))

    def add(self, row: Receivable) -> None:
        """Count one open invoice in."""
        self.open_invoices += 1
        self.open_amount += row.open
        self.buckets[row.bucket] += row.open


def aging_by_employee(
    rows: Iterable[Receivable], employee_ids: Sequence[int]
) -> tuple[dict[int, Aging], Aging]:
    """Return each employee's aging (every listed one, even with nothing open) and the team's."""
    per: dict[int, Aging] = {i: Aging() for i in employee_ids}
    team = Aging()
    for row in rows:
        # Not setdefault(…, Aging()): that made an Aging per row (~14,000 at scale).
        aging = per.get(row.invoice.employee_id)
        if aging is None:
            aging = per[row.invoice.employee_id] = Aging()
        aging.add(row)
        team.add(row)
    return per, team


@dataclass(slots=True)
class Money:
    """One employee's money in a period: invoices issued and payments received (minor units)."""

    invoices_issued: int = 0
    invoiced_amount: int = 0
    payments_received: int = 0
    received_amount: int = 0
    plan: int | None = None

    @property
    def attainment(self) -> float | None:
        """Return received / plan, None without a plan (or with a plan of zero)."""
        return self.received_amount / self.plan if self.plan else None


def money_by_employee(
    issued: Iterable[Invoice],
    payments: Iterable[Payment],
    owner_of: Mapping[int, int],
    employee_ids: Sequence[int],
    plans: Mapping[int, int],
) -> tuple[dict[int, Money], Money]:
    """Return each employee's invoices and payments of a period, with plans, and the team's.

    `issued` are the invoices issued in the period (cancelled ones do not count); `payments`
    the payments dated in it, each credited to the employee of its invoice (`owner_of`).
    """
    per: dict[int, Money] = {i: Money(plan=plans.get(i)) for i in employee_ids}
    team = Money()
    for invoice in issued:
        if invoice.cancelled:
            continue
        for money in (
            per.setdefault(invoice.employee_id, Money(plan=plans.get(invoice.employee_id))),
            team,
        ):
            money.invoices_issued += 1
            money.invoiced_amount += invoice.amount
    for payment in payments:
        owner = owner_of.get(payment.invoice_id)
        targets = (
            [team] if owner is None else [per.setdefault(owner, Money(plan=plans.get(owner))), team]
        )
        for money in targets:
            money.payments_received += 1
            money.received_amount += payment.amount
    known = [plans[i] for i in per if i in plans]
    team.plan = sum(known) if known else None
    return per, team


@dataclass(frozen=True, slots=True)
class RunRate:
    """Pace within a month: working days, the projection and what each remaining day needs."""

    days_total: int
    days_elapsed: int
    projected: int | None
    required_per_day: int | None

    @property
    def days_left(self) -> int:
        """Return the working days not yet elapsed."""
        return self.days_total - self.days_elapsed


def run_rate(fact: int, plan: int | None, days_total: int, days_elapsed: int) -> RunRate:
    """Run-rate: projected = fact_to_date / working_days_elapsed × working_days_total;
    required per day = (plan − fact) / working_days_left.

    The projection needs at least one elapsed day (None on the first); the required amount
    needs a plan and a day left (None after the last), and is 0 once the plan is met.
    Integer arithmetic, rounded half up.
    """
    projected = None
    if days_elapsed:
        projected = (fact * days_total * 2 + days_elapsed) // (2 * days_elapsed)
    left = days_total - days_elapsed
    required = None
    if plan is not None and left > 0:
        gap = max(0, plan - fact)
        required = (gap * 2 + left) // (2 * left)
    return RunRate(days_total, days_elapsed, projected, required)


def month_bounds(day: date) -> tuple[date, date]:
    """Return the first and last day of a date's month."""
    first = day.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return first, following - timedelta(days=1)


def month_pace(month: date, as_of: date, working_days: Collection[int]) -> tuple[int, int]:
    """Return (working days in month's month, those before as_of): a morning sees yesterday.

    Days before as_of have passed; as_of itself is still being worked, so on the month's
    first working day nothing has elapsed and on its last one day is left. A past month has
    every day elapsed; a future one none.
    """
    first, last = month_bounds(month)
    days = working_days_between(first, last, working_days)
    return len(days), sum(1 for d in days if d < as_of)


def prorated(monthly: Mapping[str, int], start: date, end: date, working: Collection[int]) -> int:
    """Return the share of monthly targets ("2026-11" → amount) that falls in [start, end].

    Each month's target counts in proportion to its working days inside the period, so a
    week's plan is the month's plan × that week's working days / the month's working days.
    """
    total = 0
    day = start.replace(day=1)
    while day <= end:
        first, last = month_bounds(day)
        target = monthly.get(first.isoformat()[:7])
        if target:
            days = working_days_between(first, last, working)
            inside = sum(1 for d in days if start <= d <= end)
            if days:
                total += (target * inside * 2 + len(days)) // (2 * len(days))
        day = last + timedelta(days=1)
    return total


def weekly_received(
    payments: Iterable[Payment], weeks_end: date, weeks: int = 12
) -> list[tuple[date, int]]:
    """Return money received per week (Monday first) for the `weeks` weeks up to weeks_end."""
    last_monday = weeks_end - timedelta(days=weeks_end.weekday())
    mondays = [last_monday - timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]
    sums = dict.fromkeys(mondays, 0)
    first = mondays[0]
    for payment in payments:
        if first <= payment.date <= weeks_end:
            monday = payment.date - timedelta(days=payment.date.weekday())
            sums[monday] += payment.amount
    return list(sums.items())


def expected_to_date(plan: int, days_total: int, days_elapsed: int) -> int:
    """Return how much of a plan the pace expects by now: plan × elapsed / total (half up)."""
    if not days_total:
        return 0
    return (plan * days_elapsed * 2 + days_total) // (2 * days_total)


@dataclass(frozen=True, slots=True)
class PlanLine:
    """One employee's (or the team's) target for a month: plan, fact and the pace."""

    employee: str
    target: str
    plan: int | None
    fact: int
    expected_to_date: int | None

    @property
    def attainment(self) -> float | None:
        """Return fact / plan, None without a plan (or a plan of zero)."""
        return self.fact / self.plan if self.plan else None
