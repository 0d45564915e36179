"""Dialogs for a deal and its money, shared by the Hot clients, Clients & deals and Finance screens.

Public API (everything else here is private):

- Action functions. Each opens its dialog over `screen`, saves through the repository and
  calls `done` with the saved record, or with None when the user cancelled (or there was
  nothing to do, said in a notification). They never raise.

  - ``add_deal(screen, done, client=None, owner=None)`` -> Deal: a new deal, for an existing
    client (picked by typing a few letters) or a client created on the spot.
  - ``edit_deal(screen, deal_id, done)`` -> Deal.
  - ``log_contact(screen, deal, done)`` -> Deal: last contact today, the next step and its due.
  - ``issue_invoice(screen, deal, done)`` -> Invoice.
  - ``record_payment(screen, deal, done, invoice=None)`` -> Invoice (as paid now): when it
    pays the deal's last open invoice in full, it offers at once to mark the deal won
    (Enter = yes) before calling done.
  - ``mark_won(screen, deal, done)`` -> Deal (asks first), ``mark_lost(screen, deal, done)``
    -> Deal (asks for the reason), ``demote_deal(screen, deal, done)`` -> Deal (asks first),
    ``snooze_deal(screen, deal, done)`` -> Deal (a date and a reason; on a snoozed deal it
    offers to wake it instead).

- The dialogs, for a screen that wants its own flow: ``DealForm(deal=None, client=None,
  owner=None)``, ``ContactDialog(deal)``, ``InvoiceDialog(deal)``, ``PaymentDialog(deal,
  invoice=None)``, ``LostDialog(deal)``, ``SnoozeDialog(deal)``: push them with
  ``app.push_screen(dialog, callback)``; each saves itself and dismisses with the saved
  record (PaymentDialog: the invoice after the payment), or None when cancelled. A refused
  value stays on screen with one error line naming the field, nothing written.
  ``ConfirmDialog(title, question)`` dismisses with True (Enter, y) or False (Esc, n).
- ``open_invoices_of(repo, deal)`` -> the deal's invoices with something left to pay.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, ClassVar, Final, TypeVar, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from salestui.analytics.calendar import is_working_day
from salestui.failures import SAVE_FAILURES, not_saved
from salestui.i18n import fmt_date, parse_date, tr
from salestui.models import LOST, OUTCOMES, WON, Client, Deal, Employee, Invoice, parse_count
from salestui.money import fmt_money, money_input, parse_money, symbol
from salestui.store import Repository
from salestui.tui.keys import keys
from salestui.tui.screens.base import BaseModal
from salestui.tui.widgets.toggles import MarkedCheckbox

if TYPE_CHECKING:
    from salestui.tui.app import SalesApp

T = TypeVar("T")
R = TypeVar("R")

# Letters typed before the client field suggests existing clients.
SUGGEST_FROM: Final = 2
SUGGESTIONS: Final = 4
# Typing pauses this long before the client search runs (a search reads every client).
SUGGEST_DELAY_S: Final = 0.12
# An invoice is due this many working days after it is issued, unless changed.
DUE_WORKING_DAYS: Final = 5


def _sales(screen: Screen[Any]) -> SalesApp:
    """Return the app, typed."""
    return cast("SalesApp", screen.app)


def open_invoices_of(repo: Repository, deal: Deal) -> list[Invoice]:
    """Return the deal's invoices with something left to pay, oldest first."""
    return repo.open_invoices_of_deal(deal)


def not_invoiced(repo: Repository, deal: Deal) -> int:
    """Return the deal's amount minus what its invoices (not cancelled) already ask for."""
    invoiced = sum(i.amount for i in repo.invoices_of_deal(deal) if not i.cancelled)
    return max(0, deal.amount - invoiced)


def due_after(issued: date, working_days: tuple[int, ...]) -> date:
    """Return the day DUE_WORKING_DAYS working days after the issue date."""
    day, left = issued, DUE_WORKING_DAYS
    while left:
        day += timedelta(days=1)
        left -= is_working_day(day, working_days)
    return day


def client_label(repo: Repository, deal: Deal) -> str:
    """Return the deal's client name for a dialog title ("—" for a lead without a client)."""
    if deal.client_id is None:
        return "—"
    client = repo.get(Client, deal.client_id)
    return client.name if client else "—"


# -- the common dialog --------------------------------------------------------------------


