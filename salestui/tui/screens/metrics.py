"""Daily metrics: the grid for one date, with day navigation, inline errors and daily norms."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.widgets import Header, Static

from salestui.analytics.calendar import is_working_day, previous_working_day
from salestui.analytics.norms import daily_norms, month_working_days
from salestui.analytics.reporting import NONE, PARTIAL, day_reporting, due_on, roster
from salestui.i18n import fmt_day, tr, trn
from salestui.models import Employee, Settings
from salestui.tui.keys import bind
from salestui.tui.screens.base import BaseScreen
from salestui.tui.widgets.keys_footer import KeysFooter
from salestui.tui.widgets.metrics_grid import (
    BELOW,
    MARKERS,
    GridColumn,
    GridStyles,
    MetricsGrid,
)
from salestui.tui.widgets.totals_row import GridWithTotals, TotalsRow


class GridScreen(BaseScreen):
    """A screen around the number grid: a line above it, the hint or the error below it.

    Subclasses say what the grid shows (reopen) and where a cell is saved (save_cell).
    """

    AUTO_FOCUS = "#grid"
    # The id of the line above the grid, and whether a norm line sits under the totals.
    LINE_ID: ClassVar[str] = "day-line"
    NORM_LINE: ClassVar[bool] = False

    def __init__(self) -> None:
        super().__init__()
        self._left_for_another_screen = False

    def compose(self) -> ComposeResult:
        totals = TotalsRow(id="totals")
        norms = TotalsRow(id="norms") if self.NORM_LINE else None
        yield Header()
        yield Static(id=self.LINE_ID, markup=False)
        with GridWithTotals():
            yield MetricsGrid(self.save_cell, totals, norm_row=norms, id="grid")
            yield totals
            if norms is not None:
                norms.display = False  # shown once there are norms to show
                yield norms
        yield Static(self.hint(), id="message", markup=False)
        yield KeysFooter(compact=True)

    def save_cell(self, employee_id: int, code: str, value: int | None) -> None:
        """Durably save one parsed cell (raises ValidationError or a store failure)."""
        raise NotImplementedError

    def reopen(self) -> None:
        """Show what a new errand starts from (the screen was left for another one)."""
        raise NotImplementedError

    def others_saved(self, changed: Mapping[str, set[int] | None]) -> None:
        """Show the numbers another process saved, on the date or month already shown."""
        self.show_again()

    def show_again(self) -> None:
        """Read the grid's date or month again, the cursor where it is."""
        raise NotImplementedError

    def editing(self) -> bool:
        """Tell whether a number is being typed into a cell."""
        return self.query_one(MetricsGrid).editing

    def hint(self) -> str:
        """Return the hint line under the grid."""
        return tr("metrics.hint")

    def on_screen_resume(self) -> None:
        # Back from another screen is a new errand: start afresh, no stale error.
        # Back from a dialog (a date, help) is the same errand: the dialog decides.
        if self._left_for_another_screen:
            self.reopen()

    def on_screen_suspend(self) -> None:
        # Switching screens (alt+digit, the palette) must not lose a number being typed.
        self._leave_cell()
        self._left_for_another_screen = self not in self.app.screen_stack

    def _leave_cell(self) -> None:
        """Save the cell being typed; a refused value is dropped with a note saying so."""
        grid = self.query_one(MetricsGrid)
        if not grid.commit():
            failure = grid.store_failure
            grid.discard()
            if failure is None:
                self.notify(tr("metrics.not_saved"), severity="warning", timeout=4, markup=False)
            else:
                note = tr("failure.dropped", error=failure)
                self.notify(note, severity="error", timeout=10, markup=False)
            self._say(self.hint())  # the error was about the value just dropped

    def _styles(self) -> GridStyles:
        """Return the grid's styles in the theme's colours."""
        theme = self.app.current_theme
        warning, error = theme.warning or "yellow", theme.error or "red"
        return GridStyles(f"bold {warning}", warning, f"bold reverse {error}", warning)

    def _say(self, text: str, *, error: bool = False, warning: bool = False) -> None:
        message = self.query_one("#message", Static)
        message.update(text)
        message.set_class(error, "error")
        message.set_class(warning, "warning")

    @on(MetricsGrid.EditFailed)
    def _edit_failed(self, event: MetricsGrid.EditFailed) -> None:
        what_now = tr("failure.retry_or_esc" if event.retry else "metrics.fix_or_esc")
        self._say(f"{event.message} · {what_now}", error=True)

    @on(MetricsGrid.EditCancelled)
    def _edit_cancelled(self) -> None:
        self._say(self.hint())


