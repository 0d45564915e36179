"""The call-review form (routine 7) and the list of an employee's reviews.

Public API:

- ``ReviewForm(employee, review=None, last=None)``: score a call on the settings' checklist
  from the keyboard, with the deal, the recording, its length, notes and the action for the
  employee; saves itself and dismisses with the stored CallReview, or None when cancelled.
  `last` is the employee's previous review, whose action is shown as a reminder.
- ``HistoryDialog(employee, since)``: the employee's reviews since a day, newest first;
  Enter opens one in the form to edit, o plays its recording. Dismisses with the reviews
  saved meanwhile.
- ``fmt_length(seconds)``: a call's length as shown (m:ss).
- ``play_recording(recording)``: start the player; returns what to say, and whether it failed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, ClassVar, Final, cast

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Header, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from salestui.analytics.calls import cqr, parse_duration
from salestui.failures import SAVE_FAILURES, not_saved
from salestui.i18n import DASH, fmt_date, fmt_int, tr, trn
from salestui.models import NA, CallReview, ChecklistItem, Deal, Employee
from salestui.money import fmt_money
from salestui.player import PlayError, play
from salestui.store import Repository
from salestui.textfit import truncate
from salestui.tui.keys import bind, keys, translate_bindings
from salestui.tui.screens.base import BaseModal
from salestui.tui.screens.calls import RowTable, fmt_score
from salestui.tui.screens.deal_forms import ConfirmDialog, Suggestions
from salestui.tui.widgets.keys_footer import KeysFooter

if TYPE_CHECKING:
    from salestui.tui.app import SalesApp

# A closed deal is offered in the form for this long after it closed (a call about a deal
# just won or lost is still worth a note).
CLOSED_DAYS: Final = 90
# Deals suggested at once under the deal field.
SUGGESTIONS: Final = 4


def fmt_length(seconds: int) -> str:
    """Return a call's length as m:ss (h:mm:ss from an hour), or empty when unknown."""
    if seconds <= 0:
        return ""
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def play_recording(recording: str) -> tuple[str, bool]:
    """Start the player on a recording; return the line to show and whether it failed."""
    try:
        playing = play(recording)
    except PlayError as exc:
        return str(exc), True
    return tr("calls.player.playing", recording=recording.strip(), player=playing.name), False


def _repo(screen: Screen[Any]) -> Repository:
    """Return the app's repository."""
    return cast("SalesApp", screen.app).repo


def _today(screen: Screen[Any]) -> date:
    """Return the app's (possibly pinned) date of today."""
    return cast("SalesApp", screen.app).today


# -- the form --------------------------------------------------------------------------------


class ItemsTable(RowTable):
    """The checklist's items: digits score the one under the cursor, n marks it N/A."""

    BINDINGS: ClassVar[list[BindingType]] = [
        bind("n", "not_applicable", "calls.form.key.na", show=False),
        Binding("backspace,delete", "clear", "calls.form.key.clear", show=False),
        bind("j", "cursor_down", "calls.form.key.next", show=False),
        bind("k", "cursor_up", "calls.form.key.previous", show=False),
    ]

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        translate_bindings(self)

    def action_not_applicable(self) -> None:
        """Mark the item under the cursor N/A (the form checks and moves on)."""
        cast("ReviewForm", self.screen).action_not_applicable()

    def action_clear(self) -> None:
        """Clear the score of the item under the cursor."""
        cast("ReviewForm", self.screen).action_clear()

    def on_key(self, event: events.Key) -> None:
        # A digit scores the item here, before any binding sees it: the app binds the
        # digits to its screens, and ten bindings would be ten commands in the palette.
        form = cast("ReviewForm", self.screen)
        digit = event.character
        if digit is not None and digit.isascii() and digit.isdigit():
            event.stop()
            event.prevent_default()
            form.action_score(int(digit))
        else:
            form.end_tens()


