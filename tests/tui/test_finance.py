"""Pilot tests of the Finance screen: every key, and every number against a hand count."""

from __future__ import annotations

import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, Static

from salestui.analytics.finance import BUCKETS
from salestui.i18n import set_language
from salestui.models import REVENUE, Client, Deal, Employee, Invoice
from salestui.store import Repository
from salestui.tui.app import SalesApp
from salestui.tui.screens.finance import FinanceScreen, InvoiceDetails, period_of, shifted
from salestui.tui.screens.prompt import DatePrompt, TextPrompt
from salestui.tui.widgets.weekly_chart import WeeklyChart
from tests.conftest import TODAY
from tests.tui.session import NARROW, running, wait_until

# -- the data -------------------------------------------------------------------------------

MONTH_START = date(2026, 11, 1)


def small_team(path: Path) -> dict[str, int]:
    """Build the hand-counted database: Anna and Boris owe money, Clara has nothing.

    Anna  A-1 deal, issued 02.11 due 09.11, 100 000.00, paid 30 000.00 on 10.11 → 17 days late
          A-2 no deal, issued 01.07 due 15.07, 50 000.50, unpaid → 134 days late
          A-3 deal, issued 20.11 due 30.11, 20 000.00 → not yet due
    Boris B-1 deal, issued 01.09 due 30.09, 40 000.00, paid 5 000 on 15.10, 10 000 on 25.11
          B-2 deal, issued 01.08 due 31.08, 25 000.25, paid in full on 03.11
          B-3 deal, issued 05.11, 20 000.00, cancelled
    Plans for November: Anna 200 000, Boris 100 000.
    """
    repo = Repository.open(path, create=True)
    try:
        anna = repo.add_employee(Employee("Anna Petrova", hired=date(2025, 1, 1)))
        boris = repo.add_employee(Employee("Boris Orlov", hired=date(2025, 1, 1)))
        clara = repo.add_employee(Employee("Clara Smirnova", hired=date(2025, 1, 1)))
        alfa = repo.save_client(Client("Alfa LLC", anna.id, date(2026, 5, 1)))
        beta = repo.save_client(Client("Beta Ltd", boris.id, date(2026, 5, 1)))
        d1 = repo.add_deal(Deal(alfa.id, anna.id, date(2026, 6, 1), "meeting", 12_000_000), TODAY)
        d2 = repo.add_deal(Deal(beta.id, boris.id, date(2026, 6, 1), "meeting", 9_000_000), TODAY)

        def issue(
            number: str,
            deal: int | None,
            owner: int,
            issued: date,
            due: date,
            amount: int,
            client: int | None = None,
        ) -> Invoice:
            return repo.issue_invoice(
                Invoice(number, deal, owner, issued, amount, due, client_id=client)
            )

        a1 = issue("A-1", d1.id, anna.id, date(2026, 11, 2), date(2026, 11, 9), 10_000_000)
        a2 = issue("A-2", None, anna.id, date(2026, 7, 1), date(2026, 7, 15), 5_000_050, alfa.id)
        issue("A-3", d1.id, anna.id, date(2026, 11, 20), date(2026, 11, 30), 2_000_000)
        b1 = issue("B-1", d2.id, boris.id, date(2026, 9, 1), date(2026, 9, 30), 4_000_000)
        b2 = issue("B-2", d2.id, boris.id, date(2026, 8, 1), date(2026, 8, 31), 2_500_025)
        b3 = issue("B-3", d2.id, boris.id, date(2026, 11, 5), date(2026, 11, 12), 2_000_000)
        repo.cancel_invoice(b3.id)
        repo.record_payment(a1.id, date(2026, 11, 10), 3_000_000)
        repo.record_payment(b1.id, date(2026, 10, 15), 500_000)
        repo.record_payment(b1.id, date(2026, 11, 25), 1_000_000)
        repo.record_payment(b2.id, date(2026, 11, 3), 2_500_025)
        repo.set_target(anna.id, "2026-11", REVENUE, 20_000_000)
        repo.set_target(boris.id, "2026-11", REVENUE, 10_000_000)
        return {
            "anna": anna.id,
            "boris": boris.id,
            "clara": clara.id,
            "a2": a2.id,
            "b1": b1.id,
            "d2": d2.id,
        }
    finally:
        repo.close()


