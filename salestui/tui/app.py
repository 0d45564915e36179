"""The app shell: one mode per routine, global keys, help and the command palette."""

from __future__ import annotations

import importlib
from collections.abc import Awaitable, Callable, Mapping
from contextlib import suppress
from datetime import date, datetime
from time import monotonic, sleep
from typing import Any, ClassVar, Final, cast

from textual import events
from textual.app import App
from textual.binding import Binding, BindingType
from textual.dom import DOMNode
from textual.screen import Screen
from textual.worker import WorkerFailed

from salestui.failures import SAVE_FAILURES, failure_text, not_saved
from salestui.i18n import LANGUAGES, fmt_date, tr, tr_in
from salestui.models import AVAILABLE_ROUTINES, ROUTINES
from salestui.store import Repository
from salestui.tui.commands import Command, SalesCommands, SalesPalette
from salestui.tui.key_order import KeysInOrder
from salestui.tui.keys import is_ours, restore_alt_digits, spoken_key, translate_bindings
from salestui.tui.screens.today import TodayScreen
from salestui.tui.stylesheet import KeptStylesheet

IDLE_CHECKPOINT_S: Final = 30.0
# How often the app looks for what another salestui process saved in the same database.
FOLLOW_S: Final = 1.0
# The read-ahead thread waits this long after the last key before reading on.
READ_AHEAD_QUIET_S: Final = 0.5
# Screen numbers: the digit row, and the function-key row that mirrors it (F10 is 0).
NAV_KEYS: Final = {"today": "0", **{r: str(n) for n, r in enumerate(ROUTINES, 1)}, "team": "9"}
FKEYS: Final = {digit: f"f{int(digit) or 10}" for digit in NAV_KEYS.values()}
# Screens without a digit, opened from the palette (and by a letter from the screens near them).
PALETTE_SCREENS: Final = ("clients", "plans")
# Routines that share a screen: deal duration and ratios are two tabs of Stats.
ROUTINE_MODES: Final = {"duration": "stats", "ratios": "stats"}

restore_alt_digits()


class ReadAheadStopped(Exception):
    """The app ended while its read-ahead thread was reading: the thread stops."""


def _metrics_screen() -> Screen[None]:
    """Build the Daily metrics screen (imported on first use)."""
    from salestui.tui.screens.metrics import MetricsScreen

    return MetricsScreen()


def _team_screen() -> Screen[None]:
    """Build the Team screen (imported on first use)."""
    from salestui.tui.screens.team import TeamScreen

    return TeamScreen()


def _hot_screen() -> Screen[None]:
    """Build the Hot clients screen (imported on first use)."""
    from salestui.tui.screens.hot import HotScreen

    return HotScreen()


def _finance_screen() -> Screen[None]:
    """Build the Finance screen (imported on first use)."""
    from salestui.tui.screens.finance import FinanceScreen

    return FinanceScreen()


def _clients_screen() -> Screen[None]:
    """Build the Clients & deals screen (imported on first use)."""
    from salestui.tui.screens.clients import ClientsScreen

    return ClientsScreen()


def _plans_screen() -> Screen[None]:
    """Build the Plans screen (imported on first use)."""
    from salestui.tui.screens.plans import PlansScreen

    return PlansScreen()


def _stats_screen() -> Screen[None]:
    """Build the Stats screen (imported on first use)."""
    from salestui.tui.screens.stats import StatsScreen

    return StatsScreen()


def _calls_screen() -> Screen[None]:
    """Build the Calls screen (imported on first use)."""
    from salestui.tui.screens.calls import CallsScreen

    return CallsScreen()


def _base_review_screen() -> Screen[None]:
    """Build the Base review screen (imported on first use)."""
    from salestui.tui.screens.base_review import BaseReviewScreen

    return BaseReviewScreen()


def _rollcall_screen() -> Screen[None]:
    """Build the Roll-call screen (imported on first use)."""
    from salestui.tui.screens.rollcall import RollCallScreen

    return RollCallScreen()


