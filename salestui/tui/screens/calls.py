"""Call listening (routine 7): today's listening queue and each employee's scores, trend and
weakest item; the review form and the list of reviews are in call_form."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from textwrap import wrap
from typing import ClassVar, Final

from rich.cells import cell_len
from rich.console import JustifyMethod
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Header, Static

from salestui.analytics.calls import (
    FAILED_DAYS,
    LISTEN_MINUTES,
    LOW_SCORE,
    EmployeeCalls,
    Listen,
    by_employee,
    cqr,
    listening_queue,
    minutes_heard,
    minutes_left,
)
from salestui.i18n import DASH, fmt_date, fmt_int, fmt_percent, fmt_short_date, tr, trn
from salestui.models import CallReview, ChecklistItem, Employee
from salestui.textfit import fit_names, truncate
from salestui.tui.keys import bind
from salestui.tui.screens.base import BaseScreen
from salestui.tui.widgets.keys_footer import KeysFooter

# Call reviews are read this far back: the screen's window (never the whole history).
WINDOW_DAYS: Final = 365
# Weeks of the trend column: fewer on a narrow terminal.
WEEKS_WIDE: Final = 6
WEEKS_NARROW: Final = 4
# Terminals at least this wide show the longer trend.
WIDE_FROM: Final = 100
# The queue takes at most this many lines at the top.
QUEUE_LINES: Final = 3
# Dates this close to today are shown without their year.
SHORT_DATE_DAYS: Final = 182
# Columns in the order they are shown.
ORDER: Final = ("queue", "name", "reviews", "score", "last", "trend", "weakest")
NUMBERS: Final = frozenset({"reviews", "score"})
NAME_MIN: Final = 12
NAME_MAX: Final = 24
WEAKEST_MIN: Final = 8
WEAKEST_SOFT: Final = 12
WEAKEST_MAX: Final = 34
# DataTable pads each cell by one on both sides; the table has a margin and a scrollbar.
PAD: Final = 2
EDGES: Final = 3
LOW_STYLE: Final = "bold red"
TREND_STYLES: Final = {"↑": "green", "↓": "red"}
# A change of the weekly mean below this many points is shown as level.
LEVEL: Final = 0.5


def fmt_score(score: float | None) -> str:
    """Return a call-review score as a whole percentage ("72%"), or a dash without one."""
    return DASH if score is None else fmt_percent(score / 100)


class RowTable(DataTable[Text]):
    """A table of rows: Home and End go to the first and the last row."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("home", "scroll_top", show=False),
        Binding("end", "scroll_bottom", show=False),
    ]


@dataclass(frozen=True, slots=True)
class Line:
    """One employee as the table shows them."""

    employee: Employee
    calls: EmployeeCalls
    place: int | None  # their place in today's queue (1 first), None when not in it


def fit_widths(wanted: dict[str, int], room: int) -> dict[str, int]:
    """Return the columns' widths for the room: the weakest item and the name give way
    first (down to their least widths), then the weakest item's column goes."""
    widths = dict(wanted)
    widths["name"] = min(widths["name"], NAME_MAX)
    widths["weakest"] = min(widths["weakest"], WEAKEST_MAX)

    def used() -> int:
        """Return the width the columns take with their padding."""
        return sum(w + PAD for w in widths.values())

    # The weakest item's label is cut first (the detail below says it whole), then names
    # are shortened, then the label is cut to its least.
    for key, floor in (("weakest", WEAKEST_SOFT), ("name", NAME_MIN), ("weakest", WEAKEST_MIN)):
        over = used() - room
        if over > 0:
            widths[key] = max(floor, widths[key] - over)
    if used() > room:
        del widths["weakest"]
    over = used() - room
    if over > 0:
        widths["name"] = max(6, widths["name"] - over)
    return {key: widths[key] for key in ORDER if key in widths}


