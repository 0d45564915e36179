"""Pilot tests of the daily metrics grid: typing, saving, day navigation, totals."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from datetime import date
from pathlib import Path

import pytest
from rich.text import Text
from textual import events
from textual.coordinate import Coordinate
from textual.pilot import Pilot
from textual.widgets import Static

from salestui.analytics.reporting import roster
from salestui.models import Employee
from salestui.store import Repository
from salestui.tui.app import SalesApp, make_app
from salestui.tui.screens.metrics import MetricsScreen
from salestui.tui.screens.prompt import DatePrompt
from salestui.tui.screens.today import TodayScreen
from salestui.tui.widgets.metrics_grid import BELOW, MetricsGrid
from salestui.tui.widgets.totals_row import TotalsRow
from tests.conftest import TODAY
from tests.tui.session import running, wait_until

# The Metrics screen opens on the last working day before TODAY (a Thursday).
LAST_DAY = date(2026, 11, 25)
SIZE = (120, 40)
# The character a terminal sends with each named key, for posting raw key events.
CHARS = {"tab": "\t", "enter": "\r", "right_square_bracket": "]", "left_square_bracket": "["}

Session = tuple[SalesApp, Pilot[None], Repository]


@asynccontextmanager
async def metrics_screen(path: Path) -> AsyncIterator[Session]:
    """Run the app on a database folder, open Metrics, and close the store afterwards."""
    repo = Repository.open(path)
    try:
        app = make_app(repo, today=TODAY)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("1")
            assert isinstance(app.screen, MetricsScreen)
            yield app, pilot, repo
    finally:
        repo.close()


def screen_of(app: SalesApp) -> MetricsScreen:
    """Return the Metrics screen, failing if another screen is on top."""
    assert isinstance(app.screen, MetricsScreen), type(app.screen).__name__
    return app.screen


def grid_of(app: SalesApp) -> MetricsGrid:
    """Return the grid of the Metrics screen."""
    return screen_of(app).query_one("#grid", MetricsGrid)


def text_of(app: SalesApp, selector: str) -> str:
    """Return the text of a Static on the current screen."""
    return str(app.screen.query_one(selector, Static).content)


def codes(repo: Repository) -> list[str]:
    """Return the funnel's metric codes in grid column order."""
    return list(repo.settings().metric_codes())


def label_of(repo: Repository, code: str) -> str:
    """Return the English label of a metric."""
    return next(m.label() for m in repo.settings().funnel if m.code == code)


def staff_on(repo: Repository, day: date = LAST_DAY) -> list[Employee]:
    """Return the grid's rows for a day: everyone employed then, and anyone with numbers."""
    return roster(repo.employees(), day, repo.metrics_on(day))


def missing_on(repo: Repository, day: date) -> list[Employee]:
    """Return the employees employed on a day with nothing stored for it, by name."""
    reported = repo.metrics_on(day)
    return [e for e in staff_on(repo, day) if e.id not in reported]


def totals_of(app: SalesApp) -> list[Text]:
    """Return the cells of the TOTAL line pinned under the grid."""
    return screen_of(app).query_one(TotalsRow).get_row("total")


def stored(repo: Repository, employee_id: int, day: date) -> dict[str, int]:
    """Return the counts stored for one employee and day ({} if none)."""
    record = repo.metrics_for(employee_id, day)
    return {} if record is None else dict(record.counts)


def parse_cell(text: str) -> int | None:
    """Turn a grid cell's text back into a number (the dot means not entered)."""
    cleaned = text.replace(",", "").replace("\u00a0", "").replace(BELOW, "").strip()
    return None if cleaned in ("", "·") else int(cleaned)


def shown_values(app: SalesApp, repo: Repository) -> dict[int, dict[str, int]]:
    """Return the numbers the grid shows, by employee id then metric code."""
    grid, funnel = grid_of(app), codes(repo)
    result: dict[int, dict[str, int]] = {}
    for employee in staff_on(repo, screen_of(app).day or LAST_DAY):
        cells = grid.get_row(str(employee.id))
        values = {c: parse_cell(str(cell)) for c, cell in zip(funnel, cells[1:], strict=True)}
        result[employee.id] = {c: v for c, v in values.items() if v is not None}
    return result


