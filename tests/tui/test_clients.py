"""Clients & deals: browse, search, add and edit clients, open one client's deals and money."""

from __future__ import annotations

import random
import shutil
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Select, Static

from salestui.i18n import set_language
from salestui.models import LOST, WON, Client, Deal, Employee, Invoice
from salestui.store import Repository
from salestui.tui.app import SalesApp
from salestui.tui.screens.client_form import ClientForm
from salestui.tui.screens.clients import (
    ClientDetailScreen,
    ClientIndex,
    ClientsScreen,
    RowList,
    lay_out,
    phone_digits,
    search_words,
)
from tests.conftest import TODAY, shared
from tests.tui.session import NARROW, WIDE, running, wait_until

TEAM = {
    "en": (
        "Anna Smith",
        "Boris Kuznetsov",
        "Clara Jones",
        "David Brown",
        "Elena Petrova",
        "Frank Miller",
        "Galina Orlova",
        "Henry Wilson",
        "Irina Volkova",
        "James Taylor",
        "Kate Moore",
        "Leo Martin",
        "Maria Lopez",
        "Nick Clark",
        "Olga Sokolova",
        "Paul Walker",
        "Rita Hall",
        "Sam Young",
        "Tina King",
        "Victor Green",
    ),
    "ru": (
        "Анна Смирнова",
        "Борис Кузнецов",
        "Вера Попова",
        "Глеб Васильев",
        "Дарья Петрова",
        "Евгений Соколов",
        "Жанна Михайлова",
        "Захар Новиков",
        "Ирина Фёдорова",
        "Кирилл Морозов",
        "Лариса Волкова",
        "Максим Алексеев",
        "Нина Лебедева",
        "Олег Семёнов",
        "Полина Егорова",
        "Роман Павлов",
        "Светлана Козлова",
        "Тимур Степанов",
        "Ульяна Николаева",
        "Фёдор Орлов",
    ),
}
WORDS = {
    "en": (
        ("Northwind", "Bluestone", "Greenfield", "Ironbridge", "Silverline", "Redwood", "Summit"),
        ("Logistics", "Foods", "Software", "Medical", "Retail", "Energy", "Print", "Motors"),
        ("LLC", "Inc.", "Ltd", "Group"),
    ),
    "ru": (
        ("Север", "Берёзка", "Гранит", "Вектор", "Волга", "Сибирь", "Атлант"),
        ("Логистик", "Продукт", "Софт", "Мед", "Торг", "Энерго", "Принт", "Моторс"),
        ("ООО", "АО", "ИП", "ГК"),
    ),
}
PEOPLE = {
    "en": ("John Carter", "Mary White", "Peter Stone", "Susan Reed", "Tom Hardy", "Lucy Gray"),
    "ru": (
        "Иван Петров",
        "Мария Белова",
        "Пётр Сидоров",
        "Ольга Зайцева",
        "Юрий Титов",
        "Алла Ким",
    ),
}
SOURCES = {
    "en": ("cold call", "website", "referral"),
    "ru": ("холодный звонок", "сайт", "рекомендация"),
}
# The client every test opens: three deals, an overdue part-paid invoice and a paid one.
STAR = {"en": "Aurora Trading LLC", "ru": "ООО «Аврора Трейд»"}
STAR_PHONE = "+7 (495) 123-45-67"
CLIENTS = 300


def company(lang: str, rng: random.Random, n: int) -> str:
    """Return a company name of the language, numbered so every name is different."""
    first, trade, form = (rng.choice(words) for words in WORDS[lang])
    if lang == "ru":
        return f"{form} «{first}{trade.lower()}-{n}»"
    return f"{first} {trade} {n} {form}"


def phone(rng: random.Random) -> str:
    """Return a Russian mobile number written the usual way."""
    digits = [rng.randint(10, 99), rng.randint(100, 999), rng.randint(10, 99), rng.randint(10, 99)]
    return "+7 9{} {}-{}-{}".format(*digits)


