"""The Roll-call screen's dialogs: an update's text, an employee's history, and the import of
the team chat (a file, the chat of a whole account's export, the date order, the preview)."""

from __future__ import annotations

import asyncio
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Final

from rich.cells import cell_len
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Label, OptionList, Static, TextArea

from salestui.analytics.rollcall import (
    NO_ANSWER,
    Update,
    chat_days,
    has_answered,
    sender_updates,
)
from salestui.failures import SAVE_FAILURES, failure_text, not_saved
from salestui.i18n import fmt_date, fmt_day, fmt_int, fmt_short_date, tr, trn
from salestui.io.chat import ChatError, ChatMessage, DateOrderError
from salestui.models import Employee, RollCall
from salestui.rollcall_import import (
    Plan,
    Saved,
    changes,
    plan_import,
    read_chat,
    save_import,
    telegram_chats,
)
from salestui.textfit import fit_names, truncate
from salestui.tui.keys import bind
from salestui.tui.screens.base import BaseModal
from salestui.tui.screens.prompt import Prompt

if TYPE_CHECKING:
    from salestui.store import Repository
    from salestui.tui.app import SalesApp

# How a roll-call status looks: a text marker (answered or not) and a colour; the marker and
# the word say the same on a terminal without colour.
ANSWERED: Final = "✓"
SILENT: Final = "✗"
STATUS_STYLES: Final = {
    "office": "green",
    "field": "green",
    "absent": "yellow",
    "sick": "yellow",
    "vacation": "yellow",
    NO_ANSWER: "bold red",
}
# The statuses an import may write: never "no answer" (a message is an answer).
ANSWERS: Final = ("office", "field", "absent", "sick", "vacation")
# DataTable pads each cell by one on both sides; a table has a margin and a scrollbar.
PAD: Final = 2
# The text a row shows of a long update, at least (the names give way first).
TEXT_MIN: Final = 12
# The preview's names shorten to this ("Волкова Е.") to leave SAID_MIN for what was said.
NAME_FLOOR: Final = 10
SAID_MIN: Final = 16
# A file still being read after this many seconds gets a notice, shown for as long.
READING_AFTER: Final = 0.5
READING: Final = "rollcall-import"  # the workers' group
READING_NOTICE: Final = 5
# A path a message names is cut to this (a name too long for the system is thousands long).
PATH_SHOWN: Final = 60
# The days of a chat listed when the chosen day has no messages.
DAYS_LISTED: Final = 6
# Where a line of a summary or of the keys may break: after a list's comma or a " · ", so a
# name ("Anna S.") or a key and its word ("Enter update") is never split over two lines.
_BREAKS: Final = re.compile(r"(?<=, )|(?<= · )")
# A chat name that is a person's name: words of letters (a hyphen, an apostrophe, a dot).
_PERSON: Final = re.compile(r"[^\W\d_]+(?:[-'.][^\W\d_]*)*(?: [^\W\d_]+(?:[-'.][^\W\d_]*)*)*")
# The lines a list of names may take (who has not answered, the senders not known).
LIST_LINES: Final = 2


def status_cell(entry: RollCall | None) -> Text:
    """Return an answer's status as a marker and a word in its colour: "✗ —" for nothing."""
    if entry is None:
        return Text(f"{SILENT} —", style=STATUS_STYLES[NO_ANSWER], no_wrap=True)
    marker = ANSWERED if has_answered(entry) else SILENT
    word = tr(f"rollcall.status.{entry.status}")
    return Text(f"{marker} {word}", style=STATUS_STYLES[entry.status], no_wrap=True)


def answer_time(entry: RollCall | None) -> str:
    """Return when an answer came, "—" when none did (a "no answer" keeps the time of an
    answer it replaced, so a slip of x is undone by the right key, but shows none)."""
    return entry.at if entry is not None and has_answered(entry) and entry.at else "—"


def status_width() -> int:
    """Return the width of the widest status cell in the current language."""
    cells = [status_cell(None), *(status_cell(RollCall(date.min, 0, s)) for s in STATUS_STYLES)]
    return max(cell.cell_len for cell in cells)


