"""Pilot tests of the Hot clients screen and the deal dialogs: what the store holds afterwards."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Static

from salestui.models import LOST, WON, Client, Deal, Employee, Invoice
from salestui.store import Repository
from salestui.tui.app import SalesApp
from salestui.tui.screens.deal_forms import (
    ConfirmDialog,
    ContactDialog,
    DealForm,
    InvoiceDialog,
    LostDialog,
    PaymentDialog,
    SnoozeDialog,
)
from salestui.tui.screens.hot import HotScreen
from salestui.tui.screens.prompt import TextPrompt
from tests.conftest import TODAY
from tests.tui.session import NARROW, WIDE, running, wait_until

HIRED = date(2024, 1, 15)
# Twenty people, Russian and English names, two of them alike when shortened.
STAFF = (
    "Анна Смирнова",
    "Борис Петров",
    "Olivia Johnson",
    "Oliver Jackson",
    "Екатерина Волкова",
    "Дмитрий Соколов",
    "Emma Williams",
    "James Brown",
    "Мария Кузнецова",
    "Сергей Попов",
    "Sophia Miller",
    "Liam Davis",
    "Ольга Лебедева",
    "Алексей Козлов",
    "Noah Wilson",
    "Ava Moore",
    "Татьяна Новикова",
    "Иван Морозов",
    "Mia Taylor",
    "Lucas Anderson",
)


@dataclass(frozen=True, slots=True)
class Spec:
    """One deal of the fixture: who, what and which flag state."""

    client: str
    owner: int
    stage: str
    amount: int
    probability: int
    created: date
    expected: date | None
    last: date | None
    step: str
    due: date | None
    hot: bool = False
    snoozed: tuple[date, str] | None = None


def day(text: str) -> date:
    """Return a date from its ISO text."""
    return date.fromisoformat(text)


# A dozen hot deals in every flag state, and a few that are not hot.
HOT_SPECS = (
    # overdue next step
    Spec(
        "ООО «Ромашка»",
        0,
        "invoice",
        48_000_000,
        90,
        day("2026-10-20"),
        day("2026-12-04"),
        day("2026-11-24"),
        "Согласовать договор с юристом",
        day("2026-11-20"),
    ),
    # no next step
    Spec(
        "Acme Ltd",
        2,
        "application",
        12_500_050,
        80,
        day("2026-11-02"),
        day("2026-12-10"),
        day("2026-11-25"),
        "",
        None,
    ),
    # stale: hot by hand in the meeting stage, no contact for 16 days
    Spec(
        "ИП Кузнецов А. В.",
        1,
        "meeting",
        3_200_000,
        40,
        day("2026-10-01"),
        day("2026-12-15"),
        day("2026-11-10"),
        "Call about the pilot",
        day("2026-12-01"),
        hot=True,
    ),
    # past its expected payment date
    Spec(
        "Northwind Traders",
        3,
        "invoice",
        7_750_000,
        75,
        day("2026-09-15"),
        day("2026-11-20"),
        day("2026-11-25"),
        "Chase the payment with accounts",
        day("2026-11-27"),
    ),
    # snoozed: no stale alert until 3 December
    Spec(
        "ЗАО «СтройИнвест»",
        4,
        "invoice",
        125_000_000,
        70,
        day("2026-08-01"),
        day("2026-12-20"),
        day("2026-11-01"),
        "Позвонить после отпуска",
        day("2026-12-04"),
        snoozed=(day("2026-12-03"), "директор в отпуске"),
    ),
    # everything at once: step overdue, stale, past expected
    Spec(
        "Globex Corporation",
        5,
        "invoice",
        19_990_000,
        95,
        day("2026-07-10"),
        day("2026-11-13"),
        day("2026-11-02"),
        "Send the signed act",
        day("2026-11-16"),
    ),
    # no flags
    Spec(
        "ООО «Вектор-М»",
        6,
        "invoice",
        5_600_000,
        85,
        day("2026-11-10"),
        day("2026-11-30"),
        day("2026-11-26"),
        "Получить подписанный счёт",
        day("2026-11-30"),
    ),
    Spec(
        "Initech",
        7,
        "application",
        2_400_000,
        70,
        day("2026-11-05"),
        day("2026-12-01"),
        day("2026-11-23"),
        "Demo for the finance team",
        day("2026-11-27"),
    ),
    Spec(
        "АО «Северсталь Снаб»",
        8,
        "invoice",
        1_234_567_890,
        80,
        day("2026-06-01"),
        day("2027-01-15"),
        day("2026-11-20"),
        "Встреча с закупками",
        day("2026-12-02"),
    ),
    # no expected payment date: last in the list
    Spec(
        "Umbrella Logistics",
        9,
        "conversation",
        900_000,
        70,
        day("2026-11-18"),
        None,
        day("2026-11-24"),
        "Send the proposal",
        day("2026-11-28"),
    ),
    # no step and stale at once, hot by hand
    Spec(
        "ООО «Пекарня на Литейном»",
        10,
        "conversation",
        450_000,
        20,
        day("2026-10-15"),
        day("2026-12-24"),
        None,
        "",
        None,
        hot=True,
    ),
    Spec(
        "Stark Industries",
        11,
        "invoice",
        64_000_000,
        90,
        day("2026-11-01"),
        day("2026-12-07"),
        day("2026-11-25"),
        "Second invoice for the rest",
        day("2026-12-03"),
    ),
)
COLD_SPECS = (
    Spec(
        "Hooli",
        12,
        "meeting",
        1_000_000,
        30,
        day("2026-11-01"),
        day("2027-02-01"),
        day("2026-11-20"),
        "Meeting",
        day("2026-12-01"),
    ),
    Spec(
        "ООО «Берёзка»",
        13,
        "conversation",
        300_000,
        10,
        day("2026-11-12"),
        None,
        day("2026-11-19"),
        "Перезвонить",
        day("2026-12-02"),
    ),
)


def build_hot_db(path: Path) -> Repository:
    """Build the fixture database with the repository API and return it open."""
    repo = Repository.open(path, create=True)
    staff = [repo.add_employee(Employee(name, hired=HIRED)) for name in STAFF]
    for spec in (*HOT_SPECS, *COLD_SPECS):
        owner = staff[spec.owner].id
        client = repo.save_client(Client(spec.client, owner, spec.created))
        snoozed_until, reason = spec.snoozed if spec.snoozed else (None, "")
        deal = Deal(
            client.id,
            owner,
            spec.created,
            # Invoiced deals reach the invoice stage by their invoice, below.
            "application" if spec.stage == "invoice" else spec.stage,
            spec.amount,
            spec.probability,
            spec.expected,
            spec.hot,
            spec.step,
            spec.due,
            spec.last,
            snoozed_until=snoozed_until,
            snooze_reason=reason,
        )
        # The deal entered the hot list when it was created: days in the list differ.
        stored = repo.add_deal(deal, spec.created)
        if spec.stage == "invoice":
            issued = spec.created + timedelta(days=3)
            repo.issue_invoice(
                Invoice(
                    f"{stored.id % 1000}",
                    stored.id,
                    owner,
                    issued,
                    spec.amount // 2,
                    issued + timedelta(days=7),
                )
            )
    return repo


@pytest.fixture
def hot_path(tmp_path: Path) -> Path:
    """A database folder with 20 employees and a dozen hot deals in every flag state."""
    path = tmp_path / "hot"
    build_hot_db(path).close()
    return path


# -- helpers ------------------------------------------------------------------------------


def reopened(path: Path) -> Repository:
    """Open the database again, as the next run of the app would."""
    return Repository.open(path)


def text_of(app: SalesApp, selector: str) -> str:
    """Return the plain text of a Static on the current screen."""
    return str(app.screen.query_one(selector, Static).render())


def client_id(repo: Repository, name: str) -> int:
    """Return the id of the client with this name."""
    return next(c.id for c in repo.clients() if c.name == name)


def deal_of(repo: Repository, name: str) -> Deal:
    """Return the (only) deal of a client."""
    return repo.deals_of_client(client_id(repo, name))[0]


def hot_ids(app: SalesApp) -> list[int]:
    """Return the deal ids of the hot table's rows, in order."""
    table = app.screen.query_one("#hot-table", DataTable)
    return [int(str(key.value)) for key in table.rows]