def screen_name(target: str, lang: str | None = None) -> str:
    """Return the one name of a screen: the routine's name, or Today / Team."""
    key = f"routine.{target}" if target in ROUTINES else f"nav.{target}"
    return tr(key) if lang is None else tr_in(lang, key)


def _nav_bindings() -> list[BindingType]:
    """Digits open screens; Alt+digit and F1…F10 do too, also while typing into the grid."""
    result: list[BindingType] = []
    for target, digit in NAV_KEYS.items():
        name = f"routine.{target}" if target in ROUTINES else f"nav.{target}"
        for key in (digit, f"alt+{digit}", FKEYS[digit]):
            result.append(Binding(key, f"go('{target}')", name, show=False))
    return result


class SalesApp(KeysInOrder):
    """salestui's terminal app."""

    CSS_PATH = "app.tcss"
    TITLE = "salestui"
    COMMANDS: ClassVar[set[type[SalesCommands]]] = {SalesCommands}  # type: ignore[assignment]
    # Screens other than Today are imported when first opened: the first frame waits for
    # nothing it does not show.
    MODES: ClassVar[dict[str, Callable[[], Screen[None]]]] = {  # type: ignore[assignment]
        "today": TodayScreen,
        "metrics": _metrics_screen,
        "hot": _hot_screen,
        "finance": _finance_screen,
        "team": _team_screen,
        "clients": _clients_screen,
        "plans": _plans_screen,
        "stats": _stats_screen,
        "base_review": _base_review_screen,
        "calls": _calls_screen,
        "rollcall": _rollcall_screen,
    }
    DEFAULT_MODE = "today"
    BINDINGS: ClassVar[list[BindingType]] = [
        *_nav_bindings(),
        Binding("question_mark,comma", "help", "nav.help"),
        Binding("escape", "back", "nav.back", show=False),
        Binding("ctrl+q", "quit", "nav.quit", show=False, priority=True),
        # Declared here so its footer label is translated (Textual adds an English one).
        Binding("ctrl+p", "command_palette", "nav.palette", show=False, priority=True),
    ]

    def __init__(self, repo: Repository, *, today: date) -> None:
        super().__init__()
        # Nothing is parsed yet: the stylesheet that keeps parsed rules takes its place.
        self.stylesheet = KeptStylesheet(variables=self.get_css_variables())
        self.repo = repo
        self.today = today
        # The first error nothing on a screen handled; the app has then ended (see below).
        self.failure: BaseException | None = None
        # What the read-ahead thread made for a screen not opened yet, by screen.
        self._prepared: dict[str, object] = {}
        # The routine Clients & deals or Plans was opened from, for Esc to go back to.
        self._came_from: dict[str, str] = {}
        # When the user last pressed a key or clicked: the read-ahead waits for a quiet spell.
        self._last_input = 0.0
        # The Stats tab to show: the routine it was opened for, then the one last shown.
        self.stats_tab = "ratios"
        # How many daily backups to keep (0: none are taken; the CLI sets it).
        self.keep_backups = 0
        # What other processes saved while something was being typed: shown once it is not.
        self._unseen: dict[str, set[int] | None] = {}
        translate_bindings(self)

    def _handle_exception(self, error: Exception) -> None:
        """End the app on an unhandled error, printing nothing: the CLI says it in one line.

        Every error no handler caught reaches here in Textual 8.2 (message handlers, timers,
        workers, rendering). Textual's own version renders a traceback with the values of
        local variables (documents, paths, the database) and exits with a 0 from the console
        script. This keeps Textual's bookkeeping: return code 1, and the first error kept in
        `_exception`, which `run_test` raises again so a Pilot test sees it, and closes the
        app without a traceback or a `panic` renderable, so the terminal is restored and
        nothing is printed. The error is kept in `failure` for `salestui.cli`.
        """
        if self.failure is None:
            self.failure = error.error if isinstance(error, WorkerFailed) else error
        self._return_code = 1
        if self._exception is None:
            self._exception = error
            self._exception_event.set()
        self._close_messages_no_wait()

    def on_mount(self) -> None:
        # Fold the journal into the shard files while the user reads, not while they type.
        # A new record never waits for its year file to be parsed (Database.insert).
        self.set_interval(IDLE_CHECKPOINT_S, self.repo.checkpoint_if_due)
        self.set_interval(FOLLOW_S, self.follow_others)
        if self.keep_backups and self.repo.folder is not None:
            self.run_worker(self._daily_backup, thread=True, group="backup")

    def _daily_backup(self) -> None:
        """Take the day's backup in a thread (a copy of the folder: ~0.5 s at 100 MB), and
        say so only if it failed: the app works on regardless."""
        from salestui.store import StoreError
        from salestui.store.backup import daily_backup

        folder = self.repo.folder
        try:
            if folder is not None:
                daily_backup(folder, self.today, self.keep_backups)
        except (OSError, StoreError) as exc:
            text = tr("backup.daily_failed", problem=failure_text(exc))
            self.call_from_thread(self.notify, text, severity="warning", timeout=10, markup=False)

    def follow_others(self) -> None:
        """Apply what another salestui saved in this database, tell the user about records
        it changed after their own save, and show the rest unless something is being typed
        (a dialog is open, or a cell or search is being edited): then once it is not."""
        try:
            self.repo.follow()
        except SAVE_FAILURES as exc:
            self.notify(not_saved(exc), severity="error", timeout=10, markup=False)
            return
        for table, doc_id, doc, deleted in self.repo.take_conflicts():
            text = conflict_text(self.repo, table, doc_id, doc, deleted=deleted)
            self.notify(text, severity="warning", timeout=15, markup=False)
        for table, ids in self.repo.take_external().items():
            known = self._unseen.get(table, set())
            self._unseen[table] = None if ids is None or known is None else known | ids
        if self._unseen and not self._typing():
            from salestui.tui.screens.base import BaseScreen

            changed, self._unseen = self._unseen, {}
            if isinstance(self.screen, BaseScreen):
                self.screen.others_saved(changed)

    def _typing(self) -> bool:
        """Tell whether the user is in the middle of something a refresh would disturb."""
        from textual.widgets import Input

        from salestui.tui.screens.base import BaseScreen

        screen = self.screen
        if len(self.screen_stack) > 1 or isinstance(self.focused, Input):
            return True
        return isinstance(screen, BaseScreen) and screen.editing()

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key | events.MouseDown):
            self._last_input = monotonic()
        await super().on_event(event)

    def wait_for_rest(self) -> None:
        """Wait (in a reading thread) until the user has not typed for a moment: a key
        and the screen it opens get the whole interpreter, not half of it. Once the app has
        ended, stop the reading (ReadAheadStopped): nothing would show what it reads."""
        while monotonic() - self._last_input < READ_AHEAD_QUIET_S and self.is_running:
            sleep(0.05)
        if not self.is_running:
            raise ReadAheadStopped

    def read_ahead(self, opened: Callable[[], None]) -> None:
        """Read the sales data in a background thread after Today's first frame (Today
        calls this), then audit the base for its review, index the client base and count
        this month's Stats, so the screens open without reading files.
        The thread pauses between files while the user types."""

        def clients() -> None:
            from salestui.tui.screens.clients import prepare

            self._prepared["clients"] = prepare(self.repo, self.wait_for_rest)

        def stats() -> None:
            from salestui.tui.screens.stats import prepare

            self._prepared["stats"] = prepare(self.repo, self.today, self.wait_for_rest)

        def base_review() -> None:
            from salestui.queries import base_figures

            # The quality screens' modules too (~100 ms each of imports on first open).
            importlib.import_module("salestui.tui.screens.base_review")
            importlib.import_module("salestui.tui.screens.calls")
            importlib.import_module("salestui.tui.screens.rollcall")

            staff = [e.id for e in self.repo.employees() if e.employed_on(self.today)]
            self._prepared["base_review"] = base_figures(self.repo, self.today, staff)

        # The base's figures first: their passes over 100,000 clients leave room behind
        # that the indexes after reuse (the session's peak was ~20 MB higher the other way).
        self.repo.read_ahead(
            self.today, opened, then=[base_review, clients, stats], quiet=self.wait_for_rest
        )

    def has_prepared(self, screen: str) -> bool:
        """Tell whether the read-ahead has made something for a screen."""
        return self._prepared.get(screen) is not None

    def take_prepared(self, screen: str) -> object:
        """Return (once) what the read-ahead made for a screen, or None."""
        return self._prepared.pop(screen, None)

    def get_key_display(self, binding: Binding) -> str:
        """Name keys like space and enter in the interface language."""
        return binding.key_display or spoken_key(binding.key) or super().get_key_display(binding)

    def action_go(self, target: str) -> None:
        """Open a routine, Today or Team; say so if the routine is not available yet.

        Clients & deals and Plans are opened from a routine (`c`, `P`) or the palette: Esc
        there goes back to the screen they were opened from, not to Today.
        """
        mode = ROUTINE_MODES.get(target, target)
        if mode in self.MODES:
            if target in PALETTE_SCREENS and self.current_mode not in (target, "today"):
                self._came_from[target] = self.current_mode
            elif target in PALETTE_SCREENS:
                self._came_from.pop(target, None)
            if mode != target:
                self.stats_tab = target
                if self.current_mode == mode:
                    self.screen.show_tab(target)  # type: ignore[attr-defined]
                    return
            self.switch_mode(mode)
        else:
            self.notify(tr("nav.not_available", name=screen_name(target)), timeout=3, markup=False)

    async def action_back(self) -> None:
        """Close a dialog, or go back to the screen this one was opened from, or to Today."""
        if len(self.screen_stack) > 1:
            await self.pop_screen()
        elif self.current_mode != "today":
            await self.switch_mode(self._came_from.pop(self.current_mode, "today"))

    def action_help(self) -> None:
        """Show every key of the current screen and the global ones."""
        from salestui.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_command_palette(self) -> None:
        """Open the command palette in the interface language."""
        if not SalesPalette.is_open(cast("App[object]", self)):
            self.push_screen(SalesPalette())

    def now(self) -> datetime:
        """Return the time of day on the (possibly pinned) date of today."""
        return datetime.combine(self.today, datetime.now().time().replace(microsecond=0))

    def action_mark_done(self, routine: str) -> None:
        """Mark a routine done for today."""
        try:
            self.repo.set_routine_done(self.today, routine, True, self.now())
        except SAVE_FAILURES as exc:
            self.notify(not_saved(exc), severity="error", timeout=10, markup=False)
            return
        self.notify(tr("routine.marked_done", name=screen_name(routine)), timeout=3, markup=False)
        if isinstance(self.screen, TodayScreen):
            self.screen.refresh_data()

    def action_import(self) -> None:
        """Ask for a table and a file, preview the import, import on Enter (the palette's)."""
        from salestui.tui.screens.import_dialog import ask_import

        ask_import(self)

    def refresh_screen_data(self) -> None:
        """Have the screen on view read again what an import may have changed."""
        from salestui.tui.screens.base import BaseScreen

        screen = self.screen
        if isinstance(screen, BaseScreen):
            screen.came_back()

    def action_export(self) -> None:
        """Ask for a table and a file, and write it (the command palette's export)."""
        from salestui.tui.screens.export_dialog import ask_export

        ask_export(self)

    def palette_commands(self, screen: Screen[object]) -> list[Command]:
        """Return the palette's commands: screens, routines, this screen's actions, the app's."""
        commands: list[Command] = []
        for target, digit in NAV_KEYS.items():
            if target in ROUTINES and target not in AVAILABLE_ROUTINES:
                continue
            keys = f"{digit}, Alt+{digit}, {FKEYS[digit].upper()}"
            commands.append(
                Command(
                    tr("palette.go", name=screen_name(target)),
                    tr("palette.keys", keys=keys),
                    _runner(self, f"go('{target}')"),
                    _aliases("palette.go", target),
                )
            )
        for target in PALETTE_SCREENS:
            commands.append(
                Command(
                    tr("palette.go", name=screen_name(target)),
                    tr(f"palette.{target}_help"),
                    _runner(self, f"go('{target}')"),
                    _aliases("palette.go", target),
                )
            )
        actions: dict[str, tuple[DOMNode, Binding, list[str]]] = {}
        for node, binding, enabled, _ in screen.active_bindings.values():
            if node is self or not is_ours(binding) or not enabled:
                continue
            bound = actions.setdefault(binding.action, (node, binding, []))[2]
            if binding.key.isascii() and (shown := self.get_key_display(binding)) not in bound:
                bound.append(shown)  # the Russian-layout aliases would only repeat the key
        for routine in ROUTINES:
            if routine in AVAILABLE_ROUTINES:
                # On a screen that marks its routine done with a key, say which.
                found = actions.pop(f"app.mark_done('{routine}')", None)
                commands.append(
                    Command(
                        tr("palette.mark_done", name=screen_name(routine)),
                        tr("palette.keys", keys=", ".join(found[2]))
                        if found
                        else tr("palette.mark_done_help"),
                        _runner(self, f"mark_done('{routine}')"),
                        _aliases("palette.mark_done", routine),
                    )
                )
        for action, (node, binding, bound) in actions.items():
            commands.append(
                Command(
                    binding.description,
                    tr("palette.keys", keys=", ".join(bound)),
                    _runner(node, action),
                )
            )
        commands += [
            Command(tr("nav.help"), tr("palette.help_help"), self.action_help),
            Command(
                tr("palette.import"),
                tr("palette.import_help"),
                self.action_import,
                [tr_in(lang, key) for lang in LANGUAGES for key in IMPORT_WORDS],
            ),
            Command(
                tr("palette.export"),
                tr("palette.export_help"),
                self.action_export,
                [tr_in(lang, key) for lang in LANGUAGES for key in EXPORT_WORDS],
            ),
            Command(tr("palette.theme"), tr("palette.theme_help"), self.action_change_theme),
            Command(tr("nav.quit"), tr("palette.quit_help"), self.action_quit),
        ]
        return commands


