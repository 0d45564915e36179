"""Pilot tests of the Plans screen and of the daily norms in Daily metrics.

Every test runs the real app on a real database folder and checks what the store holds,
most of them after closing it and opening it again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from fractions import Fraction
from pathlib import Path

import pytest
from textual.command import CommandPalette
from textual.coordinate import Coordinate
from textual.widgets import OptionList, Static

from salestui.analytics.norms import below_norm, daily_norm, daily_norms, month_working_days
from salestui.i18n import set_language
from salestui.models import REVENUE, Employee, Plan, ValidationError
from salestui.store import Repository
from salestui.tui.app import SalesApp
from salestui.tui.screens.metrics import MetricsScreen
from salestui.tui.screens.plans import (
    MAX_TARGET,
    PlansScreen,
    parse_amount,
    parse_month,
    parse_target,
    shift_month,
    show_amount,
)
from salestui.tui.screens.prompt import Prompt
from salestui.tui.screens.today import TodayScreen
from salestui.tui.widgets.metrics_grid import BELOW, MetricsGrid
from salestui.tui.widgets.totals_row import TotalsRow
from tests.conftest import TODAY
from tests.tui.session import NARROW, Session, running, wait_until

NOVEMBER, OCTOBER, DECEMBER = "2026-11", "2026-10", "2026-12"
# November 2026 has 21 working days (Monday to Friday); Daily metrics opens on Wed 25th.
NOVEMBER_DAYS = 21
LAST_DAY = date(2026, 11, 25)
# Grid columns: 0 the name, 1 revenue, then the funnel (2 is cold calls).
REVENUE_COLUMN, COLD_CALLS_COLUMN = 1, 2


# -- a small team on a fresh database ------------------------------------------------------


def build_team(path: Path) -> dict[str, int]:
    """Create a database with four people; Dana left in October. Returns ids by first name."""
    repo = Repository.open(path, create=True)
    try:
        people = {
            "Anna": Employee("Anna Petrova", hired=date(2025, 1, 10)),
            "Boris": Employee("Boris Orlov", hired=date(2025, 3, 1)),
            "Clara": Employee("Clara Smirnova", hired=date(2026, 2, 2)),
            "Dana": Employee("Dana Volkova", hired=date(2025, 1, 10), left=date(2026, 10, 30)),
        }
        return {first: repo.add_employee(e).id for first, e in people.items()}
    finally:
        repo.close()


@pytest.fixture
def team(tmp_path: Path) -> tuple[Path, dict[str, int]]:
    """A fresh database folder with four people, and their ids."""
    path = tmp_path / "db"
    return path, build_team(path)


def set_plans(path: Path, month: str, plans: dict[int, dict[str, int]]) -> None:
    """Store monthly targets straight through the repository."""
    repo = Repository.open(path)
    try:
        for employee_id, targets in plans.items():
            for code, value in targets.items():
                repo.set_target(employee_id, month, code, value)
    finally:
        repo.close()


def targets_in(repo: Repository, month: str) -> dict[int, dict[str, int]]:
    """Return a month's targets by employee id, as the repository holds them."""
    return {i: dict(plan.targets) for i, plan in repo.plans_for(month).items()}


def stored_plans(path: Path, month: str) -> dict[int, dict[str, int]]:
    """Open the database afresh and return a month's targets by employee id."""
    repo = Repository.open(path)
    try:
        return targets_in(repo, month)
    finally:
        repo.close()


async def open_plans(session: Session) -> PlansScreen:
    """Open Plans the way a user does: Ctrl+P, a few letters of its name, Enter."""
    app, pilot, _repo = session
    await pilot.press("ctrl+p")
    assert isinstance(app.screen, CommandPalette)
    await pilot.press(*"Plans")
    options = app.screen.query_one(OptionList)
    await wait_until(pilot, lambda: options.option_count > 0)
    await pilot.press("enter")
    await wait_until(pilot, lambda: isinstance(app.screen, PlansScreen))
    screen = app.screen
    assert isinstance(screen, PlansScreen)
    await wait_until(pilot, lambda: app.focused is grid_of(app))
    return screen


