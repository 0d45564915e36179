"""Today: the morning checklist, the streak, yesterday's funnel, what needs attention and the
supervision debt."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import ClassVar, Final

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import DataTable, Header, Static

from salestui.analytics.calendar import previous_working_day
from salestui.analytics.checklist import checklist_state
from salestui.analytics.ratios import end_to_end, funnel_steps
from salestui.analytics.reporting import FULL, NONE, DayReporting, day_reporting
from salestui.analytics.supervision import Debt
from salestui.analytics.totals import column_totals
from salestui.failures import SAVE_FAILURES, not_saved
from salestui.i18n import fmt_day, fmt_int, fmt_ratio, fmt_short_date, tr, trn
from salestui.models import AVAILABLE_ROUTINES, ROUTINES, Employee, Settings
from salestui.money import fmt_money
from salestui.queries import MorningAlerts, Supervision, morning_alerts, supervision
from salestui.textfit import fit_names
from salestui.tui.keys import bind
from salestui.tui.screens.base import BaseScreen
from salestui.tui.widgets.keys_footer import KeysFooter

# The streak looks back this far; a year and a bit covers any realistic run.
STREAK_WINDOW = timedelta(days=400)


# The sales data is read ahead from this long after Today is mounted, once its first frame is
# on the terminal: started after the next refresh, it still held the frame back (1.06 s, not
# 0.67 s, in a pty at the DESIGN §7 scale; 0.1 s was not enough on two cores either).
SALES_AFTER_S: Final = 0.3

# Terminals at least this wide show the checklist and yesterday's funnel side by side.
WIDE_FROM: Final = 110


class TodayScreen(BaseScreen):
    """The first screen: what to do this morning, how yesterday went, what needs attention."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # Priority, or the checklist table's own Enter would hide it from footer and help.
        # First, as priority bindings are once the table has the focus: the footer drawn
        # with the first frame then stays as it is.
        Binding("enter", "open", "today.open", priority=True),
        bind("space", "toggle_done", "today.toggle_done"),
        bind("n", "toggle_names", "today.names"),
        bind("s", "toggle_debt", "today.debt_key"),
        bind("c", "app.go('clients')", "today.clients"),
    ]
    # Side by side where there is room; yesterday's funnel goes under the list at 80 columns.
    HORIZONTAL_BREAKPOINTS = [
        (0, "-narrow"),
        (WIDE_FROM, "-wide"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._show_names = False
        self._settings: Settings | None = None
        self._alerts_for: tuple[list[Employee], DayReporting] | None = None
        self._sales: MorningAlerts | None = None
        self._currency = ""
        self._shown = False
        self._yesterday: tuple[date, Mapping[str, int | None]] | None = None
        # What each panel shows now: an update with the same content would still lay the
        # whole screen out again (the resize right after the first frame did, for ~80 ms).
        self._drawn: dict[str, object] = {}
        # Today's routines done (with the time) and the quality routines' counts.
        self._done_at: dict[str, datetime] = {}
        self._reported = ""
        self._supervision: Supervision | None = None
        self._names: dict[int, str] = {}
        self._show_debt = False
        # The store's count of changes when Today last counted: coming back without a save
        # since shows the same.
        self._seen_changes = -1

    def compose(self) -> ComposeResult:
        # The width class now, as the first resize would set it: switching it after the
        # widgets are styled restyled and laid out the whole screen again before the first
        # frame (~0.1 s).
        wide = self.app.size.width >= WIDE_FROM
        self.set_class(wide, "-wide", update=False)
        self.set_class(not wide, "-narrow", update=False)
        yield Header()
        yield Static(id="streak", markup=False)
        with Horizontal(id="today-body"):
            yield DataTable(id="checklist", cursor_type="row", zebra_stripes=False)
            yield Static(id="yesterday", markup=False)
        yield Static(tr("today.alerts_title"), id="alerts-title", markup=False)
        yield Static(id="alerts", markup=False)
        yield DataTable(id="debt", cursor_type="row", zebra_stripes=True)
        yield KeysFooter(compact=True)

    def on_mount(self) -> None:
        table = self.query_one("#checklist", DataTable)
        table.add_column("#", key="n")
        table.add_column(Text(tr("today.routine")), key="routine")
        table.add_column(Text(tr("today.status")), key="status")
        self.query_one("#debt", DataTable).display = False
        self.refresh_data(sales=False)
        # The sales alerts read every open deal and unpaid invoice (thousands at scale): the
        # first frame does not wait for them. They are read in a background thread with what
        # the sales screens show first, and join the alerts once read.
        self.set_timer(SALES_AFTER_S, self._read_ahead)

    @property
    def sales_ready(self) -> bool:
        """Tell whether the sales alerts and the quality counts have been read (they follow
        the first frame)."""
        return self._sales is not None

    def _read_ahead(self) -> None:
        """Start reading the sales data in the background; show the alerts when it is read."""

        def opened() -> None:
            # From the reading thread: the alerts are computed on the app's own loop, where a
            # failure is handled like any other.
            self.app.call_from_thread(self.call_later, self._load_sales)

        self.sales.read_ahead(opened)

    def _load_sales(self) -> None:
        """Read the sales alerts and show them under the others."""
        self._sales = morning_alerts(self.repo, self.today)
        if self._alerts_for is not None:
            staff, report = self._alerts_for
            self._supervision = supervision(self.repo, self.today, report, staff)
            self._show_alerts(staff, report)
            self._show_debt_table(report.day)
        self._fill_checklist()

    def on_screen_resume(self) -> None:
        # The first resume comes right after on_mount, which has just read everything; later
        # ones count again only after a save (the alerts and counts took ~140 ms at scale).
        if self._shown and self.repo.changes != self._seen_changes:
            self.refresh_data()
        self._shown = True

    def on_resize(self) -> None:
        # Both depend on the width: the funnel as a table or a line, names in the alert or not.
        self._show_yesterday()
        if self._alerts_for is not None:
            self._show_alerts(*self._alerts_for)

    def others_saved(self, changed: Mapping[str, set[int] | None]) -> None:
        """Count again: another process saved numbers, deals or routines."""
        self.refresh_data()

    def refresh_data(self, *, sales: bool = True) -> None:
        """Reload the checklist, streak, yesterday's funnel and alerts from the store."""
        today = self.today
        self._seen_changes = self.repo.changes
        self.sub_title = f"{tr('nav.today')} · {fmt_day(today)}"
        settings = self.repo.settings()
        log = self.repo.routines_done(today - STREAK_WINDOW, today)
        available = [r for r in ROUTINES if r in AVAILABLE_ROUTINES]
        state = checklist_state(
            [(r.date, r.routine) for r in log], available, today, settings.working_days
        )
        done_at = {r.routine: r.done_at for r in log if r.date == today}
        last_day = previous_working_day(today, settings.working_days)
        staff = self.repo.employees()
        entered = {i: m.counts for i, m in self.repo.metrics_on(last_day).items()}
        codes = settings.metric_codes()
        report = day_reporting(staff, entered, last_day, codes, settings.working_days, today)
        self._done_at = done_at
        self._reported = self._reported_text(report)
        self._names = {e.id: e.name for e in staff}
        if sales:
            # The first frame waits for neither: they follow it (see _load_sales).
            self._sales = morning_alerts(self.repo, today)
            self._supervision = supervision(self.repo, today, report, staff)
        self._fill_checklist()
        self._show_debt_table(report.day)
        self.query_one("#streak", Static).update(
            f"{trn('today.streak', state.streak)} · "
            f"{tr('today.done_count', done=sum(state.done.values()), total=len(available))}"
        )
        self._yesterday = (last_day, column_totals(entered.values(), codes))
        self._settings = settings
        self._show_yesterday()
        self._currency = settings.currency
        self._alerts_for = (staff, report)
        self._show_alerts(staff, report)

    @staticmethod
    def _reported_text(report: DayReporting) -> str:
        # "Sent" counts everyone who sent anything, as the report's Sent column does.
        text = tr("today.reported", sent=report.sent, expected=len(report.expected))
        if report.partial:
            text += ", " + trn("today.partial", len(report.partial))
        return text

    def _show_alerts(self, staff: list[Employee], report: DayReporting) -> None:
        names = {e.id: e.name for e in staff}
        day = fmt_day(report.day)
        alerts: list[str] = []
        if not staff:
            alerts.append(tr("today.no_team"))
        elif report.expected and len(report.missing) == len(report.expected):
            alerts.append(tr("today.nobody", day=day))
        elif report.missing:
            text = trn("today.missing", len(report.missing), of=len(report.expected), day=day)
            alerts.append(self._named(text, [names[i] for i in report.missing]))
        if report.partial:
            alerts.append(
                self._named(
                    trn("today.partial_alert", len(report.partial)),
                    [names[i] for i in report.partial],
                )
            )
        alerts += self._sales_alerts()
        self._put("#alerts", "\n".join(f"• {a}" for a in alerts) or tr("today.no_alerts"))

    def _sales_alerts(self) -> list[str]:
        """Hot deals needing a step or a call, late invoices, the month's money against plan.

        Each starts with the key of the screen it concerns, so it is one key away.
        """
        found = self._sales
        if found is None:
            return []
        money = self._currency
        alerts = []
        if found.overdue_steps:
            alerts.append(f"[2] {trn('today.hot_overdue', found.overdue_steps)}")
        if found.stale:
            alerts.append(f"[2] {trn('today.hot_stale', found.stale)}")
        if found.overdue_invoices:
            amount = fmt_money(found.overdue_amount, money, whole=True)
            alerts.append(
                f"[3] {trn('today.invoices_late', found.overdue_invoices, amount=amount)}"
            )
        if found.revenue_plan is not None and found.expected_by_now is not None:
            behind = found.revenue < found.expected_by_now
            alerts.append(
                "[3] "
                + tr(
                    "today.revenue_behind" if behind else "today.revenue_on_pace",
                    fact=fmt_money(found.revenue, money, whole=True),
                    plan=fmt_money(found.revenue_plan, money, whole=True),
                    expected=fmt_money(found.expected_by_now, money, whole=True),
                )
            )
        return alerts

    def _put(self, selector: str, content: RenderableType, key: object = None) -> None:
        """Show content in a Static unless it shows the same already (key: what it shows)."""
        seen = content if key is None else key
        if self._drawn.get(selector) != seen:
            self._drawn[selector] = seen
            self.query_one(selector, Static).update(content)

    def _named(self, text: str, who: list[str]) -> str:
        """Add the names when they fit on the line (or were asked for), else say how to see them."""
        with_names = f"{text}: {', '.join(who)}"
        room = self.query_one("#alerts", Static).size.width or self.app.size.width
        if self._show_names or len(with_names) + 2 <= room:
            return with_names
        return f"{text} · {tr('today.names_hint')}"

    def _show_yesterday(self) -> None:
        if self._yesterday is None:
            return
        day, totals = self._yesterday
        # From the width, not the -wide class: that is set by the first resize, which comes
        # after the first frame, and switching the panel then would lay it all out twice.
        wide = self.app.size.width >= WIDE_FROM
        key = (wide, day, tuple(totals.items()))
        if self._drawn.get("#yesterday") == key:
            return
        content = self._funnel_table(day, totals) if wide else self._funnel_line(day, totals)
        self._put("#yesterday", content, key)

    def _title(self, day: date) -> str:
        key = "today.yesterday" if day == self.today - timedelta(days=1) else "today.last_day"
        return tr(key, day=fmt_day(day))

    def _funnel_table(self, day: date, totals: Mapping[str, int | None]) -> RenderableType:
        """Yesterday's team totals and each step's ratio, for a wide terminal."""
        settings = self._settings
        assert settings is not None
        codes = settings.metric_codes()
        steps = {s.target: s for s in funnel_steps(totals, codes)}
        table = Table(box=None, pad_edge=False, show_edge=False, title_justify="left")
        table.title = Text(self._title(day), style="bold")
        table.add_column(Text(tr("today.metric")))
        table.add_column(Text(tr("today.total")), justify="right")
        table.add_column(Text(tr("today.ratio")), justify="right")
        for metric in settings.funnel:
            total = totals.get(metric.code)
            step = steps.get(metric.code)
            table.add_row(
                Text(metric.label()),
                Text("—" if total is None else fmt_int(total)),
                Text(fmt_ratio(step.ratio) if step else ""),
            )
        whole = end_to_end(totals, codes)
        if whole is not None:
            # A row of its own, not a caption: a caption wraps at the table's width.
            first, last = settings.funnel[0], settings.funnel[-1]
            table.add_section()
            table.add_row(
                Text(f"{first.label()} → {last.label()}"), Text(""), Text(fmt_ratio(whole.ratio))
            )
        return table

    def _funnel_line(self, day: date, totals: Mapping[str, int | None]) -> str:
        """The same in one wrapped line, for 80 columns."""
        settings = self._settings
        assert settings is not None
        steps = {s.target: s for s in funnel_steps(totals, settings.metric_codes())}
        parts = []
        for metric in settings.funnel:
            total = totals.get(metric.code)
            part = f"{metric.short()} {'—' if total is None else fmt_int(total)}"
            step = steps.get(metric.code)
            if step is not None and step.ratio is not None:
                part += f" ({fmt_ratio(step.ratio)})"
            parts.append(part)
        # Two lines at 80 columns; the end-to-end ratio is in the wide table only.
        return f"{self._title(day)}: " + " → ".join(parts)

    def _counts(self) -> dict[str, str]:
        """Return what each routine has waiting today, as the checklist shows it beside its
        status (the sales ones once the sales data is read)."""
        counts = {"metrics": self._reported}
        found = self._sales
        if found is not None:
            counts["hot"] = trn("today.count.hot", found.overdue_steps)
            counts["finance"] = trn("today.count.finance", found.overdue_invoices)
        quality = self._supervision
        if quality is not None:
            present = len(quality.debts)
            counts["base_review"] = tr("today.count.base_review", due=quality.base_due, of=present)
            heard = [trn("today.count.heard", quality.heard_today)] if quality.heard_today else []
            counts["calls"] = ", ".join([*heard, trn("today.count.calls", len(quality.queue))])
            counts["rollcall"] = tr("today.count.rollcall", answered=quality.answered, of=present)
        return counts

    def _fill_checklist(self) -> None:
        table = self.query_one("#checklist", DataTable)
        row = table.cursor_row
        table.clear()
        done_at = self._done_at
        counts = self._counts()
        for number, routine in enumerate(ROUTINES, 1):
            label = Text(tr(f"routine.{routine}"))
            if routine not in AVAILABLE_ROUTINES:
                status = Text(tr("today.not_available"), style="dim")
                label.stylize("dim")
            elif routine in done_at:
                status = Text(
                    tr("today.done_at", time=done_at[routine].strftime("%H:%M")), style="bold green"
                )
            else:
                status = Text(tr("today.pending"), style="bold")
            if routine in counts:
                # Live, even when done: a late sender or a new hire changes it.
                status.append(" · " + counts[routine], style="not bold")
            table.add_row(str(number), label, status, key=routine)
        table.move_cursor(row=min(row, len(ROUTINES) - 1))

    def _show_debt_table(self, day: date) -> None:
        """Fill the supervision-debt table: those with most overdue first, each overdue
        value marked with "!" (and in colour)."""
        quality = self._supervision
        if quality is None:
            return
        table = self.query_one("#debt", DataTable)
        table.clear(columns=True)
        table.add_column(Text(tr("today.col.employee")), key="employee")
        table.add_column(Text(tr("today.col.base")), key="base")
        table.add_column(Text(tr("today.col.calls")), key="calls")
        table.add_column(Text(tr("today.col.rollcall")), key="rollcall")
        table.add_column(Text(tr("today.col.numbers", day=fmt_short_date(day))), key="numbers")
        debts = sorted(
            quality.debts,
            key=lambda d: (-len(d.overdue), -(d.days_since_base_review or 10**6)),
        )
        room = max(12, self.app.size.width - 60)
        names = fit_names([self._names.get(d.employee_id, "?") for d in debts], room)
        for debt, name in zip(debts, names, strict=True):
            table.add_row(Text(name), *self._debt_cells(debt), key=str(debt.employee_id))
        late = sum(bool(d.overdue) for d in quality.debts)
        title = (
            tr("today.debt_title", overdue=late, of=len(quality.debts))
            if late
            else tr("today.debt_none")
        )
        self.query_one("#alerts-title", Static).update(
            title if self._show_debt else tr("today.alerts_title")
        )

    @staticmethod
    def _debt_cells(debt: Debt) -> list[Text]:
        """Return one employee's debt cells; an overdue one starts with "!" and is red."""
        late = "bold red"
        days = debt.days_since_base_review
        if days is None:
            base = Text(tr("today.base_never"), style=late)
        elif days == 0:
            base = Text(tr("today.base_today"))
        else:
            mark = "! " if debt.base_overdue else ""
            base = Text(
                trn("today.base_days", days, mark=mark), style=late if debt.base_overdue else ""
            )
        calls = Text(
            f"! {debt.calls_this_week}" if debt.calls_overdue else str(debt.calls_this_week),
            style=late if debt.calls_overdue else "",
            justify="right",
        )
        rollcall = (
            Text(tr("today.answered"))
            if debt.answered_rollcall
            else Text(tr("today.not_answered"), style=late)
        )
        kind = {FULL: "full", NONE: "none"}.get(debt.reported, "partial")
        numbers = Text(tr(f"today.numbers.{kind}"), style="" if debt.reported == FULL else late)
        return [base, calls, rollcall, numbers]

    def action_toggle_debt(self) -> None:
        """Show the supervision-debt table in place of the alerts, or the alerts again."""
        self._show_debt = not self._show_debt
        debt = self.query_one("#debt", DataTable)
        debt.display = self._show_debt
        self.query_one("#alerts", Static).display = not self._show_debt
        if self._alerts_for is not None:
            self._show_debt_table(self._alerts_for[1].day)
        (debt if self._show_debt else self.query_one("#checklist", DataTable)).focus()

    def _selected(self) -> str:
        table = self.query_one("#checklist", DataTable)
        return ROUTINES[table.cursor_row]

    def action_toggle_done(self) -> None:
        """Mark the selected routine done for today, or undo that."""
        routine = self._selected()
        if routine not in AVAILABLE_ROUTINES:
            self.notify(
                tr("nav.not_available", name=tr(f"routine.{routine}")), timeout=3, markup=False
            )
            return
        done = any(r.routine == routine for r in self.repo.routines_done(self.today, self.today))
        try:
            self.repo.set_routine_done(self.today, routine, not done, self.sales.now())
        except SAVE_FAILURES as exc:
            self.notify(not_saved(exc), severity="error", timeout=10, markup=False)
            return
        self.refresh_data()

    def action_toggle_names(self) -> None:
        """Show or hide the names in the alerts."""
        self._show_names = not self._show_names
        self.refresh_data()

    def action_open(self) -> None:
        """Open the selected routine."""
        self.sales.action_go(self._selected())

    @on(DataTable.RowSelected, "#checklist")
    def _row_selected(self) -> None:
        self.action_open()
