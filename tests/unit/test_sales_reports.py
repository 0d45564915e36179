"""The sales reports on the real command line: hot, deals, finance, receivables and plan.

One hand-built database per module (employees, clients, deals, invoices, payments, plans
and daily numbers chosen so every figure below is counted by hand in a comment) and the
real `python -m salestui report ...` in a subprocess, as tests/unit/test_cli.py runs it.
Today is pinned to Thursday 2026-11-26; November 2026 has 21 working days (Mon–Fri):
2–6, 9–13, 16–20, 23–27 and 30; 18 of them (2–25) are before the 26th.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from salestui.models import Client, Deal, Employee, Invoice
from salestui.store import Repository
from tests.conftest import TODAY
from tests.unit.test_cli import PINNED, fingerprint, one_line, run

NBSP = "\u00a0"
ANNA, BORIS, CLARA, DMITRY = "Anna Petrova", "Boris Ivanov", "Clara Smirnova", "Dmitry Orlov"
TOTAL = "TOTAL"
D = date.fromisoformat


@dataclass(frozen=True, slots=True)
class Sales:
    """The module's two databases and a home folder for the subprocesses."""

    db: Path
    edges: Path
    home: Path


def build(path: Path) -> None:
    """Write the hand-counted team (see each block's comment for what it adds up to)."""
    repo = Repository.open(path, create=True)
    try:
        hired = D("2025-01-01")
        anna = repo.add_employee(Employee(ANNA, hired=hired)).id
        boris = repo.add_employee(Employee(BORIS, hired=hired)).id
        # Employed, but with no deal, invoice, payment or plan: a row of zeros and nulls.
        repo.add_employee(Employee(CLARA, role="field", hired=hired))
        # Left in June: no row unless he still has data in the period (an open invoice).
        dmitry = repo.add_employee(Employee(DMITRY, hired=hired, left=D("2026-06-30"))).id

        def client(name: str, owner: int) -> int:
            return repo.save_client(Client(name, owner, D("2026-01-15"))).id

        alfa, gamma = client("Alfa LLC", anna), client("Gamma", anna)
        beta, delta = client("Beta JSC", boris), client("Delta", boris)
        old = client("Old Client", dmitry)

        def deal(owner: int, who: int, created: str, stage: str, amount: int, **kw: Any) -> int:
            new = Deal(who, owner, D(created), stage, amount, **kw)
            return repo.add_deal(new, D(created)).id

        # -- deals -----------------------------------------------------------------------------
        # Anna, created in November: 2 won, 1 lost, 1 open (dA4 below, on the hot list).
        won1 = deal(anna, alfa, "2026-11-02", "meeting", 10_000_000, probability=40)
        won2 = deal(anna, gamma, "2026-11-03", "application", 5_000_051, probability=50)
        lost1 = deal(anna, alfa, "2026-11-05", "conversation", 700_000, probability=10)
        repo.close_deal(won1, "won", D("2026-11-10"))
        repo.close_deal(won2, "won", D("2026-11-20"))
        repo.close_deal(lost1, "lost", D("2026-11-12"), "price")
        # Anna, created in October, lost in November: only in --by closed.
        lost2 = deal(anna, gamma, "2026-10-01", "meeting", 900_000, probability=20)
        repo.close_deal(lost2, "lost", D("2026-11-03"), "no budget")
        # Anna, created and lost in October: in neither November count.
        lost3 = deal(anna, gamma, "2026-10-02", "meeting", 100_000, probability=20)
        repo.close_deal(lost3, "lost", D("2026-10-20"), "silence")
        # Boris, created in October, won in November (30 000,00): only in --by closed.
        won3 = deal(boris, beta, "2026-10-15", "application", 3_000_000, probability=60)
        repo.close_deal(won3, "won", D("2026-11-05"))

        # -- the hot list as of 2026-11-26 (sorted by expected payment, none last) -------------
        # dA4: invoice stage (hot by stage); step due yesterday -> overdue_step; expected
        # 2026-11-20 < today -> past_expected; contact 2 days ago <= 5 (invoice) -> not stale.
        deal(
            anna,
            alfa,
            "2026-11-09",
            "invoice",
            12_000_050,
            probability=50,
            expected_payment=D("2026-11-20"),
            next_step="Call the accountant",
            next_step_due=D("2026-11-25"),
            last_contact=D("2026-11-24"),
        )
        # dA6 (October): every flag exactly at its threshold, so none: probability 70 (hot
        # at >= 70), expected today (not past), step due today (not overdue), contact 7 days
        # ago = application's 7 (stale only beyond it).
        deal(
            anna,
            gamma,
            "2026-10-20",
            "application",
            1_000_000,
            probability=70,
            expected_payment=TODAY,
            # A phone number first: a spreadsheet would run "+7 ..." as a formula.
            next_step="+7 495 123-45-67, agree the date",
            next_step_due=TODAY,
            last_contact=D("2026-11-19"),
        )
        # Not hot: probability 69 in a non-hot stage, not flagged by hand.
        deal(anna, gamma, "2026-10-21", "conversation", 2_000_000, probability=69)
        # dB2: hot by probability 80; no next step -> no_step; never contacted, created 16
        # days ago > 7 (meeting) -> stale; expected in December -> not past.
        deal(
            boris,
            beta,
            "2026-11-10",
            "meeting",
            8_000_000,
            probability=80,
            expected_payment=D("2026-12-10"),
        )
        # dB3: hot by hand; last contact 14 days ago > 7 would be stale, but snoozed until
        # 2026-12-01 -> only snoozed; no expected payment date -> last on the list.
        hand = deal(
            boris,
            delta,
            "2026-11-11",
            "conversation",
            500_000,
            probability=10,
            hot=True,
            next_step="Send the offer",
            next_step_due=D("2026-11-27"),
            last_contact=D("2026-11-12"),
        )
        repo.snooze(hand, D("2026-12-01"), "on holiday", TODAY)

        # -- invoices and payments -------------------------------------------------------------
        def invoice(number: str, who: int, owner: int, issued: str, amount: int, due: str) -> int:
            new = Invoice(number, None, owner, D(issued), amount, D(due), client_id=who)
            return repo.issue_invoice(new).id

        # Anna. A-0 (October, 30 000,00, due 10-15): 10 000,00 paid 11-03.
        a0 = invoice("A-0", alfa, anna, "2026-10-01", 3_000_000, "2026-10-15")
        repo.record_payment(a0, D("2026-11-03"), 1_000_000)
        # A-1 (100 000,00, due 11-12): 40 000,00 on 11-05 and 60 000,00 on 11-20 (settled).
        a1 = invoice("A-1", alfa, anna, "2026-11-02", 10_000_000, "2026-11-12")
        repo.record_payment(a1, D("2026-11-05"), 4_000_000)
        repo.record_payment(a1, D("2026-11-20"), 6_000_000)
        # A-2 (50 000,50, due 11-30): unpaid, not yet due.
        invoice("A-2", gamma, anna, "2026-11-16", 5_000_050, "2026-11-30")
        # A-3 (7 000,00): cancelled, counted nowhere.
        repo.cancel_invoice(invoice("A-3", gamma, anna, "2026-11-18", 700_000, "2026-11-28"))
        # Boris. B-1 (20 000,00, due 11-20): 5 000,25 paid 11-25.
        b1 = invoice("B-1", beta, boris, "2026-11-10", 2_000_000, "2026-11-20")
        repo.record_payment(b1, D("2026-11-25"), 500_025)
        # B-0 (July, 15 000,00, due 07-31): unpaid.
        invoice("B-0", delta, boris, "2026-07-01", 1_500_000, "2026-07-31")
        # Dmitry (left in June). D-1 (May, 9 000,00, due 05-31): unpaid.
        invoice("D-1", old, dmitry, "2026-05-01", 900_000, "2026-05-31")

        # -- plans for November 2026 and the daily numbers -------------------------------------
        # Revenue 210 000,00 = 10 000,00 a working day for Anna, 105 000,00 for Boris.
        repo.set_target(anna, "2026-11", "revenue", 21_000_000)
        repo.set_target(anna, "2026-11", "cold_calls", 1050)
        repo.set_target(anna, "2026-11", "meetings", 42)
        repo.set_target(boris, "2026-11", "revenue", 10_500_000)
        repo.set_target(boris, "2026-11", "cold_calls", 630)
        # An October plan, which no November figure may use.
        repo.set_target(anna, "2026-10", "revenue", 99_900_000)
        # Anna: cold calls 60 + 40 + 55 = 155, meetings 2 + 3 = 5 in November; 99 calls in
        # October that November ignores.
        for day, code, value in (
            ("2026-11-02", "cold_calls", 60),
            ("2026-11-03", "cold_calls", 40),
            ("2026-11-25", "cold_calls", 55),
            ("2026-11-02", "meetings", 2),
            ("2026-11-10", "meetings", 3),
            ("2026-10-30", "cold_calls", 99),
        ):
            repo.set_count(anna, D(day), code, value)
        # Boris: 30 cold calls and 4 conversations (no plan for those).
        repo.set_count(boris, D("2026-11-05"), "cold_calls", 30)
        repo.set_count(boris, D("2026-11-05"), "conversations", 4)
    finally:
        repo.close()


