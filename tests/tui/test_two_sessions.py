"""Another salestui on the same database: the app shows what it saved within about a second
(a CLI import, a count), never over a number being typed, and says when it replaced one of
the user's own saves."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

from textual.coordinate import Coordinate

from salestui.models import Client
from salestui.store import Repository
from salestui.store.backup import backups
from salestui.tui.app import FOLLOW_S, make_app
from salestui.tui.screens.clients import RowList
from tests.conftest import TODAY
from tests.terminal import SCRIPT, script_env
from tests.tui.session import running, wait_until
from tests.tui.test_clients import lines, open_clients
from tests.tui.test_metrics_grid import LAST_DAY, grid_of, metrics_screen, staff_on, stored


async def test_a_cli_import_appears_on_the_clients_screen(demo_path: Path, tmp_path: Path) -> None:
    """`salestui import clients` in another process while Clients & deals is open: the two
    new clients are on the list within about a second, found by the search too."""
    async with running(demo_path) as (app, pilot, repo):
        screen = await open_clients(app, pilot)
        owner = repo.employees()[0].name
        csv = tmp_path / "new.csv"
        csv.write_text(
            f"name,owner,created\nAaron Abbot Ltd,{owner},2026-11-20\n"
            f"Aardvark Supplies,{owner},2026-11-21\n",
            encoding="utf-8",
        )
        done = subprocess.run(
            [str(SCRIPT), "--db", str(demo_path), "import", "clients", str(csv)],
            env=script_env(tmp_path),
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        seen = time.monotonic()
        await wait_until(
            pilot, lambda: "Aardvark Supplies" in "\n".join(lines(screen.query_one(RowList)))
        )
        assert time.monotonic() - seen < FOLLOW_S + 1.5
        shown = "\n".join(lines(screen.query_one(RowList)))
        assert "Aaron Abbot Ltd" in shown and "Aardvark Supplies" in shown
        assert {"Aaron Abbot Ltd", "Aardvark Supplies"} <= {c.name for c in repo.all(Client)}


async def test_a_count_saved_elsewhere_shows_but_never_over_a_number_being_typed(
    demo_path: Path,
) -> None:
    """Another session saves a count: the grid shows it. While a number is being typed the
    grid keeps it; once it is saved both are there."""
    async with metrics_screen(demo_path) as (app, pilot, repo):
        other = Repository.open(demo_path)
        try:
            first, second = staff_on(repo)[:2]
            grid = grid_of(app)
            other.set_count(second.id, LAST_DAY, "meetings", 41)
            await wait_until(pilot, lambda: "41" in str(grid.get_cell_at(Coordinate(1, 3))))
            assert "41" in str(grid.get_cell_at(Coordinate(1, 3)))
            await pilot.press("7", "7")  # typing into the first row's cold calls
            other.set_count(second.id, LAST_DAY, "meetings", 42)
            await pilot.pause(FOLLOW_S * 2)
            assert str(grid.get_cell_at(Coordinate(0, 1))).startswith("77")
            assert grid.editing
            await pilot.press("enter")
            await wait_until(pilot, lambda: "42" in str(grid.get_cell_at(Coordinate(1, 3))))
            assert stored(repo, first.id, LAST_DAY)["cold_calls"] == 77
            other.follow()
            assert stored(other, second.id, LAST_DAY)["meetings"] == 42
            assert stored(other, first.id, LAST_DAY)["cold_calls"] == 77
        finally:
            other.close()


async def test_a_replaced_save_is_told_naming_the_record(demo_path: Path) -> None:
    """The user saves a count, another session saves the same cell after: a notification
    names the record that session changed."""
    async with running(demo_path, notifications=True) as (app, pilot, repo):
        employee = staff_on(repo)[0]
        repo.set_count(employee.id, TODAY, "cold_calls", 5)
        other = Repository.open(demo_path)
        try:
            other.set_count(employee.id, TODAY, "cold_calls", 6)
        finally:
            other.close()
        said: list[str] = []

        def told() -> bool:
            said[:] = [str(n.message) for n in app._notifications]
            return any("another salestui session" in text for text in said)

        await wait_until(pilot, told)
        assert any("Daily numbers" in text and employee.name in text for text in said), said


async def test_the_first_open_of_a_day_takes_a_backup(demo_path: Path) -> None:
    """The app started by the console script copies the database once a day, in a thread,
    beside it; the copy opens and holds the same employees."""
    repo = Repository.open(demo_path)
    try:
        app = make_app(repo, today=TODAY, keep_backups=2)
        async with app.run_test(size=(80, 24)) as pilot:
            await wait_until(pilot, lambda: bool(backups(demo_path)))
            await app.workers.wait_for_complete()
    finally:
        repo.close()
    made = backups(demo_path)
    assert [p.name.endswith("-daily") and p.name.startswith(TODAY.isoformat()) for p in made] == [
        True
    ]
    copy = Repository.open(made[0], writable=False)
    try:
        assert [e.name for e in copy.employees()] == [e.name for e in repo.employees()]
    finally:
        copy.close()
