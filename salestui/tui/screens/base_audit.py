"""Audit mode of the weekly base review (routine 6) and the history of an employee's reviews.

Audit mode steps through one employee's flagged clients and deals (analytics.audit.flagged),
fixes a field of the selected one in place (saved at once), rates the lesson's five points
1–5 and saves the review with the audit's figures at that moment and the minutes it took.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from textwrap import wrap
from time import monotonic
from typing import Any, ClassVar, Final

from rich.cells import cell_len
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Header, Label, Static

from salestui.analytics.audit import (
    Audit,
    Flagged,
    Problem,
    Rated,
    Twins,
    audit,
    average,
    fix_field,
    flagged,
    known,
    stored_figures,
)
from salestui.failures import SAVE_FAILURES, not_saved
from salestui.i18n import fmt_date, fmt_decimal, fmt_int, fmt_percent, language, tr, trn
from salestui.models import BASE_POINTS, BaseReview, Client, ClientCard, Deal, Employee, Settings
from salestui.money import fmt_money
from salestui.textfit import truncate
from salestui.tui.keys import keys
from salestui.tui.screens.base import BaseModal, BaseScreen
from salestui.tui.screens.deal_forms import ConfirmDialog
from salestui.tui.screens.hot import short_day
from salestui.tui.widgets.keys_footer import KeysFooter
from salestui.tui.widgets.line_table import LineTable, TableColumn, TableRow

# The lesson's time for one employee's review, in minutes.
TARGET_MINUTES: Final = (20, 30)
# How a rating's change since the review before is drawn (a sign, not a colour).
ARROWS: Final = {"up": "↑", "down": "↓", "same": "="}
# A phone number has at least this many digits (analytics.audit.phone_key compares no fewer).
PHONE_DIGITS: Final = 5
# Audit mode's list: the record's kind and name, then what is wrong (the rest of the width).
KIND_WIDTH: Final = 7
NAME_MIN: Final = 14
NAME_MAX: Final = 30
PROBLEM_MIN: Final = 24
# The ratings panel's width and the detail panel's lines beside it (as AuditScreen's CSS).
RATE_WIDTH: Final = 40
DETAIL_LINES: Final = 7
# The table's margin and scrollbar, and each cell's padding on both sides.
EDGES: Final = 3
PAD: Final = 2


def arrow(rated: Rated | None) -> str:
    """Return a review's change since the one before as ↑, ↓ or = ("" for the first)."""
    return ARROWS[rated.change] if rated is not None and rated.change else ""


def rating_text(value: float) -> str:
    """Return an average rating with one decimal, as the language writes it (4.0, 4,2)."""
    text = f"{value:.1f}"
    return text.replace(".", ",") if language() == "ru" else text


def shown_average(rated: Rated | None, *, aligned: bool = False) -> str:
    """Return a review's average with its arrow ("4.2 ↑"), or a dash when there is none;
    `aligned` pads a missing arrow so the numbers of a right-aligned column line up."""
    blank = "  " if aligned else ""
    if rated is None or rated.average is None:
        return "—" + blank
    sign = arrow(rated)
    return f"{rating_text(rated.average)}{f' {sign}' if sign else blank}"


class Rows(LineTable):
    """A table of rows that j and k move through too (as the arrows do)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(keys("j"), "move(1)", show=False),
        Binding(keys("k"), "move(-1)", show=False),
    ]


# -- the words of a problem ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Names:
    """What the words of a record need besides it: every client, employees' names, today."""

    clients: Mapping[int, Client | ClientCard]
    owners: Mapping[int, str]
    today: date


def problem_text(problem: Problem, names: Names, *, full: bool = False) -> str:
    """Say one problem in words ("no phone or e-mail", "next step overdue since 12.11");
    `full` adds which key a duplicate shares and every other client beyond the first."""
    code, today = problem.code, names.today
    if code == "missing":
        return tr("base.problem.missing", fields=", ".join(missing_labels(problem.fields)))
    if code == "duplicate":
        other = names.clients.get(problem.other) if problem.other is not None else None
        text = tr(
            "base.problem.duplicate",
            name=quoted(other.name) if other else "—",
            owner=names.owners.get(other.owner, "—") if other else "—",
        )
        if full:
            text += f", {tr(f'base.problem.same.{problem.fields[0]}')}"
            if problem.count > 1:
                text += trn("base.problem.more", problem.count - 1)
        return text
    if code == "stale":
        return trn("base.problem.stale", problem.days)
    if code in ("overdue_step", "hot_past_expected"):
        return tr(f"base.problem.{code}", day=short_day(problem.day, today))
    return tr(f"base.problem.{code}")


