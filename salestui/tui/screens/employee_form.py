"""A dialog to add or edit an employee: name, role, hire date (and leave date once left)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Input, Label, RadioSet, Static

from salestui.failures import SAVE_FAILURES, not_saved
from salestui.i18n import fmt_date, parse_date, tr
from salestui.models import ROLES, Employee, ValidationError, clean_name
from salestui.tui.screens.base import BaseModal
from salestui.tui.widgets.toggles import MarkedRadioButton


class RoleChoice(RadioSet, inherit_bindings=False):
    """The role picker: arrows choose (what is highlighted is what is saved); Enter saves."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,right", "choose(1)", show=False),
        Binding("up,left", "choose(-1)", show=False),
        Binding("space", "toggle_button", show=False),
    ]

    def action_choose(self, step: int) -> None:
        """Move to the next or previous role and choose it."""
        if step > 0:
            self.action_next_button()
        else:
            self.action_previous_button()
        self.action_toggle_button()


class EmployeeForm(BaseModal[Employee | None]):
    """Save an added or edited employee and return it, or None if cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "dialog.cancel"),
        Binding("ctrl+s,enter", "submit", "dialog.save"),
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
        with Vertical(classes="dialog"):
            yield Label(title, classes="dialog-title")
            yield Label(tr("field.name"))
            yield Input(value=employee.name if employee else "", id="name")
            yield Label(tr("field.role"))
            with RoleChoice(id="role"):
                for code in ROLES:
                    yield MarkedRadioButton(
                        tr(f"role.{code}"), value=code == role, id=f"role-{code}"
                    )
            # A new person's start date is asked, never assumed: people are usually entered
            # long after they were hired, and "today" would flag them for days they were not here.
            yield Label(tr("field.hired"))
            hired = employee.hired if employee else None
            yield Input(
                value=fmt_date(hired) if hired else "",
                placeholder=tr("team.hired_placeholder"),
                id="hired",
            )
            if employee is not None and employee.left is not None:
                yield Label(tr("field.left"))
                yield Input(value=fmt_date(employee.left), id="left")
            yield Static(tr("team.form_hint"), id="form-error", classes="hint", markup=False)

    def _role(self) -> str:
        pressed = self.query_one("#role", RadioSet).pressed_button
        return (pressed.id or "role-office").removeprefix("role-") if pressed else "office"

    def _date(self, selector: str, label: str, *, required: bool) -> date | None:
        """Parse a date field; raise ValidationError naming it."""
        text = self.query_one(selector, Input).value.strip()
        if not text:
            if required:
                raise ValidationError(label, text, f"{label}: {tr('team.hired_required')}")
            return None
        try:
            return parse_date(text, today=self._today)
        except ValueError as exc:
            raise ValidationError(label, text, f"{label}: {exc}") from None

    @on(Input.Submitted)
    def action_submit(self) -> None:
        """Validate the form and return the employee."""
        name = self.query_one("#name", Input).value
        employee = self._employee
        try:
            clean_name(tr("field.name"), name)  # the name first: it is the first field
            # Legacy records may lack a hire date; a new person must have one.
            required = employee is None or employee.hired is not None
            hired = self._date("#hired", tr("field.hired"), required=required)
            left = employee.left if employee else None
            if self.query("#left"):
                left = self._date("#left", tr("field.left"), required=False)
            if employee is None:
                result = Employee(name, self._role(), hired)
            else:
                result = replace(employee, name=name, role=self._role(), hired=hired, left=left)
            saved = self._save(result)
        except ValidationError as exc:
            self._error(str(exc))
            return
        except SAVE_FAILURES as exc:
            self._error(not_saved(exc))  # the disk refused: the dialog stays open as typed
            return
        self.dismiss(saved)

    def _error(self, text: str) -> None:
        error = self.query_one("#form-error", Static)
        error.update(text)
        error.add_class("error")

    def action_cancel(self) -> None:
        """Close without saving."""
        self.dismiss(None)