class FormSelect(Select[T], inherit_bindings=False):
    """A one-line Select that opens with Enter or Space; the arrows move between fields."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,space", "show_overlay", show=False),
    ]


class SalesDialog(BaseModal[T | None]):
    """A dialog of label/field rows that saves itself, or stays open with one error line."""

    DEFAULT_CSS = """
    SalesDialog {
        align: center middle;
    }
    SalesDialog > .deal-dialog {
        width: 72;
        max-width: 96%;
        height: auto;
        max-height: 100%;
        padding: 0 1;
        border: round $primary;
        background: $panel;
    }
    SalesDialog .deal-title {
        text-style: bold;
        width: 100%;
        height: auto;
    }
    SalesDialog .deal-about {
        color: $text-muted;
        width: 100%;
        height: auto;
    }
    SalesDialog .deal-row {
        height: 1;
        margin-top: 1;
    }
    SalesDialog .deal-row.tight {
        margin-top: 0;
    }
    SalesDialog .deal-label {
        width: 22;
        height: 1;
    }
    SalesDialog .deal-row Input, SalesDialog .deal-row Select, SalesDialog .deal-row Checkbox {
        width: 1fr;
    }
    SalesDialog #deal-error {
        width: 100%;
        height: auto;
        margin-top: 1;
        color: $text-muted;
    }
    SalesDialog #deal-error.error {
        color: $error;
        text-style: bold;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "dialog.cancel"),
        Binding("ctrl+s", "submit", "dialog.save"),
        Binding("down", "next_field(1)", show=False),
        Binding("up", "next_field(-1)", show=False),
    ]
    # The hint shown until an error replaces it.
    HINT: ClassVar[str] = "deal.hint"

    @property
    def repo(self) -> Repository:
        """Return the repository."""
        return _sales(self).repo

    @property
    def today(self) -> date:
        """Return the (possibly pinned) date of today."""
        return _sales(self).today

    def row(self, label: str, widget: Widget, *, tight: bool = False) -> Horizontal:
        """Return a one-line row: the field's name, then the field."""
        classes = "deal-row tight" if tight else "deal-row"
        return Horizontal(Label(label, classes="deal-label", markup=False), widget, classes=classes)

    def error_line(self) -> Static:
        """Return the line that shows the hint, then the error of the last save."""
        return Static(tr(self.HINT), id="deal-error", markup=False)

    def show_error(self, text: str) -> None:
        """Show why the save was refused; what was typed stays."""
        error = self.query_one("#deal-error", Static)
        error.update(text)
        error.add_class("error")

    def value(self, selector: str) -> str:
        """Return the text typed into an input."""
        return self.query_one(selector, Input).value

    def money_of(self, selector: str, label: str) -> int:
        """Parse an amount field; raise ValueError naming it (an empty one is asked for)."""
        text = self.value(selector)
        if not text.strip():
            raise ValueError(tr("deal.error.amount_needed", field=label))
        return parse_money(label, text)

    def date_of(self, selector: str, label: str, *, required: bool = False) -> date | None:
        """Parse a date field; raise ValueError naming it (empty is None unless required)."""
        text = self.value(selector).strip()
        if not text:
            if required:
                raise ValueError(tr("deal.error.date_needed", field=label))
            return None
        try:
            return parse_date(text, today=self.today)
        except ValueError as exc:
            raise ValueError(f"{label}: {exc}") from None

    def attempt(self, save: Callable[[], R]) -> None:
        """Run the save and close with its result, or show the one-line reason it failed."""
        try:
            saved = save()
        except ValueError as exc:  # ValidationError, MoneyError, a date that is not one
            self.show_error(str(exc))
            return
        except SAVE_FAILURES as exc:
            self.show_error(not_saved(exc))
            return
        self.dismiss(cast("T", saved))

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_submit()

    def action_submit(self) -> None:
        """Save (each dialog defines what)."""
        raise NotImplementedError

    def action_cancel(self) -> None:
        """Close without saving."""
        self.dismiss(None)

    def action_next_field(self, step: int) -> None:
        """Move to the next (or previous) field, as Tab and Shift+Tab do."""
        if step > 0:
            self.focus_next()
        else:
            self.focus_previous()


# -- a deal ------------------------------------------------------------------------------


