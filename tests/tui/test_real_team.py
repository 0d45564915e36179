"""Pilot tests with a real-sized team: 20 people at 80×24, long names, odd dates, Today's panels."""

from __future__ import annotations

import re
import shutil
from collections.abc import Mapping
from datetime import date
from pathlib import Path

import pytest
from rich.cells import cell_len
from textual.coordinate import Coordinate
from textual.geometry import Region
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import DataTable, Footer, Static
from textual.widgets.data_table import ColumnKey

from salestui.analytics.reporting import FULL, NONE, PARTIAL, report_status, roster
from salestui.demo import create_demo
from salestui.i18n import fmt_int, set_language, tr
from salestui.models import Employee
from salestui.store import Repository
from salestui.tui.app import SalesApp
from salestui.tui.screens.employee_form import EmployeeForm
from salestui.tui.screens.metrics import MetricsScreen
from salestui.tui.screens.team import TeamScreen
from salestui.tui.screens.today import TodayScreen
from salestui.tui.widgets.metrics_grid import BELOW, CURSOR, MARKERS, MetricsGrid
from salestui.tui.widgets.totals_row import TotalsRow
from tests.conftest import TODAY
from tests.tui.session import NARROW, WIDE, running, wait_until

# TODAY is a Thursday; the grid opens on the last working day, Wednesday.
LAST_DAY = date(2026, 11, 25)
FRIDAY = date(2026, 11, 20)
SATURDAY = date(2026, 11, 21)
TEAM_SIZE = 20
VOWELS = frozenset("aeiouyаеёиоуыэюя")

# -- fixtures and helpers ------------------------------------------------------------------