# The second database. Receivables as of 2026-10-31 with an invoice at each bucket edge:
# 100,01 × 2^i rubles due 0, 1, 30, 31, 60, 61, 90 and 91 days before; and someone who left
# on 2026-11-13 with a November revenue plan of 210 000,00 and nothing else.
EDGE_AS_OF = D("2026-10-31")
EDGE_DAYS = (0, 1, 30, 31, 60, 61, 90, 91)
KEEPER, LEFT = "Edge Keeper", "Left Early"


def build_edges(path: Path) -> None:
    """Write one employee's invoices at the aging bucket edges, with payments around the date."""
    repo = Repository.open(path, create=True)
    try:
        owner = repo.add_employee(Employee(KEEPER, hired=D("2025-01-01"))).id
        gone = repo.add_employee(Employee(LEFT, hired=D("2025-01-01"), left=D("2026-11-13"))).id
        repo.set_target(gone, "2026-11", "revenue", 21_000_000)
        ids = {}
        for i, days in enumerate(EDGE_DAYS):
            due = EDGE_AS_OF - timedelta(days=days)
            new = Invoice(f"E-{days}", None, owner, due - timedelta(days=10), 10_001 << i, due)
            ids[days] = repo.issue_invoice(new).id
        # Paid in full after the date (11-02): still open as of 10-31.
        repo.record_payment(ids[0], D("2026-11-02"), 10_001)
        # The 91-day one (12 801,28): 801,28 paid before the date counts, 1 000,00 after not.
        repo.record_payment(ids[91], EDGE_AS_OF - timedelta(days=5), 80_128)
        repo.record_payment(ids[91], D("2026-11-10"), 100_000)
        # Cancelled, issued after the date, paid in full before it: none is open on 10-31.
        late = Invoice("E-cancelled", None, owner, D("2026-09-01"), 500_000, D("2026-09-16"))
        repo.cancel_invoice(repo.issue_invoice(late).id)
        after = Invoice("E-after", None, owner, D("2026-11-01"), 300_000, D("2026-11-02"))
        repo.issue_invoice(after)
        paid = Invoice("E-paid", None, owner, D("2026-09-01"), 200_000, D("2026-09-30"))
        repo.record_payment(repo.issue_invoice(paid).id, D("2026-10-30"), 200_000)
    finally:
        repo.close()