class DealInput(Input):
    """The deal field: up and down move through the suggestions while they show."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "suggest(1)", show=False),
        Binding("up", "suggest(-1)", show=False),
    ]

    def action_suggest(self, step: int) -> None:
        """Move the highlight in the suggestions, or to the next field when there are none."""
        form = cast("ReviewForm", self.screen)
        if not form.move_suggestion(step):
            form.action_next_field(step)


class ReviewForm(BaseModal[CallReview | None]):
    """Score a call on the checklist from the keyboard, with its deal, recording and notes."""

    DEFAULT_CSS = """
    ReviewForm {
        align: left top;
        /* Opaque: the form covers the screen, so the list behind is not drawn dimmed
           under it (~100 ms a frame at 120x40). */
        background: $surface;
    }
    ReviewForm > #review {
        width: 100%;
        height: 1fr;
        padding: 0 1;
        background: $surface;
        overflow-y: auto;
        scrollbar-size-vertical: 1;
    }
    ReviewForm #review-title {
        text-style: bold;
        width: 100%;
    }
    ReviewForm #review-score {
        width: 100%;
        color: $text;
    }
    ReviewForm #review-last, ReviewForm #review-keys, ReviewForm #deal-note {
        width: 100%;
        height: auto;
        color: $text-muted;
    }
    ReviewForm #review-items {
        width: auto;
        max-width: 100%;
        height: auto;
        max-height: 12;
        margin: 1 0 0 0;
        scrollbar-size-vertical: 1;
    }
    ReviewForm .review-row {
        height: 1;
    }
    ReviewForm .review-row.first {
        margin-top: 1;
    }
    ReviewForm .review-label {
        width: 20;
        height: 1;
    }
    ReviewForm .review-row Input {
        width: 1fr;
    }
    ReviewForm #deal-list {
        height: auto;
        max-height: 4;
        margin-left: 20;
        border: none;
        padding: 0;
        background: $panel;
    }
    ReviewForm #deal-note {
        padding-left: 20;
    }
    ReviewForm > #review-message {
        width: 100%;
        height: auto;
        padding: 0 1;
        background: $surface;
        color: $text-muted;
    }
    ReviewForm #review-message.error {
        color: $error;
        text-style: bold;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "submit", "dialog.save"),
        Binding("escape", "cancel", "dialog.cancel"),
        # o plays only from the items list: a text field takes it as a letter.
        Binding(f"ctrl+o,{keys('o')}", "play", "calls.form.key.play"),
        Binding("down", "next_field(1)", show=False),
        Binding("up", "next_field(-1)", show=False),
    ]
    AUTO_FOCUS = "#review-items"

    def __init__(
        self, employee: Employee, review: CallReview | None = None, last: CallReview | None = None
    ) -> None:
        super().__init__()
        self._employee = employee
        self._review = review
        self._last = last
        self._checklist: tuple[ChecklistItem, ...] = ()
        self._answers: dict[str, int | str] = {}
        self._deals: list[tuple[Deal, str]] = []
        self._found: list[tuple[Deal, str]] = []
        self._deal: Deal | None = None
        self._start: tuple[object, ...] = ()
        # The item a 1 was typed on that may become 10 with a 0 (items scored up to 10).
        self._tens: str | None = None

    # -- building ------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        repo, review = _repo(self), self._review
        self._checklist = repo.settings().call_checklist
        codes = {item.code for item in self._checklist}
        if review is not None:
            # An item since dropped from the checklist is no longer scored (the store
            # refuses it); one added since is asked for.
            self._answers = {c: s for c, s in review.answers.items() if c in codes}
        self._deals = self._employee_deals(repo)
        if review is not None and review.deal_id is not None:
            self._deal = next((d for d, _ in self._deals if d.id == review.deal_id), None)
        day = review.date if review is not None else _today(self)
        key = "calls.form.edit_title" if review is not None else "calls.form.title"
        yield Header()
        with Vertical(id="review"):
            yield Label(
                tr(key, name=self._employee.name, day=fmt_date(day)),
                id="review-title",
                markup=False,
            )
            yield Static(id="review-score", markup=False)
            last = self._last_time()
            if last:
                yield Static(last, id="review-last", markup=False)
            yield ItemsTable(id="review-items", cursor_type="row", show_header=False)
            keys_hint = tr("calls.form.items_hint")
            if any(item.max_score >= 10 for item in self._checklist):
                keys_hint += tr("calls.form.items_hint_ten")
            yield Static(keys_hint, id="review-keys", markup=False)
            deal_text = self._label_of(self._deal) if self._deal is not None else ""
            yield self._row(
                tr("field.deal"),
                DealInput(
                    deal_text,
                    placeholder=tr("calls.form.deal_placeholder"),
                    id="deal",
                    compact=True,
                ),
                first=True,
            )
            yield Suggestions(id="deal-list")
            yield Static(id="deal-note", markup=False)
            yield self._row(
                tr("calls.form.recording"),
                self._input(
                    review.recording if review else "",
                    "recording",
                    tr("calls.form.recording_placeholder"),
                ),
            )
            yield self._row(
                tr("field.duration"),
                self._input(
                    fmt_length(review.duration_s) if review else "",
                    "duration",
                    tr("calls.form.duration_placeholder"),
                ),
            )
            yield self._row(
                tr("calls.form.notes"), self._input(review.notes if review else "", "notes")
            )
            yield self._row(
                tr("calls.form.action"), self._input(review.action if review else "", "action")
            )
        # Below the fields, never scrolled away: a long checklist or the deal's suggestions
        # pushed a refusal out of sight.
        yield Static(tr("calls.form.hint"), id="review-message", markup=False)
        yield KeysFooter(compact=True)

    @staticmethod
    def _row(label: str, field: Input, *, first: bool = False) -> Horizontal:
        """Return a one-line row: the field's name, then the field."""
        classes = "review-row first" if first else "review-row"
        return Horizontal(
            Label(label, classes="review-label", markup=False), field, classes=classes
        )

    @staticmethod
    def _input(value: str, widget_id: str, placeholder: str = "") -> Input:
        """Return a one-line text field."""
        return Input(value, placeholder=placeholder, id=widget_id, compact=True)

    def _last_time(self) -> str:
        """Return a reminder of the last review: its day, score and the action asked."""
        last = self._last
        if last is None or (self._review is not None and last.id == self._review.id):
            return ""
        if not (last.action or last.notes):
            return ""
        score = fmt_score(cqr(last.answers, self._checklist))
        # The action asked of them is what to listen for now; without one, the notes.
        if last.action:
            return tr(
                "calls.form.last_action", day=fmt_date(last.date), score=score, what=last.action
            )
        return tr("calls.form.last_notes", day=fmt_date(last.date), score=score, what=last.notes)

    def on_mount(self) -> None:
        self.sub_title = tr("routine.calls")
        table = self.query_one(ItemsTable)
        table.add_column("", key="mark", width=1)
        labels = [item.label() for item in self._checklist]
        width = max([len(label) for label in labels] + [10])
        room = max(20, self.app.size.width - 22)
        table.add_column("", key="label", width=min(width, room))
        table.add_column("", key="weight", width=4)
        # "!4/10": a failed score's marker and the widest score.
        table.add_column("", key="score", width=max(6, len(tr("calls.na"))))
        for item in self._checklist:
            table.add_row(
                Text("*" if item.mandatory else " ", style="bold"),
                Text(truncate(item.label(), min(width, room))),
                Text(f"×{item.weight}", justify="right"),
                self._score_cell(item),
                key=item.code,
            )
        self.query_one(Suggestions).display = False
        self._deal_note()
        self._show_score()
        self._start = self._state()

    def _employee_deals(self, repo: Repository) -> list[tuple[Deal, str]]:
        """Return the employee's deals the call may be about, each with its label: the open
        ones and those closed in the last CLOSED_DAYS days (and the review's own deal)."""
        employee, today = self._employee.id, _today(self)
        found = {d.id: d for d in repo.open_deals() if d.owner == employee}
        since = today - timedelta(days=CLOSED_DAYS)
        for deal in repo.deals_closed_between(since, today, owner=employee):
            found[deal.id] = deal
        review = self._review
        if review is not None and review.deal_id is not None and review.deal_id not in found:
            own = repo.get(Deal, review.deal_id)
            if own is not None:
                found[own.id] = own
        deals = sorted(found.values(), key=lambda d: (d.closed is not None, -d.created.toordinal()))
        clients = repo.client_names({d.client_id for d in deals if d.client_id is not None})
        settings = repo.settings()
        labelled = []
        for deal in deals:
            client = clients.get(deal.client_id, DASH) if deal.client_id is not None else DASH
            amount = fmt_money(deal.amount, settings.currency, whole=True)
            label = f"{client} · {settings.stage_label(deal.stage)} · {amount}"
            labelled.append((deal, label))
        return labelled

    def _label_of(self, deal: Deal) -> str:
        """Return a deal's label as the deal field shows it."""
        return next((label for d, label in self._deals if d.id == deal.id), str(deal.id))

    # -- scoring ---------------------------------------------------------------------------

    def _score_cell(self, item: ChecklistItem) -> Text:
        """Return an item's score as shown: "2/2", "!0/2" when failed (below half: red, and
        marked for a terminal without colour), "N/A", or "·" when not scored yet."""
        score = self._answers.get(item.code)
        if score is None:
            return Text("·", style="dim", justify="right")
        if score == NA:
            return Text(tr("calls.na"), style="dim", justify="right")
        if 2 * int(score) < item.max_score:
            return Text(f"!{score}/{item.max_score}", style="bold red", justify="right")
        return Text(f"{score}/{item.max_score}", justify="right")

    def _current(self) -> tuple[int, ChecklistItem] | None:
        """Return the item under the cursor and its row."""
        if not self._checklist:
            return None
        row = self.query_one(ItemsTable).cursor_row
        row = min(max(row, 0), len(self._checklist) - 1)
        return row, self._checklist[row]

    def _set(self, item: ChecklistItem, score: int | str | None) -> None:
        """Set (or clear, with None) an item's score and show it and the live score."""
        if score is None:
            self._answers.pop(item.code, None)
        else:
            self._answers[item.code] = score
        table = self.query_one(ItemsTable)
        table.update_cell(item.code, "score", self._score_cell(item))
        self._show_score()

    def _show_score(self) -> None:
        """Show the live score: CQR so far, how many items are scored, how many are N/A."""
        scored = sum(1 for s in self._answers.values() if s != NA)
        na = sum(1 for s in self._answers.values() if s == NA)
        text = tr(
            "calls.form.score",
            score=fmt_score(cqr(self._answers, self._checklist)),
            scored=fmt_int(scored),
            total=fmt_int(len(self._checklist)),
            na=fmt_int(na),
        )
        self.query_one("#review-score", Static).update(text)

    def _step(self) -> None:
        """Move the cursor to the next item (it stays on the last)."""
        table = self.query_one(ItemsTable)
        if table.cursor_row < len(self._checklist) - 1:
            table.move_cursor(row=table.cursor_row + 1)

    def action_score(self, digit: int) -> None:
        """Score the item under the cursor, then go to the next; above its maximum is refused.

        On an item scored up to 10, 1 waits on the item for a 0 that makes it 10.
        """
        current = self._current()
        if current is None:
            return
        _, item = current
        tens, self._tens = self._tens, None
        score = 10 if tens == item.code and digit == 0 else digit
        if score > item.max_score:
            self.say(tr("error.score_range", field=item.label(), value=score, top=item.max_score))
            return
        self._set(item, score)
        self.say(tr("calls.form.hint"), error=False)
        if score == 1 and item.max_score >= 10:
            self._tens = item.code
            return
        self._step()

    def end_tens(self) -> None:
        """Forget a 1 waiting for its 0: another key came in between."""
        self._tens = None

    def action_not_applicable(self) -> None:
        """Mark the item under the cursor N/A (refused on a mandatory item), then go on."""
        self._tens = None
        current = self._current()
        if current is None:
            return
        _, item = current
        if item.mandatory:
            self.say(tr("error.mandatory_na", field=item.label(), value=tr("calls.na")))
            return
        self._set(item, NA)
        self.say(tr("calls.form.hint"), error=False)
        self._step()

    def action_clear(self) -> None:
        """Clear the score of the item under the cursor."""
        self._tens = None
        current = self._current()
        if current is not None:
            self._set(current[1], None)

    def say(self, text: str, *, error: bool = True) -> None:
        """Show a line under the form: an error (in colour, marked ✗) or a note."""
        message = self.query_one("#review-message", Static)
        message.update(f"✗ {text}" if error else text)
        message.set_class(error, "error")

    # -- the deal field --------------------------------------------------------------------

    @on(Input.Changed, "#deal")
    def _deal_typed(self, event: Input.Changed) -> None:
        text = event.value.strip()
        if self._deal is not None and text != self._label_of(self._deal):
            self._deal = None
        found: list[tuple[Deal, str]] = []
        if self._deal is None and text:
            wanted = text.casefold()
            found = [
                (deal, label)
                for deal, label in self._deals
                if wanted in f"{label} {deal.next_step}".casefold()
            ][:SUGGESTIONS]
        self._found = found
        listing = self.query_one(Suggestions)
        listing.clear_options()
        for _, label in found:
            listing.add_option(Option(label))
        listing.display = bool(found)
        self._deal_note()

    def move_suggestion(self, step: int) -> bool:
        """Move the suggestions' highlight; False when no suggestion shows."""
        listing = self.query_one(Suggestions)
        if not listing.display or not self._found:
            return False
        current = listing.highlighted
        target = (0 if step > 0 else -1) if current is None else current + step
        if target < 0:
            listing.highlighted = None
            return current is not None
        if target >= len(self._found):
            listing.highlighted = None
            return False
        listing.highlighted = target
        return True

    @on(Input.Submitted, "#deal")
    def _deal_entered(self, event: Input.Submitted) -> None:
        # Enter in the deal field picks the highlighted deal (or the only one matching) and
        # goes on to the next field; it does not save.
        event.stop()
        event.prevent_default()
        listing = self.query_one(Suggestions)
        if listing.display and listing.highlighted is not None:
            self._pick(self._found[listing.highlighted][0])
        elif len(self._found) == 1:
            self._pick(self._found[0][0])
        self.focus_next()

    @on(OptionList.OptionSelected, "#deal-list")
    def _deal_clicked(self, event: OptionList.OptionSelected) -> None:
        self._pick(self._found[event.option_index][0])

    def _pick(self, deal: Deal) -> None:
        """Take a deal: its label in the field, the suggestions hidden."""
        self._deal = deal
        field = self.query_one("#deal", Input)
        label = self._label_of(deal)
        with field.prevent(Input.Changed):
            field.value = label
        field.cursor_position = len(label)
        self._found = []
        self.query_one(Suggestions).display = False
        self._deal_note()

    def _deal_note(self) -> None:
        """Say under the deal field what will be saved: the deal picked, or how to pick one."""
        text = self.query_one("#deal", Input).value.strip()
        name = self._employee.name
        if self._deal is not None:
            note = tr("calls.form.deal_picked")
        elif not text:
            note = (
                tr("calls.form.deal_hint") if self._deals else tr("calls.form.no_deals", name=name)
            )
        elif self._found:
            note = tr("calls.form.deal_pick")
        else:
            note = tr("calls.form.deal_none", name=name, text=text)
        self.query_one("#deal-note", Static).update(note)

    # -- keys --------------------------------------------------------------------------------

    def action_next_field(self, step: int) -> None:
        """Move to the next (or previous) field, as Tab and Shift+Tab do."""
        if step > 0:
            self.focus_next()
        else:
            self.focus_previous()

    def action_play(self) -> None:
        """Play the recording in the Recording field with the external player."""
        text, failed = play_recording(self.query_one("#recording", Input).value)
        self.say(text, error=failed)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        # Enter in the deal field picks a deal (_deal_entered); in the others it saves.
        if event.input.id != "deal":
            self.action_submit()

    @on(DataTable.RowSelected, "#review-items")
    def _item_entered(self) -> None:
        self.action_submit()

    def _state(self) -> tuple[object, ...]:
        """Return what was scored and typed, to tell whether anything would be lost."""
        fields = [
            self.query_one(f"#{name}", Input).value
            for name in ("deal", "recording", "duration", "notes", "action")
        ]
        return (tuple(sorted(self._answers.items())), *fields)

    def action_cancel(self) -> None:
        """Close without saving; ask first when something was scored or typed."""
        if self._state() == self._start:
            self.dismiss(None)
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.dismiss(None)

        question = tr("calls.form.drop_question", name=self._employee.name)
        self.app.push_screen(ConfirmDialog(tr("calls.form.drop_title"), question), answered)

    # -- saving ------------------------------------------------------------------------------

    def action_submit(self) -> None:
        """Check every item and field and store the review, or say what is missing."""
        try:
            saved = self._save()
        except ValueError as exc:  # a refused value: ValidationError, an unscored item
            self.say(str(exc))
            return
        except SAVE_FAILURES as exc:
            self.say(not_saved(exc))
            return
        self.dismiss(saved)

    def _save(self) -> CallReview:
        """Build the review from the form and store it (add or save)."""
        table = self.query_one(ItemsTable)
        for row, item in enumerate(self._checklist):
            if item.code not in self._answers:
                table.move_cursor(row=row)
                table.focus()
                raise ValueError(tr("error.item_unanswered", field=item.label()))
        deal = self._chosen_deal()
        duration_text = self.query_one("#duration", Input).value
        duration = parse_duration(duration_text)
        if duration is None:
            raise ValueError(
                tr("calls.error.duration", field=tr("field.duration"), value=duration_text.strip())
            )
        values = {
            "answers": dict(self._answers),
            "deal_id": deal.id if deal is not None else None,
            "recording": self.query_one("#recording", Input).value.strip(),
            "duration_s": duration,
            "notes": " ".join(self.query_one("#notes", Input).value.split()),
            "action": " ".join(self.query_one("#action", Input).value.split()),
        }
        repo = _repo(self)
        if self._review is None:
            draft = CallReview(_today(self), self._employee.id, **values)  # type: ignore[arg-type]
            return repo.add_call_review(draft)
        return repo.save_call_review(replace(self._review, **values), self._review)  # type: ignore[arg-type]

    def _chosen_deal(self) -> Deal | None:
        """Return the deal picked (or the only one matching what is typed); none when empty."""
        text = self.query_one("#deal", Input).value.strip()
        if self._deal is not None or not text:
            return self._deal
        wanted = text.casefold()
        matches = [d for d, label in self._deals if wanted in f"{label} {d.next_step}".casefold()]
        if len(matches) == 1:
            return matches[0]
        self.query_one("#deal", Input).focus()
        raise ValueError(tr("calls.error.deal", field=tr("field.deal"), text=text))