class ClientInput(Input):
    """The client field: up and down move through the suggestions while they show."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "suggest(1)", show=False),
        Binding("up", "suggest(-1)", show=False),
    ]

    def action_suggest(self, step: int) -> None:
        """Move the highlight in the suggestions, or to the next field when there are none."""
        form = cast("DealForm", self.screen)
        if not form.move_suggestion(step):
            if step > 0:
                self.screen.focus_next()
            else:
                self.screen.focus_previous()


class Suggestions(OptionList, can_focus=False):
    """Existing clients matching what is typed; the client field drives the highlight."""


class DealForm(SalesDialog[Deal]):
    """Add or edit a deal: client, owner, stage, amount, probability, dates, hot, next step."""

    DEFAULT_CSS = """
    DealForm Suggestions {
        height: auto;
        max-height: 4;
        margin-left: 22;
        border: none;
        padding: 0;
        background: $surface;
    }
    DealForm #client-note {
        margin-left: 22;
        height: 1;
        color: $text-muted;
    }
    """

    def __init__(
        self, deal: Deal | None = None, *, client: Client | None = None, owner: int | None = None
    ) -> None:
        super().__init__()
        self._deal = deal
        self._client = client
        self._owner = owner
        self._found: list[Client] = []
        self._owner_ids: set[int] = set()
        self._search_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        deal = self._deal
        repo = self.repo
        if deal is not None and deal.client_id is not None and self._client is None:
            self._client = repo.get(Client, deal.client_id)
        settings = repo.settings()
        title = tr("deal.form.add_title") if deal is None else tr("deal.form.edit_title")
        owners = [e for e in repo.employees() if e.employed_on(self.today)]
        owner = deal.owner if deal else self._owner
        if owner is None and self._client is not None:
            owner = self._client.owner
        if owner is not None and all(e.id != owner for e in owners):
            # Someone who left keeps their deals until they are handed over.
            gone = repo.get(Employee, owner)
            if gone is not None:
                owners.append(gone)
        self._owner_ids = {e.id for e in owners}
        stages = [(s.label(), s.code) for s in settings.pipeline]
        stage = deal.stage if deal else settings.stage_codes()[0]
        if stage not in settings.stage_codes():
            stages.append((settings.stage_label(stage), stage))
        with Vertical(classes="deal-dialog"):
            yield Label(title, classes="deal-title", markup=False)
            client = ClientInput(
                value=self._client.name if self._client else "",
                placeholder=tr("deal.form.client_placeholder"),
                id="client",
                compact=True,
            )
            yield self.row(tr("field.client"), client)
            yield Suggestions(id="client-list")
            yield Static(id="client-note", markup=False)
            owner_select: FormSelect[int] = FormSelect(
                [(e.name, e.id) for e in owners],
                prompt=tr("deal.form.owner_prompt"),
                value=owner
                if owner is not None and any(e.id == owner for e in owners)
                else Select.NULL,
                id="owner",
                compact=True,
            )
            yield self.row(tr("field.owner"), owner_select, tight=True)
            stage_select: FormSelect[str] = FormSelect(
                stages, allow_blank=False, value=stage, id="stage", compact=True
            )
            # A won or lost deal is reopened, not edited back into the pipeline.
            stage_select.disabled = stage in OUTCOMES
            yield self.row(tr("field.stage"), stage_select, tight=True)
            yield self.row(
                tr("deal.form.amount", sign=_sign(settings.currency)),
                Input(money_input(deal.amount) if deal else "", id="amount", compact=True),
                tight=True,
            )
            yield self.row(
                tr("deal.form.probability"),
                Input(str(deal.probability) if deal else "", id="probability", compact=True),
                tight=True,
            )
            yield self.row(
                tr("field.expected_payment"),
                _date_input(deal.expected_payment if deal else None, "expected"),
                tight=True,
            )
            yield self.row(
                tr("field.hot"),
                MarkedCheckbox(
                    tr("deal.form.hot_box"), deal.hot if deal else False, id="hot", compact=True
                ),
                tight=True,
            )
            yield self.row(
                tr("field.next_step"),
                Input(deal.next_step if deal else "", id="step", compact=True),
                tight=True,
            )
            yield self.row(
                tr("field.next_step_due"),
                _date_input(deal.next_step_due if deal else None, "step-due"),
                tight=True,
            )
            yield self.error_line()

    def on_mount(self) -> None:
        self.query_one(Suggestions).display = False
        self._note()
        self.query_one("#client" if self._deal is None else "#amount", Input).focus()

    # -- the client field ------------------------------------------------------------

    @on(Input.Changed, "#client")
    def _client_typed(self, event: Input.Changed) -> None:
        if self._client is not None and event.value.strip() != self._client.name:
            self._client = None
        if self._search_timer is not None:
            self._search_timer.stop()
        self._search_timer = self.set_timer(SUGGEST_DELAY_S, self._search)
        self._note()

    def _search(self) -> None:
        """Show the existing clients matching what is typed."""
        text = self.value("#client").strip()
        found: list[Client] = []
        if self._client is None and len(text) >= SUGGEST_FROM:
            found = self.repo.find_clients(text, SUGGESTIONS)
        self._found = found
        listing = self.query_one(Suggestions)
        listing.clear_options()
        names = {e.id: e.name for e in self.repo.employees()}
        for client in found:
            owner = names.get(client.owner, "")
            listing.add_option(Option(f"{client.name} · {owner}" if owner else client.name))
        listing.display = bool(found)
        self._note()

    def move_suggestion(self, step: int) -> bool:
        """Move the suggestions' highlight; False when no suggestion shows."""
        listing = self.query_one(Suggestions)
        if not listing.display or not self._found:
            return False
        current = listing.highlighted
        if current is None:
            if step < 0:
                return False
            target = 0
        else:
            target = current + step
        if target >= len(self._found):
            # Past the last suggestion the arrow goes on to the next field.
            listing.highlighted = None
            return False
        listing.highlighted = target if target >= 0 else None
        return True

    @on(Input.Submitted, "#client")
    def _client_entered(self, event: Input.Submitted) -> None:
        # Enter in the client field picks the highlighted suggestion (or the client whose
        # name was typed exactly) and goes on to the next field; it does not save yet.
        event.stop()
        event.prevent_default()  # not the dialog's own Enter, which saves
        listing = self.query_one(Suggestions)
        if listing.display and listing.highlighted is not None:
            self._pick(self._found[listing.highlighted])
        else:
            exact = self._exact(event.value)
            if exact is not None:
                self._pick(exact)
        self.focus_next()

    @on(OptionList.OptionSelected, "#client-list")
    def _clicked(self, event: OptionList.OptionSelected) -> None:
        self._pick(self._found[event.option_index])

    def _exact(self, text: str) -> Client | None:
        """Return the client whose name is exactly what was typed (any case), if one."""
        wanted = " ".join(text.split()).casefold()
        if not wanted:
            return None
        return next((c for c in self.repo.find_clients(text) if c.name.casefold() == wanted), None)

    def _pick(self, client: Client) -> None:
        """Take an existing client; the owner follows the client's when none is chosen."""
        self._client = client
        field = self.query_one("#client", Input)
        with field.prevent(Input.Changed):
            field.value = client.name
        field.cursor_position = len(client.name)
        owner = self.query_one("#owner", FormSelect)
        if owner.is_blank() and client.owner in self._owner_ids:
            owner.value = client.owner
        listing = self.query_one(Suggestions)
        listing.display = False
        self._found = []
        self._note()

    def _note(self) -> None:
        """Say under the client field what will be saved: this client, or a new one."""
        text = self.value("#client").strip()
        if self._client is not None:
            note = tr("deal.form.client_existing")
        elif not text:
            note = tr("deal.form.client_hint")
        elif self._found:
            note = tr("deal.form.client_new_or_pick", name=text)
        else:
            note = tr("deal.form.client_new", name=text)
        self.query_one("#client-note", Static).update(note)

    # -- saving ---------------------------------------------------------------------------

    def action_submit(self) -> None:
        """Check every field, add a new client if one was typed, and save the deal."""
        self.attempt(self._save)

    def _save(self) -> Deal:
        """Check the fields in order, then store the client (if new) and the deal together."""
        repo, today = self.repo, self.today
        currency = repo.settings().currency
        name = " ".join(self.value("#client").split())
        client = self._client if self._client is not None else self._exact(name)
        keep_lead = self._deal is not None and self._deal.client_id is None and not name
        if client is None and not name and not keep_lead:
            raise ValueError(tr("deal.error.client_needed", field=tr("field.client")))
        owner = self.query_one("#owner", FormSelect).value
        if not isinstance(owner, int):
            raise ValueError(tr("deal.error.owner_needed", field=tr("field.owner")))
        stage = self.query_one("#stage", FormSelect).value
        assert isinstance(stage, str)  # allow_blank=False
        amount_label = tr("deal.form.amount", sign=_sign(currency))
        amount_text = self.value("#amount")
        amount = parse_money(amount_label, amount_text) if amount_text.strip() else 0
        probability_text = self.value("#probability")
        probability = (
            parse_count(tr("field.probability"), probability_text)
            if probability_text.strip()
            else 0
        )
        fields = {
            "owner": owner,
            "stage": stage,
            "amount": amount,
            "probability": probability,
            "expected_payment": self.date_of("#expected", tr("field.expected_payment")),
            "hot": self.query_one("#hot", Checkbox).value,
            "next_step": " ".join(self.value("#step").split()),
            "next_step_due": self.date_of("#step-due", tr("field.next_step_due")),
        }
        if self._deal is None:
            draft = Deal(client_id=None, created=today, **fields)  # type: ignore[arg-type]
        else:
            draft = replace(self._deal, **fields)  # type: ignore[arg-type]
        # The new client and the deal reach the disk together, or neither does.
        with repo.transaction():
            if client is None and name:
                client = repo.save_client(Client(name, owner, today))
            draft = replace(draft, client_id=client.id if client else None)
            if self._deal is None:
                return repo.add_deal(draft, today)
            return repo.save_deal(draft, today, self._deal)


