"""`salestui report funnel` and `report duration` on the real command line, counted by hand.

Funnel: Anna: 200 cold calls, 20 conversations, 5 meetings, 2 applications, 1 invoice, 1
payment over two days of November; Boris: 100 calls and 0 conversations (every later ratio is
null). The team: 300 calls, 20 conversations, 5 meetings, 2 applications, 1 invoice, 1 payment.

Duration, November 1–26: Anna's deal A (created 11-02, first payment 11-12: 10 days), deal B
(created 11-03, won 11-23 with no invoice: 20 days), deal C (created 11-06, open: 20 days old on
the 26th, censored), deal D (created 10-01, paid 10-15: before the period). Boris: one lost deal
(never paid: left out).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from salestui.models import Client, Deal, Employee, Invoice
from salestui.store import Repository
from tests.unit.test_cli import PINNED, fingerprint, one_line, run

ANNA, BORIS = "Anna Petrova", "Boris Ivanov"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path]]:
    """The hand-counted database and a home folder for the subprocesses."""
    root = tmp_path_factory.mktemp("funnel")
    path = root / "db"
    repo = Repository.open(path, create=True)
    try:
        anna = repo.add_employee(Employee(ANNA, hired=date(2025, 1, 1))).id
        boris = repo.add_employee(Employee(BORIS, hired=date(2025, 1, 1))).id
        days = {
            date(2026, 11, 2): {"cold_calls": 120, "conversations": 12, "meetings": 3},
            date(2026, 11, 3): {
                "cold_calls": 80,
                "conversations": 8,
                "meetings": 2,
                "applications": 2,
                "invoices": 1,
                "payments": 1,
            },
        }
        for day, counts in days.items():
            for code, value in counts.items():
                repo.set_count(anna, day, code, value)
        repo.set_count(boris, date(2026, 11, 2), "cold_calls", 100)
        # October: outside the period asked for below.
        repo.set_count(anna, date(2026, 10, 30), "cold_calls", 999)
        acme = repo.save_client(Client("Acme", anna, date(2026, 9, 1))).id

        def deal(owner: int, created: date) -> int:
            return repo.add_deal(Deal(acme, owner, created, "meeting", 100_00), created).id

        def paid(deal_id: int, issued: date, on: date) -> None:
            invoice = repo.issue_invoice(
                Invoice(f"N{deal_id}", deal_id, anna, issued, 100_00, issued)
            )
            repo.record_payment(invoice.id, on, 100_00)

        paid(deal(anna, date(2026, 11, 2)), date(2026, 11, 2), date(2026, 11, 12))
        repo.close_deal(deal(anna, date(2026, 11, 3)), "won", date(2026, 11, 23))
        deal(anna, date(2026, 11, 6))
        paid(deal(anna, date(2026, 10, 1)), date(2026, 10, 5), date(2026, 10, 15))
        repo.close_deal(deal(boris, date(2026, 11, 10)), "lost", date(2026, 11, 20), "price")
    finally:
        repo.close()
    yield path, root


def funnel(db: tuple[Path, Path], *options: str, name: str = "funnel") -> str:
    """Run a report (the funnel by default) for November 1–26 and return its output."""
    path, home = db
    done = run(
        home,
        "--db",
        path,
        *PINNED,
        "report",
        name,
        "--from",
        "2026-11-01",
        "--to",
        "2026-11-26",
        *options,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_json_rows_hold_counts_and_every_consecutive_ratio(db: tuple[Path, Path]) -> None:
    rows = json.loads(funnel(db, "--format", "json"))
    assert [r["employee"] for r in rows] == [ANNA, BORIS, "TOTAL"]
    anna, boris, total = rows
    assert anna == {
        "employee": ANNA,
        "cold_calls": 200,
        "conversations": 20,
        "meetings": 5,
        "applications": 2,
        "invoices": 1,
        "payments": 1,
        "cold_calls_per_conversations": 10.0,  # 200 / 20
        "conversations_per_meetings": 4.0,
        "meetings_per_applications": 2.5,
        "applications_per_invoices": 2.0,
        "invoices_per_payments": 1.0,
    }
    # Nothing to divide by: null, never infinity.
    assert boris["cold_calls"] == 100 and boris["cold_calls_per_conversations"] is None
    assert all(boris[k] is None for k in boris if k.endswith("_per_" + "payments"))
    assert total["cold_calls"] == 300 and total["cold_calls_per_conversations"] == 15.0


def test_text_draws_the_funnel_as_bars(db: tuple[Path, Path]) -> None:
    text = funnel(db)
    assert text.startswith("Funnel · 2026-11-01 – 2026-11-26\n")
    bars = text.split("TOTAL:\n", 1)[1].splitlines()
    assert [line.split()[0] for line in bars] == ["Calls", "Talks", "Mtgs", "Apps", "Invs", "Pmts"]
    # 300 calls fill the bar; 20 talks are 2 of its 32 characters; the step's conversion.
    assert bars[0].count("█") == 32 and bars[0].split()[-1] == "300"
    assert bars[1].count("█") == 2 and bars[1].split()[-2:] == ["20", "7%"]
    assert bars[-1].split()[-2:] == ["1", "100%"]


def test_one_employee_has_no_total_row(db: tuple[Path, Path]) -> None:
    rows = json.loads(funnel(db, "--format", "json", "--employee", "anna petrova"))
    assert [r["employee"] for r in rows] == [ANNA]
    text = funnel(db, "--employee", ANNA)
    assert f"{ANNA}:\n" in text and "TOTAL" not in text


def test_an_option_of_another_report_is_a_usage_error(db: tuple[Path, Path]) -> None:
    path, home = db
    before = fingerprint(path)
    done = run(home, "--db", path, *PINNED, "report", "funnel", "--as-of", "2026-11-01")
    assert done.returncode == 2
    assert "--as-of does not apply to report funnel" in done.stderr
    assert fingerprint(path) == before
    unknown = run(home, "--db", path, *PINNED, "report", "funnel", "--employee", "Nobody")
    assert unknown.returncode == 1
    assert "Nobody" in one_line(unknown.stderr)


def test_duration_of_deals_paid_in_the_period_and_the_open_ones(db: tuple[Path, Path]) -> None:
    rows = json.loads(funnel(db, "--format", "json", name="duration"))
    anna = {
        "employee": ANNA,
        # Paid: 10 and 20 days. P75 = 10 + 10 × 0.75; P90 = 10 + 10 × 0.9.
        "paid_deals": 2,
        "mean_days": 15.0,
        "median_days": 15.0,
        "p75_days": 17.5,
        "p90_days": 19.0,
        "open_deals": 1,
        # Three at risk: at 10 days S = 2/3; at 20, two at risk (C censored then): S = 1/3.
        "km_median_days": 20.0,
    }
    boris = {
        "employee": BORIS,
        "paid_deals": 0,
        "mean_days": None,
        "median_days": None,
        "p75_days": None,
        "p90_days": None,
        "open_deals": 0,
        "km_median_days": None,
    }
    assert rows == [anna, boris, {**anna, "employee": "TOTAL"}]
    text = funnel(db, name="duration")
    assert text.startswith("Deal duration, created → paid, days · 2026-11-01 – 2026-11-26\n")
    assert "Kaplan–Meier" in text


def test_forecast_of_the_month_and_a_targets_daily_needs(db: tuple[Path, Path]) -> None:
    path, home = db
    done = run(home, "--db", path, *PINNED, "report", "forecast", "--target", "1000",
               "--format", "json")  # fmt: skip
    assert done.returncode == 0, done.stderr
    anna, boris, total = json.loads(done.stdout)
    # So far in November: deal A's 100.00; at this pace (18 of 21 working days gone): 116.67.
    assert (anna["fact_to_date"], anna["run_rate_projection"], anna["plan"]) == (100, 116.67, None)
    assert anna["weighted_pipeline"] == 0  # her open deals have a probability of 0
    # Window Oct 30 – Nov 26: 1,199 calls (all in its first week), 1 payment of 100.00. The
    # lag is the median of the deals paid in 90 days (10, 14 and 20 days): 2 weeks, so the
    # next two weeks get the window's last two weeks (no calls) and the two after that the
    # weekly average: 2 × 1,199 / 4 × 1 / 1,199 = 0.5 payments × 100.00 = 50.00.
    assert anna["funnel_forecast"] == 50.0
    # 1,000.00 a month: she has 1 payment of her own (fewer than 3), so the team's ratios:
    # 10 payments, 10 invoices, 20 applications, 50 meetings, 200 talks, 12,990 calls in the
    # month's 21 working days.
    assert anna["ratios_from"] == "team"
    assert anna["required_payments_per_day"] == round(10 / 21, 4)
    assert anna["required_cold_calls_per_day"] == round(12_990 / 21, 4)
    assert boris["ratios_from"] == "team" and boris["fact_to_date"] == 0
    assert boris["funnel_forecast"] is None  # no payments of his own: no average payment
    assert (total["fact_to_date"], total["funnel_forecast"]) == (100, 50.0)
    refused = run(home, "--db", path, *PINNED, "report", "forecast", "--target", "lots")
    assert refused.returncode == 1 and "--target" in one_line(refused.stderr)
