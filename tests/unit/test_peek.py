"""Reading years of records for an index without keeping them parsed (Database.peek).

A client's view indexes every deal and invoice file once; only the files that hold the
client's records may stay parsed, or opening one client kept 110,000 invoices in memory.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from salestui.models import Client, Deal, Employee, Invoice
from salestui.store import Repository
from salestui.tui.screens.clients import ClientRecords

DAY = date(2026, 11, 16)


def build(folder: Path) -> dict[str, int]:
    """Three clients with a deal won and paid in 2024, 2025 and 2026; return their ids."""
    repo = Repository.open(folder, create=True)
    ann = repo.add_employee(Employee("Ann", hired=date(2024, 1, 1)))
    ids = {}
    for year in (2024, 2025, 2026):
        day = date(year, 3, 2)
        client = repo.save_client(Client(f"Client {year}", ann.id, day))
        deal = repo.add_deal(Deal(client.id, ann.id, day, "meeting", amount=100_00), day)
        invoice = repo.issue_invoice(
            Invoice(f"N{year}", deal.id, ann.id, day, 100_00, day + timedelta(days=7))
        )
        repo.record_payment(invoice.id, day, 100_00)
        repo.close_deal(deal.id, "won", day)
        ids[str(year)] = client.id
    repo.close()
    return ids


def test_peek_reads_a_file_with_the_journal_applied_and_keeps_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "db"
    build(folder)
    repo = Repository.open(folder)
    try:
        # A new record for a file nobody has read is journaled without reading it.
        before = repo.version("invoices", "2025-03")
        paid = date(2025, 3, 20)
        repo.add(
            Invoice(
                "OLD",
                None,
                repo.employees()[0].id,
                date(2025, 3, 10),
                5_00,
                date(2025, 3, 17),
                paid=5_00,
                first_paid=paid,
                last_paid=paid,
                settled=paid,
            )
        )
        assert not repo.db.is_loaded("invoices", "2025-03")
        assert repo.version("invoices", "2025-03") == before + 1
        docs = repo.db.peek("invoices", "2025-03")
        assert sorted(d["number"] for d in docs.values()) == ["N2025", "OLD"]
        assert not repo.db.is_loaded("invoices", "2025-03")
    finally:
        repo.close()


def test_opening_a_client_keeps_only_its_own_files_parsed(tmp_path: Path) -> None:
    folder = tmp_path / "db"
    ids = build(folder)
    repo = Repository.open(folder)
    try:
        records = ClientRecords()
        client = repo.get(Client, ids["2025"])
        assert client is not None
        deals = records.deals_of(repo, client)
        invoices = records.invoices_of(repo, client, deals)
        assert [d.closed for d in deals] == [date(2025, 3, 2)]
        assert [i.number for i in invoices] == ["N2025"]
        for table in ("deals", "invoices"):
            loaded = {s for s in repo.shards(table) if repo.db.is_loaded(table, s)}
            assert loaded <= {"2025-03", "open"}, (table, loaded)
        # A save into another file is seen at the next opening (that file is indexed again).
        other = repo.get(Client, ids["2024"])
        assert other is not None
        deal = repo.add_deal(Deal(other.id, other.owner, DAY, "meeting", amount=7_00), DAY)
        repo.close_deal(deal.id, "lost", DAY, "price")
        found = records.deals_of(repo, other)
        assert [d.id for d in found][0] == deal.id
        assert len(found) == 2
    finally:
        repo.close()


def test_a_deals_invoices_are_found_without_keeping_their_months(tmp_path: Path) -> None:
    """A deal's invoices (for the payment dialog) come from every month since the deal was
    created, read as stored: the months nobody had read stay unparsed, and only the deal's
    invoices become records, in issue order, journaled changes included."""
    folder = tmp_path / "db"
    build(folder)
    repo = Repository.open(folder)
    try:
        ann = repo.employees()[0]
        day = date(2025, 5, 5)
        client = repo.save_client(Client("Later", ann.id, day))
        deal = repo.add_deal(Deal(client.id, ann.id, day, "meeting", amount=300_00), day)
        other = repo.add_deal(Deal(client.id, ann.id, day, "meeting", amount=50_00), day)
        for number, issued, which, paid in (
            ("B", date(2025, 9, 1), deal, False),
            ("X", date(2025, 7, 1), other, True),
            ("A", date(2025, 6, 1), deal, True),
        ):
            invoice = repo.issue_invoice(
                Invoice(number, which.id, ann.id, issued, 100_00, issued + timedelta(days=7))
            )
            if paid:  # settled: it moves to the file of its month
                repo.record_payment(invoice.id, issued, 100_00)
        repo.close()
        repo = Repository.open(folder)
        files = [s for s in repo.db.shards("invoices") if s >= "2025-05"]  # and "open"
        assert {"2025-06", "2025-07"} <= set(files)
        assert not any(repo.db.is_loaded("invoices", f) for f in files)
        stored = repo.deal(deal.id)
        found = repo.invoices_of_deal(stored)
        assert [i.number for i in found] == ["A", "B"]
        assert all(i.deal_id == deal.id for i in found)
        assert [i.number for i in repo.invoices_of_deal(repo.deal(other.id))] == ["X"]
        assert not any(repo.db.is_loaded("invoices", f) for f in files)
    finally:
        repo.close()


def test_a_deals_open_invoices_come_from_the_file_of_unsettled_ones(tmp_path: Path) -> None:
    """The payment dialog's invoices (something left to pay) are the deal's among the
    unsettled: the same as filtering all its invoices, and no month file is read."""
    folder = tmp_path / "db"
    build(folder)
    repo = Repository.open(folder)
    try:
        ann = repo.employees()[0]
        day = date(2024, 5, 5)
        client = repo.save_client(Client("Old", ann.id, day))
        deal = repo.add_deal(Deal(client.id, ann.id, day, "meeting", amount=400_00), day)
        for number, issued, pay in (
            ("C", date(2025, 1, 10), 100_00),
            ("B", date(2024, 9, 1), 40_00),
            ("A", date(2024, 6, 1), 0),
        ):
            invoice = repo.issue_invoice(
                Invoice(number, deal.id, ann.id, issued, 100_00, issued + timedelta(days=7))
            )
            if pay:
                repo.record_payment(invoice.id, issued, pay)
        repo.close()
        repo = Repository.open(folder)
        stored = repo.deal(deal.id)
        found = repo.open_invoices_of_deal(stored)
        assert [(i.number, i.open_amount) for i in found] == [("A", 100_00), ("B", 60_00)]
        months = [s for s in repo.db.shards("invoices") if s != "open"]
        assert not any(repo.db.is_loaded("invoices", m) for m in months)
        assert found == [i for i in repo.invoices_of_deal(stored) if i.open_amount > 0]
    finally:
        repo.close()