def store_values(repo: Repository, day: date) -> dict[int, dict[str, int]]:
    """Return the numbers stored for a day for every active employee."""
    entered = repo.metrics_on(day)
    return {
        e.id: dict(entered[e.id].counts) if e.id in entered else {} for e in staff_on(repo, day)
    }


def row_keys(values: Sequence[int], separator: str = "tab") -> list[str]:
    """Return the keys that type a full row: each number's digits, then one key per cell."""
    keys: list[str] = []
    for value in values:
        keys.extend(str(value))
        keys.append(separator)
    return keys


def row_of(repo: Repository, employee_id: int) -> int:
    """Return the grid row of an employee (the day's staff ordered by name)."""
    ids = [e.id for e in staff_on(repo)]
    return ids.index(employee_id)


async def go_to(pilot: Pilot[None], app: SalesApp, row: int, column: int = 1) -> None:
    """Move the grid cursor with arrow keys."""
    grid = grid_of(app)
    here = grid.cursor_coordinate
    vertical = "down" if row > here.row else "up"
    horizontal = "right" if column > here.column else "left"
    await pilot.press(*[vertical] * abs(row - here.row), *[horizontal] * abs(column - here.column))
    assert grid.cursor_coordinate == Coordinate(row, column)


def post_burst(app: SalesApp, keys: Sequence[str]) -> None:
    """Queue key events all at once, the way a terminal delivers fast or pasted typing."""
    for key in keys:
        app.post_message(events.Key(key, CHARS.get(key, key if len(key) == 1 else None)))


async def test_opens_on_last_working_day_with_stored_values(demo_path: Path) -> None:
    """Metrics opens on the last working day and shows exactly what the store holds."""
    async with metrics_screen(demo_path) as (app, _pilot, repo):
        assert screen_of(app).day == LAST_DAY
        assert grid_of(app).cursor_coordinate == Coordinate(0, 1)
        assert shown_values(app, repo) == store_values(repo, LAST_DAY)


async def test_full_rows_typed_with_digits_and_tab_persist(demo_path: Path) -> None:
    """Three rows typed with only digits and Tab are in the database after a reopen."""
    repo = Repository.open(demo_path)
    missing = missing_on(repo, LAST_DAY)
    assert len(missing) == 2, "the demo leaves two employees without a report"
    # The demo has only two non-reporters; the third row overwrites every cell of a reporter.
    reporter = next(e for e in staff_on(repo) if e not in missing)
    before = stored(repo, reporter.id, LAST_DAY)
    repo.close()
    funnel_size = 6
    typed = {
        missing[0].id: [41, 12, 3, 2, 1, 0],
        missing[1].id: [107, 25, 9, 4, 3, 2],
        reporter.id: [333, 77, 11, 8, 6, 5],
    }
    assert all(before.get(c) != v for c, v in zip(before, typed[reporter.id], strict=True))

    async with metrics_screen(demo_path) as (app, pilot, repo):
        assert len(codes(repo)) == funnel_size
        for employee_id, values in typed.items():
            await go_to(pilot, app, row_of(repo, employee_id))
            await pilot.press(*row_keys(values))
        await pilot.press("ctrl+q")
    assert not app.is_running

    reopened = Repository.open(demo_path)
    try:
        funnel = codes(reopened)
        for employee_id, values in typed.items():
            record = reopened.metrics_for(employee_id, LAST_DAY)
            assert record is not None
            assert record.counts == dict(zip(funnel, values, strict=True))
    finally:
        reopened.close()


@pytest.mark.parametrize("separator", ["tab", "enter"])
async def test_full_row_needs_one_key_per_cell(demo_path: Path, separator: str) -> None:
    """A full row takes its digits plus exactly one key per cell, and lands on the next row."""
    async with metrics_screen(demo_path) as (app, pilot, repo):
        employee = missing_on(repo, LAST_DAY)[0]
        row = row_of(repo, employee.id)
        await go_to(pilot, app, row)
        values = [5, 40, 1, 0, 12, 3]
        keys = row_keys(values, separator)
        assert len(keys) == sum(len(str(v)) for v in values) + len(values)
        await pilot.press(*keys)
        assert stored(repo, employee.id, LAST_DAY) == dict(zip(codes(repo), values, strict=True))
        assert grid_of(app).cursor_coordinate == Coordinate(row + 1, 1)


