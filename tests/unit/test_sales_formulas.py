"""DESIGN §4 sales formulas against hand-computed values: receivables aging as of a past date,
money per employee, win rate, run-rate and pace, prorated plans, money per week, the hot
rule and each hot-list flag at its threshold. Every expected number is worked out by hand in
the comment beside it, never by the code under test."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from salestui.analytics.deals import (
    FLAGS,
    DealSummary,
    deal_flags,
    deal_summary,
    hot_list,
    hot_totals,
    summaries_by_owner,
    weighted,
)
from salestui.analytics.finance import (
    BUCKETS,
    Aging,
    aging_by_employee,
    bucket,
    expected_to_date,
    money_by_employee,
    month_bounds,
    month_pace,
    paid_after,
    prorated,
    receivables,
    run_rate,
    weekly_received,
)
from salestui.models import (
    DEFAULT_PIPELINE,
    LOST,
    WON,
    Deal,
    Invoice,
    MetricDef,
    Payment,
    Settings,
    StageDef,
    is_hot,
)

FAST = settings(max_examples=200, deadline=None)
# A Thursday, as in tests/conftest.py.
TODAY = date(2026, 11, 26)
MON_FRI = (0, 1, 2, 3, 4)
FUNNEL = (MetricDef("cold_calls", "Cold calls", "Холодные звонки"),)
SETTINGS = Settings(funnel=FUNNEL)


def days_ago(n: int) -> date:
    """Return the date n days before TODAY."""
    return TODAY - timedelta(days=n)


# -- receivables as of a past date ----------------------------------------------------------

# D: receivables are asked as of Thursday 26 November 2026; "now" is in December, so some
# payments below are dated after D and the invoices' `paid` already includes them.
D = date(2026, 11, 26)


def invoice(
    id_: int,
    employee: int,
    issued: date,
    amount: int,
    due: date,
    payments: list[Payment],
    *,
    cancelled: bool = False,
) -> Invoice:
    """Build an invoice as the repository keeps it: paid = every payment, first and last paid
    dates, settled = the last payment once paid in full (the issue date when cancelled)."""
    mine = sorted((p for p in payments if p.invoice_id == id_), key=lambda p: p.date)
    paid = sum(p.amount for p in mine)
    settled = issued if cancelled else (mine[-1].date if mine and paid == amount else None)
    return Invoice(
        number=f"INV-{id_}",
        deal_id=None,
        employee_id=employee,
        issued=issued,
        amount=amount,
        due=due,
        cancelled=cancelled,
        paid=paid,
        first_paid=mine[0].date if mine else None,
        last_paid=mine[-1].date if mine else None,
        settled=settled,
        id=id_,
    )


PAYMENTS = [
    Payment(1, date(2026, 10, 15), 3_000_000),  # A: 30 000.00 before D
    Payment(1, date(2026, 11, 30), 2_000_000),  # A: 20 000.00 after D
    Payment(3, date(2026, 11, 20), 4_999_999),  # C: 49 999.99 before D
    Payment(3, date(2026, 12, 1), 1),  # C: the last kopeck after D (C is settled now)
    Payment(4, date(2026, 11, 27), 800_000),  # D4: paid in full the day after D
    Payment(6, date(2026, 9, 1), 50_000),  # F: 500.00 before D
    Payment(8, D, 100_000),  # H: 1 000.00 on D itself: counts as paid by D
    Payment(11, date(2026, 11, 1), 600_000),  # Z: paid in full before D
]

INVOICES = [
    # A, employee 1: due on D (0 days past due) → not yet due.
    invoice(1, 1, date(2026, 10, 1), 10_000_000, D, PAYMENTS),
    # B, employee 1: due D − 1 = 25 Nov → 1 day → 1–30.
    invoice(2, 1, date(2026, 10, 1), 1_234_567, date(2026, 11, 25), PAYMENTS),
    # C, employee 2: due D − 30 = 27 Oct (4 days to 31 Oct + 26) → 30 days → 1–30.
    invoice(3, 2, date(2026, 10, 1), 5_000_000, date(2026, 10, 27), PAYMENTS),
    # D4, employee 2: due D − 31 = 26 Oct → 31 days → 31–60.
    invoice(4, 2, date(2026, 10, 1), 800_000, date(2026, 10, 26), PAYMENTS),
    # E, employee 1: due D − 60 = 27 Sep (27 Sep → 27 Oct is 30, + 30) → 60 → 31–60.
    invoice(5, 1, date(2026, 8, 1), 100_001, date(2026, 9, 27), PAYMENTS),
    # F, employee 2: due D − 61 = 26 Sep → 61 → 61–90.
    invoice(6, 2, date(2026, 8, 1), 250_000, date(2026, 9, 26), PAYMENTS),
    # G, employee 1: due D − 90 = 28 Aug (28 Aug → 27 Sep is 30, + 60) → 90 → 61–90.
    invoice(7, 1, date(2026, 7, 1), 300_000, date(2026, 8, 28), PAYMENTS),
    # H, employee 2: due D − 91 = 27 Aug → 91 → 90+.
    invoice(8, 2, date(2026, 7, 1), 400_000, date(2026, 8, 27), PAYMENTS),
    # X, employee 1: cancelled, long overdue → never counted.
    invoice(9, 1, date(2026, 7, 1), 9_999_900, date(2026, 8, 18), PAYMENTS, cancelled=True),
    # Y, employee 2: issued the day after D → not counted as of D.
    invoice(10, 2, date(2026, 11, 27), 500_000, date(2026, 12, 27), PAYMENTS),
    # Z, employee 1: paid in full before D → nothing open.
    invoice(11, 1, date(2026, 10, 1), 600_000, date(2026, 10, 31), PAYMENTS),
    # W, employee 1: issued on D itself, due in 14 days → counts, not yet due (−14 days).
    invoice(12, 1, D, 70_000, date(2026, 12, 10), PAYMENTS),
]


def test_invoices_kept_as_the_repository_keeps_them() -> None:
    """The fixture's invoices carry paid/first/last/settled like stored ones."""
    by_id = {i.id: i for i in INVOICES}
    assert by_id[1].paid == 5_000_000 and by_id[1].settled is None  # 30 000 + 20 000
    assert by_id[3].paid == 5_000_000 and by_id[3].settled == date(2026, 12, 1)
    assert by_id[4].settled == date(2026, 11, 27)
    assert by_id[9].settled == date(2026, 7, 1) and by_id[9].open_amount == 0
    assert by_id[11].open_amount == 0