FIRST_NAMES = {
    "en": [
        "Anna",
        "Boris",
        "Clara",
        "Dmitry",
        "Elena",
        "Fedor",
        "Galina",
        "Igor",
        "Irina",
        "Kirill",
        "Lidia",
        "Maxim",
        "Nina",
        "Oleg",
        "Polina",
        "Roman",
        "Sofia",
        "Timur",
        "Ulyana",
        "Viktor",
    ],
    "ru": [
        "Анна",
        "Борис",
        "Клара",
        "Дмитрий",
        "Елена",
        "Фёдор",
        "Галина",
        "Игорь",
        "Ирина",
        "Кирилл",
        "Лидия",
        "Максим",
        "Нина",
        "Олег",
        "Полина",
        "Роман",
        "София",
        "Тимур",
        "Ульяна",
        "Виктор",
    ],
}
LAST_NAMES = {
    "en": [
        "Petrova",
        "Orlov",
        "Smirnova",
        "Volkov",
        "Kuznetsova",
        "Sokolov",
        "Popova",
        "Lebedev",
        "Kozlova",
        "Novikov",
        "Morozova",
        "Pavlov",
        "Semenova",
        "Golubev",
        "Vinogradova",
        "Bogdanov",
        "Vorobyova",
        "Fedorov",
        "Mikhailova",
        "Belyaev",
    ],
    "ru": [
        "Петрова",
        "Орлов",
        "Смирнова",
        "Волков",
        "Кузнецова",
        "Соколов",
        "Попова",
        "Лебедев",
        "Козлова",
        "Новиков",
        "Морозова",
        "Павлов",
        "Семёнова",
        "Голубев",
        "Виноградова",
        "Богданов",
        "Воробьёва",
        "Фёдоров",
        "Михайлова",
        "Беляев",
    ],
}
COMPANIES = {
    "en": [
        "Northwind",
        "Baltic Steel",
        "Green Field Farms",
        "Ural Logistics",
        "Polar Foods",
        "Volga Textiles",
        "Siberian Timber",
        "Nevsky Print",
        "Altai Honey",
        "Kama Motors",
    ],
    "ru": [
        "Нордвинд",
        "Балтийская сталь",
        "Зелёное поле",
        "Уральская логистика",
        "Полярные продукты",
        "Волжский текстиль",
        "Сибирский лес",
        "Невская печать",
        "Алтайский мёд",
        "Кама Моторс",
    ],
}
# Days past due of the invoices each employee has open today, one per aging bucket in turn.
LATE = (-7, 12, 45, 75, 120)


def big_team(path: Path, lang: str = "en") -> None:
    """Build 20 employees with invoices open in every aging bucket and 12 weeks of payments."""
    repo = Repository.open(path, create=True)
    try:
        for i in range(20):
            name = f"{FIRST_NAMES[lang][i]} {LAST_NAMES[lang][i]}"
            employee = repo.add_employee(Employee(name, hired=date(2024, 1, 15)))
            company = COMPANIES[lang][i % 10] + ("" if i < 10 else " 2")
            client = repo.save_client(Client(company, employee.id, date(2024, 3, 1)))
            deal = repo.add_deal(
                Deal(client.id, employee.id, date(2024, 3, 1), "application", 50_000_000), TODAY
            )
            for n in range(1 + i % 3):
                late = LATE[(i + n) % len(LATE)]
                due = TODAY - timedelta(days=late)
                issued = due - timedelta(days=14)
                amount = (37_500_00 + 12_345_67 * ((i * 7 + n * 3) % 11)) // 1
                invoice = repo.issue_invoice(
                    Invoice(
                        f"{i + 1:02d}-{n + 1}",
                        deal.id if n % 2 == 0 else None,
                        employee.id,
                        issued,
                        amount,
                        due,
                        client_id=client.id,
                    )
                )
                if (i + n) % 2 and issued <= TODAY:
                    repo.record_payment(
                        invoice.id, max(issued, TODAY - timedelta(days=3)), amount // 4
                    )
            # Paid invoices over the last twelve weeks, a different rhythm per employee.
            for week in range(12):
                if (week + i) % 4 == 0:
                    continue
                issued = TODAY - timedelta(weeks=12 - week, days=i % 3)
                amount = 8_000_000 + 1_500_000 * ((week * 3 + i) % 7)
                paid = repo.issue_invoice(
                    Invoice(
                        f"{i + 1:02d}-P{week + 1}",
                        deal.id,
                        employee.id,
                        issued,
                        amount,
                        issued + timedelta(days=10),
                        client_id=client.id,
                    )
                )
                repo.record_payment(paid.id, min(TODAY, issued + timedelta(days=3 + i % 4)), amount)
            if i % 5 != 4:
                repo.set_target(employee.id, "2026-11", REVENUE, 60_000_000 + 5_000_000 * (i % 4))
    finally:
        repo.close()


