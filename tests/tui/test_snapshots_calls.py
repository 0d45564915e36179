"""Snapshots of Call listening at 80×24 and 120×40 in English and Russian, and of the review
form part-scored."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from salestui.i18n import set_language
from salestui.tui.app import SalesApp
from tests.tui.test_calls_screen import build_calls_db
from tests.tui.test_snapshots import open_app, shoot

SIZES = pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
SnapCompare = Callable[..., bool]


@pytest.fixture
def calls_db(tmp_path: Path) -> Path:
    """20 employees: one never heard, one not for three weeks, one heard today, two low."""
    path = tmp_path / "calls"
    build_calls_db(path).close()
    return path


@pytest.fixture
def app(calls_db: Path) -> Iterator[SalesApp]:
    """The app in English on the calls fixture."""
    yield from open_app(calls_db)


@pytest.fixture
def app_ru(calls_db: Path) -> Iterator[SalesApp]:
    """The app in Russian on the same fixture."""
    set_language("ru")
    yield from open_app(calls_db)


class TestCallsSnapshots:
    """The screen as it opens: today's queue, the table, the first in the queue's detail."""

    @SIZES
    def test_calls(self, snap_compare: SnapCompare, app: SalesApp, size: tuple[int, int]) -> None:
        """▶1 never heard, ▶2 not for three weeks; low averages marked "!"."""
        assert shoot(snap_compare, app, size, ["7"])

    @SIZES
    def test_calls_ru(
        self, snap_compare: SnapCompare, app_ru: SalesApp, size: tuple[int, int]
    ) -> None:
        """The same in Russian: Russian dates, percentages and checklist labels."""
        assert shoot(snap_compare, app_ru, size, ["7"])


class TestReviewFormSnapshots:
    """The review form over the screen at 80×24."""

    def test_review_form(self, snap_compare: SnapCompare, app: SalesApp) -> None:
        """Борис's call (↓ Enter) part-scored: 2, 1, N/A; the live score and last time's action."""
        assert shoot(snap_compare, app, (80, 24), ["7", "down", "enter", "2", "1", "n"])