async def test_burst_of_keys_lands_in_the_right_cells(demo_path: Path) -> None:
    """Keys queued in one burst (fast typing over SSH) still go cell by cell, row by row."""
    async with metrics_screen(demo_path) as (app, pilot, repo):
        staff = staff_on(repo)
        rows = {staff[0].id: [91, 2, 33, 4, 5, 6], staff[1].id: [7, 88, 9, 10, 11, 12]}
        keys = [k for values in rows.values() for k in row_keys(values)]
        post_burst(app, keys)
        await wait_until(pilot, lambda: grid_of(app).cursor_coordinate == Coordinate(2, 1))
        funnel = codes(repo)
        for employee_id, values in rows.items():
            assert stored(repo, employee_id, LAST_DAY) == dict(zip(funnel, values, strict=True))
        assert grid_of(app).cursor_coordinate == Coordinate(2, 1)
        assert shown_values(app, repo) == store_values(repo, LAST_DAY)


@pytest.mark.parametrize(
    ("keys", "day"),
    [
        (["right_square_bracket"], date(2026, 11, 26)),
        (["left_square_bracket"], date(2026, 11, 24)),
    ],
    ids=["next-day", "prev-day"],
)
async def test_burst_after_day_key_types_into_the_new_day(
    demo_path: Path, keys: list[str], day: date
) -> None:
    """Digits typed quickly right after a day key are entered for the new day."""
    async with metrics_screen(demo_path) as (app, pilot, repo):
        employee = missing_on(repo, LAST_DAY)[0]
        await go_to(pilot, app, row_of(repo, employee.id))
        screen = screen_of(app)
        message = screen.query_one("#message", Static)
        post_burst(app, [*keys, "7", "tab"])
        await wait_until(
            pilot,
            lambda: (
                message.has_class("error")
                or (
                    app.screen is screen
                    and screen.day == day
                    and grid_of(app).cursor_coordinate.column == 2
                )
            ),
        )
        assert app.screen is screen
        assert screen.day == day
        assert not message.has_class("error")
        assert stored(repo, employee.id, LAST_DAY) == {}
        assert stored(repo, employee.id, day).get("cold_calls") == 7


async def test_burst_after_g_never_types_into_the_old_day(demo_path: Path) -> None:
    """Keys typed right behind g go to the date dialog, never into the old day's cell."""
    async with metrics_screen(demo_path) as (app, pilot, repo):
        employee = missing_on(repo, LAST_DAY)[0]
        await go_to(pilot, app, row_of(repo, employee.id))
        screen = screen_of(app)
        post_burst(app, ["g", *"20.11.2026"])
        await wait_until(pilot, lambda: app.screen is not screen)
        await pilot.pause()
        assert stored(repo, employee.id, LAST_DAY) == {}
        assert not screen.query_one("#message", Static).has_class("error")


async def test_invalid_entry_keeps_stored_value_and_the_typed_text(demo_path: Path) -> None:
    """A letter typed into a number is refused naming the metric; the text stays to fix."""
    async with metrics_screen(demo_path) as (app, pilot, repo):
        employee = staff_on(repo)[0]
        before = stored(repo, employee.id, LAST_DAY)
        assert "cold_calls" in before
        await pilot.press("1", "x", "tab")
        assert stored(repo, employee.id, LAST_DAY) == before
        message = app.screen.query_one("#message", Static)
        assert message.has_class("error")
        assert label_of(repo, "cold_calls") in str(message.content)
        assert "1x" in str(message.content)
        grid = grid_of(app)
        assert grid.cursor_coordinate == Coordinate(0, 1)
        assert str(grid.get_cell_at(Coordinate(0, 1))).startswith("1x")  # kept for correction
        # An arrow does not leave a refused value behind: the cursor stays on it.
        await pilot.press("down")
        assert grid.cursor_coordinate == Coordinate(0, 1)
        # Fixing the typed text saves it and clears the error.
        await pilot.press("backspace", "4", "tab")
        assert stored(repo, employee.id, LAST_DAY)["cold_calls"] == 14
        assert not message.has_class("error")
        assert grid.cursor_coordinate == Coordinate(0, 2)
        # Escape drops a refused value instead, and the hint comes back.
        await pilot.press("7", "x", "tab")
        assert message.has_class("error")
        await pilot.press("escape")
        assert isinstance(app.screen, MetricsScreen)
        assert not message.has_class("error")
        assert shown_values(app, repo)[employee.id] == stored(repo, employee.id, LAST_DAY)