@pytest.fixture(scope="module")
def small_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    """The hand-counted database, built once per module (saves are durable, so not free)."""
    path = tmp_path_factory.mktemp("finance") / "small"
    return path, small_team(path)


@pytest.fixture
def small_db(
    small_template: tuple[Path, dict[str, int]], tmp_path: Path
) -> tuple[Path, dict[str, int]]:
    """A private copy of the hand-counted database and its ids."""
    path = tmp_path / "db"
    shutil.copytree(small_template[0], path)
    return path, small_template[1]


@pytest.fixture(scope="module")
def big_templates(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Twenty employees in English and in Russian, built once per module."""
    root = tmp_path_factory.mktemp("finance-big")
    paths = {}
    for lang in ("en", "ru"):
        set_language(lang)
        big_team(root / lang, lang)
        paths[lang] = root / lang
    set_language("en")
    return paths


def copy_of(template: Path, tmp_path: Path) -> Path:
    """Return a private copy of a template database."""
    path = tmp_path / "db"
    shutil.copytree(template, path)
    return path


# -- reading the screen ---------------------------------------------------------------------


def finance(app: SalesApp) -> FinanceScreen:
    """Return the Finance screen (it is the current one)."""
    screen = app.screen
    assert isinstance(screen, FinanceScreen), screen
    return screen


def row_of(app: SalesApp, table_id: str, key: str) -> list[str]:
    """Return a table row's cells as shown."""
    table = finance(app).query_one(f"#{table_id}", DataTable)
    return [str(cell) for cell in table.get_row(key)]


def column(app: SalesApp, table_id: str, key: str, col: str) -> str:
    """Return one cell of a table as shown."""
    table = finance(app).query_one(f"#{table_id}", DataTable)
    return str(table.get_cell(key, col))


def title(app: SalesApp, widget_id: str) -> str:
    """Return a Static's text."""
    return str(finance(app).query_one(f"#{widget_id}", Static).content)


async def open_finance(app: SalesApp, pilot: object) -> FinanceScreen:
    """Press 3 and wait for the Finance screen."""
    from textual.pilot import Pilot

    assert isinstance(pilot, Pilot)
    await pilot.press("3")
    await wait_until(pilot, lambda: isinstance(app.screen, FinanceScreen) and app.screen.ready)
    return finance(app)


def cells(app: SalesApp, table_id: str, key: str, *columns: str) -> list[str]:
    """Return some cells of a row as shown."""
    return [column(app, table_id, key, c) for c in columns]


MONEY = ("invoices", "invoiced", "received", "plan", "done", "forecast", "need")
AGING = ("count", "open", *BUCKETS)


# -- the period's money ---------------------------------------------------------------------


async def test_this_month_per_employee_and_team(small_db: tuple[Path, dict[str, int]]) -> None:
    """November: invoices issued, money in, the prorated plan, done, run-rate, need per day.

    November 2026 has 21 working days; 18 are gone before Thursday the 26th, 3 are left.
    Anna: 30 000.00 in → forecast 30 000 ÷ 18 × 21 = 35 000.00; need (200 000 − 30 000) ÷ 3.
    Boris: 10 000.00 + 25 000.25 in; the cancelled B-3 is not an issued invoice.
    """
    path, ids = small_db
    async with running(path) as (app, pilot, _):
        await open_finance(app, pilot)
        anna, boris, clara = (str(ids[k]) for k in ("anna", "boris", "clara"))
        assert cells(app, "money-table", anna, *MONEY) == [
            "2",
            "120,000.00",
            "30,000.00",
            "200,000.00",
            "15%",
            "35,000.00",
            "56,666.67",
        ]
        assert cells(app, "money-table", boris, *MONEY) == [
            "0",
            "0.00",
            "35,000.25",
            "100,000.00",
            "35%",
            "40,833.63",
            "21,666.58",
        ]
        assert cells(app, "money-table", clara, *MONEY) == [
            "0",
            "0.00",
            "0.00",
            "—",
            "—",
            "0.00",
            "—",
        ]
        assert cells(app, "money-table", "team", *MONEY) == [
            "2",
            "120,000.00",
            "65,000.25",
            "300,000.00",
            "22%",
            "75,833.63",
            "78,333.25",
        ]
        assert "November 2026" in title(app, "money-title")
        assert "amounts in ₽" in title(app, "money-title")
        assert "18 of 21 working days" in title(app, "money-legend")
        assert "÷ 3 days left" in title(app, "money-legend")


async def test_shift_arrows_move_the_period(small_db: tuple[Path, dict[str, int]]) -> None:
    """Shift+← shows October (over: the forecast is what came in); Shift+→ goes on to December."""
    path, ids = small_db
    async with running(path) as (app, pilot, _):
        screen = await open_finance(app, pilot)
        await pilot.press("shift+left")
        await pilot.pause()
        assert (screen.start, screen.end) == (date(2026, 10, 1), date(2026, 10, 31))
        assert "October 2026" in title(app, "money-title")
        boris = str(ids["boris"])
        assert cells(app, "money-table", boris, *MONEY) == [
            "0",
            "0.00",
            "5,000.00",
            "—",
            "—",
            "5,000.00",
            "—",
        ]
        assert "October 2026 is over (22 working days)" in title(app, "money-legend")
        await pilot.press("shift+right", "shift+right")
        await pilot.pause()
        assert (screen.start, screen.end) == (date(2026, 12, 1), date(2026, 12, 31))
        # December has not begun: its money is empty, the run-rate stays on this month.
        assert cells(app, "money-table", boris, "received", "plan", "forecast") == [
            "0.00",
            "—",
            "40,833.63",
        ]
        assert "November 2026, 18 of 21" in title(app, "money-legend")


async def test_p_cycles_week_month_quarter(small_db: tuple[Path, dict[str, int]]) -> None:
    """p: the quarter (plans of its months), then this week (plan prorated 5/21), then the month."""
    path, ids = small_db
    anna, boris = str(ids["anna"]), str(ids["boris"])
    async with running(path) as (app, pilot, _):
        screen = await open_finance(app, pilot)
        await pilot.press("p")
        await pilot.pause()
        assert (screen.start, screen.end) == (date(2026, 10, 1), date(2026, 12, 31))
        assert "Q4 2026" in title(app, "money-title")
        assert cells(app, "money-table", anna, "invoices", "invoiced", "received", "plan") == [
            "2",
            "120,000.00",
            "30,000.00",
            "200,000.00",
        ]
        assert cells(app, "money-table", boris, "received", "plan", "done") == [
            "40,000.25",
            "100,000.00",
            "40%",
        ]
        await pilot.press("p")
        await pilot.pause()
        assert (screen.start, screen.end) == (date(2026, 11, 23), date(2026, 11, 29))
        assert "week 2026-11-23 – 2026-11-29" in title(app, "money-title")
        # 200 000 × 5 / 21 and 100 000 × 5 / 21, rounded half up to the kopeck.
        assert cells(app, "money-table", anna, "received", "plan") == ["0.00", "47,619.05"]
        assert cells(app, "money-table", boris, "received", "plan", "done") == [
            "10,000.00",
            "23,809.52",
            "42%",
        ]
        await pilot.press("p")
        await pilot.pause()
        assert (screen.length, screen.start) == ("month", MONTH_START)


# -- receivables ----------------------------------------------------------------------------


async def test_receivables_today_and_buckets_add_up(small_db: tuple[Path, dict[str, int]]) -> None:
    """Today: Anna owes in three buckets, Boris in one; each row's buckets add up to its open."""
    path, ids = small_db
    anna, boris = str(ids["anna"]), str(ids["boris"])
    async with running(path) as (app, pilot, _):
        await open_finance(app, pilot)
        await pilot.press("tab")
        assert cells(app, "aging-table", anna, *AGING) == [
            "3",
            "140,000.50",
            "20,000.00",
            "70,000.00",
            "0.00",
            "0.00",
            "50,000.50",
        ]
        assert cells(app, "aging-table", boris, *AGING) == [
            "1",
            "25,000.00",
            "0.00",
            "0.00",
            "25,000.00",
            "0.00",
            "0.00",
        ]
        assert cells(app, "aging-table", "team", *AGING) == [
            "4",
            "165,000.50",
            "20,000.00",
            "70,000.00",
            "25,000.00",
            "0.00",
            "50,000.50",
        ]
        assert "₽165,000.50 open in 4 invoices" in title(app, "aging-title")
        # The overdue list, most overdue first: A-2 134 days, B-1 57, A-1 17 (A-3 is not due).
        table = finance(app).query_one("#overdue-table", DataTable)
        shown = [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]
        assert shown == [
            ["Alfa LLC", "A-2", "50,000.50", "134", "Anna Petrova"],
            ["Beta Ltd", "B-1", "25,000.00", "57", "Boris Orlov"],
            ["Alfa LLC", "A-1", "70,000.00", "17", "Anna Petrova"],
        ]
        assert "3 invoices, ₽145,000.50" in title(app, "overdue-title")


def money_of(text: str) -> int:
    """Return kopecks of an amount shown as 1,234.56."""
    units, cents = text.replace(",", "").split(".")
    return int(units) * 100 + int(cents)


async def test_bucket_totals_equal_the_open_balance_to_the_kopeck(
    big_templates: dict[str, Path], tmp_path: Path
) -> None:
    """On 20 employees with money in every bucket, at several dates, on screen and underneath."""
    from salestui import queries

    path = copy_of(big_templates["en"], tmp_path)
    async with running(path) as (app, pilot, repo):
        screen = await open_finance(app, pilot)
        staff = [e.id for e in repo.employees()]
        for as_of in (TODAY, date(2026, 11, 1), date(2026, 9, 30), date(2027, 3, 1)):
            found = queries.open_receivables(repo, as_of, staff)
            assert sum(found.team.buckets.values()) == found.team.open_amount
            for aging in found.per.values():
                assert sum(aging.buckets.values()) == aging.open_amount
            assert sum(a.open_amount for a in found.per.values()) == found.team.open_amount
            assert found.team.open_amount == sum(r.open for r in found.rows)
        today = queries.open_receivables(repo, TODAY, staff)
        assert all(today.team.buckets[b] > 0 for b in BUCKETS), today.team.buckets
        await pilot.press("tab")
        team = cells(app, "aging-table", "team", *AGING)
        assert sum(money_of(v) for v in team[2:]) == money_of(team[1])
        assert money_of(team[1]) == today.team.open_amount
        for employee in repo.employees():
            row = cells(app, "aging-table", str(employee.id), *AGING)
            assert sum(money_of(v) for v in row[2:]) == money_of(row[1])
        assert screen.section == "aging"


async def test_g_shows_receivables_as_of_a_past_date(small_db: tuple[Path, dict[str, int]]) -> None:
    """As of 31.10: invoices issued later and payments made later do not count."""
    path, ids = small_db
    anna, boris = str(ids["anna"]), str(ids["boris"])
    async with running(path) as (app, pilot, _):
        screen = await open_finance(app, pilot)
        await pilot.press("g")
        await wait_until(pilot, lambda: isinstance(app.screen, DatePrompt))
        app.screen.query_one(Input).value = "2026-10-31"
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen is screen)
        assert screen.as_of == date(2026, 10, 31)
        assert screen.section == "aging"
        # were issued in November; A-2 was already 108 days late.
        assert cells(app, "aging-table", anna, *AGING) == [
            "1",
            "50,000.50",
            "0.00",
            "0.00",
            "0.00",
            "0.00",
            "50,000.50",
        ]
        # B-1 less the October payment only; B-2 was paid in November, so it was open then.
        assert cells(app, "aging-table", boris, *AGING) == [
            "2",
            "60,000.25",
            "0.00",
            "0.00",
            "35,000.00",
            "25,000.25",
            "0.00",
        ]
        assert cells(app, "aging-table", "team", "count", "open") == ["3", "110,000.75"]
        assert "as of 2026-10-31" in title(app, "aging-title")
        table = finance(app).query_one("#overdue-table", DataTable)
        days = [str(table.get_row_at(i)[3]) for i in range(table.row_count)]
        assert days == ["108", "61", "31"]
        # The period's money does not move with the receivables' date.
        assert (screen.start, screen.end) == (MONTH_START, date(2026, 11, 30))