def build_base(path: Path, lang: str, clients: int = CLIENTS) -> None:
    """Build a database of a 20-person team and a few hundred clients through the repository."""
    rng = random.Random(5)
    repo = Repository.open(path, create=True)
    try:
        staff = [
            repo.add_employee(Employee(name, hired=date(2024, 1, 9))).id for name in TEAM[lang]
        ]
        settings = repo.settings()
        stages = settings.stage_codes()
        star = repo.save_client(
            Client(
                STAR[lang],
                staff[0],
                date(2025, 3, 3),
                contact=PEOPLE[lang][0],
                phone=STAR_PHONE,
                email="buyer@aurora.example",
                source=SOURCES[lang][2],
                comment="decides with the CFO" if lang == "en" else "решает вместе с финдиректором",
            )
        )
        open_deal = repo.add_deal(
            Deal(star.id, staff[0], date(2026, 10, 1), stages[0], 40_000_000, 60), TODAY
        )
        invoice = repo.issue_invoice(
            Invoice(
                "A-101", open_deal.id, staff[0], date(2026, 11, 2), 25_000_000, date(2026, 11, 16)
            )
        )
        repo.record_payment(invoice.id, date(2026, 11, 10), 10_000_000)
        won = repo.add_deal(
            Deal(star.id, staff[0], date(2026, 2, 2), stages[1], 15_000_000, 50), TODAY
        )
        paid = repo.issue_invoice(
            Invoice("A-077", won.id, staff[0], date(2026, 3, 2), 15_000_000, date(2026, 3, 16))
        )
        repo.record_payment(paid.id, date(2026, 3, 12), 15_000_000)
        repo.close_deal(won.id, WON, date(2026, 3, 20))
        lost = repo.add_deal(
            Deal(star.id, staff[0], date(2025, 4, 1), stages[0], 9_000_000, 20), TODAY
        )
        reason = "chose a competitor" if lang == "en" else "выбрали конкурента"
        repo.close_deal(lost.id, LOST, date(2025, 5, 15), reason)
        for n in range(1, clients):
            created = date(2024, 2, 1) + timedelta(days=rng.randint(0, 1000))
            person = rng.choice(PEOPLE[lang])
            client = repo.save_client(
                Client(
                    company(lang, rng, n),
                    rng.choice(staff),
                    min(created, TODAY),
                    contact=person if rng.random() < 0.8 else "",
                    phone=phone(rng),
                    email=f"office{n}@client{n}.example" if rng.random() < 0.6 else "",
                    source=rng.choice(SOURCES[lang]),
                )
            )
            if n % 3 == 0:
                stage = rng.choice(stages)
                amount = rng.randint(5, 500) * 1_000_00
                deal = repo.add_deal(
                    Deal(
                        client.id, client.owner, client.created, stage, amount, rng.randint(10, 90)
                    ),
                    TODAY,
                )
                if n % 9 == 0:
                    repo.close_deal(deal.id, WON, min(TODAY, client.created + timedelta(days=30)))
    finally:
        repo.close()


def template(factory: pytest.TempPathFactory, lang: str) -> Path:
    """Build a base in a language once for the run (the messages of the build in that
    language too)."""

    def build(root: Path) -> None:
        set_language(lang)
        try:
            build_base(root / lang, lang)
        finally:
            set_language("en")

    return shared(factory, f"clients-{lang}", build) / lang