def selected_id(app: SalesApp) -> int:
    """Return the deal under the cursor."""
    screen = app.screen
    assert isinstance(screen, HotScreen)
    deal = screen.selected()
    assert deal is not None
    return deal.id


async def open_hot(pilot: Pilot[None], app: SalesApp) -> HotScreen:
    """Press 2 and wait for the Hot clients screen."""
    await pilot.press("2")
    await wait_until(pilot, lambda: isinstance(app.screen, HotScreen) and app.screen.ready)
    assert isinstance(app.screen, HotScreen)
    return app.screen


async def select_deal(pilot: Pilot[None], app: SalesApp, deal_id: int) -> None:
    """Move the cursor onto a deal."""
    table = app.screen.query_one("#hot-table", DataTable)
    table.move_cursor(row=hot_ids(app).index(deal_id))
    await pilot.pause()
    assert selected_id(app) == deal_id


async def press_for(pilot: Pilot[None], app: SalesApp, key: str, dialog: type) -> None:
    """Press a key and wait for its dialog."""
    await pilot.press(key)
    await wait_until(pilot, lambda: isinstance(app.screen, dialog) and app.screen.ready)
    assert isinstance(app.screen, dialog), app.screen


async def fill(pilot: Pilot[None], app: SalesApp, values: dict[str, str]) -> None:
    """Put values into a dialog's inputs, as if typed over what they held.

    Set rather than pressed key by key: each Pilot key press waits for the screen (~70 ms),
    and the typing itself is tested through tmux as a terminal sends it.
    """
    for selector, value in values.items():
        field = app.screen.query_one(selector, Input)
        field.focus()
        field.value = value
    await pilot.pause()