# -- the weekly chart -----------------------------------------------------------------------


async def test_slash_charts_one_employee_or_the_team(small_db: tuple[Path, dict[str, int]]) -> None:
    """/ with a few letters charts that employee; letters several names share are refused."""
    path, ids = small_db
    async with running(path) as (app, pilot, _):
        screen = await open_finance(app, pilot)
        chart = screen.query_one(WeeklyChart)
        weeks = dict(chart._weeks)
        assert len(weeks) == 12 and min(weeks) == date(2026, 9, 7)
        assert weeks[date(2026, 10, 12)] == 500_000
        assert weeks[date(2026, 11, 2)] == 2_500_025
        assert weeks[date(2026, 11, 9)] == 3_000_000
        assert weeks[date(2026, 11, 23)] == 1_000_000
        assert sum(weeks.values()) == 7_000_025
        await pilot.press("slash")
        await wait_until(pilot, lambda: isinstance(app.screen, TextPrompt))
        app.screen.query_one(Input).value = "ova"  # Petrova and Smirnova
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TextPrompt)
        error = str(app.screen.query_one("#prompt-error", Static).content)
        assert "Anna Petrova" in error and "Clara Smirnova" in error
        assert error.startswith("✗ ")  # refused: said by a marker, not by colour alone
        app.screen.query_one(Input).value = "ann"
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen is screen)
        assert screen.chart_employee == ids["anna"]
        assert screen.section == "chart"
        assert {d: a for d, a in chart._weeks if a} == {date(2026, 11, 9): 3_000_000}
        assert "Anna Petrova" in title(app, "chart-title")
        await pilot.press("slash")
        await wait_until(pilot, lambda: isinstance(app.screen, TextPrompt))
        app.screen.query_one(Input).value = ""
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen is screen)
        assert screen.chart_employee is None
        assert sum(a for _, a in chart._weeks) == 7_000_025
        assert "Team" in title(app, "chart-title")