def test_paid_after() -> None:
    """Payments dated after D, by invoice: A 20 000.00, C 0.01, D4 8 000.00."""
    assert paid_after(PAYMENTS, D) == {1: 2_000_000, 3: 1, 4: 800_000}
    assert paid_after(PAYMENTS, date(2026, 12, 1)) == {}
    assert paid_after([], D) == {}


def test_receivables_as_of_a_past_date() -> None:
    """Each open amount and its days past due, most overdue first."""
    rows = receivables(INVOICES, paid_after(PAYMENTS, D), D)
    found = [(r.invoice.id, r.open, r.days_overdue, r.bucket) for r in rows]
    assert found == [
        (8, 300_000, 91, "d90_plus"),  # H: 4 000.00 − 1 000.00 paid on D
        (7, 300_000, 90, "d61_90"),  # G: nothing paid
        (6, 200_000, 61, "d61_90"),  # F: 2 500.00 − 500.00
        (5, 100_001, 60, "d31_60"),  # E: nothing paid
        (4, 800_000, 31, "d31_60"),  # D4: paid after D → all 8 000.00 open then
        (3, 1, 30, "d1_30"),  # C: 50 000.00 − 49 999.99 = 0.01
        (2, 1_234_567, 1, "d1_30"),  # B: nothing paid
        (1, 7_000_000, 0, "not_due"),  # A: 100 000.00 − 30 000.00 (20 000 came later)
        (12, 70_000, -14, "not_due"),  # W: issued on D
    ]
    # Cancelled X (9), Y issued after D (10) and Z paid before D (11) are not there.


def test_receivables_today_and_a_day_later() -> None:
    """As of 1 December the payments up to then count: C and D4 are gone, A has 50 000.00."""
    day = date(2026, 12, 1)
    rows = receivables(INVOICES, paid_after(PAYMENTS, day), day)
    opens = {r.invoice.id: r.open for r in rows}
    assert opens == {
        1: 5_000_000,  # 100 000 − 30 000 − 20 000
        2: 1_234_567,
        5: 100_001,
        6: 200_000,
        7: 300_000,
        8: 300_000,
        10: 500_000,  # Y, issued 27 Nov, now counts
        12: 70_000,
    }
    # The day before A was issued nothing of A counts.
    before = date(2026, 9, 30)
    assert 1 not in {
        r.invoice.id for r in receivables(INVOICES, paid_after(PAYMENTS, before), before)
    }


def test_aging_per_employee_and_team() -> None:
    """Bucket totals per employee and for the team, worked by hand to the kopeck."""
    rows = receivables(INVOICES, paid_after(PAYMENTS, D), D)
    per, team = aging_by_employee(rows, [1, 2, 3])
    # Employee 1: A 7 000 000 + W 70 000 not due; B 1 234 567; E 100 001; G 300 000.
    # Open: 7 070 000 + 1 234 567 + 100 001 + 300 000 = 8 704 568, in 5 invoices.
    assert per[1].open_invoices == 5
    assert per[1].open_amount == 8_704_568
    assert per[1].buckets == {
        "not_due": 7_070_000,
        "d1_30": 1_234_567,
        "d31_60": 100_001,
        "d61_90": 300_000,
        "d90_plus": 0,
    }
    # Employee 2: C 1; D4 800 000; F 200 000; H 300 000 → 1 300 001, in 4 invoices.
    assert per[2].open_invoices == 4
    assert per[2].open_amount == 1_300_001
    assert per[2].buckets == {
        "not_due": 0,
        "d1_30": 1,
        "d31_60": 800_000,
        "d61_90": 200_000,
        "d90_plus": 300_000,
    }
    # Employee 3 has nothing open but is listed.
    assert per[3] == Aging()
    # Team: 8 704 568 + 1 300 001 = 10 004 569 in 9 invoices.
    assert team.open_invoices == 9
    assert team.open_amount == 10_004_569
    assert team.buckets == {
        "not_due": 7_070_000,
        "d1_30": 1_234_568,  # 1 234 567 + 1
        "d31_60": 900_001,  # 100 001 + 800 000
        "d61_90": 500_000,  # 300 000 + 200 000
        "d90_plus": 300_000,
    }
    # 7 070 000 + 1 234 568 + 900 001 + 500 000 + 300 000 = 10 004 569
    assert sum(team.buckets.values()) == 10_004_569