def error_of(app: SalesApp) -> str:
    """Return the error line of the dialog on screen."""
    return text_of(app, "#deal-error")


async def wait_for(pilot: Pilot[None], app: SalesApp, screen: type) -> None:
    """Wait until a screen of this type is on top."""
    await wait_until(pilot, lambda: isinstance(app.screen, screen))
    assert isinstance(app.screen, screen), app.screen


# -- the list ------------------------------------------------------------------------------


async def test_list_sorted_by_expected_payment_none_last(hot_path: Path) -> None:
    """Hot deals by expected payment date, the one without a date last; cold deals absent."""
    async with running(hot_path, WIDE) as (app, pilot, repo):
        await open_hot(pilot, app)
        ids = hot_ids(app)
        deals = [repo.deal(i) for i in ids]
        assert len(deals) == len(HOT_SPECS)
        dates = [d.expected_payment for d in deals]
        assert dates[-1] is None
        assert dates[:-1] == sorted(d for d in dates if d is not None)
        assert deal_of(repo, "Hooli").id not in ids
        summary = text_of(app, "#hot-summary")
        assert "12 hot deals" in summary and "weighted" in summary


async def test_flags_show_as_text_markers(hot_path: Path) -> None:
    """Each flag state has its text marker in the row, and words in the detail line."""
    async with running(hot_path, WIDE) as (app, pilot, repo):
        await open_hot(pilot, app)
        table = app.screen.query_one("#hot-table", DataTable)
        flags = {i: str(table.get_cell(str(i), "flags")) for i in hot_ids(app)}
        assert flags[deal_of(repo, "ООО «Ромашка»").id] == "!step"
        assert flags[deal_of(repo, "Acme Ltd").id] == "no step"
        assert flags[deal_of(repo, "ИП Кузнецов А. В.").id] == "stale"
        assert flags[deal_of(repo, "Northwind Traders").id] == "late"
        assert flags[deal_of(repo, "ЗАО «СтройИнвест»").id] == "zz"
        assert flags[deal_of(repo, "Globex Corporation").id] == "!step stale late"
        assert flags[deal_of(repo, "ООО «Вектор-М»").id] == ""
        await select_deal(pilot, app, deal_of(repo, "Globex Corporation").id)
        detail = text_of(app, "#hot-detail")
        assert "step overdue, stale, past expected date" in detail
        assert "Send the signed act" in detail


