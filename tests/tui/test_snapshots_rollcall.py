"""Snapshots of the Roll-call screen at 80×24 and 120×40 in English and Russian, and of the
chat import's preview at 80×24."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from salestui.i18n import set_language
from salestui.tui.app import SalesApp
from salestui.tui.screens.rollcall_dialogs import FilePrompt, ImportPreview
from tests.tui.session import wait_until
from tests.tui.test_rollcall_screen import CHAT, build_rollcall_db, telegram
from tests.tui.test_snapshots import open_app, shoot, steady

SIZES = pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
SnapCompare = Callable[..., bool]


@pytest.fixture
def rollcall_db(tmp_path: Path) -> Path:
    """20 employees, 12 answers today (see test_rollcall_screen.build_rollcall_db)."""
    path = tmp_path / "rollcall"
    build_rollcall_db(path).close()
    return path


@pytest.fixture
def app(rollcall_db: Path) -> Iterator[SalesApp]:
    """The app in English on the roll-call fixture."""
    yield from open_app(rollcall_db)


@pytest.fixture
def app_ru(rollcall_db: Path) -> Iterator[SalesApp]:
    """The app in Russian on the same fixture."""
    set_language("ru")
    yield from open_app(rollcall_db)


class TestRollCallSnapshots:
    """Today's roll-call as it opens: the field staff first, who has not answered marked."""

    @SIZES
    def test_rollcall(
        self, snap_compare: SnapCompare, app: SalesApp, size: tuple[int, int]
    ) -> None:
        """11 of 20 answered; the silent named above the table; the first answer in full."""
        assert shoot(snap_compare, app, size, ["8"])

    @SIZES
    def test_rollcall_ru(
        self, snap_compare: SnapCompare, app_ru: SalesApp, size: tuple[int, int]
    ) -> None:
        """The same day in Russian: Russian statuses, roles and dates."""
        assert shoot(snap_compare, app_ru, size, ["8"])


class TestImportPreviewSnapshot:
    """The chat import's preview over the screen at 80×24."""

    def test_import_preview(self, snap_compare: SnapCompare, app: SalesApp, tmp_path: Path) -> None:
        """Who said what today, what each answer becomes, the unknown sender last."""
        chat = telegram(tmp_path / "result.json", CHAT)

        async def run_before(pilot: Pilot[Any]) -> None:
            await steady("8", "i")(pilot)
            await wait_until(pilot, lambda: isinstance(pilot.app.screen, FilePrompt))
            pilot.app.screen.query_one(Input).value = str(chat)
            await pilot.press("enter")
            await wait_until(pilot, lambda: isinstance(pilot.app.screen, ImportPreview))

        assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