# -- Enter, P and m -------------------------------------------------------------------------


async def test_enter_opens_the_deal_or_the_invoice(small_db: tuple[Path, dict[str, int]]) -> None:
    """Enter on an overdue invoice opens its deal form; on one without a deal, its details."""
    from salestui.tui.screens.deal_forms import DealForm

    path, ids = small_db
    async with running(path, NARROW) as (app, pilot, _):
        screen = await open_finance(app, pilot)
        await pilot.press("tab", "tab")
        assert screen.section == "overdue"
        assert screen.query_one("#overdue-table").has_focus
        await pilot.press("down", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, DealForm))
        form = app.screen
        assert isinstance(form, DealForm) and form._deal is not None
        assert form._deal.id == ids["d2"]
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen)
        await pilot.press("up", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, InvoiceDetails))
        details = str(app.screen.query_one("#invoice-details", Static).content)
        assert "Alfa LLC" in details and "₽50,000.50" in details and "134" in details
        assert "No payments yet." in details
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen is screen)


async def test_shift_p_opens_plans_and_esc_comes_back(
    small_db: tuple[Path, dict[str, int]],
) -> None:
    """P (Shift+p) opens the Plans screen; Esc there goes back to Finance, then to Today."""
    path, _ = small_db
    async with running(path) as (app, pilot, _):
        await open_finance(app, pilot)
        await pilot.press("P")
        await wait_until(pilot, lambda: app.current_mode == "plans")
        assert type(app.screen).__name__ == "PlansScreen"
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.current_mode == "finance")
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.current_mode == "today")
        # Opened from Today (the palette), Plans goes back to Today.
        app.action_go("plans")
        await wait_until(pilot, lambda: app.current_mode == "plans")
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.current_mode == "today")