async def test_delete_clears_cells(demo_path: Path) -> None:
    """Delete clears one metric; clearing all six removes the day's record."""
    async with metrics_screen(demo_path) as (app, pilot, repo):
        employee = staff_on(repo)[0]
        funnel = codes(repo)
        assert set(stored(repo, employee.id, LAST_DAY)) == set(funnel)
        await pilot.press("delete")
        assert "cold_calls" not in stored(repo, employee.id, LAST_DAY)
        assert len(stored(repo, employee.id, LAST_DAY)) == len(funnel) - 1
        for _ in funnel[1:]:
            await pilot.press("right", "delete")
        assert repo.metrics_for(employee.id, LAST_DAY) is None
        assert shown_values(app, repo)[employee.id] == {}
        missing = len(missing_on(repo, LAST_DAY))
        assert f"not reported: {missing}" in text_of(app, "#day-line")


async def test_backspace_removes_a_digit(demo_path: Path) -> None:
    """Backspace starts from the stored number and drops its last digit."""
    async with metrics_screen(demo_path) as (app, pilot, repo):
        employee = staff_on(repo)[0]
        before = stored(repo, employee.id, LAST_DAY)["cold_calls"]
        assert before >= 10
        await pilot.press("backspace", "tab")
        assert stored(repo, employee.id, LAST_DAY)["cold_calls"] == before // 10
        await pilot.press("shift+tab", "5", "6", "backspace", "enter")
        assert stored(repo, employee.id, LAST_DAY)["cold_calls"] == 5


async def test_arrows_and_shift_tab_save_before_moving(demo_path: Path) -> None:
    """Leaving a cell by an arrow or Shift+Tab saves it; Shift+Tab wraps to the row above."""
    async with metrics_screen(demo_path) as (app, pilot, repo):
        first, second = staff_on(repo)[:2]
        await pilot.press("2", "1", "down")
        assert stored(repo, first.id, LAST_DAY)["cold_calls"] == 21
        assert grid_of(app).cursor_coordinate == Coordinate(1, 1)
        await pilot.press("6", "shift+tab")
        assert stored(repo, second.id, LAST_DAY)["cold_calls"] == 6
        assert grid_of(app).cursor_coordinate == Coordinate(0, len(codes(repo)))


async def test_escape_cancels_typing_without_saving(demo_path: Path) -> None:
    """Escape drops the typed digits; a second escape goes back to Today."""
    async with metrics_screen(demo_path) as (app, pilot, repo):
        employee = staff_on(repo)[0]
        before = stored(repo, employee.id, LAST_DAY)
        await pilot.press("9", "9", "escape")
        assert isinstance(app.screen, MetricsScreen)
        assert shown_values(app, repo)[employee.id] == before
        await pilot.press("right", "left", "tab")
        assert stored(repo, employee.id, LAST_DAY) == before
        await pilot.press("escape")
        assert isinstance(app.screen, TodayScreen)
    reopened = Repository.open(demo_path)
    try:
        assert stored(reopened, employee.id, LAST_DAY) == before
    finally:
        reopened.close()


async def test_day_keys_change_the_date_and_the_values(demo_path: Path) -> None:
    """[, ], t and g change the day shown, and the grid shows that day's stored numbers."""
    async with metrics_screen(demo_path) as (app, pilot, repo):
        screen = screen_of(app)
        steps: list[tuple[tuple[str, ...], date]] = [
            (("left_square_bracket",), date(2026, 11, 24)),
            (("left_square_bracket", "left_square_bracket"), date(2026, 11, 22)),
            (("right_square_bracket",), date(2026, 11, 23)),
            (("t",), TODAY),
            (("g", *"2026-11-20", "enter"), date(2026, 11, 20)),
            (("g", *"16.11.2026", "enter"), date(2026, 11, 16)),
        ]
        for keys, expected in steps:
            await pilot.press(*keys)
            assert screen_of(app) is screen
            assert screen.day == expected
            assert expected.isoformat() in text_of(app, "#day-line")
            assert shown_values(app, repo) == store_values(repo, expected)
        assert any(store_values(repo, date(2026, 11, 20)).values())
        assert not any(store_values(repo, date(2026, 11, 22)).values())


