"""Failures on screen: a full disk while typing, refused numbers, a damaged file mid-session.

Nothing reaches Textual's crash screen: a save the store refuses keeps the typed value with
the reason and the app goes on; an error no screen handles ends the app with the terminal
restored, one line on stderr from the console script (no traceback, no "locals") and exit
code 1. The full-disk tests mount a small tmpfs (root only; skipped otherwise) and fill it.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date
from pathlib import Path

import pytest
from textual import events
from textual.coordinate import Coordinate
from textual.pilot import Pilot
from textual.widgets import Input, Static

from salestui.analytics.reporting import roster
from salestui.failures import failure_text
from salestui.i18n import set_language
from salestui.models import Employee
from salestui.store import CorruptError, Repository
from salestui.store.errors import WriteFailedError
from salestui.tui.app import SalesApp
from salestui.tui.screens.employee_form import EmployeeForm
from salestui.tui.screens.metrics import MetricsScreen
from salestui.tui.screens.prompt import DatePrompt
from salestui.tui.screens.team import TeamScreen
from salestui.tui.widgets.metrics_grid import MetricsGrid
from tests.conftest import TODAY, fill
from tests.terminal import Terminal, script_env
from tests.tui.session import Session, running, wait_until

# The Metrics screen opens on the last working day before TODAY (a Thursday).
LAST_DAY = date(2026, 11, 25)
SIZE = (120, 40)
NO_SPACE = os.strerror(errno.ENOSPC)
# Saves tried before giving up on the disk ever refusing one (a journal may preallocate).
MAX_SAVES = 200_000
TIMEOUT_S = 30.0


# -- helpers -------------------------------------------------------------------------------


def damage_middle(path: Path) -> None:
    """Overwrite bytes in the middle of a shard with garbage; its last bytes still end in }."""
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 24] = b"#garbage#\x00\xff#garbage#garb"
    path.write_bytes(bytes(data))
    assert data.rstrip().endswith(b"}")


def staff_on(repo: Repository, day: date = LAST_DAY) -> list[Employee]:
    """Return the grid's rows for a day, top to bottom."""
    return roster(repo.employees(), day, repo.metrics_on(day))


def first_missing(repo: Repository) -> tuple[int, Employee]:
    """Return the grid row and the employee of the first one with nothing stored for LAST_DAY."""
    reported = repo.metrics_on(LAST_DAY)
    return next((i, e) for i, e in enumerate(staff_on(repo)) if e.id not in reported)


def codes(repo: Repository) -> list[str]:
    """Return the funnel's metric codes in grid column order."""
    return list(repo.settings().metric_codes())


def label_of(repo: Repository, code: str) -> str:
    """Return the English label of a metric."""
    return next(m.label() for m in repo.settings().funnel if m.code == code)


def stored(repo: Repository, employee_id: int, day: date = LAST_DAY) -> dict[str, int]:
    """Return the counts stored for one employee and day ({} if none)."""
    record = repo.metrics_for(employee_id, day)
    return {} if record is None else dict(record.counts)


def stored_after_reopen(path: Path, employee_id: int) -> dict[str, int]:
    """Open the database afresh (read-only) and return one employee's counts for LAST_DAY."""
    repo = Repository.open(path, writable=False)
    try:
        return stored(repo, employee_id)
    finally:
        repo.close()


def message_of(app: SalesApp) -> Static:
    """Return the Metrics screen's message line."""
    assert isinstance(app.screen, MetricsScreen), type(app.screen).__name__
    return app.screen.query_one("#message", Static)


def grid_of(app: SalesApp) -> MetricsGrid:
    """Return the Metrics grid."""
    assert isinstance(app.screen, MetricsScreen), type(app.screen).__name__
    return app.screen.query_one("#grid", MetricsGrid)


def cell_text(app: SalesApp, cell: Coordinate) -> str:
    """Return the text a grid cell shows."""
    return str(grid_of(app).get_cell_at(cell)).strip()


