"""Snapshots of the Stats screen's five tabs at 80×24 and 120×40, English and Russian.

Each tab gathers its numbers in a thread worker; every run_before waits for the shown tab's
numbers before the picture is taken, so no snapshot catches "Counting…".
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from salestui.i18n import set_language
from salestui.tui.app import SalesApp
from salestui.tui.screens.stats import StatsScreen
from salestui.tui.screens.today import TodayScreen
from tests.tui.session import wait_until
from tests.tui.test_snapshots import SIZES, SnapCompare, open_app

RunBefore = Callable[[Pilot[Any]], Awaitable[None]]

# The keys that open each tab: 4 opens Stats on Duration, 5 on Ratios, a letter picks a tab.
TAB_KEYS = {
    "ratios": ("5",),
    "duration": ("4",),
    "forecast": ("4", "f"),
    "plan": ("4", "l"),
    "whatif": ("4", "w"),
}
TABS = pytest.mark.parametrize("tab", list(TAB_KEYS))


@pytest.fixture
def app(demo_path: Path) -> Iterator[SalesApp]:
    """The app on the English demo database (8 employees, 12 months)."""
    yield from open_app(demo_path)


@pytest.fixture
def app_ru(demo_path_ru: Path) -> Iterator[SalesApp]:
    """The app in Russian on the Russian demo database."""
    set_language("ru")
    yield from open_app(demo_path_ru)


def stats_screen(pilot: Pilot[Any]) -> StatsScreen | None:
    """Return the Stats screen when it is the one shown (not under a dialog), else None."""
    screen = pilot.app.screen
    return screen if isinstance(screen, StatsScreen) else None


def drawn(pilot: Pilot[Any]) -> bool:
    """Tell whether Stats is shown with the current tab's numbers gathered."""
    screen = stats_screen(pilot)
    return screen is not None and screen.key(screen.section) in screen.views


async def settle(pilot: Pilot[Any]) -> None:
    """Wait for the shown tab's numbers, then let the drawing land."""
    await wait_until(pilot, lambda: drawn(pilot))
    assert drawn(pilot), "the Stats tab's numbers were not gathered in time"
    await pilot.pause()
    await pilot.pause()


def on_tab(keys: Sequence[str], then: Sequence[str] = ()) -> RunBefore:
    """Return a run_before that opens a tab with keys, waits for its numbers, presses `then`.

    First it waits for Today's sales alerts, which join right after the first frame.
    """

    async def run_before(pilot: Pilot[Any]) -> None:
        today = pilot.app.screen
        assert isinstance(today, TodayScreen)
        await wait_until(pilot, lambda: today.sales_ready)
        await pilot.press(*keys)
        await settle(pilot)
        if then:
            await pilot.press(*then)
            await settle(pilot)

    return run_before


def shoot_tab(
    snap_compare: SnapCompare,
    app: SalesApp,
    size: tuple[int, int],
    tab: str,
    then: Sequence[str] = (),
) -> bool:
    """Compare a screenshot of a tab (after pressing `then` on it) with the stored snapshot."""
    return snap_compare(app, terminal_size=size, run_before=on_tab(TAB_KEYS[tab], then))


class TestStatsSnapshots:
    """Every tab as it opens on the demo team, as of Thursday 2026-11-26."""

    @TABS
    @SIZES
    def test_tab(
        self, snap_compare: SnapCompare, app: SalesApp, size: tuple[int, int], tab: str
    ) -> None:
        """What the head of sales reads on each tab:

        ratios: the team's funnel as bars (count · conversion · N : 1 from the first step),
        then the ladder per employee, the weakest step marked ▼ and the extra payments it
        would bring; duration: days from a deal's creation to its payment as a histogram,
        then mean, median, p75, p90, open deals and the Kaplan–Meier median per employee;
        forecast: the month's fact, projection, plan and done %, pipeline and funnel per
        employee, with the weekly trend and the pipeline by payment month; plan: done of plan
        per target against the pace of the month, then revenue per employee ahead of or behind
        it; what-if: the calls, talks, meetings… a day each employee needs for the month.
        """
        assert shoot_tab(snap_compare, app, size, tab)

    @TABS
    @SIZES
    def test_tab_ru(
        self, snap_compare: SnapCompare, app_ru: SalesApp, size: tuple[int, int], tab: str
    ) -> None:
        """The same tabs in Russian: Russian titles, two-line headers, 1 234,5 and 12,3 %."""
        assert shoot_tab(snap_compare, app_ru, size, tab)

    def test_cohorts(self, snap_compare: SnapCompare, app: SalesApp) -> None:
        """Duration by the month the deals were created (c) at 80×24: is the team closing
        faster than it used to, and how many of each month's deals are still open."""
        assert shoot_tab(snap_compare, app, (80, 24), "duration", ["c"])

    def test_percent_ru(self, snap_compare: SnapCompare, app_ru: SalesApp) -> None:
        """The ladder as conversion percentages (v) rather than "N : 1", in Russian at 80×24."""
        assert shoot_tab(snap_compare, app_ru, (80, 24), "ratios", ["v"])

    def test_whatif_changed(self, snap_compare: SnapCompare, app: SalesApp) -> None:
        """The what-if with a target of 500 000 a month per employee (t), and the first
        employee's first step made 10 % better (+): the needed activity a day for each, the
        changed ratios starred, the step under the cursor in brackets."""

        async def run_before(pilot: Pilot[Any]) -> None:
            await on_tab(TAB_KEYS["whatif"])(pilot)
            await pilot.press("t")
            await wait_until(pilot, lambda: stats_screen(pilot) is None)
            await pilot.press(*"500000", "enter")
            await settle(pilot)
            screen = stats_screen(pilot)
            assert screen is not None
            view = screen.views[screen.key("whatif")]
            assert getattr(view, "target", None) == 500_000_00
            await pilot.press("right", "right", "plus")
            await settle(pilot)

        assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
