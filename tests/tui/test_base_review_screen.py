"""Pilot tests of the Weekly base review screen and its audit mode: keys in, the store after."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static

from salestui.models import BaseReview, Client, Deal, Employee, RollCall
from salestui.queries import base_changes
from salestui.store import Repository
from salestui.tui.app import SalesApp
from salestui.tui.screens import base_review
from salestui.tui.screens.base_audit import AuditScreen, HistoryDialog, RatingStrip
from salestui.tui.screens.base_review import BaseReviewScreen
from salestui.tui.screens.deal_forms import ConfirmDialog
from salestui.tui.screens.prompt import DatePrompt, TextPrompt
from salestui.tui.widgets.line_table import LineTable
from tests.conftest import TODAY
from tests.tui.session import NARROW, WIDE, running, wait_until
from tests.tui.test_hot import HIRED, STAFF

LONG = "Закупают дважды в год, решает директор, бюджет согласуют весной"
# Employees (by their index in STAFF) never reviewed: Анна first of them by name.
NEVER = (0, 9, 16)
ANNA, BORIS, OLIVIA, OLIVER, KATYA = 0, 1, 2, 3, 4


def ago(days: int) -> date:
    """Return the day this many days before TODAY."""
    return TODAY - timedelta(days=days)


def ratings(*values: int) -> dict[str, int]:
    """Return the five ratings in BASE_POINTS order."""
    points = ("contacts", "fields", "comments", "tasks", "algorithm")
    return dict(zip(points, values, strict=True))


def build_base_db(path: Path) -> Repository:
    """20 employees with clients and deals in every audit state, and reviews from never to
    today (with rising, falling and steady ratings); returned open."""
    repo = Repository.open(path, create=True)
    staff = [repo.add_employee(Employee(name, hired=HIRED)) for name in STAFF]

    def client(owner: int, name: str, **fields: str) -> Client:
        full = {"contact": "Иван Петрович", "phone": "", "email": "", "comment": LONG}
        full.update(fields)
        record = Client(
            name,
            staff[owner].id,
            date(2026, 3, 1),
            contact=full["contact"],
            phone=full["phone"],
            email=full["email"],
            comment=full["comment"],
        )
        return repo.save_client(record)

    def deal(owner: int, of: Client, stage: str = "meeting", **fields: object) -> Deal:
        base: dict[str, object] = {
            "next_step": "Позвонить",
            "next_step_due": date(2026, 11, 30),
            "last_contact": date(2026, 11, 24),
            "amount": 12_000_000,
            "probability": 40,
        }
        base.update(fields)
        draft = Deal(of.id, staff[owner].id, date(2026, 10, 1), stage, **base)  # type: ignore[arg-type]
        return repo.add_deal(draft, date(2026, 10, 1))

    # Анна: one record in each state.
    romashka = client(ANNA, "ООО «Ромашка»", phone="+7 495 100-00-01", email="info@romashka.ru")
    acme = client(ANNA, "Acme Ltd", contact="John Smith")  # no phone, no e-mail
    kuznets = client(ANNA, "ИП Кузнецов А. В.", contact="", phone="+7 912 555-44-33", comment="ок")
    globex = client(ANNA, "Globex Corporation", phone="+7 495 777-00-00", email="sales@globex.com")
    client(BORIS, "Globex LLC", phone="+7 495 888-00-00", email="SALES@globex.com")
    deal(ANNA, romashka, "application", hot=True, expected_payment=date(2026, 11, 2))
    deal(ANNA, acme, next_step="Отправить КП", next_step_due=date(2026, 11, 12))
    deal(ANNA, kuznets, next_step="", next_step_due=None)
    deal(ANNA, globex, last_contact=date(2026, 11, 12))
    # Everyone else: a complete client, and a problem or two by their number.
    for n in range(1, len(STAFF)):
        mail = f"office{n}@client{n}.ru"
        ok = client(n, f"Клиент {n} «Полный»", phone=f"+7 900 {n:03d}-00-00", email=mail)
        if n % 3 == 0:
            client(n, f"Клиент {n} «Короткий»", phone=f"+7 901 {n:03d}-00-00", comment="звонить")
        if n % 4 == 1:
            client(n, f"Клиент {n} «Без связи»")
        if n % 2 == 0:
            deal(n, ok, next_step_due=date(2026, 11, 20))
        if n % 5 == 1:
            deal(n, ok, "invoice", last_contact=date(2026, 11, 10))
    # Reviews: Борис 9 days ago and rising, Olivia 3 days ago and falling, Oliver today and
    # steady, Екатерина two weeks ago; the rest 1 to 8 days ago; NEVER never.
    reviews = [
        (BORIS, 16, ratings(3, 3, 3, 3, 3), ""),
        (BORIS, 9, ratings(4, 3, 4, 3, 4), "Комментарии стали подробнее; шаги всё ещё опаздывают"),
        (OLIVIA, 21, ratings(5, 5, 4, 5, 4), ""),
        (OLIVIA, 3, ratings(4, 4, 4, 4, 5), "Fill the e-mails"),
        (OLIVER, 7, ratings(4, 4, 4, 4, 4), ""),
        (OLIVER, 0, ratings(4, 4, 4, 4, 4), ""),
        (KATYA, 14, ratings(2, 3, 2, 3, 2), "Половина клиентов без телефона"),
    ]
    for n in range(5, len(STAFF)):
        if n not in NEVER:
            reviews.append((n, n % 8 + 1, ratings(3 + n % 3, 4, 3, 4, 3 + n % 2), ""))
    for n, days, given, notes in reviews:
        figures = {"clients": 3.0, "completeness": 0.8 + n % 3 / 20, "minutes": 20.0 + n}
        review = BaseReview(ago(days), staff[n].id, figures, given, notes)
        repo.add_base_review(review)
    return repo


@pytest.fixture
def base_path(tmp_path: Path) -> Path:
    """The base review fixture database, closed."""
    path = tmp_path / "base"
    build_base_db(path).close()
    return path


# -- helpers ------------------------------------------------------------------------------


def table(app: SalesApp, selector: str) -> LineTable:
    """Return a table of the screen on top."""
    return app.screen.query_one(selector, LineTable)


def column(app: SalesApp, selector: str, key: str) -> list[str]:
    """Return one column of a table, top to bottom."""
    found = table(app, selector)
    return [found.cell(row, key) for row in found.row_keys()]


def names_by_id(repo: Repository) -> dict[int, str]:
    """Return every employee's name by id."""
    return {e.id: e.name for e in repo.employees()}