@pytest.fixture(scope="module")
def template_en(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The English base, built once for the module."""
    return template(tmp_path_factory, "en")


@pytest.fixture(scope="module")
def template_ru(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Russian base, built once for the module."""
    return template(tmp_path_factory, "ru")


@pytest.fixture
def base(template_en: Path, tmp_path: Path) -> Path:
    """A private copy of the English base."""
    path = tmp_path / "base"
    shutil.copytree(template_en, path)
    return path


@pytest.fixture
def base_ru(template_ru: Path, tmp_path: Path) -> Iterator[Path]:
    """A private copy of the Russian base, the interface in Russian."""
    path = tmp_path / "base-ru"
    shutil.copytree(template_ru, path)
    set_language("ru")
    yield path


# -- helpers ---------------------------------------------------------------------------------


async def open_clients(app: SalesApp, pilot: Pilot[None]) -> ClientsScreen:
    """Open Clients & deals (as the palette does) and wait for the list."""
    app.action_go("clients")
    await wait_until(pilot, lambda: isinstance(app.screen, ClientsScreen))
    screen = app.screen
    assert isinstance(screen, ClientsScreen)
    await wait_until(pilot, lambda: screen.found is not None)
    return screen


def lines(widget: RowList) -> list[str]:
    """Return the lines a list draws, right-trimmed."""
    return [widget.render_line(y).text.rstrip() for y in range(widget.size.height)]


def summary(screen: ClientsScreen) -> str:
    """Return the line above the list."""
    return str(screen.query_one("#clients-summary", Static).content)


async def search(pilot: Pilot[None], text: str) -> None:
    """Type a search as a person does: /, the letters, Enter back to the list."""
    await pilot.press("slash", *text, "enter")
    await pilot.pause()


async def fill(pilot: Pilot[None], app: SalesApp, values: dict[str, str]) -> None:
    """Put values into the client form's fields, replacing what is there."""
    form = app.screen
    assert isinstance(form, ClientForm)
    for name, value in values.items():
        form.query_one(f"#client-{name}", Input).value = value
    await pilot.pause()


def stored(path: Path) -> list[Client]:
    """Return the clients as stored, after reopening the database."""
    repo = Repository.open(path)
    try:
        return repo.clients()
    finally:
        repo.close()


def form_error(app: SalesApp) -> str:
    """Return the client form's error line."""
    return str(app.screen.query_one("#form-error", Static).content)


# -- pure parts ------------------------------------------------------------------------------


def test_phone_digits_and_search_words() -> None:
    """A phone typed any way is searched by its digits; other words as typed, any case."""
    assert phone_digits(STAR_PHONE) == "74951234567"
    assert search_words("  Aurora  495-123 ") == ["aurora", "495123"]
    assert search_words("ООО Ав") == ["ооо", "ав"]


def test_layout_fills_the_width_and_drops_the_least_needed() -> None:
    """Columns fill the width exactly; a narrow list drops the low-priority ones first."""
    from salestui.store import default_settings
    from salestui.tui.screens.clients import CLIENT_COLUMNS, columns

    cols = columns(CLIENT_COLUMNS, default_settings())
    for width in (60, 76, 116, 200):
        layout = lay_out(cols, width)
        assert sum(w for _, w in layout) + len(layout) - 1 == width
    narrow = [c.key for c, _ in lay_out(cols, 75)]
    assert narrow == ["name", "contact", "owner", "open_amount"]
    wide = [c.key for c, _ in lay_out(cols, 115)]
    assert wide == ["name", "contact", "phone", "email", "owner", "open_amount", "created"]


def test_index_keeps_name_order_when_a_client_is_renamed() -> None:
    """The index stays sorted by name when a client is added or renamed."""
    repo = Repository.in_memory()
    owner = repo.add_employee(Employee("Anna Smith")).id
    for name in ("Delta", "alpha", "Charlie"):
        repo.save_client(Client(name, owner, TODAY))
    index = ClientIndex.build(repo)
    assert [repo.get(Client, i).name for i in index.ids] == ["alpha", "Charlie", "Delta"]  # type: ignore[union-attr]
    delta = repo.get(Client, index.ids[2])
    assert delta is not None
    from dataclasses import replace

    index.put(repo.save_client(replace(delta, name="Bravo")), repo)
    index.put(repo.save_client(Client("Echo", owner, TODAY)), repo)
    assert [repo.get(Client, i).name for i in index.ids] == ["alpha", "Bravo", "Charlie", "Echo"]  # type: ignore[union-attr]
    assert not index.stale(repo)
    assert index.namesakes("  BRAVO ") == [delta.id]


# -- the list and the search -----------------------------------------------------------------


async def test_opens_with_every_client_by_name(base: Path) -> None:
    """The list shows every client sorted by name, only the visible rows drawn."""
    async with running(base, NARROW) as (app, pilot, repo):
        screen = await open_clients(app, pilot)
        rows = screen.query_one(RowList)
        assert rows.count == CLIENTS
        assert summary(screen).startswith("300 clients")
        names = sorted((c.name for c in repo.clients()), key=str.casefold)
        shown = lines(rows)
        assert shown[0].startswith("▸ " + names[0][:10])
        # The row cache holds what was drawn: a screenful, never the whole base.
        assert len(rows._cache) <= rows.size.height


async def test_search_narrows_as_you_type_by_name_phone_and_owner(base: Path) -> None:
    """Each keystroke narrows the list: a name, phone digits typed any way, an owner's name."""
    async with running(base, WIDE) as (app, pilot, repo):
        screen = await open_clients(app, pilot)
        rows = screen.query_one(RowList)
        await pilot.press("slash", "a", "u")
        after_two = rows.count
        await pilot.press("r", "o", "r")
        assert rows.count == 1 < after_two
        assert "Aurora Trading LLC" in lines(rows)[0]
        assert summary(screen) == "Search “auror”: 1 of 300 clients"
        # Digits of the phone without its brackets and dashes.
        search_line = screen.query_one("#clients-search", Input)
        search_line.value = "4951234567"
        await pilot.pause()
        assert rows.count == 1
        # An owner's name finds all of their clients.
        search_line.value = "tina king"
        await pilot.pause()
        tina = next(e.id for e in repo.employees() if e.name == "Tina King")
        assert rows.count == sum(c.owner == tina for c in repo.clients()) > 1
        search_line.value = "no such client"
        await pilot.pause()
        assert rows.count == 0
        assert "Nothing matches" in summary(screen)
        # Enter goes back to the list; Esc there clears the search; Esc again goes to Today.
        await pilot.press("enter")
        assert isinstance(app.focused, RowList)
        await pilot.press("escape")
        assert rows.count == CLIENTS
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.current_mode == "today")