async def test_narrow_keeps_client_amount_and_flags(hot_path: Path) -> None:
    """At 80 columns the table drops columns but keeps client, amount, dates and flags."""
    async with running(hot_path, NARROW) as (app, pilot, _repo):
        await open_hot(pilot, app)
        table = app.screen.query_one("#hot-table", DataTable)
        keys = [str(c.value) for c in table.columns]
        assert {"client", "amount", "expected", "flags"} <= set(keys)
        width = sum(c.get_render_width(table) for c in table.columns.values())
        assert width <= 78


async def test_empty_list_says_how_to_add(tmp_path: Path) -> None:
    """An empty hot list says so and how to add a deal; without a team, to add people first."""
    async with running(tmp_path / "db", WIDE, create=True) as (app, pilot, repo):
        await open_hot(pilot, app)
        assert text_of(app, "#hot-empty").startswith("Add your team first: 9 opens Team")
        repo.add_employee(Employee("Anna Smirnova", hired=HIRED))
        await pilot.press("0")
        await open_hot(pilot, app)
        text = text_of(app, "#hot-empty")
        assert text.startswith("No hot deals. Press a to add a deal.")
        assert "in the stage Invoice, at 70% or more" in text


# -- actions -------------------------------------------------------------------------------


async def test_add_deal_for_an_existing_client_picked_by_letters(hot_path: Path) -> None:
    """a: a few letters suggest the client, ↓ Enter picks it, its owner follows; saved hot."""
    async with running(hot_path, WIDE) as (app, pilot, repo):
        await open_hot(pilot, app)
        before = len(repo.clients())
        await press_for(pilot, app, "a", DealForm)
        await pilot.press(*"Hoo")
        await wait_until(pilot, lambda: bool(app.screen.query_one("#client-list").display))
        await pilot.press("down", "enter")
        await fill(
            pilot,
            app,
            {
                "#amount": "1 500 000,50",
                "#probability": "85",
                "#expected": "10.12.2026",
                "#step": "Send the invoice",
                "#step-due": "2026-11-30",
            },
        )
        await pilot.press("enter")
        await wait_for(pilot, app, HotScreen)
        new = selected_id(app)
    repo = reopened(hot_path)
    deal = repo.deal(new)
    assert deal.client_id == client_id(repo, "Hooli")
    assert deal.owner == repo.find_employee(STAFF[12]).id  # type: ignore[union-attr]
    assert (deal.amount, deal.probability) == (150_000_050, 85)
    assert deal.expected_payment == date(2026, 12, 10)
    assert deal.next_step == "Send the invoice" and deal.next_step_due == date(2026, 11, 30)
    assert deal.hot_since == TODAY and len(repo.clients()) == before
    repo.close()


async def test_add_deal_creates_the_client_on_the_spot(hot_path: Path) -> None:
    """a: a new name adds a client owned by the deal's owner, with the deal."""
    async with running(hot_path, WIDE) as (app, pilot, repo):
        await open_hot(pilot, app)
        await press_for(pilot, app, "a", DealForm)
        await pilot.press(*"ООО Новый клиент", "enter")
        form = app.screen
        form.query_one("#owner").value = repo.find_employee("Mia Taylor").id  # type: ignore[union-attr]
        await pilot.pause()
        await fill(pilot, app, {"#amount": "250000", "#probability": "90"})
        await pilot.press("ctrl+s")
        await wait_for(pilot, app, HotScreen)
    repo = reopened(hot_path)
    client = next(c for c in repo.clients() if c.name == "ООО Новый клиент")
    mia = repo.find_employee("Mia Taylor")
    assert mia is not None and client.owner == mia.id and client.created == TODAY
    deal = repo.deals_of_client(client.id)[0]
    assert (deal.owner, deal.amount, deal.probability) == (mia.id, 25_000_000, 90)
    repo.close()


