"""The app shell: one mode per routine, global keys, help and the command palette."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from datetime import date
from typing import ClassVar, Final

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.dom import DOMNode
from textual.screen import Screen

from salestui.i18n import tr
from salestui.models import AVAILABLE_ROUTINES, ROUTINES
from salestui.store import Repository
from salestui.tui.keys import is_ours, translate_bindings
from salestui.tui.screens.metrics import MetricsScreen
from salestui.tui.screens.team import TeamScreen
from salestui.tui.screens.today import TodayScreen

IDLE_CHECKPOINT_S: Final = 30.0
WARM_AFTER_S: Final = 0.3
NAV_KEYS: Final = {"today": "0", **{r: str(n) for n, r in enumerate(ROUTINES, 1)}, "team": "9"}


def _nav_bindings() -> list[BindingType]:
    """Digits open routines (layout-independent); alt+digit works inside number cells too."""
    result: list[BindingType] = []
    for target, digit in NAV_KEYS.items():
        result.append(Binding(digit, f"go('{target}')", f"nav.{target}", show=False))
        result.append(Binding(f"alt+{digit}", f"go('{target}')", f"nav.{target}", show=False))
    return result


class SalesApp(App[None]):
    """salestui's terminal app."""

    CSS_PATH = "app.tcss"
    TITLE = "salestui"
    MODES: ClassVar[dict[str, type[Screen[None]]]] = {  # type: ignore[assignment]
        "today": TodayScreen,
        "metrics": MetricsScreen,
        "team": TeamScreen,
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
        self.repo = repo
        self.today = today
        translate_bindings(self)

    def on_mount(self) -> None:
        # Fold the journal into the shard files while the user reads, not while they type.
        self.set_interval(IDLE_CHECKPOINT_S, self.repo.db.checkpoint_if_due)
        # After the first frame, not before it: the open stays fast, the first save too.
        self.set_timer(WARM_AFTER_S, lambda: self.repo.warm(self.today.year))

    def action_go(self, target: str) -> None:
        """Open a routine, Today or Team; say so if the routine is not available yet."""
        if target in self.MODES:
            self.switch_mode(target)
        else:
            self.notify(tr("nav.not_available", name=tr(f"routine.{target}")), timeout=3)

    async def action_back(self) -> None:
        """Close a dialog, or go back to Today."""
        if len(self.screen_stack) > 1:
            await self.pop_screen()
        elif self.current_mode != "today":
            await self.switch_mode("today")

    def action_help(self) -> None:
        """Show every key of the current screen and the global ones."""
        from salestui.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Offer every routine and every action of the current screen in the palette."""
        # Textual's own entries are English-only; these are the ones that matter, translated.
        yield SystemCommand(tr("palette.theme"), tr("palette.theme_help"), self.action_change_theme)
        yield SystemCommand(tr("nav.help"), tr("palette.help_help"), self.action_help)
        yield SystemCommand(tr("nav.quit"), tr("palette.quit_help"), self.action_quit)
        for target in NAV_KEYS:
            if target in ROUTINES and target not in AVAILABLE_ROUTINES:
                continue
            title = f"{tr('palette.open')}: {tr(f'nav.{target}')}"
            yield SystemCommand(title, tr("palette.open_help"), _runner(self, f"go('{target}')"))
        seen = set()
        for node, binding, enabled, _ in screen.active_bindings.values():
            if node is self or not is_ours(binding) or not enabled:
                continue
            if binding.action in seen:
                continue
            seen.add(binding.action)
            title = f"{tr(f'palette.screen.{type(screen).__name__}')}: {binding.description}"
            yield SystemCommand(title, binding.key, _runner(node, binding.action))


def _runner(node: DOMNode, action: str) -> Callable[[], Awaitable[None]]:
    """Return a palette callback that runs an action on the node that owns the binding."""

    async def run() -> None:
        await node.app.run_action(action, node)

    return run


def make_app(repo: Repository, *, today: date) -> SalesApp:
    """Build the app for the CLI and the tests alike."""
    return SalesApp(repo, today=today)
