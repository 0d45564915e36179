"""The sales rules the repository keeps on every save, on a real database folder.

Each refusal names its field and writes nothing (the journal is unchanged); each accepted
save is there after the database is closed and opened again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from salestui.models import (
    LOST,
    WON,
    Client,
    Deal,
    Employee,
    Invoice,
    ValidationError,
)
from salestui.store import Repository, journal

DAY = date(2026, 11, 16)  # a Monday


@pytest.fixture
def path(tmp_path: Path) -> Path:
    """A database folder with one employee and one client."""
    folder = tmp_path / "db"
    repo = Repository.open(folder, create=True)
    ann = repo.add_employee(Employee("Ann", hired=date(2025, 1, 1)))
    repo.save_client(Client("Acme", ann.id, date(2026, 1, 10)))
    repo.close()
    return folder


@pytest.fixture
def repo(path: Path) -> Iterator[Repository]:
    """The database, open for writing."""
    opened = Repository.open(path)
    try:
        yield opened
    finally:
        opened.close()


def ann(repo: Repository) -> int:
    """Return the employee's id."""
    return repo.employees()[0].id


def acme(repo: Repository) -> int:
    """Return the client's id."""
    return repo.clients()[0].id


def new_deal(repo: Repository, **changes: Any) -> Deal:
    """Add a deal at the meeting stage (changes override its fields)."""
    fields: dict[str, Any] = {"amount": 1_000_00, "probability": 40, **changes}
    return repo.add_deal(Deal(acme(repo), ann(repo), DAY, "meeting", **fields), DAY)


def invoice_for(repo: Repository, deal: Deal, amount: int = 1_000_00) -> Invoice:
    """Issue an invoice for a deal on DAY, due a week later."""
    return repo.issue_invoice(
        Invoice("INV-1", deal.id, ann(repo), DAY, amount, DAY + timedelta(days=7))
    )


def refused(path: Path, field: str, action: Callable[[], object]) -> str:
    """Run an action that must be refused naming field, and check nothing reached the disk."""
    before = journal.pending(path)
    with pytest.raises(ValidationError) as info:
        action()
    assert journal.pending(path) == before
    assert info.value.field == field
    assert "\n" not in str(info.value)
    return str(info.value)


def reopened(path: Path) -> Repository:
    """Return the database opened afresh (read-only), as the next process would see it."""
    return Repository.open(path, writable=False)


# -- invoices and payments -----------------------------------------------------------------


def test_partial_then_full_payment(path: Path, repo: Repository) -> None:
    """A partial payment keeps the invoice open; the rest settles it on the last payment's day."""
    invoice = invoice_for(repo, new_deal(repo))
    _, part = repo.record_payment(invoice.id, DAY + timedelta(days=2), 400_00)
    assert (part.paid, part.open_amount, part.settled) == (400_00, 600_00, None)
    assert [i.id for i in repo.open_invoices()] == [invoice.id]
    _, whole = repo.record_payment(invoice.id, DAY + timedelta(days=9), 600_00)
    assert (whole.paid, whole.first_paid, whole.last_paid, whole.settled) == (
        1_000_00,
        DAY + timedelta(days=2),
        DAY + timedelta(days=9),
        DAY + timedelta(days=9),
    )
    assert repo.open_invoices() == []
    repo.close()
    again = reopened(path)
    try:
        assert again.open_invoices() == []
        assert again.invoice(invoice.id) == whole
        assert sum(p.amount for p in again.payments_of(whole)) == 1_000_00
    finally:
        again.close()
    assert (path / "invoices" / f"{DAY:%Y-%m}.json").exists()
    assert not (path / "invoices" / "open.json").exists()


def test_an_overpayment_is_refused(path: Path, repo: Repository) -> None:
    """A payment over what is left to pay is refused, saying what is left; nothing is written."""
    invoice = invoice_for(repo, new_deal(repo))
    repo.record_payment(invoice.id, DAY, 700_00)
    text = refused(path, "Amount", lambda: repo.record_payment(invoice.id, DAY, 300_01))
    assert "300.01" in text and "300.00" in text
    assert repo.invoice(invoice.id).paid == 700_00


