"""Snapshots of Clients & deals at 80×24 and 120×40, in English and Russian.

A 20-person team with 300 clients (tests/tui/test_clients.py builds it): the list by name,
one client's deals, invoices and payments, every deal, and the client form with a refusal.
"""

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
from salestui.tui.screens.clients import ClientsScreen
from tests.conftest import TODAY
from tests.tui.test_clients import template

SIZES = pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
SnapCompare = Callable[..., bool]


@pytest.fixture(scope="module")
def snap_en(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The English base (snapshots only read it; the form is never saved)."""
    return template(tmp_path_factory, "en")


@pytest.fixture(scope="module")
def snap_ru(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Russian base."""
    return template(tmp_path_factory, "ru")


def open_app(path: Path, lang: str) -> Iterator[SalesApp]:
    """Yield the app on a base with today pinned, in a language; close the store afterwards."""
    set_language(lang)
    repo = Repository.open(path)
    try:
        yield make_app(repo, today=TODAY)
    finally:
        repo.close()


@pytest.fixture
def app(snap_en: Path) -> Iterator[SalesApp]:
    """The app in English."""
    yield from open_app(snap_en, "en")


@pytest.fixture
def app_ru(snap_ru: Path) -> Iterator[SalesApp]:
    """The app in Russian."""
    yield from open_app(snap_ru, "ru")


def clients_then(*keys: str) -> Callable[[Pilot[Any]], Awaitable[None]]:
    """Return a run_before that opens Clients & deals, waits for the list, presses keys."""

    async def run_before(pilot: Pilot[Any]) -> None:
        app = pilot.app
        app.action_go("clients")  # type: ignore[attr-defined]
        for _ in range(250):
            screen = app.screen
            if isinstance(screen, ClientsScreen) and screen.found is not None:
                break
            await pilot.pause(0.02)
        await pilot.press(*keys)
        for widget in app.screen.query(Input):
            widget.cursor_blink = False
        await pilot.pause()

    return run_before


def shoot(
    snap_compare: SnapCompare, app: SalesApp, size: tuple[int, int], keys: Sequence[str] = ()
) -> bool:
    """Compare the screen after opening Clients & deals and pressing keys with the snapshot."""
    return snap_compare(app, terminal_size=size, run_before=clients_then(*keys))


# The star client found by a few letters of the name, then opened.
OPEN_EN = ("slash", *"aurora", "enter", "enter")
OPEN_RU = ("slash", *"аврора", "enter", "enter")


class TestClientsSnapshots:
    """The list, a client, every deal, the form."""

    @SIZES
    def test_list(self, snap_compare: SnapCompare, app: SalesApp, size: tuple[int, int]) -> None:
        """Every client by name: contact, phone, owner, money in open deals."""
        assert shoot(snap_compare, app, size)

    @SIZES
    def test_list_ru(
        self, snap_compare: SnapCompare, app_ru: SalesApp, size: tuple[int, int]
    ) -> None:
        """The list in Russian."""
        assert shoot(snap_compare, app_ru, size)

    @SIZES
    def test_client(self, snap_compare: SnapCompare, app: SalesApp, size: tuple[int, int]) -> None:
        """One client: three deals, an overdue part-paid invoice, a paid one, their payments."""
        assert shoot(snap_compare, app, size, OPEN_EN)

    @SIZES
    def test_client_ru(
        self, snap_compare: SnapCompare, app_ru: SalesApp, size: tuple[int, int]
    ) -> None:
        """The client in Russian."""
        assert shoot(snap_compare, app_ru, size, OPEN_RU)

    @SIZES
    def test_deals(self, snap_compare: SnapCompare, app: SalesApp, size: tuple[int, int]) -> None:
        """Every deal, newest first: client, owner, stage, amount, created, closed."""
        assert shoot(snap_compare, app, size, ["d"])

    @SIZES
    def test_deals_ru(
        self, snap_compare: SnapCompare, app_ru: SalesApp, size: tuple[int, int]
    ) -> None:
        """Every deal in Russian."""
        assert shoot(snap_compare, app_ru, size, ["d"])

    def test_form_refusal(self, snap_compare: SnapCompare, app: SalesApp) -> None:
        """The client form at 80×24 with the empty name refused, naming the field."""
        assert shoot(snap_compare, app, (80, 24), ["a", "ctrl+s"])

    def test_form_refusal_ru(self, snap_compare: SnapCompare, app_ru: SalesApp) -> None:
        """The form in Russian with a bad email refused."""
        keys = ["a", *"ООО Ромашка", "tab", "tab", "tab", *"почта@", "ctrl+s"]
        assert shoot(snap_compare, app_ru, (80, 24), keys)