async def test_add_client_is_stored_and_shown(base: Path) -> None:
    """a opens the form; the new client is stored with every field and the cursor is on it."""
    async with running(base, NARROW) as (app, pilot, repo):
        screen = await open_clients(app, pilot)
        await pilot.press("a")
        await wait_until(pilot, lambda: isinstance(app.screen, ClientForm))
        form = app.screen
        assert form.query_one("#client-created", Input).value == "2026-11-26"  # today
        await fill(
            pilot,
            app,
            {
                "name": "Zephyr Freight Ltd",
                "contact": "Lena Frost",
                "phone": "+7 903 555-12-12",
                "email": "lena@zephyr.example",
                "source": "exhibition",
                "created": "2026-11-20",
                "comment": "wants a pilot in December",
            },
        )
        owner = next(e.id for e in repo.employees() if e.name == "Clara Jones")
        form.query_one("#client-owner", Select).value = owner
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen is screen)
        assert screen._current_id() is not None
        current = repo.get(Client, screen._current_id() or 0)
        assert current is not None and current.name == "Zephyr Freight Ltd"
        assert screen.query_one(RowList).count == CLIENTS + 1
    saved = next(c for c in stored(base) if c.name == "Zephyr Freight Ltd")
    assert (saved.contact, saved.phone, saved.email, saved.source) == (
        "Lena Frost",
        "+7 903 555-12-12",
        "lena@zephyr.example",
        "exhibition",
    )
    assert saved.owner == owner
    assert saved.created == date(2026, 11, 20)
    assert saved.comment == "wants a pilot in December"