@pytest.mark.parametrize(
    ("amount", "said"),
    [("-5", "below zero"), ("12abc", "is not an amount")],
)
async def test_bad_amount_refused_naming_the_field(hot_path: Path, amount: str, said: str) -> None:
    """A negative or garbled amount keeps the form open with the field named; nothing saved."""
    async with running(hot_path, WIDE) as (app, pilot, repo):
        await open_hot(pilot, app)
        deals_before = len(repo.open_deals())
        await press_for(pilot, app, "a", DealForm)
        await pilot.press(*"Brand New Co", "enter")
        app.screen.query_one("#owner").value = repo.find_employee("Ava Moore").id  # type: ignore[union-attr]
        await fill(pilot, app, {"#amount": amount})
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DealForm)
        # The field first, then the value as typed and why it is refused.
        error = error_of(app)
        assert error.startswith("Amount, ₽: ") and amount in error and said in error
        assert app.screen.query_one("#amount", Input).value == amount
        assert app.screen.query_one("#client", Input).value == "Brand New Co"
    repo = reopened(hot_path)
    assert len(repo.open_deals()) == deals_before
    assert all(c.name != "Brand New Co" for c in repo.clients())
    repo.close()


async def test_edit_with_enter_keeps_the_cursor_on_the_deal(hot_path: Path) -> None:
    """Enter opens the deal; a new amount and stage are saved and the cursor stays on it."""
    async with running(hot_path, WIDE) as (app, pilot, repo):
        await open_hot(pilot, app)
        target = deal_of(repo, "Initech").id
        await select_deal(pilot, app, target)
        await press_for(pilot, app, "enter", DealForm)
        app.screen.query_one("#stage").value = "meeting"
        await fill(pilot, app, {"#amount": "30 000", "#probability": "75"})
        await pilot.press("enter")
        await wait_for(pilot, app, HotScreen)
        assert selected_id(app) == target
        await press_for(pilot, app, "e", DealForm)
        await pilot.press("escape")
        await wait_for(pilot, app, HotScreen)
    repo = reopened(hot_path)
    deal = repo.deal(target)
    assert (deal.stage, deal.amount, deal.probability) == ("meeting", 3_000_000, 75)
    repo.close()


async def test_contact_sets_last_contact_and_next_step(hot_path: Path) -> None:
    """c: last contact becomes today; the next step and its due are saved in one dialog."""
    async with running(hot_path, NARROW) as (app, pilot, repo):
        await open_hot(pilot, app)
        target = deal_of(repo, "ООО «Ромашка»").id
        await select_deal(pilot, app, target)
        await press_for(pilot, app, "c", ContactDialog)
        await fill(pilot, app, {"#step": "Подписать договор", "#step-due": "1.12"})
        await pilot.press("enter")
        await wait_for(pilot, app, HotScreen)
        assert selected_id(app) == target
        assert (
            str(app.screen.query_one("#hot-table", DataTable).get_cell(str(target), "flags")) == ""
        )
    repo = reopened(hot_path)
    deal = repo.deal(target)
    assert deal.last_contact == TODAY
    assert (deal.next_step, deal.next_step_due) == ("Подписать договор", date(2026, 12, 1))
    repo.close()


async def test_contact_due_in_the_past_refused(hot_path: Path) -> None:
    """A next step due before today is refused naming the field; nothing changes."""
    async with running(hot_path, WIDE) as (app, pilot, repo):
        await open_hot(pilot, app)
        target = deal_of(repo, "Initech")
        await select_deal(pilot, app, target.id)
        await press_for(pilot, app, "c", ContactDialog)
        await fill(pilot, app, {"#step": "Call", "#step-due": "2026-11-20"})
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ContactDialog)
        assert error_of(app).startswith("Next step due:")
    repo = reopened(hot_path)
    assert repo.deal(target.id) == target
    repo.close()


