"""Shared Pilot helpers: the real app on a database folder, and waiting for it to settle."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path

from textual.pilot import Pilot

from salestui.store import Repository
from salestui.tui.app import SalesApp, make_app
from salestui.tui.screens.today import TodayScreen
from tests.conftest import TODAY

Session = tuple[SalesApp, Pilot[None], Repository]
WIDE = (120, 40)
NARROW = (80, 24)


@asynccontextmanager
async def running(
    path: Path,
    size: tuple[int, int] = WIDE,
    *,
    create: bool = False,
    notifications: bool = False,
) -> AsyncIterator[Session]:
    """Run the app on a database folder (it opens on Today) and close the store afterwards."""
    repo = Repository.open(path, create=create)
    try:
        app = make_app(repo, today=TODAY)
        async with app.run_test(size=size, notifications=notifications) as pilot:
            assert isinstance(app.screen, TodayScreen)
            yield app, pilot, repo
    finally:
        repo.close()


async def wait_until(pilot: Pilot[None], condition: Callable[[], bool]) -> None:
    """Let the app work until a condition holds, for at most five seconds, then settle."""
    for _ in range(250):
        if condition():
            break
        await pilot.pause(0.02)
    await pilot.pause()
