"""The base of every screen: translated bindings and typed access to the app's state."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast

from textual import events, on
from textual.geometry import Size
from textual.message import Message
from textual.screen import ModalScreen, Screen

from salestui.store import Repository
from salestui.tui.keys import translate_bindings

if TYPE_CHECKING:
    from salestui.tui.app import SalesApp

T = TypeVar("T")


class ScreenReady(Message):
    """A screen has composed, loaded and focused its first widget: keys may reach it now."""


def announce_ready(screen: Screen[Any]) -> None:
    """Tell the app a screen can take keys (see SalesApp.on_event)."""
    screen.ready = True  # type: ignore[attr-defined]
    screen.app.post_message(ScreenReady())


class BaseScreen(Screen[None]):
    """A routine screen."""

    ready = False
    # Left for another screen (not covered by a dialog) since it was last shown.
    _left = False

    def on_screen_suspend(self) -> None:
        # A dialog on top is the same errand (its screen refreshes when it is done);
        # another screen may change what this one shows.
        self._left = self not in self.app.screen_stack

    def on_screen_resume(self) -> None:
        # Not on the first resume, which comes right after on_mount has read everything.
        if self._left:
            self._left = False
            self.came_back()

    def came_back(self) -> None:
        """Read again what another screen may have changed (screens that show data do)."""

    def others_saved(self, changed: Mapping[str, set[int] | None]) -> None:
        """Show what another salestui process saved: the ids by table (None: any of them).

        Called only while nothing is being typed; by default the screen reads again as if
        the user came back to it.
        """
        self.came_back()

    def editing(self) -> bool:
        """Tell whether something typed on this screen is not saved yet (kept on screen)."""
        return False

    def __init__(self) -> None:
        super().__init__()
        translate_bindings(self)

    @on(events.Mount)
    def _ready(self) -> None:
        # Runs after the subclass's own on_mount: the data is loaded and the focus is set.
        announce_ready(self)

    def _screen_resized(self, size: Size) -> None:
        """Lay out again only for a new size.

        Textual resizes a screen once right after its first frame, to the size it was just
        laid out at; laying out and drawing everything again then held the keyboard for
        ~80 ms. Widgets that change still ask for their own layout as usual.
        """
        if self.is_attached and size == self._compositor.size:
            return
        super()._screen_resized(size)

    @property
    def sales(self) -> SalesApp:
        """Return the app, typed."""
        from salestui.tui.app import SalesApp

        return cast(SalesApp, self.app)

    @property
    def repo(self) -> Repository:
        """Return the repository."""
        return self.sales.repo

    @property
    def today(self) -> date:
        """Return the (possibly pinned) date of today."""
        return self.sales.today


class BaseModal(ModalScreen[T], Generic[T]):
    """A dialog returning a value."""

    ready = False

    def __init__(self) -> None:
        super().__init__()
        translate_bindings(self)

    @on(events.Mount)
    def _ready(self) -> None:
        announce_ready(self)