async def test_date_prompt_rejects_bad_date_and_cancels(demo_path: Path) -> None:
    """A bad date keeps the prompt open with an error; Escape leaves the day unchanged."""
    async with metrics_screen(demo_path) as (app, pilot, _repo):
        await pilot.press("g", *"31.02.2026", "enter")
        assert isinstance(app.screen, DatePrompt)
        error = app.screen.query_one("#prompt-error", Static)
        assert error.has_class("error")
        assert "31.02.2026" in str(error.content)
        await pilot.press("escape")
        assert screen_of(app).day == LAST_DAY


async def test_day_change_saves_a_pending_edit_to_its_own_day(demo_path: Path) -> None:
    """Digits typed and left unsaved are saved to the day they were typed on when it changes."""
    async with metrics_screen(demo_path) as (app, pilot, repo):
        employee = missing_on(repo, LAST_DAY)[0]
        await go_to(pilot, app, row_of(repo, employee.id))
        await pilot.press("8", "right_square_bracket")
        assert screen_of(app).day == TODAY
        assert stored(repo, employee.id, LAST_DAY) == {"cold_calls": 8}
        assert stored(repo, employee.id, TODAY) == {}


async def test_totals_row_equals_store_sums(demo_path: Path) -> None:
    """The TOTAL row is the column sum of the stored numbers, also after typing."""
    async with metrics_screen(demo_path) as (app, pilot, repo):

        def check(day: date) -> None:
            values = store_values(repo, day)
            totals = totals_of(app)
            assert str(totals[0]) == "TOTAL"
            for code, cell in zip(codes(repo), totals[1:], strict=True):
                column = [v[code] for v in values.values() if code in v]
                assert parse_cell(str(cell)) == (sum(column) if column else None), code

        check(LAST_DAY)
        employee = missing_on(repo, LAST_DAY)[0]
        await go_to(pilot, app, row_of(repo, employee.id))
        await pilot.press(*row_keys([1000, 200, 30, 4, 0, 0]))
        check(LAST_DAY)
        await pilot.press("t")
        check(TODAY)
        assert all(parse_cell(str(c)) is None for c in totals_of(app)[1:])


async def test_day_line_counts_missing_employees(demo_path: Path) -> None:
    """The day line counts employees without numbers and updates as numbers are typed."""
    async with metrics_screen(demo_path) as (app, pilot, repo):
        missing = missing_on(repo, LAST_DAY)
        assert f"not reported: {len(missing)}" in text_of(app, "#day-line")
        await go_to(pilot, app, row_of(repo, missing[0].id))
        await pilot.press("3", "tab")
        assert f"not reported: {len(missing) - 1}" in text_of(app, "#day-line")
        # Today's numbers are not owed yet: no count, and no row is marked as missing.
        await pilot.press("t")
        line = text_of(app, "#day-line")
        assert "today" in line
        assert "not reported" not in line
        names = [str(grid_of(app).get_row(str(e.id))[0]) for e in staff_on(repo, TODAY)]
        assert names and not any(name.startswith(("○", "◐")) for name in names)


async def test_long_names_are_not_cut_silently(demo_path: Path) -> None:
    """A name too long for the column is shown whole or visibly shortened with an ellipsis."""
    repo = Repository.open(demo_path)
    try:
        employee = repo.add_employee(Employee("Alexandra Montgomery", hired=LAST_DAY))
    finally:
        repo.close()
    async with metrics_screen(demo_path) as (app, _pilot, _repo):
        shown = str(grid_of(app).get_row(str(employee.id))[0])[2:]  # after the status mark
        assert shown == employee.name or shown.endswith("…")


async def test_digits_on_an_empty_team_change_nothing(tmp_path: Path) -> None:
    """With nobody in the team, arrows then a digit on the grid neither crash nor save."""
    async with running(tmp_path / "empty", create=True) as (app, pilot, repo):
        await pilot.press("1")
        assert isinstance(app.screen, MetricsScreen)
        await pilot.press("up", "right", "right", "7", "enter")
        assert isinstance(app.screen, MetricsScreen)
        assert repo.metrics_on(date(2026, 11, 25)) == {}