async def test_edit_client_keeps_its_deals_and_moves_in_the_list(base: Path) -> None:
    """e edits the client under the cursor; a new name moves it in name order."""
    async with running(base, WIDE) as (app, pilot, repo):
        screen = await open_clients(app, pilot)
        await search(pilot, "aurora")
        star = repo.get(Client, screen._current_id() or 0)
        assert star is not None
        await pilot.press("e")
        await wait_until(pilot, lambda: isinstance(app.screen, ClientForm))
        await fill(pilot, app, {"name": "Zenith Aurora LLC", "phone": "+7 495 000-00-01"})
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen is screen)
        rows = screen.query_one(RowList)
        assert "Zenith Aurora LLC" in lines(rows)[0]
        await pilot.press("escape")  # clear the search: it is last but one by name now
        assert screen._current_id() == star.id
        assert rows.cursor >= CLIENTS - 5
    after = next(c for c in stored(base) if c.id == star.id)
    assert (after.name, after.phone, after.contact) == (
        "Zenith Aurora LLC",
        "+7 495 000-00-01",
        star.contact,
    )
    repo = Repository.open(base)
    try:
        assert len(repo.deals_of_client(star.id)) == 3
    finally:
        repo.close()


# Each bad value, the field named in the one error line, and how the line starts.
BAD_INPUT = [
    ({"name": ""}, "name", "Name: type the client's name"),
    ({"name": "   "}, "name", "Name: type the client's name"),
    ({"name": "X" * 81}, "name", "Name: at most 80 characters"),
    ({"phone": "12-3"}, "phone", "Phone: '12-3' has too few digits"),
    ({"email": "lena@"}, "email", "Email: 'lena@' is not an address"),
    ({"created": "31.02.2026"}, "created", "Created: '31.02.2026' is not a date"),
    ({"created": "2026-12-01"}, "created", "Created: 2026-12-01 is after today"),
    ({"created": ""}, "created", "Created: when did the client appear?"),
    ({"contact": "C" * 81}, "contact", "Contact person: at most 80 characters"),
    ({"source": "S" * 81}, "source", "Source: at most 80 characters"),
]
GOOD = {
    "name": "Ok Name",
    "contact": "",
    "phone": "",
    "email": "",
    "source": "",
    "created": "2026-11-26",
    "comment": "",
}


async def test_bad_input_is_refused_naming_the_field(base: Path) -> None:
    """Each bad field keeps the dialog open with one line naming it, focused; nothing written."""
    before = stored(base)
    async with running(base, NARROW) as (app, pilot, repo):
        await open_clients(app, pilot)
        await pilot.press("a")
        await wait_until(pilot, lambda: isinstance(app.screen, ClientForm))
        app.screen.query_one("#client-owner", Select).value = repo.employees()[0].id
        for values, field, message in BAD_INPUT:
            await fill(pilot, app, {**GOOD, **values})
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert isinstance(app.screen, ClientForm)
            assert form_error(app).startswith(message), (values, form_error(app))
            assert app.focused is app.screen.query_one(f"#client-{field}")
            # What was typed stays for correcting.
            assert app.screen.query_one(f"#client-{field}", Input).value == values[field]
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, ClientsScreen))
        assert len(repo.clients()) == len(before)
    assert stored(base) == before


async def test_owner_is_required_and_a_namesake_is_said_once(base: Path) -> None:
    """No owner chosen is refused; a name already in the base warns, a second Enter adds it."""
    before = len(stored(base))
    async with running(base, NARROW) as (app, pilot, repo):
        await open_clients(app, pilot)
        await pilot.press("a")
        await wait_until(pilot, lambda: isinstance(app.screen, ClientForm))
        await fill(pilot, app, {"name": "aurora   TRADING llc"})
        await pilot.press("enter")
        assert form_error(app).startswith("Owner: choose the employee")
        app.screen.query_one("#client-owner", Select).value = repo.employees()[1].id
        await fill(pilot, app, {})
        app.screen.query_one("#client-name", Input).focus()
        await pilot.press("enter")
        assert isinstance(app.screen, ClientForm)
        assert "Aurora Trading LLC is already in the base (owner: Anna Smith)" in form_error(app)
        assert len(repo.clients()) == before
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ClientsScreen))
    assert len(stored(base)) == before + 1