class CallsScreen(BaseScreen):
    """Whom to listen to today, and each employee's reviewed calls: scores, trend, weakest."""

    DEFAULT_CSS = """
    CallsScreen #calls-queue {
        height: auto;
        padding: 0 1;
    }
    CallsScreen #calls-table {
        height: 1fr;
        margin: 0 1;
        scrollbar-size-vertical: 1;
    }
    CallsScreen #calls-detail {
        height: 4;
        padding: 0 1;
        background: $panel;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        bind("a", "review", "calls.key.review"),
        bind("h", "history", "calls.key.history"),
        bind("m", "app.mark_done('calls')", "calls.key.done"),
    ]
    AUTO_FOCUS = "#calls-table"

    def __init__(self) -> None:
        super().__init__()
        self._lines: list[Line] = []
        self._checklist: tuple[ChecklistItem, ...] = ()
        self._queue: list[Listen] = []
        self._widths: dict[str, int] = {}
        self._filled_for = 0
        self._weeks = WEEKS_NARROW
        self._reviews: list[CallReview] | None = None

    def help_legend(self) -> list[str]:
        """Return what the markers mean, for the help screen."""
        return [tr("calls.legend")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="calls-queue", markup=False)
        yield RowTable(id="calls-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="calls-detail", markup=False)
        yield KeysFooter(compact=True)

    def on_mount(self) -> None:
        self.refresh_data()

    def came_back(self) -> None:
        """Read the reviews again: another screen may have changed the team."""
        self.refresh_data(self._selected_id(), read=True)

    def _keep(self, saved: Sequence[CallReview]) -> None:
        """Put saved reviews in place of their old versions among those read: only this
        screen's dialogs write reviews, and reading the year again took ~50 ms at scale."""
        assert self._reviews is not None
        fresh = {review.id: review for review in saved}
        kept = [fresh.pop(r.id, r) for r in self._reviews]
        self._reviews = sorted([*kept, *fresh.values()], key=lambda r: (r.date, r.id))

    def on_resize(self, event: events.Resize) -> None:
        # The trend's weeks and the columns follow the width; the first resize, to the
        # size the table was just filled for, changes nothing.
        if self._lines and event.size.width != self._filled_for:
            self.refresh_data(self._selected_id())

    # -- data ----------------------------------------------------------------------------

    def refresh_data(self, select: int | None = None, *, read: bool = False) -> None:
        """Build the queue and the table from the year's call reviews (read from the store
        the first time, or when asked), keep the cursor on an employee."""
        self.sub_title = tr("routine.calls")
        repo, today = self.repo, self.today
        self._checklist = checklist = repo.settings().call_checklist
        staff = [e for e in repo.employees() if e.status_on(today) == "employed"]
        if read or self._reviews is None:
            self._reviews = repo.call_reviews(today - timedelta(days=WINDOW_DAYS), today)
        reviews = self._reviews
        count, minutes = minutes_heard(reviews, today)
        low, high = minutes_left(minutes)
        ids = [e.id for e in staff]
        queue = listening_queue(reviews, checklist, ids, today, (low, high)) if low > 0 else []
        self._queue = queue
        self._weeks = WEEKS_WIDE if self.app.size.width >= WIDE_FROM else WEEKS_NARROW
        calls = by_employee(reviews, checklist, ids, today, self._weeks)
        place = {row.employee_id: n for n, row in enumerate(queue, 1)}
        lines = [Line(e, calls[e.id], place.get(e.id)) for e in staff]
        # Today's queue first, in its order; then everyone else by name.
        lines.sort(key=lambda line: line.place or len(queue) + 1)
        self._lines = lines
        self._show_queue(staff, count, minutes)
        self._fill(select)

    def _show_queue(self, staff: list[Employee], count: int, minutes: float) -> None:
        """Say whom to listen to today and for how long, and what was heard already."""
        low, high = LISTEN_MINUTES
        names = {e.id: e.name for e in staff}
        style = ""
        if not staff:
            said = tr("calls.queue.nobody")
        elif not self._queue:
            heard = fmt_int(round(minutes))
            said = trn("calls.queue.done", count, minutes=heard, low=low, high=high)
            style = "bold"
        else:
            total = round(sum(row.minutes for row in self._queue))
            head = "calls.queue.head_more" if count else "calls.queue.head"
            parts = [tr(head, minutes=fmt_int(total), low=low, high=high)]
            for n, row in enumerate(self._queue, 1):
                entry = tr(
                    "calls.queue.entry",
                    name=names.get(row.employee_id, "?"),
                    minutes=fmt_int(max(1, round(row.minutes))),
                    why=self._why(row),
                )
                parts.append(f"{'' if n == 1 else '· '}▶{n} {entry}")
            if count:
                heard = trn("calls.queue.heard_today", count, minutes=fmt_int(round(minutes)))
                parts.append(f"· {heard}")
            said = " ".join(parts)
        # textwrap breaks lines at spaces only, never at the no-break space of "81 %".
        width = max(20, self.app.size.width - 2)
        lines = wrap(said, width)
        if len(lines) > QUEUE_LINES:
            lines = [*lines[: QUEUE_LINES - 1], truncate(" ".join(lines[QUEUE_LINES - 1 :]), width)]
        text = Text("\n".join(lines), style=style)
        text.highlight_regex(r"▶[0-9]+", "bold")
        self.query_one("#calls-queue", Static).update(text)

    def _why(self, row: Listen) -> str:
        """Say why an employee is in the queue: never heard, or when last and the score of
        their recent calls."""
        if row.last_review is None:
            return tr("calls.queue.never")
        heard = tr("calls.queue.last", day=self._day(row.last_review))
        if row.recent_score is None:
            return heard
        return f"{heard}, {fmt_score(row.recent_score)}"

    def _day(self, day: date) -> str:
        """Return a date without its year when that cannot mislead; today as a word."""
        if day == self.today:
            return tr("calls.day.today")
        if abs((self.today - day).days) <= SHORT_DATE_DAYS:
            return fmt_short_date(day)
        return fmt_date(day)

    # -- the table -----------------------------------------------------------------------

    def _selected_id(self) -> int | None:
        """Return the id of the employee under the cursor, if any."""
        line = self.selected()
        return line.employee.id if line else None

    def selected(self) -> Line | None:
        """Return the employee under the cursor."""
        if not self._lines:
            return None
        row = self.query_one(RowTable).cursor_row
        return self._lines[min(max(row, 0), len(self._lines) - 1)]

    def _trend(self, calls: EmployeeCalls) -> str:
        """Return the weekly means oldest first ("64 71 — 80"), then ↑ ↓ or = against the
        week before the latest one with a score."""
        # Each week right-aligned in three places, so the weeks line up from row to row.
        weeks = " ".join(f"{DASH if s is None else round(s):>3}" for _, s, _ in calls.weeks)
        change = calls.change
        if change is None:
            return weeks
        arrow = "↑" if change > LEVEL else "↓" if change < -LEVEL else "="
        return f"{weeks} {arrow}"

    def _texts(self, line: Line) -> dict[str, str]:
        """Return an employee's cells as text (widths are measured on these)."""
        calls = line.calls
        last = calls.last
        weakest = calls.quarter.weakest_item
        labels = {item.code: item.label() for item in self._checklist}
        score = calls.recent.avg_score
        return {
            "queue": f"▶{line.place}" if line.place else "",
            "name": line.employee.name,
            "reviews": fmt_int(calls.recent.reviews),
            # Judged on the whole percentage shown: 59.6 shows as 60% and is not marked.
            "score": ("!" if score is not None and round(score) < LOW_SCORE else "")
            + fmt_score(score),
            "last": self._day(last.date) if last else tr("calls.day.never"),
            "trend": self._trend(calls),
            "weakest": labels.get(weakest, weakest) if weakest else DASH,
        }

    @staticmethod
    def _cell(key: str, text: str, width: int) -> Text:
        """Return one cell: a low score in colour (marked "!"), arrows in theirs."""
        justify: JustifyMethod = "right" if key in NUMBERS else "left"
        shown = truncate(text, width)
        if key == "score" and text.startswith("!"):
            return Text(shown, style=LOW_STYLE, justify=justify, no_wrap=True)
        if key == "queue":
            return Text(shown, style="bold", no_wrap=True)
        cell = Text(shown, justify=justify, no_wrap=True)
        if key == "trend" and shown[-1:] in TREND_STYLES:
            cell.stylize(TREND_STYLES[shown[-1]], len(shown) - 1)
        return cell

    def _headers(self) -> dict[str, str]:
        """Return the column titles in the interface language."""
        headers = {key: tr(f"calls.col.{key}") for key in ORDER if key != "queue"}
        return {"queue": "", **headers}

    def _fill(self, select: int | None) -> None:
        """Lay the table out for the terminal's width and put the rows in."""
        table = self.query_one(RowTable)
        self._filled_for = self.app.size.width
        row_before = table.cursor_row
        headers = self._headers()
        texts = [self._texts(line) for line in self._lines]
        wanted = {
            key: max([cell_len(headers[key]), *(cell_len(t[key]) for t in texts)]) for key in ORDER
        }
        widths = fit_widths(wanted, self.app.size.width - EDGES)
        names = fit_names([line.employee.name for line in self._lines], widths["name"])
        for text, name in zip(texts, names, strict=True):
            text["name"] = name
        if widths != self._widths:
            table.clear(columns=True)
            for key, width in widths.items():
                justify: JustifyMethod = "right" if key in NUMBERS else "left"
                header = Text(truncate(headers[key], width), justify=justify)
                table.add_column(header, key=key, width=width)
            self._widths = widths
        else:
            table.clear()
        for line, text in zip(self._lines, texts, strict=True):
            cells = [self._cell(key, text[key], width) for key, width in widths.items()]
            table.add_row(*cells, key=str(line.employee.id))
        if self._lines:
            row = row_before
            if select is not None:
                row = self._row_of(select, row)
            table.move_cursor(row=max(0, min(row, len(self._lines) - 1)))
        self._show_detail()

    def _row_of(self, employee_id: int, default: int) -> int:
        """Return the row of an employee (default when they are not listed)."""
        found = (i for i, line in enumerate(self._lines) if line.employee.id == employee_id)
        return next(found, default)

    @on(DataTable.RowHighlighted, "#calls-table")
    def _moved(self) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        """Show the selected employee's name and most failed items, and the last review's
        notes and the action asked of them."""
        detail = self.query_one("#calls-detail", Static)
        line = self.selected()
        if line is None:
            detail.update("")
            return
        width = max(20, self.app.size.width - 2)
        calls = line.calls
        name = line.employee.name
        last = calls.last
        if last is None:
            detail.update(Text(truncate(tr("calls.detail.never", name=name), width)))
            return
        labels = {item.code: item.label() for item in self._checklist}
        quarter = calls.quarter
        reviews = trn("calls.detail.reviews", quarter.reviews, weeks=FAILED_DAYS // 7)
        if not quarter.reviews:
            first = tr("calls.detail.not_recent", weeks=FAILED_DAYS // 7)
        elif not quarter.failed:
            first = tr("calls.detail.none_failed", reviews=reviews)
        else:
            items = " · ".join(
                tr("calls.detail.failed_item", label=labels.get(code, code), count=fmt_int(n))
                for code, n in quarter.failed.items()
            )
            first = tr("calls.detail.failed", reviews=reviews, items=items)
        # Whose they are, said in words: the cursor's row is known by its colour alone. The
        # failed items may take two lines; the last review's notes and action one each.
        lines = wrap(f"{name} · {first}", width)
        if len(lines) > 2:
            lines = [lines[0], truncate(" ".join(lines[1:]), width)]
        text = Text("\n".join(lines), style="bold")
        score = fmt_score(cqr(last.answers, self._checklist))
        notes = last.notes or tr("calls.detail.no_notes")
        said = tr("calls.detail.last", day=fmt_date(last.date), score=score, notes=notes)
        text.append("\n" + truncate(said, width))
        action = tr("calls.detail.action", action=last.action or DASH)
        text.append("\n" + truncate(action, width))
        detail.update(text)

    # -- actions -------------------------------------------------------------------------

    def action_review(self) -> None:
        """Review a call of the selected employee in the form."""
        line = self.selected()
        if line is None:
            self.notify(tr("calls.no_employee"), timeout=3, markup=False)
            return
        employee = line.employee
        was_queued = line.place is not None

        def done(saved: CallReview | None) -> None:
            if saved is None:
                return
            self._keep([saved])
            self.refresh_data(employee.id)
            if was_queued and self._queue:
                # The next in today's queue is the next call to hear.
                table = self.query_one(RowTable)
                table.move_cursor(row=self._row_of(self._queue[0].employee_id, 0))
            score = fmt_score(cqr(saved.answers, self._checklist))
            self.notify(tr("calls.saved", name=employee.name, score=score), timeout=4, markup=False)

        from salestui.tui.screens.call_form import ReviewForm

        self.app.push_screen(ReviewForm(employee, None, line.calls.last), done)

    @on(DataTable.RowSelected, "#calls-table")
    def _entered(self) -> None:
        self.action_review()

    def action_history(self) -> None:
        """List the selected employee's reviews of the screen's year."""
        line = self.selected()
        if line is None:
            self.notify(tr("calls.no_employee"), timeout=3, markup=False)
            return
        employee = line.employee

        def closed(saved: list[CallReview] | None) -> None:
            if saved:
                self._keep(saved)
                self.refresh_data(employee.id)

        from salestui.tui.screens.call_form import HistoryDialog

        since = self.today - timedelta(days=WINDOW_DAYS)
        self.app.push_screen(HistoryDialog(employee, since), closed)