async def open_screen(pilot: Pilot[None], app: SalesApp) -> BaseReviewScreen:
    """Press 6 and wait for the list and its audit figures."""
    await pilot.press("6")
    await wait_until(pilot, lambda: isinstance(app.screen, BaseReviewScreen) and app.screen.counted)
    assert isinstance(app.screen, BaseReviewScreen) and app.screen.counted
    return app.screen


def ready(app: SalesApp) -> bool:
    """Tell whether the screen on top has loaded and can take keys."""
    return bool(getattr(app.screen, "ready", False))


async def press_for(pilot: Pilot[None], app: SalesApp, key: str, kind: type) -> None:
    """Press a key and wait for a screen of this type on top."""
    await pilot.press(key)
    await wait_until(pilot, lambda: isinstance(app.screen, kind) and ready(app))
    assert isinstance(app.screen, kind), app.screen


async def answer(pilot: Pilot[None], app: SalesApp, value: str, *, closes: bool) -> str:
    """Type an answer into the prompt on top and press Enter; return its error line (without
    the "✗ " a refusal starts with)."""
    prompt = app.screen
    field = prompt.query_one("#prompt-input", Input)
    field.value = value
    await pilot.press("enter")
    await wait_until(pilot, lambda: (app.screen is not prompt) == closes)
    assert (app.screen is not prompt) == closes
    error = "" if closes else str(prompt.query_one("#prompt-error", Static).render())
    return error.removeprefix("✗ ")


def problems(app: SalesApp) -> dict[str, str]:
    """Return audit mode's list: record key -> what is wrong."""
    found = table(app, "#audit-list")
    return {key: found.cell(key, "problem") for key in found.row_keys()}


async def go_to(pilot: Pilot[None], app: SalesApp, key: str) -> None:
    """Move audit mode's cursor onto a record with j and k."""
    found = table(app, "#audit-list")
    target = found.row_keys().index(key)
    while found.cursor_row != target:
        await pilot.press("j" if found.cursor_row < target else "k")


# -- tests ----------------------------------------------------------------------------------