async def test_invoice_prefilled_and_saved(hot_path: Path) -> None:
    """i: the amount is what is not invoiced yet, due 5 working days on; saved on the deal."""
    async with running(hot_path, WIDE) as (app, pilot, repo):
        await open_hot(pilot, app)
        deal = deal_of(repo, "Stark Industries")
        await select_deal(pilot, app, deal.id)
        await press_for(pilot, app, "i", InvoiceDialog)
        assert app.screen.query_one("#amount", Input).value == "320000"
        # Thursday + 5 working days = the next Thursday.
        assert app.screen.query_one("#due", Input).value == "2026-12-03"
        await fill(pilot, app, {"#number": "2026-117"})
        await pilot.press("enter")
        await wait_for(pilot, app, HotScreen)
        assert selected_id(app) == deal.id
    repo = reopened(hot_path)
    issued = [i for i in repo.invoices_of_deal(deal) if i.number == "2026-117"]
    assert len(issued) == 1
    invoice = issued[0]
    assert (invoice.amount, invoice.issued, invoice.due) == (32_000_000, TODAY, date(2026, 12, 3))
    assert invoice.employee_id == deal.owner and invoice.client_id == deal.client_id
    repo.close()


async def test_invoice_due_before_issue_refused(hot_path: Path) -> None:
    """A due date before the issue date is refused naming the field; no invoice written."""
    async with running(hot_path, WIDE) as (app, pilot, repo):
        await open_hot(pilot, app)
        deal = deal_of(repo, "Initech")
        await select_deal(pilot, app, deal.id)
        await press_for(pilot, app, "i", InvoiceDialog)
        await fill(pilot, app, {"#number": "X-1", "#amount": "100", "#due": "2026-11-20"})
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, InvoiceDialog)
        assert error_of(app) == "Due: the due date is before the issue date"
    repo = reopened(hot_path)
    assert repo.invoices_of_deal(deal) == []
    assert repo.deal(deal.id).stage == "application"
    repo.close()


async def test_partial_payment_then_overpayment_refused(hot_path: Path) -> None:
    """p: a partial payment is recorded; paying more than is left names the field and the rest."""
    async with running(hot_path, WIDE) as (app, pilot, repo):
        await open_hot(pilot, app)
        deal = deal_of(repo, "Northwind Traders")
        invoice = repo.invoices_of_deal(deal)[0]
        await select_deal(pilot, app, deal.id)
        await press_for(pilot, app, "p", PaymentDialog)
        assert app.screen.query_one("#amount", Input).value == "38750"
        await fill(pilot, app, {"#amount": "10000"})
        await pilot.press("enter")
        await wait_for(pilot, app, HotScreen)
        await press_for(pilot, app, "p", PaymentDialog)
        assert app.screen.query_one("#amount", Input).value == "28750"
        await fill(pilot, app, {"#amount": "30000"})
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PaymentDialog)
        assert error_of(app) == "Amount: 30,000.00 is more than what is left to pay (28,750.00)"
    repo = reopened(hot_path)
    paid = repo.invoice(invoice.id)
    assert paid.paid == 1_000_000 and paid.first_paid == TODAY
    assert [p.amount for p in repo.payments_of(paid)] == [1_000_000]
    assert repo.deal(deal.id).closed is None
    repo.close()


async def test_paying_the_last_invoice_offers_won(hot_path: Path) -> None:
    """Paying the deal's last open invoice in full offers won at once; Enter says yes."""
    async with running(hot_path, WIDE) as (app, pilot, repo):
        await open_hot(pilot, app)
        deal = deal_of(repo, "ООО «Вектор-М»")
        await select_deal(pilot, app, deal.id)
        row = hot_ids(app).index(deal.id)
        await press_for(pilot, app, "p", PaymentDialog)
        await pilot.press("enter")
        await wait_for(pilot, app, ConfirmDialog)
        await pilot.press("enter")
        await wait_for(pilot, app, HotScreen)
        assert deal.id not in hot_ids(app)
        # The cursor stays where the deal was: on the next one.
        assert app.screen.query_one("#hot-table", DataTable).cursor_row == row
    repo = reopened(hot_path)
    won = repo.deal(deal.id)
    assert (won.stage, won.closed) == (WON, TODAY)
    invoice = repo.invoices_of_deal(won)[0]
    assert invoice.open_amount == 0 and invoice.settled == TODAY
    repo.close()


