"""One-field dialogs: a date (ISO, Russian form or t for today) or a line of text."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import ClassVar, Generic, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Input, Label, Static

from salestui.i18n import fmt_date, parse_date, tr
from salestui.tui.screens.base import BaseModal

T = TypeVar("T")


class Prompt(BaseModal[T | None], Generic[T]):
    """Ask for one value; return what `parse` makes of it, or None if cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "dialog.cancel")]

    def __init__(
        self, title: str, value: str, hint: str, parse: Callable[[str], T], *, placeholder: str = ""
    ) -> None:
        super().__init__()
        self._title = title
        self._value = value
        self._hint = hint
        self._parse = parse
        self._placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self._title, classes="dialog-title", markup=False)
            yield Input(value=self._value, placeholder=self._placeholder, id="prompt-input")
            yield Static(self._hint, id="prompt-error", classes="hint", markup=False)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        try:
            value = self._parse(event.value)
        except ValueError as exc:
            error = self.query_one("#prompt-error", Static)
            error.update(f"✗ {exc}")
            error.add_class("error")
            return
        self.dismiss(value)

    def action_cancel(self) -> None:
        """Close without choosing."""
        self.dismiss(None)


class DatePrompt(Prompt[date]):
    """Ask for a date: 2026-11-26, 26.11.2026, 26.11 or t for today."""

    def __init__(
        self,
        current: date | None,
        today: date,
        *,
        title: str | None = None,
        check: Callable[[date], object] | None = None,
    ) -> None:
        def parse(text: str) -> date:
            day = parse_date(text, today=today)
            if check is not None:
                check(day)  # raises ValueError with a message; the dialog stays open
            return day

        super().__init__(
            title or tr("date.title"),
            fmt_date(current) if current else "",
            tr("date.hint"),
            parse,
            placeholder=tr("date.placeholder"),
        )


class TextPrompt(Prompt[str]):
    """Ask for a line of text (trimmed; may be empty)."""

    def __init__(
        self, title: str, value: str, hint: str, *, check: Callable[[str], object] | None = None
    ) -> None:
        def parse(text: str) -> str:
            line = " ".join(text.split())
            if check is not None:
                check(line)  # raises ValueError with a message; the dialog stays open
            return line

        super().__init__(title, value, hint, parse)