def first_line(text: str, width: int) -> str:
    """Return an update's first line cut to width; "…" says there is more."""
    lines = text.split("\n")
    head = lines[0] + (" …" if len(lines) > 1 else "")
    return truncate(head, width)


def wrap_at_separators(text: str, width: int) -> str:
    """Return text broken into lines of width only after ", " or " · " (a longer piece
    still wraps where the widget wraps it)."""
    lines: list[str] = []
    line = ""
    for piece in _BREAKS.split(text):
        if line and cell_len((line + piece).rstrip()) > width:
            lines.append(line.rstrip())
            line = piece
        else:
            line += piece
    lines.append(line)
    return "\n".join(lines)


def fit_listing(make: Callable[[str], str], names: Sequence[str], width: int) -> str:
    """Return make(listing) with as many of the names as fit in LIST_LINES lines of width,
    the rest counted ("+3 more"); at least the first name is shown."""
    for shown in range(len(names), 0, -1):
        listing = ", ".join(names[:shown])
        if shown < len(names):
            listing += tr("rollcall.more", count=fmt_int(len(names) - shown))
        text = wrap_at_separators(make(listing), width)
        if shown == 1 or text.count("\n") < LIST_LINES:
            return text
    return wrap_at_separators(make(""), width)


def fit_senders(senders: Sequence[str], width: int) -> list[str]:
    """Return chat names fitted to width: a person's name shortened as names are ("Волкова
    Е."), anything else ("Иван Петрович (директор)", "+7 916 …", an emoji) cut with "…"."""
    people = [s for s in senders if _PERSON.fullmatch(s)]
    fitted = dict(zip(people, fit_names(people, width), strict=True))
    return [fitted.get(s) or truncate(s, width) for s in senders]


def share_widths(
    wanted: dict[str, int],
    flexible: str,
    room: int,
    floors: Sequence[tuple[str, int]],
    least: int = TEXT_MIN,
) -> dict[str, int]:
    """Return column widths that fit in room: the flexible column takes what the others leave
    (`least` at least); to give it that, the widest of the columns in floors gives a cell at
    a time, down to its floor (so two name columns shorten alike)."""
    widths = dict(wanted)
    spare = room - PAD * len(widths) - sum(w for k, w in widths.items() if k != flexible)
    lowest = dict(floors)
    while spare < least:
        over = [key for key in lowest if widths[key] > lowest[key]]
        if not over:
            break
        widest = max(over, key=lambda key: widths[key])
        widths[widest] -= 1
        spare += 1
    widths[flexible] = max(least, spare)
    return widths


def _sales(dialog: BaseModal[object]) -> SalesApp:
    """Return the app, typed."""
    from salestui.tui.app import SalesApp

    assert isinstance(dialog.app, SalesApp)
    return dialog.app


class RollCallModal(BaseModal[object]):
    """The frame of the roll-call dialogs: a titled box, a line under it, a hint at the foot."""

    DEFAULT_CSS = """
    RollCallModal {
        align: center middle;
    }
    RollCallModal > Vertical {
        width: 72;
        max-width: 96%;
        height: auto;
        max-height: 100%;
        padding: 0 1;
        border: round $primary;
        background: $panel;
    }
    RollCallModal > Vertical.wide {
        width: 100%;
        max-width: 120;
        height: 100%;
        max-height: 40;
    }
    RollCallModal .rc-title {
        text-style: bold;
        width: 100%;
    }
    RollCallModal .rc-about, RollCallModal .rc-hint {
        color: $text-muted;
        width: 100%;
        height: auto;
    }
    RollCallModal .rc-hint.error {
        color: $error;
        text-style: bold;
    }
    RollCallModal DataTable {
        height: 1fr;
        scrollbar-size-vertical: 1;
    }
    RollCallModal .rc-detail {
        height: auto;
        max-height: 4;
        background: $boost;
        width: 100%;
    }
    RollCallModal OptionList {
        height: auto;
        max-height: 16;
        margin: 1 0 0 0;
    }
    RollCallModal TextArea {
        height: 6;
        margin: 1 0 0 0;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "dialog.cancel")]

    def say(self, text: str, *, error: bool = False) -> None:
        """Show a hint, or why something was refused, on the dialog's last line."""
        hint = self.query_one(".rc-hint", Static)
        hint.update(text)
        hint.set_class(error, "error")

    def action_cancel(self) -> None:
        """Close, writing nothing."""
        self.dismiss(None)


