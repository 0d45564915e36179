"""Stats (routines 4 and 5): funnel ratios, deal duration, forecasts, plan vs fact, what-if.

Five tabs, one at a time. Each tab's numbers are gathered by salestui.stats_views in a thread
worker (the screen stays responsive while a large database is read) and kept per period, so
coming back to a tab, or picking another employee for its charts, reads nothing again. The
what-if recomputes the reverse funnel in place: it is a few multiplications per employee.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from time import perf_counter
from typing import Any, ClassVar, Final

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Header, Static

from salestui import stats_views
from salestui.analytics.duration import BUCKET_EDGES, Duration
from salestui.analytics.finance import PlanLine
from salestui.analytics.forecast import NO_DATE
from salestui.analytics.ladder import Ladder, WeakLink, ladder
from salestui.columns import TOTAL
from salestui.failures import failure_text
from salestui.i18n import (
    DASH,
    fmt_date,
    fmt_decimal,
    fmt_int,
    fmt_percent,
    fmt_ratio,
    language,
    tr,
    trn,
)
from salestui.models import REVENUE, Employee, Settings
from salestui.money import MoneyError, fmt_money, money_input, parse_money, symbol
from salestui.queries import FORECAST_WEEKS, WINDOW_WEEKS
from salestui.stats_views import TEAM, DurationView, ForecastView, PlanView, RatiosView, WhatIf
from salestui.store import Repository
from salestui.textfit import fit_names
from salestui.tui.keys import bind
from salestui.tui.screens.base import BaseScreen
from salestui.tui.screens.finance import (
    LENGTHS,
    PERIOD_BINDINGS,
    TABLE_FRAME,
    Column,
    cell_text,
    fit,
    match_employee,
    period_name,
    period_of,
    shifted,
)
from salestui.tui.widgets.keys_footer import KeysFooter
from salestui.tui.widgets.line_table import LineTable, TableColumn, TableRow
from salestui.tui.widgets.trend_chart import TrendChart
from salestui.tui.widgets.weekly_chart import BarChart, Scale, scale_for

TABS: Final = ("ratios", "duration", "forecast", "plan", "whatif")
# Once the keys rest this long, the numbers one key away (the period's other tabs, this tab's
# neighbouring periods) are gathered.
GATHER_AHEAD_S: Final = 0.4
# How often Stats looks, from behind another screen, whether something was saved there.
BEHIND_S: Final = 1.0
# A letter per tab (the digits open the routines everywhere, so they cannot pick tabs).
TAB_KEYS: Final = {"ratios": "r", "duration": "d", "forecast": "f", "plan": "l", "whatif": "w"}
# Tabs that show a month as of a day: the period's end, or today while the period runs.
MONTHLY: Final = ("forecast", "plan", "whatif")
# Keys that belong to one tab; hidden from the footer elsewhere.
TAB_ACTIONS: Final = {
    "cohorts": "duration",
    "ratio_view": "ratios",
    "target": "whatif",
    "edit_ratio": "whatif",
    "nudge": "whatif",
    "reset_whatif": "whatif",
    "plan_target": "plan",
}
# From this width the duration table also shows the average won amount.
WIDE_WIDTH: Final = 100
# A what-if nudge makes the ratio at a step this much better (÷) or worse (×).
NUDGE: Final = 1.1
# The ratios a user may type or nudge to ("N : 1"); beyond them is a slip.
MIN_RATIO: Final = 0.01
MAX_RATIO: Final = 100_000.0
# Reading a tab's numbers again when a save changed a table being read, at most this often.
ATTEMPTS: Final = 3


class Computed(Message):
    """A tab's numbers are ready (or could not be read: `failure` says why in one line)."""

    def __init__(
        self, key: tuple[Any, ...], view: object, failure: str | None, ms: float, seen: int
    ) -> None:
        super().__init__()
        self.key = key
        self.view = view
        self.failure = failure
        self.ms = ms
        self.seen = seen  # the saves counted when the reading began


def view_key(tab: str, start: date, end: date, as_of: date) -> tuple[Any, ...]:
    """Return what a tab's numbers depend on: the tab and its day, or its period up to that
    day (this month counts to today, as the reports do: open deals' ages are today's)."""
    return (tab, as_of) if tab in MONTHLY else (tab, start, min(end, as_of))


def load_view(repo: Repository, key: tuple[Any, ...], employees: Sequence[Employee]) -> object:
    """Read one tab's numbers (in a worker or the read-ahead thread)."""
    tab, *when = key
    loaders: dict[str, Callable[..., object]] = {
        "ratios": stats_views.ratios_view,
        "duration": stats_views.duration_view,
        "forecast": stats_views.forecast_view,
        "plan": stats_views.plan_view,
        "whatif": stats_views.what_if,
    }
    return loaders[tab](repo, *when, employees)


@dataclass(frozen=True, slots=True)
class Prepared:
    """Every tab's numbers of this month, read ahead, and the saves counted then."""

    views: dict[tuple[Any, ...], object]
    seen: int


def prepare(repo: Repository, today: date, quiet: Callable[[], None]) -> Prepared | None:
    """Read every tab's numbers for this month from the read-ahead thread (the deal columns
    first, a file at a time with `quiet` before each); None when a save came meanwhile."""
    seen = repo.writes
    start, end = period_of(today, "month")
    employees = repo.employees()
    views: dict[tuple[Any, ...], object] = {}
    try:
        repo.deal_columns(quiet)
        for tab in TABS:
            quiet()
            key = view_key(tab, start, end, today)
            views[key] = load_view(repo, key, employees)
    except RuntimeError:  # a save changed a table while it was read
        return None
    return Prepared(views, seen) if repo.writes == seen else None