def _sign(currency: str) -> str:
    """Return the currency's sign for a field label."""
    return symbol(currency)


def _date_input(day: date | None, widget_id: str) -> Input:
    """Return a one-line date field showing a date the way the language writes it."""
    return Input(
        fmt_date(day) if day else "",
        placeholder=tr("deal.form.date_placeholder"),
        id=widget_id,
        compact=True,
    )


# -- a contact ---------------------------------------------------------------------------


class ContactDialog(SalesDialog[Deal]):
    """Log a contact today and agree the next step and its due date, in one dialog."""

    def __init__(self, deal: Deal) -> None:
        super().__init__()
        self._deal = deal

    def compose(self) -> ComposeResult:
        deal = self._deal
        today = fmt_date(self.today)
        with Vertical(classes="deal-dialog"):
            yield Label(
                tr("deal.contact.title", client=client_label(self.repo, deal)),
                classes="deal-title",
                markup=False,
            )
            about = (
                tr("deal.contact.about", last=fmt_date(deal.last_contact), today=today)
                if deal.last_contact
                else tr("deal.contact.first", today=today)
            )
            yield Static(
                about,
                classes="deal-about",
                markup=False,
            )
            yield self.row(tr("field.next_step"), Input(deal.next_step, id="step", compact=True))
            due = (
                deal.next_step_due
                if deal.next_step_due and deal.next_step_due >= self.today
                else None
            )
            yield self.row(tr("field.next_step_due"), _date_input(due, "step-due"), tight=True)
            yield self.error_line()

    def on_mount(self) -> None:
        self.query_one("#step", Input).focus()

    def action_submit(self) -> None:
        """Save the contact with the next step."""

        def save() -> Deal:
            due = self.date_of("#step-due", tr("field.next_step_due"))
            return self.repo.log_contact(self._deal.id, self.today, self.value("#step"), due)

        self.attempt(save)