# -- an update's text ----------------------------------------------------------------------


class UpdateArea(TextArea):
    """The update's text field: typed characters go in at once, in order (see KeysInOrder)."""

    @staticmethod
    def runs_in_order(event: events.Key) -> bool:
        """Tell the app a typed character need not wait for the one before it."""
        return event.is_printable


class UpdateDialog(RollCallModal):
    """Type an employee's update: several lines; Ctrl+S saves, Esc cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("ctrl+s", "save", "dialog.save")]
    AUTO_FOCUS = "TextArea"

    def __init__(self, name: str, day: date, text: str) -> None:
        super().__init__()
        self._name = name
        self._day = day
        self._text = text

    def compose(self) -> ComposeResult:
        with Vertical():
            title = tr("rollcall.update.title", name=self._name, day=fmt_day(self._day))
            yield Label(title, classes="rc-title", markup=False)
            yield UpdateArea(self._text, soft_wrap=True, show_line_numbers=False)
            yield Static(tr("rollcall.update.hint"), classes="rc-hint", markup=False)

    def on_mount(self) -> None:
        # Typing goes on after what is there, as in a chat.
        self.query_one(TextArea).move_cursor(self.query_one(TextArea).document.end)

    def action_save(self) -> None:
        """Close with the text: lines trimmed, blank ones dropped."""
        lines = (line.strip() for line in self.query_one(TextArea).text.split("\n"))
        self.dismiss("\n".join(line for line in lines if line))


# -- a choice from a list -------------------------------------------------------------------


class ChoiceDialog(RollCallModal):
    """Pick one of a few options (a chat, a date order, an employee); returns its index."""

    AUTO_FOCUS = "OptionList"

    def __init__(self, title: str, about: str, options: Sequence[str], chosen: int = 0) -> None:
        super().__init__()
        self._title = title
        self._about = about
        self._options = list(options)
        self._chosen = chosen

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self._title, classes="rc-title", markup=False)
            yield Static(self._about, classes="rc-about", markup=False)
            yield OptionList(*(Text(o) for o in self._options))
            yield Static(tr("rollcall.choice.hint"), classes="rc-hint", markup=False)

    def on_mount(self) -> None:
        self.query_one(OptionList).highlighted = self._chosen

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option_index)


# -- an employee's history ------------------------------------------------------------------


class HistoryDialog(RollCallModal):
    """An employee's roll-call day by day, the latest first; Enter opens the day."""

    AUTO_FOCUS = "DataTable"

    def __init__(self, employee: Employee, rows: list[tuple[date, RollCall | None]]) -> None:
        super().__init__()
        self._employee = employee
        self._rows = rows

    def compose(self) -> ComposeResult:
        answered = sum(has_answered(entry) for _, entry in self._rows)
        with Vertical(classes="wide"):
            title = tr("rollcall.history.title", name=self._employee.name)
            yield Label(title, classes="rc-title", markup=False)
            about = tr("rollcall.history.about", answered=answered, days=len(self._rows))
            yield Static(about, classes="rc-about", markup=False)
            yield DataTable(cursor_type="row", zebra_stripes=True)
            yield Static(tr("rollcall.history.hint"), classes="rc-hint", markup=False)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        days = [fmt_day(day, year=False) for day, _ in self._rows]
        wanted = {
            "day": max([cell_len(tr("rollcall.col.day")), *map(cell_len, days)]),
            "status": max(status_width(), cell_len(tr("rollcall.col.status"))),
            "time": max(5, cell_len(tr("rollcall.col.time"))),
            "update": 0,
        }
        room = min(self.app.size.width, 120) - 6
        widths = share_widths(wanted, "update", room, ())
        for key, width in widths.items():
            table.add_column(Text(truncate(tr(f"rollcall.col.{key}"), width)), key=key, width=width)
        for (day, entry), shown in zip(self._rows, days, strict=True):
            table.add_row(
                Text(shown, no_wrap=True),
                status_cell(entry),
                Text(answer_time(entry), no_wrap=True),
                Text(first_line(entry.update, widths["update"]) if entry else "", no_wrap=True),
                key=day.isoformat(),
            )
        if not self._rows:
            self.say(tr("rollcall.history.empty"))

    @on(DataTable.RowSelected)
    def _opened(self, event: DataTable.RowSelected) -> None:
        self.dismiss(self._rows[event.cursor_row][0])


