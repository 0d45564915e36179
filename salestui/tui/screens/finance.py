"""Finance (routine 3): money of a period per employee, receivables aging, overdue invoices, weeks.

Four sections, one at a time at 80×24 (Tab moves on); at 120×40 the aging and the overdue
invoices share the screen, and the tables write amounts more exactly. Every number
comes from salestui.queries and the formulas of salestui.analytics.finance; this module only
chooses what to show and how wide.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import ClassVar, Final

from rich.cells import cell_len
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import DataTable, Header, Label, Static

from salestui import queries
from salestui.analytics.finance import (
    BUCKETS,
    Aging,
    Money,
    Receivable,
    RunRate,
    month_bounds,
)
from salestui.i18n import DASH, fmt_date, fmt_int, fmt_percent, tr, trn
from salestui.models import Client, Employee, Invoice
from salestui.money import fmt_amount, fmt_money, symbol
from salestui.reports.sales import listed
from salestui.textfit import ELLIPSIS, fit_names
from salestui.tui.keys import bind
from salestui.tui.screens.base import BaseModal, BaseScreen
from salestui.tui.widgets.keys_footer import KeysFooter
from salestui.tui.widgets.weekly_chart import Scale, WeeklyChart

LENGTHS: Final = ("week", "month", "quarter")
SECTIONS: Final = ("money", "aging", "overdue", "chart")
# From this size on the aging and the overdue invoices share the screen.
WIDE: Final = (110, 34)
GROUPS: Final = (("money",), ("aging", "overdue"), ("chart",))
# Columns never get narrower than this for names; longer names become "First L.".
NAME_MIN: Final = 10
CLIENT_MIN: Final = 12
# What a DataTable takes besides its columns' text: a cell's padding on each side, and the
# vertical scrollbar with the section's margins.
CELL_PAD: Final = 2
TABLE_FRAME: Final = 4
# The overdue list shows at most this many, the most overdue first (the title counts them all).
OVERDUE_LIMIT: Final = 500
# Lines a wide screen keeps under the aging table for the overdue invoices.
WIDE_BELOW: Final = 12


# -- periods --------------------------------------------------------------------------------


def period_of(day: date, length: str) -> tuple[date, date]:
    """Return the week (Monday–Sunday), month or calendar quarter holding a day."""
    if length == "week":
        start = day - timedelta(days=day.weekday())
        return start, start + timedelta(days=6)
    if length == "month":
        return month_bounds(day)
    first = date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    return first, month_bounds(date(first.year, first.month + 2, 1))[1]


def shifted(start: date, length: str, step: int) -> tuple[date, date]:
    """Return the period `step` periods after (or before) the one starting on start."""
    if length == "week":
        return period_of(start + timedelta(weeks=step), length)
    months = 1 if length == "month" else 3
    index = start.year * 12 + start.month - 1 + step * months
    return period_of(date(index // 12, index % 12 + 1, 1), length)


def period_name(start: date, end: date, length: str) -> str:
    """Return a period as people say it: November 2026, Q4 2026, week 23.11 – 29.11.2026."""
    if length == "month":
        return tr("finance.period.month", month=tr(f"finance.month.{start.month}"), year=start.year)
    if length == "quarter":
        return tr("finance.period.quarter", quarter=(start.month - 1) // 3 + 1, year=start.year)
    return tr("finance.period.week", start=fmt_date(start), end=fmt_date(end))


def match_employee(employees: Sequence[Employee], text: str) -> Employee | None:
    """Return the employee a name or a few letters mean (None for empty); raise ValueError
    naming what was typed when no one or several match."""
    wanted = text.casefold()
    if not wanted:
        return None
    exact = [e for e in employees if e.name.casefold() == wanted]
    if len(exact) == 1:
        return exact[0]
    found = [e for e in employees if wanted in e.name.casefold()]
    if len(found) == 1:
        return found[0]
    if not found:
        raise ValueError(tr("finance.chart_of_none", text=text))
    names = ", ".join(e.name for e in found[:4]) + (f", {ELLIPSIS}" if len(found) > 4 else "")
    raise ValueError(tr("finance.chart_of_many", text=text, names=names))


# Shift+←/→ move the period, p its length: Finance and Stats alike.
PERIOD_BINDINGS: Final[list[BindingType]] = [
    Binding("shift+left", "shift_period(-1)", "finance.period_keys", key_display="Shift+←→"),
    Binding(
        "shift+right",
        "shift_period(1)",
        "finance.next_period",
        key_display="Shift+←→",
        show=False,
    ),
    bind("p", "cycle_length", "finance.length"),
]


# -- amounts in columns ---------------------------------------------------------------------

THOUSANDS: Final = Scale(1_000 * 100, "finance.chart.unit.thousands")


@dataclass(frozen=True, slots=True)
class Amounts:
    """One way to write the amounts of a table."""

    unit: str  # message id of the title's words for it
    write: Callable[[int], str]


EXACT: Final = Amounts("finance.unit.exact", fmt_amount)
WHOLE: Final = Amounts("finance.unit.whole", lambda m: fmt_amount(m, whole=True))
IN_THOUSANDS: Final = Amounts("finance.unit.thousands", THOUSANDS.label)
# The ways an amount can be written in a column, most precise first; a table uses the first
# that fits the screen and says which in its title.
PRECISION: Final = (EXACT, WHOLE, IN_THOUSANDS)


def right(text: str, style: str = "") -> Text:
    """Return a right-aligned cell (numbers line up by their last digit)."""
    return Text(text, style=style, justify="right")


@dataclass(slots=True)
class Column:
    """A table column: its key, its (two-line) header, and whether it holds numbers."""

    key: str
    header: str
    numeric: bool = True


def fit(
    headers: Sequence[str],
    rows: Sequence[Sequence[int | str | None]],
    money: set[int],
    room: int,
    first_min: int = NAME_MIN,
) -> tuple[Amounts, list[int]]:
    """Choose how to write the amounts so every column fits in the room, most precise first.

    Returns the way and each column's width; the first (name) column gets what its longest
    entry needs, or what is left beside the others when that is less (never under first_min).
    """
    longest = max(cell_len(str(row[0])) for row in [headers, *rows])
    chosen, widths, left = PRECISION[-1], [], first_min
    for way in PRECISION:
        widths = [max(cell_len(line) for line in h.split("\n")) for h in headers[1:]]
        for row in rows:
            for index, value in enumerate(row[1:], start=1):
                shown = cell_text(value, way if index in money else None)
                widths[index - 1] = max(widths[index - 1], cell_len(shown))
        left = room - sum(w + CELL_PAD for w in widths) - CELL_PAD
        chosen = way
        if left >= min(longest, first_min):
            break
    return chosen, [max(first_min, min(left, longest)), *widths]


def cell_text(value: int | str | None, way: Amounts | None) -> str:
    """Return a cell's text: an amount written the chosen way, a count, or text; None is —."""
    if value is None:
        return DASH
    if isinstance(value, str):
        return value
    return way.write(value) if way is not None else fmt_int(value)


