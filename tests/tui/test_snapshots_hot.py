"""Snapshots of Hot clients at 80×24 and 120×40 in English and Russian, and of the deal form."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from salestui.i18n import set_language
from salestui.tui.app import SalesApp
from tests.tui.session import wait_until
from tests.tui.test_hot import build_hot_db
from tests.tui.test_snapshots import open_app, shoot, steady

SIZES = pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
SnapCompare = Callable[..., bool]


@pytest.fixture
def hot_db(tmp_path: Path) -> Path:
    """20 employees and a dozen hot deals in every flag state (see test_hot.HOT_SPECS)."""
    path = tmp_path / "hot"
    build_hot_db(path).close()
    return path


@pytest.fixture
def app(hot_db: Path) -> Iterator[SalesApp]:
    """The app in English on the hot fixture."""
    yield from open_app(hot_db)


@pytest.fixture
def app_ru(hot_db: Path) -> Iterator[SalesApp]:
    """The app in Russian on the same fixture."""
    set_language("ru")
    yield from open_app(hot_db)


class TestHotSnapshots:
    """The hot list as it opens: flags as markers, totals, the first deal's details."""

    @SIZES
    def test_hot(self, snap_compare: SnapCompare, app: SalesApp, size: tuple[int, int]) -> None:
        """Twelve hot deals by expected payment date; the undated one last."""
        assert shoot(snap_compare, app, size, ["2"])

    @SIZES
    def test_hot_ru(
        self, snap_compare: SnapCompare, app_ru: SalesApp, size: tuple[int, int]
    ) -> None:
        """The same list in Russian: Russian markers, dates and money."""
        assert shoot(snap_compare, app_ru, size, ["2"])


class TestDealFormSnapshots:
    """The deal form over the hot list at 80×24."""

    def test_deal_form(self, snap_compare: SnapCompare, app: SalesApp) -> None:
        """Editing the first deal (Enter): every field on one line, the hint below."""
        assert shoot(snap_compare, app, (80, 24), ["2", "enter"])

    def test_deal_form_ru(self, snap_compare: SnapCompare, app_ru: SalesApp) -> None:
        """The new-deal form in Russian with a few letters typed: suggestions and the note."""

        async def run_before(pilot: Pilot[Any]) -> None:
            await steady("2", "a", "A", "c")(pilot)
            # The search runs when typing pauses: wait for its suggestions.
            await wait_until(pilot, lambda: pilot.app.screen.query_one("#client-list").display)

        assert snap_compare(app_ru, terminal_size=(80, 24), run_before=run_before)