def grid_of(app: SalesApp) -> MetricsGrid:
    """Return the grid of the screen in front."""
    return app.screen.query_one("#grid", MetricsGrid)


def message_of(app: SalesApp) -> Static:
    """Return the hint / error line under the grid."""
    return app.screen.query_one("#message", Static)


def line_of(app: SalesApp, selector: str) -> str:
    """Return the text of a one-line Static of the screen in front."""
    return str(app.screen.query_one(selector, Static).content)


def cell(app: SalesApp, row: int, column: int) -> str:
    """Return a grid cell's text without its padding."""
    return str(grid_of(app).get_cell_at(Coordinate(row, column))).strip()


def row_of(app: SalesApp, employee_id: int) -> int:
    """Return the grid row of an employee."""
    return grid_of(app).get_row_index(str(employee_id))


async def go_to(session: Session, row: int, column: int) -> None:
    """Move the grid cursor with arrow keys."""
    app, pilot, _repo = session
    here = grid_of(app).cursor_coordinate
    await pilot.press(
        *["down" if row > here.row else "up"] * abs(row - here.row),
        *["right" if column > here.column else "left"] * abs(column - here.column),
    )
    assert grid_of(app).cursor_coordinate == Coordinate(row, column)


def typed(text: str) -> list[str]:
    """Return the key names that type a text (spaces and decimal commas included)."""
    names = {" ": "space", ",": "comma", ".": "full_stop", "-": "minus"}
    return [names.get(char, char) for char in text]


# -- pure helpers ----------------------------------------------------------------------------


def test_daily_norm_is_the_plan_over_the_months_working_days() -> None:
    """Norm = plan ÷ working days, exact; no working days, no norm; nothing typed is not below."""
    assert month_working_days(date(2026, 11, 25), (0, 1, 2, 3, 4)) == NOVEMBER_DAYS
    assert month_working_days(date(2026, 2, 1), (0, 1, 2, 3, 4, 5)) == 24
    assert daily_norm(420, 21) == 20
    assert daily_norm(100, 21) == Fraction(100, 21)
    assert daily_norm(100, 0) is None
    assert below_norm(4, Fraction(100, 21)) and not below_norm(5, Fraction(100, 21))
    assert not below_norm(None, Fraction(1)) and not below_norm(0, None)
    plans = [Plan(1, NOVEMBER, {"cold_calls": 420, REVENUE: 100_00, "gone": 5})]
    assert daily_norms(plans, ("cold_calls", "meetings"), 21) == {(1, "cold_calls"): 20}


def test_month_parsing_and_shifting() -> None:
    """A month is typed as 2026-11, 11.2026, 11/2026, 11, a date or t; 13 is refused by name."""
    for text in ("2026-11", "11.2026", "11/2026", "11", "26.11.2026", "t", " 2026-11 "):
        assert parse_month(text, today=TODAY) == date(2026, 11, 1), text
    for text in ("13.2026", "2026-00", "november", "", "0"):
        with pytest.raises(ValidationError, match="Month"):
            parse_month(text, today=TODAY)
    assert shift_month(date(2026, 1, 15), -1) == date(2025, 12, 1)
    assert shift_month(date(2026, 12, 1), 1) == date(2027, 1, 1)


def test_targets_and_amounts_parse_like_the_grid() -> None:
    """Monthly counts go past a day's maximum up to MAX_TARGET; amounts use the money parser."""
    assert parse_target("Cold calls", "150 000") == 150_000
    assert parse_target("Cold calls", "0") == 0
    for text, why in (("12abc", "not a whole number"), ("-5", "below zero"), ("1.5", "whole")):
        with pytest.raises(ValidationError, match=f"Cold calls.*{why}"):
            parse_target("Cold calls", text)
    with pytest.raises(ValidationError, match="Cold calls: 4,000,000 is more than 3,100,000"):
        parse_target("Cold calls", str(MAX_TARGET + 900_000))
    assert parse_amount("Revenue", "1 234 567,50") == 123_456_750
    assert parse_amount("Revenue", "1234,56") == 123_456
    with pytest.raises(ValidationError, match="Revenue"):
        parse_amount("Revenue", "12abc")
    assert show_amount(123_456_700) == "1,234,567"
    assert show_amount(123_456_750) == "1,234,567.50"


