"""Today: the morning checklist with done/pending, the streak and the alerts."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Footer, Header, Static

from salestui.analytics.calendar import previous_working_day
from salestui.analytics.checklist import checklist_state, missing_reports
from salestui.i18n import fmt_day, tr
from salestui.models import AVAILABLE_ROUTINES, ROUTINES
from salestui.tui.keys import bind
from salestui.tui.screens.base import BaseScreen

# The streak looks back this far; a year and a bit covers any realistic run.
STREAK_WINDOW = timedelta(days=400)


class TodayScreen(BaseScreen):
    """The first screen: what to do this morning and what needs attention."""

    BINDINGS: ClassVar[list[BindingType]] = [
        bind("space", "toggle_done", "today.toggle_done"),
        # Priority, or the checklist table's own Enter would hide it from footer and help.
        Binding("enter", "open", "today.open", priority=True),
        bind("9", "app.go('team')", "nav.team"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="streak")
        yield DataTable(id="checklist", cursor_type="row", zebra_stripes=False)
        yield Static(tr("today.alerts"), id="alerts-title")
        yield Static(id="alerts")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        table = self.query_one("#checklist", DataTable)
        table.add_column("#", key="n")
        table.add_column(tr("today.routine"), key="routine")
        table.add_column(tr("today.status"), key="status")
        self.refresh_data()

    def on_screen_resume(self) -> None:
        self.refresh_data()

    def refresh_data(self) -> None:
        """Reload the checklist, streak and alerts from the store."""
        today = self.today
        self.sub_title = f"{tr('nav.today')} · {fmt_day(today)}"
        settings = self.repo.settings()
        log = self.repo.routines_done(today - STREAK_WINDOW, today)
        available = [r for r in ROUTINES if r in AVAILABLE_ROUTINES]
        state = checklist_state(
            [(r.date, r.routine) for r in log], available, today, settings.working_days
        )
        done_at = {r.routine: r.done_at for r in log if r.date == today}
        last_day = previous_working_day(today, settings.working_days)
        active = self.repo.employees(active_only=True)
        reported = self.repo.metrics_on(last_day)
        missing = missing_reports([e.id for e in active], reported)
        reported_text = tr(
            "today.reported",
            count=f"{len(active) - len(missing)}/{len(active)}",
            day=fmt_day(last_day),
        )
        self._fill_checklist(done_at, reported_text)
        streak = self.query_one("#streak", Static)
        streak.update(
            tr(
                "today.streak",
                days=state.streak,
                done=sum(state.done.values()),
                total=len(available),
            )
        )
        names = {e.id: e.name for e in active}
        alerts: list[str] = []
        if not active:
            alerts.append(tr("today.no_team"))
        elif missing:
            who = ", ".join(names[i] for i in missing)
            alerts.append(tr("today.missing", count=len(missing), day=fmt_day(last_day), who=who))
        self.query_one("#alerts", Static).update(
            "\n".join(f"• {a}" for a in alerts) or tr("today.no_alerts")
        )

    def _fill_checklist(self, done_at: dict[str, datetime], reported: str) -> None:
        table = self.query_one("#checklist", DataTable)
        row = table.cursor_row
        table.clear()
        for number, routine in enumerate(ROUTINES, 1):
            if routine not in AVAILABLE_ROUTINES:
                status = Text(tr("today.not_available"), style="dim")
                label = Text(tr(f"routine.{routine}"), style="dim")
            elif routine in done_at:
                status = Text(
                    tr("today.done_at", time=done_at[routine].strftime("%H:%M")), style="bold green"
                )
                label = Text(tr(f"routine.{routine}"))
            else:
                status = Text(tr("today.pending"), style="bold")
                if routine == "metrics":
                    status.append(" · " + reported)
                label = Text(tr(f"routine.{routine}"))
            table.add_row(str(number), label, status, key=routine)
        table.move_cursor(row=min(row, len(ROUTINES) - 1))

    def _selected(self) -> str:
        table = self.query_one("#checklist", DataTable)
        return ROUTINES[table.cursor_row]

    def action_toggle_done(self) -> None:
        """Mark the selected routine done for today, or undo that."""
        routine = self._selected()
        if routine not in AVAILABLE_ROUTINES:
            self.notify(tr("nav.not_available", name=tr(f"routine.{routine}")), timeout=3)
            return
        done = any(r.routine == routine for r in self.repo.routines_done(self.today, self.today))
        now = datetime.combine(self.today, datetime.now().time().replace(microsecond=0))
        self.repo.set_routine_done(self.today, routine, not done, now)
        self.refresh_data()

    def action_open(self) -> None:
        """Open the selected routine."""
        self.sales.action_go(self._selected())

    @on(DataTable.RowSelected, "#checklist")
    def _row_selected(self) -> None:
        self.action_open()