@pytest.mark.parametrize("amount", [0, -5])
def test_a_payment_of_nothing_is_refused(path: Path, repo: Repository, amount: int) -> None:
    """A payment must be above zero."""
    invoice = invoice_for(repo, new_deal(repo))
    refused(path, "Amount", lambda: repo.record_payment(invoice.id, DAY, amount))


def test_a_payment_before_the_invoice_is_refused(path: Path, repo: Repository) -> None:
    """A payment dated before the invoice was issued is refused, naming the date."""
    invoice = invoice_for(repo, new_deal(repo))
    refused(path, "Date", lambda: repo.record_payment(invoice.id, DAY - timedelta(days=1), 1_00))


def test_a_paid_invoice_cannot_be_cancelled(path: Path, repo: Repository) -> None:
    """An invoice with payments is not cancelled: the message says why and what to do."""
    invoice = invoice_for(repo, new_deal(repo))
    repo.record_payment(invoice.id, DAY, 1_00)
    text = refused(path, "Cancelled", lambda: repo.cancel_invoice(invoice.id))
    assert "payments" in text


def test_a_cancelled_invoice_stays_and_leaves_receivables(path: Path, repo: Repository) -> None:
    """Cancelling keeps the invoice in history, out of what is owed, and refuses payments."""
    invoice = invoice_for(repo, new_deal(repo))
    cancelled = repo.cancel_invoice(invoice.id)
    assert cancelled.cancelled and cancelled.open_amount == 0
    assert repo.open_invoices() == []
    refused(path, "Amount", lambda: repo.record_payment(invoice.id, DAY, 1_00))
    repo.close()
    again = reopened(path)
    try:
        assert again.invoice(invoice.id).cancelled
    finally:
        again.close()


def test_an_invoice_moves_its_deal_to_the_last_stage(repo: Repository) -> None:
    """Issuing an invoice for a deal moves it to the pipeline's last stage: it becomes hot."""
    deal = new_deal(repo)
    invoice = invoice_for(repo, deal)
    moved = repo.deal(deal.id)
    assert moved.stage == repo.settings().stage_codes()[-1] == "invoice"
    assert moved.hot_since == DAY
    assert invoice.client_id == deal.client_id
    assert [d.id for d in repo.hot_deals()] == [deal.id]


def test_bad_invoices_are_refused(path: Path, repo: Repository) -> None:
    """Before its deal, for a closed deal, for nobody, or due before issued: refused."""
    deal = new_deal(repo)
    early = Invoice("X", deal.id, ann(repo), DAY - timedelta(days=1), 1_00, DAY)
    refused(path, "Issued", lambda: repo.issue_invoice(early))
    stranger = Invoice("X", None, 12345, DAY, 1_00, DAY)
    refused(path, "Owner", lambda: repo.issue_invoice(stranger))
    with pytest.raises(ValidationError) as info:
        Invoice("X", deal.id, ann(repo), DAY, 1_00, DAY - timedelta(days=1))
    assert info.value.field == "Due"
    repo.close_deal(deal.id, LOST, DAY, "price")
    late = Invoice("X", deal.id, ann(repo), DAY, 1_00, DAY)
    refused(path, "Stage", lambda: repo.issue_invoice(late))


# -- deals ---------------------------------------------------------------------------------


def test_deals_are_checked(path: Path, repo: Repository) -> None:
    """An unknown stage, owner or client is refused naming the field."""
    refused(path, "Stage", lambda: repo.add_deal(Deal(None, ann(repo), DAY, "signed"), DAY))
    refused(path, "Owner", lambda: repo.add_deal(Deal(None, 99, DAY, "meeting"), DAY))
    refused(path, "Client", lambda: repo.add_deal(Deal(77, ann(repo), DAY, "meeting"), DAY))