def conflict_text(
    repo: Repository, table: str, doc_id: int, doc: Mapping[str, Any] | None, *, deleted: bool
) -> str:
    """Say which record another process changed (or deleted) after this one saved it: an
    employee's numbers, plan or answer by the employee's name and the date."""
    from salestui.models import Employee
    from salestui.store.verify import label_of

    label = label_of(table, doc_id, doc)
    who = doc.get("employee_id") if doc is not None else None
    employee = repo.get(Employee, who) if type(who) is int else None
    if employee is not None and doc is not None:
        when = str(doc.get("date") or doc.get("month") or "")
        with suppress(ValueError):
            when = fmt_date(date.fromisoformat(when))  # a day as the language writes it
        label = f"{employee.name} {when}".strip()
    key = "store.conflict_deleted" if deleted else "store.conflict"
    return tr(key, table=tr(f"record.{table}"), label=label)


# What the export is found by in the palette, in every language ("экспорт", "Excel").
EXPORT_WORDS: Final = ("palette.export", "palette.export_words")
IMPORT_WORDS: Final = ("palette.import", "palette.import_words")


def _aliases(message: str, target: str) -> list[str]:
    """Return a command's title in every language, and the bare screen names too."""
    names = [screen_name(target, lang) for lang in LANGUAGES]
    titles = [
        tr_in(lang, message).format(name=name) for lang, name in zip(LANGUAGES, names, strict=True)
    ]
    return [*titles, *names]


def _runner(node: DOMNode, action: str) -> Callable[[], Awaitable[None]]:
    """Return a palette callback that runs an action on the node that owns the binding."""

    async def run() -> None:
        await node.app.run_action(action, node)

    return run


def make_app(repo: Repository, *, today: date, keep_backups: int = 0) -> SalesApp:
    """Build the app for the CLI and the tests alike (the CLI keeps daily backups)."""
    app = SalesApp(repo, today=today)
    app.keep_backups = keep_backups
    return app