def quoted(name: str) -> str:
    """Return a name in «» quotes, unless it has its own («ООО «Ромашка»» reads badly)."""
    return name if "«" in name else f"«{name}»"


def missing_labels(fields: Sequence[str]) -> list[str]:
    """Return client fields as they read inside a sentence ("e-mail", "contact person")."""
    return [tr(f"base.missing.{name}") for name in fields]


def record_name(item: Flagged, names: Names, deals: Mapping[int, Deal]) -> str:
    """Return a record's name: a client's; a deal's client's (the detail says its stage)."""
    if item.kind == "client":
        client = names.clients.get(item.record_id)
        return client.name if client else "—"
    deal = deals.get(item.record_id)
    client = names.clients.get(deal.client_id) if deal and deal.client_id is not None else None
    return client.name if client else tr("base.audit.lead")


def fit_lines(text: str, width: int, room: int) -> list[str]:
    """Wrap text at spaces into at most `room` lines of `width`; when more would be
    needed, the last one kept ends in "…" so the cut shows."""
    lines = wrap(text, width, break_on_hyphens=False)
    if len(lines) <= room:
        return lines
    if room <= 0:
        return []
    last = lines[room - 1]
    last = f"{last} …" if cell_len(last) + 2 <= width else f"{last[: width - 1]}…"
    return [*lines[: room - 1], last]


def field_label(name: str) -> str:
    """Return a field's label for a prompt title or a message ("Phone", "Last contact")."""
    return tr("base.field.last_contact") if name == "last_contact" else tr(f"field.{name}")


# -- the ratings ---------------------------------------------------------------------------------