# -- the chat import ------------------------------------------------------------------------


class FilePrompt(Prompt[Path]):
    """Ask for the chat export's path (~ is the home folder); a file that is not there or
    cannot be read keeps the prompt open, naming it."""

    def __init__(self, value: str, error: str = "") -> None:
        def parse(text: str) -> Path:
            typed = text.strip()
            if not typed:
                raise ValueError(tr("rollcall.import.path_needed"))
            try:
                path = Path(typed).expanduser()
                folder, file = path.is_dir(), path.is_file()
            except RuntimeError:  # "~name/…" of a user this computer does not have
                raise ValueError(tr("rollcall.import.no_file", file=typed)) from None
            except OSError as exc:  # a name too long, a folder that cannot be entered
                problem = exc.strerror or type(exc).__name__
                shown = truncate(typed, PATH_SHOWN)
                raise ValueError(tr("chat.error.unreadable", file=shown, problem=problem)) from None
            if folder:
                raise ValueError(tr("rollcall.import.folder", file=typed))
            if not file:
                raise ValueError(tr("rollcall.import.no_file", file=typed))
            if not os.access(path, os.R_OK):
                raise ValueError(tr("rollcall.import.unreadable", file=typed))
            return path

        super().__init__(
            tr("rollcall.import.title"),
            value,
            tr("rollcall.import.hint"),
            parse,
            placeholder=tr("rollcall.import.placeholder"),
        )
        self._error = error

    def on_mount(self) -> None:
        if self._error:
            # The file just read was refused: say why where the next path is typed.
            error = self.query_one("#prompt-error", Static)
            error.update(self._error)
            error.add_class("error")


@dataclass(frozen=True, slots=True)
class Imported:
    """What an import from the screen did: the day it was of, and what it saved."""

    day: date
    saved: Saved
    unknown: list[str]


@dataclass(frozen=True, slots=True)
class SenderRow:
    """One sender of the day in the preview: who they are taken for and what they said."""

    sender: str
    employee: int | None
    said: Update