# -- an invoice --------------------------------------------------------------------------


class InvoiceDialog(SalesDialog[Invoice]):
    """Issue an invoice for a deal: number, amount, issue and due dates."""

    def __init__(self, deal: Deal) -> None:
        super().__init__()
        self._deal = deal

    def compose(self) -> ComposeResult:
        deal, repo, today = self._deal, self.repo, self.today
        settings = repo.settings()
        left = not_invoiced(repo, deal)
        with Vertical(classes="deal-dialog"):
            yield Label(
                tr("deal.invoice.title", client=client_label(repo, deal)),
                classes="deal-title",
                markup=False,
            )
            yield Static(
                tr(
                    "deal.invoice.about",
                    amount=fmt_money(deal.amount, settings.currency),
                    left=fmt_money(left, settings.currency),
                ),
                classes="deal-about",
                markup=False,
            )
            yield self.row(tr("field.number"), Input(id="number", compact=True))
            yield self.row(
                tr("deal.form.amount", sign=_sign(settings.currency)),
                Input(money_input(left) if left else "", id="amount", compact=True),
                tight=True,
            )
            yield self.row(tr("field.issued"), _date_input(today, "issued"), tight=True)
            due = due_after(today, settings.working_days)
            yield self.row(tr("field.due"), _date_input(due, "due"), tight=True)
            yield self.error_line()

    def on_mount(self) -> None:
        self.query_one("#number", Input).focus()

    def action_submit(self) -> None:
        """Issue the invoice."""

        def save() -> Invoice:
            deal = self._deal
            currency = self.repo.settings().currency
            label = tr("deal.form.amount", sign=_sign(currency))
            amount = self.money_of("#amount", label)
            issued = self.date_of("#issued", tr("field.issued"), required=True)
            due = self.date_of("#due", tr("field.due"), required=True)
            assert issued is not None and due is not None
            invoice = Invoice(
                number=" ".join(self.value("#number").split()),
                deal_id=deal.id,
                employee_id=deal.owner,
                issued=issued,
                amount=amount,
                due=due,
                client_id=deal.client_id,
            )
            return self.repo.issue_invoice(invoice)

        self.attempt(save)


# -- a payment ---------------------------------------------------------------------------