async def test_help_lists_the_period_keys_once(small_db: tuple[Path, dict[str, int]]) -> None:
    """Shift+← and Shift+→ are one line in help, as in the footer."""
    path, _ = small_db
    async with running(path) as (app, pilot, _):
        await open_finance(app, pilot)
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "HelpScreen")
        text = str(app.screen.query_one("#help-keys", Static).content)
        assert [line.split() for line in text.splitlines() if "Shift+←→" in line] == [
            ["Shift+←→", "Period"]
        ]
        assert "Shift+Right" not in text and "Shift+Left" not in text


async def test_m_marks_finance_done_and_it_stays_done(
    small_db: tuple[Path, dict[str, int]],
) -> None:
    """m marks the routine done for today; the store holds it after reopening."""
    path, _ = small_db
    async with running(path) as (app, pilot, _):
        await open_finance(app, pilot)
        await pilot.press("m")
        await pilot.pause()
    repo = Repository.open(path)
    try:
        assert [r.routine for r in repo.routines_done(TODAY, TODAY)] == ["finance"]
    finally:
        repo.close()


# -- 80×24 ----------------------------------------------------------------------------------


async def test_everything_is_reachable_at_80x24(
    big_templates: dict[str, Path], tmp_path: Path
) -> None:
    """Tab walks the four sections; each fits the width; in Russian too."""
    path = copy_of(big_templates["ru"], tmp_path)
    set_language("ru")
    async with running(path, NARROW) as (app, pilot, _):
        screen = await open_finance(app, pilot)
        seen = []
        for _ in range(4):
            seen.append(screen.section)
            shown = [s for s in ("money", "aging", "overdue") if screen.query_one(f"#{s}").display]
            assert shown == ([screen.section] if screen.section != "chart" else [])
            if screen.section != "chart":
                table = screen.query_one(f"#{screen.section}-table", DataTable)
                assert table.has_focus
                # Every column is in sight: nothing to scroll sideways.
                assert table.virtual_size.width <= table.size.width, screen.section
            await pilot.press("tab")
            await pilot.pause()
        assert seen == ["money", "aging", "overdue", "chart"]
        assert screen.section == "money"
        # Narrow columns write thousands and say so; Russian groups digits with no-break spaces.
        assert "суммы в тыс. ₽" in title(app, "money-title")
        assert column(app, "money-table", "team", "received") == "7\u00a0728"
        assert "Отдел" in str(screen.query_one("#money-table", DataTable).get_row("team")[0])