@pytest.mark.parametrize(
    ("days", "name"),
    [
        (-30, "not_due"),
        (0, "not_due"),
        (1, "d1_30"),
        (30, "d1_30"),
        (31, "d31_60"),
        (60, "d31_60"),
        (61, "d61_90"),
        (90, "d61_90"),
        (91, "d90_plus"),
        (10_000, "d90_plus"),
    ],
)
def test_bucket_edges(days: int, name: str) -> None:
    """Days past due at each edge of the aging buckets."""
    assert bucket(days) == name


@st.composite
def ledgers(draw: st.DrawFn) -> tuple[list[Invoice], list[Payment], date]:
    """Draw invoices of three employees with partial payments and cancellations, and a D."""
    start = date(2026, 1, 1)
    invoices: list[Invoice] = []
    payments: list[Payment] = []
    for id_ in range(1, draw(st.integers(0, 12)) + 1):
        issued = start + timedelta(days=draw(st.integers(0, 300)))
        due = issued + timedelta(days=draw(st.integers(0, 150)))
        amount = draw(st.integers(1, 10**10))
        cancelled = draw(st.booleans()) and draw(st.booleans())
        mine: list[Payment] = []
        left = amount
        for _ in range(0 if cancelled else draw(st.integers(0, 4))):
            if not left:
                break
            part = draw(st.integers(1, left))
            left -= part
            mine.append(Payment(id_, issued + timedelta(days=draw(st.integers(0, 200))), part))
        payments += mine
        employee = draw(st.integers(1, 3))
        invoices.append(invoice(id_, employee, issued, amount, due, mine, cancelled=cancelled))
    as_of = start + timedelta(days=draw(st.integers(0, 500)))
    return invoices, payments, as_of


@FAST
@given(ledger=ledgers())
def test_aging_adds_up(ledger: tuple[list[Invoice], list[Payment], date]) -> None:
    """Σ buckets == open balance per employee and for the team; team == Σ employees; each
    open amount is the amount less the payments dated on or before D."""
    invoices, payments, as_of = ledger
    rows = receivables(invoices, paid_after(payments, as_of), as_of)
    # The definition, straight from the payment records.
    expected = {}
    for inv in invoices:
        if inv.cancelled or inv.issued > as_of:
            continue
        left = inv.amount - sum(
            p.amount for p in payments if p.invoice_id == inv.id and p.date <= as_of
        )
        if left:
            expected[inv.id] = left
    assert {r.invoice.id: r.open for r in rows} == expected
    for row in rows:
        assert row.days_overdue == (as_of - row.invoice.due).days
    per, team = aging_by_employee(rows, [1, 2, 3])
    for aging in (*per.values(), team):
        assert sum(aging.buckets.values()) == aging.open_amount
        assert set(aging.buckets) == set(BUCKETS)
    assert team.open_amount == sum(a.open_amount for a in per.values()) == sum(expected.values())
    assert team.open_invoices == sum(a.open_invoices for a in per.values()) == len(expected)
    for name in BUCKETS:
        assert team.buckets[name] == sum(a.buckets[name] for a in per.values())


# -- money per employee ---------------------------------------------------------------------


def test_money_by_employee() -> None:
    """Invoices issued (not cancelled) and payments received, credited to the invoice's owner."""
    issued = [
        Invoice("1", None, 1, date(2026, 11, 2), 100_000, date(2026, 11, 30), id=1),
        Invoice("2", None, 1, date(2026, 11, 3), 250_050, date(2026, 11, 30), id=2),
        Invoice(
            "3",
            None,
            2,
            date(2026, 11, 4),
            999_900,
            date(2026, 11, 30),
            cancelled=True,
            settled=date(2026, 11, 4),
            id=3,
        ),
        Invoice("4", None, 2, date(2026, 11, 5), 40_000, date(2026, 11, 30), id=4),
    ]
    payments = [
        Payment(1, date(2026, 11, 10), 60_000),
        Payment(1, date(2026, 11, 11), 40_000),
        Payment(50, date(2026, 11, 12), 12_345),  # invoice 50 (employee 2, issued in October)
        Payment(77, date(2026, 11, 13), 1_000),  # an invoice no one is known to own
    ]
    owners = {1: 1, 2: 1, 4: 2, 50: 2}
    per, team = money_by_employee(issued, payments, owners, [1, 2, 3], {1: 200_000, 3: 0})
    # Employee 1: invoices 1 and 2 → 2, 1 000.00 + 2 500.50 = 3 500.50; paid 600 + 400.
    assert (per[1].invoices_issued, per[1].invoiced_amount) == (2, 350_050)
    assert (per[1].payments_received, per[1].received_amount) == (2, 100_000)
    assert per[1].plan == 200_000
    assert per[1].attainment == 0.5  # 1 000.00 / 2 000.00
    # Employee 2: the cancelled invoice 3 does not count → 1 invoice, 400.00; 123.45 received.
    assert (per[2].invoices_issued, per[2].invoiced_amount) == (1, 40_000)
    assert (per[2].payments_received, per[2].received_amount) == (1, 12_345)
    assert per[2].plan is None and per[2].attainment is None
    # Employee 3: nothing, a plan of zero → no attainment.
    assert per[3].invoices_issued == per[3].payments_received == 0
    assert per[3].plan == 0 and per[3].attainment is None
    # Team: 3 invoices 3 900.50; 4 payments 1 000 + 123.45 + 10 = 1 133.45; plan 2 000 + 0.
    assert (team.invoices_issued, team.invoiced_amount) == (3, 390_050)
    assert (team.payments_received, team.received_amount) == (4, 113_345)
    assert team.plan == 200_000
    _, nobody = money_by_employee([], [], {}, [1], {})
    assert nobody.plan is None