# -- one client and the deals view -----------------------------------------------------------


async def test_open_client_shows_deals_invoices_and_payments(base: Path) -> None:
    """Enter opens a client: each deal with its stage, amount and status, invoices, payments."""
    async with running(base, WIDE) as (app, pilot, repo):
        screen = await open_clients(app, pilot)
        await search(pilot, "aurora")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ClientDetailScreen))
        detail = app.screen
        card = str(detail.query_one("#client-card", Static).content)
        assert card.startswith(
            "Aurora Trading LLC · owner Anna Smith · in the base since 2025-03-03"
        )
        assert "John Carter · +7 (495) 123-45-67 · buyer@aurora.example" in card
        totals = str(detail.query_one("#client-totals", Static).content)
        assert totals == (
            "3 deals: 1 open, 1 won, 1 lost · invoiced ₽400,000.00, paid ₽250,000.00,"
            " to pay ₽150,000.00 · OVERDUE ₽150,000.00"
        )
        shown = [" ".join(line.split()) for line in lines(detail.query_one(RowList))]
        assert shown[0].startswith("▸ Deal: Invoice 2026-10-01 400,000.00 100,000.00 60% · HOT")
        assert shown[1].startswith("Invoice A-101 2026-11-02 250,000.00 100,000.00 OVERDUE 10 days")
        assert shown[2].startswith("Payment 2026-11-10 100,000.00")
        assert shown[3].startswith("Deal: Won 2026-02-02 150,000.00 150,000.00 closed 2026-03-20")
        assert shown[4].startswith("Invoice A-077 2026-03-02 150,000.00 150,000.00 paid in full")
        assert shown[5].startswith("Payment 2026-03-12 150,000.00")
        assert shown[6].startswith(
            "Deal: Lost 2025-04-01 90,000.00 closed 2025-05-15: chose a competitor"
        )
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen)


async def test_deals_toggle_lists_every_deal_with_the_same_search(base: Path) -> None:
    """d shows every deal, newest first; the search applies; Enter opens the deal's client."""
    async with running(base, WIDE) as (app, pilot, repo):
        screen = await open_clients(app, pilot)
        await pilot.press("d")
        rows = screen.query_one(RowList)
        all_deals = repo.all(Deal)
        assert rows.count == len(all_deals)
        assert summary(screen).startswith(f"{len(all_deals)} deals · newest first")
        head = str(screen.query_one("#clients-head", Static).content)
        for label in ("Client", "Owner", "Stage", "Amount, ₽", "Created", "Closed"):
            assert label in head
        await search(pilot, "aurora")
        assert rows.count == 3
        shown = [" ".join(line.split()) for line in lines(rows)[:3]]
        assert shown[0].startswith("▸ Aurora Trading LLC Anna Smith Invoice 400,000 2026-10-01")
        assert "Won 150,000 2026-02-02 2026-03-20" in shown[1]
        assert "Lost 90,000 2025-04-01 2025-05-15" in shown[2]
        # A stage name searches deals too.
        screen.query_one("#clients-search", Input).value = "aurora won"
        await pilot.pause()
        assert rows.count == 1
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ClientDetailScreen))
        detail = app.screen
        assert isinstance(detail, ClientDetailScreen)
        entry = detail.current()
        assert entry is not None and entry.deal is not None and entry.deal.stage == WON
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen)
        await pilot.press("d")
        # The same search, now over clients: no client is called "won".
        assert rows.count == 0
        assert summary(screen) == "Nothing matches “aurora won” · Esc clears the search"


