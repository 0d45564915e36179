"""A dialog asking for a date in either the ISO or the Russian form."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Input, Label, Static

from salestui.i18n import fmt_date, parse_date, tr
from salestui.tui.screens.base import BaseModal


class DatePrompt(BaseModal[date | None]):
    """Return the typed date, or None if cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "dialog.cancel")]

    def __init__(self, current: date, today: date) -> None:
        super().__init__()
        self._current = current
        self._today = today

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(tr("date.title"), classes="dialog-title")
            yield Input(value=fmt_date(self._current), id="date-input")
            yield Static(tr("date.hint"), id="date-error", classes="hint")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        try:
            day = parse_date(event.value, today=self._today)
        except ValueError as exc:
            error = self.query_one("#date-error", Static)
            error.update(str(exc))
            error.add_class("error")
            return
        self.dismiss(day)

    def action_cancel(self) -> None:
        """Close without choosing."""
        self.dismiss(None)
