"""Plans: each employee's monthly targets (revenue and every funnel metric), typed like the
daily grid, a month at a time, with last month's plans one key away."""

from __future__ import annotations

import re
from datetime import date
from typing import ClassVar, Final

from textual import on
from textual.binding import BindingType
from textual.widgets import Static

from salestui.analytics.finance import month_bounds
from salestui.analytics.norms import month_working_days
from salestui.analytics.reporting import NONE, PARTIAL, report_status
from salestui.failures import SAVE_FAILURES, not_saved
from salestui.i18n import FIRST_DAY, LAST_DAY, parse_date, tr, trn
from salestui.models import MAX_TARGET, REVENUE, Employee, Settings, ValidationError, parse_count
from salestui.money import MoneyError, fmt_amount, money_input, parse_money, symbol
from salestui.tui.keys import bind
from salestui.tui.screens.metrics import GridScreen
from salestui.tui.widgets.metrics_grid import MARKERS, GridColumn, MetricsGrid

# A month's target: up to a month of the largest believable day (as the Plan record allows).
_YEAR_MONTH: Final = re.compile(r"^(?P<y>[0-9]{4})-(?P<m>[0-9]{1,2})$")
_MONTH_YEAR: Final = re.compile(r"^(?P<m>[0-9]{1,2})[./](?P<y>[0-9]{4})$")
_MONTH_ONLY: Final = re.compile(r"^(?P<m>[0-9]{1,2})$")


def parse_target(label: str, text: str) -> int:
    """Parse a typed monthly target: a count up to MAX_TARGET (a month of a day's most)."""
    return parse_count(label, text, MAX_TARGET)


def parse_amount(label: str, text: str) -> int:
    """Parse a typed amount with the one money parser; its refusal names the field."""
    try:
        return parse_money(label, text)
    except MoneyError as exc:
        raise ValidationError(exc.field, exc.value, str(exc)) from None


def show_amount(minor: int) -> str:
    """Format a planned amount: whole units, kopecks only when the plan has them."""
    return fmt_amount(minor, whole=minor % 100 == 0)


def month_key(month: date) -> str:
    """Return a month as the store names it: 2026-11."""
    return month.isoformat()[:7]


def month_name(month: date) -> str:
    """Return a month as a title shows it: November 2026 / Ноябрь 2026."""
    return f"{tr(f'plans.month.{month.month}')} {month.year}"


def shift_month(month: date, months: int) -> date:
    """Return the first day of the month `months` away from a date's month."""
    index = month.year * 12 + month.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def parse_month(text: str, *, today: date) -> date:
    """Parse 2026-11, 11.2026, 11/2026, 11 (this year), a date, or t: the month's first day."""
    cleaned = text.strip()
    label = tr("field.month")
    for form in (_YEAR_MONTH, _MONTH_YEAR, _MONTH_ONLY):
        match = form.match(cleaned)
        if match is not None:
            year, month = int(match.groupdict().get("y") or today.year), int(match["m"])
            if 1 <= month <= 12 and FIRST_DAY.year <= year <= LAST_DAY.year:
                return date(year, month, 1)
            break
    else:
        try:
            return parse_date(cleaned, today=today).replace(day=1)
        except ValueError:
            pass
    raise ValidationError(label, text, tr("plans.bad_month", field=label, value=text))


def employed_in(employee: Employee, first: date, last: date) -> bool:
    """Tell whether someone is employed on any day from first to last."""
    hired, left = employee.hired, employee.left
    return (hired is None or hired <= last) and (left is None or left >= first)