# -- typing plans ----------------------------------------------------------------------------


async def test_palette_opens_plans_on_this_month(team: tuple[Path, dict[str, int]]) -> None:
    """Plans opens from the palette on this month with everyone employed in it, marked ○."""
    path, ids = team
    async with running(path) as session:
        app = session[0]
        screen = await open_plans(session)
        assert screen.month == date(2026, 11, 1)
        line = line_of(app, "#month-line")
        assert line.startswith("November 2026, this month · 21 working days")
        assert "○ no plan: 3" in line
        rows = [int(str(key.value)) for key in grid_of(app).rows]
        assert rows == [ids["Anna"], ids["Boris"], ids["Clara"]]  # Dana left in October
        assert [str(c.label) for c in grid_of(app).columns.values()][:3] == [
            "Employee",
            "Revenue, ₽",
            "Cold calls",
        ]
        assert grid_of(app).cursor_coordinate == Coordinate(0, REVENUE_COLUMN)


@pytest.mark.parametrize(
    ("text", "kopecks", "shown"),
    [
        ("1 234 567,50", 123_456_750, "1,234,567.50"),
        ("1234,56", 123_456, "1,234.56"),
        ("1 234 567", 123_456_700, "1,234,567"),
    ],
)
async def test_revenue_and_counts_typed_are_stored(
    team: tuple[Path, dict[str, int]], text: str, kopecks: int, shown: str
) -> None:
    """A revenue typed in any accepted spelling and a count are in the store after a reopen."""
    path, ids = team
    async with running(path) as session:
        app, pilot, _repo = session
        await open_plans(session)
        await pilot.press(*typed(text), "enter", *typed("1 260"), "tab")
        assert cell(app, 0, REVENUE_COLUMN) == shown
        assert cell(app, 0, COLD_CALLS_COLUMN) == "1,260"
        assert grid_of(app).cursor_coordinate == Coordinate(0, COLD_CALLS_COLUMN + 1)
        assert "◐ partial: 1" in line_of(app, "#month-line")
        total = str(app.screen.query_one("#totals", TotalsRow).get_row("total")[REVENUE_COLUMN])
        assert total.strip() == shown
        await pilot.press("ctrl+q")
    assert stored_plans(path, NOVEMBER) == {ids["Anna"]: {REVENUE: kopecks, "cold_calls": 1260}}


async def test_a_longer_amount_widens_its_column(team: tuple[Path, dict[str, int]]) -> None:
    """An amount wider than its column is shown whole after the save, whichever key left it."""
    path, ids = team
    async with running(path, NARROW) as session:
        app, pilot, _repo = session
        await open_plans(session)
        await pilot.press(*"987654321,5", "down")
        assert grid_of(app).cursor_coordinate == Coordinate(1, REVENUE_COLUMN)
        assert cell(app, 0, REVENUE_COLUMN) == "987,654,321.50"
        width = grid_of(app).columns[grid_of(app).ordered_columns[1].key].width
        assert width >= len("987,654,321.50")
    assert stored_plans(path, NOVEMBER) == {ids["Anna"]: {REVENUE: 98_765_432_150}}


async def test_a_target_above_a_days_maximum_is_a_months(
    team: tuple[Path, dict[str, int]],
) -> None:
    """150,000 cold calls a month is accepted (a day stops at 100,000); 4,000,000 is not."""
    path, ids = team
    async with running(path) as session:
        app, pilot, _repo = session
        await open_plans(session)
        await go_to(session, 1, COLD_CALLS_COLUMN)
        await pilot.press(*"150000", "enter", "shift+tab", *"4000000", "enter")
        assert message_of(app).has_class("error")
        assert "Cold calls: 4,000,000 is more than 3,100,000" in str(message_of(app).content)
    assert stored_plans(path, NOVEMBER) == {ids["Boris"]: {"cold_calls": 150_000}}