class ImportPreview(RollCallModal):
    """Who said what on the day, whose answer it becomes, and who is not known; Enter saves."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,ctrl+s", "confirm", "rollcall.preview.key.import"),
        bind("e", "who", "rollcall.preview.key.who"),
        bind("l", "latest", "rollcall.preview.key.latest", show=False),
    ]
    # The table when it has rows (see _show): a hidden table must not take Enter ("" is
    # no auto focus at all; None would be the app's "*").
    AUTO_FOCUS = ""

    def __init__(
        self, messages: list[ChatMessage], day: date, today: date, file: str, chat: str | None
    ) -> None:
        super().__init__()
        self._messages = messages
        self._day = day
        self._today = today
        self._file = file
        self._chat = chat
        # The senders the user said who they are, remembered when the import is saved.
        self._senders: dict[str, int] = {}
        self._plan: Plan | None = None
        self._rows: list[SenderRow] = []
        self._widths: dict[str, int] = {}

    @property
    def repo(self) -> Repository:
        """Return the repository."""
        return _sales(self).repo

    def compose(self) -> ComposeResult:
        with Vertical(classes="wide"):
            yield Label("", id="rc-preview-title", classes="rc-title", markup=False)
            yield Static(id="rc-preview-about", classes="rc-about", markup=False)
            yield DataTable(cursor_type="row", zebra_stripes=True)
            yield Static(id="rc-preview-detail", classes="rc-detail", markup=False)
            yield Static(tr("rollcall.preview.hint"), classes="rc-hint", markup=False)

    def on_mount(self) -> None:
        self._show()

    def _employees(self) -> dict[int, Employee]:
        """Return the team by id."""
        return {e.id: e for e in self.repo.employees()}

    def _latest(self) -> date | None:
        """Return the latest day of the file with messages, not after today."""
        days = chat_days(m.at for m in self._messages)
        return next((day for day, _ in days if day <= self._today), None)

    def _show(self, sender: str | None = None) -> None:
        """Plan the import of the day again and show it, the cursor on a sender."""
        day = self._day
        plan = plan_import(self.repo, self._messages, day, self._senders)
        self._plan = plan
        entries = changes(self.repo, plan)
        said = sender_updates(((m.sender, m.at, m.text) for m in self._messages), day)
        rows = [SenderRow(s, plan.senders.get(s), u) for s, u in said.items()]
        # The matched first, then those nobody is known as, each in the chat's order.
        rows.sort(key=lambda r: (r.employee is None, r.said.first))
        self._rows = rows
        chat = f" · {self._chat}" if self._chat else ""
        title = tr("rollcall.preview.title", file=self._file + chat, day=fmt_day(day))
        self.query_one("#rc-preview-title", Label).update(title)
        table = self.query_one(DataTable)
        table.display = bool(rows)
        self.query_one("#rc-preview-detail", Static).display = bool(rows)
        # Enter reaches the table, or with no rows the dialog, which says there is nothing.
        self.set_focus(table if rows else None)
        self.say(tr("rollcall.preview.hint" if rows else "rollcall.preview.hint_empty"))
        if not rows:
            self.query_one("#rc-preview-about", Static).update(self._no_messages())
            return
        self.query_one("#rc-preview-about", Static).update(self._summary(plan, entries))
        self._fill(entries, sender)

    def _no_messages(self) -> str:
        """Say the day has no messages, which days the file has, and offer the latest."""
        days = chat_days(m.at for m in self._messages)
        if not days:
            return tr("rollcall.preview.empty_file", file=self._file)
        # A day of another year than today's says its year ("Jan 2" of 2023 is not this one's).
        listed = ", ".join(
            tr(
                "rollcall.preview.day_count",
                day=fmt_short_date(day) if day.year == self._today.year else fmt_date(day),
                count=fmt_int(count),
            )
            for day, count in days[:DAYS_LISTED]
        )
        if len(days) > DAYS_LISTED:
            listed += ", …"
        text = tr("rollcall.preview.no_messages", day=fmt_day(self._day), days=listed)
        latest = self._latest()
        if latest is not None and latest != self._day:
            text += "\n" + tr("rollcall.preview.offer_latest", day=fmt_day(latest))
        return text

    def _summary(self, plan: Plan, entries: dict[int, RollCall | None]) -> str:
        """Say how many answers the import saves, how many are there already, who is unknown."""
        new = sum(entry is not None for entry in entries.values())
        parts = [trn("rollcall.preview.to_save", new)]
        if len(entries) > new:
            parts.append(trn("rollcall.preview.there", len(entries) - new))
        head = " · ".join(parts)
        if not plan.unknown:
            return head
        # A big group's chat may have many senders nobody is known as: as many as fit on two
        # lines, so the table keeps its room.
        width = max(20, min(self.app.size.width, 120) - 6)
        count = len(plan.unknown)
        return fit_listing(
            lambda names: f"{head} · {trn('rollcall.preview.unknown', count, names=names)}",
            plan.unknown,
            width,
        )

    def _fill(self, entries: dict[int, RollCall | None], sender: str | None) -> None:
        """Lay the senders out for the dialog's width, the cursor on the sender given."""
        table = self.query_one(DataTable)
        employees = self._employees()
        day = self._day
        names = [employees[r.employee].name if r.employee in employees else "" for r in self._rows]
        wanted = {
            "sender": max(
                [cell_len(tr("rollcall.col.sender")), *(cell_len(r.sender) for r in self._rows)]
            ),
            "employee": max([cell_len(tr("rollcall.col.employee")), *map(cell_len, names)]),
            "saves": max(
                cell_len(tr("rollcall.col.saves")),
                *(cell_len(self._saves(RollCall(day, 0, s), True).plain) for s in ANSWERS),
                cell_len(self._saves(None, True).plain),
                cell_len(self._saves(None, False).plain),
            ),
            "time": max(5, cell_len(tr("rollcall.col.time"))),
            "text": 0,
        }
        wanted["sender"] = min(wanted["sender"], 24)
        wanted["employee"] = min(wanted["employee"], 22)
        room = min(self.app.size.width, 120) - 6
        # What was said matters as much as who: the names give way to show some of it.
        floors = (("sender", NAME_FLOOR), ("employee", NAME_FLOOR))
        widths = share_widths(wanted, "text", room, floors, SAID_MIN)
        if widths != self._widths:
            table.clear(columns=True)
            for key, width in widths.items():
                label = truncate(tr(f"rollcall.col.{key}"), width)
                table.add_column(Text(label), key=key, width=width)
            self._widths = widths
        else:
            table.clear()
        shown = fit_names(names, widths["employee"])
        senders = fit_senders([r.sender for r in self._rows], widths["sender"])
        for row, name, said_by in zip(self._rows, shown, senders, strict=True):
            entry = entries.get(row.employee) if row.employee is not None else None
            table.add_row(
                Text(said_by, no_wrap=True),
                Text(name or "—", no_wrap=True),
                self._saves(entry, row.employee is not None),
                Text(row.said.first.strftime("%H:%M"), no_wrap=True),
                Text(first_line(row.said.text, widths["text"]), no_wrap=True),
                key=row.sender,
            )
        at = next((i for i, r in enumerate(self._rows) if r.sender == sender), 0)
        table.move_cursor(row=at)
        self._show_detail()

    @staticmethod
    def _saves(entry: RollCall | None, matched: bool) -> Text:
        """Return what the import does with a sender's words: the answer it saves (+), none
        as the answer holds them already (=), or nothing as nobody is known by the name (?)."""
        if not matched:
            return Text(f"? {tr('rollcall.preview.who')}", style="bold yellow", no_wrap=True)
        if entry is None:
            return Text(f"= {tr('rollcall.preview.held')}", style="dim", no_wrap=True)
        word = tr(f"rollcall.status.{entry.status}")
        return Text(f"+ {word}", style=STATUS_STYLES[entry.status], no_wrap=True)

    def _selected(self) -> SenderRow | None:
        """Return the sender under the cursor."""
        table = self.query_one(DataTable)
        if not self._rows:
            return None
        return self._rows[min(max(table.cursor_row, 0), len(self._rows) - 1)]

    @on(DataTable.RowHighlighted)
    def _moved(self) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        """Show everything the selected sender said that day."""
        row = self._selected()
        if row is None:
            return
        width = max(20, min(self.app.size.width, 120) - 6)
        lines = row.said.text.split("\n")
        text = "\n".join(truncate(line, width) for line in lines[:3])
        if len(lines) > 3:
            text += " …"
        self.query_one("#rc-preview-detail", Static).update(f"{row.sender}: {text}")

    @on(DataTable.RowSelected)
    def _entered(self) -> None:
        self.action_confirm()

    def action_who(self) -> None:
        """Say which employee the selected sender is (remembered when the import is saved)."""
        row = self._selected()
        if row is None:
            return
        team = sorted(
            (e for e in self.repo.employees() if e.employed_on(self._day)),
            key=lambda e: e.name.casefold(),
        )
        if not team:
            self.say(tr("rollcall.preview.no_team"), error=True)
            return
        options = [f"{e.name} · {tr(f'role.{e.role}')}" for e in team]
        chosen = next((i for i, e in enumerate(team) if e.id == row.employee), 0)

        def picked(index: object) -> None:
            if isinstance(index, int):
                self._senders[row.sender] = team[index].id
                self._show(row.sender)

        title = tr("rollcall.preview.who_title", sender=row.sender)
        about = tr("rollcall.preview.who_about")
        self.app.push_screen(ChoiceDialog(title, about, options, chosen), picked)

    def action_latest(self) -> None:
        """Preview the file's latest day instead (not after today)."""
        latest = self._latest()
        if latest is not None and latest != self._day:
            self._day = latest
            self._show()

    def action_confirm(self) -> None:
        """Save the day's answers and the senders named; a refused save keeps the dialog."""
        plan = self._plan
        if plan is None or not self._rows:
            self.say(tr("rollcall.preview.nothing"), error=True)
            return
        try:
            saved = save_import(self.repo, plan, self._senders or None)
        except SAVE_FAILURES as exc:
            self.say(not_saved(exc), error=True)
            return
        except ValueError as exc:  # a value the store refused: its message names the field
            self.say(str(exc), error=True)
            return
        self.dismiss(Imported(plan.day, saved, plan.unknown))