def step_name(settings: Settings, source: str, target: str) -> str:
    """Return a step as its columns are headed: "Calls→Talks"."""
    names = {m.code: m.short() for m in settings.funnel}
    return f"{names[source]}→{names[target]}"


def days_text(value: float | None) -> str:
    """Return a number of days with at most one decimal; — when there is none."""
    return DASH if value is None else fmt_decimal(value, 1)


def bucket_labels() -> list[str]:
    """Return the histogram's bucket labels: ≤7, 8–14, …, >180 days."""
    labels = [f"≤{BUCKET_EDGES[0]}"]
    labels += [f"{a + 1}–{b}" for a, b in zip(BUCKET_EDGES, BUCKET_EDGES[1:], strict=False)]
    labels.append(f">{BUCKET_EDGES[-1]}")
    return [tr("stats.duration.bucket", days=label) for label in labels]


def plain_number(value: float) -> str:
    """Return a number as a field shows it for editing: up to two decimals, the language's
    decimal mark and no thousands separator (parse_ratio reads it back)."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") if language() == "ru" else text


def parse_ratio(text: str) -> float:
    """Parse a typed ratio N (of "N : 1"): a positive number, "3.5" or "3,5"; raise ValueError."""
    cleaned = "".join(text.split()).replace(",", ".").removesuffix(":1")
    try:
        value = float(cleaned)
    except ValueError:
        raise ValueError(tr("stats.whatif.ratio_bad", value=text)) from None
    if not MIN_RATIO <= value <= MAX_RATIO:
        raise ValueError(tr("stats.whatif.ratio_bad", value=text))
    return value


class StatsScreen(BaseScreen):
    """The funnel's ratios, deal duration, forecasts, plan vs fact and the reverse funnel."""

    DEFAULT_CSS = """
    StatsScreen #tabs {
        height: 1;
        padding: 0 1;
    }
    StatsScreen .tab {
        display: none;
        height: 1fr;
        margin: 0 1;
    }
    StatsScreen .tab.-shown {
        display: block;
    }
    StatsScreen .title, StatsScreen .legend {
        height: auto;
    }
    StatsScreen .title {
        text-style: bold;
    }
    StatsScreen .legend {
        color: $text-muted;
    }
    StatsScreen LineTable {
        height: 1fr;
        min-height: 4;
    }
    StatsScreen #funnel-chart, StatsScreen #plan-chart {
        height: auto;
        max-height: 12;
    }
    StatsScreen #histogram {
        height: 10;
    }
    StatsScreen #forecast-charts {
        height: 11;
    }
    StatsScreen #forecast-charts > * {
        width: 1fr;
        height: 11;
    }
    StatsScreen.-short #forecast-charts, StatsScreen.-short #forecast-charts > * {
        height: 9;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("tab", "next_tab(1)", "stats.next_tab", show=False),
        Binding("shift+tab", "next_tab(-1)", "stats.previous_tab", show=False),
        *(
            bind(key, f"show_tab('{tab}')", f"stats.tab.{tab}", show=False)
            for tab, key in TAB_KEYS.items()
        ),
        *PERIOD_BINDINGS,
        Binding("slash,full_stop", "pick_employee", "stats.employee"),
        bind("v", "ratio_view", "stats.ratio_view", show=False),
        bind("c", "cohorts", "stats.cohorts", show=False),
        bind("[", "plan_target(-1)", "stats.plan_target", show=False),
        bind("]", "plan_target(1)", "stats.plan_target", show=False),
        bind("t", "target", "stats.target", show=False),
        bind("e", "edit_ratio", "stats.edit_ratio", show=False),
        Binding("plus,equals_sign", "nudge(1)", "stats.better", key_display="+−", show=False),
        Binding("minus", "nudge(-1)", "stats.worse", key_display="+−", show=False),
        bind("x", "reset_whatif", "stats.reset", show=False),
        bind("m", "mark_done", "finance.mark_done"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.section = "ratios"
        self.length = "month"
        self.start = self.end = date.min
        # Whose charts are shown: an employee id, or TEAM.
        self.employee = TEAM
        self.percent = False  # the ladder as y/x % rather than "N : 1"
        self.cohorts = False  # the duration table by creation month rather than by employee
        self.plan_target = REVENUE
        self.views: dict[tuple[Any, ...], object] = {}
        self.failures: dict[tuple[Any, ...], str] = {}
        # How long each tab's numbers took to gather (ms), for the benchmark and the curious.
        self.timings: dict[tuple[Any, ...], float] = {}
        # The saves counted when each view was read: a view is redone when more came since.
        self._stamps: dict[tuple[Any, ...], int] = {}
        # What each tab was last drawn with (see _look).
        self._drawn: dict[str, tuple[Any, ...]] = {}
        self._asked: set[tuple[Any, ...]] = set()
        self._employees: list[Employee] = []
        self._settings: Settings | None = None
        self._ahead: Timer | None = None
        # Keys the gather-ahead thread will count once the keys rest (not started yet).
        self._queued: set[tuple[Any, ...]] = set()
        # The saves counted when the tabs were last counted behind another screen.
        self._behind = 0

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="tabs", markup=False)
        with Vertical(id="ratios", classes="tab"):
            yield Static(id="ratios-title", classes="title", markup=False)
            yield BarChart(id="funnel-chart")
            yield Static(id="funnel-legend", classes="legend", markup=False)
            yield LineTable(id="ladder")
        with Vertical(id="duration", classes="tab"):
            yield Static(id="duration-title", classes="title", markup=False)
            yield BarChart(id="histogram")
            yield LineTable(id="durations")
            yield Static(id="duration-legend", classes="legend", markup=False)
        with Vertical(id="forecast", classes="tab"):
            yield Static(id="forecast-title", classes="title", markup=False)
            yield LineTable(id="forecasts")
            with Horizontal(id="forecast-charts"):
                yield TrendChart(id="trend")
                yield BarChart(id="pipeline")
            yield Static(id="forecast-legend", classes="legend", markup=False)
        with Vertical(id="plan", classes="tab"):
            yield Static(id="plan-title", classes="title", markup=False)
            yield BarChart(id="plan-chart")
            yield LineTable(id="plan-table")
        with Vertical(id="whatif", classes="tab"):
            yield Static(id="whatif-title", classes="title", markup=False)
            yield LineTable(id="required", cursor="cell")
            yield Static(id="whatif-ratios", classes="legend", markup=False)
        yield KeysFooter(compact=True)

    # -- opening --------------------------------------------------------------------------

    def on_mount(self) -> None:
        self.start, self.end = period_of(self.today, self.length)
        self._employees = self.repo.employees()
        self._settings = self.repo.settings()
        ready = self.sales.take_prepared("stats")
        if isinstance(ready, Prepared):
            self.views.update(ready.views)
            self._stamps.update(dict.fromkeys(ready.views, ready.seen))
        self.set_class(self.app.size.height < 30, "-short")
        self.show_tab(self.sales.stats_tab)
        self._behind = self.repo.writes
        self.set_interval(BEHIND_S, self._count_behind)

    def came_back(self) -> None:
        """Count again what another screen may have changed."""
        self._employees = self.repo.employees()
        self._settings = self.repo.settings()
        # Views stay while nothing was saved; show_tab redoes a stale one.
        self.failures.clear()
        self.show_tab(self.sales.stats_tab)

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.height < 30, "-short")
        if self._view(self.section) is not None:
            self._draw(self.section)

    @property
    def settings(self) -> Settings:
        """Return the settings read on opening."""
        assert self._settings is not None
        return self._settings

    @property
    def as_of(self) -> date:
        """Return the day the monthly tabs are counted to: today within the period, else its end."""
        return self.today if self.start <= self.today <= self.end else self.end

    def key(self, tab: str) -> tuple[Any, ...]:
        """Return what a tab's numbers depend on: the tab and its period or day."""
        return view_key(tab, self.start, self.end, self.as_of)

    def _view(self, tab: str) -> Any:
        return self.views.get(self.key(tab))

    # -- tabs ---------------------------------------------------------------------------

    def show_tab(self, tab: str) -> None:
        """Show a tab, its numbers if gathered, and gather them in a thread if not."""
        if tab != self.section or not self.query_one(f"#{tab}").has_class("-shown"):
            # Only the two tabs that change: a class change restyles the widgets under it.
            self.query_one(f"#{self.section}").remove_class("-shown")
            self.query_one(f"#{tab}").add_class("-shown")
        self.section = tab
        self.sales.stats_tab = tab
        self._draw_tab_bar()
        self.refresh_bindings()
        self.sub_title = f"{tr('nav.stats')} · {tr(f'stats.tab.{tab}')}"
        self._focus_table(tab)
        key = self.key(tab)
        if key in self.views:
            self._draw(tab)  # while a stale one is read again, it stays on screen
        elif key in self.failures:
            self._drawn.pop(tab, None)  # the title no longer shows the drawn numbers
            self._title(tab).update(self.failures[key])
            return
        else:
            self._drawn.pop(tab, None)
            self._title(tab).update(tr("stats.counting"))
        stale = self._stamps.get(key) != self.repo.writes
        if stale and (key not in self._asked or self._take_queued(key)):
            self._asked.add(key)
            self._gather(key)
        if self._ahead is not None:
            self._ahead.stop()
        self._ahead = self.set_timer(GATHER_AHEAD_S, self._gather_ahead)

    def _take_queued(self, key: tuple[Any, ...]) -> bool:
        """Take a key out of the gather-ahead queue; False when it was not waiting there."""
        try:
            self._queued.remove(key)
        except KeyError:
            return False
        return True

    def _gather_ahead(self) -> None:
        """Gather, while the keys rest, the numbers one key away: the other tabs of the
        period (after a save they are stale), then this tab's previous period (Shift+←) and
        the next length's (p). Saves make them stale like any."""
        self._ahead = None
        if not self.is_current:
            return  # another screen (or a dialog) is in front: the keys went elsewhere
        keys = [self.key(tab) for tab in TABS if tab != self.section]
        after = LENGTHS[(LENGTHS.index(self.length) + 1) % len(LENGTHS)]
        anchor = self.today if self.start <= self.today <= self.end else self.start
        for start, end in (shifted(self.start, self.length, -1), period_of(anchor, after)):
            as_of = self.today if start <= self.today <= end else end
            keys.append(view_key(self.section, start, end, as_of))
        self._queue(keys)

    def _count_behind(self) -> None:
        """While another screen is in front, count this period's tabs again after a save
        made there, once the keys rest: coming back shows the new numbers at once."""
        if self.is_current or self._behind == self.repo.writes:
            return
        self._behind = self.repo.writes
        # The save may be a hire or a renamed employee: the views list them.
        self._employees = self.repo.employees()
        self._queue([self.key(tab) for tab in TABS])

    def _queue(self, keys: list[tuple[Any, ...]]) -> None:
        """Count, one after another while the keys rest, the views that are stale or missing."""
        wanted = [
            key
            for key in dict.fromkeys(keys)
            if self._stamps.get(key) != self.repo.writes
            and key not in self._asked
            and key not in self.failures
        ]
        if wanted:
            self._asked.update(wanted)
            self._queued.update(wanted)
            self._gather_each(wanted)

    @work(thread=True, group="stats-ahead")
    def _gather_each(self, keys: list[tuple[Any, ...]]) -> None:
        """Gather views one after another, each once the keys have rested (a key and what
        it draws get the interpreter); stop when the app ends."""
        from salestui.tui.app import ReadAheadStopped

        for key in keys:
            try:
                self.sales.wait_for_rest()
                # set.remove is atomic: a key the screen took meanwhile is not gathered twice.
                self._queued.remove(key)
            except ReadAheadStopped:
                return
            except KeyError:
                continue
            self._gather_one(key)

    def _focus_table(self, tab: str) -> None:
        tables = {
            "ratios": "#ladder",
            "duration": "#durations",
            "forecast": "#forecasts",
            "plan": "#plan-table",
            "whatif": "#required",
        }
        self.query_one(tables[tab]).focus()

    def _title(self, tab: str) -> Static:
        return self.query_one(f"#{tab}-title", Static)

    def _draw_tab_bar(self) -> None:
        bar = Text()
        for index, tab in enumerate(TABS):
            if index:
                bar.append(" │ ", style="dim")
            label = f"{tr(f'stats.tab.{tab}')} {TAB_KEYS[tab]}"
            if tab == self.section:
                bar.append(f"▸{label}◂", style="bold reverse")
            else:
                bar.append(f" {label} ")
        self.query_one("#tabs", Static).update(bar)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Show a tab's own keys on that tab only."""
        tab = TAB_ACTIONS.get(action)
        return tab is None or tab == self.section

    # -- gathering ----------------------------------------------------------------------

    @work(thread=True, group="stats")
    def _gather(self, key: tuple[Any, ...]) -> None:
        """Gather a tab's numbers in a thread and post them back (or the one-line failure)."""
        self._gather_one(key)

    def _gather_one(self, key: tuple[Any, ...]) -> None:
        """Gather a view (in a worker thread) and post it back, or the one-line failure."""
        started = perf_counter()
        view: object = None
        failure: str | None = tr("stats.busy")
        seen = self.repo.writes
        for _ in range(ATTEMPTS):
            seen = self.repo.writes
            try:
                view = load_view(self.repo, key, self._employees)
            except RuntimeError:
                # A save on another screen changed a table while this thread read it.
                continue
            except Exception as exc:  # noqa: BLE001 - one line on the screen; the app goes on
                failure = failure_text(exc)
                break
            if self.repo.writes == seen:
                failure = None
                break
        ms = (perf_counter() - started) * 1000
        self.post_message(Computed(key, view, failure, ms, seen))

    @on(Computed)
    def _computed(self, message: Computed) -> None:
        self._asked.discard(message.key)
        self.timings[message.key] = message.ms
        if message.failure is not None:
            self.failures[message.key] = message.failure
        else:
            old = self.views.get(message.key)
            if isinstance(old, WhatIf) and isinstance(message.view, WhatIf):
                # Read again after a save: the target and ratios the user typed stay.
                message.view.target = old.target
                message.view.overrides = old.overrides
            self.views[message.key] = message.view
            self._stamps[message.key] = message.seen
        if message.key == self.key(self.section):
            self.show_tab(self.section)

    # -- drawing ------------------------------------------------------------------------

    def _look(self, tab: str) -> tuple[Any, ...]:
        """Return everything a tab's drawing depends on besides its numbers."""
        return (
            self.key(tab),
            id(self.views.get(self.key(tab))),
            self.employee,
            self.percent,
            self.cohorts,
            self.plan_target,
            self.app.size,
        )

    def _draw(self, tab: str, *, again: bool = False) -> None:
        """Draw a tab's numbers, unless it shows them as they are already (a tab switch
        back and forth redraws nothing: filling a table renders every cell again)."""
        look = self._look(tab)
        if not again and self._drawn.get(tab) == look:
            return
        self._drawn[tab] = look
        drawers: dict[str, Callable[[Any], None]] = {
            "ratios": self._draw_ratios,
            "duration": self._draw_duration,
            "forecast": self._draw_forecast,
            "plan": self._draw_plan,
            "whatif": self._draw_whatif,
        }
        drawers[tab](self._view(tab))

    def _who(self) -> str:
        if self.employee == TEAM:
            return tr("finance.team")
        found = next((e for e in self._employees if e.id == self.employee), None)
        return found.name if found else tr("finance.team")

    def _period(self) -> str:
        return period_name(self.start, self.end, self.length)

    def _month(self) -> str:
        return period_name(*period_of(self.as_of, "month"), "month")

    def _fill(
        self,
        table: LineTable,
        columns: Sequence[Column],
        rows: Sequence[tuple[str, list[int | str | None]]],
        money: set[int] | None = None,
        bold: set[str] | None = None,
    ) -> str:
        """Fill a table, numbers right-aligned, names fitted; return the amounts' unit words."""
        headers = [c.header for c in columns]
        values = [v for _, v in rows]
        way, widths = fit(headers, values, money or set(), self.app.size.width - TABLE_FRAME)
        names = fit_names([str(v[0]) for v in values], widths[0])
        specs = [
            TableColumn(c.key, c.header, width, c.numeric)
            for c, width in zip(columns, widths, strict=True)
        ]
        ways = [way if money and i in money else None for i in range(len(columns))]
        lines = [
            TableRow(
                key,
                [name, *(cell_text(v, w) for v, w in zip(row[1:], ways[1:], strict=True))],
                bool(bold and key in bold),
            )
            for (key, row), name in zip(rows, names, strict=True)
        ]
        table.set_rows(specs, lines)
        return tr(way.unit, sign=symbol(self.settings.currency))

    def _staff_rows(
        self,
        staff: Sequence[Employee],
        team: list[int | str | None],
        row: Callable[[int], list[int | str | None]],
    ) -> list[tuple[str, list[int | str | None]]]:
        rows: list[tuple[str, list[int | str | None]]] = [("team", [tr("finance.team"), *team])]
        rows += [(str(e.id), [e.name, *row(e.id)]) for e in staff]
        return rows

    # Ratios

    def _draw_ratios(self, view: RatiosView) -> None:
        settings = self.settings
        codes = view.codes
        names = {m.code: m.short() for m in settings.funnel}
        # Someone not listed for the period (no numbers, not employed then): empty bars.
        chosen = view.team if self.employee == TEAM else view.per.get(self.employee)
        if chosen is None:
            chosen = ladder({}, codes)
        self._draw_funnel(chosen, names)
        columns = [Column("name", tr("report.employee"), numeric=False)]
        for a, b in zip(codes, codes[1:], strict=False):
            columns.append(Column(f"{a}>{b}", f"{names[a]}→\n{names[b]}"))
        columns.append(Column("extra", tr("stats.col.extra")))

        def steps(found: Ladder, weak: WeakLink | None) -> list[int | str | None]:
            cells: list[int | str | None] = []
            for step in found.steps:
                text = (
                    (DASH if step.conversion is None else fmt_percent(step.conversion / 100))
                    if self.percent
                    else fmt_ratio(step.ratio)
                )
                marked = weak is not None and weak.step.source == step.source
                cells.append(f"▼{text}" if marked else text)
            return cells

        def extra(weak: WeakLink | None) -> list[int | str | None]:
            return [None if weak is None else f"+{fmt_decimal(weak.extra_payments, 1)}"]

        rows = self._staff_rows(
            view.staff,
            [*steps(view.team, None), ""],
            lambda i: [*steps(view.per[i], view.weak[i]), *extra(view.weak[i])],
        )
        self._fill(self.query_one("#ladder", LineTable), columns, rows, bold={"team"})
        shown = tr("stats.ratios.as_percent") if self.percent else tr("stats.ratios.as_ratio")
        self._title("ratios").update(
            tr("stats.ratios.title", period=self._period(), shown=shown, who=self._who())
        )

    def _draw_funnel(self, found: Ladder, names: dict[str, str]) -> None:
        codes = list(found.counts)
        labels = [names[c] for c in codes]
        values = [float(found.counts[c]) for c in codes]
        texts = [fmt_int(found.counts[codes[0]])] if codes else []
        for step, chain in zip(found.steps, found.chain, strict=True):
            shown = DASH if step.conversion is None else fmt_percent(step.conversion / 100)
            texts.append(
                f"{fmt_int(found.counts[step.target])} · {shown} · {fmt_ratio(chain.ratio)}"
            )
        chart = self.query_one("#funnel-chart", BarChart)
        chart.empty = tr("stats.nothing")
        chart.styles.height = len(codes) + 3
        if not any(values):
            chart.replot([], [], [])
        else:
            chart.replot(labels, values, texts)
        first = names[codes[0]] if codes else ""
        self.query_one("#funnel-legend", Static).update(tr("stats.ratios.legend", first=first))

    # Duration

    def _draw_duration(self, view: DurationView) -> None:
        chart = self.query_one("#histogram", BarChart)
        chart.empty = tr("stats.nothing")
        counts = view.buckets.get(self.employee, [0] * (len(BUCKET_EDGES) + 1))
        paid = sum(counts)
        if paid:
            chart.replot(
                bucket_labels(),
                [float(c) for c in counts],
                [f"{fmt_int(c)} · {fmt_percent(c / paid)}" if c else "0" for c in counts],
            )
        else:
            chart.replot([], [], [])
        table = self.query_one("#durations", LineTable)
        # The histogram counts the period's paid deals: beside the cohorts it would mislead.
        chart.display = not self.cohorts
        if self.cohorts:
            self._draw_cohorts(view, table)
        else:
            self._draw_durations(view, table)

    @staticmethod
    def _duration_cells(d: Duration) -> list[int | str | None]:
        return [
            d.paid,
            days_text(d.mean),
            days_text(d.median),
            days_text(d.p75),
            days_text(d.p90),
            d.open,
            days_text(d.km_median),
        ]

    def _draw_durations(self, view: DurationView, table: LineTable) -> None:
        # The average won amount needs a wide screen; at 80 columns the rest would not fit.
        wide = self.app.size.width >= WIDE_WIDTH
        keys = ("paid", "mean", "median", "p75", "p90", "open", "km", "win", "won")
        columns = [Column("name", tr("report.employee"), numeric=False)]
        columns += [Column(k, tr(f"stats.col.{k}")) for k in keys[: None if wide else -1]]

        def wins(i: int | None) -> list[int | str | None]:
            summary = view.team_wins if i is None else view.wins.get(i)
            if summary is None:
                return [None, None] if wide else [None]
            rate = summary.win_rate
            shown: list[int | str | None] = [None if rate is None else fmt_percent(rate)]
            return [*shown, summary.avg_won_amount] if wide else shown

        empty = Duration(0, None, None, None, None, 0, None)
        rows = self._staff_rows(
            view.staff,
            [*self._duration_cells(view.team), *wins(None)],
            lambda i: [*self._duration_cells(view.per.get(i, empty)), *wins(i)],
        )
        unit = self._fill(table, columns, rows, money={9} if wide else set(), bold={"team"})
        self._title("duration").update(
            tr(
                "stats.duration.title",
                period=self._period(),
                who=self._who(),
                deals=trn("stats.paid_deals", view.team.paid),
            )
        )
        legend = (
            tr("stats.duration.legend", unit=unit) if wide else tr("stats.duration.legend_narrow")
        )
        self.query_one("#duration-legend", Static).update(legend)

    def _draw_cohorts(self, view: DurationView, table: LineTable) -> None:
        keys = ("paid", "mean", "median", "p75", "p90", "open", "km")
        columns = [Column("name", tr("stats.col.cohort"), numeric=False)]
        columns += [Column(k, tr(f"stats.col.{k}")) for k in keys]
        rows: list[tuple[str, list[int | str | None]]] = [
            (month, [month, *self._duration_cells(d)]) for month, d in view.cohorts.items()
        ]
        self._fill(table, columns, rows)
        self._title("duration").update(tr("stats.duration.cohorts_title", end=fmt_date(self.as_of)))
        self.query_one("#duration-legend", Static).update(tr("stats.duration.cohorts_legend"))

    # Forecast

    def _draw_forecast(self, view: ForecastView) -> None:
        keys = ("fact", "projection", "plan", "done", "pipeline", "funnel")
        columns = [Column("name", tr("report.employee"), numeric=False)]
        columns += [Column(k, tr(f"stats.col.{k}")) for k in keys]

        def cells(i: int) -> list[int | str | None]:
            f = view.team if i == TEAM else view.per.get(i)
            if f is None:
                return [0, None, None, None, 0, None]
            done = (
                fmt_percent(f.projection / f.plan) if f.projection is not None and f.plan else None
            )
            return [
                f.fact_to_date,
                f.projection,
                f.plan,
                done,
                f.weighted_pipeline,
                f.funnel.amount,
            ]

        rows = self._staff_rows(view.staff, cells(TEAM), cells)
        unit = self._fill(
            self.query_one("#forecasts", LineTable),
            columns,
            rows,
            money={1, 2, 3, 5, 6},
            bold={"team"},
        )
        currency = self.settings.currency
        self._title("forecast").update(
            tr("stats.forecast.title", month=self._month(), date=fmt_date(view.as_of), unit=unit)
        )
        chosen = view.team if self.employee == TEAM else view.per.get(self.employee, view.team)
        history = view.history.get(self.employee, [])
        average = chosen.funnel.average_payment or 0
        ahead = [(monday, round(n * average)) for monday, n in chosen.funnel.weeks]
        trend = self.query_one("#trend", TrendChart)
        trend.replot(history, ahead, view.as_of, currency, self._who())
        self._draw_pipeline(view.pipeline.get(self.employee, {}), view.as_of, currency)
        self.query_one("#forecast-legend", Static).update(
            tr(
                "stats.forecast.legend",
                window=WINDOW_WEEKS,
                weeks=FORECAST_WEEKS,
                lag=trn("stats.weeks", chosen.funnel.lag_weeks),
            )
        )

    def _draw_pipeline(self, months: dict[str, int], as_of: date, currency: str) -> None:
        """Bars of the weighted pipeline by expected payment month: earlier months (overdue
        expectations) in one bar, then this month on, then the deals with no date."""
        now = as_of.isoformat()[:7]
        earlier = sum(v for m, v in months.items() if m != NO_DATE and m < now)
        bars: list[tuple[str, int]] = []
        if earlier:
            bars.append((tr("stats.pipeline.earlier"), earlier))
        bars += [(m, v) for m, v in months.items() if m != NO_DATE and m >= now]
        if months.get(NO_DATE):
            bars.append((tr("stats.pipeline.no_date"), months[NO_DATE]))
        chart = self.query_one("#pipeline", BarChart)
        chart.empty = tr("stats.pipeline.none")
        scale: Scale = scale_for([v for _, v in bars])
        chart.replot(
            [label for label, _ in bars],
            [scale.value(v) for _, v in bars],
            [scale.label(v) for _, v in bars],
        )
        chart.title = tr("stats.pipeline.title", unit=tr(scale.unit, sign=symbol(currency)))

    # Plan

    def _draw_plan(self, view: PlanView) -> None:
        settings = self.settings
        names = {m.code: m.label() for m in settings.funnel} | {REVENUE: tr("field.revenue")}
        if self.plan_target not in view.targets:
            self.plan_target = REVENUE
        target = self.plan_target
        lines = [line for line in view.lines if line.target == target]
        money = target == REVENUE
        columns = [Column("name", tr("report.employee"), numeric=False)]
        columns += [
            Column(k, tr(f"stats.col.{k}")) for k in ("plan", "expected", "fact", "attained", "gap")
        ]
        columns.append(Column("pace", tr("stats.col.pace"), numeric=False))

        def cells(line: PlanLine) -> list[int | str | None]:
            done = line.attainment
            gap = None if line.expected_to_date is None else line.fact - line.expected_to_date
            return [
                line.plan,
                line.expected_to_date,
                line.fact,
                None if done is None else fmt_percent(done),
                gap,
                self._pace_word(line),
            ]

        team = next((line for line in lines if line.employee == TOTAL), None)
        rows: list[tuple[str, list[int | str | None]]] = []
        if team is not None:
            rows.append(("team", [tr("finance.team"), *cells(team)]))
        rows += [
            (f"{n}", [line.employee, *cells(line)])
            for n, line in enumerate(lines)
            if line is not team
        ]
        unit = self._fill(
            self.query_one("#plan-table", LineTable),
            columns,
            rows,
            money={1, 2, 3, 5} if money else set(),
            bold={"team"},
        )
        self._title("plan").update(
            tr(
                "stats.plan.title",
                month=self._month(),
                target=names[target],
                elapsed=view.days_elapsed,
                total=view.days_total,
                unit=unit if money else tr("stats.plan.counts"),
            )
        )
        who = TOTAL
        if self.employee != TEAM:
            who = next((e.name for e in self._employees if e.id == self.employee), TOTAL)
        mine = {line.target: line for line in view.lines if line.employee == who}
        labels, values, texts = [], [], []
        pace = view.days_elapsed / view.days_total if view.days_total else 0.0
        for code in view.targets:
            line = mine.get(code)
            if line is None or not line.plan:
                continue
            done = line.fact / line.plan
            labels.append(names[code] if code == REVENUE else settings_short(settings, code))
            values.append(done * 100)
            texts.append(f"{fmt_percent(done)} · {self._pace_word(line)}")
        chart = self.query_one("#plan-chart", BarChart)
        chart.empty = tr("stats.plan.none")
        chart.styles.height = len(labels) + 4 if labels else 1
        chart.replot(labels, values, texts)
        chart.title = tr("stats.plan.chart", who=self._who(), pace=fmt_percent(pace))

    @staticmethod
    def _pace_word(line: PlanLine) -> str | None:
        """Say whether a line is ahead of or behind the pace (a word, not a colour)."""
        if line.expected_to_date is None:
            return None
        return tr("stats.pace.ahead" if line.fact >= line.expected_to_date else "stats.pace.behind")

    # What-if

    def _draw_whatif(self, view: WhatIf) -> None:
        names = {m.code: m.short() for m in self.settings.funnel}
        columns = [
            Column("name", tr("report.employee"), numeric=False),
            Column("target", tr("stats.col.target")),
            Column("from", tr("stats.col.from"), numeric=False),
        ]
        # "a day" is in the title: the columns keep to the metrics' names (80 columns).
        columns += [Column(code, names[code]) for code in view.codes]

        rows = [(str(e.id), [e.name, *self._whatif_cells(view, e.id)]) for e in view.staff]
        unit = self._fill(self.query_one("#required", LineTable), columns, rows, money={1})
        currency = self.settings.currency
        days = trn("stats.working_days", view.working_days)
        if view.target is None and not view.plans:
            self._title("whatif").update(tr("stats.whatif.no_target", month=self._month()))
        elif view.target is None:
            self._title("whatif").update(
                tr("stats.whatif.plans_title", month=self._month(), days=days, unit=unit)
            )
        else:
            self._title("whatif").update(
                tr(
                    "stats.whatif.title",
                    target=fmt_money(view.target, currency, whole=True),
                    month=self._month(),
                    days=days,
                    unit=unit,
                )
            )
        self._draw_whatif_ratios(view)

    @staticmethod
    def _whatif_cells(view: WhatIf, employee: int) -> list[int | str | None]:
        """Return one employee's what-if cells: whose ratios, then each metric a day."""
        target = view.target_of(employee)
        need = view.required(employee)
        if need is None:
            return [target, DASH, *([None] * len(view.codes))]
        changed = bool(view.overrides.get(employee))
        source = tr(f"report.ratios_{need.ratios_from}") + ("*" if changed else "")
        return [target, source, *(fmt_decimal(need.per_day[c], 1) for c in view.codes)]

    def _redraw_whatif_row(self, view: WhatIf, employee: int) -> None:
        """Write one employee's changed numbers into their row (the rest stay as drawn)."""
        table = self.query_one("#required", LineTable)
        key = str(employee)
        if key not in table.row_keys():
            self._draw_whatif(view)  # not drawn with this view: draw the whole table
            return
        shown = table.rows[table.row_keys().index(key)].cells
        # The name and the target stay: a changed ratio does not move them.
        cells = [cell_text(v, None) for v in self._whatif_cells(view, employee)[1:]]
        if not table.update_row(key, [*shown[:2], *cells]):
            self._draw_whatif(view)  # a number outgrew its column: lay the table out again
            return
        self._draw_whatif_ratios(view)

    def _cursor(self, view: WhatIf) -> tuple[Employee | None, int]:
        """Return the employee and the step under the what-if table's cursor."""
        table = self.query_one("#required", LineTable)
        if not view.staff:
            return None, 0
        row = min(max(table.cursor_row, 0), len(view.staff) - 1)
        # The step from the metric under the cursor to the next: its ratio makes that number
        # (payments, the last, come from the target: their column edits the step into them).
        metric = max(table.cursor_column - 3, 0)
        return view.staff[row], max(min(metric, len(view.codes) - 2), 0)

    def _draw_whatif_ratios(self, view: WhatIf) -> None:
        employee, at = self._cursor(view)
        if employee is None or len(view.codes) < 2:
            self.query_one("#whatif-ratios", Static).update(tr("stats.nothing"))
            return
        line = Text(f"{employee.name}: ")
        for step in range(len(view.codes) - 1):
            value, changed = view.ratio(employee.id, step)
            if step:
                line.append(" · ")
            name = step_name(self.settings, view.codes[step], view.codes[step + 1])
            text = f"{name} {fmt_ratio(value)}"
            text += "*" if changed else ""
            line.append(f"[{text}]" if step == at else text, style="bold" if step == at else "")
        line.append("\n" + tr("stats.whatif.keys"), style="dim")
        self.query_one("#whatif-ratios", Static).update(line)

    @on(LineTable.Moved, "#required")
    def _cell_moved(self) -> None:
        view = self._view("whatif")
        if isinstance(view, WhatIf):
            self._draw_whatif_ratios(view)

    # -- keys ---------------------------------------------------------------------------

    def action_next_tab(self, step: int) -> None:
        """Show the next (or previous) tab."""
        self.show_tab(TABS[(TABS.index(self.section) + step) % len(TABS)])

    def action_show_tab(self, tab: str) -> None:
        """Show a tab."""
        self.show_tab(tab)

    def action_shift_period(self, step: int) -> None:
        """Show the previous or next week, month or quarter."""
        self.failures.clear()  # the user asks again
        self.start, self.end = shifted(self.start, self.length, step)
        self.show_tab(self.section)

    def action_cycle_length(self) -> None:
        """Switch the period between a week, a month and a quarter."""
        self.length = LENGTHS[(LENGTHS.index(self.length) + 1) % len(LENGTHS)]
        anchor = self.today if self.start <= self.today <= self.end else self.start
        self.start, self.end = period_of(anchor, self.length)
        self.show_tab(self.section)

    def action_pick_employee(self) -> None:
        """Ask whose charts to show (on the what-if, whose row to go to): a name or a few
        letters of it; empty for the team."""
        from salestui.tui.screens.prompt import TextPrompt

        def check(text: str) -> None:
            match_employee(self._employees, text)

        def chosen(text: str | None) -> None:
            if text is None:
                return
            found = match_employee(self._employees, text)
            self.employee = TEAM if found is None else found.id
            self.show_tab(self.section)
            if self.section == "whatif":
                table = self.query_one("#required", LineTable)
                keys = table.row_keys()
                table.move_cursor(
                    row=keys.index(str(self.employee)) if str(self.employee) in keys else 0
                )

        current = "" if self.employee == TEAM else self._who()
        prompt = TextPrompt(
            tr("stats.employee_title"), current, tr("finance.chart_of_hint"), check=check
        )
        self.app.push_screen(prompt, chosen)

    def action_ratio_view(self) -> None:
        """Show the ladder as "N : 1" or as %."""
        self.percent = not self.percent
        self.show_tab(self.section)

    def action_cohorts(self) -> None:
        """Show durations by employee or by the month deals were created."""
        self.cohorts = not self.cohorts
        self.show_tab(self.section)

    def action_plan_target(self, step: int) -> None:
        """Show the plan of the next (or previous) target: revenue, then each funnel metric."""
        targets = [REVENUE, *self.settings.metric_codes()]
        here = targets.index(self.plan_target) if self.plan_target in targets else 0
        self.plan_target = targets[(here + step) % len(targets)]
        self.show_tab(self.section)

    def _what_if(self) -> WhatIf | None:
        view = self._view("whatif")
        return view if isinstance(view, WhatIf) else None

    def action_target(self) -> None:
        """Ask for the revenue target a month per employee."""
        from salestui.tui.screens.prompt import Prompt

        view = self._what_if()
        if view is None:
            return
        label = tr("stats.whatif.target_field")

        def parse(text: str) -> int:
            if not text.strip():
                return 0  # empty: back to each one's own plan
            try:
                amount = parse_money(label, text)
            except MoneyError as exc:
                raise ValueError(str(exc)) from None
            if amount <= 0:
                raise ValueError(tr("stats.whatif.target_zero"))
            return amount

        def chosen(amount: int | None) -> None:
            if amount is not None:
                view.target = amount or None
                self._draw_whatif(view)

        current = "" if view.target is None else money_input(view.target)
        self.app.push_screen(
            Prompt(tr("stats.whatif.target_title"), current, tr("stats.whatif.target_hint"), parse),
            chosen,
        )

    def _at_cursor(self) -> tuple[WhatIf, Employee, int, float | None] | None:
        """Return the what-if, the employee and step under the cursor and that step's ratio."""
        view = self._what_if()
        if view is None:
            return None
        employee, step = self._cursor(view)
        if employee is None:
            return None
        return view, employee, step, view.ratio(employee.id, step)[0]

    def action_edit_ratio(self) -> None:
        """Type the ratio at the step under the cursor for that employee."""
        from salestui.tui.screens.prompt import Prompt

        found = self._at_cursor()
        if found is None:
            return
        view, employee, step, value = found
        name = step_name(self.settings, view.codes[step], view.codes[step + 1])

        def chosen(ratio: float | None) -> None:
            if ratio is not None:
                view.overrides.setdefault(employee.id, {})[step] = ratio
                self._redraw_whatif_row(view, employee.id)

        self.app.push_screen(
            Prompt(
                tr("stats.whatif.ratio_title", who=employee.name, step=name),
                "" if value is None else plain_number(value),
                tr("stats.whatif.ratio_hint"),
                parse_ratio,
            ),
            chosen,
        )

    def action_nudge(self, direction: int) -> None:
        """Make the step under the cursor convert better (+) or worse (−) for that employee."""
        found = self._at_cursor()
        if found is None:
            return
        view, employee, step, value = found
        if value is None:
            self.notify(tr("stats.whatif.no_ratio"), timeout=4, markup=False)
            return
        changed = value / NUDGE if direction > 0 else value * NUDGE
        view.overrides.setdefault(employee.id, {})[step] = min(max(changed, MIN_RATIO), MAX_RATIO)
        self._redraw_whatif_row(view, employee.id)

    def action_reset_whatif(self) -> None:
        """Forget the ratios typed in the what-if."""
        view = self._what_if()
        if view is not None:
            changed = list(view.overrides)
            view.overrides.clear()
            for employee in changed:
                self._redraw_whatif_row(view, employee)
            self._draw_whatif_ratios(view)

    def action_mark_done(self) -> None:
        """Mark this tab's routine done: deal duration on Duration, ratios elsewhere."""
        self.sales.action_mark_done("duration" if self.section == "duration" else "ratios")


def settings_short(settings: Settings, code: str) -> str:
    """Return a funnel metric's short name."""
    return next((m.short() for m in settings.funnel if m.code == code), code)