def test_money_team_plan_is_the_sum_of_the_rows() -> None:
    """An unlisted employee with an invoice shows their plan, which the team plan includes."""
    issued = [Invoice("1", None, 4, date(2026, 11, 2), 10_000, date(2026, 11, 30), id=1)]
    per, team = money_by_employee(issued, [], {}, [1], {1: 100_000, 4: 50_000})
    assert team.plan == 150_000  # 1 000.00 + 500.00
    assert per[4].plan == 50_000  # shown on employee 4's row, as the team plan counts it


# -- deals: win rate and averages -----------------------------------------------------------


def deal(**fields: Any) -> Deal:
    """Build a deal on TODAY's list: open, in conversation, contacted today, step due today."""
    values: dict[str, Any] = {
        "client_id": 1,
        "owner": 1,
        "created": date(2026, 10, 1),
        "stage": "conversation",
        "amount": 100_000,
        "probability": 10,
        "next_step": "Call back",
        "next_step_due": TODAY,
        "last_contact": TODAY,
    }
    values.update(fields)
    return Deal(**values)


def won(amount: int, owner: int = 1) -> Deal:
    """A deal won on TODAY."""
    return deal(stage=WON, closed=TODAY, amount=amount, owner=owner)


def lost(owner: int = 1) -> Deal:
    """A deal lost on TODAY."""
    return deal(stage=LOST, closed=TODAY, lost_reason="Too expensive", owner=owner)


def test_win_rate_nothing_closed_is_none() -> None:
    """Nothing won or lost: no win rate and no average, never a division by zero."""
    summary = deal_summary([deal(), deal(stage="invoice")])
    assert (summary.deals, summary.open, summary.won, summary.lost) == (2, 2, 0, 0)
    assert summary.win_rate is None
    assert summary.avg_won_amount is None
    assert deal_summary([]) == DealSummary(0, 0, 0, 0, 0)


def test_win_rate_three_won_one_lost() -> None:
    """3 won, 1 lost, 2 open: win rate 3 / (3 + 1) = 0.75."""
    deals = [won(10_000), won(10_000), won(10_001), lost(), deal(), deal(stage="meeting")]
    summary = deal_summary(deals)
    assert (summary.deals, summary.open, summary.won, summary.lost) == (6, 2, 3, 1)
    assert summary.win_rate == 0.75
    assert summary.won_amount == 30_001  # 10 000 + 10 000 + 10 001
    assert summary.avg_won_amount == 10_000  # 30 001 / 3 = 10 000.33 → 10 000
    assert deal_summary([lost()]).win_rate == 0.0


@pytest.mark.parametrize(
    ("amounts", "average"),
    [
        ([10_000, 20_001], 15_001),  # 30 001 / 2 = 15 000.5 → half up 15 001
        ([10_000, 10_000, 10_002], 10_001),  # 30 002 / 3 = 10 000.67 → 10 001
        ([1, 2], 2),  # 3 / 2 = 1.5 → 2
        ([1, 1, 2], 1),  # 4 / 3 = 1.33 → 1
        ([0], 0),
    ],
)
def test_avg_won_amount_half_up(amounts: list[int], average: int) -> None:
    """The average won amount in whole kopecks, halves rounded up."""
    assert deal_summary([won(a) for a in amounts]).avg_won_amount == average


def test_summaries_by_owner_lists_every_owner() -> None:
    """Each listed owner appears, even with no deals; the team counts them all."""
    deals = [won(50_000, owner=1), lost(owner=1), deal(owner=2), won(25_000, owner=2)]
    per, team = summaries_by_owner(deals, [1, 2, 3])
    assert per[1] == DealSummary(deals=2, open=0, won=1, lost=1, won_amount=50_000)
    assert per[1].win_rate == 0.5  # 1 / (1 + 1)
    assert per[2] == DealSummary(deals=2, open=1, won=1, lost=0, won_amount=25_000)
    assert per[2].win_rate == 1.0
    assert per[3] == DealSummary(0, 0, 0, 0, 0)
    assert per[3].win_rate is None
    assert team == DealSummary(deals=4, open=1, won=2, lost=1, won_amount=75_000)
    assert team.win_rate == 2 / 3
    assert team.avg_won_amount == 37_500  # 75 000 / 2
    for summary in (*per.values(), team):
        assert summary.deals == summary.open + summary.won + summary.lost


