"""The deal columns the store keeps per file (store.deal_times): after every kind of save they
equal the columns made afresh from every deal record, and nothing changed reads nothing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np

from salestui.analytics.deal_columns import DealColumns
from salestui.models import Client, Deal, Employee, Invoice
from salestui.store import Repository


def fresh(repo: Repository) -> DealColumns:
    """Return the columns made from every deal record and its invoices' first payments,
    in the store's order of deals (by file, then by id within a file)."""
    firsts: dict[int, date] = {}
    for invoice in repo.all(Invoice):
        if invoice.deal_id is not None and invoice.first_paid is not None:
            known = firsts.get(invoice.deal_id)
            firsts[invoice.deal_id] = min(invoice.first_paid, known or invoice.first_paid)
    deals = [
        repo.get_from(Deal, shard, int(key))
        for shard in repo.shards("deals")
        for key in repo.db.raw("deals", shard)
    ]
    return DealColumns.of([d for d in deals if d is not None], firsts)


def same(a: DealColumns, b: DealColumns) -> bool:
    """Tell whether two sets of columns hold the same numbers."""
    return all(np.array_equal(getattr(a, f), getattr(b, f)) for f in DealColumns.__slots__)


def test_columns_follow_every_save_and_are_kept_while_nothing_changes(tmp_path: Path) -> None:
    repo = Repository.open(tmp_path / "db", create=True)
    try:
        anna = repo.add_employee(Employee("Anna", hired=date(2025, 1, 1))).id
        boris = repo.add_employee(Employee("Boris", hired=date(2025, 1, 1))).id
        acme = repo.save_client(Client("Acme", anna, date(2025, 3, 1))).id
        first = repo.add_deal(
            Deal(acme, anna, date(2025, 3, 2), "meeting", 500_00), date(2025, 3, 2)
        )
        second = repo.add_deal(
            Deal(acme, boris, date(2026, 10, 1), "meeting", 900_00), date(2026, 10, 1)
        )
        columns = repo.deal_columns()
        assert same(columns, fresh(repo))
        assert columns.first_paid.tolist() == [0, 0]
        # Nothing saved: the same columns, not made again.
        assert repo.deal_columns() is columns

        # Two invoices of one deal paid in the other order: the earliest payment counts.
        late = repo.issue_invoice(
            Invoice("A-1", first.id, anna, date(2025, 4, 1), 300_00, date(2025, 4, 15))
        )
        early = repo.issue_invoice(
            Invoice("A-2", first.id, anna, date(2025, 4, 2), 200_00, date(2025, 4, 16))
        )
        repo.record_payment(late.id, date(2025, 5, 20), 300_00)  # settles: moves to a month file
        repo.record_payment(early.id, date(2025, 4, 10), 50_00)  # stays open, paid in part
        after = repo.deal_columns()
        assert after is not columns
        assert same(after, fresh(repo))
        paid = dict(zip(after.owner.tolist(), after.first_paid.tolist(), strict=True))
        assert paid[anna] == date(2025, 4, 10).toordinal()

        # A deal won and one lost (they move from the open file to a month's).
        repo.close_deal(first.id, "won", date(2025, 5, 21))
        repo.close_deal(second.id, "lost", date(2026, 11, 2), "price")
        closed = repo.deal_columns()
        assert same(closed, fresh(repo))
        assert closed.open.tolist() == [False, False]
        assert sorted(closed.lost.tolist()) == [False, True]
    finally:
        repo.close()


def test_pipelines_are_kept_until_an_open_deal_changes(tmp_path: Path) -> None:
    """The weighted pipelines are made again after a save of an open deal, not before."""
    from dataclasses import replace

    from salestui import queries
    from salestui.analytics.forecast import weighted_pipelines

    repo = Repository.open(tmp_path / "db", create=True)
    try:
        anna = repo.add_employee(Employee("Anna", hired=date(2025, 1, 1))).id
        acme = repo.save_client(Client("Acme", anna, date(2025, 3, 1))).id
        deal = Deal(acme, anna, date(2026, 11, 2), "meeting", 1_000_00, probability=40)
        deal = repo.add_deal(replace(deal, expected_payment=date(2026, 12, 10)), date(2026, 11, 2))
        kept = queries.open_pipelines(repo)
        assert kept == weighted_pipelines(repo.open_deals())
        assert kept[1] == {"2026-12": 400_00}
        assert queries.open_pipelines(repo) is kept  # nothing saved: not made again
        repo.save_deal(replace(deal, probability=90), date(2026, 11, 3))
        again = queries.open_pipelines(repo)
        assert again is not kept
        assert again[1] == {"2026-12": 900_00} == weighted_pipelines(repo.open_deals())[1]
    finally:
        repo.close()


def test_no_deals_group_into_nothing() -> None:
    """A period without a paid deal has no days per employee (it raised in the Stats
    read-ahead, so nothing after it was prepared)."""
    from salestui.analytics.deal_columns import DaysColumns, grouped_days

    none = np.array([], dtype=np.int64)
    empty = DaysColumns(none, none, none, np.array([], dtype=bool))
    assert grouped_days(empty) == {}
    some = DaysColumns(
        np.array([2, 1, 2]), np.array([1, 1, 1]), np.array([5, 7, 9]), np.array([True] * 3)
    )
    assert grouped_days(some) == {1: [7], 2: [5, 9]}