# -- the history --------------------------------------------------------------------------------


class HistoryDialog(BaseModal[list[CallReview]]):
    """An employee's call reviews since a day, newest first; Enter opens one to edit."""

    DEFAULT_CSS = """
    HistoryDialog {
        align: center middle;
    }
    HistoryDialog > Vertical {
        width: 110;
        max-width: 98%;
        height: auto;
        max-height: 96%;
        padding: 0 1;
        border: round $primary;
        background: $panel;
    }
    HistoryDialog #history-title {
        text-style: bold;
        width: 100%;
    }
    HistoryDialog #history-table {
        height: auto;
        margin-top: 1;
        scrollbar-size-vertical: 1;
    }
    HistoryDialog #history-hint {
        width: 100%;
        height: auto;
        margin-top: 1;
        color: $text-muted;
    }
    HistoryDialog #history-hint.error {
        color: $error;
        text-style: bold;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "dialog.close"),
        bind("o", "play", "calls.history.key.play"),
    ]

    def __init__(self, employee: Employee, since: date) -> None:
        super().__init__()
        self._employee = employee
        self._since = since
        self._reviews: list[CallReview] = []
        self._saved: list[CallReview] = []
        self._read = False

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(id="history-title", markup=False)
            yield RowTable(id="history-table", cursor_type="row", zebra_stripes=True)
            yield Static(tr("calls.history.hint"), id="history-hint", markup=False)

    def on_mount(self) -> None:
        table = self.query_one(RowTable)
        # The box's inside: 98% of the screen up to 110, less its border and padding; the
        # table's five columns are padded by one on each side and there is a scrollbar.
        inside = min(110, self.app.size.width * 98 // 100) - 4
        fixed = {"date": 10, "score": 6, "length": 7}
        left = max(24, inside - sum(fixed.values()) - 5 * 2 - 1)
        deal = min(30, left // 2)
        widths = {**fixed, "deal": deal, "notes": left - deal}
        for key, width in widths.items():
            table.add_column(Text(tr(f"calls.history.col.{key}")), key=key, width=width)
        # The title, the hint and the box's border stay on screen below and above the list.
        table.styles.max_height = max(3, self.app.size.height - 9)
        self.fill()

    def fill(self, select: int | None = None) -> None:
        """List the employee's reviews (read once), the cursor on one."""
        repo = _repo(self)
        checklist = repo.settings().call_checklist
        if not self._read:
            self._read = True
            found = repo.call_reviews(self._since, _today(self))
            mine = [r for r in found if r.employee_id == self._employee.id]
            self._reviews = sorted(mine, key=lambda r: (r.date, r.id), reverse=True)
        names = deal_names(repo, [r.deal_id for r in self._reviews if r.deal_id is not None])
        table = self.query_one(RowTable)
        columns = {key.value: column.width for key, column in table.columns.items()}
        table.clear()
        for review in self._reviews:
            score = cqr(review.answers, checklist)
            deal = names.get(review.deal_id, DASH) if review.deal_id is not None else DASH
            table.add_row(
                Text(fmt_date(review.date)),
                Text(fmt_score(score), justify="right"),
                Text(fmt_length(review.duration_s) or DASH, justify="right"),
                Text(truncate(deal, columns["deal"])),
                Text(truncate(review.notes or review.action or DASH, columns["notes"])),
                key=str(review.id),
            )
        count = trn("calls.history.count", len(self._reviews))
        title = tr(
            "calls.history.title", name=self._employee.name, day=fmt_date(self._since), count=count
        )
        self.query_one("#history-title", Label).update(title)
        if not self._reviews:
            self._hint(tr("calls.history.empty"))
            return
        row = next((i for i, r in enumerate(self._reviews) if r.id == select), 0)
        table.move_cursor(row=row)

    def _hint(self, text: str, *, error: bool = False) -> None:
        """Show a line under the list: an error in colour and marked ✗ (as the form's)."""
        hint = self.query_one("#history-hint", Static)
        hint.update(f"✗ {text}" if error else text)
        hint.set_class(error, "error")

    def _selected(self) -> CallReview | None:
        """Return the review under the cursor."""
        if not self._reviews:
            return None
        row = self.query_one(RowTable).cursor_row
        return self._reviews[min(max(row, 0), len(self._reviews) - 1)]

    @on(DataTable.RowSelected, "#history-table")
    def _open(self) -> None:
        review = self._selected()
        if review is None:
            return

        def saved(stored: CallReview | None) -> None:
            if stored is None:
                return
            self._saved.append(stored)
            # The edited review in place of its old version (its date does not change).
            self._reviews = [stored if r.id == stored.id else r for r in self._reviews]
            self.fill(stored.id)
            checklist = _repo(self).settings().call_checklist
            score = fmt_score(cqr(stored.answers, checklist))
            self.notify(
                tr("calls.saved", name=self._employee.name, score=score), timeout=4, markup=False
            )

        self.app.push_screen(ReviewForm(self._employee, review), saved)

    def action_play(self) -> None:
        """Play the selected review's recording."""
        review = self._selected()
        if review is None:
            return
        if not review.recording.strip():
            self._hint(tr("calls.history.no_recording"), error=True)
            return
        text, failed = play_recording(review.recording)
        self._hint(text, error=failed)

    def action_close(self) -> None:
        """Close with the reviews saved meanwhile."""
        self.dismiss(self._saved)


def deal_names(repo: Repository, ids: Sequence[int]) -> dict[int, str]:
    """Return each deal's client name (a dash for a lead without a client)."""
    deals = {i: repo.get(Deal, i) for i in set(ids)}
    clients = repo.client_names(
        {d.client_id for d in deals.values() if d and d.client_id is not None}
    )
    return {
        i: clients.get(d.client_id, DASH) if d.client_id is not None else DASH
        for i, d in deals.items()
        if d is not None
    }
