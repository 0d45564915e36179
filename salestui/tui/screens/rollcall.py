"""Roll-call (routine 8): where each employee is on a day, their update and when it came, who
has not answered; statuses by one key each, the history, the morning question, the chat import."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import ClassVar, Final

from rich.cells import cell_len
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.widgets import DataTable, Header, Static

from salestui.analytics.calendar import is_working_day
from salestui.analytics.rollcall import NO_ANSWER, has_answered, history, roster, status_from_text
from salestui.failures import SAVE_FAILURES, not_saved
from salestui.i18n import fmt_day, fmt_int, tr
from salestui.models import ROLES, Employee, RollCall
from salestui.textfit import fit_names, truncate
from salestui.tui.keys import bind
from salestui.tui.screens.base import BaseScreen
from salestui.tui.screens.rollcall_dialogs import (
    READING,
    ChatImport,
    HistoryDialog,
    Imported,
    UpdateDialog,
    answer_time,
    first_line,
    fit_listing,
    share_widths,
    status_cell,
    status_width,
    wrap_at_separators,
)
from salestui.tui.widgets.keys_footer import KeysFooter

# The table's margin and scrollbar.
EDGES: Final = 3
NAME_MAX: Final = 24
NAME_MIN: Final = 10
# Names in the line of who has not answered are shortened to this ("Anna S.").
SILENT_NAME: Final = 12
# Column titles shared with other screens, by column.
HEADERS: Final = {"role": "team.col.role"}
# The history shows this many days back from the day shown.
HISTORY_DAYS: Final = 30
# The unknown senders an import's message names, at most.
UNKNOWN_SHOWN: Final = 5


class RollCallScreen(BaseScreen):
    """One day's roll-call: a row per employee asked, field staff first; keys set statuses."""

    DEFAULT_CSS = """
    RollCallScreen #rc-table {
        height: 1fr;
        margin: 0 1;
        scrollbar-size-vertical: 1;
    }
    RollCallScreen #rc-summary, RollCallScreen #rc-keys {
        height: auto;
        padding: 0 1;
        color: $text-muted;
    }
    RollCallScreen #rc-detail {
        height: auto;
        min-height: 2;
        max-height: 4;
        padding: 0 1;
        background: $panel;
    }
    RollCallScreen #rc-empty {
        height: auto;
        padding: 1 2;
        display: none;
    }
    RollCallScreen.-empty #rc-empty {
        display: block;
    }
    RollCallScreen.-empty #rc-table, RollCallScreen.-empty #rc-detail {
        display: none;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        bind("o", "status('office')", "rollcall.key.office", show=False),
        bind("f", "status('field')", "rollcall.key.field", show=False),
        bind("a", "status('absent')", "rollcall.key.absent", show=False),
        bind("s", "status('sick')", "rollcall.key.sick", show=False),
        bind("v", "status('vacation')", "rollcall.key.vacation", show=False),
        bind("x", "status('no_answer')", "rollcall.key.no_answer", show=False),
        bind("u", "edit_update", "rollcall.key.update", show=False),
        bind("h", "history", "rollcall.key.history"),
        bind("i", "import_chat", "rollcall.key.import"),
        bind("y", "copy_prompt", "rollcall.key.prompt"),
        bind("[", "shift_day(-1)", "metrics.prev_day", show=False),
        bind("]", "shift_day(1)", "metrics.next_day", show=False),
        bind("t", "go_today", "metrics.today", show=False),
        bind("m", "app.mark_done('rollcall')", "rollcall.key.mark_done"),
    ]
    AUTO_FOCUS = "#rc-table"

    def __init__(self) -> None:
        super().__init__()
        self.day: date | None = None
        self._staff: list[Employee] = []
        self._answers: dict[int, RollCall] = {}
        self._widths: dict[str, int] = {}
        self._filled_for = 0
        # The last chat import: its file is offered again (the same chat, every morning).
        self._import: ChatImport | None = None

    def help_legend(self) -> list[str]:
        """Return what the markers mean and where the time comes from, for the help screen."""
        return [tr("rollcall.legend")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="rc-summary", markup=False)
        yield Static(id="rc-empty", markup=False)
        yield DataTable(id="rc-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="rc-detail", markup=False)
        yield Static(id="rc-keys", markup=False)
        yield KeysFooter(compact=True)

    def on_mount(self) -> None:
        self.show_day(self.today)

    def others_saved(self, changed: Mapping[str, set[int] | None]) -> None:
        """Read the day shown again: another process saved answers."""
        self.show_day(self.day or self.today)

    def came_back(self) -> None:
        """Back from another screen is a new errand: today's roll-call, read afresh."""
        self.show_day(self.today)

    def on_resize(self, event: events.Resize) -> None:
        # Columns and lines follow the width; the first resize, to the width just filled
        # for, is none.
        if self.day is not None and self.app.size.width != self._filled_for:
            self._fill(self._selected_id())
            self._show_summary()

    # -- the day ---------------------------------------------------------------------------

    def show_day(self, day: date, select: int | None = None) -> None:
        """Show a day's roll-call (never after today), the cursor on an employee."""
        self.day = min(day, self.today)
        self.sub_title = f"{tr('routine.rollcall')} · {fmt_day(self.day)}"
        self._read(select if select is not None else self._selected_id())

    def _read(self, select: int | None, *, row: int | None = None) -> None:
        """Read the day's answers and the team again and show them."""
        assert self.day is not None
        self._answers = {r.employee_id: r for r in self.repo.rollcall(self.day)}
        team = self.repo.employees()
        self._staff = roster(team, self.day, self._answers)
        self.set_class(not self._staff, "-empty")
        # No team at all is a first start; a team nobody of which worked then is a day
        # before the first hire (or after the last left).
        empty = "rollcall.no_team" if not team else "rollcall.nobody_then"
        self.query_one("#rc-empty", Static).update(tr(empty))
        self._fill(select, row=row)
        self._show_summary()

    def _selected_id(self) -> int | None:
        """Return the id of the employee under the cursor, if any."""
        employee = self.selected()
        return employee.id if employee is not None else None

    def selected(self) -> Employee | None:
        """Return the employee under the cursor."""
        if not self._staff:
            return None
        table = self.query_one("#rc-table", DataTable)
        return self._staff[min(max(table.cursor_row, 0), len(self._staff) - 1)]

    # -- drawing ---------------------------------------------------------------------------

    def _fill(self, select: int | None, *, row: int | None = None) -> None:
        """Lay the table out for the terminal's width and put the rows in."""
        table = self.query_one("#rc-table", DataTable)
        self._filled_for = self.app.size.width
        before = table.cursor_row
        staff = self._staff
        wanted = {
            "name": min(
                NAME_MAX,
                max([cell_len(tr("rollcall.col.name")), *(cell_len(e.name) for e in staff)]),
            ),
            "role": max(cell_len(tr("team.col.role")), *(cell_len(tr(f"role.{r}")) for r in ROLES)),
            "status": max(status_width(), cell_len(tr("rollcall.col.status"))),
            "time": max(5, cell_len(tr("rollcall.col.time"))),
            "update": 0,
        }
        room = self.app.size.width - EDGES
        widths = share_widths(wanted, "update", room, (("name", NAME_MIN),))
        if widths != self._widths:
            table.clear(columns=True)
            for key, width in widths.items():
                message = HEADERS.get(key, f"rollcall.col.{key}")
                label = truncate(tr(message), width)
                table.add_column(Text(label), key=key, width=width)
            self._widths = widths
        else:
            table.clear()
        names = fit_names([e.name for e in staff], widths["name"])
        for employee, name in zip(staff, names, strict=True):
            entry = self._answers.get(employee.id)
            silent = not has_answered(entry)
            table.add_row(
                Text(name, style="bold" if silent else "", no_wrap=True),
                Text(tr(f"role.{employee.role}"), no_wrap=True),
                status_cell(entry),
                Text(answer_time(entry), no_wrap=True),
                Text(first_line(entry.update, widths["update"]) if entry else "", no_wrap=True),
                key=str(employee.id),
            )
        if staff:
            at = before if row is None else row
            if select is not None and row is None:
                at = next((i for i, e in enumerate(staff) if e.id == select), at)
            table.move_cursor(row=max(0, min(at, len(staff) - 1)))
        self._show_detail()

    def _show_summary(self) -> None:
        """Say the day, how many answered, and who has not (shortened names, as many as fit
        on two lines); the keys below the table, a key never parted from its word."""
        assert self.day is not None
        staff = self._staff
        silent = [e for e in staff if not has_answered(self._answers.get(e.id))]
        parts = [fmt_day(self.day)]
        if self.day == self.today:
            parts.append(tr("rollcall.is_today"))
        elif not is_working_day(self.day, self.repo.settings().working_days):
            parts.append(f"⚠ {tr('rollcall.day_off')}")
        if staff and not silent:
            parts.append(f"✓ {tr('rollcall.all_answered', count=fmt_int(len(staff)))}")
        elif staff:
            answered = len(staff) - len(silent)
            parts.append(
                tr("rollcall.answered", answered=fmt_int(answered), of=fmt_int(len(staff)))
            )
        head = " · ".join(parts)
        # The Statics' padding takes a cell on each side.
        width = max(20, self.app.size.width - 2)
        if silent:
            names = fit_names([e.name for e in silent], SILENT_NAME)
            text = fit_listing(
                lambda listing: f"{head} · ✗ {tr('rollcall.silent', names=listing)}",
                names,
                width,
            )
        else:
            text = wrap_at_separators(head, width)
        self.query_one("#rc-summary", Static).update(text)
        self.query_one("#rc-keys", Static).update(wrap_at_separators(tr("rollcall.keys"), width))

    @on(DataTable.RowHighlighted, "#rc-table")
    def _moved(self) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        """Show the selected employee's whole answer below the table."""
        detail = self.query_one("#rc-detail", Static)
        employee = self.selected()
        if employee is None:
            detail.update("")
            return
        entry = self._answers.get(employee.id)
        width = max(20, self.app.size.width - 2)
        head = [employee.name, tr(f"role.{employee.role}")]
        if entry is None:
            head.append(f"✗ {tr('rollcall.detail.none')}")
        else:
            cell = status_cell(entry)
            when = answer_time(entry)
            head.append(cell.plain + (f" · {when}" if when != "—" else ""))
        text = Text(truncate(" · ".join(head), width), style="bold")
        lines = entry.update.split("\n") if entry is not None and entry.update else []
        if lines:
            text.append("\n" + "\n".join(truncate(line, width) for line in lines[:3]))
            if len(lines) > 3:
                text.append(" …")
        else:
            text.append("\n" + truncate(tr("rollcall.detail.no_update"), width), style="dim")
        detail.update(text)

    # -- actions ---------------------------------------------------------------------------

    def _now(self) -> str:
        """Return the time an answer given now is stamped with, on today's roll-call only."""
        return self.sales.now().strftime("%H:%M") if self.day == self.today else ""

    def _save(self, entry: RollCall) -> bool:
        """Save an answer; a refused save says why and changes nothing."""
        try:
            self.repo.save_rollcall(entry)
        except SAVE_FAILURES as exc:
            self.notify(not_saved(exc), severity="error", timeout=10, markup=False)
            return False
        except ValueError as exc:  # a value the store refused: its message names the field
            self.notify(str(exc), severity="error", timeout=10, markup=False)
            return False
        return True

    def action_status(self, status: str) -> None:
        """Set the selected employee's status for the day, then move to the next row."""
        employee = self.selected()
        if employee is None or self.day is None:
            self.notify(tr("rollcall.no_employee"), timeout=3, markup=False)
            return
        old = self._answers.get(employee.id)
        update = old.update if old is not None else ""
        # The time an answer came; "no answer" has none.
        at = old.at if old is not None and old.at else ""
        if not at and status != NO_ANSWER:
            at = self._now()
        if not self._save(RollCall(self.day, employee.id, status, update, at)):
            return
        table = self.query_one("#rc-table", DataTable)
        self._read(None, row=min(table.cursor_row + 1, len(self._staff) - 1))

    @on(DataTable.RowSelected, "#rc-table")
    def _entered(self) -> None:
        self.action_edit_update()

    def action_edit_update(self) -> None:
        """Type the selected employee's update; the status follows its words if none yet."""
        employee = self.selected()
        day = self.day
        if employee is None or day is None:
            self.notify(tr("rollcall.no_employee"), timeout=3, markup=False)
            return
        old = self._answers.get(employee.id)

        def typed(text: object) -> None:
            if not isinstance(text, str) or (old is None and not text):
                return
            if has_answered(old) and old is not None:
                status = old.status
            elif text:
                status = status_from_text(text, employee.role)
            else:
                status = old.status if old is not None else NO_ANSWER
            at = old.at if old is not None and old.at else ""
            if not at and status != NO_ANSWER:
                at = self._now()
            if self._save(RollCall(day, employee.id, status, text, at)):
                self._read(employee.id)

        dialog = UpdateDialog(employee.name, day, old.update if old is not None else "")
        self.app.push_screen(dialog, typed)

    def action_history(self) -> None:
        """Show the selected employee's last 30 days; Enter there opens a day."""
        employee = self.selected()
        if employee is None or self.day is None:
            self.notify(tr("rollcall.no_employee"), timeout=3, markup=False)
            return
        last = self.day
        first = last - timedelta(days=HISTORY_DAYS - 1)
        entries = self.repo.rollcall_between(first, last)
        working = self.repo.settings().working_days
        rows = history(entries, employee, last, HISTORY_DAYS, working)

        def opened(day: object) -> None:
            if isinstance(day, date):
                self.show_day(day, employee.id)

        self.app.push_screen(HistoryDialog(employee, rows), opened)

    def action_shift_day(self, days: int) -> None:
        """Go to the previous or next day (not after today)."""
        if self.day is None:
            return
        if self.day + timedelta(days=days) > self.today:
            self.notify(tr("rollcall.not_after_today"), timeout=3, markup=False)
            return
        self.show_day(self.day + timedelta(days=days))

    def action_go_today(self) -> None:
        """Go to today's roll-call."""
        self.show_day(self.today)

    def action_copy_prompt(self) -> None:
        """Copy the morning question for the team's chat to the clipboard, and show it."""
        text = tr("rollcall.morning_prompt")
        self.app.copy_to_clipboard(text)
        self.notify(tr("rollcall.copied", text=text), timeout=8, markup=False)

    def action_import_chat(self) -> None:
        """Import the day's answers from the team chat's export (a preview first)."""
        if self.day is None:
            return

        def done(result: Imported) -> None:
            self.show_day(result.day, self._selected_id())
            note = tr(
                "rollcall.imported",
                saved=fmt_int(result.saved.saved),
                unchanged=fmt_int(result.saved.unchanged),
            )
            if result.unknown:
                shown = ", ".join(result.unknown[:UNKNOWN_SHOWN])
                if len(result.unknown) > UNKNOWN_SHOWN:
                    more = len(result.unknown) - UNKNOWN_SHOWN
                    shown += tr("rollcall.more", count=fmt_int(more))
                note += " · " + tr("rollcall.imported_unknown", names=shown)
            self.notify(note, timeout=8, markup=False)

        # The file read last, even when its preview was closed, is offered again; one still
        # being read is not wanted any more.
        last = self._import.typed if self._import is not None else ""
        self.app.workers.cancel_group(self.app, READING)
        self._import = ChatImport(self.sales, self.day, done)
        self._import.start(last)