# -- run-rate, pace and plans ---------------------------------------------------------------

# November 2026 begins on a Sunday. Monday–Friday working days by hand:
# 2–6, 9–13, 16–20, 23–27 (4 × 5 = 20) and Monday 30 → 21. First working day Monday 2,
# last Monday 30.
NOV = date(2026, 11, 1)
# December 2026 begins on a Tuesday: 1–4 (4), 7–11, 14–18, 21–25 (15), 28–31 (4) → 23.
DEC = date(2026, 12, 1)


@pytest.mark.parametrize(
    ("as_of", "elapsed"),
    [
        (date(2026, 10, 31), 0),  # a future month: nothing elapsed
        (date(2026, 11, 1), 0),  # Sunday 1st, before the first working day
        (date(2026, 11, 2), 0),  # the first working day is being worked: 0 elapsed
        (date(2026, 11, 3), 1),  # Monday 2 has passed
        (date(2026, 11, 9), 5),  # the first week (2–6) has passed
        (date(2026, 11, 26), 18),  # 2–6, 9–13, 16–20 (15) + 23, 24, 25
        (date(2026, 11, 28), 20),  # Saturday: 2–27 all passed
        (date(2026, 11, 30), 20),  # the last working day: 21 − 1 elapsed
        (date(2026, 12, 1), 21),  # a past month: all of it
    ],
)
def test_month_pace_november(as_of: date, elapsed: int) -> None:
    """November 2026 has 21 working days; days before as_of have elapsed."""
    assert month_pace(NOV, as_of, MON_FRI) == (21, elapsed)
    assert month_pace(date(2026, 11, 17), as_of, MON_FRI) == (21, elapsed)  # any day of it


def test_month_pace_other_weeks() -> None:
    """December on Mon–Fri, and November with Saturdays worked (7, 14, 21, 28 → 21 + 4)."""
    assert month_pace(DEC, DEC, MON_FRI) == (23, 0)
    assert month_pace(DEC, date(2026, 12, 31), MON_FRI) == (23, 22)
    assert month_pace(NOV, date(2026, 11, 30), (0, 1, 2, 3, 4, 5)) == (25, 24)


def test_run_rate_first_working_day() -> None:
    """On 2 November nothing has elapsed: no projection; the plan spread over 21 days."""
    total, elapsed = month_pace(NOV, date(2026, 11, 2), MON_FRI)
    rate = run_rate(0, 2_100_000, total, elapsed)
    assert rate.projected is None
    assert rate.required_per_day == 100_000  # 21 000.00 / 21 = 1 000.00
    assert rate.days_left == 21
    assert run_rate(0, 1_000_000, 21, 0).required_per_day == 47_619  # 10 000 / 21 = 476.19


def test_run_rate_last_working_day() -> None:
    """On 30 November 20 days have elapsed: the whole gap is required of the one day left."""
    total, elapsed = month_pace(NOV, date(2026, 11, 30), MON_FRI)
    assert (total, elapsed) == (21, 20)
    rate = run_rate(1_800_000, 2_100_000, total, elapsed)
    assert rate.projected == 1_890_000  # 18 000.00 / 20 × 21 = 18 900.00
    assert rate.required_per_day == 300_000  # (21 000 − 18 000) / 1
    assert rate.days_left == 1


def test_run_rate_mid_month_and_rounding() -> None:
    """26 November (18 elapsed, 3 left) and halves rounded up."""
    rate = run_rate(1_500_000, 2_100_000, 21, 18)
    assert rate.projected == 1_750_000  # 15 000 / 18 × 21 = 17 500.00
    assert rate.required_per_day == 200_000  # (21 000 − 15 000) / 3 = 2 000.00
    rate = run_rate(100, 201, 21, 19)
    assert rate.projected == 111  # 100 × 21 / 19 = 110.53 → 111
    assert rate.required_per_day == 51  # (201 − 100) / 2 = 50.5 → 51
    assert run_rate(1, None, 3, 2).projected == 2  # 1 × 3 / 2 = 1.5 → 2


def test_run_rate_plan_met_no_plan_month_over() -> None:
    """Plan met: 0 required; no plan: None; after the month: no day left, None required."""
    met = run_rate(2_500_000, 2_100_000, 21, 18)
    assert met.required_per_day == 0
    assert met.projected == 2_916_667  # 25 000 / 18 × 21 = 29 166.666… → 29 166.67
    assert run_rate(2_100_000, 2_100_000, 21, 20).required_per_day == 0  # met exactly
    assert run_rate(1_500_000, None, 21, 18).required_per_day is None
    over = run_rate(1_500_000, 2_100_000, 21, 21)
    assert over.required_per_day is None
    assert over.projected == 1_500_000  # every day elapsed: the projection is the fact