async def test_due_first_then_the_rest_with_figures_and_trend(base_path: Path) -> None:
    """Never reviewed first (by name), then most days since; the figures are the audit's;
    the rating shows the last average and its trend; the summary counts who is due."""
    async with running(base_path, WIDE) as (app, pilot, repo):
        await open_screen(pilot, app)
        names = names_by_id(repo)
        order = [names[int(key)] for key in table(app, "#base-table").row_keys()]
        assert order[:5] == [
            "Анна Смирнова",
            "Сергей Попов",
            "Татьяна Новикова",
            "Екатерина Волкова",
            "Борис Петров",
        ]
        due = dict(zip(order, column(app, "#base-table", "due"), strict=True))
        assert due["Анна Смирнова"] == "! never" and due["Борис Петров"] == "! 9 d"
        assert due["Olivia Johnson"] == "3 d" and due["Oliver Jackson"] == "✓ today"
        rating = dict(zip(order, column(app, "#base-table", "rating"), strict=True))
        assert rating["Борис Петров"] == "3.6 ↑" and rating["Olivia Johnson"] == "4.2 ↓"
        assert rating["Oliver Jackson"] == "4.0 =" and rating["Анна Смирнова"] == "—  "
        first = {key: column(app, "#base-table", key)[0] for key in ("filled", "steps", "hot")}
        # Анна: 4 clients × 4 fields; Acme lacks a phone and an e-mail, Кузнецов a contact
        # person and an e-mail.
        assert first == {"filled": "75%", "steps": "2", "hot": "1"}
        summary = str(app.screen.query_one("#base-summary", Static).render())
        due_count = sum(1 for text in due.values() if text.startswith("!"))
        assert summary.startswith(f"{due_count} of 20 due for review (7+ days or never)")
        assert "reviewed today: 1" in summary


