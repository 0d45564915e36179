"""A dialog to add or edit an employee: name, role and hire date."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Input, Label, RadioButton, RadioSet, Static

from salestui.i18n import fmt_date, parse_date, tr
from salestui.models import ROLES, Employee, ValidationError
from salestui.tui.screens.base import BaseModal


class EmployeeForm(BaseModal[Employee | None]):
    """Save an added or edited employee and return it, or None if cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "dialog.cancel"),
        Binding("ctrl+s", "submit", "dialog.save"),
    ]

    def __init__(
        self, employee: Employee | None, today: date, save: Callable[[Employee], Employee]
    ) -> None:
        super().__init__()
        self._employee = employee
        self._today = today
        self._save = save

    def compose(self) -> ComposeResult:
        employee = self._employee
        title = tr("team.add_title") if employee is None else tr("team.edit_title")
        role = employee.role if employee else "office"
        hired = employee.hired if employee else self._today
        with Vertical(classes="dialog"):
            yield Label(title, classes="dialog-title")
            yield Label(tr("field.name"))
            yield Input(value=employee.name if employee else "", id="name")
            yield Label(tr("field.role"))
            with RadioSet(id="role"):
                for code in ROLES:
                    yield RadioButton(tr(f"role.{code}"), value=code == role, id=f"role-{code}")
            yield Label(tr("field.hired"))
            yield Input(value=fmt_date(hired) if hired else "", id="hired")
            yield Static(tr("team.form_hint"), id="form-error", classes="hint")

    def _role(self) -> str:
        pressed = self.query_one("#role", RadioSet).pressed_button
        return (pressed.id or "role-office").removeprefix("role-") if pressed else "office"

    @on(Input.Submitted)
    def action_submit(self) -> None:
        """Validate the form and return the employee."""
        name = self.query_one("#name", Input).value
        hired_text = self.query_one("#hired", Input).value.strip()
        try:
            hired = parse_date(hired_text, today=self._today) if hired_text else None
        except ValueError as exc:
            self._error(f"{tr('field.hired')}: {exc}")
            return
        try:
            if self._employee is None:
                result = Employee(name, self._role(), True, hired)
            else:
                result = replace(self._employee, name=name, role=self._role(), hired=hired)
            saved = self._save(result)
        except ValidationError as exc:
            self._error(str(exc))
            return
        self.dismiss(saved)

    def _error(self, text: str) -> None:
        error = self.query_one("#form-error", Static)
        error.update(text)
        error.add_class("error")

    def action_cancel(self) -> None:
        """Close without saving."""
        self.dismiss(None)