async def test_delete_clears_targets_and_an_empty_plan_goes(
    team: tuple[Path, dict[str, int]],
) -> None:
    """Del clears one target; clearing the last one removes the employee's plan record."""
    path, ids = team
    set_plans(path, NOVEMBER, {ids["Anna"]: {REVENUE: 500_000_00, "cold_calls": 400}})
    async with running(path) as session:
        app, pilot, _repo = session
        await open_plans(session)
        assert cell(app, 0, REVENUE_COLUMN) == "500,000"
        await pilot.press("delete")
        assert cell(app, 0, REVENUE_COLUMN) == "·"
        assert targets_in(session[2], NOVEMBER) == {ids["Anna"]: {"cold_calls": 400}}
        await pilot.press("right", "delete")
        assert "○ no plan: 3" in line_of(app, "#month-line")
    assert stored_plans(path, NOVEMBER) == {}


async def test_backspace_edits_a_stored_amount(team: tuple[Path, dict[str, int]]) -> None:
    """Backspace starts from the stored amount as it is typed and drops its last digit."""
    path, ids = team
    set_plans(path, NOVEMBER, {ids["Anna"]: {REVENUE: 1_234_567_00}})
    async with running(path) as session:
        app, pilot, _repo = session
        await open_plans(session)
        await pilot.press("backspace")
        assert cell(app, 0, REVENUE_COLUMN).startswith("123456")
        await pilot.press("enter")
        assert not message_of(app).has_class("error")
    assert stored_plans(path, NOVEMBER) == {ids["Anna"]: {REVENUE: 123_456_00}}


@pytest.mark.parametrize(
    ("column", "text", "field", "why"),
    [
        (REVENUE_COLUMN, "12abc", "Revenue", "is not an amount"),
        (REVENUE_COLUMN, "-5", "Revenue", "below zero"),
        (COLD_CALLS_COLUMN, "12abc", "Cold calls", "not a whole number"),
        (COLD_CALLS_COLUMN, "-5", "Cold calls", "below zero"),
    ],
)
async def test_bad_values_are_refused_naming_the_field(
    team: tuple[Path, dict[str, int]], column: int, text: str, field: str, why: str
) -> None:
    """A bad value shows one line naming the field; the stored plan stays as it was."""
    path, ids = team
    before = {ids["Anna"]: {REVENUE: 700_000_00, "cold_calls": 1000}}
    set_plans(path, NOVEMBER, before)
    async with running(path) as session:
        app, pilot, _repo = session
        await open_plans(session)
        await go_to(session, 0, column)
        # "c" is the copy key: typed after digits it first tries to save them, and is refused.
        await pilot.press(*typed(text), "enter")
        message = message_of(app)
        assert message.has_class("error")
        content = str(message.content)
        assert content.startswith(f"{field}: ") and why in content, content
        assert "\n" not in content
        assert grid_of(app).cursor_coordinate == Coordinate(0, column)  # kept for correcting
        assert targets_in(session[2], NOVEMBER) == before
        # Escape drops the typed text: the stored value shows again and the hint is back.
        await pilot.press("escape")
        assert isinstance(app.screen, PlansScreen)
        assert not message.has_class("error")
        assert cell(app, 0, column) == ("700,000" if column == REVENUE_COLUMN else "1,000")
    assert stored_plans(path, NOVEMBER) == before


