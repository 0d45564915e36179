"""The command palette: every screen, routine and action, found by its name in either language."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.align import Align
from rich.text import Text
from textual.command import CommandList, CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.widgets.option_list import Option

from salestui.i18n import tr

if TYPE_CHECKING:
    from salestui.tui.app import SalesApp


@dataclass(frozen=True, slots=True)
class Command:
    """A palette entry: an action title, a help line, what it runs, and other names for it."""

    title: str
    help: str
    run: Callable[[], Awaitable[None] | None]
    aliases: Sequence[str] = ()


class SalesCommands(Provider):
    """Offers the app's commands; a query matches the title or any alias (English or Russian)."""

    def _commands(self) -> list[Command]:
        app: SalesApp = self.app  # type: ignore[assignment]
        return app.palette_commands(self.screen)

    async def discover(self) -> Hits:
        """List every command when nothing is typed yet."""
        for command in self._commands():
            yield DiscoveryHit(command.title, command.run, help=command.help)

    async def search(self, query: str) -> Hits:
        """Yield the commands whose title or alias matches the query."""
        matcher = self.matcher(query)
        for command in self._commands():
            by_title = matcher.match(command.title)
            score = max([by_title, *(matcher.match(alias) for alias in command.aliases)])
            if score > 0:
                shown = matcher.highlight(command.title) if by_title else Content(command.title)
                yield Hit(score, shown, command.run, help=command.help)


class SalesPalette(CommandPalette):
    """Textual's palette with its own two English strings translated."""

    def __init__(self) -> None:
        super().__init__(
            providers=[SalesCommands], placeholder=tr("palette.placeholder"), id="--command-palette"
        )

    def _start_no_matches_countdown(self, search_value: str) -> None:
        # Textual's own countdown writes an English "No matches found"; this one translates it.
        self._stop_no_matches_countdown()

        def show() -> None:
            if search_value:
                self.query_one(CommandList).add_option(
                    Option(
                        Align.center(Text(tr("palette.no_matches"), style="not bold")),
                        disabled=True,
                        id=self._NO_MATCHES,
                    )
                )
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show)
