"""Daily metrics: the grid for one date, with day navigation and inline errors."""

from __future__ import annotations

from datetime import date, timedelta
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.widgets import Footer, Header, Static

from salestui.analytics.calendar import is_working_day, previous_working_day
from salestui.i18n import fmt_day, tr
from salestui.models import Settings, parse_count
from salestui.tui.keys import bind
from salestui.tui.screens.base import BaseScreen
from salestui.tui.widgets.metrics_grid import MetricsGrid


class MetricsScreen(BaseScreen):
    """Enter each employee's numbers for a day; every cell saves as you leave it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        bind("[", "shift_day(-1)", "metrics.prev_day"),
        bind("]", "shift_day(1)", "metrics.next_day"),
        bind("t", "go_today", "metrics.today"),
        bind("g", "pick_date", "metrics.pick_date"),
        bind("m", "mark_done", "metrics.mark_done"),
    ]

    AUTO_FOCUS = "#grid"

    def __init__(self) -> None:
        super().__init__()
        self.day: date | None = None
        self._settings: Settings  # read in show_day(), which runs before any save

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="day-line")
        yield MetricsGrid(self._save, id="grid")
        yield Static(tr("metrics.hint"), id="message")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        # In the morning one enters the last working day's numbers, so open on that day.
        settings = self.repo.settings()
        self.show_day(previous_working_day(self.today, settings.working_days))

    def on_screen_resume(self) -> None:
        if self.day is not None:
            self.show_day(self.day)

    def on_screen_suspend(self) -> None:
        # Switching screens (alt+digit, the palette) must not lose a number being typed.
        self.query_one(MetricsGrid).commit()

    def show_day(self, day: date) -> None:
        """Load one date into the grid."""
        grid = self.query_one(MetricsGrid)
        grid.commit()
        self.day = day
        self._settings = settings = self.repo.settings()
        staff = self.repo.employees(active_only=True)
        entered = self.repo.metrics_on(day)
        values = {
            (employee_id, code): count
            for employee_id, record in entered.items()
            for code, count in record.counts.items()
        }
        warning = self.app.current_theme.warning or "yellow"
        grid.load(staff, settings.funnel, values, f"bold {warning}")
        self.sub_title = f"{tr('nav.metrics')} · {fmt_day(day)}"
        self._update_day_line()
        if not staff:
            self._say(tr("metrics.no_team"), error=True)

    def _update_day_line(self) -> None:
        assert self.day is not None
        grid = self.query_one(MetricsGrid)
        parts = [fmt_day(self.day)]
        if self.day == self.today:
            parts.append(tr("metrics.is_today"))
        if not is_working_day(self.day, self._settings.working_days):
            parts.append(tr("metrics.day_off"))
        parts.append(tr("metrics.missing", count=grid.missing_count))
        self.query_one("#day-line", Static).update(" · ".join(parts))

    def _save(self, employee_id: int, code: str, text: str | None) -> int | None:
        """Validate and durably save one cell (raises ValidationError on a bad value)."""
        assert self.day is not None
        label = next(m.label() for m in self._settings.funnel if m.code == code)
        value = None if text is None or not text.strip() else parse_count(label, text)
        self.repo.set_count(employee_id, self.day, code, value)
        return value

    def _say(self, text: str, *, error: bool = False) -> None:
        message = self.query_one("#message", Static)
        message.update(text)
        message.set_class(error, "error")

    @on(MetricsGrid.EditFailed)
    def _edit_failed(self, event: MetricsGrid.EditFailed) -> None:
        self._say(event.message, error=True)

    @on(MetricsGrid.Saved)
    def _saved(self) -> None:
        self._say(tr("metrics.hint"))
        self._update_day_line()

    def action_shift_day(self, days: int) -> None:
        """Go to the previous or next day."""
        if self.day is not None:
            self.show_day(self.day + timedelta(days=days))

    def action_go_today(self) -> None:
        """Go to today's date."""
        self.show_day(self.today)

    def action_pick_date(self) -> None:
        """Ask for a date and go there."""
        from salestui.tui.screens.date_prompt import DatePrompt

        def chosen(day: date | None) -> None:
            if day is not None:
                self.show_day(day)

        self.query_one(MetricsGrid).commit()
        self.app.push_screen(DatePrompt(self.day or self.today, self.today), chosen)

    def action_mark_done(self) -> None:
        """Mark the daily-metrics routine done for today."""
        from datetime import datetime

        now = datetime.combine(self.today, datetime.now().time().replace(microsecond=0))
        self.repo.set_routine_done(self.today, "metrics", True, now)
        self.notify(tr("metrics.marked_done"), timeout=3)
