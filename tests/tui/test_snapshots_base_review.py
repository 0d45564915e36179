"""Snapshots of the Weekly base review at 80×24 and 120×40 in English and Russian, and of
audit mode at 80×24."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from salestui.i18n import set_language
from salestui.tui.app import SalesApp
from salestui.tui.screens import base_audit
from salestui.tui.screens.base_review import BaseReviewScreen
from tests.tui.session import wait_until
from tests.tui.test_base_review_screen import build_base_db
from tests.tui.test_snapshots import open_app, steady

SIZES = pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
SnapCompare = Callable[..., bool]


@pytest.fixture
def base_db(tmp_path: Path) -> Path:
    """20 employees, Анна's records in every audit state, reviews from never to today."""
    path = tmp_path / "base"
    build_base_db(path).close()
    return path


@pytest.fixture
def app(base_db: Path) -> Iterator[SalesApp]:
    """The app in English on the base review fixture."""
    yield from open_app(base_db)


@pytest.fixture
def app_ru(base_db: Path) -> Iterator[SalesApp]:
    """The app in Russian on the same fixture."""
    set_language("ru")
    yield from open_app(base_db)


def counted(*keys: str) -> Callable[[Pilot[Any]], Awaitable[None]]:
    """Return a run_before that opens the screen, waits for its audit figures, then presses
    keys (the figures are counted in a thread: a shot before them would show "…")."""

    async def run_before(pilot: Pilot[Any]) -> None:
        await steady("6")(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, BaseReviewScreen)
        await wait_until(pilot, lambda: screen.counted)
        await pilot.press(*keys)
        await pilot.pause()

    return run_before


class TestBaseReviewSnapshots:
    """The list as it opens: who is due first, the audit's figures, the last ratings."""

    @SIZES
    def test_base_review(
        self, snap_compare: SnapCompare, app: SalesApp, size: tuple[int, int]
    ) -> None:
        """Never reviewed first, then most days since; narrow drops the least columns."""
        assert snap_compare(app, terminal_size=size, run_before=counted())

    @SIZES
    def test_base_review_ru(
        self, snap_compare: SnapCompare, app_ru: SalesApp, size: tuple[int, int]
    ) -> None:
        """The same list in Russian."""
        assert snap_compare(app_ru, terminal_size=size, run_before=counted())


class TestAuditModeSnapshots:
    """Audit mode on Анна at 80×24, the clock stopped at 00:00."""

    def test_audit_mode(
        self, snap_compare: SnapCompare, app: SalesApp, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Her flagged deals first, the hot one's detail, two points rated."""
        monkeypatch.setattr(base_audit, "monotonic", lambda: 1000.0)
        assert snap_compare(app, terminal_size=(80, 24), run_before=counted("enter", "4", "5"))
