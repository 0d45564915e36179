"""Team: add and edit employees, record who left (and bring them back), name the team."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import date
from typing import ClassVar, TypeVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.widgets import DataTable, Header, Static

from salestui.failures import SAVE_FAILURES, not_saved
from salestui.i18n import fmt_date, tr
from salestui.models import Employee
from salestui.textfit import fit_names
from salestui.tui.keys import bind
from salestui.tui.screens.base import BaseScreen
from salestui.tui.screens.employee_form import EmployeeForm
from salestui.tui.widgets.keys_footer import KeysFooter

# The width the role, status and date columns take with their padding.
OTHER_COLUMNS = 52
NAME_MIN = 20
T = TypeVar("T")


def saving(save: Callable[[], T]) -> T:
    """Run a save from a dialog; a refused save raises ValueError, so the dialog stays open."""
    try:
        return save()
    except SAVE_FAILURES as exc:
        raise ValueError(not_saved(exc)) from None


class TeamScreen(BaseScreen):
    """The list of employees: those employed first, then future hires, then those who left."""

    BINDINGS: ClassVar[list[BindingType]] = [
        bind("a", "add", "team.add"),
        bind("e", "edit", "team.edit"),
        bind("x", "leave_or_restore", "team.leave_restore"),
        bind("n", "team_name", "team.name"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="team-summary", markup=False)
        yield DataTable(id="team", cursor_type="row", zebra_stripes=True)
        yield KeysFooter(compact=True)

    def on_mount(self) -> None:
        table = self.query_one("#team", DataTable)
        for key in ("name", "role", "status", "hired", "left"):
            table.add_column(Text(tr(f"team.col.{key}")), key=key)
        self.refresh_data()

    def on_screen_resume(self) -> None:
        self.refresh_data()

    def on_resize(self) -> None:
        self.refresh_data()

    def others_saved(self, changed: Mapping[str, set[int] | None]) -> None:
        """Read the team again: another process saved an employee."""
        self.refresh_data()

    def refresh_data(self, select: int | None = None) -> None:
        """Reload the employees, keeping (or moving) the cursor."""
        self.sub_title = tr("nav.team")
        table = self.query_one("#team", DataTable)
        row = table.cursor_row
        order = {"employed": 0, "starts": 1, "left": 2}
        staff = sorted(self.repo.employees(), key=lambda e: order[e.status_on(self.today)])
        self._staff = staff
        table.clear()
        # Room for the name beside role, status and both dates; longer names are shortened.
        names = fit_names(
            [e.name for e in staff], max(NAME_MIN, self.app.size.width - OTHER_COLUMNS)
        )
        for employee, name in zip(staff, names, strict=True):
            status = employee.status_on(self.today)
            style = "dim" if status == "left" else ""
            table.add_row(
                Text(name, style=style),
                Text(tr(f"role.{employee.role}"), style=style),
                Text(tr(f"team.status.{status}"), style=style),
                Text(fmt_date(employee.hired) if employee.hired else "—", style=style),
                Text(fmt_date(employee.left) if employee.left else "", style=style),
                key=str(employee.id),
            )
        if select is not None:
            row = next((i for i, e in enumerate(staff) if e.id == select), row)
        if staff:
            table.move_cursor(row=min(row, len(staff) - 1))
        self.query_one("#team-summary", Static).update(self._summary(staff))

    def _summary(self, staff: list[Employee]) -> str:
        if not staff:
            return tr("team.empty")
        counts = {"employed": 0, "starts": 0, "left": 0}
        for employee in staff:
            counts[employee.status_on(self.today)] += 1
        name = self.repo.settings().team_name or tr("team.unnamed")
        parts = [tr("team.summary", team=name, employed=counts["employed"])]
        if counts["starts"]:
            parts.append(tr("team.summary_starts", count=counts["starts"]))
        if counts["left"]:
            parts.append(tr("team.summary_left", count=counts["left"]))
        return " · ".join(parts)

    def _selected(self) -> Employee | None:
        table = self.query_one("#team", DataTable)
        if not self._staff:
            return None
        return self._staff[table.cursor_row]

    def _open_form(self, employee: Employee | None) -> None:
        def save(edited: Employee) -> Employee:
            if employee is None:
                return self.repo.add_employee(edited)
            return self.repo.update_employee(edited, employee)

        def done(saved: Employee | None) -> None:
            if saved is not None:
                self.refresh_data(select=saved.id)
                self.notify(tr("team.saved", name=saved.name), timeout=2, markup=False)

        self.app.push_screen(EmployeeForm(employee, self.today, save), done)

    def action_add(self) -> None:
        """Add an employee."""
        self._open_form(None)

    def action_edit(self) -> None:
        """Rename the selected employee or change their role or dates."""
        employee = self._selected()
        if employee is not None:
            self._open_form(employee)

    def action_leave_or_restore(self) -> None:
        """Ask for the last working day of the selected employee, or bring them back."""
        from salestui.tui.screens.prompt import DatePrompt

        employee = self._selected()
        if employee is None:
            return
        if employee.left is not None:
            try:
                saved = self.repo.update_employee(replace(employee, left=None), employee)
            except SAVE_FAILURES as exc:
                self.notify(not_saved(exc), severity="error", timeout=10, markup=False)
                return
            self.notify(tr("team.restored", name=saved.name), timeout=3, markup=False)
            self.refresh_data(select=saved.id)
            return

        def check(day: date) -> None:
            # The model refuses a leave date before the hire date; the save happens here,
            # inside the dialog, so a refused save keeps it open with the reason.
            left = replace(employee, left=day)
            saving(lambda: self.repo.update_employee(left, employee))

        def chosen(day: date | None) -> None:
            if day is None:
                return
            # check() has saved it already.
            left = tr("team.left_saved", name=employee.name, day=fmt_date(day))
            self.notify(left, timeout=4, markup=False)
            self.refresh_data(select=employee.id)

        title = tr("team.leave_title", name=employee.name)
        self.app.push_screen(DatePrompt(None, self.today, title=title, check=check), chosen)

    def action_team_name(self) -> None:
        """Name the team (report titles use it)."""
        from salestui.tui.screens.prompt import TextPrompt

        settings = self.repo.settings()

        def check(name: str) -> None:
            saving(lambda: self.repo.save_settings(replace(settings, team_name=name)))

        def chosen(name: str | None) -> None:
            if name is not None:
                self.refresh_data()

        title, hint = tr("team.name_title"), tr("team.name_hint")
        prompt = TextPrompt(title, settings.team_name, hint, check=check)
        self.app.push_screen(prompt, chosen)
