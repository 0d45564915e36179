"""Weekly base review (routine 6): who is due, each employee's audit figures and last ratings.

The audit of the whole base (every client is compared with every other for duplicates) is
counted behind Today by the read-ahead, and again in a thread worker once clients, deals,
settings or the team changed; the list of who is due shows at once. Enter opens audit mode
(base_audit.AuditScreen) over the employee's own clients once the figures are in.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import partial
from typing import ClassVar, Final

from rich.cells import cell_len
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Header, Static

from salestui.analytics.audit import Due, review_queue
from salestui.analytics.supervision import BASE_REVIEW_DAYS
from salestui.bulk import quiet_gc
from salestui.failures import failure_text
from salestui.i18n import fmt_date, fmt_int, fmt_percent, tr, trn
from salestui.models import BASE_POINTS, Employee, Settings
from salestui.queries import (
    BaseFigures,
    EmployeeBase,
    base_changes,
    base_figures,
    employee_base,
    key_holders,
)
from salestui.textfit import fit_names, truncate
from salestui.tui.keys import bind
from salestui.tui.screens.base import BaseScreen
from salestui.tui.screens.base_audit import (
    AuditInput,
    AuditScreen,
    HistoryDialog,
    Rows,
    arrow,
    missing_labels,
    rating_text,
    shown_average,
)
from salestui.tui.screens.hot import short_day
from salestui.tui.widgets.keys_footer import KeysFooter
from salestui.tui.widgets.line_table import LineTable, TableColumn, TableRow

# Columns in the order shown, and the order they are given room on a narrow terminal.
ORDER: Final = (
    "name",
    "due",
    "last",
    "rating",
    "filled",
    "no_contacts",
    "comments",
    "duplicates",
    "steps",
    "stale",
    "hot",
)
PRIORITY: Final = (
    "name",
    "due",
    "rating",
    "filled",
    "no_contacts",
    "comments",
    "duplicates",
    "steps",
    "hot",
    "stale",
    "last",
)
# The audit's counts behind each figure column.
COUNTS: Final = {
    "no_contacts": "no_contacts",
    "comments": "empty_comments",
    "duplicates": "duplicates",
    "steps": "overdue_steps",
    "stale": "stale_deals",
    "hot": "hot_past_expected",
}
NAME_MIN: Final = 12
# How long the cursor rests on an employee before their base is read for audit mode.
READ_AFTER_S: Final = 0.15
NAME_MAX: Final = 24
# The table's margin and scrollbar, and each cell's padding on both sides.
EDGES: Final = 3
PAD: Final = 2


class Counted(Message):
    """The audit of the base, counted in a thread (or the one line saying why not)."""

    def __init__(self, stamp: int, found: BaseFigures | None, failure: str | None = None) -> None:
        super().__init__()
        self.stamp = stamp  # which count this is: an older one is thrown away
        self.found = found
        self.failure = failure


class BaseRead(Message):
    """One employee's base, read in a thread for audit mode while the cursor rests on them."""

    def __init__(self, employee_id: int, figures: BaseFigures, base: EmployeeBase) -> None:
        super().__init__()
        self.employee_id = employee_id
        self.figures = figures  # the count it was read against: thrown away once recounted
        self.base = base


def fit_widths(wanted: dict[str, int], room: int) -> dict[str, int]:
    """Choose the columns that fit in room by PRIORITY (the name shortened first to
    NAME_MIN), then give the name what is left, up to NAME_MAX."""
    least = dict(wanted, name=min(wanted["name"], NAME_MIN))
    chosen: dict[str, int] = {}
    used = 0
    for key in PRIORITY:
        cost = least[key] + PAD
        if used + cost > room and key != "name":
            break
        chosen[key] = least[key]
        used += cost
    grow = max(0, min(room - used, min(wanted["name"], NAME_MAX) - chosen["name"]))
    chosen["name"] += grow
    return {key: chosen[key] for key in ORDER if key in chosen}