async def test_deals_view_sees_a_stage_changed_elsewhere_and_a_new_deal(base: Path) -> None:
    """The deals view keeps columns, not documents: an open deal's stage changed on another
    screen is found by its new stage, and a deal added elsewhere is listed first."""
    async with running(base, WIDE) as (app, pilot, repo):
        screen = await open_clients(app, pilot)
        await pilot.press("d")
        rows = screen.query_one(RowList)
        aurora = next(c for c in repo.clients() if c.name.startswith("Aurora"))
        deal = next(d for d in repo.deals_of_client(aurora.id) if d.is_open)
        assert deal.stage == "invoice"
        # Another screen moves it back to a meeting and adds a deal for the same client.
        repo.save_deal(replace(deal, stage="meeting", probability=30), TODAY)
        added = repo.add_deal(Deal(aurora.id, deal.owner, TODAY, "conversation", 1_00), TODAY)
        app.action_go("today")
        await pilot.pause()
        app.action_go("clients")
        await wait_until(pilot, lambda: app.screen is screen)
        await pilot.pause()
        assert rows.count == len(repo.all(Deal))
        box = screen.query_one("#clients-search", Input)
        box.value = "aurora meeting"
        await pilot.pause()
        shown = [" ".join(line.split()) for line in lines(rows)]
        assert rows.count == 1 and "Meeting 400,000" in shown[0]
        box.value = "aurora"
        await pilot.pause()
        assert rows.count == 4
        assert screen.deals is not None and screen.deals.ids[0] == added.id


async def test_russian_list_and_search(base_ru: Path) -> None:
    """In Russian: Cyrillic search any case, Russian counts and labels."""
    async with running(base_ru, NARROW) as (app, pilot, repo):
        screen = await open_clients(app, pilot)
        assert summary(screen).startswith("300 клиентов · по названию")
        await search(pilot, "АВРОРА")
        assert screen.query_one(RowList).count == 1
        assert summary(screen) == "Поиск «АВРОРА»: 1 из 300 клиентов"


async def test_deal_actions_from_a_client_are_stored(base: Path) -> None:
    """From a client: p records a payment, i issues an invoice, a adds a deal, e edits one."""
    from salestui.tui.screens.deal_forms import DealForm, InvoiceDialog, PaymentDialog

    async with running(base, WIDE) as (app, pilot, repo):
        await open_clients(app, pilot)
        await search(pilot, "aurora")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ClientDetailScreen))
        detail = app.screen
        assert isinstance(detail, ClientDetailScreen)
        star = detail.client
        assert star is not None
        # The cursor is on the open deal; its invoice A-101 has 150,000.00 left to pay.
        await pilot.press("p")
        await wait_until(pilot, lambda: isinstance(app.screen, PaymentDialog))
        app.screen.query_one("#amount", Input).value = "50000"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen is detail)
        entry = detail.current()
        assert entry is not None and entry.invoice is not None
        assert entry.invoice.number == "A-101" and entry.invoice.paid == 15_000_000
        await pilot.press("i")
        await wait_until(pilot, lambda: isinstance(app.screen, InvoiceDialog))
        app.screen.query_one("#number", Input).value = "A-102"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen is detail)
        await pilot.press("a")
        await wait_until(pilot, lambda: isinstance(app.screen, DealForm))
        app.screen.query_one("#amount", Input).value = "70000"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen is detail)
        new = detail.current()
        assert new is not None and new.deal is not None and new.deal.amount == 7_000_000
        await pilot.press("e")
        await wait_until(pilot, lambda: isinstance(app.screen, DealForm))
        app.screen.query_one("#amount", Input).value = "75000"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen is detail)
        totals = str(detail.query_one("#client-totals", Static).content)
        assert totals.startswith("4 deals: 2 open, 1 won, 1 lost")
    repo = Repository.open(base)
    try:
        deals = repo.deals_of_client(star.id)
        assert sorted(d.amount for d in deals) == [7_500_000, 9_000_000, 15_000_000, 40_000_000]
        open_deal = next(d for d in deals if d.amount == 40_000_000)
        invoices = {i.number: i for i in repo.invoices_of_deal(open_deal)}
        assert invoices["A-101"].paid == 15_000_000
        assert invoices["A-102"].amount == 15_000_000  # what was left to invoice
        assert [p.amount for p in repo.payments_of(invoices["A-101"])] == [10_000_000, 5_000_000]
    finally:
        repo.close()