class PaymentDialog(SalesDialog[Invoice]):
    """Record a payment of one of the deal's open invoices; dismiss with the invoice after it."""

    def __init__(self, deal: Deal, invoice: Invoice | None = None) -> None:
        super().__init__()
        self._deal = deal
        self._invoice = invoice
        self._open: list[Invoice] = []

    def compose(self) -> ComposeResult:
        deal, repo = self._deal, self.repo
        currency = repo.settings().currency
        self._open = open_invoices_of(repo, deal)
        if self._invoice is not None and all(i.id != self._invoice.id for i in self._open):
            self._open.append(self._invoice)
        chosen = self._invoice or (self._open[0] if self._open else None)
        with Vertical(classes="deal-dialog"):
            yield Label(
                tr("deal.payment.title", client=client_label(repo, deal)),
                classes="deal-title",
                markup=False,
            )
            if len(self._open) > 1:
                options = [(self._describe(i, currency), i.id) for i in self._open]
                chooser: Widget = FormSelect(
                    options,
                    allow_blank=False,
                    value=chosen.id if chosen else Select.NULL,
                    id="invoice",
                    compact=True,
                )
            else:
                # With one invoice there is nothing to choose: it is shown, not asked.
                shown = (
                    tr("deal.payment.one", number=chosen.number, due=fmt_date(chosen.due))
                    if chosen
                    else "—"
                )
                chooser = Static(shown, id="invoice-one", markup=False)
            yield self.row(tr("deal.payment.invoice"), chooser)
            yield Static(id="payment-left", classes="deal-about", markup=False)
            yield self.row(
                tr("deal.form.amount", sign=_sign(currency)),
                Input(money_input(chosen.open_amount) if chosen else "", id="amount", compact=True),
            )
            yield self.row(tr("field.date"), _date_input(self.today, "paid-on"), tight=True)
            yield self.error_line()

    def _describe(self, invoice: Invoice, currency: str) -> str:
        """Return an invoice as a choice: number, what is left, due date."""
        return tr(
            "deal.payment.option",
            number=invoice.number,
            left=fmt_money(invoice.open_amount, currency),
            due=fmt_date(invoice.due),
        )

    def on_mount(self) -> None:
        self._show_left()
        self.query_one("#amount", Input).focus()

    def _chosen(self) -> Invoice | None:
        """Return the invoice being paid: the only one, or the one chosen."""
        if len(self._open) < 2:
            return self._open[0] if self._open else None
        value = self.query_one("#invoice", FormSelect).value
        return next((i for i in self._open if i.id == value), None)

    def _show_left(self) -> None:
        """Show the chosen invoice's amount, what is paid and what is left."""
        invoice = self._chosen()
        currency = self.repo.settings().currency
        text = ""
        if invoice is not None:
            text = tr(
                "deal.payment.about",
                amount=fmt_money(invoice.amount, currency),
                paid=fmt_money(invoice.paid, currency),
                left=fmt_money(invoice.open_amount, currency),
            )
        self.query_one("#payment-left", Static).update(text)

    @on(Select.Changed, "#invoice")
    def _invoice_changed(self) -> None:
        invoice = self._chosen()
        if invoice is not None:
            self.query_one("#amount", Input).value = money_input(invoice.open_amount)
        self._show_left()

    def action_submit(self) -> None:
        """Record the payment."""

        def save() -> Invoice:
            invoice = self._chosen()
            if invoice is None:
                raise ValueError(tr("deal.error.no_open_invoice"))
            currency = self.repo.settings().currency
            label = tr("deal.form.amount", sign=_sign(currency))
            amount = self.money_of("#amount", label)
            day = self.date_of("#paid-on", tr("field.date"), required=True)
            assert day is not None
            return self.repo.record_payment(invoice.id, day, amount)[1]

        self.attempt(save)


# -- lost and snoozed ----------------------------------------------------------------------


class LostDialog(SalesDialog[Deal]):
    """Close a deal as lost; the reason is required."""

    def __init__(self, deal: Deal) -> None:
        super().__init__()
        self._deal = deal

    def compose(self) -> ComposeResult:
        with Vertical(classes="deal-dialog"):
            yield Label(
                tr("deal.lost.title", client=client_label(self.repo, self._deal)),
                classes="deal-title",
                markup=False,
            )
            yield self.row(tr("field.lost_reason"), Input(id="reason", compact=True))
            yield self.error_line()

    def on_mount(self) -> None:
        self.query_one("#reason", Input).focus()

    def action_submit(self) -> None:
        """Close the deal as lost with the reason."""

        def save() -> Deal:
            reason = " ".join(self.value("#reason").split())
            if not reason:
                raise ValueError(tr("error.reason_needed", field=tr("field.lost_reason")))
            return self.repo.close_deal(self._deal.id, LOST, self.today, reason)

        self.attempt(save)