def test_periods() -> None:
    """Weeks start on Monday, quarters are calendar quarters; shifting crosses years."""
    assert period_of(TODAY, "week") == (date(2026, 11, 23), date(2026, 11, 29))
    assert period_of(TODAY, "quarter") == (date(2026, 10, 1), date(2026, 12, 31))
    assert shifted(date(2026, 10, 1), "quarter", 1) == (date(2027, 1, 1), date(2027, 3, 31))
    assert shifted(date(2026, 1, 1), "month", -1) == (date(2025, 12, 1), date(2025, 12, 31))
    assert shifted(date(2026, 12, 28), "week", 1) == (date(2027, 1, 4), date(2027, 1, 10))


def test_chart_amounts_round_once() -> None:
    """Chart and narrow-table amounts: whole thousands half up, "<1" for a small non-zero one."""
    from salestui.tui.widgets.weekly_chart import Scale, nice_ticks, scale_for

    thousands = Scale(100_000, "finance.chart.unit.thousands")
    assert [thousands.label(m) for m in (0, 49_999, 50_000, 49_949_999, 49_950_000)] == [
        "0",
        "<1",
        "1",
        "499",
        "500",
    ]
    assert scale_for([999_999]).unit == "finance.chart.unit.ones"
    assert scale_for([1_000_000]).unit == "finance.chart.unit.thousands"
    assert scale_for([1_000_000_000]).unit == "finance.chart.unit.millions"
    assert nice_ticks(0, 5) == [0.0, 1.0]
    assert nice_ticks(3, 5) == [0.0, 1.0, 2.0, 3.0]
    assert nice_ticks(2_900, 3) == [0.0, 1_000.0, 2_000.0, 3_000.0]


async def test_chart_draws_a_line_per_week(big_templates: dict[str, Path], tmp_path: Path) -> None:
    """Oldest week on top, a line each with its date and amount; longer bars for more money."""
    path = copy_of(big_templates["en"], tmp_path)
    async with running(path, NARROW) as (app, pilot, _):
        screen = await open_finance(app, pilot)
        await pilot.press("tab", "tab", "tab")
        chart = screen.query_one(WeeklyChart)
        await wait_until(pilot, lambda: chart.size.height > 15)
        lines = chart.render().plain.splitlines()  # type: ignore[union-attr]
        weeks = [line for line in lines if "┤" in line]
        assert len(weeks) == 12
        assert weeks[0].lstrip().startswith("Sep 7┤")
        assert weeks[-1].lstrip().startswith("Nov 23*┤")
        bars = [line.count("█") for line in weeks]
        amounts = [amount for _, amount in chart._weeks]
        for (a, bar_a), (b, bar_b) in zip(
            zip(amounts, bars, strict=True), zip(amounts[1:], bars[1:], strict=True), strict=False
        ):
            assert (a < b) <= (bar_a <= bar_b) and (a > b) <= (bar_a >= bar_b)
        for line, (_, amount) in zip(weeks, chart._weeks, strict=True):
            assert line.rstrip(" │").endswith(chart.scale.label(amount))