class BaseReviewScreen(BaseScreen):
    """Employees in the order to review them, with their audit and their last review."""

    DEFAULT_CSS = """
    BaseReviewScreen #base-summary, BaseReviewScreen #base-legend {
        height: auto;
        padding: 0 1;
        color: $text-muted;
    }
    BaseReviewScreen #base-table {
        height: 1fr;
        margin: 0 1;
        scrollbar-size-vertical: 1;
    }
    BaseReviewScreen #base-detail {
        height: 3;
        padding: 0 1;
        background: $panel;
    }
    BaseReviewScreen #base-empty {
        height: auto;
        padding: 1 2;
        display: none;
    }
    BaseReviewScreen.-empty #base-empty {
        display: block;
    }
    BaseReviewScreen.-empty #base-table, BaseReviewScreen.-empty #base-detail {
        display: none;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        bind("a", "audit", "base.key.audit"),
        Binding("enter", "audit", "base.key.audit", show=False),
        bind("h", "history", "base.key.history"),
        bind("m", "app.mark_done('base_review')", "base.key.done"),
    ]
    AUTO_FOCUS = "#base-table"

    def __init__(self) -> None:
        super().__init__()
        self._settings: Settings | None = None
        self._staff: dict[int, Employee] = {}
        self._queue: list[Due] = []
        # The base's figures per employee and the keys clients share (~5 MB at 100,000
        # clients); None while they are counted. Kept while the base does not change.
        self._figures: BaseFigures | None = None
        # The employee whose audit mode was asked for before the count was in.
        self._audit_next: int | None = None
        self._failure: str | None = None
        # Which count is the latest (a count started before a save is thrown away), and the
        # store's changes the list was read at: it is read again once they change.
        self._stamp = 0
        self._seen_changes = -1
        self._audited: AuditScreen | None = None  # audit mode, while it is open
        # The selected employee's base read ahead for audit mode, and the wait before reading
        # it (the cursor moving through the list reads nothing).
        self._read: BaseRead | None = None
        self._read_timer: Timer | None = None

    @property
    def counted(self) -> bool:
        """Tell whether the base's audit is counted (the figures shown, audit mode ready)."""
        return self._figures is not None

    @property
    def figures_in(self) -> bool:
        """Tell whether the list's audit figures are in (from the read-ahead or a count)."""
        return self._figures is not None

    def help_legend(self) -> list[str]:
        """Return what the columns mean, for the help screen."""
        return [tr("base.legend", days=BASE_REVIEW_DAYS), tr("report.base_note")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="base-summary", markup=False)
        yield Static(id="base-empty", markup=False)
        yield Rows(header_height=2, id="base-table")
        yield Static(id="base-detail", markup=False)
        yield Static(tr("base.legend", days=BASE_REVIEW_DAYS), id="base-legend", markup=False)
        yield KeysFooter(compact=True)

    def on_mount(self) -> None:
        self.sub_title = tr("routine.base_review")
        self.refresh_data()

    def on_screen_resume(self) -> None:
        # Back from audit mode, a dialog or another screen: read again only when something
        # was saved (audit mode's fixes and review, or another screen's edits).
        audited, self._audited = self._audited, None
        if audited is not None and audited.saved:
            # Reviewed: they go down the list; the next one due is at the top.
            self.refresh_data(top=True)
        elif self.repo.changes != self._seen_changes:
            self.refresh_data(self._selected_id())

    def on_resize(self) -> None:
        if self._settings is not None:
            self._fill(self._selected_id())

    # -- data ---------------------------------------------------------------------------

    def others_saved(self, changed: Mapping[str, set[int] | None]) -> None:
        """Read the base again: another process saved reviews, clients or deals."""
        self.refresh_data(self._selected_id())

    def refresh_data(self, select: int | None = None, *, top: bool = False) -> None:
        """Read who is due at once; count the base's audit in a thread when the base changed
        since it was counted. The cursor stays on an employee (select), or goes to the first
        row (top)."""
        repo, today = self.repo, self.today
        self._settings = repo.settings()
        staff = sorted(
            (e for e in repo.employees() if e.employed_on(today)),
            key=lambda e: (e.name.casefold(), e.id),
        )
        self._staff = {e.id: e for e in staff}
        ids = [e.id for e in staff]
        self._queue = review_queue(ids, repo.base_reviews(), today)
        self._seen_changes = repo.changes
        if top:
            self.query_one("#base-table", Rows).move_cursor(row=0)
        # The read-ahead counts the figures behind Today; they stay while the base does not
        # change (a roll-call answer saved does not count it again).
        changes = base_changes(repo)
        figures = self._figures
        if figures is None or figures.changes != changes:
            prepared = self.sales.take_prepared("base_review")
            fresh = isinstance(prepared, BaseFigures) and prepared.changes == changes
            figures = prepared if isinstance(prepared, BaseFigures) and fresh else None
        self._figures = figures
        self._failure = None
        self._stamp += 1
        self._fill(select)
        if figures is None:
            self._count(self._stamp, ids)

    @work(thread=True, exclusive=True, group="base-audit", description="base audit")
    def _count(self, stamp: int, ids: list[int]) -> None:
        """Audit every employee over the whole base, from the stored documents (~1 s at
        100,000 clients), and post the result back."""
        try:
            with quiet_gc():
                found = base_figures(self.repo, self.today, ids)
        except Exception as exc:  # noqa: BLE001 - one line on the screen; the app goes on
            self.post_message(Counted(stamp, None, failure_text(exc)))
            return
        self.post_message(Counted(stamp, found))

    @on(Counted)
    def _counted(self, message: Counted) -> None:
        """Show the figures of the latest count."""
        if message.stamp != self._stamp:
            return  # counted before a save: a newer count is on its way
        self._figures = message.found
        self._failure = message.failure
        self._fill(self._selected_id())
        waiting = self._audit_next
        if waiting is not None and self.is_current:
            self._audit_next = None
            if message.found is not None and self._settings is not None:
                self._open_audit(waiting, message.found, self._settings)

    def _selected(self) -> Due | None:
        """Return the row under the cursor."""
        if not self._queue:
            return None
        table = self.query_one("#base-table", Rows)
        return self._queue[min(max(table.cursor_row, 0), len(self._queue) - 1)]

    def _selected_id(self) -> int | None:
        """Return the id of the employee under the cursor."""
        row = self._selected()
        return row.employee_id if row is not None else None

    # -- drawing ----------------------------------------------------------------------------

    def _due_text(self, row: Due) -> str:
        """Return "! never", "! 9 d" (due), "3 d" or "✓ today"."""
        if row.days is None:
            return tr("base.due.never")
        if row.days == 0:
            return tr("base.due.today")
        return tr("base.due.late" if row.due else "base.due.days", days=fmt_int(row.days))

    def _texts(self, row: Due, name: str) -> dict[str, str]:
        """Return an employee's cell texts by column (figures "…" while counting)."""
        last = row.last
        texts = {
            "name": name,
            "due": self._due_text(row),
            "last": short_day(last.review.date, self.today) if last else "—",
            "rating": shown_average(last, aligned=True),
        }
        figures = self._figures
        found = figures.audits.get(row.employee_id) if figures is not None else None
        if found is None:
            waiting = "…" if self._failure is None else "?"
            texts.update({key: waiting for key in ("filled", *COUNTS)})
            return texts
        completeness = found.completeness
        texts["filled"] = fmt_percent(completeness) if completeness is not None else "—"
        for key, attribute in COUNTS.items():
            ids: Sequence[int] = getattr(found, attribute)
            texts[key] = fmt_int(len(ids))
        return texts

    def _fill(self, select: int | None) -> None:
        """Lay the table out for the width, put the rows in, keep the cursor on a person."""
        table = self.query_one("#base-table", Rows)
        queue = self._queue
        self.set_class(not queue, "-empty")
        headers = {key: tr(f"base.col.{key}") for key in ORDER}
        names = [self._staff[row.employee_id].name for row in queue]
        texts = [self._texts(row, name) for row, name in zip(queue, names, strict=True)]
        wanted = {
            key: max(
                [
                    *(cell_len(line) for line in headers[key].split("\n")),
                    *(cell_len(t[key]) for t in texts),
                ]
            )
            for key in ORDER
        }
        wanted["name"] = min(wanted["name"], NAME_MAX)
        widths = fit_widths(wanted, self.app.size.width - EDGES)
        for text, short in zip(texts, fit_names(names, widths["name"]), strict=True):
            text["name"] = short
        columns = [
            TableColumn(key, headers[key], width, numeric=key not in ("name", "due", "last"))
            for key, width in widths.items()
        ]
        rows = [
            TableRow(str(row.employee_id), [text[key] for key in widths])
            for row, text in zip(queue, texts, strict=True)
        ]
        table.set_rows(columns, rows)
        if select is not None:
            at = next((n for n, row in enumerate(queue) if row.employee_id == select), None)
            if at is not None:
                table.move_cursor(row=at)
        self._show_summary()
        self._show_detail()
        self.query_one("#base-empty", Static).update(tr("base.no_team"))
        self._read_soon()

    def _show_summary(self) -> None:
        """Say how many are due, who was reviewed today, and whether the count is in."""
        queue = self._queue
        due = sum(1 for row in queue if row.due)
        parts = [trn("base.summary", due, total=fmt_int(len(queue)), days=BASE_REVIEW_DAYS)]
        today = sum(1 for row in queue if row.days == 0)
        if today:
            parts.append(tr("base.reviewed_today", count=fmt_int(today)))
        if self._failure is not None:
            parts.append(tr("base.count_failed", reason=self._failure))
        elif not self.figures_in:
            parts.append(tr("base.counting"))
        self.query_one("#base-summary", Static).update(" · ".join(parts))

    @on(LineTable.Moved, "#base-table")
    def _moved(self) -> None:
        """Show the employee the cursor moved to."""
        self._show_detail()
        self._read_soon()

    # -- audit mode's start, read while the cursor rests ----------------------------------------

    def _read_soon(self) -> None:
        """Read the selected employee's base shortly, unless the cursor moves on."""
        if self._read_timer is not None:
            self._read_timer.stop()
        self._read_timer = self.set_timer(READ_AFTER_S, self._read_selected)

    def _read_selected(self) -> None:
        """Start reading the selected employee's base, unless it is read for this count."""
        row, figures, read = self._selected(), self._figures, self._read
        if row is None or figures is None:
            return
        if read is not None and read.employee_id == row.employee_id and read.figures is figures:
            return
        self._read = None
        self._read_base(row.employee_id, figures)

    @work(thread=True, exclusive=True, group="audit-read", description="employee's base")
    def _read_base(self, employee_id: int, figures: BaseFigures) -> None:
        """Read an employee's clients and deals for audit mode (tens of ms at scale)."""
        repo = self.repo
        try:
            base = employee_base(repo, employee_id, figures, partial(key_holders, repo))
        except Exception:  # noqa: BLE001 - Enter reads it again and says what is wrong
            return
        self.post_message(BaseRead(employee_id, figures, base))

    @on(BaseRead)
    def _base_read(self, message: BaseRead) -> None:
        """Keep what was read while it is still the selected employee's, for this count."""
        row = self._selected()
        mine = row is not None and row.employee_id == message.employee_id
        if mine and message.figures is self._figures:
            self._read = message

    def _show_detail(self) -> None:
        """Show the selected employee's base in words and their last review."""
        detail = self.query_one("#base-detail", Static)
        row = self._selected()
        if row is None:
            detail.update("")
            return
        width = max(20, self.app.size.width - 2)
        employee = self._staff[row.employee_id]
        head = [employee.name]
        figures = self._figures
        found = figures.audits.get(row.employee_id) if figures is not None else None
        if found is not None:
            head.append(trn("base.detail.clients", found.clients))
            if found.completeness is not None:
                head.append(tr("base.detail.filled", filled=fmt_percent(found.completeness)))
            if found.missing:
                counts = {name: fmt_int(n) for name, n in found.missing.items()}
                fields = [
                    f"{label} {counts[name]}"
                    for name, label in zip(counts, missing_labels(list(counts)), strict=True)
                ]
                head.append(tr("base.problem.missing", fields=", ".join(fields)))
        text = Text(truncate(" · ".join(head), width), style="bold")
        last = row.last
        if last is None:
            text.append("\n" + truncate(tr("base.detail.never"), width))
            text.append("\n" + truncate(tr("base.detail.how"), width))
        else:
            review = last.review
            ago = (
                tr("base.detail.today") if row.days == 0 else trn("base.detail.ago", row.days or 0)
            )
            ratings = " ".join(str(review.ratings.get(p, "—")) for p in BASE_POINTS)
            # "3.6 of 5 ↓": the arrow after the scale, where it reads as the trend.
            sign = arrow(last)
            line = tr(
                "base.detail.last",
                day=fmt_date(review.date),
                ago=ago,
                average=rating_text(last.average) if last.average is not None else "—",
                arrow=f" {sign}" if sign else "",
                ratings=ratings,
            )
            text.append("\n" + truncate(line, width))
            notes = tr("base.detail.notes", notes=review.notes or "—")
            text.append("\n" + truncate(notes, width))
        detail.update(text)

    # -- actions ----------------------------------------------------------------------------

    def _chosen(self) -> Due | None:
        """Return the selected row, or say there is nobody to choose."""
        row = self._selected()
        if row is None:
            self.notify(tr("base.no_employee"), timeout=3, markup=False)
        return row

    def action_audit(self) -> None:
        """Open audit mode for the selected employee (once the base is counted)."""
        row = self._chosen()
        if row is None:
            return
        found, settings = self._figures, self._settings
        if found is None or settings is None:
            if self._failure is None:
                # Opened as soon as the count is in (seconds at 100,000 clients).
                self._audit_next = row.employee_id
                self.notify(tr("base.still_counting"), timeout=3, markup=False)
            else:
                self.notify(tr("base.count_failed", reason=self._failure), timeout=3, markup=False)
            return
        self._open_audit(row.employee_id, found, settings)

    def _open_audit(self, employee_id: int, figures: BaseFigures, settings: Settings) -> None:
        """Push audit mode for one employee: their clients and open deals, the others'
        clients sharing a key with theirs, and the base's shared keys."""
        self._audit_next = None
        employee = self._staff[employee_id]
        repo, read, self._read = self.repo, self._read, None
        if read is not None and read.employee_id == employee_id and read.figures is figures:
            base = read.base  # read while the cursor rested here (its twins go to one screen)
        else:
            base = employee_base(repo, employee_id, figures, partial(key_holders, repo))
        start = AuditInput(
            employee=employee,
            clients=dict(base.clients),
            deals=base.deals,
            twins=base.twins,
            owners={e.id: e.name for e in self.repo.employees()},
            settings=settings,
        )
        self._audited = AuditScreen(start)
        self.app.push_screen(self._audited)

    def action_history(self) -> None:
        """Show the selected employee's reviews and the trend of their ratings."""
        row = self._chosen()
        if row is not None:
            name = self._staff[row.employee_id].name
            self.app.push_screen(HistoryDialog(name, row.history))