def test_won_and_lost(path: Path, repo: Repository) -> None:
    """Won sets 100 %, lost needs a reason; both leave the open file and the hot list."""
    hot = new_deal(repo, probability=80)
    assert hot.hot_since == DAY
    refused(path, "Reason lost", lambda: repo.close_deal(hot.id, LOST, DAY, "  "))
    won = repo.close_deal(hot.id, WON, DAY + timedelta(days=3))
    assert (won.stage, won.closed, won.probability, won.hot_since) == (
        WON,
        DAY + timedelta(days=3),
        100,
        None,
    )
    assert repo.open_deals() == [] and repo.hot_deals() == []
    refused(path, "Stage", lambda: repo.close_deal(hot.id, LOST, DAY, "again"))
    repo.close()
    again = reopened(path)
    try:
        assert again.open_deals() == []
        assert again.deals_closed_between(DAY, DAY + timedelta(days=3)) == [won]
    finally:
        again.close()


def test_log_contact(path: Path, repo: Repository) -> None:
    """A contact sets the last contact and the next step; a due date needs a step after it."""
    deal = new_deal(repo)
    later = DAY + timedelta(days=2)
    logged = repo.log_contact(deal.id, later, "send the contract", later + timedelta(days=1))
    assert (logged.last_contact, logged.next_step, logged.next_step_due) == (
        later,
        "send the contract",
        later + timedelta(days=1),
    )
    refused(path, "Next step due", lambda: repo.log_contact(deal.id, later, "x", DAY))
    refused(path, "Next step", lambda: repo.log_contact(deal.id, later, " ", later))


def test_snooze_and_wake(path: Path, repo: Repository) -> None:
    """A snooze needs a later day and a reason; None wakes the deal."""
    deal = new_deal(repo)
    refused(path, "Snoozed until", lambda: repo.snooze(deal.id, DAY, "holiday", DAY))
    refused(path, "Snooze reason", lambda: repo.snooze(deal.id, DAY + timedelta(days=3), "", DAY))
    snoozed = repo.snooze(deal.id, DAY + timedelta(days=3), "on holiday", DAY)
    assert (snoozed.snoozed_until, snoozed.snooze_reason) == (DAY + timedelta(days=3), "on holiday")
    woken = repo.snooze(deal.id, None, "", DAY)
    assert (woken.snoozed_until, woken.snooze_reason) == (None, "")


def test_demote_overrides_the_rule_until_flagged_again(repo: Repository) -> None:
    """A demoted deal leaves the hot list even in the invoice stage; hot by hand brings it back."""
    deal = new_deal(repo)
    invoice_for(repo, deal)
    demoted = repo.demote(deal.id)
    assert repo.hot_deals() == [] and demoted.hot_since is None
    again = repo.save_deal(Deal(**{**_fields(demoted), "hot": True}), DAY + timedelta(days=1))
    assert not again.demoted and again.hot_since == DAY + timedelta(days=1)
    assert [d.id for d in repo.hot_deals()] == [deal.id]


def _fields(deal: Deal) -> dict[str, Any]:
    """Return a deal's fields as keyword arguments."""
    return {name: getattr(deal, name) for name in Deal.__dataclass_fields__}


# -- plans ---------------------------------------------------------------------------------


def test_targets(path: Path, repo: Repository) -> None:
    """A target is saved, replaced and cleared; an unknown one or a bad month is refused."""
    me = ann(repo)
    repo.set_target(me, "2026-11", "revenue", 500_000_00)
    repo.set_target(me, "2026-11", "cold_calls", 1200)
    assert repo.plans_for("2026-11")[me].targets == {"revenue": 500_000_00, "cold_calls": 1200}
    repo.set_target(me, "2026-11", "revenue", None)
    refused(path, "Target", lambda: repo.set_target(me, "2026-11", "visits", 3))
    refused(path, "Month", lambda: repo.set_target(me, "2026-13", "cold_calls", 3))
    refused(path, "Revenue", lambda: repo.set_target(me, "2026-11", "revenue", -1))
    repo.close()
    again = reopened(path)
    try:
        assert again.plans_for("2026-11")[me].targets == {"cold_calls": 1200}
        assert again.plans_for("2026-12") == {}
    finally:
        again.close()
    repo = Repository.open(path)
    try:
        assert repo.set_target(me, "2026-11", "cold_calls", None) is None
        assert repo.plans_for("2026-11") == {}
    finally:
        repo.close()