async def test_month_keys_show_each_months_stored_plans(
    team: tuple[Path, dict[str, int]],
) -> None:
    """[, ], t and g change the month; the grid shows that month's plans and who worked then."""
    path, ids = team
    set_plans(path, OCTOBER, {ids["Dana"]: {"meetings": 40}, ids["Boris"]: {REVENUE: 9_00}})
    set_plans(path, NOVEMBER, {ids["Anna"]: {"meetings": 50}})
    async with running(path) as session:
        app, pilot, _repo = session
        screen = await open_plans(session)
        meetings = 1 + 1 + [m.code for m in session[2].settings().funnel].index("meetings")
        steps: list[tuple[Sequence[str], date, dict[str, str]]] = [
            (["left_square_bracket"], date(2026, 10, 1), {"Dana": "40", "Anna": "·"}),
            (["right_square_bracket"] * 2, date(2026, 12, 1), {"Anna": "·"}),
            (["t"], date(2026, 11, 1), {"Anna": "50", "Boris": "·"}),
            (["g", "ctrl+a", "ctrl+k", *"10.2026", "enter"], date(2026, 10, 1), {"Dana": "40"}),
        ]
        for keys, month, shown in steps:
            await pilot.press(*keys)
            assert app.screen is screen
            assert screen.month == month
            for first, text in shown.items():
                assert cell(app, row_of(app, ids[first]), meetings) == text, (month, first)
        # Dana left on 30 October: in October's grid, in no later month's.
        assert cell(app, row_of(app, ids["Boris"]), REVENUE_COLUMN) == "9"
        assert "October 2026 · 22 working days" in line_of(app, "#month-line")
        await pilot.press("right_square_bracket")
        assert str(ids["Dana"]) not in [str(k.value) for k in grid_of(app).rows]


async def test_month_prompt_refuses_a_bad_month(team: tuple[Path, dict[str, int]]) -> None:
    """A month that is not one keeps the prompt open with an error naming Month; Esc keeps it."""
    path, _ids = team
    async with running(path) as session:
        app, pilot, _repo = session
        screen = await open_plans(session)
        await pilot.press("g", "ctrl+a", "ctrl+k", *"13.2026", "enter")
        prompt = app.screen
        assert isinstance(prompt, Prompt)
        error = prompt.query_one("#prompt-error", Static)
        assert error.has_class("error") and "Month: '13.2026'" in str(error.content)
        await pilot.press("escape")
        assert app.screen is screen and screen.month == date(2026, 11, 1)


async def test_a_digit_typed_before_a_month_key_is_saved_to_its_month(
    team: tuple[Path, dict[str, int]],
) -> None:
    """Digits left in a cell are saved to the month they were typed in when the month changes."""
    path, ids = team
    async with running(path) as session:
        _app, pilot, _repo = session
        await open_plans(session)
        await pilot.press("right", *"80", "right_square_bracket")
    assert stored_plans(path, NOVEMBER) == {ids["Anna"]: {"cold_calls": 80}}
    assert stored_plans(path, DECEMBER) == {}


async def test_c_copies_last_month_into_an_empty_month(
    team: tuple[Path, dict[str, int]],
) -> None:
    """c fills an empty month with last month's plans of the people employed in it, once."""
    path, ids = team
    november = {
        ids["Anna"]: {REVENUE: 1_234_567_50, "cold_calls": 1260, "meetings": 60},
        ids["Boris"]: {REVENUE: 800_000_00},
    }
    set_plans(path, NOVEMBER, november)
    repo = Repository.open(path)
    try:  # Boris leaves at the end of November: December has no place for his plan.
        boris = next(e for e in repo.employees() if e.id == ids["Boris"])
        repo.update_employee(replace(boris, left=date(2026, 11, 30)))
    finally:
        repo.close()
    async with running(path) as session:
        app, pilot, _repo = session
        screen = await open_plans(session)
        await pilot.press("right_square_bracket")
        assert screen.month == date(2026, 12, 1)
        assert str(message_of(app).content) == (
            "No plans for December 2026 yet · c copies November 2026 into it"
        )
        await pilot.press("c")
        assert str(message_of(app).content) == (
            "Copied November 2026 → December 2026: the plans of 1 employee"
        )
        assert cell(app, row_of(app, ids["Anna"]), REVENUE_COLUMN) == "1,234,567.50"
        # A month with plans is never overwritten.
        await pilot.press("left_square_bracket", "c")
        assert "November 2026 already has plans" in str(message_of(app).content)
        # Nothing to copy from a month without plans.
        await pilot.press("left_square_bracket", "c")
        assert str(message_of(app).content) == (
            "September 2026 has no plans of the people employed in October 2026"
        )
    assert stored_plans(path, DECEMBER) == {ids["Anna"]: november[ids["Anna"]]}
    assert stored_plans(path, NOVEMBER) == november
    assert stored_plans(path, OCTOBER) == {}


