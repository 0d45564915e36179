"""The demo's clients, deals, invoices, payments and plans, in step with its daily numbers.

Every application an employee entered for a day opens a deal, every invoice entered is an
invoice record issued that day for one of their deals, and every payment entered is a payment
record of one of their invoices. Deals are won when paid, lost when they stall; some invoices
are paid late, in part or never; the hot list ends up with deals in every flag state.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any, Final

from salestui.analytics.calendar import working_days_between
from salestui.analytics.finance import month_bounds
from salestui.models import LOST, REVENUE, WON, Client, Deal, Employee, Invoice, Payment, Plan
from salestui.resources import load_json

# Typical deal size in major units (roubles, dollars), by the demo's language.
DEAL_SIZE: Final = {"ru": 120_000.0, "en": 1_500.0}
# Applications waiting this long for an invoice are lost.
STALL_DAYS: Final = 21
# An unpaid invoice this old has lapsed (a Russian invoice is valid for days, not months) and
# is cancelled, except a few (this share) that stay owed: receivables show every aging bucket.
WRITE_OFF_DAYS: Final = 10
KEPT_OVERDUE: Final = 0.05


@dataclass
class _Book:
    """One employee's open work while the history is generated."""

    waiting: list[int] = field(default_factory=list)  # deals waiting for an invoice
    unpaid: list[int] = field(default_factory=list)  # invoices not paid in full
    clients: list[int] = field(default_factory=list)
    judged: set[int] = field(default_factory=set)  # unpaid invoices already kept or written off


