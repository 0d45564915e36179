"""Keys delivered one at a time, so a burst never outruns the screen it was typed for."""

from __future__ import annotations

from time import monotonic
from typing import Any, Final

from textual import events, on
from textual.app import App
from textual.dom import DOMNode
from textual.widgets import Input

from salestui.tui.screens.base import ScreenReady

# A key not reported back within this time no longer holds the ones behind it.
KEY_STUCK_S: Final = 0.5


class KeysInOrder(App[None]):
    """An app that hands each key on only once the key before it has done its work."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._held_keys: list[events.Key] = []
        self._in_flight: events.Key | None = None
        self._sent_at = 0.0
        self._started = False  # the first screen has been ready once

    @on(events.Mount)
    def _watch_for_stuck_keys(self) -> None:
        self.set_interval(KEY_STUCK_S, self._release_keys)

    async def on_event(self, event: events.Event) -> None:
        """Deliver keys one at a time: the next only once the last one has done its work.

        Textual hands a burst of keys (fast typing over SSH, a paste) to the focused widget
        all at once, so keys typed right behind one that opens a dialog or moves the focus
        (a name after `a`, a date after Tab) reach the old widget and are lost or typed into
        the wrong field. Here each key waits until the one before it was used or came back
        unused, and until a newly opened screen is ready for it.
        """
        if not isinstance(event, events.Key):
            await super().on_event(event)
        elif not event.is_forwarded:
            if not self._started and event.key == "ctrl+j":
                # Typed before the terminal left line mode, Enter arrived as a line feed.
                event = events.Key("enter", "\r")
            self._held_keys.append(event)
            await self._release_keys()
        else:
            await super().on_event(event)  # back unused from the screen: the app's bindings
            if event is self._in_flight:
                self._key_done()

    def _screen_ready(self) -> bool:
        return bool(getattr(self.screen, "ready", True))

    @on(ScreenReady)
    def _first_screen_ready(self) -> None:
        self._started = True

    @on(ScreenReady)
    async def _release_keys(self) -> None:
        """Deliver held keys while nothing is in flight and the front screen is ready."""
        if self._in_flight is not None and monotonic() - self._sent_at > KEY_STUCK_S:
            self._in_flight = None  # a key that never reported back must not block the rest
        while self._held_keys and self._in_flight is None and self._screen_ready():
            event = self._held_keys.pop(0)
            target = self.focused or self.screen
            if self._takes_bursts(target, event):
                await super().on_event(event)
                continue
            self._in_flight, self._sent_at = event, monotonic()
            await super().on_event(event)
            if not event.is_forwarded:  # used by a priority binding of the app
                self._in_flight = None
            else:
                self._follow(event, target)

    @staticmethod
    def _takes_bursts(target: DOMNode, event: events.Key) -> bool:
        """Tell whether a key can go without waiting for the ones before it to be used.

        A text field keeps typed characters in order by itself, and the daily grid runs
        its own keys in arrival order; waiting there would make a burst crawl.
        """
        runs_in_order = getattr(target, "runs_in_order", None)  # the grid (not imported: it
        if runs_in_order is not None:  # would load the Metrics screen before the first frame)
            return bool(runs_in_order(event))
        return isinstance(target, Input) and event.is_printable

    def _follow(self, event: events.Key, node: DOMNode) -> None:
        """Find out when a key has been used by a widget or its parents, one hop at a time."""

        def check() -> None:
            if event is not self._in_flight:
                return
            if event._stop_propagation:
                self._key_done()
            elif node.parent is not None and node.parent is not self:
                self._follow(event, node.parent)
            # Otherwise it is on its way back to the app, whose on_event finishes it.

        node.call_next(check)

    def _key_done(self) -> None:
        # After a refresh, so what the key set off (a dialog closing on Enter) has happened.
        self._in_flight = None
        self.call_after_refresh(self.post_message, ScreenReady())