class SnoozeDialog(SalesDialog[Deal]):
    """Silence a deal's stale alert until a later date, with a reason."""

    def __init__(self, deal: Deal) -> None:
        super().__init__()
        self._deal = deal

    def compose(self) -> ComposeResult:
        deal = self._deal
        with Vertical(classes="deal-dialog"):
            yield Label(
                tr("deal.snooze.title", client=client_label(self.repo, deal)),
                classes="deal-title",
                markup=False,
            )
            yield Static(tr("deal.snooze.about"), classes="deal-about", markup=False)
            until = _date_input(None, "until")
            yield self.row(tr("field.snoozed_until"), until)
            yield self.row(
                tr("field.snooze_reason"),
                Input(deal.snooze_reason, id="reason", compact=True),
                tight=True,
            )
            yield self.error_line()

    def on_mount(self) -> None:
        self.query_one("#until", Input).focus()

    def action_submit(self) -> None:
        """Snooze the deal."""

        def save() -> Deal:
            until = self.date_of("#until", tr("field.snoozed_until"), required=True)
            reason = self.value("#reason")
            return self.repo.snooze(self._deal.id, until, reason, self.today)

        self.attempt(save)


# -- yes or no ---------------------------------------------------------------------------


class ConfirmDialog(BaseModal[bool]):
    """Ask a yes/no question: Enter or y is yes, Esc or n is no."""

    DEFAULT_CSS = """
    ConfirmDialog {
        align: center middle;
    }
    ConfirmDialog > Vertical {
        width: 64;
        max-width: 96%;
        height: auto;
        padding: 0 1;
        border: round $primary;
        background: $panel;
    }
    ConfirmDialog .confirm-title {
        text-style: bold;
        margin-bottom: 1;
    }
    ConfirmDialog .confirm-hint {
        color: $text-muted;
        margin-top: 1;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(f"enter,{keys('y')}", "answer(True)", "deal.confirm.yes"),
        Binding(f"escape,{keys('n')}", "answer(False)", "deal.confirm.no"),
    ]

    def __init__(self, title: str, question: str) -> None:
        super().__init__()
        self._title = title
        self._question = question

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self._title, classes="confirm-title", markup=False)
            yield Static(self._question, markup=False)
            yield Static(tr("deal.confirm.hint"), classes="confirm-hint", markup=False)

    def action_answer(self, yes: bool) -> None:
        """Close with the answer."""
        self.dismiss(yes)


# -- the actions screens call ----------------------------------------------------------------


def _fresh(screen: Screen[Any], deal: Deal) -> Deal | None:
    """Return the deal as stored now (another screen may have changed it); None if gone."""
    try:
        return _sales(screen).repo.deal(deal.id)
    except KeyError:
        return None


def _open_only(screen: Screen[Any], deal: Deal) -> Deal | None:
    """Return the stored deal if it is still open; otherwise say it is closed."""
    fresh = _fresh(screen, deal)
    if fresh is None:
        return None
    if fresh.closed is not None:
        outcome = _sales(screen).repo.settings().stage_label(fresh.stage)
        screen.notify(tr("deal.closed_already", outcome=outcome), timeout=4, markup=False)
        return None
    return fresh


def _write(screen: Screen[Any], save: Callable[[], R]) -> R | None:
    """Run a save that needs no dialog; a refusal is one notification, never an exception."""
    try:
        return save()
    except ValueError as exc:
        screen.notify(str(exc), severity="error", timeout=8, markup=False)
    except SAVE_FAILURES as exc:
        screen.notify(not_saved(exc), severity="error", timeout=10, markup=False)
    return None


def add_deal(
    screen: Screen[Any],
    done: Callable[[Deal | None], None],
    *,
    client: Client | None = None,
    owner: int | None = None,
) -> None:
    """Open the deal form for a new deal (optionally for a client or an owner)."""
    screen.app.push_screen(DealForm(None, client=client, owner=owner), done)


def edit_deal(screen: Screen[Any], deal_id: int, done: Callable[[Deal | None], None]) -> None:
    """Open the deal form on a stored deal."""
    try:
        deal = _sales(screen).repo.deal(deal_id)
    except KeyError:
        done(None)
        return
    screen.app.push_screen(DealForm(deal), done)


def log_contact(screen: Screen[Any], deal: Deal, done: Callable[[Deal | None], None]) -> None:
    """Log a contact today with the next step."""
    fresh = _open_only(screen, deal)
    if fresh is None:
        done(None)
        return
    screen.app.push_screen(ContactDialog(fresh), done)


def issue_invoice(screen: Screen[Any], deal: Deal, done: Callable[[Invoice | None], None]) -> None:
    """Issue an invoice for the deal."""
    fresh = _open_only(screen, deal)
    if fresh is None:
        done(None)
        return
    screen.app.push_screen(InvoiceDialog(fresh), done)


def record_payment(
    screen: Screen[Any],
    deal: Deal,
    done: Callable[[Invoice | None], None],
    *,
    invoice: Invoice | None = None,
) -> None:
    """Record a payment of the deal's open invoice; offer to mark the deal won once all are paid."""
    sales = _sales(screen)
    fresh = _fresh(screen, deal)
    if fresh is None:
        done(None)
        return
    if invoice is None and not open_invoices_of(sales.repo, fresh):
        screen.notify(tr("deal.payment.none_open"), timeout=5, markup=False)
        done(None)
        return

    def paid(saved: Invoice | None) -> None:
        if saved is None:
            done(None)
            return
        current = _fresh(screen, fresh)
        last_one = saved.open_amount == 0 and not open_invoices_of(sales.repo, fresh)
        if current is None or current.closed is not None or not last_one:
            done(saved)
            return
        currency = sales.repo.settings().currency
        question = tr(
            "deal.won.after_payment",
            client=client_label(sales.repo, current),
            amount=fmt_money(current.amount, currency),
        )

        def answered(yes: bool | None) -> None:
            if yes:
                won = _write(screen, lambda: sales.repo.close_deal(current.id, WON, sales.today))
                if won is not None:
                    screen.notify(tr("deal.won.done"), timeout=3, markup=False)
            done(saved)

        screen.app.push_screen(ConfirmDialog(tr("deal.won.title"), question), answered)

    screen.app.push_screen(PaymentDialog(fresh, invoice), paid)