@dataclass(frozen=True, slots=True)
class Loaded:
    """What reading a chat's file gave: a whole account's chats to pick from, or messages."""

    chats: list[str]
    messages: list[ChatMessage]


class ChatImport:
    """The import of the team chat from the screen: a file → the chat of a whole account's
    export → the date order, when the file cannot tell → the preview → saved.

    A big chat's export takes seconds to read: it is read in a thread, the screen stays
    live, and a notice says so when it takes long. What comes of it is shown only if the
    user is still where the import began.
    """

    def __init__(self, app: SalesApp, day: date, done: Callable[[Imported], None]) -> None:
        self.app = app
        self.day = day
        self.done = done
        self.typed = ""
        self._origin: Screen[object] | None = None

    def start(self, typed: str = "", error: str = "") -> None:
        """Ask for the file (again, with why the last one was refused)."""
        self.typed = typed
        self._origin = self.app.screen

        def chosen(path: Path | None) -> None:
            if path is not None:
                self.typed = str(path)
                self._load(path, None, None, ask_chat=True)

        self.app.push_screen(FilePrompt(typed, error), chosen)

    def _load(
        self, path: Path, chat: str | None, day_first: bool | None, *, ask_chat: bool
    ) -> None:
        """Read the file in a thread (first its chats, if asked), then go on (see _loaded)."""

        def slow() -> None:
            notice = tr("rollcall.import.reading", file=path.name)
            self.app.notify(notice, timeout=READING_NOTICE, markup=False)

        timer = self.app.set_timer(READING_AFTER, slow)

        async def reading() -> None:
            outcome: Loaded | ChatError | OSError
            try:
                chats = await asyncio.to_thread(telegram_chats, path) if ask_chat else []
                messages = (
                    []
                    if len(chats) > 1
                    else await asyncio.to_thread(read_chat, path, chat=chat, day_first=day_first)
                )
                outcome = Loaded(chats, messages)
            except (ChatError, OSError) as exc:
                outcome = exc
            finally:
                timer.stop()
            if self.app.screen is self._origin:  # else the user has gone elsewhere meanwhile
                self._loaded(path, chat, outcome)

        self.app.run_worker(reading(), group=READING, exclusive=True)

    def _loaded(self, path: Path, chat: str | None, outcome: Loaded | ChatError | OSError) -> None:
        """Ask which chat, or the date order; say why the file was refused; or preview it."""
        if isinstance(outcome, DateOrderError):
            self._ask_order(path, chat)
        elif isinstance(outcome, ChatError):
            self.start(self.typed, str(outcome))
        elif isinstance(outcome, OSError):
            self.start(self.typed, failure_text(outcome))
        elif len(outcome.chats) > 1:
            self._ask_chat(path, outcome.chats)
        else:
            self._preview(path, chat, outcome.messages)

    def _ask_chat(self, path: Path, chats: list[str]) -> None:
        """Ask which chat of a whole account's export to read."""

        def picked(index: object) -> None:
            if isinstance(index, int):
                self._load(path, chats[index], None, ask_chat=False)

        title = tr("rollcall.import.chat_title")
        about = tr("rollcall.import.chat_about", file=path.name)
        self.app.push_screen(ChoiceDialog(title, about, chats), picked)

    def _preview(self, path: Path, chat: str | None, messages: list[ChatMessage]) -> None:
        """Show who said what on the day; saved, the screen is told."""

        def previewed(result: object) -> None:
            if isinstance(result, Imported):
                self.done(result)

        preview = ImportPreview(messages, self.day, self.app.today, path.name, chat)
        self.app.push_screen(preview, previewed)

    def _ask_order(self, path: Path, chat: str | None) -> None:
        """Ask whether the file's dates put the day or the month first."""

        def picked(index: object) -> None:
            if isinstance(index, int):
                self._load(path, chat, index == 0, ask_chat=False)

        options = [tr("rollcall.import.day_first"), tr("rollcall.import.month_first")]
        title = tr("rollcall.import.order_title")
        about = tr("rollcall.import.order_about", file=path.name)
        self.app.push_screen(ChoiceDialog(title, about, options), picked)