def test_client_cards_hold_what_the_records_hold(repo: Repository) -> None:
    """The audit's cards, read from the documents, say what each client record says, also
    for a client just saved and another edited."""
    repo.save_client(
        Client("Борей ООО", ann(repo), DAY, phone="+7 916 555-01-02", comment="перезвонить")
    )
    first = repo.clients()[0]
    repo.save_client(
        Client(first.name, first.owner, first.created, email="a@acme.test", id=first.id)
    )
    cards = {card.id: card for card in repo.client_cards()}
    assert set(cards) == {c.id for c in repo.clients()}
    for client in repo.clients():
        card = cards[client.id]
        assert card._asdict() == {name: getattr(client, name) for name in card._fields}


def test_client_cards_of_some_ids(repo: Repository) -> None:
    """Audit mode reads the cards of the others' clients it names, not the base's; an id
    not stored is left out."""
    bob = repo.add_employee(Employee("Bob", hired=date(2025, 1, 1)))
    his = repo.save_client(Client("Борей ООО", bob.id, DAY, phone="+7 916 555-01-02"))
    everyone = {card.id: card for card in repo.client_cards()}
    first = repo.clients()[0].id
    assert sorted(repo.client_cards(ids=[first, his.id, 999])) == sorted(
        [everyone[first], everyone[his.id]]
    )
    assert repo.client_cards(ids=[]) == []


def test_changes_of_some_tables(repo: Repository) -> None:
    """A table's changes count its own saves: a client saved is not the roll-call's."""
    clients, calls = repo.changes_of("clients"), repo.changes_of("rollcall")
    repo.save_client(Client("Борей ООО", ann(repo), DAY))
    assert repo.changes_of("clients") == clients + 1
    assert repo.changes_of("rollcall") == calls
    assert repo.changes_of("clients", "rollcall") == clients + calls + 1


def test_one_employees_closed_deals(repo: Repository) -> None:
    """The deals closed in a period, all or one employee's (only theirs built)."""
    bob = repo.add_employee(Employee("Bob", hired=date(2025, 1, 1)))
    mine = repo.add_deal(Deal(acme(repo), ann(repo), DAY, "meeting"), DAY)
    theirs = repo.add_deal(Deal(acme(repo), bob.id, DAY, "meeting"), DAY)
    for deal in (mine, theirs):
        repo.close_deal(deal.id, LOST, DAY, reason="price")
    both = repo.deals_closed_between(DAY, DAY)
    assert sorted(d.id for d in both) == sorted([mine.id, theirs.id])
    assert [d.id for d in repo.deals_closed_between(DAY, DAY, owner=bob.id)] == [theirs.id]
    assert repo.deals_closed_between(DAY, DAY, owner=999) == []


def test_many_records_at_once_are_durable_or_not_there_at_all(path: Path) -> None:
    """add_all (an import's write) reaches the journal: the records are there after the
    store is opened again; in a transaction that fails, none of them is, then or after."""
    repo = Repository.open(path)
    owner = ann(repo)
    kept = repo.add_all([Client(f"Firm {n}", owner, DAY) for n in range(300)])
    with pytest.raises(RuntimeError), repo.transaction():
        repo.add_all([Client(f"Gone {n}", owner, DAY) for n in range(50)])
        raise RuntimeError("a later row was refused")
    names = {c.name for c in repo.clients()}
    assert not any(name.startswith("Gone") for name in names)
    repo.close()
    again = Repository.open(path)
    try:
        stored = {c.id: c.name for c in again.clients()}
        assert all(stored[i] == f"Firm {n}" for n, i in enumerate(kept))
        assert not any(name.startswith("Gone") for name in stored.values())
    finally:
        again.close()