async def test_won_offer_declined_keeps_the_deal_open(hot_path: Path) -> None:
    """Esc on the offer keeps the deal open with its invoice paid."""
    async with running(hot_path, WIDE) as (app, pilot, repo):
        await open_hot(pilot, app)
        deal = deal_of(repo, "ООО «Вектор-М»")
        await select_deal(pilot, app, deal.id)
        await press_for(pilot, app, "p", PaymentDialog)
        await pilot.press("enter")
        await wait_for(pilot, app, ConfirmDialog)
        await pilot.press("escape")
        await wait_for(pilot, app, HotScreen)
        assert selected_id(app) == deal.id
    repo = reopened(hot_path)
    assert repo.deal(deal.id).closed is None
    assert repo.invoices_of_deal(deal)[0].open_amount == 0
    repo.close()


async def test_payment_without_an_open_invoice_says_so(hot_path: Path) -> None:
    """p on a deal with no invoice opens nothing and says to issue one."""
    async with running(hot_path, WIDE, notifications=True) as (app, pilot, repo):
        await open_hot(pilot, app)
        await select_deal(pilot, app, deal_of(repo, "Initech").id)
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, HotScreen)
        assert any("issue an invoice first" in n.message for n in app._notifications)


async def test_won_marks_the_deal_and_leaves_the_list(hot_path: Path) -> None:
    """w asks; Enter closes the deal as won today."""
    async with running(hot_path, WIDE) as (app, pilot, repo):
        await open_hot(pilot, app)
        deal = deal_of(repo, "Acme Ltd")
        await select_deal(pilot, app, deal.id)
        await press_for(pilot, app, "w", ConfirmDialog)
        await pilot.press("enter")
        await wait_for(pilot, app, HotScreen)
        assert deal.id not in hot_ids(app)
    repo = reopened(hot_path)
    assert (repo.deal(deal.id).stage, repo.deal(deal.id).closed) == (WON, TODAY)
    repo.close()


async def test_lost_needs_a_reason(hot_path: Path) -> None:
    """l: without a reason the dialog stays open naming the field; with one, the deal is lost."""
    async with running(hot_path, WIDE) as (app, pilot, repo):
        await open_hot(pilot, app)
        deal = deal_of(repo, "Initech")
        await select_deal(pilot, app, deal.id)
        await press_for(pilot, app, "l", LostDialog)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LostDialog)
        assert error_of(app) == "Reason lost: a reason is required"
        assert repo.deal(deal.id).closed is None
        await pilot.press(*"Chose a competitor", "enter")
        await wait_for(pilot, app, HotScreen)
        assert deal.id not in hot_ids(app)
    repo = reopened(hot_path)
    lost = repo.deal(deal.id)
    assert (lost.stage, lost.closed, lost.lost_reason) == (LOST, TODAY, "Chose a competitor")
    repo.close()


async def test_demote_takes_the_deal_off(hot_path: Path) -> None:
    """d asks; Enter demotes: off the hot list, still open."""
    async with running(hot_path, WIDE) as (app, pilot, repo):
        await open_hot(pilot, app)
        deal = deal_of(repo, "Northwind Traders")
        await select_deal(pilot, app, deal.id)
        await press_for(pilot, app, "d", ConfirmDialog)
        await pilot.press("enter")
        await wait_for(pilot, app, HotScreen)
        assert deal.id not in hot_ids(app)
    repo = reopened(hot_path)
    demoted = repo.deal(deal.id)
    assert demoted.demoted and demoted.closed is None and demoted.hot_since is None
    repo.close()


async def test_snooze_then_wake(hot_path: Path) -> None:
    """z asks a date after today and a reason; z on the snoozed deal offers to wake it."""
    async with running(hot_path, WIDE) as (app, pilot, repo):
        await open_hot(pilot, app)
        deal = deal_of(repo, "ИП Кузнецов А. В.")
        await select_deal(pilot, app, deal.id)
        await press_for(pilot, app, "z", SnoozeDialog)
        await fill(pilot, app, {"#until": "2026-11-26", "#reason": "On holiday"})
        await pilot.press("enter")
        await pilot.pause()
        assert error_of(app).startswith("Snoozed until:")
        await fill(pilot, app, {"#until": "7.12.2026"})
        await pilot.press("enter")
        await wait_for(pilot, app, HotScreen)
        table = app.screen.query_one("#hot-table", DataTable)
        assert str(table.get_cell(str(deal.id), "flags")) == "zz"
        snoozed = repo.deal(deal.id)
        assert (snoozed.snoozed_until, snoozed.snooze_reason) == (date(2026, 12, 7), "On holiday")
        await press_for(pilot, app, "z", ConfirmDialog)
        await pilot.press("enter")
        await wait_for(pilot, app, HotScreen)
        assert str(table.get_cell(str(deal.id), "flags")) == "stale"
    repo = reopened(hot_path)
    woke = repo.deal(deal.id)
    assert woke.snoozed_until is None and woke.snooze_reason == ""
    repo.close()