async def open_grid_at(app: SalesApp, pilot: Pilot[None], row: int, column: int = 1) -> None:
    """Open Daily metrics and move the cursor to a cell."""
    await pilot.press("1")
    await wait_until(pilot, lambda: isinstance(app.screen, MetricsScreen))
    grid = grid_of(app)
    assert app.focused is grid
    await pilot.press(*["down"] * row, *["right"] * (column - 1))
    assert grid.cursor_coordinate == Coordinate(row, column)


def notifications(app: SalesApp) -> list[str]:
    """Return the messages of the notifications shown."""
    return [n.message for n in app._notifications]


# -- a small full disk ---------------------------------------------------------------------


def exhaust_journal(repo: Repository, employee_id: int, code: str) -> int:
    """Save through the real store until the full disk refuses one; return how many got in.

    A journal may have room left in a block or a preallocated chunk, so saves still succeed
    on a full disk for a while (durably: that is correct). These go to TODAY, not the day the
    test types into.
    """
    for count in range(MAX_SAVES):
        try:
            repo.set_count(employee_id, TODAY, code, count % 100)
        except WriteFailedError:
            return count
    pytest.fail(f"{MAX_SAVES} saves went through on a full disk")


@asynccontextmanager
async def on_full_disk(
    disk: Path, template: Path, *, notify: bool = False
) -> AsyncIterator[tuple[Session, Path, Path]]:
    """Run the app on a demo copy on the small disk, then fill the disk until saves fail.

    Yields the session, the database path and the filler (deleted at the end, so the store
    can write its exit checkpoint).
    """
    path = disk / "db"
    shutil.copytree(template, path)
    filler = disk / "filler"
    try:
        async with running(path, SIZE, notifications=notify) as (app, pilot, repo):
            _, employee = first_missing(repo)
            fill(disk)
            exhaust_journal(repo, employee.id, codes(repo)[0])
            try:
                yield (app, pilot, repo), path, filler
            finally:
                filler.unlink(missing_ok=True)
    finally:
        filler.unlink(missing_ok=True)


# -- (a) a full disk while typing ----------------------------------------------------------


async def test_full_disk_keeps_the_typed_value_with_the_error(
    small_disk: Path, demo_template: dict[str, Path]
) -> None:
    """The disk fills while typing: the number stays in its cell with the reason, no crash.

    Esc drops it (nothing stored); a number refused on a full disk saves with Enter once
    there is room again.
    """
    async with on_full_disk(small_disk, demo_template["en"]) as ((app, pilot, repo), path, filler):
        row, employee = first_missing(repo)
        first, second = codes(repo)[:2]
        await open_grid_at(app, pilot, row)
        grid, cell = grid_of(app), Coordinate(row, 1)

        await pilot.press("7", "enter")
        message = message_of(app)
        assert message.has_class("error")
        text = str(message.content)
        assert NO_SPACE in text and str(path) in text, text
        assert "Enter tries again" in text
        assert grid.cursor_coordinate == cell  # kept for another try, like a refused value
        assert cell_text(app, cell).startswith("7")
        assert "reverse" in str(grid.get_cell_at(cell).style)  # the error style
        assert app.failure is None and isinstance(app.screen, MetricsScreen)
        assert stored(repo, employee.id) == {}

        # Enter again: still no room, still on screen.
        await pilot.press("enter")
        assert grid.cursor_coordinate == cell and cell_text(app, cell).startswith("7")
        assert message.has_class("error")

        # Esc drops it; the next cell is refused too, then saved once there is room.
        await pilot.press("escape", "right", "8", "tab")
        assert grid.cursor_coordinate == Coordinate(row, 2)
        assert cell_text(app, Coordinate(row, 2)).startswith("8")
        assert NO_SPACE in str(message.content)
        filler.unlink()
        await pilot.press("enter")
        assert grid.cursor_coordinate == Coordinate(row, 3)
        assert not message.has_class("error")
        assert stored(repo, employee.id) == {second: 8}
        assert app.failure is None

    assert stored_after_reopen(path, employee.id) == {second: 8}
    assert first not in stored_after_reopen(path, employee.id)


