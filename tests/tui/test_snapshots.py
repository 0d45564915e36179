"""Snapshot tests of every screen and dialog at 80×24 and 120×40, in English and Russian."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from salestui.i18n import set_language
from salestui.store import Repository
from salestui.tui.app import SalesApp, make_app
from salestui.tui.screens.today import TodayScreen
from tests.conftest import TODAY
from tests.tui.session import wait_until

SIZES = pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])

SnapCompare = Callable[..., bool]
AppFactory = Callable[[], SalesApp]


def open_app(path: Path) -> Iterator[SalesApp]:
    """Yield the app on a demo database with today pinned, and close the store afterwards."""
    repo = Repository.open(path)
    try:
        yield make_app(repo, today=TODAY)
    finally:
        repo.close()


@pytest.fixture
def app(demo_path: Path) -> Iterator[SalesApp]:
    """The app on the English demo database."""
    yield from open_app(demo_path)


@pytest.fixture
def app_ru(demo_path_ru: Path) -> Iterator[SalesApp]:
    """The app in Russian on the Russian demo database."""
    set_language("ru")
    yield from open_app(demo_path_ru)


def steady(*keys: str) -> Callable[[Pilot[Any]], Awaitable[None]]:
    """Return a run_before that presses keys, then stops input cursors blinking.

    First it waits for Today's sales alerts, which join right after the first frame.
    """

    async def run_before(pilot: Pilot[Any]) -> None:
        today = pilot.app.screen
        assert isinstance(today, TodayScreen)
        await wait_until(pilot, lambda: today.sales_ready)
        await pilot.press(*keys)
        for widget in pilot.app.screen.query(Input):
            widget.cursor_blink = False
        await pilot.pause()

    return run_before


def shoot(
    snap_compare: SnapCompare,
    app: SalesApp,
    size: tuple[int, int],
    keys: Sequence[str] = (),
) -> bool:
    """Compare a screenshot taken after pressing keys with the stored snapshot."""
    return snap_compare(app, terminal_size=size, run_before=steady(*keys))


class TestTodaySnapshots:
    """The Today checklist as it opens."""

    @SIZES
    def test_today(self, snap_compare: SnapCompare, app: SalesApp, size: tuple[int, int]) -> None:
        """Routines 1-3 pending, the streak, the two missing employees and the sales alerts."""
        assert shoot(snap_compare, app, size)

    @SIZES
    def test_today_ru(
        self, snap_compare: SnapCompare, app_ru: SalesApp, size: tuple[int, int]
    ) -> None:
        """The same screen in Russian."""
        assert shoot(snap_compare, app_ru, size)


class TestMetricsSnapshots:
    """The daily grid on the last working day."""

    @SIZES
    def test_metrics(self, snap_compare: SnapCompare, app: SalesApp, size: tuple[int, int]) -> None:
        """Grid for Wed 2026-11-25 with totals and the not-reported count."""
        assert shoot(snap_compare, app, size, ["1"])

    @SIZES
    def test_metrics_ru(
        self, snap_compare: SnapCompare, app_ru: SalesApp, size: tuple[int, int]
    ) -> None:
        """The grid in Russian: two-line metric headers and Russian number formats."""
        assert shoot(snap_compare, app_ru, size, ["1"])


class TestTeamSnapshots:
    """The Team list."""

    @SIZES
    def test_team(self, snap_compare: SnapCompare, app: SalesApp, size: tuple[int, int]) -> None:
        """Eight active employees with role, status and hire date."""
        assert shoot(snap_compare, app, size, ["9"])


class TestDialogSnapshots:
    """Help, the date prompt and the employee form."""

    @SIZES
    def test_help(self, snap_compare: SnapCompare, app: SalesApp, size: tuple[int, int]) -> None:
        """Help over Today lists its keys (c for Clients) and the screens 1-3 and 9."""
        assert shoot(snap_compare, app, size, ["question_mark"])

    @SIZES
    def test_date_prompt(
        self, snap_compare: SnapCompare, app: SalesApp, size: tuple[int, int]
    ) -> None:
        """The date prompt over Metrics, filled with the day shown."""
        assert shoot(snap_compare, app, size, ["1", "g"])

    @SIZES
    def test_employee_form(
        self, snap_compare: SnapCompare, app: SalesApp, size: tuple[int, int]
    ) -> None:
        """The empty add-employee form over Team."""
        assert shoot(snap_compare, app, size, ["9", "a"])