class MetricsScreen(GridScreen):
    """Enter each employee's numbers for a day; every cell saves as you leave it.

    With plans for the month, a number below its daily norm is marked, and the line under
    the totals shows the norms of the employee under the cursor.
    """

    DEFAULT_CSS = """
    MetricsScreen #norms {
        margin: 0 1;
    }
    """
    NORM_LINE = True

    BINDINGS: ClassVar[list[BindingType]] = [
        bind("[", "shift_day(-1)", "metrics.prev_day"),
        bind("]", "shift_day(1)", "metrics.next_day"),
        bind("t", "go_today", "metrics.today"),
        bind("g", "pick_date", "metrics.pick_date"),
        bind("m", "app.mark_done('metrics')", "metrics.mark_done"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.day: date | None = None
        self._settings: Settings  # read in show_day(), which runs before any save
        self._staff: list[Employee] = []

    def _last_working_day(self) -> date:
        return previous_working_day(self.today, self.repo.settings().working_days)

    def on_mount(self) -> None:
        # In the morning one enters the last working day's numbers, so open on that day.
        self.show_day(self._last_working_day())

    def reopen(self) -> None:
        """Back from another screen: the last working day."""
        self.show_day(self._last_working_day())

    def show_again(self) -> None:
        """Read the date shown again."""
        self.show_day(self.day or self._last_working_day())

    def show_day(self, day: date) -> None:
        """Load one date into the grid: everyone employed that day, and anyone with numbers."""
        self._leave_cell()
        self.day = day
        self._settings = settings = self.repo.settings()
        entered = self.repo.metrics_on(day)
        self._staff = staff = roster(self.repo.employees(), day, entered)
        expected = [e.id for e in due_on(staff, day, settings.working_days, self.today)]
        values = {
            (employee_id, code): count
            for employee_id, record in entered.items()
            for code, count in record.counts.items()
        }
        # Norms come from the month's plans: plan ÷ the month's working days.
        days = month_working_days(day, settings.working_days)
        ids = {e.id for e in staff}
        plans = [p for i, p in self.repo.plans_for(day.isoformat()[:7]).items() if i in ids]
        norms = daily_norms(plans, settings.metric_codes(), days)
        columns = [GridColumn.of_metric(m) for m in settings.funnel]
        grid = self.query_one(MetricsGrid)
        grid.load(staff, columns, values, expected, self._styles(), norms)
        self.sub_title = f"{tr('routine.metrics')} · {fmt_day(day)}"
        self._update_day_line()
        self._say(tr("metrics.no_team") if not staff else self.hint(), error=not staff)

    def _day_warning(self) -> str:
        """Return why numbers for the shown day are unusual, or an empty string."""
        assert self.day is not None
        if self.day > self.today:
            return tr("metrics.future")
        if not is_working_day(self.day, self._settings.working_days):
            return tr("metrics.day_off")
        return ""

    def _update_day_line(self) -> None:
        assert self.day is not None
        grid = self.query_one(MetricsGrid)
        settings = self._settings
        report = day_reporting(
            self._staff,
            grid.entered(),
            self.day,
            settings.metric_codes(),
            settings.working_days,
            self.today,
        )
        parts = [fmt_day(self.day)]
        if self.day == self.today:
            parts.append(tr("metrics.is_today"))
        if warning := self._day_warning():
            parts.append(f"⚠ {warning}")
        if report.expected:
            parts.append(MARKERS[NONE] + trn("metrics.missing", len(report.missing)))
            parts.append(MARKERS[PARTIAL] + trn("metrics.partial", len(report.partial)))
            if grid.has_norms:
                # What the marker beside a number means, and how many carry it.
                parts.append(f"{BELOW} {trn('norm.below', len(grid.below_norm()))}")
        self.query_one("#day-line", Static).update(" · ".join(parts))

    def save_cell(self, employee_id: int, code: str, value: int | None) -> None:
        """Durably save one count of the shown day (StoreError when the disk refuses)."""
        assert self.day is not None
        self.repo.set_count(employee_id, self.day, code, value)

    @on(MetricsGrid.Saved)
    def _saved(self, event: MetricsGrid.Saved) -> None:
        assert self.day is not None
        warning = self._day_warning()
        if warning and event.value is not None:
            self._say(
                f"⚠ {tr('metrics.saved_unusual', day=fmt_day(self.day), why=warning)}", warning=True
            )
        else:
            self._say(self.hint())
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
        from salestui.tui.screens.prompt import DatePrompt

        def chosen(day: date | None) -> None:
            if day is not None:
                self.show_day(day)

        self._leave_cell()
        self.app.push_screen(DatePrompt(self.day or self.today, self.today), chosen)