async def test_audit_mode_fixes_rates_and_saves_the_review(base_path: Path) -> None:
    """Enter on Анна: her flagged records; e fixes the hot deal's date (a past one refused,
    naming the field), Acme's phone and e-mail (each refused first, naming it); 5 rates
    rather than opens a screen, 7 stays; Ctrl+S names the unrated point; n notes; Ctrl+S
    stores the review with the ratings, the notes and the figures after the fixes; she is
    no longer due."""
    async with running(base_path, NARROW, notifications=True) as (app, pilot, repo):
        await open_screen(pilot, app)
        anna = next(e for e in repo.employees() if e.name == "Анна Смирнова")
        clients = {c.name: c for c in repo.clients()}
        deals = {d.client_id: d for d in repo.open_deals() if d.owner == anna.id}
        hot = deals[clients["ООО «Ромашка»"].id]
        acme = clients["Acme Ltd"]
        await press_for(pilot, app, "enter", AuditScreen)
        listed = problems(app)
        assert list(listed)[:4] == [
            f"deal:{hot.id}",
            f"deal:{deals[acme.id].id}",
            f"deal:{deals[clients['ИП Кузнецов А. В.'].id].id}",
            f"deal:{deals[clients['Globex Corporation'].id].id}",
        ]
        assert list(listed.values())[:4] == [
            "hot, payment expected Nov 2",
            "next step overdue since Nov 12",
            "no next step",
            "no contact for 14 days",
        ]
        assert listed[f"client:{acme.id}"] == "no phone or e-mail"
        assert listed[f"client:{clients['Globex Corporation'].id}"] == (
            "duplicate of «Globex LLC» (owner Борис Петров)"
        )
        title = str(app.screen.query_one("#audit-title", Static).render())
        assert title.startswith("Анна Смирнова · 00:0") and "target 20–30 min · ▹ under 20" in title

        # The hot deal's expected payment date: a past one is refused naming the field.
        await press_for(pilot, app, "e", DatePrompt)
        error = await answer(pilot, app, "2026-11-20", closes=False)
        assert error == "Expected payment: 2026-11-20 has passed; choose today or later"
        assert repo.deal(hot.id).expected_payment == date(2026, 11, 2)
        await answer(pilot, app, "10.12", closes=True)
        assert repo.deal(hot.id).expected_payment == date(2026, 12, 10)
        assert problems(app)[f"deal:{hot.id}"] == "✓ fixed"

        # Acme's phone: too few digits refused, then saved; the record is fixed.
        await go_to(pilot, app, f"client:{acme.id}")
        await press_for(pilot, app, "e", TextPrompt)
        error = await answer(pilot, app, "12", closes=False)
        assert error == "Phone: «12» has too few digits for a phone number"
        await answer(pilot, app, "+7 912 000-00-01", closes=True)
        # Reachable now, but the e-mail is a required field too: e asks for it next.
        assert problems(app)[f"client:{acme.id}"] == "missing: e-mail"
        await press_for(pilot, app, "e", TextPrompt)
        error = await answer(pilot, app, "acme.com", closes=False)
        assert error == "Email: «acme.com» is not an e-mail address"
        await answer(pilot, app, "office@acme.com", closes=True)
        assert problems(app)[f"client:{acme.id}"] == "✓ fixed"
        figures = str(app.screen.query_one("#audit-figures", Static).render())
        assert "no contact 0" in figures and "hot late 0" in figures and "✓ fixed 2" in figures

        # Digits rate here: 5 on the list rates the first point; 7 does not leave.
        strip = app.screen.query_one("#rate-strip", RatingStrip)
        await pilot.press("5", "7")
        assert isinstance(app.screen, AuditScreen)
        assert strip.ratings == {"contacts": 5} and strip.current == 1
        await pilot.press("tab", "4", "3")
        assert strip.has_focus and strip.current == 3
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, AuditScreen)
        assert app._notifications and any(
            n.message == "Tasks on time: not rated (1–5)" for n in app._notifications
        )
        await pilot.press("k", "j", "4", "5")
        await press_for(pilot, app, "n", TextPrompt)
        await answer(pilot, app, "Телефоны и e-mail — у каждого клиента", closes=True)
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, BaseReviewScreen))
        screen = app.screen
        assert isinstance(screen, BaseReviewScreen)
        await wait_until(pilot, lambda: screen.counted)
        assert any(n.message == "Saved: Анна Смирнова, 4.2 of 5" for n in app._notifications)
        names = names_by_id(repo)
        rows = table(app, "#base-table").row_keys()
        assert names[int(rows[0])] == "Сергей Попов"  # the next one due, under the cursor
        assert table(app, "#base-table").cursor_row == 0
        assert table(app, "#base-table").cell(str(anna.id), "due") == "✓ today"

    repo = Repository.open(base_path)
    saved = [r for r in repo.base_reviews() if r.employee_id == anna.id]
    assert len(saved) == 1
    review = saved[0]
    assert review.date == TODAY
    assert review.ratings == ratings(5, 4, 3, 4, 5)
    assert review.notes == "Телефоны и e-mail — у каждого клиента"
    snapshot = dict(review.snapshot)
    assert 0 <= snapshot.pop("minutes") < 5
    assert snapshot == {
        "clients": 4,
        "no_contacts": 0,
        "empty_comments": 1,
        "duplicates": 1,
        "overdue_steps": 2,
        "stale_deals": 1,
        "hot_past_expected": 0,
        "completeness": 14 / 16,  # Кузнецов's contact person and e-mail still empty
    }
    fixed = next(c for c in repo.clients() if c.id == acme.id)
    assert (fixed.phone, fixed.email) == ("+7 912 000-00-01", "office@acme.com")
    repo.close()