@pytest.fixture(scope="module")
def team_template(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Seeded 20-person demo databases (3 months) in English and Russian, built once."""
    root = tmp_path_factory.mktemp("team20")
    paths = {}
    try:
        for lang in ("en", "ru"):
            set_language(lang)
            path = root / lang
            create_demo(
                path, seed=7, employees=TEAM_SIZE, months=3, today=TODAY, lang=lang, force=False
            )
            paths[lang] = path
    finally:
        set_language("en")
    return paths


def private_copy(template: Mapping[str, Path], lang: str, tmp_path: Path) -> Path:
    """Copy a template database so a test may change it."""
    path = tmp_path / f"team-{lang}"
    shutil.copytree(template[lang], path)
    return path


@pytest.fixture
def team_path(team_template: dict[str, Path], tmp_path: Path) -> Path:
    """A private copy of the English 20-person demo."""
    return private_copy(team_template, "en", tmp_path)


@pytest.fixture
def team_path_ru(team_template: dict[str, Path], tmp_path: Path) -> Path:
    """A private copy of the Russian 20-person demo."""
    return private_copy(team_template, "ru", tmp_path)


async def open_metrics(pilot: Pilot[None], app: SalesApp) -> MetricsScreen:
    """Open the Metrics screen from Today."""
    await pilot.press("1")
    assert isinstance(app.screen, MetricsScreen)
    return app.screen


def front(app: SalesApp) -> Screen[object]:
    """Return the screen in front now (whatever an earlier isinstance check said)."""
    return app.screen


async def sales_alerts_read(pilot: Pilot[None], app: SalesApp) -> None:
    """Wait until Today has read its sales alerts: they join right after the first frame."""
    screen = app.screen
    assert isinstance(screen, TodayScreen)
    await wait_until(pilot, lambda: screen.sales_ready)


def grid_of(app: SalesApp) -> MetricsGrid:
    """Return the grid of the Metrics screen."""
    assert isinstance(app.screen, MetricsScreen), type(app.screen).__name__
    return app.screen.query_one("#grid", MetricsGrid)


def text_of(app: SalesApp, selector: str) -> str:
    """Return the text of a Static on the current screen."""
    return str(app.screen.query_one(selector, Static).content)


def rendered(widget: Widget) -> list[str]:
    """Return the lines a widget draws on the terminal, trailing blanks removed."""
    # The outer size: the lines are drawn with the padding, and the content size would cut
    # off as many cells on the right as the padding takes on the left.
    crop = Region(0, 0, widget.outer_size.width, widget.outer_size.height)
    return [strip.text.rstrip() for strip in widget.render_lines(crop)]


def in_sight(app: SalesApp, widget: Widget) -> bool:
    """Tell whether a widget is drawn inside the screen and is what the user sees there."""
    region = widget.region
    if not region or not app.screen.region.contains_region(region):
        return False
    return all(
        app.screen.get_widget_at(x, region.y)[0] is widget for x in (region.x, region.right - 1)
    )


def parse_cell(text: str) -> int | None:
    """Turn a grid cell's text back into a number (the dot means not entered)."""
    cleaned = text.replace(",", "").replace("\u00a0", "").replace(BELOW, "").strip()
    return None if cleaned in ("", "·") else int(cleaned)


def codes(repo: Repository) -> list[str]:
    """Return the funnel's metric codes in grid column order."""
    return list(repo.settings().metric_codes())


def label_of(repo: Repository, code: str) -> str:
    """Return a metric's label in the current language."""
    return next(m.label() for m in repo.settings().funnel if m.code == code)


def store_totals(repo: Repository, day: date) -> dict[str, int | None]:
    """Return the column sums of everything stored for a day (None: nobody entered it)."""
    records = repo.metrics_on(day).values()
    totals: dict[str, int | None] = {}
    for code in codes(repo):
        column = [r.counts[code] for r in records if code in r.counts]
        totals[code] = sum(column) if column else None
    return totals


def shown_totals(app: SalesApp, repo: Repository) -> dict[str, int | None]:
    """Return the numbers of the TOTAL line under the grid, by metric code."""
    cells = app.screen.query_one("#totals", TotalsRow).get_row("total")
    assert str(cells[0]) == tr("grid.total")
    return {code: parse_cell(str(c)) for code, c in zip(codes(repo), cells[1:], strict=True)}


def stored(repo: Repository, employee_id: int, day: date) -> dict[str, int]:
    """Return the counts stored for one employee and day ({} if none)."""
    record = repo.metrics_for(employee_id, day)
    return {} if record is None else dict(record.counts)


def grid_ids(app: SalesApp) -> list[int]:
    """Return the employee ids of the grid's rows, top to bottom."""
    return [int(str(row.key.value)) for row in grid_of(app).ordered_rows]


def name_cell(app: SalesApp, employee_id: int) -> str:
    """Return the name cell of an employee's grid row (status marker included)."""
    return str(grid_of(app).get_row(str(employee_id))[0])


def row_values(app: SalesApp, repo: Repository, employee_id: int) -> dict[str, int]:
    """Return the numbers an employee's grid row shows, by metric code."""
    cells = grid_of(app).get_row(str(employee_id))[1:]
    values = {c: parse_cell(str(cell)) for c, cell in zip(codes(repo), cells, strict=True)}
    return {c: v for c, v in values.items() if v is not None}


def cursor_employee(app: SalesApp) -> int:
    """Return the id of the employee whose row holds the grid cursor."""
    grid = grid_of(app)
    return int(str(grid.coordinate_to_cell_key(grid.cursor_coordinate).row_key.value))


def statuses(repo: Repository, day: date) -> dict[int, str]:
    """Return each employee expected on a day with FULL, PARTIAL or NONE, from the store."""
    entered = repo.metrics_on(day)
    funnel = codes(repo)
    return {
        e.id: report_status(entered[e.id].counts if e.id in entered else None, funnel)
        for e in repo.employees()
        if e.employed_on(day)
    }


def with_status(repo: Repository, day: date, status: str) -> list[Employee]:
    """Return the employees expected on a (working) day whose report has a status."""
    found = statuses(repo, day)
    return [e for e in repo.employees() if found.get(e.id) == status]


async def add_in_team(pilot: Pilot[None], app: SalesApp, name: str, hired: str) -> None:
    """Add an employee through the Team screen's form (from any screen but the grid)."""
    await pilot.press("alt+9", "a")
    assert isinstance(app.screen, EmployeeForm)
    await pilot.press(*name, "tab", "tab", *hired, "enter")
    assert isinstance(app.screen, TeamScreen), "the form was not accepted"


# -- the grid with 20 people at 80×24 --------------------------------------------------------


async def test_totals_stay_in_sight_with_twenty_employees(team_path: Path) -> None:
    """At 80×24 the TOTAL line stays on screen while the cursor goes to the last row and types."""
    async with running(team_path, NARROW) as (app, pilot, repo):
        await open_metrics(pilot, app)
        grid = grid_of(app)
        totals = app.screen.query_one("#totals", TotalsRow)
        assert grid.row_count == len(roster(repo.employees(), LAST_DAY, repo.metrics_on(LAST_DAY)))
        assert grid.row_count >= TEAM_SIZE
        assert in_sight(app, totals)
        assert shown_totals(app, repo) == store_totals(repo, LAST_DAY)
        await pilot.press("ctrl+end")  # the grid's key for the last row
        last = grid.row_count - 1
        assert grid.cursor_coordinate == Coordinate(last, 1)
        assert grid.scroll_y > 0, "20 rows do not fit in 24 lines: the grid scrolls"
        assert in_sight(app, totals)
        employee = cursor_employee(app)
        await pilot.press("4", "3", "2", "tab")
        assert stored(repo, employee, LAST_DAY)["cold_calls"] == 432
        assert grid.cursor_coordinate == Coordinate(last, 2)
        assert in_sight(app, totals)
        assert shown_totals(app, repo) == store_totals(repo, LAST_DAY)


async def test_totals_sit_right_under_the_last_row(demo_path: Path) -> None:
    """With 8 employees at 120×40 the TOTAL line follows the last grid row with no gap."""
    async with running(demo_path, WIDE) as (app, pilot, repo):
        await open_metrics(pilot, app)
        grid = grid_of(app)
        totals = app.screen.query_one("#totals", TotalsRow)
        assert grid.row_count == len(roster(repo.employees(), LAST_DAY, repo.metrics_on(LAST_DAY)))
        last_row_y = grid.region.y + grid.header_height + grid.row_count - 1
        assert grid.region.bottom == last_row_y + 1
        assert totals.region.y == last_row_y + 1
        assert in_sight(app, totals)


@pytest.mark.parametrize("lang", ["en", "ru"])
async def test_column_labels_fit_and_break_between_syllables(
    team_template: dict[str, Path], tmp_path: Path, lang: str
) -> None:
    """At 80 columns every header line fits its column; no hyphen splits a consonant and vowel."""
    path = private_copy(team_template, lang, tmp_path)
    set_language(lang)
    async with running(path, NARROW) as (app, pilot, repo):
        await open_metrics(pilot, app)
        grid = grid_of(app)
        for metric in repo.settings().funnel:
            column = grid.columns[ColumnKey(metric.code)]
            lines = str(column.label).split("\n")
            assert len(lines) <= grid.header_height, lines
            for line in lines:
                assert cell_len(line) <= column.width, (line, column.width)
            for line, after in zip(lines, lines[1:], strict=False):
                if line.endswith("-"):
                    split_syllable = line[-2].isalpha() and line[-2].casefold() not in VOWELS
                    assert not (split_syllable and after[0].casefold() in VOWELS), lines
            # The label still reads whole: its own words (or its short form), nothing cut off.
            joined = ""
            for line in lines:
                joined += line[:-1] if line.endswith("-") else line + " "
            assert joined.strip() in (metric.label(), metric.short()), lines


@pytest.mark.parametrize(
    ("lang", "added"),
    [
        (
            "en",
            (
                "Константинопольский Константин",
                "Oliver Jackson",
                "Alexandrina Johnston",
                "Alexandrina Jackson",
            ),
        ),
        ("ru", ("Константинопольский Константин", "Константинопольский Кирилл")),
    ],
)
async def test_long_names_keep_first_word_and_initial(
    team_template: dict[str, Path], tmp_path: Path, lang: str, added: tuple[str, ...]
) -> None:
    """Long names shrink to "First… I." within the column, and two people never look alike."""
    path = private_copy(team_template, lang, tmp_path)
    set_language(lang)
    repo = Repository.open(path)
    try:
        if lang == "en":
            assert repo.find_employee("Oliver Johnson") is not None
        ids = {repo.add_employee(Employee(n, hired=date(2026, 11, 2))).id: n for n in added}
    finally:
        repo.close()
    async with running(path, NARROW) as (app, pilot, _repo):
        await open_metrics(pilot, app)
        grid = grid_of(app)
        width = grid.columns[ColumnKey("name")].width
        cells = [name_cell(app, i) for i in grid_ids(app)]
        for cell in cells:
            assert cell[:2] in MARKERS.values(), cell
            assert cell_len(cell) <= width, (cell, width)
        shown = [cell[2:] for cell in cells]
        assert len(set(shown)) == len(shown), "two people show the same name"
        for employee_id, name in ids.items():
            short = name_cell(app, employee_id)[2:]
            if short == name:
                continue
            first, *_, last = name.split()
            short_first, *_, short_last = short.split()
            # The first word stays recognisable: at least four of its letters.
            head = short_first.removesuffix("…")
            assert len(head) >= 4 and first.startswith(head), short
            # The last word shrinks to its initial (more letters only to tell namesakes apart).
            assert short_last.endswith(".") and last.startswith(short_last[:-1]), short
            assert short_last[0] == last[0], short
        if lang == "en":
            kostya = next(i for i, n in ids.items() if n.startswith("Конст"))
            assert name_cell(app, kostya)[2:].endswith(" К.")


# -- typing a value longer than the cell ---------------------------------------------------


async def test_long_value_shows_its_tail_and_the_error_names_the_metric(team_path: Path) -> None:
    """Nine digits show their tail and the cursor mark; Tab refuses them naming the metric."""
    async with running(team_path, NARROW) as (app, pilot, repo):
        screen = await open_metrics(pilot, app)
        grid = grid_of(app)
        employee = cursor_employee(app)
        before = stored(repo, employee, LAST_DAY)
        width = grid.columns[ColumnKey("cold_calls")].width
        assert width < 10, "the test needs a cell narrower than nine digits and the cursor"
        await pilot.press(*"123456789")
        cell = str(grid.get_cell_at(Coordinate(0, 1)))
        assert cell.endswith("6789" + CURSOR), cell
        assert "1234" not in cell, cell
        assert cell_len(cell) <= width
        await pilot.press("tab")
        message = screen.query_one("#message", Static)
        await wait_until(pilot, lambda: message.has_class("error"))
        assert message.has_class("error")
        assert label_of(repo, "cold_calls") in str(message.content)
        assert grid.cursor_coordinate == Coordinate(0, 1)
        assert stored(repo, employee, LAST_DAY) == before


async def test_refused_long_value_stays_in_the_cell_for_correction(team_path: Path) -> None:
    """A refused nine-digit value stays in its cell; Backspace ×4 and Tab save the rest."""
    async with running(team_path, NARROW) as (app, pilot, repo):
        screen = await open_metrics(pilot, app)
        grid = grid_of(app)
        employee = cursor_employee(app)
        await pilot.press(*"123456789", "tab")
        message = screen.query_one("#message", Static)
        await wait_until(pilot, lambda: message.has_class("error"))
        await pilot.pause()
        assert grid.cursor_coordinate == Coordinate(0, 1)
        assert str(grid.get_cell_at(Coordinate(0, 1))).endswith("6789" + CURSOR)
        await pilot.press(*["backspace"] * 4, "tab")
        assert stored(repo, employee, LAST_DAY)["cold_calls"] == 12345
        assert grid.cursor_coordinate == Coordinate(0, 2)
        assert not message.has_class("error")


# -- unusual dates -------------------------------------------------------------------------


async def test_day_off_and_future_dates_save_with_a_warning(team_path: Path) -> None:
    """Numbers typed on a Saturday or a future date are saved, with a warning on the hint line."""
    async with running(team_path, NARROW) as (app, pilot, repo):
        screen = await open_metrics(pilot, app)
        message = screen.query_one("#message", Static)
        await pilot.press("g", *"21.11.2026", "enter")
        assert app.screen is screen and screen.day == SATURDAY
        employee = cursor_employee(app)
        await pilot.press("7", "tab")
        assert stored(repo, employee, SATURDAY)["cold_calls"] == 7
        assert "day off" in str(message.content)
        assert message.has_class("warning")
        await pilot.press("t", "right_square_bracket")
        future = date(2026, 11, 27)
        assert screen.day == future
        employee = cursor_employee(app)
        code = codes(repo)[grid_of(app).cursor_coordinate.column - 1]
        await pilot.press("8", "tab")
        assert stored(repo, employee, future)[code] == 8
        assert "future" in str(message.content)
        assert message.has_class("warning")


async def test_hired_today_is_not_expected_for_yesterday(team_path: Path) -> None:
    """Someone hired today is not a non-reporter for the last working day, nor one of its rows."""
    async with running(team_path, NARROW) as (app, pilot, repo):
        await add_in_team(pilot, app, "Zoe New", "t")
        newcomer = repo.find_employee("Zoe New")
        assert newcomer is not None and newcomer.hired == TODAY
        await pilot.press("0", "n")
        assert isinstance(app.screen, TodayScreen)
        missing = with_status(repo, LAST_DAY, NONE)
        expected = statuses(repo, LAST_DAY)
        assert len(expected) == TEAM_SIZE
        alerts = text_of(app, "#alerts")
        assert f"{len(missing)} of {len(expected)} sent nothing" in alerts
        assert all(e.name in alerts for e in missing)
        assert newcomer.name not in alerts
        await open_metrics(pilot, app)
        assert newcomer.id not in grid_ids(app)
        assert f"not reported: {len(missing)}" in text_of(app, "#day-line")


async def test_hired_two_days_ago_has_no_earlier_row_but_is_expected(team_path: Path) -> None:
    """Someone hired on the 24th has no row on the 20th but is a non-reporter on the 25th."""
    repo = Repository.open(team_path)
    try:
        recent = repo.add_employee(Employee("Yan Recent", hired=date(2026, 11, 24)))
    finally:
        repo.close()
    async with running(team_path, NARROW) as (app, pilot, repo):
        missing = with_status(repo, LAST_DAY, NONE)
        assert recent in missing
        screen = await open_metrics(pilot, app)
        assert recent.id in grid_ids(app)
        assert name_cell(app, recent.id).startswith(MARKERS[NONE])
        assert f"not reported: {len(missing)}" in text_of(app, "#day-line")
        await pilot.press("g", *"20.11", "enter")
        assert front(app) is screen and screen.day == FRIDAY
        assert stored(repo, recent.id, FRIDAY) == {}
        assert recent.id not in grid_ids(app)
        await pilot.press("alt+0")
        assert isinstance(app.screen, TodayScreen)
        assert f"{len(missing)} of {TEAM_SIZE + 1} sent nothing" in text_of(app, "#alerts")


async def test_leave_date_keeps_that_day_and_its_totals(team_path: Path) -> None:
    """Leaving on the 20th keeps the row and numbers in that day's grid; its TOTAL is the sum."""
    repo = Repository.open(team_path)
    try:
        entered = repo.metrics_on(FRIDAY)
        leaver = next(e for e in repo.employees() if e.left is None and e.id in entered)
        numbers = dict(entered[leaver.id].counts)
    finally:
        repo.close()
    async with running(team_path, NARROW) as (app, pilot, repo):
        await pilot.press("9")
        assert isinstance(app.screen, TeamScreen)
        table = app.screen.query_one("#team", DataTable)
        table.move_cursor(row=table.get_row_index(str(leaver.id)))
        await pilot.press("x", *"20.11", "enter")
        assert isinstance(app.screen, TeamScreen)
        saved = repo.get(Employee, leaver.id)
        assert saved is not None and saved.left == FRIDAY
        screen = await open_metrics(pilot, app)
        await pilot.press("g", *"20.11", "enter")
        assert front(app) is screen and screen.day == FRIDAY
        assert leaver.id in grid_ids(app)
        assert row_values(app, repo, leaver.id) == numbers == stored(repo, leaver.id, FRIDAY)
        assert shown_totals(app, repo) == store_totals(repo, FRIDAY)


# -- coming back, partial rows -------------------------------------------------------------


async def test_back_from_team_shows_last_working_day_and_the_hint(team_path: Path) -> None:
    """Leaving the grid on another day with an error and coming back shows the last day, hint."""
    async with running(team_path, NARROW) as (app, pilot, repo):
        screen = await open_metrics(pilot, app)
        await pilot.press("left_square_bracket", "left_square_bracket")
        monday = date(2026, 11, 23)
        assert screen.day == monday
        employee = cursor_employee(app)
        before = stored(repo, employee, monday)
        message = screen.query_one("#message", Static)
        await pilot.press("1", "x", "tab")
        assert message.has_class("error")
        await pilot.press("alt+9")
        assert isinstance(app.screen, TeamScreen)
        await pilot.press("1")
        assert front(app) is screen
        assert screen.day == LAST_DAY
        assert "2026-11-25" in text_of(app, "#day-line")
        assert str(message.content) == tr("metrics.hint")
        assert not message.has_class("error") and not message.has_class("warning")
        assert shown_totals(app, repo) == store_totals(repo, LAST_DAY)
        assert stored(repo, employee, monday) == before


async def test_row_markers_and_day_line_match_the_store(team_path: Path) -> None:
    """Partial reporters' rows start with ◐, silent ones with ○; the day line counts them."""
    async with running(team_path, NARROW) as (app, pilot, repo):
        await open_metrics(pilot, app)
        found = statuses(repo, LAST_DAY)
        partial = [i for i, s in found.items() if s == PARTIAL]
        missing = [i for i, s in found.items() if s == NONE]
        assert partial and len(missing) >= 5
        for employee_id in grid_ids(app):
            cell = name_cell(app, employee_id)
            status = found.get(employee_id, FULL)
            assert cell.startswith(MARKERS[status]), (cell, status)
        assert name_cell(app, partial[0]).startswith("◐")
        assert all(name_cell(app, i).startswith("○") for i in missing)
        line = text_of(app, "#day-line")
        assert f"not reported: {len(missing)}" in line
        assert f"partial: {len(partial)}" in line


# -- Today with 20 people ------------------------------------------------------------------


async def test_today_alert_is_one_line_and_n_shows_the_names(team_path: Path) -> None:
    """At 80×24 the non-reporter alert is one line with "n: names"; n lists them; counts stay."""
    async with running(team_path, NARROW) as (app, pilot, repo):
        missing = with_status(repo, LAST_DAY, NONE)
        partial = with_status(repo, LAST_DAY, PARTIAL)
        full = with_status(repo, LAST_DAY, FULL)
        assert len(missing) >= 5 and partial
        await sales_alerts_read(pilot, app)
        alerts = app.screen.query_one("#alerts", Static)
        assert in_sight(app, alerts)
        said = str(alerts.content).splitlines()
        lines = [line.strip() for line in rendered(alerts) if line.strip()]
        assert lines == said, lines  # one line per alert: nothing wrapped, nothing cut
        first, second, *sales = lines
        assert first.startswith(f"• {len(missing)} of {TEAM_SIZE} sent nothing")
        assert "n: names" in first
        assert second.startswith("• 1 sent only part")
        # The sales alerts follow, each led by the key of its screen.
        assert sales and all(line.startswith(("• [2] ", "• [3] ")) for line in sales), sales
        assert not any(e.name in first for e in missing)
        await pilot.press("n")
        assert all(e.name in str(alerts.content) for e in missing)
        # With the names the alerts grow, and still all fit on the screen above the footer.
        assert in_sight(app, alerts)
        bottom = alerts.region.bottom - 1
        assert app.screen.get_widget_at(alerts.region.x, bottom)[0] is alerts  # not the footer
        assert rendered(alerts)[-1].strip() == sales[-1]
        # "Sent" counts everyone who sent anything; the partial ones are among them.
        counts = f"{len(full) + len(partial)}/{TEAM_SIZE} sent, {len(partial)} partial"
        table = app.screen.query_one("#checklist", DataTable)
        assert counts in str(table.get_row("metrics")[2])
        await pilot.press("space")
        status = str(table.get_row("metrics")[2])
        assert status.startswith("✓ done") and counts in status
        assert [r.routine for r in repo.routines_done(TODAY, TODAY)] == ["metrics"]


@pytest.mark.parametrize(
    "lang",
    ["en", "ru"],
)
async def test_today_alerts_stay_above_the_footer_with_the_names(
    team_template: dict[str, Path], tmp_path: Path, lang: str
) -> None:
    """At 80×24 with 20 people and the names shown (n), every alert line is on the screen."""
    path = private_copy(team_template, lang, tmp_path)
    set_language(lang)
    async with running(path, NARROW) as (app, pilot, _repo):
        await sales_alerts_read(pilot, app)
        await pilot.press("n")
        alerts = app.screen.query_one("#alerts", Static)
        last = str(alerts.content).splitlines()[-1]
        assert app.screen.max_scroll_y == 0, "Today no longer fits: it scrolls"
        bottom = alerts.region.bottom - 1
        assert app.screen.get_widget_at(alerts.region.x, bottom)[0] is alerts  # not the footer
        assert last.endswith(rendered(alerts)[-1].strip())


@pytest.mark.parametrize(
    ("lang", "size"),
    [("en", WIDE), ("en", NARROW), ("ru", NARROW)],
    ids=["en-120", "en-80", "ru-80"],
)
async def test_today_shows_yesterdays_team_totals(
    team_template: dict[str, Path], tmp_path: Path, lang: str, size: tuple[int, int]
) -> None:
    """Today's #yesterday panel holds each metric's team total for the last working day."""
    path = private_copy(team_template, lang, tmp_path)
    set_language(lang)
    repo = Repository.open(path)
    try:
        # A four-digit total, so the thousands separator shows.
        silent = next(e for e in repo.employees() if statuses(repo, LAST_DAY).get(e.id) == NONE)
        repo.set_count(silent.id, LAST_DAY, "cold_calls", 1000)
    finally:
        repo.close()
    async with running(path, size) as (app, _pilot, repo):
        totals = store_totals(repo, LAST_DAY)
        assert (totals["cold_calls"] or 0) >= 1000
        panel = app.screen.query_one("#yesterday", Static)
        lines = rendered(panel)
        funnel = repo.settings().funnel
        if size == WIDE:
            # A table: one line per metric, its label then its total.
            for metric in funnel:
                total = totals[metric.code]
                shown = "—" if total is None else fmt_int(total)
                pattern = rf"^\s*{re.escape(metric.label())}\s+{re.escape(shown)}(\s|$)"
                assert any(re.search(pattern, line) for line in lines), (metric.code, lines)
        else:
            text = str(panel.content)
            assert "\n" not in text
            assert panel.region.height == len([line for line in lines if line.strip()]) <= 2
            for metric in funnel:
                total = totals[metric.code]
                shown = "—" if total is None else fmt_int(total)
                assert f"{metric.short()} {shown}" in text, (metric.code, text)


# -- notifications -------------------------------------------------------------------------


async def check_toasts_clear_of_hint(
    app: SalesApp, pilot: Pilot[None], repo: Repository, *typed: str
) -> None:
    """Type keys, mark Metrics done with m, and check no toast covers the hint or the footer."""
    screen = await open_metrics(pilot, app)
    await pilot.press(*typed, "m")
    await wait_until(pilot, lambda: bool(screen.query("Toast")))
    assert [r.routine for r in repo.routines_done(TODAY, TODAY)] == ["metrics"]
    toasts = list(screen.query("Toast"))  # Textual keeps the class private
    assert toasts
    message = screen.query_one("#message", Static).region
    footer = screen.query_one(Footer).region
    for toast in toasts:
        assert not toast.region.overlaps(message), (toast.region, message)
        assert not toast.region.overlaps(footer), (toast.region, footer)


async def test_toasts_leave_the_hint_line_free(team_path: Path) -> None:
    """A notification on Metrics sits above the hint line and the footer, never over them."""
    async with running(team_path, NARROW, notifications=True) as (app, pilot, repo):
        await check_toasts_clear_of_hint(app, pilot, repo)


async def test_toasts_leave_a_two_line_error_free(team_path: Path) -> None:
    """A refused value's error takes two lines at 80 columns; a toast still leaves it free."""
    async with running(team_path, NARROW, notifications=True) as (app, pilot, repo):
        await check_toasts_clear_of_hint(app, pilot, repo, *"123456789", "tab")
        assert app.screen.query_one("#message", Static).region.height == 2
