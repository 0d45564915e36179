"""Screen switching with the bytes a real terminal sends: Textual's parser, the app, tmux.

tmux, PuTTY and most Linux terminals send Alt+digit as ESC followed by the digit. Textual 8.2
reads those bytes as macOS Option characters ("ª" for ESC 9), so salestui restores them to
alt+0 … alt+9 when salestui.tui.app is imported. These tests feed the raw bytes through
Textual's own XTermParser, post what it parses into a running app, and drive the real console
script inside a private tmux server.
"""

from __future__ import annotations

import math
import os
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest
import textual._parser as textual_parser
from textual import events
from textual._xterm_parser import XTermParser
from textual.coordinate import Coordinate
from textual.pilot import Pilot

from salestui.analytics.reporting import roster
from salestui.i18n import fmt_int
from salestui.store import Repository
from salestui.tui.app import SalesApp
from salestui.tui.screens.finance import FinanceScreen
from salestui.tui.screens.metrics import MetricsScreen
from salestui.tui.screens.team import TeamScreen
from salestui.tui.screens.today import TodayScreen
from salestui.tui.widgets.metrics_grid import BELOW, MetricsGrid
from tests.conftest import TODAY
from tests.tui.session import running

# The Metrics screen opens on the last working day before TODAY (a Thursday).
LAST_DAY = date(2026, 11, 25)
SIZE = (80, 24)
TIMEOUT_S = 15.0
DOWN = "\x1b[B"
# What tmux (TERM=screen / tmux-256color), xterm, rxvt and the Linux console send for F-keys.
FKEY_BYTES = {
    "\x1bOP": "f1",  # tmux, xterm
    "\x1b[11~": "f1",  # rxvt-unicode, PuTTY
    "\x1b[[A": "f1",  # Linux console
    "\x1b[20~": "f9",
    "\x1b[21~": "f10",
}
# The bytes that open Daily metrics, Team and Today: ESC+digit, or the function-key row.
SCHEMES = {
    "alt": {"metrics": "\x1b1", "team": "\x1b9", "today": "\x1b0"},
    "fkeys": {"metrics": "\x1bOP", "team": "\x1b[20~", "today": "\x1b[21~"},
}

Counts = dict[int, dict[str, int]]


# -- Textual's parser ----------------------------------------------------------------------


def parse(data: str) -> list[events.Key]:
    """Feed bytes to a fresh XTermParser in one read; return the key events it yields at once."""
    messages = list(XTermParser().feed(data))
    keys = [m for m in messages if isinstance(m, events.Key)]
    assert len(keys) == len(messages), messages
    return keys


def named(keys: list[events.Key]) -> list[tuple[str, str | None]]:
    """Return each key event as (key name, character typed)."""
    return [(key.key, key.character) for key in keys]