async def test_full_disk_keeps_dialogs_open_and_marks_nothing_done(
    small_disk: Path, demo_template: dict[str, Path]
) -> None:
    """An employee form whose save fails stays open with the reason; mark-done says why."""
    template = demo_template["en"]
    async with on_full_disk(small_disk, template, notify=True) as ((app, pilot, repo), path, _):
        before = {e.name for e in repo.employees()}
        await pilot.press("9", "a")
        await wait_until(pilot, lambda: isinstance(app.screen, EmployeeForm))
        form = app.screen
        form.query_one("#name", Input).value = "Full Disk"
        form.query_one("#hired", Input).value = "2026-11-02"
        form.query_one("#name", Input).focus()
        await pilot.press("enter")
        assert app.screen is form  # still open, as typed
        error = form.query_one("#form-error", Static)
        assert error.has_class("error")
        assert "Not saved" in str(error.content) and NO_SPACE in str(error.content)
        assert form.query_one("#name", Input).value == "Full Disk"
        await pilot.press("escape")
        assert isinstance(app.screen, TeamScreen)

        # Mark Daily metrics done (the app's action, from the Metrics screen).
        await pilot.press("1", "m")
        assert any("Not saved" in m and NO_SPACE in m for m in notifications(app))
        assert repo.routines_done(TODAY, TODAY) == []
        assert app.failure is None

    repo = Repository.open(path, writable=False)
    try:
        assert {e.name for e in repo.employees()} == before
        assert repo.routines_done(TODAY, TODAY) == []
    finally:
        repo.close()


# -- (b), (c) numbers the grid refuses -----------------------------------------------------


@pytest.mark.parametrize("minus", ["minus", "minus_sign"], ids=["hyphen", "u2212"])
async def test_minus_five_is_refused_not_stored_as_five(demo_path: Path, minus: str) -> None:
    """-5 (with a hyphen or the minus sign) is refused as below zero and kept to fix."""
    async with running(demo_path, SIZE) as (app, pilot, repo):
        row, employee = first_missing(repo)
        await open_grid_at(app, pilot, row)
        character = "-" if minus == "minus" else "\u2212"
        app.post_message(events.Key(minus, character))
        await pilot.press("5", "enter")
        message = message_of(app)
        label = label_of(repo, codes(repo)[0])
        assert message.has_class("error")
        assert f"{label}: -5 is below zero" in str(message.content)
        assert grid_of(app).cursor_coordinate == Coordinate(row, 1)
        assert cell_text(app, Coordinate(row, 1)).startswith(f"{character}5")
        assert stored(repo, employee.id) == {}
        # Fixed by hand: Backspace twice, 5, Enter saves 5.
        await pilot.press("backspace", "backspace", "5", "enter")
        assert stored(repo, employee.id) == {codes(repo)[0]: 5}
    assert stored_after_reopen(demo_path, employee.id) == {codes_of(demo_path)[0]: 5}


def codes_of(path: Path) -> list[str]:
    """Return the funnel's codes of a closed database."""
    repo = Repository.open(path, writable=False)
    try:
        return codes(repo)
    finally:
        repo.close()


async def test_minus_five_alone_stores_nothing(demo_path: Path) -> None:
    """-5 then Esc: the cell is back to empty and nothing is stored after reopening."""
    async with running(demo_path, SIZE) as (app, pilot, repo):
        row, employee = first_missing(repo)
        await open_grid_at(app, pilot, row)
        await pilot.press("minus", "5", "tab")
        assert message_of(app).has_class("error")
        assert grid_of(app).cursor_coordinate == Coordinate(row, 1)
        await pilot.press("escape")
        assert cell_text(app, Coordinate(row, 1)) == "·"
    assert stored_after_reopen(demo_path, employee.id) == {}