def mark_won(screen: Screen[Any], deal: Deal, done: Callable[[Deal | None], None]) -> None:
    """Ask, then close the deal as won today."""
    sales = _sales(screen)
    fresh = _open_only(screen, deal)
    if fresh is None:
        done(None)
        return
    currency = sales.repo.settings().currency
    question = tr(
        "deal.won.question",
        client=client_label(sales.repo, fresh),
        amount=fmt_money(fresh.amount, currency),
    )

    def answered(yes: bool | None) -> None:
        if not yes:
            done(None)
            return
        done(_write(screen, lambda: sales.repo.close_deal(fresh.id, WON, sales.today)))

    screen.app.push_screen(ConfirmDialog(tr("deal.won.title"), question), answered)


def mark_lost(screen: Screen[Any], deal: Deal, done: Callable[[Deal | None], None]) -> None:
    """Close the deal as lost, with the reason asked."""
    fresh = _open_only(screen, deal)
    if fresh is None:
        done(None)
        return
    screen.app.push_screen(LostDialog(fresh), done)


def demote_deal(screen: Screen[Any], deal: Deal, done: Callable[[Deal | None], None]) -> None:
    """Ask, then take the deal off the hot list (it stays open)."""
    sales = _sales(screen)
    fresh = _open_only(screen, deal)
    if fresh is None:
        done(None)
        return
    question = tr("deal.demote.question", client=client_label(sales.repo, fresh))

    def answered(yes: bool | None) -> None:
        if not yes:
            done(None)
            return
        done(_write(screen, lambda: sales.repo.demote(fresh.id)))

    screen.app.push_screen(ConfirmDialog(tr("deal.demote.title"), question), answered)


def snooze_deal(screen: Screen[Any], deal: Deal, done: Callable[[Deal | None], None]) -> None:
    """Snooze the deal with a date and a reason; a snoozed deal is offered to wake up."""
    sales = _sales(screen)
    fresh = _open_only(screen, deal)
    if fresh is None:
        done(None)
        return
    if fresh.snoozed_until is None or fresh.snoozed_until <= sales.today:
        screen.app.push_screen(SnoozeDialog(fresh), done)
        return
    question = tr(
        "deal.wake.question",
        client=client_label(sales.repo, fresh),
        until=fmt_date(fresh.snoozed_until),
        reason=fresh.snooze_reason,
    )

    def answered(yes: bool | None) -> None:
        if not yes:
            done(None)
            return
        done(_write(screen, lambda: sales.repo.snooze(fresh.id, None, "", sales.today)))

    screen.app.push_screen(ConfirmDialog(tr("deal.wake.title"), question), answered)
