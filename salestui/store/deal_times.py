"""Every deal's few numbers for duration, kept per file and rebuilt only for a changed file.

The Stats screen's duration, cohorts and forecast lag need, of each of 100,000 deals, its
owner, created day, first payment, closed day of a win and whether it is lost or open: six
arrays of ~1 MB (analytics.deal_columns). They are made here from the stored documents, a
file at a time. A file's columns are kept with the file's change counter (Database.version);
a save changes one file (a month, or the open deals and invoices), so the next reading
rebuilds that file's columns only. Files not parsed are read without being kept
(Database.peek): the documents of five years of deals and invoices would take hundreds of MB.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from salestui.analytics.deal_columns import DealColumns, Numbers, day_numbers, join
from salestui.models import LOST, WON
from salestui.store.engine import Database

# A deals file's columns with the deals' ids, and an invoices file's (deal id, first paid).
DealPart = tuple[Numbers, DealColumns]
FirstPart = tuple[Numbers, Numbers]


def deal_part(docs: Mapping[str, Any]) -> DealPart:
    """Return the columns of one deals file, with the deals' ids."""
    values = list(docs.values())
    ids = np.fromiter((int(k) for k in docs), dtype=np.int64, count=len(values))
    closed = day_numbers([d["closed"] for d in values])
    stages = np.array([d["stage"] for d in values], dtype=object)
    won = stages == WON
    return ids, DealColumns(
        np.fromiter((d["owner"] for d in values), dtype=np.int64, count=len(values)),
        day_numbers([d["created"] for d in values]),
        np.zeros(len(values), dtype=np.int64),
        np.where(won, closed, 0),
        np.asarray(stages == LOST, dtype=np.bool_),
        closed == 0,
    )


def first_part(docs: Mapping[str, Any]) -> FirstPart:
    """Return the (deal id, first payment day) of one invoices file's paid deal invoices."""
    pairs = [
        (d["deal_id"], d["first_paid"])
        for d in docs.values()
        if d.get("deal_id") is not None and d.get("first_paid") is not None
    ]
    if not pairs:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    deals, firsts = zip(*pairs, strict=True)
    return np.array(deals, dtype=np.int64), day_numbers(list(firsts))


class DealTimes:
    """The deal columns of a database, kept per file with the file's change counter."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._lock = threading.Lock()
        self._parts: dict[tuple[str, str], tuple[int, Any]] = {}
        self._joined: tuple[object, DealColumns] | None = None
        self._deals: tuple[object, DealColumns, Numbers, Numbers] | None = None

    def _part(
        self,
        table: str,
        shard: str,
        make: Callable[[Mapping[str, Any]], Any],
        quiet: Callable[[], None],
    ) -> Any:
        """Return one file's columns, made again only if the file changed since."""
        version = self.db.version(table, shard)
        kept = self._parts.get((table, shard))
        if kept is not None and kept[0] == version:
            return kept[1]
        quiet()
        part = make(self.db.peek(table, shard))
        self._parts[(table, shard)] = (version, part)
        return part

    def columns(self, quiet: Callable[[], None] = lambda: None) -> DealColumns:
        """Return every deal's columns with its first payment's day (the earliest invoice's);
        `quiet` is called before a file is read."""
        with self._lock:
            deal_files = self.db.shards("deals")
            invoice_files = self.db.shards("invoices")
            stamp = (
                tuple((s, self.db.version("deals", s)) for s in deal_files),
                tuple((s, self.db.version("invoices", s)) for s in invoice_files),
            )
            if self._joined is not None and self._joined[0] == stamp:
                return self._joined[1]
            deals: list[DealPart] = [self._part("deals", s, deal_part, quiet) for s in deal_files]
            firsts: list[FirstPart] = [
                self._part("invoices", s, first_part, quiet) for s in invoice_files
            ]
            # Files gone (a month emptied by a move) are forgotten.
            live = {("deals", s) for s in deal_files} | {("invoices", s) for s in invoice_files}
            for key in set(self._parts) - live:
                del self._parts[key]
            if self._deals is None or self._deals[0] != stamp[0]:
                # The deals change far less often than the invoices (a payment touches no
                # deal): their columns and sorted ids are kept for the next payment.
                self._deals = (stamp[0], *self._deal_columns(deals))
            joined = self._with_firsts(self._deals[1], self._deals[2], self._deals[3], firsts)
            self._joined = (stamp, joined)
            return joined

    @staticmethod
    def _deal_columns(deals: list[DealPart]) -> tuple[DealColumns, Numbers, Numbers]:
        """Return every deal's columns, and their ids sorted with the order that sorts them."""
        ids = np.concatenate([i for i, _ in deals]) if deals else np.zeros(0, dtype=np.int64)
        order = np.argsort(ids, kind="stable")
        return join([c for _, c in deals]), ids[order], order

    @staticmethod
    def _with_firsts(
        columns: DealColumns, ids: Numbers, order: Numbers, firsts: list[FirstPart]
    ) -> DealColumns:
        """Return the deals' columns with each deal's earliest first payment (0: none)."""
        none = np.iinfo(np.int64).max
        earliest = np.full(len(ids), none, dtype=np.int64)
        if firsts and len(ids):
            paid_deals = np.concatenate([d for d, _ in firsts])
            paid_days = np.concatenate([f for _, f in firsts])
            at = np.minimum(np.searchsorted(ids, paid_deals), len(ids) - 1)
            known = ids[at] == paid_deals  # an invoice of a deal that is gone counts nothing
            np.minimum.at(earliest, at[known], paid_days[known])
        first = np.zeros(len(ids), dtype=np.int64)
        first[order] = np.where(earliest == none, 0, earliest)
        return DealColumns(
            columns.owner, columns.created, first, columns.won_closed, columns.lost, columns.open
        )