@contextmanager
def escape_delay_passed(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Make the parser's clock read as if any escape delay had long run out."""
    with monkeypatch.context() as patch:
        patch.setattr(textual_parser, "get_time", lambda: math.inf)
        yield


@pytest.mark.parametrize("digit", list("0123456789"))
def test_esc_digit_parses_as_alt_digit(digit: str) -> None:
    """ESC+digit, the Alt+digit of tmux/PuTTY/Linux, is alt+digit, not a macOS Option char."""
    assert named(parse(f"\x1b{digit}")) == [(f"alt+{digit}", None)]


@pytest.mark.parametrize(("data", "key"), list(FKEY_BYTES.items()), ids=repr)
def test_function_key_sequences_parse_as_fkeys(data: str, key: str) -> None:
    """The F-key sequences tmux and other terminals send parse as f1, f9 and f10."""
    assert named(parse(data)) == [(key, None)]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("\x1b912\t", [("alt+9", None), ("1", "1"), ("2", "2"), ("tab", "\t")]),
        ("34\x1b0", [("3", "3"), ("4", "4"), ("alt+0", None)]),
        ("5\x1b[20~6", [("5", "5"), ("f9", None), ("6", "6")]),
    ],
    ids=["alt9-then-digits", "digits-then-alt0", "f9-between-digits"],
)
def test_burst_parses_in_order_without_waiting(
    data: str, expected: list[tuple[str, str | None]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A burst with Alt+digit or F9 inside comes out whole, in order, with nothing held back."""
    parser = XTermParser()
    assert named([k for k in parser.feed(data) if isinstance(k, events.Key)]) == expected
    with escape_delay_passed(monkeypatch):
        assert list(parser.tick()) == []  # no late escape, no "^" reissued after the delay
    # The check above can see a held-back sequence: ESC a (not in the table) waits for it.
    held = XTermParser()
    assert list(held.feed("\x1ba")) == []
    with escape_delay_passed(monkeypatch):
        assert named([k for k in held.tick() if isinstance(k, events.Key)]) == [("alt+a", "a")]


# -- the app, fed the parsed events --------------------------------------------------------


def send(app: SalesApp, data: str) -> list[str]:
    """Parse bytes as the terminal driver does, post the events to the app; return key names."""
    keys = parse(data)
    for key in keys:
        app.post_message(key)
    return [key.key for key in keys]


async def wait_for(pilot: Pilot[None], condition: Callable[[], bool]) -> bool:
    """Let the app work until a condition holds (at most TIMEOUT_S); return whether it did."""
    deadline = time.monotonic() + TIMEOUT_S
    while not condition():
        if time.monotonic() > deadline:
            return False
        await pilot.pause(0.02)
    # Let anything still queued behind the condition (a stray key, a save) land too.
    for _ in range(3):
        await pilot.pause(0.02)
    return condition()


def grid_of(app: SalesApp) -> MetricsGrid:
    """Return the grid of the Metrics screen, failing if another screen is shown."""
    assert isinstance(app.screen, MetricsScreen), type(app.screen).__name__
    return app.screen.query_one("#grid", MetricsGrid)


def counts_on(repo: Repository, day: date) -> Counts:
    """Return every employee's stored counts for a day, by employee id."""
    return {e: dict(record.counts) for e, record in repo.metrics_on(day).items()}


def codes(repo: Repository) -> list[str]:
    """Return the funnel's metric codes in grid column order."""
    return list(repo.settings().metric_codes())


def grid_rows(grid: MetricsGrid) -> list[int]:
    """Return the employee ids of the grid's rows, top to bottom."""
    ids = [key.value for key in grid.rows]
    assert all(ids), ids
    return [int(str(employee_id)) for employee_id in ids]


def metrics_ready(app: SalesApp) -> bool:
    """Tell whether Daily metrics is shown, has built its grid and given it the focus."""
    screen = app.screen
    # Not before `ready`: until the screen is mounted, its grid may not exist yet.
    if not (isinstance(screen, MetricsScreen) and screen.ready):
        return False
    return app.focused is screen.query_one("#grid", MetricsGrid)


async def open_metrics(app: SalesApp, pilot: Pilot[None], data: str) -> MetricsGrid:
    """Open Daily metrics with terminal bytes and wait until its grid has the focus."""
    send(app, data)
    assert await wait_for(pilot, lambda: metrics_ready(app)), type(app.screen).__name__
    return grid_of(app)


async def move_to_missing_row(app: SalesApp, pilot: Pilot[None], repo: Repository) -> int:
    """Move the cursor with Down-arrow bytes to the first employee with nothing stored."""
    grid = grid_of(app)
    assert grid.cursor_coordinate == Coordinate(0, 1)
    reported = repo.metrics_on(LAST_DAY)
    row, employee_id = next((i, e) for i, e in enumerate(grid_rows(grid)) if e not in reported)
    send(app, DOWN * row)
    assert await wait_for(pilot, lambda: grid.cursor_coordinate == Coordinate(row, 1))
    return employee_id


@pytest.mark.parametrize("scheme", list(SCHEMES))
async def test_switch_while_typing_saves_digits_and_types_no_junk(
    demo_path: Path, scheme: str
) -> None:
    """Alt+9/F9 mid-number opens Team and saves the digits; Alt+0/F10 goes to Today."""
    keys = SCHEMES[scheme]
    async with running(demo_path, SIZE) as (app, pilot, repo):
        await open_metrics(app, pilot, keys["metrics"])
        employee_id = await move_to_missing_row(app, pilot, repo)
        before = {day: counts_on(repo, day) for day in (LAST_DAY, TODAY)}
        assert employee_id not in before[LAST_DAY]

        # 7, Tab saves a cell; 4 2 are still being typed when the Team key arrives.
        sent = send(app, "7\t42" + keys["team"])
        assert sent == ["7", "tab", "4", "2", "alt+9" if scheme == "alt" else "f9"]
        assert await wait_for(pilot, lambda: isinstance(app.screen, TeamScreen))
        first, second = codes(repo)[:2]
        typed = {employee_id: {first: 7, second: 42}}
        assert counts_on(repo, LAST_DAY) == before[LAST_DAY] | typed
        assert counts_on(repo, TODAY) == before[TODAY]

        send(app, keys["today"])
        assert await wait_for(pilot, lambda: isinstance(app.screen, TodayScreen))
        assert app.current_mode == "today"
        assert counts_on(repo, LAST_DAY) == before[LAST_DAY] | typed
        assert counts_on(repo, TODAY) == before[TODAY]

        # Back in the grid the typed numbers are shown as stored, with no edit left over.
        grid = await open_metrics(app, pilot, keys["metrics"])
        row = grid_rows(grid).index(employee_id)
        shown = [
            str(grid.get_cell_at(Coordinate(row, column))).strip(" " + BELOW) for column in (1, 2)
        ]
        assert shown == ["7", "42"]


async def test_terminal_escape_cancels_typing_then_goes_to_today(
    demo_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A lone ESC byte cancels the digits being typed; a second one goes back to Today."""
    async with running(demo_path, SIZE) as (app, pilot, repo):
        grid = await open_metrics(app, pilot, "\x1b1")
        employee_id = grid_rows(grid)[0]
        before = counts_on(repo, LAST_DAY)
        assert employee_id in before, "the demo's first row has numbers for the last day"
        stored_text = fmt_int(before[employee_id][codes(repo)[0]])
        parser = XTermParser()

        def feed(data: str) -> list[str]:
            """Feed one read to the same parser, let its escape delay pass, post the keys."""
            parsed = list(parser.feed(data))
            with escape_delay_passed(monkeypatch):
                parsed += parser.tick()
            keys = [k for k in parsed if isinstance(k, events.Key)]
            for key in keys:
                app.post_message(key)
            return [key.key for key in keys]

        def cell() -> str:
            """Return the text of the cursor's cell."""
            return str(grid.get_cell_at(Coordinate(0, 1))).strip()

        assert feed("99") == ["9", "9"]
        assert await wait_for(pilot, lambda: cell().startswith("99"))
        assert feed("\x1b") == ["escape"]
        assert await wait_for(pilot, lambda: cell() == stored_text)
        assert isinstance(app.screen, MetricsScreen)
        assert feed("\x1b") == ["escape"]
        assert await wait_for(pilot, lambda: isinstance(app.screen, TodayScreen))
        assert counts_on(repo, LAST_DAY) == before


@pytest.mark.parametrize("data", ["\x1b967", "\x1b[20~67", "\x1b067"], ids=["alt9", "f9", "alt0"])
async def test_digits_right_behind_a_screen_key_stay_out_of_the_grid(
    demo_path: Path, data: str
) -> None:
    """Digits arriving in the same read just after Alt+9/F9/Alt+0 never overwrite a grid cell.

    They open their routines from the new screen: 6 the base review, then 7 call listening.
    """
    async with running(demo_path, SIZE) as (app, pilot, repo):
        await open_metrics(app, pilot, "\x1b1")
        before = counts_on(repo, LAST_DAY)
        assert send(app, data)[1:] == ["6", "7"]
        assert await wait_for(pilot, lambda: app.current_mode == "calls")
        assert counts_on(repo, LAST_DAY) == before


async def test_digit_3_right_behind_a_screen_key_opens_finance(demo_path: Path) -> None:
    """3 just after Alt+9 in one read opens Finance (routine 3) from Team, not a grid cell."""
    async with running(demo_path, SIZE) as (app, pilot, repo):
        await open_metrics(app, pilot, "\x1b1")
        before = counts_on(repo, LAST_DAY)
        assert send(app, "\x1b93") == ["alt+9", "3"]
        assert await wait_for(pilot, lambda: isinstance(app.screen, FinanceScreen))
        assert counts_on(repo, LAST_DAY) == before


# -- the real console script in tmux -------------------------------------------------------


class Tmux:
    """A private tmux server (its own -L socket) running one session at 80×24."""

    def __init__(self, env: dict[str, str]) -> None:
        self.socket = f"salestui-test-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self.env = env
        self.socket_path: Path | None = None

    def run(self, *args: str) -> str:
        """Run a tmux command against this server and return its output."""
        done = subprocess.run(
            ["tmux", "-L", self.socket, "-f", os.devnull, *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=TIMEOUT_S,
            check=True,
        )
        return done.stdout

    def start(self, command: str) -> None:
        """Start the session running a shell command; the pane stays after it exits."""
        self.run(
            *("new-session", "-d", "-s", "app", "-x", str(SIZE[0]), "-y", str(SIZE[1]), command),
            *(";", "set-option", "-t", "app", "remain-on-exit", "on"),
        )
        self.socket_path = Path(self.run("display-message", "-p", "#{socket_path}").strip())

    def keys(self, *keys: str) -> None:
        """Send keys the way tmux encodes them for the pane (M-9 is ESC 9, F9 is ESC [20~)."""
        self.run("send-keys", "-t", "app", *keys)

    def screen(self) -> list[str]:
        """Return the pane's text, one string per line."""
        return self.run("capture-pane", "-p", "-t", "app").splitlines()

    def wait_for(self, what: str, condition: Callable[[list[str]], bool]) -> list[str]:
        """Poll the pane until a condition holds on its lines (at most TIMEOUT_S)."""
        deadline = time.monotonic() + TIMEOUT_S
        while True:
            lines = self.screen()
            if condition(lines):
                return lines
            if time.monotonic() > deadline:
                pytest.fail(f"timed out waiting for {what}; the pane shows:\n" + "\n".join(lines))
            time.sleep(0.05)

    def kill(self) -> None:
        """Stop this test's tmux server and remove its socket."""
        subprocess.run(
            ["tmux", "-L", self.socket, "kill-server"],
            env=self.env,
            capture_output=True,
            timeout=TIMEOUT_S,
            check=False,
        )
        if self.socket_path is not None:
            self.socket_path.unlink(missing_ok=True)


def header_has(word: str) -> Callable[[list[str]], bool]:
    """Return a check that the header (the pane's first line) names a screen."""
    return lambda lines: bool(lines) and word in lines[0]


def stored_on_disk(db: Path, employee_id: int) -> dict[str, int]:
    """Open the database read-only and return one employee's counts for LAST_DAY."""
    repo = Repository.open(db, writable=False)
    try:
        record = repo.metrics_for(employee_id, LAST_DAY)
        return {} if record is None else dict(record.counts)
    finally:
        repo.close()


def tmux_and_script(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """Return the console script and a private environment for it (skip without tmux)."""
    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed")
    script = Path(sys.executable).with_name("salestui")
    if not script.exists():
        pytest.skip(f"the salestui console script is not installed next to {sys.executable}")
    env = {k: v for k, v in os.environ.items() if k not in ("TMUX", "TMUX_PANE")}
    env |= {
        "HOME": str(tmp_path / "home"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "SHELL": "/bin/sh",
    }
    return script, env


def test_real_terminal_in_tmux(tmp_path: Path) -> None:
    """The console script in tmux: M-1, digits, M-9, M-0, F9, F10 switch screens and save."""
    script, env = tmux_and_script(tmp_path)
    db, status = tmp_path / "db", tmp_path / "exit-status"
    demo = [str(script), "demo", "--no-open", "--db", str(db), "--employees", "5"]
    demo += ["--months", "1", "--today", TODAY.isoformat(), "--lang", "en"]
    subprocess.run(demo, env=env, check=True, capture_output=True, timeout=60)

    repo = Repository.open(db, writable=False)
    try:
        staff = roster(repo.employees(), LAST_DAY, repo.metrics_on(LAST_DAY))
        reported = repo.metrics_on(LAST_DAY)
        first, second = codes(repo)[:2]
    finally:
        repo.close()
    row, employee = next((i, e) for i, e in enumerate(staff) if e.id not in reported)

    app = [str(script), "--db", str(db), "--today", TODAY.isoformat(), "--lang", "en"]
    tmux = Tmux(env)
    try:
        tmux.start(f"{shlex.join(app)}; echo $? > {shlex.quote(str(status))}")
        tmux.wait_for("Today", header_has("Today"))
        tmux.keys("M-1")
        tmux.wait_for("Daily metrics", header_has("Daily metrics"))
        tmux.keys(*["Down"] * row)
        tmux.keys("7", "Tab", "4", "2")
        tmux.keys("M-9")
        tmux.wait_for("Team", header_has("Team"))
        # Saved on the switch, not at exit: a reader sees it while the app still runs.
        assert stored_on_disk(db, employee.id) == {first: 7, second: 42}
        tmux.keys("M-0")
        tmux.wait_for("Today", header_has("Today"))
        tmux.keys("F9")
        tmux.wait_for("Team via F9", header_has("Team"))
        tmux.keys("F10")
        tmux.wait_for("Today via F10", header_has("Today"))
        tmux.keys("F1")
        lines = tmux.wait_for("Daily metrics via F1", header_has("Daily metrics"))
        typed_rows = [
            line for line in lines if line.replace(BELOW, " ").split()[-6:] == ["7", "42", *"····"]
        ]
        assert len(typed_rows) == 1, "\n".join(lines)
        assert employee.name.split()[0] in typed_rows[0]
        tmux.keys("C-q")
        deadline = time.monotonic() + TIMEOUT_S
        while not status.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert status.exists(), "\n".join(tmux.screen())
        assert status.read_text().strip() == "0", "\n".join(tmux.screen())
    finally:
        tmux.kill()

    assert stored_on_disk(db, employee.id) == {first: 7, second: 42}


def test_keys_typed_while_the_app_starts_are_kept(tmp_path: Path) -> None:
    """Enter typed before the first frame opens the routine; nothing is echoed on the shell.

    Before Textual takes the terminal, its driver echoed typed keys (they stayed on screen
    after quitting) and turned Enter into a line feed that the app read as Ctrl+J.
    """
    script, env = tmux_and_script(tmp_path)
    db, status = tmp_path / "db", tmp_path / "exit-status"
    demo = [str(script), "demo", "--no-open", "--db", str(db), "--employees", "3"]
    demo += ["--months", "1", "--today", TODAY.isoformat(), "--lang", "en"]
    subprocess.run(demo, env=env, check=True, capture_output=True, timeout=60)
    app = [str(script), "--db", str(db), "--today", TODAY.isoformat(), "--lang", "en"]
    tmux = Tmux(env)
    try:
        tmux.start(f"{shlex.join(app)}; echo EXIT=$? > {shlex.quote(str(status))}")
        time.sleep(0.05)  # the interpreter has only just started: nothing is drawn yet
        tmux.keys("Enter")
        tmux.wait_for("Daily metrics opened by the early Enter", header_has("Daily metrics"))
        tmux.keys("C-q")
        deadline = time.monotonic() + TIMEOUT_S
        while not status.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert status.read_text().strip() == "EXIT=0", "\n".join(tmux.screen())
        left = [line for line in tmux.screen() if line.strip()]
        # No echoed keys left behind on the shell's screen (tmux may note the pane's end).
        assert [line for line in left if not line.startswith("Pane is dead")] == [], left
    finally:
        tmux.kill()