@pytest.fixture(scope="module")
def sales(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sales]:
    """Build the databases once per module (and per xdist worker)."""
    root = tmp_path_factory.mktemp("sales_reports")
    db, edges, home = root / "db", root / "edges", root / "home"
    home.mkdir()
    build(db)
    build_edges(edges)
    yield Sales(db, edges, home)


# -- running the command line ------------------------------------------------------------------


def report(
    s: Sales, name: str, *args: str, db: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `salestui report NAME` on a database (the module's by default), today pinned."""
    return run(s.home, "report", name, "--db", db or s.db, *PINNED, *args)


def rows(s: Sales, name: str, *args: str, db: Path | None = None) -> list[dict[str, Any]]:
    """Run a report with --format json; it must succeed silently and print a JSON array."""
    result = report(s, name, "--format", "json", *args, db=db)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    found = json.loads(result.stdout)
    assert isinstance(found, list)
    return found


def text(s: Sales, name: str, *args: str) -> list[str]:
    """Run a report for people (text or md) and return its lines."""
    result = report(s, name, *args)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    lines: list[str] = result.stdout.splitlines()
    return lines


def table(keys: tuple[str, ...], *values: tuple[Any, ...]) -> list[dict[str, Any]]:
    """Return rows as JSON gives them, from tuples in the order of the keys."""
    return [dict(zip(keys, v, strict=True)) for v in values]


def assert_rows(found: list[dict[str, Any]], expected: list[dict[str, Any]]) -> None:
    """The same rows, each with exactly the expected keys in the expected order."""
    assert found == expected
    for row, want in zip(found, expected, strict=True):
        assert list(row) == list(want)


def kopecks(value: float) -> int:
    """Return a JSON amount in minor units (exact for two decimals)."""
    return round(value * 100)


def ru(amount: str) -> str:
    """Write "150 000,50" with the no-break space Russian output puts between groups."""
    return amount.replace(" ", NBSP)


# -- the hand-counted answers ------------------------------------------------------------------

HOT_KEYS = (
    "client",
    "employee",
    "stage",
    "amount",
    "probability",
    "expected_payment",
    "last_contact",
    "next_step",
    "next_step_due",
    "flags",
)
STEP = "+7 495 123-45-67, agree the date"
HOT = table(
    HOT_KEYS,
    # By expected payment date: 11-20, 11-26, 12-10, then the one without a date.
    ("Alfa LLC", ANNA, "invoice", 120000.5, 50, "2026-11-20", "2026-11-24",
     "Call the accountant", "2026-11-25", ["overdue_step", "past_expected"]),
    ("Gamma", ANNA, "application", 10000, 70, "2026-11-26", "2026-11-19",
     STEP, "2026-11-26", []),
    ("Beta JSC", BORIS, "meeting", 80000, 80, "2026-12-10", None,
     "", None, ["no_step", "stale"]),
    ("Delta", BORIS, "conversation", 5000, 10, None, "2026-11-12",
     "Send the offer", "2026-11-27", ["snoozed"]),
)  # fmt: skip

DEAL_KEYS = ("employee", "deals", "open", "won", "lost", "win_rate", "won_amount", "avg_won_amount")
# Created 2026-11-01..26 (the default: this month so far).
DEALS_CREATED = table(
    DEAL_KEYS,
    # Won 100 000,00 + 50 000,51 = 150 000,51; / 2 = 75 000,255 -> 75 000,26 (half up);
    # lost 1, open 1 (dA4): 4 deals; win rate 2 / 3 = 0.6667.
    (ANNA, 4, 1, 2, 1, 0.6667, 150000.51, 75000.26),
    # Two open hot deals, nothing closed: no win rate, no average.
    (BORIS, 2, 2, 0, 0, None, 0, None),
    (CLARA, 0, 0, 0, 0, None, 0, None),
    (TOTAL, 6, 3, 2, 1, 0.6667, 150000.51, 75000.26),
)
# Won or lost 2026-11-01..30, whenever created; nothing is open.
DEALS_CLOSED = table(
    DEAL_KEYS,
    # 2 won (as above), lost 11-12 and 11-03 (created in October): 2 / 4 = 0.5.
    (ANNA, 4, 0, 2, 2, 0.5, 150000.51, 75000.26),
    # Created in October, won 11-05 for 30 000,00.
    (BORIS, 1, 0, 1, 0, 1.0, 30000, 30000),
    (CLARA, 0, 0, 0, 0, None, 0, None),
    # 3 won of 5: 0.6; 150 000,51 + 30 000,00 = 180 000,51; / 3 = 60 000,17 exactly.
    (TOTAL, 5, 0, 3, 2, 0.6, 180000.51, 60000.17),
)

FINANCE_KEYS = (
    "employee",
    "invoices_issued",
    "invoiced_amount",
    "payments_received",
    "received_amount",
    "plan",
    "attainment",
)
# 2026-11-01..26: 19 working days (2–26) of November's 21.
FINANCE_MONTH = table(
    FINANCE_KEYS,
    # A-1 100 000,00 + A-2 50 000,50 (A-3 cancelled); paid 10 000 (A-0, an October
    # invoice) + 40 000 + 60 000 = 110 000; plan 210 000 × 19/21 = 190 000;
    # 110 000 / 190 000 = 0.578947.
    (ANNA, 2, 150000.5, 3, 110000, 190000, 0.5789),
    # B-1 20 000,00; 5 000,25 paid; plan 105 000 × 19/21 = 95 000; 5 000,25 / 95 000 = 0.052634.
    (BORIS, 1, 20000, 1, 5000.25, 95000, 0.0526),
    (CLARA, 0, 0, 0, 0, None, None),
    # 115 000,25 / 285 000 = 0.403509.
    (TOTAL, 3, 170000.5, 4, 115000.25, 285000, 0.4035),
)
# 2026-11-16..20, a week: 5 working days of 21.
FINANCE_WEEK = table(
    FINANCE_KEYS,
    # A-2 (11-16; A-3 of 11-18 cancelled); 60 000 paid 11-20; plan 210 000 × 5/21 = 50 000.
    (ANNA, 1, 50000.5, 1, 60000, 50000, 1.2),
    # B-1 was issued 11-10 and paid 11-25: nothing this week; plan 105 000 × 5/21 = 25 000.
    (BORIS, 0, 0, 0, 0, 25000, 0.0),
    (CLARA, 0, 0, 0, 0, None, None),
    (TOTAL, 1, 50000.5, 1, 60000, 75000, 0.8),
)

AGING_KEYS = (
    "employee",
    "open_invoices",
    "open_amount",
    "not_due",
    "d1_30",
    "d31_60",
    "d61_90",
    "d90_plus",
)
# As of today, 2026-11-26.
AGING_TODAY = table(
    AGING_KEYS,
    # A-2 50 000,50 due 11-30 (not due); A-0 30 000 − 10 000 = 20 000 due 10-15, 42 days.
    (ANNA, 2, 70000.5, 50000.5, 0, 20000, 0, 0),
    # B-1 20 000 − 5 000,25 = 14 999,75 due 11-20, 6 days; B-0 15 000 due 07-31, 118 days.
    (BORIS, 2, 29999.75, 0, 14999.75, 0, 0, 15000),
    (CLARA, 0, 0, 0, 0, 0, 0, 0),
    # Left in June, still owed 9 000,00 (D-1 due 05-31, 179 days): his row stays.
    (DMITRY, 1, 9000, 0, 0, 0, 0, 9000),
    (TOTAL, 5, 109000.25, 50000.5, 14999.75, 20000, 0, 24000),
)
# As of 2026-11-04, B-1 not issued yet; the payments of 11-05, 11-20, 11-25 not made.
AGING_NOV_4 = table(
    AGING_KEYS,
    # A-1 100 000 (due 11-12); A-0 30 000 − 10 000 (paid 11-03) = 20 000, 20 days late.
    (ANNA, 2, 120000, 100000, 20000, 0, 0, 0),
    # B-0 15 000, 96 days late.
    (BORIS, 1, 15000, 0, 0, 0, 0, 15000),
    (CLARA, 0, 0, 0, 0, 0, 0, 0),
    (DMITRY, 1, 9000, 0, 0, 0, 0, 9000),
    (TOTAL, 4, 144000, 100000, 20000, 0, 0, 24000),
)
# Bucket edges as of 2026-10-31: 0 -> not due; 1, 30 -> 1–30; 31, 60; 61, 90; 91 -> 90+.
EDGE_ROW = (
    8,
    # 100,01 × 255 − 801,28 paid before the date = 24 701,27.
    24701.27,
    100.01,  # due 10-31 (paid in full on 11-02, after the date)
    600.06,  # 200,02 + 400,04
    2400.24,  # 800,08 + 1 600,16
    9600.96,  # 3 200,32 + 6 400,64
    12000,  # 12 801,28 − 801,28 (the 1 000,00 of 11-10 is after the date)
)
AGING_EDGES = table(
    AGING_KEYS,
    (KEEPER, *EDGE_ROW),
    (LEFT, 0, 0, 0, 0, 0, 0, 0),
    (TOTAL, *EDGE_ROW),
)

PLAN_KEYS = ("employee", "target", "plan", "fact", "attainment", "expected_to_date")
TARGETS = (
    "revenue",
    "cold_calls",
    "conversations",
    "meetings",
    "applications",
    "invoices",
    "payments",
)


def plan_rows(employee: str, known: dict[str, tuple[Any, ...]]) -> list[dict[str, Any]]:
    """Return an employee's rows for every target; a target without a plan has only a fact."""
    return table(PLAN_KEYS, *((employee, t, *known.get(t, (None, 0, None, None))) for t in TARGETS))


# November 2026 as of the 26th: 18 of 21 working days have passed, so the pace expects
# plan × 18/21 by now.
PLAN_NOVEMBER = [
    *plan_rows(
        ANNA,
        {
            # Paid in November 110 000 / 210 000 = 0.5238; 210 000 × 18/21 = 180 000.
            "revenue": (210000, 110000, 0.5238, 180000),
            # 60 + 40 + 55 = 155 (not October's 99) / 1050 = 0.1476; 1050 × 18/21 = 900.
            "cold_calls": (1050, 155, 0.1476, 900),
            # 2 + 3 = 5 / 42 = 0.119; 42 × 18/21 = 36.
            "meetings": (42, 5, 0.119, 36),
        },
    ),
    *plan_rows(
        BORIS,
        {
            # 5 000,25 / 105 000 = 0.047621; 105 000 × 18/21 = 90 000.
            "revenue": (105000, 5000.25, 0.0476, 90000),
            # 30 / 630 = 0.047619; 630 × 18/21 = 540.
            "cold_calls": (630, 30, 0.0476, 540),
            "conversations": (None, 4, None, None),
        },
    ),
    *plan_rows(CLARA, {}),
    *plan_rows(
        TOTAL,
        {
            # 315 000: 115 000,25 / 315 000 = 0.365080; 315 000 × 18/21 = 270 000.
            "revenue": (315000, 115000.25, 0.3651, 270000),
            # 1680: 185 / 1680 = 0.110119; 1680 × 18/21 = 1440.
            "cold_calls": (1680, 185, 0.1101, 1440),
            "conversations": (None, 4, None, None),
            "meetings": (42, 5, 0.119, 36),
        },
    ),
]


# -- hot ---------------------------------------------------------------------------------------


def test_hot_json_is_the_list_with_flag_codes(sales: Sales) -> None:
    """Every hot deal, by expected payment date, stage and flags as codes, money in rubles."""
    found = rows(sales, "hot")
    assert_rows(found, HOT)
    # The deal at probability 69 is not hot; the list is per deal, so no TOTAL row.
    assert all(r["employee"] != TOTAL for r in found)


def test_hot_json_is_the_same_in_russian(sales: Sales) -> None:
    """Scripts read the same codes, ISO dates and numbers whatever the language."""
    assert_rows(rows(sales, "hot", "--lang", "ru"), HOT)


def test_hot_employee_in_any_case_filters(sales: Sales) -> None:
    """--employee matches the name in any case and spacing; only that person's deals."""
    assert_rows(rows(sales, "hot", "--employee", "  anna   PETROVA "), HOT[:2])


def test_hot_text_reads_like_the_screen(sales: Sales) -> None:
    """Title with the date and currency, labels and flags in words, and the two totals."""
    lines = text(sales, "hot")
    assert lines[0] == "Hot clients · 2026-11-26 · amounts in ₽"
    first = next(line for line in lines if line.startswith("Alfa LLC"))
    for cell in ("Anna Petrova", "Invoice", "120,000.50 50", "2026-11-20", "Call the accountant"):
        assert cell in first
    assert first.endswith("step overdue, past expected date")
    stale = next(line for line in lines if line.startswith("Beta JSC"))
    assert stale.endswith("no next step, stale")
    # Total 120 000,50 + 10 000 + 80 000 + 5 000 = 215 000,50; weighted 60 000,25 + 7 000 +
    # 64 000 + 500 = 131 500,25.
    assert lines[-1] == "4 hot: total ₽215,000.50, weighted by probability ₽131,500.25"


def test_hot_text_in_russian(sales: Sales) -> None:
    """Russian dates, labels and amounts with no-break spaces and a decimal comma."""
    lines = text(sales, "hot", "--lang", "ru")
    assert lines[0] == "Горячие клиенты · 26.11.2026 · суммы в ₽"
    first = next(line for line in lines if line.startswith("Alfa LLC"))
    for cell in ("Счёт", ru("120 000,50"), "20.11.2026", "25.11.2026"):
        assert cell in first
    assert first.endswith("шаг просрочен, срок оплаты прошёл")
    total, weighted = ru("215 000,50 ₽"), ru("131 500,25 ₽")
    assert lines[-1] == f"Горячих: 4, на сумму {total}, с учётом вероятности {weighted}"


# -- deals -------------------------------------------------------------------------------------


def test_deals_by_default_count_those_created_this_month(sales: Sales) -> None:
    """Default: created 11-01..today; deals = open + won + lost; no win rate without a close."""
    found = rows(sales, "deals")
    assert_rows(found, DEALS_CREATED)
    assert all(r["deals"] == r["open"] + r["won"] + r["lost"] for r in found)


def test_deals_by_closed_count_those_won_or_lost(sales: Sales) -> None:
    """--by closed: deals won or lost in the period, however old; open is always 0."""
    found = rows(sales, "deals", "--by", "closed", "--from", "2026-11-01", "--to", "2026-11-30")
    assert_rows(found, DEALS_CLOSED)


def test_deals_for_one_employee_have_no_total(sales: Sales) -> None:
    """--employee (any case) gives that person's row and no TOTAL row."""
    found = rows(sales, "deals", "--by", "closed", "--employee", "BORIS ivanov")
    assert_rows(found, [DEALS_CLOSED[1]])


def test_deals_markdown_in_russian(sales: Sales) -> None:
    """A Markdown table to paste: Russian title, ИТОГО, percent and amounts the Russian way."""
    lines = text(sales, "deals", "--format", "md", "--lang", "ru")
    assert lines[0] == "Сделки, созданные · 01.11.2026 – 26.11.2026 · суммы в ₽"
    assert f"| {BORIS} | 2 | 2 | 0 | 0 | — | 0,00 | — |" in lines
    cells = ["ИТОГО", "6", "3", "2", "1", ru("67 %"), ru("150 000,51"), ru("75 000,26")]
    assert "| " + " | ".join(cells) + " |" in lines


# -- finance -----------------------------------------------------------------------------------


def test_finance_this_month(sales: Sales) -> None:
    """Invoices issued (not cancelled), payments credited to the invoice's employee, plans
    prorated to the 19 working days so far; attainment null without a plan."""
    assert_rows(rows(sales, "finance"), FINANCE_MONTH)


def test_finance_for_a_week_prorates_the_plan(sales: Sales) -> None:
    """A period shorter than a month gets its working days' share of the monthly plan."""
    found = rows(sales, "finance", "--from", "2026-11-16", "--to", "2026-11-20")
    assert_rows(found, FINANCE_WEEK)


def test_finance_text_in_russian(sales: Sales) -> None:
    """Russian title and period, amounts as 150 000,50, percent as 58 %, ИТОГО."""
    lines = text(sales, "finance", "--lang", "ru")
    assert lines[0] == "Отчёт по финансам · 01.11.2026 – 26.11.2026 · суммы в ₽"

    def cells(name: str) -> list[str]:
        # Split on plain spaces only: the no-break spaces belong to the numbers.
        return next(line for line in lines if line.startswith(name)).split(" ")

    def drop(found: list[str]) -> list[str]:
        return [c for c in found if c]

    anna = ["Anna", "Petrova", "2", "150 000,50", "3", "110 000,00", "190 000,00", "58 %"]
    assert drop(cells(ANNA)) == [ru(c) for c in anna]
    assert drop(cells(CLARA)) == ["Clara", "Smirnova", "0", "0,00", "0", "0,00", "—", "—"]
    total = ["ИТОГО", "3", "170 000,50", "4", "115 000,25", "285 000,00", "40 %"]
    assert drop(cells("ИТОГО")) == [ru(c) for c in total]


# -- receivables -------------------------------------------------------------------------------


def assert_adds_up(found: list[dict[str, Any]]) -> None:
    """Each row's buckets add up to its open amount, and TOTAL to the rows, to the kopeck."""
    buckets = AGING_KEYS[3:]
    for row in found:
        assert sum(kopecks(row[b]) for b in buckets) == kopecks(row["open_amount"]), row
    *people, total = found
    assert total["employee"] == TOTAL
    for key in AGING_KEYS[1:]:
        assert sum(kopecks(r[key]) for r in people) == kopecks(total[key]), key


def test_receivables_today(sales: Sales) -> None:
    """Open invoices by aging bucket per employee, a former employee's included."""
    found = rows(sales, "receivables")
    assert_rows(found, AGING_TODAY)
    assert_adds_up(found)


def test_receivables_as_of_a_past_date(sales: Sales) -> None:
    """Invoices issued and payments made after --as-of (a Russian date here) do not count."""
    found = rows(sales, "receivables", "--as-of", "04.11.2026")
    assert_rows(found, AGING_NOV_4)
    assert_adds_up(found)


def test_receivables_bucket_edges(sales: Sales) -> None:
    """0 days late is not due; 1 and 30 -> 1–30; 31 and 60; 61 and 90; 91 -> 90+; the
    cancelled, the later and the paid invoice are not open."""
    found = rows(sales, "receivables", "--as-of", EDGE_AS_OF.isoformat(), db=sales.edges)
    assert_rows(found, AGING_EDGES)
    assert_adds_up(found)


def test_receivables_for_a_former_employee(sales: Sales) -> None:
    """--employee works for someone who has left; no TOTAL row."""
    assert_rows(rows(sales, "receivables", "--employee", "dmitry orlov"), [AGING_TODAY[3]])


def test_receivables_markdown(sales: Sales) -> None:
    """Markdown with the date and currency in the title and the buckets' own headings."""
    lines = text(sales, "receivables", "--format", "md")
    assert lines[0] == "Receivables · 2026-11-26 · amounts in ₽"
    assert "| Employee |" in lines[2] and "| Not due | 1–30 | 31–60 | 61–90 | 90+ |" in lines[2]
    assert f"| {CLARA} | 0 | 0.00 | 0.00 | 0.00 | 0.00 | 0.00 | 0.00 |" in lines
    total = "| TOTAL | 5 | 109,000.25 | 50,000.50 | 14,999.75 | 20,000.00 | 0.00 | 24,000.00 |"
    assert lines[-1] == total


# -- plan --------------------------------------------------------------------------------------


def test_plan_for_november(sales: Sales) -> None:
    """Revenue and every funnel metric per employee, then TOTAL per target: plan, fact from
    payments and summed daily counts, attainment, and the pace expected by today."""
    assert_rows(rows(sales, "plan", "--month", "2026-11"), PLAN_NOVEMBER)


def test_plan_for_one_employee(sales: Sales) -> None:
    """--employee keeps that person's targets and drops the TOTAL rows."""
    found = rows(sales, "plan", "--month", "2026-11", "--employee", "anna petrova")
    assert_rows(found, PLAN_NOVEMBER[: len(TARGETS)])


def test_plan_for_a_past_month(sales: Sales) -> None:
    """October: the whole month has passed, so the pace expects the whole plan."""
    found = rows(sales, "plan", "--month", "2026-10")
    anna = {r["target"]: r for r in found if r["employee"] == ANNA}
    # No October payment: 0 of 999 000; 99 cold calls on 10-30, no plan for them.
    assert anna["revenue"] == {
        "employee": ANNA,
        "target": "revenue",
        "plan": 999000,
        "fact": 0,
        "attainment": 0.0,
        "expected_to_date": 999000,
    }
    assert anna["cold_calls"]["fact"] == 99
    assert anna["cold_calls"]["plan"] is None
    assert [r["employee"] for r in found[:: len(TARGETS)]] == [ANNA, BORIS, CLARA, TOTAL]


def test_plan_text_mixes_money_and_counts(sales: Sales) -> None:
    """Revenue in money, metrics as counts, in one readable table."""
    lines = text(sales, "plan", "--employee", "Anna Petrova")
    assert lines[0] == "Plan and fact · 2026-11 · amounts in ₽"
    revenue = next(line for line in lines if "Revenue" in line).split()
    assert revenue[-5:] == ["Revenue", "210,000.00", "110,000.00", "52%", "180,000.00"]
    calls = next(line for line in lines if "Cold calls" in line).split()
    assert calls[-4:] == ["1,050", "155", "15%", "900"]
    assert not any(line.startswith("TOTAL") for line in lines)


# -- CSV: the same rows, and a report never writes ---------------------------------------------


def csv_cell(value: Any) -> str:
    """Return how CSV writes a JSON value: empty for null, codes joined by spaces, and a
    quote before text a spreadsheet would run as a formula."""
    if value is None:
        return ""
    if isinstance(value, list):
        return " ".join(value)
    if isinstance(value, str) and value.startswith(("=", "+", "-", "@")):
        return "'" + value
    return str(value)


@pytest.mark.parametrize(
    ("name", "args", "expected"),
    [
        ("hot", (), HOT),
        ("deals", (), DEALS_CREATED),
        ("finance", (), FINANCE_MONTH),
        ("receivables", ("--as-of", "2026-11-04"), AGING_NOV_4),
        ("plan", (), PLAN_NOVEMBER),
    ],
)
def test_csv_has_the_same_rows_and_the_database_is_untouched(
    sales: Sales, name: str, args: tuple[str, ...], expected: list[dict[str, Any]]
) -> None:
    """CSV: the header is the JSON keys, the rows the same values; no file of the database
    changes (a report opens it read-only)."""
    before = fingerprint(sales.db)
    result = report(sales, name, "--format", "csv", *args)
    assert fingerprint(sales.db) == before
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    header, *body = list(csv.reader(io.StringIO(result.stdout)))
    assert header == list(expected[0])
    assert body == [[csv_cell(v) for v in row.values()] for row in expected]


def test_excel_csv_in_russian(sales: Sales) -> None:
    """--excel: a byte-order mark, and ";" between cells as Russian Excel expects."""
    result = report(sales, "finance", "--format", "csv", "--excel", "--lang", "ru")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("\ufeff")
    lines = result.stdout[1:].splitlines()
    assert lines[0] == ";".join(FINANCE_KEYS)
    assert [line.split(";")[0] for line in lines[1:]] == [ANNA, BORIS, CLARA, TOTAL]


def test_excel_csv_in_russian_writes_decimal_commas(sales: Sales) -> None:
    """Russian Excel reads 150000,5 as a number; 150000.5 is text to it."""
    result = report(sales, "finance", "--format", "csv", "--excel", "--lang", "ru")
    assert result.returncode == 0, result.stderr
    anna = result.stdout[1:].splitlines()[1].split(";")
    assert anna == [ANNA, "2", "150000,5", "3", "110000", "190000", "0,5789"]


def test_finance_total_plan_is_the_sum_of_the_rows(sales: Sales) -> None:
    """Someone gone on 11-13 with a November plan: the week of 11-16 shows no row for them,
    so the team plan may not hold their 210 000 × 5/21 = 50 000 either."""
    found = rows(sales, "finance", "--from", "2026-11-16", "--to", "2026-11-20", db=sales.edges)
    *people, total = found
    assert total["employee"] == TOTAL
    assert sum(r["plan"] or 0 for r in people) == (total["plan"] or 0)


# -- bad input ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["hot", "--employee", "Nobody Atall"], "no employee is named 'Nobody Atall'"),
        (["plan", "--employee", "anna petrov"], "no employee is named 'anna petrov'"),
        (["finance", "--from", "2026-13-45"], "--from: '2026-13-45' is not a date"),
        (["receivables", "--as-of", "yesterdayish"], "--as-of: 'yesterdayish' is not a date"),
        (["plan", "--month", "2026-13"], "--month: '2026-13' is not a month"),
    ],
)
def test_user_errors_exit_1(sales: Sales, args: list[str], fragment: str) -> None:
    """A wrong name, date or month: exit 1, one line naming it, nothing printed or written."""
    before = fingerprint(sales.db)
    result = report(sales, *args)
    assert result.returncode == 1
    assert result.stdout == ""
    line = one_line(result.stderr)
    assert line.startswith("salestui: ")
    assert fragment in line
    assert fingerprint(sales.db) == before


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["finance", "--by", "closed"], "--by"),
        (["hot", "--month", "2026-11"], "--month"),
        (["deals", "--as-of", "2026-11-01"], "--as-of"),
        (["plan", "--from", "2026-11-01"], "--from"),
        (["deals", "--by", "weekly"], "'weekly'"),
        (["finance", "--excel"], "--excel"),
        (["metrics", "--by", "closed"], "'closed'"),
    ],
)
def test_usage_errors_exit_2(sales: Sales, args: list[str], option: str) -> None:
    """An option the report does not take, or a grouping it does not have: exit 2 with one
    line naming the option, before the database is opened."""
    before = fingerprint(sales.db)
    result = report(sales, *args)
    assert result.returncode == 2
    assert result.stdout == ""
    line = one_line(result.stderr)
    assert line.startswith("salestui")
    assert option in line
    assert fingerprint(sales.db) == before
    assert list(sales.home.iterdir()) == []


def test_metrics_report_still_groups_by_employee(sales: Sales) -> None:
    """The metrics report's own --by is unchanged by the deals' created|closed."""
    found = rows(sales, "metrics", "--by", "employee", "--from", "2026-11-01", "--to", "2026-11-26")
    by_name = {r["employee"]: r for r in found}
    assert list(by_name) == [ANNA, BORIS, CLARA, TOTAL]
    assert list(found[0])[:3] == ["employee", "days_reported", "days_expected"]
    # Anna: 11-02, 11-03, 11-10, 11-25; calls 60 + 40 + 55, meetings 2 + 3.
    assert (by_name[ANNA]["days_reported"], by_name[ANNA]["cold_calls"]) == (4, 155)
    assert by_name[ANNA]["meetings"] == 5
    assert (by_name[BORIS]["cold_calls"], by_name[BORIS]["conversations"]) == (30, 4)
    assert by_name[TOTAL]["cold_calls"] == 185