def test_month_starting_on_a_weekend() -> None:
    """August 2026 begins on Saturday: 3–7, 10–14, 17–21, 24–28, 31 → 21 working days."""
    assert month_pace(date(2026, 8, 1), date(2026, 8, 1), MON_FRI) == (21, 0)
    assert month_pace(date(2026, 8, 1), date(2026, 8, 3), MON_FRI) == (21, 0)  # Monday 3rd
    assert month_pace(date(2026, 8, 1), date(2026, 8, 4), MON_FRI) == (21, 1)
    assert month_pace(date(2026, 8, 1), date(2026, 8, 31), MON_FRI) == (21, 20)


@pytest.mark.parametrize(
    ("day", "bounds"),
    [
        (date(2026, 11, 26), (date(2026, 11, 1), date(2026, 11, 30))),
        (date(2026, 12, 31), (date(2026, 12, 1), date(2026, 12, 31))),
        (date(2026, 2, 10), (date(2026, 2, 1), date(2026, 2, 28))),
        (date(2028, 2, 1), (date(2028, 2, 1), date(2028, 2, 29))),  # a leap year
    ],
)
def test_month_bounds(day: date, bounds: tuple[date, date]) -> None:
    """The first and last day of a date's month."""
    assert month_bounds(day) == bounds


PLANS = {"2026-10": 4_400_000, "2026-11": 2_100_000, "2026-12": 2_300_000}


def test_prorated_week_inside_a_month() -> None:
    """16–22 November: 5 of 21 working days of 21 000.00 → 5 000.00."""
    assert prorated(PLANS, date(2026, 11, 16), date(2026, 11, 22), MON_FRI) == 500_000


def test_prorated_week_across_two_months() -> None:
    """30 Nov–6 Dec: Nov 30 (1 of 21) of 21 000 = 1 000; Dec 1–4 (4 of 23) of 23 000 = 4 000."""
    assert prorated(PLANS, date(2026, 11, 30), date(2026, 12, 6), MON_FRI) == 500_000
    odd = {"2026-11": 1_000_000, "2026-12": 1_000_000}
    # Nov: 1 000 000 × 1 / 21 = 47 619.05 → 47 619; Dec: 1 000 000 × 4 / 23 = 173 913.04
    # → 173 913; each month rounded, then added: 221 532.
    assert prorated(odd, date(2026, 11, 30), date(2026, 12, 6), MON_FRI) == 221_532


def test_prorated_quarter() -> None:
    """Q4 2026 takes every month whole: 44 000 + 21 000 + 23 000 = 88 000.00."""
    assert prorated(PLANS, date(2026, 10, 1), date(2026, 12, 31), MON_FRI) == 8_800_000
    # A month without a plan adds nothing: 44 000 + 23 000.
    gap = {"2026-10": 4_400_000, "2026-12": 2_300_000}
    assert prorated(gap, date(2026, 10, 1), date(2026, 12, 31), MON_FRI) == 6_700_000
    # A weekend alone holds no working day.
    assert prorated(PLANS, date(2026, 11, 28), date(2026, 11, 29), MON_FRI) == 0
    assert prorated({}, date(2026, 10, 1), date(2026, 12, 31), MON_FRI) == 0


@pytest.mark.parametrize(
    ("plan", "total", "elapsed", "expected"),
    [
        (2_100_000, 21, 18, 1_800_000),  # 21 000 × 18 / 21 = 18 000.00
        (1_000_000, 21, 18, 857_143),  # 10 000 × 18 / 21 = 8 571.428… → 8 571.43
        (1_000_000, 21, 0, 0),  # the first working day: nothing expected yet
        (1_000_000, 21, 21, 1_000_000),  # the month is over: the whole plan
        (3, 2, 1, 2),  # 3 × 1 / 2 = 1.5 → 2
        (1_000_000, 0, 0, 0),  # a month without working days
    ],
)
def test_expected_to_date(plan: int, total: int, elapsed: int, expected: int) -> None:
    """The share of a plan the pace expects by now, halves up."""
    assert expected_to_date(plan, total, elapsed) == expected


def test_weekly_received() -> None:
    """Twelve weeks by Monday up to Thursday 26 Nov: Monday 23 Nov back to Monday 7 Sep."""
    payments = [
        Payment(1, date(2026, 9, 6), 99_999),  # Sunday before the first week: ignored
        Payment(1, date(2026, 9, 7), 1_000),  # the first Monday
        Payment(2, date(2026, 9, 13), 2_000),  # its Sunday: same week
        Payment(3, date(2026, 10, 14), 5_000),  # Wednesday → week of Monday 12 Oct
        Payment(4, date(2026, 10, 12), 7_000),  # Monday 12 Oct
        Payment(5, date(2026, 11, 23), 30_000),  # Monday 23 Nov
        Payment(6, date(2026, 11, 26), 40_000),  # Thursday 26 Nov, the last day counted
        Payment(7, date(2026, 11, 27), 99_999),  # after the end: ignored
    ]
    mondays = [date(2026, 9, 7) + timedelta(weeks=n) for n in range(12)]
    assert mondays[-1] == date(2026, 11, 23)
    expected = dict.fromkeys(mondays, 0)
    expected[date(2026, 9, 7)] = 3_000  # 1 000 + 2 000
    expected[date(2026, 10, 12)] = 12_000  # 5 000 + 7 000
    expected[date(2026, 11, 23)] = 70_000  # 30 000 + 40 000
    assert weekly_received(payments, TODAY) == list(expected.items())
    # Ending on a Sunday: two weeks, Mondays 16 and 23 November.
    # Friday 27 Nov now falls inside: 30 000 + 40 000 + 99 999 = 169 999.
    short = weekly_received(payments, date(2026, 11, 29), weeks=2)
    assert short == [(date(2026, 11, 16), 0), (date(2026, 11, 23), 169_999)]
    assert weekly_received([], TODAY, weeks=1) == [(date(2026, 11, 23), 0)]