class PlansScreen(GridScreen):
    """Type each employee's targets for a month; every cell saves as you leave it."""

    DEFAULT_CSS = """
    PlansScreen #month-line {
        height: auto;
        padding: 0 1;
        color: $text-muted;
    }
    """
    LINE_ID = "month-line"
    BINDINGS: ClassVar[list[BindingType]] = [
        bind("[", "shift_month(-1)", "plans.prev_month"),
        bind("]", "shift_month(1)", "plans.next_month"),
        bind("t", "this_month", "plans.this_month"),
        bind("g", "pick_month", "plans.pick_month"),
        bind("c", "copy_last_month", "plans.copy"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.month = date.min  # set by show_month() on mount, before any save
        self._settings: Settings
        self._staff: list[Employee] = []
        self._employed: list[int] = []

    def on_mount(self) -> None:
        self.show_month(self.today)

    def reopen(self) -> None:
        """Back from another screen: this month."""
        self.show_month(self.today)

    def show_again(self) -> None:
        """Read the month shown again."""
        self.show_month(self.month)

    def hint(self) -> str:
        """Return the hint line under the grid."""
        return tr("plans.hint")

    def _columns(self, settings: Settings) -> list[GridColumn]:
        """Return revenue (an amount in the settings' currency), then the funnel's counts."""
        field = tr("field.revenue")
        label = tr("plans.revenue", label=field, sign=symbol(settings.currency))
        revenue = GridColumn(
            REVENUE,
            label,
            parse=parse_amount,
            show=show_amount,
            edit=money_input,
            min_width=len(label),  # an empty month keeps the label whole, room for amounts
            field=field,
        )
        funnel = [
            GridColumn(m.code, m.label(), m.short(), parse=parse_target) for m in settings.funnel
        ]
        return [revenue, *funnel]

    def show_month(self, day: date) -> None:
        """Load a month into the grid: everyone employed in it, and anyone with a plan."""
        self._leave_cell()
        self.month = month = day.replace(day=1)
        self._settings = settings = self.repo.settings()
        first, last = month_bounds(month)
        plans = self.repo.plans_for(month_key(month))
        employees = self.repo.employees()
        self._employed = [e.id for e in employees if employed_in(e, first, last)]
        staff = [e for e in employees if e.id in self._employed or e.id in plans]
        self._staff = staff
        values = {
            (employee_id, code): value
            for employee_id, plan in plans.items()
            for code, value in plan.targets.items()
        }
        grid = self.query_one(MetricsGrid)
        grid.load(staff, self._columns(settings), values, self._employed, self._styles())
        self.sub_title = f"{tr('nav.plans')} · {month_name(month)}"
        self._update_month_line()
        if not staff:
            self._say(tr("plans.no_team"), error=True)
        elif not plans and self.repo.plans_for(month_key(shift_month(month, -1))):
            source = month_name(shift_month(month, -1))
            self._say(tr("plans.empty", month=month_name(month), source=source))
        else:
            self._say(self.hint())

    def _update_month_line(self) -> None:
        grid = self.query_one(MetricsGrid)
        codes = [REVENUE, *self._settings.metric_codes()]
        title = month_name(self.month)
        if self.month == self.today.replace(day=1):
            title = f"{title}, {tr('plans.is_this_month')}"
        parts = [title]
        days = month_working_days(self.month, self._settings.working_days)
        parts.append(trn("plans.working_days", days))
        if self._employed:
            status = [report_status(grid.counts_of(i), codes) for i in self._employed]
            parts.append(MARKERS[NONE] + trn("plans.no_plan", status.count(NONE)))
            parts.append(MARKERS[PARTIAL] + trn("plans.partial", status.count(PARTIAL)))
        self.query_one(f"#{self.LINE_ID}", Static).update(" · ".join(parts))

    def save_cell(self, employee_id: int, code: str, value: int | None) -> None:
        """Durably save one target of the shown month (StoreError when the disk refuses)."""
        self.repo.set_target(employee_id, month_key(self.month), code, value)

    @on(MetricsGrid.Saved)
    def _saved(self) -> None:
        self._say(self.hint())
        self._update_month_line()

    def _saved_first(self) -> bool:
        """Save the cell being typed before a key acts; False if its value was refused.

        A refused value stays in its cell with the error naming the field, so a key on this
        screen never drops what was typed (switching screens does, with a note).
        """
        return self.query_one(MetricsGrid).commit()

    def action_shift_month(self, months: int) -> None:
        """Go to the previous or next month."""
        if self._saved_first():
            self.show_month(shift_month(self.month, months))

    def action_this_month(self) -> None:
        """Go to this month."""
        if self._saved_first():
            self.show_month(self.today)

    def action_pick_month(self) -> None:
        """Ask for a month and go there."""
        from salestui.tui.screens.prompt import Prompt

        def chosen(month: date | None) -> None:
            if month is not None:
                self.show_month(month)

        def parse(text: str) -> date:
            return parse_month(text, today=self.today)

        if not self._saved_first():
            return
        prompt = Prompt(
            tr("plans.month_title"), month_key(self.month), tr("plans.month_hint"), parse
        )
        self.app.push_screen(prompt, chosen)

    def action_copy_last_month(self) -> None:
        """Copy last month's plans of the people employed now into this month, if it is empty."""
        if not self._saved_first():
            return
        target, source = month_key(self.month), shift_month(self.month, -1)
        names = {"month": month_name(self.month), "source": month_name(source)}
        if self.repo.plans_for(target):
            self._say(
                tr("plans.not_empty", month=names["month"], source=names["source"]), warning=True
            )
            return
        # A metric dropped from the funnel since last month has no column to copy into.
        codes = {REVENUE, *self._settings.metric_codes()}
        copies = {
            plan.employee_id: {c: v for c, v in plan.targets.items() if c in codes}
            for plan in self.repo.plans_for(month_key(source)).values()
            if plan.employee_id in self._employed
        }
        copies = {employee_id: targets for employee_id, targets in copies.items() if targets}
        if not copies:
            self._say(
                tr("plans.nothing_to_copy", month=names["month"], source=names["source"]),
                warning=True,
            )
            return
        try:
            self.repo.copy_plans(copies, target)
        except ValidationError as exc:
            self._say(str(exc), error=True)
            return
        except SAVE_FAILURES as exc:
            self._say(not_saved(exc), error=True)
            return
        self.show_month(self.month)
        self._say(trn("plans.copied", len(copies), month=names["month"], source=names["source"]))