async def test_filter_by_employee_and_text(hot_path: Path) -> None:
    """/ shows only an employee's deals, or those whose client or next step has the text."""
    async with running(hot_path, WIDE) as (app, pilot, repo):
        await open_hot(pilot, app)
        await press_for(pilot, app, "slash", TextPrompt)
        await pilot.press(*"olivia", "enter")
        await wait_for(pilot, app, HotScreen)
        assert hot_ids(app) == [deal_of(repo, "Acme Ltd").id]
        assert text_of(app, "#hot-summary").startswith("«olivia»: 1 hot deal of 12 · total")
        await press_for(pilot, app, "slash", TextPrompt)
        await pilot.press("ctrl+u", *"payment", "enter")
        await wait_for(pilot, app, HotScreen)
        assert hot_ids(app) == [deal_of(repo, "Northwind Traders").id]
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HotScreen) and len(hot_ids(app)) == len(HOT_SPECS)


async def test_m_marks_the_routine_done(hot_path: Path) -> None:
    """m marks Hot clients done for today, kept in the store."""
    async with running(hot_path, WIDE) as (app, pilot, _repo):
        await open_hot(pilot, app)
        await pilot.press("m")
        await pilot.pause()
    repo = reopened(hot_path)
    assert [r.routine for r in repo.routines_done(TODAY, TODAY)] == ["hot"]
    repo.close()


async def test_two_open_invoices_pick_one_and_no_won_offer_until_the_last(hot_path: Path) -> None:
    """With two open invoices the dialog asks which; paying one in full offers nothing yet."""
    async with running(hot_path, WIDE) as (app, pilot, repo):
        await open_hot(pilot, app)
        deal = deal_of(repo, "Stark Industries")
        first = repo.invoices_of_deal(deal)[0]
        second = repo.issue_invoice(
            Invoice("S-2", deal.id, deal.owner, TODAY, 32_000_000, TODAY + timedelta(days=7))
        )
        await select_deal(pilot, app, deal.id)
        await press_for(pilot, app, "p", PaymentDialog)
        assert app.screen.query_one("#invoice").value == first.id
        app.screen.query_one("#invoice").value = second.id
        await pilot.pause()
        assert app.screen.query_one("#amount", Input).value == "320000"
        await pilot.press("enter")
        await wait_for(pilot, app, HotScreen)
        assert selected_id(app) == deal.id
    repo = reopened(hot_path)
    assert repo.invoice(second.id).open_amount == 0
    assert repo.invoice(first.id).paid == 0
    assert repo.deal(deal.id).closed is None
    repo.close()


async def test_edit_form_on_a_won_deal_keeps_it_won(hot_path: Path) -> None:
    """Other screens open the form on closed deals: the outcome stays, the amount is saved."""
    from salestui.tui.screens import deal_forms

    async with running(hot_path, WIDE) as (app, pilot, repo):
        screen = await open_hot(pilot, app)
        deal = deal_of(repo, "Initech")
        repo.close_deal(deal.id, WON, TODAY)
        got: list[Deal | None] = []
        deal_forms.edit_deal(screen, deal.id, got.append)
        await wait_for(pilot, app, DealForm)
        assert app.screen.query_one("#stage").disabled
        await fill(pilot, app, {"#amount": "25 000"})
        await pilot.press("enter")
        await wait_for(pilot, app, HotScreen)
        assert got and got[0] is not None and got[0].stage == WON
    repo = reopened(hot_path)
    won = repo.deal(deal.id)
    assert (won.stage, won.closed, won.amount) == (WON, TODAY, 2_500_000)
    repo.close()
