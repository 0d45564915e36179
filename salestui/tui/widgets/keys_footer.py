"""The footer of key hints, recomposed only when the keys it shows change."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer

Shown = tuple[tuple[str, str, bool], ...]


class KeysFooter(Footer):
    """Textual's Footer, drawn with the first frame and recomposed only for new keys.

    The stock Footer draws nothing until the screen first announces its bindings, which
    comes after the first frame, and then recomposes at every announcement even when the
    keys are the same; each recompose lays the whole screen out again (tens of ms at 120×40,
    the keyboard waiting).
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._bindings_ready = True
        self._shown: Shown | None = None

    def _keys(self) -> Shown:
        """Return what the footer would show now: per action, its first key, label, enabled.

        Grouped by action in order of first appearance, as Footer.compose groups them: the
        bindings' own order moves when the focus does, what is shown does not.
        """
        shown: dict[str, tuple[str, str, bool]] = {}
        for _, binding, enabled, _ in self.screen.active_bindings.values():
            if binding.show and binding.action not in shown:
                shown[binding.action] = (binding.key, binding.description, enabled)
        return tuple(shown.values())

    def compose(self) -> ComposeResult:
        self._shown = self._keys()
        yield from super().compose()

    def bindings_changed(self, screen: Screen[Any]) -> None:
        if self.is_attached and screen is self.screen and self._keys() == self._shown:
            return
        super().bindings_changed(screen)