class RatingStrip(Widget, can_focus=True):
    """The five points with their ratings; the current one is marked ▶ (and highlighted
    when the strip has the focus)."""

    DEFAULT_CSS = """
    RatingStrip {
        height: 5;
        width: 100%;
    }
    RatingStrip:focus {
        background-tint: $foreground 8%;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "step(1)", show=False),
        Binding("up", "step(-1)", show=False),
        Binding(keys("j"), "step(1)", show=False),
        Binding(keys("k"), "step(-1)", show=False),
    ]
    current: reactive[int] = reactive(0)

    def __init__(self, ratings: dict[str, int], *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.ratings = ratings

    def action_step(self, step: int) -> None:
        """Move to the next (or previous) point."""
        self.current = max(0, min(len(BASE_POINTS) - 1, self.current + step))

    def rate(self, value: int) -> None:
        """Rate the current point and move on to the next (staying on the last)."""
        self.ratings[BASE_POINTS[self.current]] = value
        self.action_step(1)
        self.refresh()

    def render(self) -> Text:
        """Draw one line a point: marker, label, the rating as a digit and as dots."""
        width = max(self.size.width, 20)
        label_width = width - 10
        text = Text(no_wrap=True, overflow="crop")
        for index, point in enumerate(BASE_POINTS):
            if index:
                text.append("\n")
            here = index == self.current
            value = self.ratings.get(point)
            label = truncate(tr(f"base.point.{point}"), label_width)
            line = f"{'▶' if here else ' '} {label}{' ' * (label_width - cell_len(label))}"
            digit = str(value) if value is not None else "—"
            dots = "●" * (value or 0) + "○" * (5 - (value or 0))
            style = "reverse" if here and self.has_focus else ""
            text.append(f"{line} {digit} {dots}", style=style)
        return text


# -- audit mode ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AuditInput:
    """What audit mode starts from: the employee, their clients and the others' clients
    sharing a key with them, their open deals, and the duplicates index over the base
    (queries.employee_base)."""

    employee: Employee
    clients: dict[int, Client | ClientCard]
    deals: dict[int, Deal]
    twins: Twins
    owners: Mapping[int, str]
    settings: Settings


class AuditScreen(BaseScreen):
    """One employee's flagged records to fix, the five points to rate, a timer, and save."""

    DEFAULT_CSS = """
    AuditScreen #audit-title {
        height: 1;
        padding: 0 1;
        text-style: bold;
    }
    AuditScreen #audit-figures {
        height: auto;
        padding: 0 1;
        color: $text-muted;
    }
    AuditScreen #audit-list {
        height: 1fr;
        margin: 0 1;
        scrollbar-size-vertical: 1;
    }
    AuditScreen #audit-empty {
        height: 1fr;
        padding: 1 2;
        display: none;
    }
    AuditScreen.-empty #audit-empty {
        display: block;
    }
    AuditScreen.-empty #audit-list {
        display: none;
    }
    AuditScreen #audit-bottom {
        height: 7;
    }
    AuditScreen #audit-detail {
        width: 1fr;
        height: 7;
        padding: 0 1;
        background: $panel;
    }
    AuditScreen #audit-rate {
        width: 40;
        height: 7;
        padding: 0 1;
    }
    AuditScreen #rate-title, AuditScreen #rate-notes {
        height: 1;
        color: $text-muted;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("tab,shift+tab", "switch", "base.key.switch"),
        Binding(f"{keys('e')},enter", "fix", "base.key.fix"),
        # The ratings panel says "Notes (n)": the footer keeps its room for the rest.
        Binding(keys("n"), "notes", "base.key.notes", show=False),
        Binding("ctrl+s", "save", "base.key.save"),
        Binding("escape", "leave", "base.key.leave"),
        # Digits are also the app's screen keys: here they rate, never leave the review.
        *(Binding(str(n), f"rate({n})", f"base.key.rate_{n}", show=False) for n in range(1, 6)),
        # The other digits would switch screens mid-review (a phone typed after its prompt
        # closed did): they say how to leave instead. F1…F10 and Alt+digit still switch.
        Binding("6,7,8,9,0", "stay", show=False),
    ]
    AUTO_FOCUS = "#audit-list"

    def __init__(self, start: AuditInput) -> None:
        super().__init__()
        self._employee = start.employee
        self._clients = dict(start.clients)
        self._deals = dict(start.deals)
        self._twins = start.twins
        self._owners = start.owners
        self._settings = start.settings
        self._ratings: dict[str, int] = {}
        self._notes = ""
        self._started = monotonic()
        # The records in the order first listed; ones a fix flags later join at the end.
        self._order: list[str] = []
        self._items: dict[str, Flagged] = {}
        self._audit: Audit | None = None
        self.saved = False  # the review was saved
        self._filled_for = 0  # the terminal width the list was laid out for

    # -- building -----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="audit-title", markup=False)
        yield Static(id="audit-figures", markup=False)
        yield Rows(header_height=1, id="audit-list")
        yield Static(id="audit-empty", markup=False)
        with Horizontal(id="audit-bottom"):
            yield Static(id="audit-detail", markup=False)
            with Vertical(id="audit-rate"):
                yield Static(tr("base.ratings.title"), id="rate-title", markup=False)
                yield RatingStrip(self._ratings, id="rate-strip")
                yield Static(id="rate-notes", markup=False)
        yield KeysFooter(compact=True)

    def on_mount(self) -> None:
        self.sub_title = tr("routine.base_review")
        self._recount()
        self._show_notes()
        self._tick()
        self.set_interval(1.0, self._tick)

    def on_resize(self) -> None:
        # Columns follow the width; the first resize, to the width just filled for, changes
        # nothing (refilling 1,700 records took ~50 ms).
        if self.app.size.width != self._filled_for:
            self._fill()

    @property
    def minutes(self) -> float:
        """Return the minutes spent in audit mode so far."""
        return (monotonic() - self._started) / 60

    def _names(self) -> Names:
        """Return what the words of a record need."""
        return Names(self._clients, self._owners, self.today)

    def _mine(self) -> tuple[list[Client | ClientCard], list[Deal]]:
        """Return the employee's clients and open deals as they are now."""
        me = self._employee.id
        clients = [c for c in self._clients.values() if c.owner == me]
        deals = [d for d in self._deals.values() if d.owner == me and d.closed is None]
        return clients, deals

    def _recount(self) -> None:
        """Audit the employee again (after a fix: the duplicates index is already updated)."""
        clients, deals = self._mine()
        settings, today = self._settings, self.today
        self._audit = audit(clients, deals, settings, today, self._twins.ids())
        found = flagged(clients, deals, settings, today, self._twins)
        now = {item.key: item for item in found}
        for key in now:
            if key not in self._items:
                self._order.append(key)
        for key, item in self._items.items():
            if key not in now:
                now[key] = replace(item, problems=())  # fixed: stays, marked so
        self._items = now
        self._fill()
        self._show_figures()

    # -- drawing --------------------------------------------------------------------------

    def _tick(self) -> None:
        """Show the employee, the time spent against the lesson's 20–30 minutes."""
        seconds = int(monotonic() - self._started)
        clock = f"{seconds // 60:02d}:{seconds % 60:02d}"
        low, high = TARGET_MINUTES
        minutes = seconds / 60
        state, style = (
            ("under", "dim")
            if minutes < low
            else ("over", "bold red")
            if minutes > high
            else ("in_range", "green")
        )
        title = Text(tr("base.audit.title", name=self._employee.name, clock=clock), style="bold")
        title.append(" · ")
        title.append(tr(f"base.audit.{state}"), style=style)
        self.query_one("#audit-title", Static).update(title)

    def _show_figures(self) -> None:
        """Show the audit's figures now, and how many records were fixed."""
        found = self._audit
        assert found is not None
        filled = fmt_percent(found.completeness) if found.completeness is not None else "—"
        text = tr(
            "base.audit.figures",
            filled=filled,
            no_contacts=fmt_int(len(found.no_contacts)),
            comments=fmt_int(len(found.empty_comments)),
            duplicates=fmt_int(len(found.duplicates)),
            steps=fmt_int(len(found.overdue_steps)),
            stale=fmt_int(len(found.stale_deals)),
            hot=fmt_int(len(found.hot_past_expected)),
        )
        fixed = sum(1 for item in self._items.values() if not item.problems)
        if fixed:
            text += " · " + tr("base.audit.fixed_count", count=fmt_int(fixed))
        self.query_one("#audit-figures", Static).update(text)

    def _fill(self) -> None:
        """Lay the list out for the width and put the records in, the cursor kept."""
        table = self.query_one("#audit-list", Rows)
        names = self._names()
        rows = []
        for key in self._order:
            item = self._items[key]
            kind = tr(f"base.kind.{item.kind}")
            name = record_name(item, names, self._deals)
            if item.problems:
                words = "; ".join(problem_text(p, names) for p in item.problems)
            else:
                words = tr("base.fixed")
            rows.append(TableRow(key, [kind, name, words]))
        self._filled_for = self.app.size.width
        room = self.app.size.width - EDGES
        longest = max((cell_len(row.cells[1]) for row in rows), default=NAME_MIN)
        kind_width = max(KIND_WIDTH, cell_len(tr("base.audit.col.kind")))
        # The name gets up to two fifths of the room: what is wrong is why the row is here.
        share = (room - kind_width - 3 * PAD) * 2 // 5
        name_width = max(NAME_MIN, min(NAME_MAX, longest, share))
        problem_width = max(PROBLEM_MIN, room - kind_width - name_width - 3 * PAD)
        columns = [
            TableColumn("kind", tr("base.audit.col.kind"), kind_width, numeric=False),
            TableColumn("name", tr("base.audit.col.name"), name_width, numeric=False),
            TableColumn("problem", tr("base.audit.col.problem"), problem_width, numeric=False),
        ]
        table.set_rows(columns, rows)
        self.set_class(not rows, "-empty")
        self.query_one("#audit-empty", Static).update(
            tr("base.audit.empty", name=self._employee.name)
        )
        self._show_detail()

    def _current(self) -> Flagged | None:
        """Return the record under the cursor."""
        table = self.query_one("#audit-list", Rows)
        if not self._order:
            return None
        return self._items[self._order[min(table.cursor_row, len(self._order) - 1)]]

    @on(LineTable.Moved, "#audit-list")
    def _moved(self) -> None:
        """Show the record the cursor moved to."""
        self._show_detail()

    def _show_detail(self) -> None:
        """Show the selected record: its name, what is wrong and what e fixes first (they
        are why it is listed), then its fields, the one to fix first; within the panel's
        lines, a line that does not fit is cut with "…"."""
        detail = self.query_one("#audit-detail", Static)
        item = self._current()
        if item is None:
            detail.update("")
            return
        names = self._names()
        # The panel's width follows the terminal's (its own size is stale right after a
        # resize, and 0 before the first layout).
        width = max(20, self.app.size.width - RATE_WIDTH - 2)
        field = fix_field(item) if item.problems else None
        if item.kind == "client":
            head, body = self._client_lines(item.record_id, field)
        else:
            head, body = self._deal_lines(item.record_id)
        lines: list[tuple[str, str]] = [(truncate(head, width), "bold")]
        if item.problems:
            words = "; ".join(problem_text(p, names, full=True) for p in item.problems)
            lines += [(line, "bold") for line in fit_lines(f"✗ {words}", width, 2)]
            if field is not None:
                hint = tr("base.audit.fix_hint", field=field_label(field))
                lines.append((truncate(hint, width), ""))
        else:
            lines.append((truncate(tr("base.audit.fixed_detail"), width), "green"))
        room = DETAIL_LINES - len(lines)
        if item.kind == "client":
            # The client's fields run on in one text: wrapped into the lines left.
            kept = fit_lines(" ".join(body), width, room)
        else:
            # A deal's facts one a line, the dates first: the money goes when room is short.
            kept = [truncate(line, width) for line in body[: max(0, room)]]
        lines += [(line, "") for line in kept]
        text = Text(no_wrap=True, overflow="ellipsis")
        for n, (line, style) in enumerate(lines):
            text.append(("\n" if n else "") + line, style=style)
        detail.update(text)

    def _client_lines(self, client_id: int, first: str | None) -> tuple[str, list[str]]:
        """Return a client's name and since when it is in the base, and its fields in one
        line, the field to fix (`first`) before the others."""
        # The record of the one shown (its cards do not say since when it is in the base).
        client = self._clients.get(client_id)
        if not isinstance(client, Client):
            client = self.repo.get(Client, client_id)
        if client is None:
            return "—", []

        def shown(name: str) -> str:
            value = str(getattr(client, name)).strip()
            return f"{tr(f'field.{name}')}: {value or '—'}"

        head = tr("base.audit.client_head", name=client.name, day=fmt_date(client.created))
        fields = ["contact", "phone", "email", "source", "comment"]
        if first in fields:
            fields.remove(first)
            fields.insert(0, first)
        return head, [" · ".join(shown(name) for name in fields)]

    def _deal_lines(self, deal_id: int) -> tuple[str, list[str]]:
        """Return a deal's client and stage, then its dates and next step (the fields a fix
        changes), then its money."""
        deal = self._deals.get(deal_id)
        if deal is None:
            return "—", []
        settings = self._settings
        client = self._clients.get(deal.client_id) if deal.client_id is not None else None
        money = tr(
            "hot.detail.money",
            amount=fmt_money(deal.amount, settings.currency),
            probability=fmt_int(deal.probability),
        )
        who = client.name if client else tr("base.audit.lead")
        head = f"{who} · {settings.stage_label(deal.stage)}"
        if deal.next_step:
            step = tr("hot.detail.step", step=deal.next_step)
            if deal.next_step_due is not None:
                step += tr("hot.detail.due", day=fmt_date(deal.next_step_due))
        else:
            step = tr("base.audit.no_step")
        last = deal.last_contact
        contact = tr("hot.detail.last", day=fmt_date(last)) if last else tr("hot.detail.no_contact")
        expected = deal.expected_payment
        pay = f"{tr('field.expected_payment')}: {fmt_date(expected) if expected else '—'}"
        return head, [pay, step, contact, money]

    def _show_notes(self) -> None:
        """Show the review's notes under the ratings."""
        notes = self._notes or "—"
        self.query_one("#rate-notes", Static).update(tr("base.ratings.notes", notes=notes))

    # -- keys ------------------------------------------------------------------------------

    def action_switch(self) -> None:
        """Move between the records and the ratings."""
        strip = self.query_one("#rate-strip", RatingStrip)
        if strip.has_focus:
            self.query_one("#audit-list", Rows).focus()
        else:
            strip.focus()
        strip.refresh()

    def action_rate(self, value: int) -> None:
        """Rate the current point 1–5 and move on to the next."""
        self.query_one("#rate-strip", RatingStrip).rate(value)

    def action_stay(self) -> None:
        """Say that digits rate here, and how to leave audit mode."""
        self.notify(tr("base.audit.stay"), timeout=4, markup=False)

    def action_notes(self) -> None:
        """Write the review's notes: what to work on before the next one."""
        from salestui.tui.screens.prompt import TextPrompt

        def written(text: str | None) -> None:
            if text is not None:
                self._notes = text
                self._show_notes()

        title = tr("base.notes.title", name=self._employee.name)
        self.app.push_screen(TextPrompt(title, self._notes, tr("base.notes.hint")), written)

    def action_save(self) -> None:
        """Save the review: the ratings, the notes, the audit's figures and the minutes."""
        strip = self.query_one("#rate-strip", RatingStrip)
        unrated = next((n for n, p in enumerate(BASE_POINTS) if p not in self._ratings), None)
        if unrated is not None:
            label = tr(f"base.point.{BASE_POINTS[unrated]}")
            message = tr("error.point_unrated", field=label)
            self.notify(message, severity="error", timeout=6, markup=False)
            strip.current = unrated
            strip.focus()
            return
        found = self._audit
        assert found is not None
        review = BaseReview(
            self.today,
            self._employee.id,
            snapshot=stored_figures(found, self.minutes),
            ratings=dict(self._ratings),
            notes=self._notes,
        )
        try:
            saved = self.repo.add_base_review(review)
        except SAVE_FAILURES as exc:
            self.notify(not_saved(exc), severity="error", timeout=10, markup=False)
            return
        except ValueError as exc:  # a refused value: the message names it
            self.notify(str(exc), severity="error", timeout=10, markup=False)
            return
        self.saved = True
        mean = average(saved)
        shown = rating_text(mean) if mean is not None else "—"
        self.notify(
            tr("base.saved", name=self._employee.name, average=shown), timeout=5, markup=False
        )
        self.app.pop_screen()

    def action_leave(self) -> None:
        """Leave audit mode; ratings or notes given and not saved are asked about first."""
        if not self._ratings and not self._notes:
            self.app.pop_screen()
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.app.pop_screen()

        question = tr("base.leave.question", name=self._employee.name)
        self.app.push_screen(ConfirmDialog(tr("base.leave.title"), question), answered)

    # -- fixing -----------------------------------------------------------------------------

    def action_fix(self) -> None:
        """Fix the selected record's first failing field, saved at once."""
        item = self._current()
        field = fix_field(item) if item is not None else None
        if item is None or field is None:
            self.notify(tr("base.fix.nothing"), timeout=3, markup=False)
            return
        if item.kind == "client":
            self._fix_client(item, field)
        else:
            self._fix_deal(item, field)

    def _hint(self, item: Flagged) -> str:
        """Return a fix prompt's hint: what is wrong, and how the prompt saves."""
        names = self._names()
        words = "; ".join(problem_text(p, names, full=True) for p in item.problems)
        return tr("base.fix.hint", problem=words)

    def _fixed(self, label: str, name: str) -> None:
        """Count again after a fix, and say what was saved."""
        self._recount()
        self.notify(tr("base.fix.saved", field=label, name=name), timeout=3, markup=False)

    def _fix_client(self, item: Flagged, field: str) -> None:
        """Ask for one field of a client in a prompt that saves it (or says why not)."""
        from salestui.tui.screens.prompt import TextPrompt

        client = self.repo.get(Client, item.record_id)
        if client is None:
            self.notify(tr("base.fix.gone"), timeout=4, markup=False)
            return
        label = tr(f"field.{field}")
        saved: list[Client] = []

        def check(value: str) -> None:
            check_client_value(field, label, value)
            try:
                changes: dict[str, Any] = {field: value}
                saved.append(self.repo.save_client(replace(client, **changes), client))
            except SAVE_FAILURES as exc:
                raise ValueError(not_saved(exc)) from None

        def done(value: str | None) -> None:
            if value is None or not saved:
                return
            fresh = saved[-1]
            self._clients[fresh.id] = fresh
            self._twins.put(fresh)
            self._know_twin(fresh.id)
            self._fixed(label, fresh.name)

        title = tr("base.fix.title", field=label, name=client.name)
        value = str(getattr(client, field))
        self.app.push_screen(TextPrompt(title, value, self._hint(item), check=check), done)

    def _know_twin(self, client_id: int) -> None:
        """Read the client a fixed one now duplicates, when audit mode has not (to name it)."""
        found = self._twins.shared(client_id)
        if found is not None and found[1] not in self._clients:
            for card in self.repo.client_cards(ids=[found[1]]):
                self._clients[card.id] = card

    def _fix_deal(self, item: Flagged, field: str) -> None:
        """Ask for a deal's next step and its due date, its last contact or its expected
        payment date; the last answer saves the deal (or the prompt says why not)."""
        from salestui.tui.screens.prompt import DatePrompt, TextPrompt

        try:
            deal = self.repo.deal(item.record_id)
        except KeyError:
            self.notify(tr("base.fix.gone"), timeout=4, markup=False)
            return
        if deal.closed is not None:
            outcome = self._settings.stage_label(deal.stage)
            self.notify(tr("deal.closed_already", outcome=outcome), timeout=4, markup=False)
            return
        name = record_name(item, self._names(), self._deals)
        today = self.today
        saved: list[Deal] = []

        def store(changed: Deal) -> None:
            try:
                saved.append(self.repo.save_deal(changed, today, deal))
            except SAVE_FAILURES as exc:
                raise ValueError(not_saved(exc)) from None

        def done(value: object) -> None:
            if value is None or not saved:
                return
            fresh = saved[-1]
            self._deals[fresh.id] = fresh
            self._fixed(field_label(field), name)

        def ask_date(label: str, current: date | None, check: Callable[[date], None]) -> None:
            title = tr("base.fix.title", field=label, name=name)
            self.app.push_screen(DatePrompt(current, today, title=title, check=check), done)

        if field == "next_step":

            def step_check(text: str) -> None:
                if not text:
                    raise ValueError(tr("error.step_needed", field=tr("field.next_step")))

            def stepped(text: str | None) -> None:
                if text is None:
                    return
                due = deal.next_step_due
                ask_date(
                    tr("field.next_step_due"),
                    due if due is not None and due >= today else None,
                    lambda day: store(
                        replace(deal, next_step=text, next_step_due=not_past(day, today))
                    ),
                )

            title = tr("base.fix.title", field=tr("field.next_step"), name=name)
            prompt = TextPrompt(title, deal.next_step, self._hint(item), check=step_check)
            self.app.push_screen(prompt, stepped)
        elif field == "last_contact":

            def contacted(day: date) -> None:
                label = tr("base.field.last_contact")
                if day > today:
                    raise ValueError(tr("base.error.future", field=label, value=fmt_date(day)))
                if day < deal.created:
                    raise ValueError(tr("error.before_created", field=label, value=fmt_date(day)))
                store(replace(deal, last_contact=day))

            ask_date(tr("base.field.last_contact"), deal.last_contact, contacted)
        else:
            ask_date(
                tr("field.expected_payment"),
                deal.expected_payment,
                lambda day: store(
                    replace(deal, expected_payment=not_past(day, today, "expected_payment"))
                ),
            )


