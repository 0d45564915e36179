"""Help: every key that works on the screen below, how to leave the grid, the global keys."""

from __future__ import annotations

import re
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Label, Static

from salestui.i18n import tr
from salestui.models import AVAILABLE_ROUTINES, ROUTINES
from salestui.tui.keys import is_ours
from salestui.tui.screens.base import BaseModal


class HelpScreen(BaseModal[None]):
    """List the keys of the screen it was opened from."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q,f1", "close", "dialog.close"),
    ]

    def __init__(self, under: Screen[object]) -> None:
        super().__init__()
        self._under = under

    def _lines(self) -> list[str]:
        rows: dict[str, tuple[str, list[str]]] = {}  # by action: a description, its keys
        listed: set[str] = set()
        for key, (_, binding, _, _) in self._under.active_bindings.items():
            if not is_ours(binding) or key.startswith("alt+") or re.fullmatch(r"f[0-9]+", key):
                continue  # Alt+digit and F1…F10 are explained below, once
            if len(key) == 1 and not key.isascii() or key == "comma":
                continue  # layout aliases work, but listing them twice is noise
            text = binding.description
            target = binding.action.removeprefix("go('").removesuffix("')")
            if target in ROUTINES and target not in AVAILABLE_ROUTINES:
                text += f" ({tr('today.not_available')})"
            shown = self.app.get_key_display(binding)
            if binding.key_display and binding.key_display in listed:
                continue  # a key pair drawn as one ("Shift+←→ Period") is listed once
            if binding.key_display:
                listed.add(binding.key_display)
            keys = rows.setdefault(binding.action, (text, []))[1]
            if shown not in keys:
                keys.append(shown)
        width = max((len(", ".join(k)) for _, k in rows.values()), default=0)
        lines = [f"{', '.join(k):>{width}}  {d}" for d, k in rows.values()]
        # A screen's own markers (the hot list's "!step", "zz", ...) are explained here too.
        legend = getattr(self._under, "help_legend", None)
        if callable(legend):
            lines += ["", *legend()]
        lines += ["", tr("help.leave_grid"), tr("help.fkeys"), tr("help.layout")]
        return lines

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog help"):
            yield Label(tr("help.title"), classes="dialog-title")
            yield Static(tr("help.close"), classes="hint top", markup=False)
            # Not markup: key names like "[" would be read as the start of a style tag.
            yield Static("\n".join(self._lines()), id="help-keys", markup=False)

    def action_close(self) -> None:
        """Close help."""
        self.dismiss(None)