# -- the hot rule ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "hot"),
    [
        ({}, False),  # conversation at 10 %: not hot
        ({"hot": True}, True),  # flagged by hand
        ({"stage": "invoice"}, True),  # a hot stage
        ({"stage": "application", "probability": 69}, False),
        ({"probability": 70}, True),  # the default threshold, inclusive
        ({"probability": 100}, True),
        ({"stage": WON, "closed": TODAY, "hot": True, "probability": 100}, False),
        (
            {
                "stage": LOST,
                "closed": TODAY,
                "lost_reason": "No budget",
                "hot": True,
                "probability": 90,
            },
            False,
        ),
        # Demoted by hand: not hot even in the invoice stage, flagged, at 90 %.
        ({"stage": "invoice", "hot": True, "probability": 90, "demoted": True}, False),
    ],
)
def test_hot_rule(fields: dict[str, Any], hot: bool) -> None:
    """Hot: by hand, in a hot stage, or probability ≥ 70; never once won, lost or demoted."""
    assert is_hot(deal(**fields), SETTINGS) is hot


def test_hot_rule_follows_settings() -> None:
    """A team's own hot stages and threshold; 101 means probability alone never makes hot."""
    team = Settings(funnel=FUNNEL, hot_stages=("meeting",), hot_probability=50)
    assert is_hot(deal(stage="meeting"), team)
    assert not is_hot(deal(stage="invoice", probability=49), team)
    assert is_hot(deal(stage="invoice", probability=50), team)
    never = Settings(funnel=FUNNEL, hot_probability=101)
    assert not is_hot(deal(probability=100), never)
    assert is_hot(deal(probability=100, hot=True), never)


# -- each flag at its threshold -------------------------------------------------------------


def flags(**fields: Any) -> tuple[str, ...]:
    """Flags of a deal built with these fields, as of TODAY under default settings."""
    return deal_flags(deal(**fields), SETTINGS, TODAY)


def test_a_deal_in_order_has_no_flags() -> None:
    """Contacted today, next step due today, payment expected today: nothing to flag."""
    assert flags(expected_payment=TODAY) == ()


@pytest.mark.parametrize(
    ("stage", "threshold"),
    [
        ("conversation", 7),
        ("meeting", 7),
        ("application", 7),
        ("invoice", 5),  # the invoice stage's own threshold
        ("negotiation", 7),  # not in the pipeline: settings.stale_days
    ],
)
def test_stale_at_the_stage_threshold(stage: str, threshold: int) -> None:
    """Threshold days without contact is not stale; one more day is."""
    assert "stale" not in flags(stage=stage, last_contact=days_ago(threshold))
    assert "stale" in flags(stage=stage, last_contact=days_ago(threshold + 1))


def test_stale_outside_the_pipeline_uses_the_setting() -> None:
    """A stage the pipeline does not list uses settings.stale_days (here 10)."""
    team = Settings(funnel=FUNNEL, stale_days=10)
    old = deal(stage="negotiation", last_contact=days_ago(10))
    assert "stale" not in deal_flags(old, team, TODAY)
    older = deal(stage="negotiation", last_contact=days_ago(11))
    assert "stale" in deal_flags(older, team, TODAY)
    # A pipeline stage keeps its own threshold whatever the setting says.
    assert "stale" in deal_flags(deal(stage="invoice", last_contact=days_ago(6)), team, TODAY)


def test_stale_with_a_custom_stage_threshold() -> None:
    """A configured stage with stale_days 3: 3 days fine, 4 stale."""
    team = Settings(funnel=FUNNEL, pipeline=(*DEFAULT_PIPELINE, StageDef("trial", "T", "Т", 3)))
    assert "stale" not in deal_flags(deal(stage="trial", last_contact=days_ago(3)), team, TODAY)
    assert "stale" in deal_flags(deal(stage="trial", last_contact=days_ago(4)), team, TODAY)


def test_never_contacted_counts_from_created() -> None:
    """No contact yet: the days count from the deal's creation."""
    assert "stale" not in flags(last_contact=None, created=days_ago(7))
    assert "stale" in flags(last_contact=None, created=days_ago(8))
    assert "stale" not in flags(last_contact=None, created=TODAY)


