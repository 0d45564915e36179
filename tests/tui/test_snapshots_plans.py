"""Snapshots of the Plans screen with a team of 20: 80×24 and 120×40, English and Russian."""

from __future__ import annotations

import shutil
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from salestui.demo import create_demo
from salestui.i18n import set_language
from salestui.tui.app import SalesApp
from salestui.tui.screens.plans import PlansScreen
from tests.conftest import TODAY
from tests.tui.test_snapshots import open_app

SIZES = pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
TEAM_SIZE = 20

SnapCompare = Callable[..., bool]


@pytest.fixture(scope="module")
def team_template(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Seeded 20-person demo databases (3 months, plans included), English and Russian."""
    root = tmp_path_factory.mktemp("plans20")
    paths = {}
    try:
        for lang in ("en", "ru"):
            set_language(lang)
            paths[lang] = root / lang
            create_demo(
                paths[lang],
                seed=7,
                employees=TEAM_SIZE,
                months=3,
                today=TODAY,
                lang=lang,
                force=False,
            )
    finally:
        set_language("en")
    return paths


def copy_of(template: Path, tmp_path: Path) -> Path:
    """Return a private copy of a demo database that a test may change."""
    path = tmp_path / "db"
    shutil.copytree(template, path)
    return path


@pytest.fixture
def app(team_template: dict[str, Path], tmp_path: Path) -> Iterator[SalesApp]:
    """The app on the English 20-person demo."""
    yield from open_app(copy_of(team_template["en"], tmp_path))


@pytest.fixture
def app_ru(team_template: dict[str, Path], tmp_path: Path) -> Iterator[SalesApp]:
    """The app in Russian on the Russian 20-person demo."""
    set_language("ru")
    yield from open_app(copy_of(team_template["ru"], tmp_path))


def plans_then(*keys: str) -> Callable[[Pilot[Any]], Awaitable[None]]:
    """Return a run_before that opens Plans (as the palette does), then presses keys."""

    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.app.run_action("go('plans')")
        await pilot.pause()
        assert isinstance(pilot.app.screen, PlansScreen)
        await pilot.press(*keys)
        await pilot.pause()

    return run_before


class TestPlansSnapshots:
    """This month's plans of a 20-person team, and an empty month offering last month's."""

    @SIZES
    def test_plans(self, snap_compare: SnapCompare, app: SalesApp, size: tuple[int, int]) -> None:
        """November 2026: revenue and funnel targets per employee, the team total below."""
        assert snap_compare(app, terminal_size=size, run_before=plans_then())

    @SIZES
    def test_plans_ru(
        self, snap_compare: SnapCompare, app_ru: SalesApp, size: tuple[int, int]
    ) -> None:
        """The same in Russian: 1 234 567 amounts, Russian labels and month."""
        assert snap_compare(app_ru, terminal_size=size, run_before=plans_then())

    @SIZES
    def test_empty_month(
        self, snap_compare: SnapCompare, app: SalesApp, size: tuple[int, int]
    ) -> None:
        """December, still empty: everyone marked ○ and the hint offers c to copy November."""
        assert snap_compare(app, terminal_size=size, run_before=plans_then("right_square_bracket"))

    @SIZES
    def test_empty_month_ru(
        self, snap_compare: SnapCompare, app_ru: SalesApp, size: tuple[int, int]
    ) -> None:
        """The empty month in Russian."""
        keys = ("right_square_bracket",)
        assert snap_compare(app_ru, terminal_size=size, run_before=plans_then(*keys))