async def test_five_thousand_digits_are_refused_without_a_crash(demo_path: Path) -> None:
    """More digits than int() converts (4,300) are refused as too big, in a short message."""
    async with running(demo_path, SIZE) as (app, pilot, repo):
        row, employee = first_missing(repo)
        await open_grid_at(app, pilot, row)
        for _ in range(5000):
            app.post_message(events.Key("9", "9"))
        app.post_message(events.Key("enter", "\r"))
        message = message_of(app)
        await wait_until(pilot, lambda: message.has_class("error"))
        text = str(message.content)
        assert "is more than 100,000" in text, text
        assert len(text) < 200
        assert grid_of(app).cursor_coordinate == Coordinate(row, 1)
        assert cell_text(app, Coordinate(row, 1)).endswith("9▏")
        assert app.failure is None
        assert stored(repo, employee.id) == {}
    assert stored_after_reopen(demo_path, employee.id) == {}


# -- an error no screen handles, in a Pilot session ----------------------------------------


async def test_damaged_older_year_ends_the_app_quietly(
    demo_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """A month damaged in the middle, parsed when a 2025 day is opened, ends the app.

    The damage is done after the app opened the database, so the open check cannot see
    it: the real CorruptError comes from the screen. The app keeps it as `failure` with
    return code 1, run_test raises it again, and Textual prints nothing.
    """
    shard = demo_path / "metrics" / "2025-12.json"
    assert shard.exists(), "the demo has twelve months, reaching into 2025"
    seen: list[SalesApp] = []
    with pytest.raises(CorruptError) as info:
        async with running(demo_path, SIZE) as (app, pilot, _repo):
            seen.append(app)
            await open_grid_at(app, pilot, 0)
            damage_middle(shard)
            await pilot.press("g")
            await wait_until(pilot, lambda: isinstance(app.screen, DatePrompt))
            await pilot.press(*"2025-12-01", "enter")
            await wait_until(pilot, lambda: app.failure is not None)
    app = seen[0]
    assert app.failure is info.value
    assert app.return_code == 1
    assert str(shard) in str(info.value)
    err = capfd.readouterr().err
    assert "Traceback" not in err and "locals" not in err


async def test_a_bug_in_a_handler_ends_the_app_quietly(
    demo_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """Any unexpected error (here one raised by a timer) is kept, not printed."""
    seen: list[SalesApp] = []

    def broken() -> None:
        raise ZeroDivisionError("the numbers did not add up")

    with pytest.raises(ZeroDivisionError):
        async with running(demo_path, SIZE) as (app, pilot, _repo):
            seen.append(app)
            app.set_timer(0.01, broken)
            await wait_until(pilot, lambda: app.failure is not None)
    assert isinstance(seen[0].failure, ZeroDivisionError)
    assert seen[0].return_code == 1
    err = capfd.readouterr().err
    assert "Traceback" not in err and "locals" not in err


def test_failure_text_is_one_line_naming_a_bug() -> None:
    """Anything but a store or file error is named by type and text, as a bug to report."""
    line = failure_text(KeyError("a\nmulti-line\n  text"))
    assert line == "KeyError: 'a\\nmulti-line\\n text' " + (
        "(a bug in salestui: please report it, with what you did just before)"
    )
    assert "\n" not in failure_text(ValueError("one\ntwo"))
    assert len(failure_text(ValueError("x" * 10_000))) < 400
    assert failure_text(OSError(errno.ENOSPC, NO_SPACE, "/d/j")) == (
        f"/d/j: {NO_SPACE}. Free some space on that disk and try again: nothing was half-written"
    )
    set_language("ru")
    assert "ошибка в salestui" in failure_text(RuntimeError("boom"))


# -- (d) the console script in a pseudo-terminal -------------------------------------------


def make_demo(script: Path, db: Path, env: dict[str, str], months: int) -> None:
    """Build a demo database with the console script."""
    demo = [str(script), "demo", "--db", str(db), "--no-open", "--today", TODAY.isoformat()]
    demo += ["--employees", "5", "--months", str(months), "--lang", "en"]
    subprocess.run(demo, env=env, check=True, capture_output=True, timeout=120)


def app_argv(script: Path, db: Path) -> list[str]:
    """Return the command line that opens the app on a database."""
    return [str(script), "--db", str(db), "--today", TODAY.isoformat(), "--lang", "en"]


def assert_one_line_about(terminal: Terminal, shard: Path) -> None:
    """The app restored the terminal and printed exactly one line naming the shard."""
    everything = terminal.text()
    assert "Traceback" not in everything and "locals" not in everything
    lines = terminal.after_app()
    assert len(lines) == 1, lines
    assert lines[0].startswith("salestui: "), lines
    assert str(shard) in lines[0], lines
    assert "restore it from a backup" in lines[0], lines


def test_console_script_on_a_damaged_current_year(script: Path, tmp_path: Path) -> None:
    """A current-year shard damaged in the middle: one line naming it, exit code 1.

    Refused when the database is opened, or when Today parses the year: either way the
    same one line and no traceback.
    """
    env = script_env(tmp_path)
    db = tmp_path / "D"
    make_demo(script, db, env, months=2)
    shard = db / "metrics" / f"{TODAY:%Y-%m}.json"
    damage_middle(shard)
    before = shard.read_bytes()
    terminal = Terminal(app_argv(script, db), env)
    try:
        code = terminal.finish()
    finally:
        terminal.close()
    assert code == 1, terminal.text()[-2000:]
    assert_one_line_about(terminal, shard)
    assert shard.read_bytes() == before  # refused, untouched


def test_console_script_when_a_screen_meets_a_damaged_year(script: Path, tmp_path: Path) -> None:
    """A year damaged while the app runs, met when a 2023 day is opened: one line, exit 1.

    The damage comes after the first frame, to a year neither the open nor Today reads, so
    no open check can catch it: this is the path through a running screen, Textual's
    exception handling and the CLI.
    """
    env = script_env(tmp_path)
    db = tmp_path / "Y"
    make_demo(script, db, env, months=36)
    shard = db / "metrics" / "2023-12.json"
    assert shard.exists(), "36 months before 2026-11-26 reach into 2023"
    terminal = Terminal(app_argv(script, db), env)
    try:
        terminal.wait_for(b"Today", 0)
        damage_middle(shard)
        terminal.wait_for(b"Daily metrics", terminal.send("1"))
        terminal.wait_for(b"Go to date", terminal.send("g"))
        terminal.wait_for(b"2023-12-01", terminal.send("2023-12-01"))
        terminal.send("\r")
        code = terminal.finish()
    finally:
        terminal.close()
    assert code == 1, terminal.text()[-2000:]
    assert_one_line_about(terminal, shard)


def test_console_script_when_the_exit_checkpoint_finds_a_full_disk(
    script: Path, small_disk: Path, tmp_path: Path
) -> None:
    """A number saved, then the disk fills: quitting never prints a traceback.

    The save is durable in the journal; folding it into the shard files at exit needs room.
    Whether the store reports that (one line, exit 1) or keeps it for the next start (exit
    0, nothing printed), nothing else may appear, and the number is there after reopening.
    """
    env = script_env(tmp_path)
    db = small_disk / "db"
    make_demo(script, db, env, months=2)
    repo = Repository.open(db, writable=False)
    try:
        row, employee = first_missing(repo)
        first = codes(repo)[0]
    finally:
        repo.close()
    terminal = Terminal(app_argv(script, db), env)
    filler = small_disk / "filler"
    try:
        terminal.wait_for(b"Today", 0)
        terminal.wait_for(b"Daily metrics", terminal.send("1"))
        terminal.send("\x1b[B" * row)
        terminal.wait_for(b"42", terminal.send("42"))
        terminal.send("\t")
        deadline = time.monotonic() + TIMEOUT_S
        while stored_after_reopen(db, employee.id) != {first: 42}:
            assert time.monotonic() < deadline, "the number was never saved"
            time.sleep(0.05)
        fill(small_disk)
        terminal.send("\x11")  # Ctrl+Q
        code = terminal.finish()
    finally:
        terminal.close()
        filler.unlink(missing_ok=True)
    everything = terminal.text()
    assert "Traceback" not in everything and "locals" not in everything
    lines = terminal.after_app()
    assert code in (0, 1)
    if code == 1:
        assert len(lines) == 1 and lines[0].startswith("salestui: "), lines
    else:
        assert lines == []
    assert stored_after_reopen(db, employee.id) == {first: 42}