async def test_plans_in_russian_take_russian_amounts(team: tuple[Path, dict[str, int]]) -> None:
    """In Russian the grid shows 1 234 567,50 and the error names «Выручка»."""
    path, ids = team
    set_language("ru")
    async with running(path, NARROW) as session:
        app, pilot, _repo = session
        await pilot.press("ctrl+p", *"Планы")
        await pilot.pause()
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, PlansScreen))
        await pilot.press(*typed("1 234 567,50"), "enter")
        assert cell(app, 0, REVENUE_COLUMN) == "1\u00a0234\u00a0567,50"
        await pilot.press("shift+tab", *"1x", "enter")
        assert str(message_of(app).content).startswith("Выручка: '1x'")
        assert line_of(app, "#month-line").startswith("Ноябрь 2026, текущий · 21 рабочий день")
    assert stored_plans(path, NOVEMBER) == {ids["Anna"]: {REVENUE: 123_456_750}}


# -- the daily norm in Daily metrics ----------------------------------------------------------


async def test_metrics_show_the_norm_and_mark_numbers_below_it(
    team: tuple[Path, dict[str, int]],
) -> None:
    """With plans, a number below plan ÷ 21 is marked ↓; the norm line follows the cursor."""
    path, ids = team
    # 420 calls ÷ 21 days = 20 a day for Anna; Boris 100 ÷ 21 ≈ 4.8; Clara has no plan.
    set_plans(path, NOVEMBER, {ids["Anna"]: {"cold_calls": 420}, ids["Boris"]: {"cold_calls": 100}})
    repo = Repository.open(path)
    try:
        for first, calls in (("Anna", 15), ("Boris", 5), ("Clara", 3)):
            repo.set_count(ids[first], LAST_DAY, "cold_calls", calls)
    finally:
        repo.close()
    async with running(path) as session:
        app, pilot, _repo = session
        await pilot.press("1")
        assert isinstance(app.screen, MetricsScreen)
        column = 1  # in Daily metrics cold calls is the first number column
        assert cell(app, row_of(app, ids["Anna"]), column) == f"15{BELOW}"
        assert cell(app, row_of(app, ids["Boris"]), column) == "5"  # 5 ≥ 4.76
        assert cell(app, row_of(app, ids["Clara"]), column) == "3"  # no plan, no norm
        assert "↓ below norm: 1" in line_of(app, "#day-line")
        norms = app.screen.query_one("#norms", TotalsRow)
        assert norms.display

        def norm_line() -> list[str]:
            return [str(c).strip() for c in norms.get_row("total")]

        assert norm_line()[:2] == ["Norm: Anna P.", "20"]
        await pilot.press("down")
        assert norm_line()[:2] == ["Norm: Boris O.", "4.8"]
        await pilot.press("down")
        assert norm_line()[:2] == ["Norm: Clara S.", "·"]
        # Typing a number at or above the norm takes the marker away.
        await pilot.press("up", "up", *"20", "enter")
        assert cell(app, row_of(app, ids["Anna"]), column) == "20"
        assert "↓ below norm: 0" in line_of(app, "#day-line")
        # Today's numbers are not due yet: nothing is marked below the norm.
        await pilot.press("t")
        await go_to(session, row_of(app, ids["Anna"]), column)
        await pilot.press("1", "enter")
        assert cell(app, row_of(app, ids["Anna"]), column) == "1"
        assert "below norm" not in line_of(app, "#day-line")


async def test_metrics_without_plans_show_no_norms(team: tuple[Path, dict[str, int]]) -> None:
    """A month without plans shows plain numbers and no norm line."""
    path, ids = team
    repo = Repository.open(path)
    try:
        repo.set_count(ids["Anna"], LAST_DAY, "cold_calls", 1)
    finally:
        repo.close()
    async with running(path) as session:
        app, pilot, _repo = session
        await pilot.press("1")
        assert cell(app, row_of(app, ids["Anna"]), 1) == "1"
        assert not app.screen.query_one("#norms", TotalsRow).display
        assert "norm" not in line_of(app, "#day-line")
        await pilot.press("escape")
        assert isinstance(app.screen, TodayScreen)