# -- the screen -----------------------------------------------------------------------------


class OverdueTable(DataTable[Text]):
    """The overdue invoices; Enter opens the invoice's deal."""

    # Not in the footer: the list's title says what Enter does, where it applies.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "finance.open_deal", show=False)
    ]

    def action_open(self) -> None:
        """Open the deal of the invoice under the cursor (its details when it has no deal)."""
        screen = self.screen
        if isinstance(screen, FinanceScreen):
            screen.open_selected()


class FinanceScreen(BaseScreen):
    """Money of a period, receivables as of a date, overdue invoices and the last 12 weeks."""

    DEFAULT_CSS = """
    FinanceScreen #sections {
        height: 1;
        padding: 0 1;
    }
    FinanceScreen .section {
        display: none;
        height: 1fr;
        margin: 0 1;
    }
    FinanceScreen .section.-shown {
        display: block;
    }
    FinanceScreen .section-title, FinanceScreen .legend {
        height: auto;
        color: $text-muted;
    }
    FinanceScreen .section.-current .section-title {
        color: $text;
        text-style: bold;
    }
    FinanceScreen .section DataTable {
        height: 1fr;
    }
    FinanceScreen.-wide #aging, FinanceScreen.-wide #aging DataTable {
        height: auto;
    }
    FinanceScreen #chart {
        height: 1fr;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("tab", "section(1)", "finance.next_section", show=False),
        Binding("shift+tab", "section(-1)", "finance.previous_section", show=False),
        *PERIOD_BINDINGS,
        bind("g", "pick_as_of", "finance.as_of"),
        Binding("slash,full_stop", "chart_of", "finance.chart_of"),
        Binding("P,З", "plans", "finance.plans"),
        bind("m", "app.mark_done('finance')", "finance.mark_done"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.length = "month"
        self.start = self.end = date.min
        self.as_of = date.min
        self.chart_employee: int | None = None
        self.section = "money"
        self._wide = False
        self._drawn_for = (0, 0)
        self._employees: list[Employee] = []
        self._money: tuple[dict[int, Money], Money] = ({}, Money())
        self._pace: queries.MonthPace | None = None
        self._receivables: queries.Receivables | None = None
        self._overdue: list[Receivable] = []
        self._overdue_count = 0
        self._overdue_amount = 0
        self._clients: dict[int, str] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="sections", markup=False)
        with Vertical(id="money", classes="section"):
            yield Static(id="money-title", classes="section-title", markup=False)
            yield DataTable(
                id="money-table",
                cursor_type="row",
                zebra_stripes=True,
                header_height=2,
                fixed_rows=1,
            )
            yield Static(id="money-legend", classes="legend", markup=False)
        with Vertical(id="aging", classes="section"):
            yield Static(id="aging-title", classes="section-title", markup=False)
            yield DataTable(
                id="aging-table",
                cursor_type="row",
                zebra_stripes=True,
                header_height=2,
                fixed_rows=1,
            )
        with Vertical(id="overdue", classes="section"):
            yield Static(id="overdue-title", classes="section-title", markup=False)
            yield OverdueTable(
                id="overdue-table", cursor_type="row", zebra_stripes=True, header_height=2
            )
        with Vertical(id="chart-section", classes="section"):
            yield Static(id="chart-title", classes="section-title", markup=False)
            yield WeeklyChart(id="chart")
        yield KeysFooter(compact=True)

    # -- loading ------------------------------------------------------------------------

    def on_mount(self) -> None:
        self.query_one(WeeklyChart).can_focus = True
        self.start, self.end = period_of(self.today, self.length)
        self.as_of = self.today
        self._set_wide(self.app.size.width, self.app.size.height)
        self.load_all()
        self.show_section(self.section)

    def came_back(self) -> None:
        """Read again: another screen may have changed payments and invoices."""
        self.load_all()

    def on_resize(self, event: events.Resize) -> None:
        # Column widths and the aging's height follow the size; the first resize, to the size
        # the screen was composed for, changes nothing.
        size = (event.size.width, event.size.height)
        if size == self._drawn_for:
            return
        self._set_wide(*size)
        self.show_section(self.section, focus=False)
        self._draw_tables()

    def load_all(self) -> None:
        """Read the period's money, the receivables and the weeks, and draw them."""
        self._employees = self.repo.employees()
        self._load_money()
        self._load_receivables()
        self._load_chart()
        self._draw_tables()

    def _ids(self) -> list[int]:
        return [e.id for e in self._employees]

    def _load_money(self) -> None:
        """The period's invoices, payments and plans; the run-rate of its month."""
        ids = self._ids()
        self._money = queries.money(self.repo, self.start, self.end, ids)
        # The month of the period's end, or this month while the period runs on past today.
        month_first, month_last = month_bounds(min(self.end, self.today))
        same = (self.start, self.end) == (month_first, month_last)
        pace = queries.month_run_rates(
            self.repo, month_first, self.today, ids, self._money if same else None
        )
        self._pace = pace
        self.sub_title = (
            f"{tr('routine.finance')} · {period_name(self.start, self.end, self.length)}"
        )

    def _load_receivables(self) -> None:
        found = queries.open_receivables(self.repo, self.as_of, self._ids())
        self._receivables = found
        overdue = [r for r in found.rows if r.days_overdue > 0]
        self._overdue_count = len(overdue)
        self._overdue_amount = sum(r.open for r in overdue)
        # The most overdue first (the order of found.rows); a list, not every invoice at scale.
        self._overdue = overdue[:OVERDUE_LIMIT]
        wanted = {r.invoice.client_id for r in self._overdue if r.invoice.client_id is not None}
        self._clients = queries.client_names(self.repo, wanted)

    def _load_chart(self) -> None:
        weeks = queries.weekly(self.repo, self.today, self.chart_employee)
        currency = self.repo.settings().currency
        chart = self.query_one(WeeklyChart)
        chart.show(weeks, self.today, currency)
        who = self._chart_name()
        total = sum(amount for _, amount in weeks)
        title = tr(
            "finance.chart.title",
            who=who,
            unit=chart.unit_label(),
            weeks=trn("finance.weeks", len(weeks)),
            total=fmt_money(total, currency, whole=True),
            average=fmt_money((total + len(weeks) // 2) // len(weeks), currency, whole=True),
            today=fmt_date(self.today),
        )
        self.query_one("#chart-title", Static).update(title)

    def _chart_name(self) -> str:
        if self.chart_employee is None:
            return tr("finance.team")
        found = next((e for e in self._employees if e.id == self.chart_employee), None)
        return found.name if found else tr("finance.team")

    # -- drawing ------------------------------------------------------------------------

    def _room(self) -> int:
        return self.app.size.width - TABLE_FRAME

    def _draw_tables(self) -> None:
        if self._receivables is None or self._pace is None:
            return
        self._drawn_for = (self.app.size.width, self.app.size.height)
        self._draw_money()
        self._draw_aging()
        self._draw_overdue()

    def _fill(
        self,
        table: DataTable[Text],
        columns: Sequence[Column],
        rows: Sequence[tuple[str, list[int | str | None]]],
        money: set[int],
        *,
        first_bold: bool,
        people: bool = True,
    ) -> Amounts:
        """Fill a table whose numbers are right-aligned; return how its amounts are written.

        The first column holds people's names ("First L." when narrow) or, with people
        False, other names cut with an ellipsis.
        """
        headers = [c.header for c in columns]
        values = [v for _, v in rows]
        first_min = NAME_MIN if people else CLIENT_MIN
        way, widths = fit(headers, values, money, self._room(), first_min)
        width = widths[0]
        firsts = [str(v[0]) for v in values]
        if people:
            firsts = fit_names(firsts, width)
        else:
            firsts = [f if cell_len(f) <= width else f[: width - 1] + ELLIPSIS for f in firsts]
        at = table.cursor_row
        table.clear(columns=True)
        # Widths are set, not measured: the table is drawn right away at its final widths.
        for column, column_width in zip(columns, widths, strict=True):
            header = right(column.header) if column.numeric else Text(column.header)
            table.add_column(header, key=column.key, width=column_width)
        for number, ((key, row), first) in enumerate(zip(rows, firsts, strict=True)):
            style = "bold" if first_bold and number == 0 else ""
            cells = [Text(first, style=style)]
            for index, value in enumerate(row[1:], start=1):
                text = cell_text(value, way if index in money else None)
                # Zero amounts recede, so the buckets that hold money stand out.
                shade = f"{style} dim" if index in money and value == 0 else style
                cells.append(right(text, shade) if columns[index].numeric else Text(text, shade))
            table.add_row(*cells, key=key)
        if rows:
            table.move_cursor(row=min(max(at, 0), len(rows) - 1))
        # No taller than its rows, so what follows (the legend) sits right under them.
        needed = table.header_height + len(rows)
        if table.id == "aging-table" and self._wide:
            # Header, section bar, footer and the aging's title: keep room for overdue rows.
            needed = min(needed, max(6, self.app.size.height - WIDE_BELOW - 5))
        table.styles.max_height = needed
        return way

    def _staff(self, with_data: list[int], start: date, end: date) -> list[Employee]:
        return listed(self._employees, start, end, with_data)

    def _draw_money(self) -> None:
        assert self._pace is not None
        per, team = self._money
        pace = self._pace
        busy = [i for i, m in per.items() if m.invoices_issued or m.payments_received or m.plan]
        staff = self._staff(busy, self.start, self.end)
        columns = [
            Column("name", tr("report.employee"), numeric=False),
            *(
                Column(key, tr(f"finance.col.{key}"))
                for key in ("invoices", "invoiced", "received", "plan", "done", "forecast", "need")
            ),
        ]

        def values(name: str, money: Money, rate: RunRate | None) -> list[int | str | None]:
            done = money.attainment
            return [
                name,
                money.invoices_issued,
                money.invoiced_amount,
                money.received_amount,
                money.plan,
                None if done is None else fmt_percent(done),
                None if rate is None else rate.projected,
                None if rate is None else rate.required_per_day,
            ]

        rows = [("team", values(tr("finance.team"), team, pace.team))]
        rows += [
            (str(e.id), values(e.name, per.get(e.id, Money()), pace.per.get(e.id))) for e in staff
        ]
        table = self.query_one("#money-table", DataTable)
        way = self._fill(table, columns, rows, {2, 3, 4, 6, 7}, first_bold=True)
        currency = self.repo.settings().currency
        title = tr(
            "finance.money.title",
            period=period_name(self.start, self.end, self.length),
            unit=tr(way.unit, sign=symbol(currency)),
        )
        self.query_one("#money-title", Static).update(title)
        self.query_one("#money-legend", Static).update(self._legend())

    def _legend(self) -> str:
        """Say what the forecast and the amount needed per day mean, with this month's days."""
        assert self._pace is not None
        rate = self._pace.team
        month = tr(
            "finance.period.month",
            month=tr(f"finance.month.{self._pace.month.month}"),
            year=self._pace.month.year,
        )
        if rate.days_elapsed == 0:
            return tr("finance.legend.not_started", month=month, left=rate.days_left)
        if rate.days_left == 0:
            return tr("finance.legend.over", month=month, total=rate.days_total)
        return tr(
            "finance.legend.running",
            month=month,
            elapsed=rate.days_elapsed,
            total=rate.days_total,
            left=rate.days_left,
        )

    def _draw_aging(self) -> None:
        found = self._receivables
        assert found is not None
        owing = [i for i, a in found.per.items() if a.open_invoices]
        staff = self._staff(owing, self.as_of, self.as_of)
        columns = [
            Column("name", tr("report.employee"), numeric=False),
            Column("count", tr("finance.col.open_invoices")),
            Column("open", tr("finance.col.open_amount")),
            *(Column(b, tr(f"finance.col.{b}")) for b in BUCKETS),
        ]

        def values(name: str, aging: Aging) -> list[int | str | None]:
            return [
                name,
                aging.open_invoices,
                aging.open_amount,
                *(aging.buckets[b] for b in BUCKETS),
            ]

        rows = [("team", values(tr("finance.team"), found.team))]
        rows += [(str(e.id), values(e.name, found.per.get(e.id, Aging()))) for e in staff]
        table = self.query_one("#aging-table", DataTable)
        way = self._fill(table, columns, rows, set(range(2, 3 + len(BUCKETS))), first_bold=True)
        currency = self.repo.settings().currency
        title = tr(
            "finance.aging.title",
            date=fmt_date(self.as_of),
            amount=fmt_money(found.team.open_amount, currency),
            invoices=trn("finance.invoices_open", found.team.open_invoices),
            unit=tr(way.unit, sign=symbol(currency)),
        )
        self.query_one("#aging-title", Static).update(title)

    def _draw_overdue(self) -> None:
        names = {e.id: e.name for e in self._employees}
        currency = self.repo.settings().currency
        columns = [
            Column("client", tr("finance.col.client"), numeric=False),
            Column("number", tr("finance.col.number"), numeric=False),
            Column("open", tr("finance.col.open")),
            Column("days", tr("finance.col.days")),
            Column("owner", tr("finance.col.owner"), numeric=False),
        ]
        owners = fit_names([names.get(r.invoice.employee_id, DASH) for r in self._overdue], 16)
        rows: list[tuple[str, list[int | str | None]]] = [
            (
                str(r.invoice.id),
                [
                    self._clients.get(r.invoice.client_id or 0, DASH),
                    r.invoice.number,
                    r.open,
                    r.days_overdue,
                    owner,
                ],
            )
            for r, owner in zip(self._overdue, owners, strict=True)
        ]
        table = self.query_one("#overdue-table", DataTable)
        way = self._fill(table, columns, rows, {2}, first_bold=False, people=False)
        if self._overdue:
            title = tr(
                "finance.overdue.title",
                date=fmt_date(self.as_of),
                invoices=trn("finance.invoices_count", self._overdue_count),
                amount=fmt_money(self._overdue_amount, currency),
                unit=tr(way.unit, sign=symbol(currency)),
            )
            if self._overdue_count > len(self._overdue):
                title += tr("finance.overdue.limited", shown=fmt_int(len(self._overdue)))
        else:
            title = tr("finance.overdue.none", date=fmt_date(self.as_of))
        self.query_one("#overdue-title", Static).update(title)

    # -- sections -----------------------------------------------------------------------

    def _set_wide(self, width: int, height: int) -> None:
        self._wide = width >= WIDE[0] and height >= WIDE[1]
        self.set_class(self._wide, "-wide")

    def _shown_with(self, section: str) -> tuple[str, ...]:
        if not self._wide:
            return (section,)
        return next(g for g in GROUPS if section in g)

    def _section_widget(self, section: str) -> Widget:
        return self.query_one("#chart-section" if section == "chart" else f"#{section}")

    def _focus_target(self, section: str) -> Widget:
        targets = {
            "money": "#money-table",
            "aging": "#aging-table",
            "overdue": "#overdue-table",
            "chart": "#chart",
        }
        return self.query_one(targets[section])

    def show_section(self, section: str, *, focus: bool = True) -> None:
        """Show a section (and what shares the screen with it) and put the keys in it."""
        self.section = section
        shown = self._shown_with(section)
        for name in SECTIONS:
            widget = self._section_widget(name)
            widget.set_class(name in shown, "-shown")
            widget.set_class(name == section, "-current")
        self._draw_section_bar()
        if focus:
            self._focus_target(section).focus()

    def _draw_section_bar(self) -> None:
        bar = Text()
        if self._wide:
            items = [(g[0], tr(f"finance.group.{g[0]}")) for g in GROUPS]
            current = self._shown_with(self.section)[0]
        else:
            items = [(s, tr(f"finance.section.{s}")) for s in SECTIONS]
            current = self.section
        for index, (name, label) in enumerate(items):
            if index:
                bar.append(" │ ", style="dim")
            if name == current:
                bar.append(f"▸{label}◂", style="bold reverse")
            else:
                bar.append(f" {label} ")
        bar.append("   " + tr("finance.section.hint"), style="dim")
        self.query_one("#sections", Static).update(bar)

    @on(events.DescendantFocus)
    def _focused(self, event: events.DescendantFocus) -> None:
        # A click into a table makes its section the current one.
        for name in SECTIONS:
            if self._focus_target(name) is event.widget and name != self.section:
                self.show_section(name, focus=False)

    def action_section(self, step: int) -> None:
        """Move to the next (or previous) section."""
        here = SECTIONS.index(self.section)
        self.show_section(SECTIONS[(here + step) % len(SECTIONS)])

    # -- keys ---------------------------------------------------------------------------

    def action_shift_period(self, step: int) -> None:
        """Show the previous or next week, month or quarter."""
        self.start, self.end = shifted(self.start, self.length, step)
        self._load_money()
        self._draw_money()
        if self.section not in ("money",) and not self._wide:
            self.show_section("money")

    def action_cycle_length(self) -> None:
        """Switch the period between a week, a month and a quarter."""
        self.length = LENGTHS[(LENGTHS.index(self.length) + 1) % len(LENGTHS)]
        # The new period holds today if the old one did, else the old one's first day.
        anchor = self.today if self.start <= self.today <= self.end else self.start
        self.start, self.end = period_of(anchor, self.length)
        self._load_money()
        self._draw_money()
        if not self._wide and self.section != "money":
            self.show_section("money")

    def action_pick_as_of(self) -> None:
        """Ask for the date receivables are shown as of."""
        from salestui.tui.screens.prompt import DatePrompt

        def chosen(day: date | None) -> None:
            if day is None:
                return
            self.as_of = day
            self._load_receivables()
            self._draw_aging()
            self._draw_overdue()
            if self.section not in ("aging", "overdue"):
                self.show_section("aging")

        title = tr("finance.as_of_title")
        self.app.push_screen(DatePrompt(self.as_of, self.today, title=title), chosen)

    def action_chart_of(self) -> None:
        """Ask whose weekly chart to show: a name or a few letters of it; empty for the team."""
        from salestui.tui.screens.prompt import TextPrompt

        def check(text: str) -> None:
            self._match(text)

        def chosen(text: str | None) -> None:
            if text is None:
                return
            found = self._match(text)
            self.chart_employee = None if found is None else found.id
            self._load_chart()
            self.show_section("chart")

        current = "" if self.chart_employee is None else self._chart_name()
        prompt = TextPrompt(
            tr("finance.chart_of_title"), current, tr("finance.chart_of_hint"), check=check
        )
        self.app.push_screen(prompt, chosen)

    def _match(self, text: str) -> Employee | None:
        """Return the employee a name or a few letters mean (None for empty); raise ValueError."""
        return match_employee(self._employees, text)

    def action_plans(self) -> None:
        """Open the Plans screen."""
        self.sales.action_go("plans")

    def open_selected(self) -> None:
        """Open the deal of the overdue invoice under the cursor, or the invoice if it has none."""
        table = self.query_one("#overdue-table", DataTable)
        if not self._overdue or table.cursor_row < 0:
            return
        receivable = self._overdue[min(table.cursor_row, len(self._overdue) - 1)]
        invoice = receivable.invoice
        if invoice.deal_id is None:
            self.app.push_screen(InvoiceDetails(receivable, self.as_of))
            return
        from salestui.tui.screens.deal_forms import edit_deal

        def done(saved: object) -> None:
            if saved is not None:
                self.load_all()

        edit_deal(self, invoice.deal_id, done)


class InvoiceDetails(BaseModal[None]):
    """An invoice that belongs to no deal: who owes what, since when, and its payments."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,enter", "close", "dialog.close"),
    ]

    def __init__(self, receivable: Receivable, as_of: date) -> None:
        super().__init__()
        self._receivable = receivable
        self._as_of = as_of

    def compose(self) -> ComposeResult:
        from salestui.tui.app import SalesApp

        app = self.app
        assert isinstance(app, SalesApp)
        repo = app.repo
        invoice: Invoice = self._receivable.invoice
        currency = repo.settings().currency
        client = repo.get(Client, invoice.client_id) if invoice.client_id else None
        owner = repo.get(Employee, invoice.employee_id)
        lines = [
            (tr("field.client"), client.name if client else DASH),
            (tr("field.owner"), owner.name if owner else DASH),
            (tr("field.issued"), fmt_date(invoice.issued)),
            (tr("field.due"), fmt_date(invoice.due)),
            (tr("field.amount"), fmt_money(invoice.amount, currency)),
            (
                tr("finance.details.open", date=fmt_date(self._as_of)),
                fmt_money(self._receivable.open, currency),
            ),
            (tr("finance.details.days"), fmt_int(self._receivable.days_overdue)),
        ]
        width = max(len(label) for label, _ in lines) + 2
        text = "\n".join(f"{label:<{width}}{value}" for label, value in lines)
        payments = repo.payments_of(invoice)
        if payments:
            paid = "\n".join(
                f"  {fmt_date(p.date)}  {fmt_money(p.amount, currency)}" for p in payments
            )
            text += f"\n\n{tr('finance.details.payments')}\n{paid}"
        else:
            text += f"\n\n{tr('finance.details.no_payments')}"
        with Vertical(classes="dialog"):
            yield Label(
                tr("finance.details.title", number=invoice.number),
                classes="dialog-title",
                markup=False,
            )
            yield Static(text, id="invoice-details", markup=False)
            yield Static(tr("finance.details.hint"), classes="hint", markup=False)

    def action_close(self) -> None:
        """Close the details."""
        self.dismiss(None)