class SalesDemo:
    """Builds the sales records for a team's generated history."""

    def __init__(
        self, rng: random.Random, new_id: Any, lang: str, today: date, working: Sequence[int]
    ) -> None:
        self.rng = rng
        self.new_id = new_id
        self.words = load_json("demo_sales.json")[lang]
        self.people = load_json(f"names_{lang}.json")
        self.lang = lang
        self.today = today
        self.working = working
        self.clients: dict[int, Client] = {}
        self.deals: dict[int, Deal] = {}
        self.invoices: dict[int, Invoice] = {}
        self.payments: dict[int, Payment] = {}
        self.invoice_deal: dict[int, int] = {}
        self._numbers = 0

    # -- records -----------------------------------------------------------------------

    def _client(self, owner: int, day: date) -> int:
        rng, words = self.rng, self.words
        root, slug = rng.choice(words["roots"])
        trade = rng.choice(words["trades"])
        form = rng.choice(words["forms"])
        name = f"{form} «{root}-{trade}»" if self.lang == "ru" else f"{root} {trade} {form}"
        gender = rng.choice(("male", "female"))
        first = rng.choice(self.people[f"{gender}_first"])
        last = rng.choice(self.people[f"{gender}_last"])
        person = f"{last} {first}" if self.lang == "ru" else f"{first} {last}"
        client = Client(
            name,
            owner,
            day,
            contact=person,
            phone=f"+7 9{rng.randint(10, 99)} {rng.randint(100, 999)}-{rng.randint(1000, 9999)}",
            email=f"info@{slug}.{'ru' if self.lang == 'ru' else 'com'}",
            source=rng.choice(words["sources"]),
            id=self.new_id(),
        )
        self.clients[client.id] = client
        return client.id

    def _amount(self, size: float) -> int:
        """A deal amount in minor units, rounded to a hundred major units (or ten, if small)."""
        major = self.rng.lognormvariate(math.log(size), 0.55)
        step = 100 if size >= 10_000 else 10
        return max(step, round(major / step) * step) * 100

    def open_deal(
        self, owner: int, book: _Book, day: date, stage: str, size: float, application: str
    ) -> int:
        """Open a deal (with a new client, or one of the owner's earlier ones)."""
        rng = self.rng
        if book.clients and rng.random() < 0.3:
            client_id = rng.choice(book.clients)
        else:
            client_id = self._client(owner, day)
            book.clients.append(client_id)
        deal = Deal(
            client_id,
            owner,
            day,
            stage,
            amount=self._amount(size),
            # Early stages are long shots; an application is a real chance.
            probability=rng.choice(
                (20, 30, 40, 40, 50, 50, 60, 60, 70, 80) if stage == application else (10, 20, 30)
            ),
            last_contact=day,
            id=self.new_id(),
        )
        self.deals[deal.id] = deal
        return deal.id

    def issue(
        self, owner: int, book: _Book, day: date, size: float, stages: tuple[str, str]
    ) -> None:
        """Issue an invoice for the oldest deal waiting for one (a new deal if none waits)."""
        rng = self.rng
        application, last_stage = stages
        if book.waiting:
            deal_id = book.waiting.pop(0)
        else:
            opened = day - timedelta(days=rng.randint(3, 20))
            deal_id = self.open_deal(owner, book, opened, application, size, application)
        deal = self.deals[deal_id]
        self._numbers += 1
        number = f"{self.words['invoice_prefix']}-{day.year}-{self._numbers:05d}"
        amount = deal.amount if rng.random() < 0.85 else max(100, deal.amount // 2)
        due = day + timedelta(days=rng.choice((5, 7, 10, 14)))
        invoice = Invoice(
            number, deal.id, owner, day, amount, due, client_id=deal.client_id, id=self.new_id()
        )
        self.invoices[invoice.id] = invoice
        self.invoice_deal[invoice.id] = deal.id
        self.deals[deal.id] = replace(deal, stage=last_stage, last_contact=day)
        book.unpaid.append(invoice.id)

    def pay(self, book: _Book, day: date) -> None:
        """Record a payment of one of the employee's unpaid invoices, mostly a recent one."""
        rng = self.rng
        ready = [i for i in book.unpaid if self.invoices[i].issued <= day]
        if not ready:
            return
        # Most clients pay within days, and finish what they began to pay; old debts linger.
        weights = [
            (4.0 if self.invoices[i].paid else 1.0)
            / (1 + max(0, (day - self.invoices[i].issued).days - 4))
            for i in ready
        ]
        invoice_id = rng.choices(ready, weights)[0]
        invoice = self.invoices[invoice_id]
        left = invoice.amount - invoice.paid
        amount = (
            left
            if invoice.paid or rng.random() > 0.18
            else max(100, left * rng.randint(3, 7) // 10)
        )
        payment = Payment(invoice_id, day, amount, id=self.new_id())
        self.payments[payment.id] = payment
        paid = invoice.paid + amount
        self.invoices[invoice_id] = replace(
            invoice,
            paid=paid,
            first_paid=invoice.first_paid or day,
            last_paid=day,
            settled=day if paid == invoice.amount else None,
        )
        if paid == invoice.amount:
            book.unpaid.remove(invoice_id)
            deal_id = self.invoice_deal[invoice_id]
            still_owed = any(self.invoice_deal[i] == deal_id for i in book.unpaid)
            deal = self.deals[deal_id]
            # Paid in the last days and not marked won yet: the morning's "mark it won".
            recent = (self.today - day).days <= 3 and rng.random() < 0.3
            if not still_owed and deal.closed is None and not recent:
                closed = min(self.today, day + timedelta(days=rng.randint(0, 2)))
                self.deals[deal_id] = replace(
                    deal, stage=WON, closed=closed, probability=100, last_contact=day
                )

    def tidy(self, book: _Book, day: date, reasons: Sequence[str]) -> None:
        """Lose deals that waited too long for an invoice; write off very old invoices."""
        rng = self.rng
        for deal_id in list(book.waiting):
            deal = self.deals[deal_id]
            if (day - deal.created).days > STALL_DAYS:
                book.waiting.remove(deal_id)
                self.deals[deal_id] = replace(
                    deal, stage=LOST, closed=day, probability=0, lost_reason=rng.choice(reasons)
                )
        lapsed = [
            i
            for i in book.unpaid
            if (day - self.invoices[i].issued).days > WRITE_OFF_DAYS and i not in book.judged
        ]
        book.judged.update(lapsed)
        for invoice_id in lapsed:
            invoice = self.invoices[invoice_id]
            if invoice.paid or rng.random() < KEPT_OVERDUE:
                continue  # part paid, or a debtor who will pay one day: it stays owed
            book.unpaid.remove(invoice_id)
            self.invoices[invoice_id] = replace(invoice, cancelled=True, settled=invoice.issued)
            deal_id = self.invoice_deal[invoice_id]
            deal = self.deals[deal_id]
            if deal.closed is None:
                self.deals[deal_id] = replace(
                    deal, stage=LOST, closed=day, probability=0, lost_reason=reasons[2]
                )

    # -- the state of the morning --------------------------------------------------------

    def dress(self, hot_stage: str) -> None:
        """Give open deals the contacts, next steps and dates of a live pipeline.

        Every flag of the hot list shows up: an overdue step, no step, stale, past its
        expected payment, snoozed; one deal is demoted and a few are flagged hot by hand.
        """
        rng, today, words = self.rng, self.today, self.words
        open_ids = sorted(i for i, d in self.deals.items() if d.closed is None)
        invoice_of = {
            self.invoice_deal[i]: inv for i, inv in self.invoices.items() if not inv.settled
        }
        for n, deal_id in enumerate(open_ids):
            deal = self.deals[deal_id]
            invoice = invoice_of.get(deal_id)
            contact = today - timedelta(days=rng.choice((0, 1, 2, 3, 4, 6, 9, 12)))
            contact = max(deal.created, min(contact, today))
            step = "" if n % 7 == 3 else rng.choice(words["next_steps"])
            due = today + timedelta(days=rng.randint(-6, 10)) if step else None
            expected = (
                invoice.due + timedelta(days=rng.randint(-2, 8))
                if invoice
                else today + timedelta(days=rng.randint(-5, 30))
            )
            hot_since = invoice.issued if invoice and deal.stage == hot_stage else None
            if deal.probability >= 70:
                hot_since = hot_since or deal.created
            # A debt months overdue is chased by accounting, not worked as a hot deal: the
            # head of sales demoted it long ago. Younger late ones stay, flagged "late".
            demoted = invoice is not None and (today - invoice.due).days > 90
            self.deals[deal_id] = replace(
                deal,
                last_contact=contact,
                next_step=step,
                next_step_due=max(due, deal.created) if due else None,
                expected_payment=max(expected, deal.created),
                hot_since=None if demoted else hot_since,
                demoted=demoted,
            )
        stale = [
            i
            for i in open_ids
            if self.deals[i].hot_since and (today - (self.deals[i].last_contact or today)).days > 5
        ]
        for deal_id in stale[:2]:
            self.deals[deal_id] = replace(
                self.deals[deal_id],
                snoozed_until=today + timedelta(days=rng.randint(3, 9)),
                snooze_reason=rng.choice(words["snooze_reasons"]),
            )
        cold = [
            i for i in open_ids if not self.deals[i].hot_since and self.deals[i].stage != hot_stage
        ]
        for deal_id in cold[:3]:
            self.deals[deal_id] = replace(
                self.deals[deal_id], hot=True, hot_since=today - timedelta(days=rng.randint(1, 6))
            )
        warm = [i for i in open_ids if self.deals[i].hot_since and not self.deals[i].hot]
        if warm:
            self.deals[warm[-1]] = replace(self.deals[warm[-1]], demoted=True, hot_since=None)


def build_sales(
    rng: random.Random,
    new_id: Any,
    *,
    staff: Mapping[int, Employee],
    kinds: Mapping[int, str],
    history: Mapping[int, Sequence[tuple[date, dict[str, int]]]],
    stages: Sequence[str],
    today: date,
    lang: str,
    working: Sequence[int],
    early_from: date,
) -> dict[str, dict[int, Any]]:
    """Return the sales records (by table, by id) for the employees' daily numbers.

    `kinds` gives each employee's profile ("star", "slacker", ...): a star closes larger
    deals, a slacker smaller ones. Deals opened in the last month from meetings start at an
    early stage, so the pipeline has every stage.
    """
    demo = SalesDemo(rng, new_id, lang, today, working)
    size = DEAL_SIZE.get(lang, DEAL_SIZE["en"])
    reasons = demo.words["lost_reasons"]
    application = "application" if "application" in stages else stages[min(2, len(stages) - 1)]
    last_stage = stages[-1]
    for employee_id, days in history.items():
        book = _Book()
        scale = {"star": 1.5, "slacker": 0.7, "newcomer": 0.8, "field": 1.2}.get(
            kinds[employee_id], 1.0
        )
        for day, counts in days:
            demo.tidy(book, day, reasons)
            for _ in range(counts.get("applications", 0)):
                book.waiting.append(
                    demo.open_deal(employee_id, book, day, application, size * scale, application)
                )
            for _ in range(counts.get("invoices", 0)):
                demo.issue(employee_id, book, day, size * scale, (application, last_stage))
            for _ in range(counts.get("payments", 0)):
                demo.pay(book, day)
            if day >= early_from and len(stages) > 1:
                for _ in range(counts.get("meetings", 0)):
                    if rng.random() < 0.15:
                        stage = stages[rng.randint(0, max(0, stages.index(application) - 1))]
                        demo.open_deal(employee_id, book, day, stage, size * scale, application)
        left = staff[employee_id].left
        if left is not None:
            # Someone who left hands over their open deals (their invoices stay theirs).
            heir = next(i for i, e in staff.items() if e.left is None)
            for deal_id, deal in list(demo.deals.items()):
                if deal.owner == employee_id and deal.closed is None:
                    demo.deals[deal_id] = replace(deal, owner=heir)
    demo.dress(last_stage)
    return {
        "clients": dict(demo.clients),
        "deals": dict(demo.deals),
        "invoices": dict(demo.invoices),
        "payments": dict(demo.payments),
    }


def build_plans(
    new_id: Any,
    history: Mapping[int, Sequence[tuple[date, dict[str, int]]]],
    payments: Mapping[int, Payment],
    invoice_owner: Mapping[int, int],
    codes: Sequence[str],
    months: Sequence[date],
    working: Sequence[int],
) -> dict[int, Plan]:
    """Return each employee's monthly plans: about a tenth above what they usually do.

    Funnel targets are their average working day × the month's working days × 1.1, rounded
    to fives; revenue is their average month of money received × 1.1, rounded to thousands.
    """
    received: dict[int, int] = {}
    for payment in payments.values():
        owner = invoice_owner.get(payment.invoice_id)
        if owner is not None:
            received[owner] = received.get(owner, 0) + payment.amount
    plans: dict[int, Plan] = {}
    for employee_id, days in history.items():
        if not days:
            continue
        worked = len(days)
        active_months = max(1, round(worked / 21))
        for month in months:
            if month < days[0][0].replace(day=1) or month > days[-1][0].replace(day=1) + timedelta(
                days=40
            ):
                continue
            first, last = month_bounds(month)
            length = len(working_days_between(first, last, working))
            targets: dict[str, int] = {}
            for code in codes:
                per_day = sum(c.get(code, 0) for _, c in days) / worked
                targets[code] = max(1, round(per_day * length * 1.1 / 5) * 5) if per_day else 0
            monthly = received.get(employee_id, 0) / active_months * 1.1
            targets[REVENUE] = round(monthly / 100_000) * 100_000
            plan = Plan(employee_id, month.isoformat()[:7], targets, id=new_id())
            plans[plan.id] = plan
    return plans