async def test_fixing_a_step_and_leaving_asks_before_dropping_ratings(base_path: Path) -> None:
    """e on an overdue deal asks the next step, then its date (saved together); Esc with a
    rating given asks first (n stays, y leaves) and stores no review; h shows Борис's
    reviews newest first with the trend; m marks the routine done."""
    async with running(base_path, WIDE) as (app, pilot, repo):
        await open_screen(pilot, app)
        acme = next(c for c in repo.clients() if c.name == "Acme Ltd")
        step = repo.deals_of_client(acme.id)[0]
        await press_for(pilot, app, "enter", AuditScreen)
        await go_to(pilot, app, f"deal:{step.id}")
        await press_for(pilot, app, "e", TextPrompt)
        await answer(pilot, app, "", closes=False)
        await answer(pilot, app, "Встреча с закупками", closes=True)
        await wait_until(pilot, lambda: isinstance(app.screen, DatePrompt))
        await answer(pilot, app, "2026-12-01", closes=True)
        saved = repo.deal(step.id)
        assert (saved.next_step, saved.next_step_due) == ("Встреча с закупками", date(2026, 12, 1))
        assert saved.last_contact == step.last_contact  # a fix of the data, not a contact
        assert problems(app)[f"deal:{step.id}"] == "✓ fixed"

        await pilot.press("3")
        await press_for(pilot, app, "escape", ConfirmDialog)
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, AuditScreen))
        await press_for(pilot, app, "escape", ConfirmDialog)
        await pilot.press("y")
        await wait_until(pilot, lambda: isinstance(app.screen, BaseReviewScreen))
        anna = next(e for e in repo.employees() if e.name == "Анна Смирнова")
        assert all(r.employee_id != anna.id for r in repo.base_reviews())

        boris = next(e for e in repo.employees() if e.name == "Борис Петров")
        rows = table(app, "#base-table")
        rows.move_cursor(row=rows.row_keys().index(str(boris.id)))
        await pilot.pause()
        # The arrow follows the scale, where it reads as the trend ("3.6 ↑ of 5" did not).
        detail = str(app.screen.query_one("#base-detail", Static).render())
        assert "Last review 2026-11-17, 9 days ago: 3.6 of 5 ↑ (4 3 4 3 4)" in detail
        await press_for(pilot, app, "h", HistoryDialog)
        assert column(app, "#history-table", "date") == ["2026-11-17", "2026-11-10"]
        assert column(app, "#history-table", "average") == ["3.6 ↑", "3.0  "]
        trend = str(app.screen.query_one("#history-trend", Static).render())
        assert trend == "Average rating, oldest to newest: 3.0 → 3.6 ↑"
        notes = str(app.screen.query_one("#history-notes", Static).render())
        assert notes.startswith("Notes of 2026-11-17: Комментарии стали подробнее")
        await press_for(pilot, app, "escape", BaseReviewScreen)
        await pilot.press("m")
        await pilot.pause()
        assert [r.routine for r in repo.routines_done(TODAY, TODAY)] == ["base_review"]


async def test_without_a_team_it_says_how_to_add_people(tmp_path: Path) -> None:
    """No one employed: the list says where to add people; Enter says nobody is selected."""
    async with running(tmp_path / "empty", NARROW, create=True, notifications=True) as (
        app,
        pilot,
        _repo,
    ):
        await open_screen(pilot, app)
        empty = str(app.screen.query_one("#base-empty", Static).render())
        assert empty.startswith("No one works here today. Add people first: 9 — Team")
        await pilot.press("enter")
        assert isinstance(app.screen, BaseReviewScreen)
        assert any(n.message == "No employee selected" for n in app._notifications)


async def test_audit_detail_fits_the_terminal_and_shows_the_field_to_fix(base_path: Path) -> None:
    """The detail is laid out for the terminal's width (it was for 36 columns until the
    cursor moved, and for the old width after a resize): a long name whole at 120 columns;
    at 80, at most seven lines within the panel, cut lines marked "…"; a client's field
    to fix comes first."""
    repo = Repository.open(base_path)
    long_name = "ООО «Ромашка», Санкт-Петербург, склад на Обводном канале"
    romashka = next(c for c in repo.clients() if c.name == "ООО «Ромашка»")
    repo.save_client(replace(romashka, name=long_name))
    repo.close()
    async with running(base_path, WIDE) as (app, pilot, repo):
        await open_screen(pilot, app)
        acme = next(c for c in repo.clients() if c.name == "Acme Ltd")
        await press_for(pilot, app, "enter", AuditScreen)

        def detail() -> list[str]:
            return str(app.screen.query_one("#audit-detail", Static).render()).split("\n")

        assert detail()[0] == f"{long_name} · Application"
        await pilot.resize_terminal(*NARROW)
        await wait_until(pilot, lambda: detail()[0] != f"{long_name} · Application")
        lines = detail()
        room = NARROW[0] - 40 - 2
        assert lines[0].endswith("…") and len(lines) <= 7
        assert all(len(line) <= room for line in lines)
        await go_to(pilot, app, f"client:{acme.id}")
        lines = detail()
        assert lines[1:3] == ["✗ no phone or e-mail", "e — fix: Phone"]
        assert lines[3].startswith("Phone: — · Contact person: John Smith")
        assert len(lines) <= 7 and all(len(line) <= room for line in lines)


