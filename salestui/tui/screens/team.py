"""Team: add, edit (rename, role, hire date) and deactivate employees."""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.widgets import DataTable, Footer, Header, Static

from salestui.i18n import fmt_date, tr
from salestui.models import Employee
from salestui.tui.keys import bind
from salestui.tui.screens.base import BaseScreen
from salestui.tui.screens.employee_form import EmployeeForm


class TeamScreen(BaseScreen):
    """The list of employees, active first."""

    BINDINGS: ClassVar[list[BindingType]] = [
        bind("a", "add", "team.add"),
        bind("e", "edit", "team.edit"),
        bind("r", "edit", "team.rename"),
        bind("x", "toggle_active", "team.toggle_active"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="team-summary")
        yield DataTable(id="team", cursor_type="row", zebra_stripes=True)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        table = self.query_one("#team", DataTable)
        for key in ("name", "role", "status", "hired"):
            table.add_column(tr(f"team.col.{key}"), key=key)
        self.refresh_data()

    def on_screen_resume(self) -> None:
        self.refresh_data()

    def refresh_data(self, select: int | None = None) -> None:
        """Reload the employees, keeping (or moving) the cursor."""
        self.sub_title = tr("nav.team")
        table = self.query_one("#team", DataTable)
        row = table.cursor_row
        staff = sorted(self.repo.employees(), key=lambda e: not e.active)
        self._staff = staff
        table.clear()
        for employee in staff:
            style = "" if employee.active else "dim"
            table.add_row(
                Text(employee.name, style=style),
                Text(tr(f"role.{employee.role}"), style=style),
                Text(tr("team.active" if employee.active else "team.inactive"), style=style),
                Text(fmt_date(employee.hired) if employee.hired else "", style=style),
                key=str(employee.id),
            )
        if select is not None:
            row = next((i for i, e in enumerate(staff) if e.id == select), row)
        if staff:
            table.move_cursor(row=min(row, len(staff) - 1))
        active = sum(e.active for e in staff)
        summary = tr("team.summary", active=active, inactive=len(staff) - active)
        self.query_one("#team-summary", Static).update(summary if staff else tr("team.empty"))

    def _selected(self) -> Employee | None:
        table = self.query_one("#team", DataTable)
        if not self._staff:
            return None
        return self._staff[table.cursor_row]

    def _open_form(self, employee: Employee | None) -> None:
        save = self.repo.add_employee if employee is None else self.repo.update_employee

        def done(saved: Employee | None) -> None:
            if saved is not None:
                self.refresh_data(select=saved.id)
                self.notify(tr("team.saved", name=saved.name), timeout=2)

        self.app.push_screen(EmployeeForm(employee, self.today, save), done)

    def action_add(self) -> None:
        """Add an employee."""
        self._open_form(None)

    def action_edit(self) -> None:
        """Rename the selected employee or change their role or hire date."""
        employee = self._selected()
        if employee is not None:
            self._open_form(employee)

    def action_toggle_active(self) -> None:
        """Deactivate the selected employee (or bring them back); history stays."""
        employee = self._selected()
        if employee is None:
            return
        saved = self.repo.update_employee(replace(employee, active=not employee.active))
        key = "team.deactivated" if not saved.active else "team.reactivated"
        self.notify(tr(key, name=saved.name), timeout=2)
        self.refresh_data(select=saved.id)
