"""Clients, deals, invoices, payments and plans: the rules a save must keep, in one place.

Open deals and unpaid invoices live in their tables' open files (see schema.OPEN): the hot
list, receivables and the finance view read those and the period's months, never every year.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import replace
from datetime import date, timedelta
from typing import TYPE_CHECKING, Final

from salestui.bulk import quiet_gc
from salestui.i18n import fmt_date, tr
from salestui.models import (
    LOST,
    OUTCOMES,
    REVENUE,
    WON,
    BaseReview,
    CallReview,
    Client,
    ClientCard,
    Deal,
    Employee,
    Invoice,
    Payment,
    Plan,
    Settings,
    ValidationError,
    check_money,
    is_hot,
)
from salestui.money import fmt_amount
from salestui.store.engine import Database
from salestui.store.records import Records, atomic
from salestui.store.schema import OPEN, TABLES, UNSHARDED, on_or_after

if TYPE_CHECKING:
    from salestui.analytics.deal_columns import DealColumns
    from salestui.store.deal_times import DealTimes

# The most deals or clients a search returns: a screen shows a page, never 100,000 rows.
SEARCH_LIMIT: Final = 500
# The weekly chart's weeks: their payments' months are read ahead.
CHART_WEEKS: Final = 12


def refuse(label: str, value: object, key: str, **params: object) -> ValidationError:
    """Return a ValidationError whose message names the field."""
    return ValidationError(label, value, tr(key, field=label, value=value, **params))


def deal_rules(deal: Deal, stages: Sequence[str], *, owner_known: bool, client_known: bool) -> Deal:
    """Refuse a deal whose owner or client is not known, whose stage is not one of stages,
    or whose next step falls due before it was created (add_deal's rules, one at a time or
    for many at once)."""
    if not owner_known:
        raise refuse(tr("field.owner"), deal.owner, "error.no_employee")
    if not client_known:
        raise refuse(tr("field.client"), deal.client_id, "error.no_client")
    if deal.stage not in stages:
        raise refuse(tr("field.stage"), deal.stage, "error.unknown_stage")
    if deal.next_step_due is not None and deal.next_step_due < deal.created:
        raise refuse(
            tr("field.next_step_due"), fmt_date(deal.next_step_due), "error.before_created"
        )
    return deal


class SalesRecords(Records):
    """The sales tables' reads and the writes that keep their rules."""

    def __init__(self, db: Database) -> None:
        super().__init__(db)
        self._deal_times: DealTimes | None = None

    def deal_columns(self, quiet: Callable[[], None] = lambda: None) -> DealColumns:
        """Return every deal's few numbers for duration (store.deal_times); a save makes
        only its own file's again. Safe from a worker thread; `quiet` is called before each
        file is read (see read_ahead)."""
        if self._deal_times is None:
            from salestui.store.deal_times import DealTimes

            self._deal_times = DealTimes(self.db)
        return self._deal_times.columns(quiet)

    def settings(self) -> Settings:
        """Return the settings (defined by the repository)."""
        raise NotImplementedError

    def _employee(self, employee_id: int, label: str) -> Employee:
        found = self.get(Employee, employee_id)
        if found is None:
            raise refuse(label, employee_id, "error.no_employee")
        return found

    # -- reading ahead -----------------------------------------------------------------

    def read_ahead(
        self,
        today: date,
        opened: Callable[[], None],
        then: Sequence[Callable[[], None]] = (),
        quiet: Callable[[], None] = lambda: None,
    ) -> None:
        """Read, in a background thread, what the sales screens show first; call `opened`
        (from that thread) once Today's alerts and quality counts can be computed without
        reading a file, and
        the `then` jobs (a screen's index) once everything is read. `quiet` is called before
        each file: it returns once the user is not typing (the app's keys come first).

        First the open deals and invoices, the chart's months of payments and the plans (as
        records); then this year's invoices and deals and every client file, newest first (as
        documents: the finance view filters them, Clients & deals and the hot list's names
        index them). At 100,000 clients this takes a few seconds that the user spends reading
        Today; a screen opened sooner reads what it needs itself, as before.
        """
        months = TABLES["payments"].shards_between(today - timedelta(weeks=CHART_WEEKS), today)
        year = str(today.year)

        def run() -> None:
            # The cycle collector is held while the thread reads (a full collection walks
            # every object read so far, holding the app ~100 ms at this size); what was read
            # stays for the session, so it is frozen out of later collections too.
            with quiet_gc(freeze=True):
                read()

        def read() -> None:
            try:
                self.keep_quietly(Deal, OPEN)
                self.keep_quietly(Invoice, OPEN)
                for month in months:
                    self.keep_quietly(Payment, month)
                self.keep_quietly(Plan, UNSHARDED)
                # Today's quality counts: the listening queue looks a year back (this year's
                # and last year's call reviews), the debt at every base review, and the
                # roll-call at today's (this year's file).
                for shard in (str(today.year - 1), year):
                    self.keep_quietly(CallReview, shard)
                for shard in self.db.shards("base_reviews"):
                    self.keep_quietly(BaseReview, shard)
                self.db.read_quietly("rollcall", year)
                opened()
                for table, shard in [
                    *(("invoices", s) for s in self.db.shards("invoices") if s.startswith(year)),
                    *(("clients", s) for s in sorted(self.db.shards("clients"), reverse=True)),
                    *(("deals", s) for s in self.db.shards("deals") if s.startswith(year)),
                ]:
                    quiet()
                    self.db.read_quietly(table, shard)
                for job in then:
                    quiet()
                    try:
                        job()
                    except Exception:  # noqa: BLE001 - nothing may print over the screen
                        continue  # that screen counts for itself; the next job still runs
            except Exception:  # noqa: BLE001 - nothing may print over the screen
                return  # what was not read is read by the screen that needs it

        threading.Thread(target=run, name="salestui-read-ahead", daemon=True).start()

    # -- clients -----------------------------------------------------------------------

    def clients(self) -> list[Client]:
        """Return every client, sorted by name."""
        return sorted(self.all(Client), key=lambda c: (c.name.casefold(), c.id))

    def client_cards(self, ids: Collection[int] | None = None) -> list[ClientCard]:
        """Return the audit fields of every client, or of the given ids, from the stored
        documents (~0.2 s for 100,000; their records took 1.1 s and far more memory)."""
        wanted = None if ids is None else {str(i) for i in ids}
        cards = []
        for shard in self.db.shards("clients"):
            docs = self.db.raw("clients", shard)
            if wanted is None:
                # A copy made in one C call: the read-ahead and the base review count from
                # worker threads, and a save on the event loop may add a client meanwhile.
                docs = dict(docs)
                keys: Iterable[str] = docs.keys()
            else:
                # The few ids asked for are looked up; the file is not copied nor walked.
                keys = [key for key in wanted if key in docs]
            for key in keys:
                doc = docs[key]
                get = doc.get
                cards.append(
                    ClientCard(
                        int(key),
                        doc["owner"],
                        doc["name"],
                        get("contact", ""),
                        get("phone", ""),
                        get("email", ""),
                        get("source", ""),
                        get("comment", ""),
                    )
                )
        return cards

    def clients_by_id(self, ids: Iterable[int]) -> dict[int, Client]:
        """Return the records of the given clients (only these are built), by id."""
        wanted = {str(i) for i in ids}
        found: dict[int, Client] = {}
        for shard in self.db.shards("clients"):
            docs = self.db.raw("clients", shard)
            for key in [key for key in wanted if key in docs]:
                found[int(key)] = self._record(Client, shard, int(key), docs[key])
        return found

    def find_clients(self, text: str, limit: int = SEARCH_LIMIT) -> list[Client]:
        """Return clients whose name, contact, phone or email holds the text (any case), by name.

        The documents are searched as stored; records are built for the matches only (a
        dialog suggesting clients as one types cannot build 100,000 of them a keystroke).
        """
        wanted = " ".join(text.split()).casefold()
        found = []
        for shard in self.db.shards("clients"):
            for key, doc in self.db.raw("clients", shard).items():
                hay = f"{doc['name']} {doc.get('contact', '')} {doc.get('phone', '')} "
                if wanted in (hay + doc.get("email", "")).casefold():
                    found.append((doc["name"].casefold(), int(key), shard, doc))
        found.sort(key=lambda m: (m[0], m[1]))
        return [self._record(Client, s, i, doc) for _, i, s, doc in found[:limit]]

    def client_names(self, ids: set[int]) -> dict[int, str]:
        """Return the names of the given clients: one pass over the files, newest first,
        stopping once all are found (the hot list's clients are mostly recent)."""
        wanted = {str(i) for i in ids}
        found: dict[int, str] = {}
        for shard in sorted(self.db.shards("clients"), reverse=True):
            if not wanted:
                break
            docs = self.db.raw("clients", shard)
            for key in wanted & docs.keys():
                found[int(key)] = docs[key]["name"]
            wanted -= docs.keys()
        return found

    @atomic
    def save_client(self, client: Client, before: Client | None = None) -> Client:
        """Add or update a client; its owner must be an employee. With `before` (the client
        as the form read it) only the fields changed from it are written."""
        self._employee(client.owner, tr("field.owner"))
        return self.update(client, before) if client.id else self.add(client)

    # -- deals -------------------------------------------------------------------------

    def open_deals(self) -> list[Deal]:
        """Return every deal still in the pipeline (from the open file only)."""
        return list(self.kept(Deal, OPEN).values())

    def hot_deals(self) -> list[Deal]:
        """Return the open deals the hot rule picks."""
        settings = self.settings()
        return [d for d in self.open_deals() if is_hot(d, settings)]

    def deals_closed_between(self, start: date, end: date, owner: int | None = None) -> list[Deal]:
        """Return the deals won or lost in [start, end] (one employee's: only those built)."""
        return self.between(Deal, start, end, None if owner is None else {"owner": owner})

    def deals_created_between(self, start: date, end: date) -> list[Deal]:
        """Return the deals created in [start, end]: open ones, and closed from start's month on."""
        shards = [s for s in self.db.shards("deals") if s == OPEN or on_or_after(s, start)]
        lo, hi = start.isoformat(), end.isoformat()
        result = []
        for shard in shards:
            docs = self.db.raw("deals", shard)
            for key, doc in docs.items():
                if lo <= doc["created"] <= hi:
                    result.append(self._record(Deal, shard, int(key), doc))
        return result

    def deals_of_client(self, client_id: int) -> list[Deal]:
        """Return a client's deals, open first then newest."""
        found = [
            self._record(Deal, shard, i, doc)
            for shard, i, doc in self._docs("deals")
            if doc.get("client_id") == client_id
        ]
        return sorted(found, key=lambda d: (d.closed is not None, d.created), reverse=False)

    def _check_deal(self, deal: Deal) -> Deal:
        """Refuse a deal that names an unknown owner, client or stage."""
        owner = self.get(Employee, deal.owner) is not None
        client = deal.client_id is None or self.get(Client, deal.client_id) is not None
        return deal_rules(deal, self.deal_stages(), owner_known=owner, client_known=client)

    def deal_stages(self) -> tuple[str, ...]:
        """Return the stages a deal may be at: the pipeline's and the outcomes."""
        return (*self.settings().stage_codes(), *OUTCOMES)

    def _hot_dates(self, deal: Deal, day: date) -> Deal:
        """Keep hot_since: the day the deal entered the hot list, None once it leaves."""
        hot = is_hot(deal, self.settings())
        if hot and deal.hot_since is None:
            return replace(deal, hot_since=day)
        if not hot and deal.hot_since is not None:
            return replace(deal, hot_since=None)
        return deal

    def add_deals(self, deals: Sequence[Deal], today: date) -> list[int]:
        """Store many new deals at once (an import) under add_deal's rules; return their ids."""
        staff, stages = {e.id for e in self.all(Employee)}, self.deal_stages()
        clients = {c.id for c in self.client_cards(ids={d.client_id for d in deals if d.client_id})}
        for deal in deals:
            client = deal.client_id is None or deal.client_id in clients
            deal_rules(deal, stages, owner_known=deal.owner in staff, client_known=client)
        return self.add_all([self._hot_dates(deal, today) for deal in deals])

    def add_clients(self, clients: Sequence[Client]) -> list[int]:
        """Store many new clients at once (an import); each owner must be an employee."""
        staff = {e.id for e in self.all(Employee)}
        for client in clients:
            if client.owner not in staff:
                raise refuse(tr("field.owner"), client.owner, "error.no_employee")
        return self.add_all(list(clients))

    @atomic
    def add_deal(self, deal: Deal, today: date) -> Deal:
        """Store a new deal after checking its owner, client and stage."""
        return self.add(self._hot_dates(self._check_deal(deal), today))

    @atomic
    def save_deal(self, deal: Deal, today: date, before: Deal | None = None) -> Deal:
        """Store an edited deal after the same checks; hot by hand lifts a demotion. With
        `before` (the deal as the form read it) only the fields changed from it are written."""
        if deal.hot and deal.demoted:
            deal = replace(deal, demoted=False)
        return self.update(self._hot_dates(self._check_deal(deal), today), before)

    def deal(self, deal_id: int) -> Deal:
        """Return a deal, or raise KeyError."""
        found = self.get(Deal, deal_id)
        if found is None:
            raise KeyError(f"deal {deal_id}")
        return found

    def _open_deal(self, deal_id: int) -> Deal:
        deal = self.deal(deal_id)
        if deal.closed is not None:
            raise refuse(tr("field.stage"), deal.stage, "error.deal_closed")
        return deal

    @atomic
    def log_contact(self, deal_id: int, day: date, next_step: str, due: date | None) -> Deal:
        """Record a contact on a day with the next step agreed and when it is due."""
        deal = self._open_deal(deal_id)
        step = " ".join(next_step.split())
        if due is not None and due < day:
            raise refuse(tr("field.next_step_due"), fmt_date(due), "error.due_in_past")
        if due is not None and not step:
            raise refuse(tr("field.next_step"), step, "error.step_needed")
        last = max(day, deal.last_contact) if deal.last_contact else day
        return self.update(replace(deal, last_contact=last, next_step=step, next_step_due=due))

    @atomic
    def close_deal(self, deal_id: int, outcome: str, day: date, reason: str = "") -> Deal:
        """Mark a deal won or lost on a day (lost needs a reason)."""
        deal = self._open_deal(deal_id)
        if outcome not in OUTCOMES:
            raise refuse(tr("field.stage"), outcome, "error.unknown_stage")
        if day < deal.created:
            raise refuse(tr("field.closed"), fmt_date(day), "error.closed_early")
        closed = replace(
            deal,
            stage=outcome,
            closed=day,
            lost_reason=" ".join(reason.split()) if outcome == LOST else "",
            probability=100 if outcome == WON else 0,
            hot_since=None,
        )
        return self.update(closed)

    @atomic
    def demote(self, deal_id: int) -> Deal:
        """Take a deal off the hot list: not hot by hand, and the rule no longer applies."""
        deal = self._open_deal(deal_id)
        return self.update(replace(deal, hot=False, demoted=True, hot_since=None))

    @atomic
    def snooze(self, deal_id: int, until: date | None, reason: str, today: date) -> Deal:
        """Silence a deal's stale alert until a date, with a reason; None wakes it."""
        deal = self._open_deal(deal_id)
        if until is None:
            return self.update(replace(deal, snoozed_until=None, snooze_reason=""))
        if until <= today:
            raise refuse(tr("field.snoozed_until"), fmt_date(until), "error.snooze_future")
        text = " ".join(reason.split())
        if not text:
            raise refuse(tr("field.snooze_reason"), text, "error.reason_needed")
        return self.update(replace(deal, snoozed_until=until, snooze_reason=text))

    # -- invoices and payments ---------------------------------------------------------

    def open_invoices(self) -> list[Invoice]:
        """Return the invoices not paid in full and not cancelled (the open file only)."""
        return list(self.kept(Invoice, OPEN).values())

    def _invoices_where(
        self, shards: list[str], field: str, after: str, upto: str
    ) -> list[Invoice]:
        """Return the invoices of some files whose date field lies in (after, upto].

        The stored documents are filtered first; only the matches become records (a file
        holds some 1,800 invoices at 50 employees; a month's money needs a few hundred).
        """
        found = []
        for shard in shards:
            kept = self._kept.get(("invoices", shard))
            if kept is not None:
                found += [i for i in kept.values() if after < str(getattr(i, field)) <= upto]
                continue
            for key, doc in self.db.raw("invoices", shard).items():
                if after < str(doc[field]) <= upto:
                    found.append(self._record(Invoice, shard, int(key), doc))
        return found

    def invoices_issued_between(self, start: date, end: date) -> list[Invoice]:
        """Return the invoices issued in [start, end] (open, and settled from start's month on)."""
        shards = [s for s in self.db.shards("invoices") if s == OPEN or on_or_after(s, start)]
        before = (start - timedelta(days=1)).isoformat()
        return self._invoices_where(shards, "issued", before, end.isoformat())

    def invoices_settled_after(self, day: date) -> list[Invoice]:
        """Return the invoices settled after a day: open on it (if issued by then), closed since."""
        shards = [s for s in self.db.shards("invoices") if s != OPEN and on_or_after(s, day)]
        return self._invoices_where(shards, "settled", day.isoformat(), "9999")

    def invoices_of_deal(self, deal: Deal) -> list[Invoice]:
        """Return a deal's invoices (issued on or after it was created), by issue date.

        The files are scanned as stored, without keeping unparsed ones, and only the deal's
        invoices become records: for a deal a few months old, records of every invoice of
        those months took ~1 s and ~130 MB at 110,000 invoices.
        """
        created = deal.created
        shards = [s for s in self.db.shards("invoices") if s == OPEN or on_or_after(s, created)]
        found = [
            self._record(Invoice, shard, int(key), doc)
            for shard in shards
            for key, doc in self.db.peek("invoices", shard).items()
            if doc.get("deal_id") == deal.id
        ]
        return sorted(found, key=lambda i: (i.issued, i.id))

    def open_invoices_of_deal(self, deal: Deal) -> list[Invoice]:
        """Return a deal's invoices with something left to pay, by issue date: they are all
        in the file of unsettled invoices (an invoice is settled once nothing is left)."""
        found = [i for i in self.open_invoices() if i.deal_id == deal.id and i.open_amount > 0]
        return sorted(found, key=lambda i: (i.issued, i.id))

    def invoice(self, invoice_id: int) -> Invoice:
        """Return an invoice, or raise KeyError."""
        found = self.get(Invoice, invoice_id)
        if found is None:
            raise KeyError(f"invoice {invoice_id}")
        return found

    @atomic
    def issue_invoice(self, invoice: Invoice) -> Invoice:
        """Store a new invoice; one for a deal moves the deal to the pipeline's last stage.

        The invoice takes its deal's client and owner unless given; its deal must be open.
        """
        if invoice.paid or invoice.cancelled or invoice.settled is not None:
            raise refuse(tr("field.paid"), invoice.paid, "error.new_invoice_paid")
        deal = None
        if invoice.deal_id is not None:
            deal = self._open_deal(invoice.deal_id)
            if invoice.issued < deal.created:
                raise refuse(tr("field.issued"), fmt_date(invoice.issued), "error.before_created")
            invoice = replace(invoice, client_id=invoice.client_id or deal.client_id)
        self._employee(invoice.employee_id, tr("field.owner"))
        if invoice.client_id is not None and self.get(Client, invoice.client_id) is None:
            raise refuse(tr("field.client"), invoice.client_id, "error.no_client")
        with self.db.transaction():
            stored = self.add(invoice)
            last = self.settings().stage_codes()[-1]
            if deal is not None and deal.stage != last:
                self.update(self._hot_dates(replace(deal, stage=last), invoice.issued))
        return stored

    @atomic
    def cancel_invoice(self, invoice_id: int) -> Invoice:
        """Cancel an unpaid invoice: it stays in history and leaves receivables."""
        invoice = self.invoice(invoice_id)
        if invoice.cancelled:
            return invoice
        if invoice.paid:
            paid = fmt_amount(invoice.paid)
            raise refuse(tr("field.cancelled"), paid, "error.cancel_paid")
        return self.update(replace(invoice, cancelled=True, settled=invoice.issued))

    @atomic
    def record_payment(self, invoice_id: int, day: date, amount: int) -> tuple[Payment, Invoice]:
        """Store a payment of an invoice and update what the invoice has been paid, at once.

        A payment never exceeds what is left to pay, never pays a cancelled invoice and is
        never dated before the invoice was issued.
        """
        label = tr("field.amount")
        check_money(label, amount, positive=True)
        invoice = self.invoice(invoice_id)
        if invoice.cancelled:
            raise refuse(label, invoice.number, "error.pay_cancelled")
        left = invoice.amount - invoice.paid
        if amount > left:
            raise refuse(label, fmt_amount(amount), "error.overpayment", left=fmt_amount(left))
        if day < invoice.issued:
            raise refuse(tr("field.date"), fmt_date(day), "error.paid_before_issued")
        first = min(day, invoice.first_paid) if invoice.first_paid else day
        last = max(day, invoice.last_paid) if invoice.last_paid else day
        paid = invoice.paid + amount
        settled = last if paid == invoice.amount else None
        updated = replace(invoice, paid=paid, first_paid=first, last_paid=last, settled=settled)
        with self.db.transaction():
            payment = self.add(Payment(invoice_id, day, amount))
            self.update(updated)
        return payment, updated

    def payments_between(self, start: date, end: date) -> list[Payment]:
        """Return the payments dated in [start, end]."""
        shards = TABLES["payments"].shards_between(start, end)
        present = set(self.db.shards("payments"))
        return [
            p
            for p in self.in_shards(Payment, [s for s in shards if s in present])
            if start <= p.date <= end
        ]

    def payments_since(self, day: date) -> list[Payment]:
        """Return the payments dated on or after a day (any later year too)."""
        first = TABLES["payments"].shard_for(day)
        shards = [s for s in self.db.shards("payments") if s >= first]
        return [p for p in self.in_shards(Payment, shards) if p.date >= day]

    def receivables_input(self, as_of: date) -> tuple[list[Invoice], dict[int, int]]:
        """Return what receivables as of a date are computed from (analytics.finance).

        The invoices that can have been open then (open now, or settled after it) and, by
        invoice, the payments dated after it, which are given back. An invoice settled on or
        before the day was paid in full (or cancelled) by then.
        """
        invoices = [*self.open_invoices(), *self.invoices_settled_after(as_of)]
        after: dict[int, int] = {}
        for payment in self.payments_since(as_of + timedelta(days=1)):
            after[payment.invoice_id] = after.get(payment.invoice_id, 0) + payment.amount
        return invoices, after

    def invoice_owners(self, since: date) -> dict[int, int]:
        """Return the employee of every invoice a payment dated since a day can be for.

        A payment's invoice is open, or was settled on or after the payment's day; read from
        the stored documents, without building a record of each.
        """
        owners = {i.id: i.employee_id for i in self.open_invoices()}
        lo = since.isoformat()
        for shard in self.db.shards("invoices"):
            if shard != OPEN and on_or_after(shard, since):
                for key, doc in self.db.raw("invoices", shard).items():
                    if doc["settled"] >= lo:
                        owners[int(key)] = doc["employee_id"]
        return owners

    def payments_of(self, invoice: Invoice) -> list[Payment]:
        """Return an invoice's payments, by date."""
        if invoice.first_paid is None:
            return []
        assert invoice.last_paid is not None
        found = self.payments_between(invoice.first_paid, invoice.last_paid)
        return sorted((p for p in found if p.invoice_id == invoice.id), key=lambda p: p.date)

    # -- plans -------------------------------------------------------------------------

    def plans_for(self, month: str) -> dict[int, Plan]:
        """Return the month's plans ("2026-11") by employee id."""
        return {p.employee_id: p for p in self.kept(Plan, UNSHARDED).values() if p.month == month}

    @atomic
    def copy_plans(self, targets: dict[int, dict[str, int]], month: str) -> None:
        """Save several employees' targets into a month at once: all of them, or none."""
        with self.transaction():
            for employee_id, plan in targets.items():
                for code, value in plan.items():
                    self.set_target(employee_id, month, code, value)

    @atomic
    def set_target(self, employee_id: int, month: str, code: str, value: int | None) -> Plan | None:
        """Save one monthly target (a count, or revenue in kopecks); None clears it."""
        self._employee(employee_id, tr("field.employee"))
        codes = (REVENUE, *self.settings().metric_codes())
        if code not in codes:
            raise refuse(tr("field.target"), code, "error.unknown_target")
        plan = self.plans_for(month).get(employee_id)
        targets = dict(plan.targets) if plan else {}
        if value is None:
            targets.pop(code, None)
        else:
            targets[code] = value
        record = Plan(employee_id, month, targets, plan.id if plan else 0)  # validates
        if plan is None:
            return self.add(record) if targets else None
        if not targets:
            self.delete(Plan, plan.id)
            return None
        return self.update(record)