async def test_the_audit_counted_behind_today_is_shown_at_once(base_path: Path) -> None:
    """Once the read-ahead has counted the figures, 6 shows them with the list and audit
    mode opens at once. They stay while the base does not change (a roll-call answer saved
    is not the base), and are counted again once a client changed."""
    async with running(base_path, WIDE) as (app, pilot, repo):
        await wait_until(pilot, lambda: app.has_prepared("base_review"))
        assert app.has_prepared("base_review")
        await pilot.press("6")
        await wait_until(pilot, lambda: isinstance(app.screen, BaseReviewScreen))
        screen = app.screen
        assert isinstance(screen, BaseReviewScreen)
        assert screen.counted  # on mount, from what was prepared
        assert not app.has_prepared("base_review")  # taken once
        assert column(app, "#base-table", "filled")[0] == "75%"
        stamp, counted = screen._stamp, screen._figures
        await pilot.press("0")
        first = repo.employees()[0]
        repo.save_rollcall(RollCall(TODAY, first.id, "office", "at the desk"))
        await pilot.press("6")
        # The list read again, the base not counted again.
        assert screen._stamp == stamp + 1 and screen._figures is counted
        assert column(app, "#base-table", "filled")[0] == "75%"
        await pilot.press("0")
        someone = next(c for c in repo.clients() if c.email)
        repo.save_client(replace(someone, email=""))
        await pilot.press("6")
        await wait_until(pilot, lambda: screen.counted and screen._figures is not counted)
        figures = screen._figures
        assert figures is not None and figures.changes == base_changes(repo)
        assert column(app, "#base-table", "filled")[0] == "69%"  # an e-mail fewer


async def test_enter_before_the_count_opens_audit_mode_when_it_is_in(base_path: Path) -> None:
    """Enter pressed while the base is still counted says so, then opens audit mode."""
    async with running(base_path, WIDE) as (app, pilot, _repo):
        await pilot.press("6")
        await wait_until(pilot, lambda: isinstance(app.screen, BaseReviewScreen))
        screen = app.screen
        assert isinstance(screen, BaseReviewScreen)
        screen._figures = None  # as on a big base, where the count takes a second
        screen._stamp += 1
        await pilot.press("enter")
        assert app.screen is screen
        said = [n.message for n in app._notifications]
        assert any("audit mode opens in a moment" in text for text in said), said
        screen._count(screen._stamp, list(screen._staff))
        await wait_until(pilot, lambda: isinstance(app.screen, AuditScreen))
        assert isinstance(app.screen, AuditScreen)


async def test_a_phone_fixed_to_anothers_is_found_in_the_base(base_path: Path) -> None:
    """Audit mode indexes Анна's clients and the keys the base shares, not every client: a
    phone typed that one other employee's client alone holds is looked up in the base, and
    that client is named with its owner."""
    async with running(base_path, WIDE) as (app, pilot, repo):
        await open_screen(pilot, app)
        clients = {c.name: c for c in repo.clients()}
        acme, theirs = clients["Acme Ltd"], clients["Клиент 7 «Полный»"]
        owner = next(e.name for e in repo.employees() if e.id == theirs.owner)
        await press_for(pilot, app, "enter", AuditScreen)
        await go_to(pilot, app, f"client:{acme.id}")
        await press_for(pilot, app, "e", TextPrompt)
        await answer(pilot, app, "8 (900) 007-00-00", closes=True)
        assert problems(app)[f"client:{acme.id}"] == (
            f"duplicate of Клиент 7 «Полный» (owner {owner}); missing: e-mail"
        )


async def test_the_selected_employees_base_is_read_while_the_cursor_rests(
    base_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Resting on an employee reads their base for audit mode in a thread: Enter then opens
    it without reading; moved to another, Enter reads that one's (never the first's)."""
    async with running(base_path, WIDE) as (app, pilot, _repo):
        screen = await open_screen(pilot, app)
        first = screen._selected_id()
        await wait_until(pilot, lambda: screen._read is not None)
        read = screen._read
        assert read is not None and read.employee_id == first

        def unread(*_args: object) -> None:
            raise AssertionError("read again")

        monkeypatch.setattr(base_review, "employee_base", unread)
        await press_for(pilot, app, "enter", AuditScreen)
        assert isinstance(app.screen, AuditScreen) and app.screen._twins is read.base.twins
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen)
        monkeypatch.undo()
        await pilot.press("j", "enter")  # at once: nothing read yet for the second
        await wait_until(pilot, lambda: isinstance(app.screen, AuditScreen) and ready(app))
        audited = app.screen
        assert (
            isinstance(audited, AuditScreen)
            and audited._employee.id == screen._queue[1].employee_id
        )
        assert audited._employee.id != first