def not_past(day: date, today: date, field: str = "next_step_due") -> date:
    """Return a date that is today or later, or raise ValueError naming the field."""
    if day < today:
        raise ValueError(tr("base.error.past", field=tr(f"field.{field}"), value=fmt_date(day)))
    return day


def check_client_value(field: str, label: str, value: str) -> None:
    """Refuse an empty fix, a phone with too few digits, an e-mail without @ (ValueError
    naming the field); the name is checked by the record itself when saved."""
    if not value:
        raise ValueError(tr("base.error.empty", field=label))
    if field == "phone" and sum(ch.isdigit() for ch in value) < PHONE_DIGITS:
        raise ValueError(tr("base.error.phone", field=label, value=value))
    if field == "email" and "@" not in value.strip("@"):
        raise ValueError(tr("base.error.email", field=label, value=value))


# -- the history of one employee's reviews ---------------------------------------------------------

HISTORY_COLUMNS: Final = ("date", *BASE_POINTS, "average", "filled", "minutes")


class HistoryDialog(BaseModal[None]):
    """An employee's base reviews, newest first: the five ratings, the average and its
    trend, completeness then, the minutes it took; the selected one's notes below."""

    DEFAULT_CSS = """
    HistoryDialog > Vertical {
        width: 84;
        max-width: 98%;
        height: auto;
        max-height: 100%;
        padding: 0 1;
        border: round $primary;
        background: $panel;
    }
    HistoryDialog #history-title {
        text-style: bold;
    }
    HistoryDialog #history-trend, HistoryDialog #history-hint {
        color: $text-muted;
        height: auto;
    }
    HistoryDialog #history-table {
        height: auto;
        max-height: 14;
        margin-top: 1;
    }
    HistoryDialog #history-notes {
        height: auto;
        min-height: 2;
        margin-top: 1;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "dialog.close"),
        Binding(keys("h"), "close", show=False),
    ]
    AUTO_FOCUS = "#history-table"

    def __init__(self, name: str, history: Sequence[Rated]) -> None:
        super().__init__()
        self._name = name
        self._history = list(reversed(history))  # newest first

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(tr("base.history.title", name=self._name), id="history-title", markup=False)
            yield Static(self._trend(), id="history-trend", markup=False)
            yield Rows(header_height=1, id="history-table")
            yield Static(id="history-notes", markup=False)
            yield Static(tr("base.history.hint"), id="history-hint", markup=False)

    def on_mount(self) -> None:
        table = self.query_one("#history-table", Rows)
        table.display = bool(self._history)
        headers = {
            "date": tr("base.history.col.date"),
            **{p: tr(f"report.col.{p}") for p in BASE_POINTS},
            "average": tr("base.history.col.average"),
            "filled": tr("base.history.col.filled"),
            "minutes": tr("base.history.col.minutes"),
        }
        rows = [TableRow(str(n), self._cells(r)) for n, r in enumerate(self._history)]
        widths = {
            key: max([cell_len(headers[key]), *(cell_len(row.cells[i]) for row in rows)])
            for i, key in enumerate(HISTORY_COLUMNS)
        }
        columns = [
            TableColumn(key, headers[key], widths[key], numeric=key != "date")
            for key in HISTORY_COLUMNS
        ]
        table.set_rows(columns, rows)
        self._show_notes()

    def _cells(self, rated: Rated) -> list[str]:
        """Return one review's cells: date, the five ratings, average ↑↓=, filled, minutes."""
        review = rated.review
        figures = review.snapshot
        filled = known(figures, "completeness")
        minutes = known(figures, "minutes")
        return [
            fmt_date(review.date),
            *(str(review.ratings.get(p, "—")) for p in BASE_POINTS),
            shown_average(rated, aligned=True),
            fmt_percent(filled) if filled is not None else "—",
            fmt_decimal(minutes, 0) if minutes is not None else "—",
        ]

    def _trend(self) -> str:
        """Say the averages oldest to newest, or that there is no review yet."""
        if not self._history:
            return tr("base.history.empty")
        averages = [
            rating_text(r.average) if r.average is not None else "—"
            for r in reversed(self._history)
        ]
        return tr(
            "base.history.trend", averages=" → ".join(averages), arrow=arrow(self._history[0])
        )

    @on(LineTable.Moved, "#history-table")
    def _show_notes(self) -> None:
        """Show the selected review's notes in full."""
        notes = self.query_one("#history-notes", Static)
        if not self._history:
            notes.update("")
            return
        row = self.query_one("#history-table", Rows).cursor_row
        review = self._history[min(row, len(self._history) - 1)].review
        notes.update(tr("base.history.notes", day=fmt_date(review.date), notes=review.notes or "—"))

    def action_close(self) -> None:
        """Close the history."""
        self.dismiss(None)