def test_snooze_until_today_and_tomorrow() -> None:
    """Snoozed until today has run out (stale again); until tomorrow it silences stale."""
    old = {"last_contact": days_ago(30), "snooze_reason": "On holiday"}
    assert flags(**old, snoozed_until=TODAY) == ("stale",)
    assert flags(**old, snoozed_until=TODAY + timedelta(days=1)) == ("snoozed",)
    assert flags(**old, snoozed_until=days_ago(1)) == ("stale",)


def test_next_step_due_today_and_yesterday() -> None:
    """Due today is not overdue yet; due yesterday is."""
    assert "overdue_step" not in flags(next_step_due=TODAY)
    assert "overdue_step" in flags(next_step_due=days_ago(1))
    assert "overdue_step" not in flags(next_step_due=None)


@pytest.mark.parametrize("step", ["", " ", "   ", "\t", "\u00a0"])
def test_no_step_when_empty_or_spaces(step: str) -> None:
    """An empty or blank next step counts as none."""
    assert "no_step" in flags(next_step=step, next_step_due=None)


def test_a_written_step_is_a_step() -> None:
    """Any text is a next step, due date or not."""
    assert "no_step" not in flags(next_step=" x ", next_step_due=None)


def test_past_expected_payment() -> None:
    """Expected yesterday: past (a candidate for demotion); today or none: not."""
    assert "past_expected" in flags(expected_payment=days_ago(1))
    assert "past_expected" not in flags(expected_payment=TODAY)
    assert "past_expected" not in flags(expected_payment=None)


def test_every_flag_in_order() -> None:
    """A deal with every flag but snoozed lists them in FLAGS order."""
    assert flags(
        next_step="",
        next_step_due=days_ago(1),
        last_contact=days_ago(8),
        expected_payment=days_ago(1),
    ) == ("overdue_step", "no_step", "stale", "past_expected")
    assert FLAGS == ("overdue_step", "no_step", "stale", "past_expected", "snoozed")


# -- the hot list and its totals ------------------------------------------------------------


def test_hot_list_order_and_filter() -> None:
    """By expected payment date (none last), the larger amount first on a tie."""
    late = deal(id=1, stage="invoice", expected_payment=date(2026, 12, 10), owner=1)
    small = deal(id=2, stage="invoice", expected_payment=date(2026, 11, 30), amount=5_000)
    big = deal(id=3, probability=80, expected_payment=date(2026, 11, 30), amount=900_000)
    undated = deal(id=4, hot=True, expected_payment=None, owner=2, hot_since=days_ago(3))
    past = deal(id=5, hot=True, expected_payment=days_ago(2), owner=2)
    cold = deal(id=6, probability=69, expected_payment=date(2026, 11, 27))
    rows = hot_list([late, small, big, undated, past, cold], SETTINGS, TODAY)
    assert [r.deal.id for r in rows] == [5, 3, 2, 1, 4]
    assert rows[0].flags == ("past_expected",)
    assert rows[-1].days_hot == 3  # hot since 23 November
    assert rows[1].days_hot is None
    mine = hot_list([late, small, big, undated, past, cold], SETTINGS, TODAY, employee_id=2)
    assert [r.deal.id for r in mine] == [5, 4]
    assert hot_list([cold], SETTINGS, TODAY) == []


def test_hot_totals_weighted_half_up() -> None:
    """Total and Σ amount × probability / 100, rounded once, halves up."""
    rows = hot_list(
        [
            deal(id=1, hot=True, amount=12_345, probability=70),
            deal(id=2, hot=True, amount=100_000, probability=75),
        ],
        SETTINGS,
        TODAY,
    )
    # 12 345 × 70 = 864 150; 100 000 × 75 = 7 500 000; Σ = 8 364 150 / 100 = 83 641.5 → 83 642.
    assert hot_totals(rows) == (112_345, 83_642)


def test_hot_totals_round_the_sum_not_each_row() -> None:
    """Three 10.01 deals at 40 %, 40 %, 20 %: Σ 1 001 × 100 / 100 = 1 001 (rows: 400+400+200)."""
    rows = hot_list(
        [
            deal(id=1, hot=True, amount=1_001, probability=40),  # 400.4
            deal(id=2, hot=True, amount=1_001, probability=40),  # 400.4
            deal(id=3, hot=True, amount=1_001, probability=20),  # 200.2
        ],
        SETTINGS,
        TODAY,
    )
    assert hot_totals(rows) == (3_003, 1_001)
    assert hot_totals([]) == (0, 0)


@pytest.mark.parametrize(
    ("amount", "probability", "value"),
    [
        (12_345, 70, 8_642),  # 864 150 / 100 = 8 641.5 → 8 642
        (1, 49, 0),  # 0.49 → 0
        (1, 50, 1),  # 0.5 → 1
        (100, 100, 100),
        (0, 100, 0),
        (2**53 - 1, 100, 2**53 - 1),  # exact integers, no float on the way
        (2**53 - 1, 33, 2_972_375_754_064_527),  # 297 237 575 406 452 703 / 100 → …527.03 → 527
    ],
)
def test_weighted(amount: int, probability: int, value: int) -> None:
    """One deal's weighted amount in kopecks, halves up."""
    assert weighted(amount, probability) == value
