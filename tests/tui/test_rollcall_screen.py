"""Pilot tests of the Roll-call screen (routine 8): statuses and updates by keys, the days, the
history, the morning question, and the chat import from the screen: what the store holds.

The fixture: twenty people (five in the field), twelve answers today (one marked "no answer"),
seventeen yesterday, and a fortnight of one field rep's answers for the history.
"""

from __future__ import annotations

import json
import threading
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, OptionList, Static, TextArea

from salestui.analytics.rollcall import Update, chat_days, history, roster, sender_updates
from salestui.io.chat import ChatMessage
from salestui.models import Employee, RollCall
from salestui.rollcall_import import changes, plan_import, read_chat, save_import, telegram_chats
from salestui.store import Repository
from salestui.tui.app import SalesApp
from salestui.tui.screens import rollcall_dialogs
from salestui.tui.screens.prompt import Prompt
from salestui.tui.screens.rollcall import RollCallScreen
from salestui.tui.screens.rollcall_dialogs import (
    ChoiceDialog,
    FilePrompt,
    HistoryDialog,
    ImportPreview,
    UpdateDialog,
    fit_listing,
    fit_senders,
    share_widths,
    wrap_at_separators,
)
from tests.conftest import TODAY
from tests.tui.session import NARROW, WIDE, running, wait_until
from tests.tui.test_hot import STAFF

HIRED = date(2024, 1, 15)
YESTERDAY = TODAY - timedelta(days=1)
# Every fourth person works in the field.
FIELD = frozenset(range(0, len(STAFF), 4))
# Today's answers by staff index: status, time, update.
TODAY_ANSWERS = {
    0: ("field", "08:47", "На выезде: «Ромашка», потом склад\nвернусь к 16"),
    1: ("office", "09:02", "В офисе, обзваниваю базу"),
    2: ("office", "09:05", "Office, cold calls till noon"),
    3: ("sick", "09:11", "Sick, at home today"),
    4: ("field", "09:15", "Встреча у клиента в 11"),
    5: ("office", "09:20", "Готовлю договор для тендера"),
    6: ("vacation", "09:21", "On holiday until Monday"),
    7: ("office", "09:30", ""),
    9: ("absent", "09:40", "У врача до обеда"),
    10: ("office", "09:45", "Two proposals, then calls"),
    12: ("field", "10:05", "В дороге к «Техносфере»"),
    13: ("no_answer", "", ""),
}
REAL = Path("/work/shared/realdata/realchat")


def build_rollcall_db(path: Path) -> Repository:
    """Build the fixture database with the repository API and return it open."""
    repo = Repository.open(path, create=True)
    staff = [
        repo.add_employee(Employee(name, "field" if i in FIELD else "office", HIRED))
        for i, name in enumerate(STAFF)
    ]
    # Neither is asked today: one left last month, one starts next month.
    repo.add_employee(Employee("Пётр Ушедший", "office", HIRED, date(2026, 10, 30)))
    repo.add_employee(Employee("Future Hire", "field", date(2026, 12, 1)))
    for index, (status, at, update) in TODAY_ANSWERS.items():
        repo.save_rollcall(RollCall(TODAY, staff[index].id, status, update, at))
    for index in range(17):
        status = "field" if index in FIELD else "office"
        repo.save_rollcall(RollCall(YESTERDAY, staff[index].id, status, "Как обычно", "09:00"))
    for back in range(2, 16):
        day = TODAY - timedelta(days=back)
        if day.weekday() < 5 and back != 6:  # one working day unanswered
            repo.save_rollcall(RollCall(day, staff[0].id, "field", f"Выезд {back}", "09:10"))
    return repo


@pytest.fixture
def rollcall_path(tmp_path: Path) -> Path:
    """The fixture database, closed."""
    path = tmp_path / "rollcall"
    build_rollcall_db(path).close()
    return path


def employee_id(repo: Repository, name: str) -> int:
    """Return the id of the employee with this name."""
    found = repo.find_employee(name)
    assert found is not None, name
    return found.id


def answer(repo: Repository, name: str, day: date = TODAY) -> RollCall | None:
    """Return an employee's stored answer of a day."""
    wanted = employee_id(repo, name)
    return next((r for r in repo.rollcall(day) if r.employee_id == wanted), None)


def text_of(app: SalesApp, selector: str) -> str:
    """Return the text of a Static on the current screen."""
    return str(app.screen.query_one(selector, Static).render())


def row_texts(app: SalesApp) -> list[list[str]]:
    """Return the cells of the current screen's table as text."""
    table = app.screen.query_one(DataTable)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


async def open_rollcall(pilot: Pilot[None], app: SalesApp) -> RollCallScreen:
    """Open the Roll-call screen with its digit and return it."""
    await pilot.press("8")
    await wait_until(pilot, lambda: isinstance(app.screen, RollCallScreen))
    screen = app.screen
    assert isinstance(screen, RollCallScreen)
    return screen


async def go_to(pilot: Pilot[None], screen: RollCallScreen, name: str) -> None:
    """Put the cursor on an employee's row."""
    row = next(i for i, e in enumerate(screen._staff) if e.name == name)
    screen.query_one(DataTable).move_cursor(row=row)
    await pilot.pause()


async def type_path(pilot: Pilot[None], app: SalesApp, path: Path | str) -> None:
    """Press i, type a file's path into the prompt and Enter."""
    await pilot.press("i")
    await wait_until(pilot, lambda: isinstance(app.screen, FilePrompt))
    app.screen.query_one(Input).value = str(path)
    await pilot.press("enter")
    await pilot.pause()


def telegram(path: Path, messages: list[tuple[str, str, str]]) -> Path:
    """Write a Telegram Desktop chat export (date, sender, text); return its path."""
    data = {
        "name": "Отдел продаж",
        "type": "private_supergroup",
        "id": 7,
        "messages": [
            {"id": n, "type": "message", "date": when, "from": who, "text": text}
            for n, (when, who, text) in enumerate(messages, 1)
        ],
    }
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


# Today's chat: two of the silent answer, one answer gets a line more (her name the other
# way round), one holds these words already, one sender nobody is known as; yesterday's
# line stays out.
CHAT = [
    ("2026-11-25T18:00:00", "Борис Петров", "вчерашнее"),
    ("2026-11-26T09:01:00", "Борис Петров", "В офисе, обзваниваю базу"),
    ("2026-11-26T08:58:00", "Мария Кузнецова", "Сегодня на выезде, два магазина"),
    ("2026-11-26T09:03:00", "Волкова Екатерина", "Встреча у клиента в 11"),
    ("2026-11-26T09:04:00", "Волкова Екатерина", "после обеда в офисе"),
    ("2026-11-26T09:12:00", "Kev", "me too, office"),
    ("2026-11-26T09:30:00", "Liam Davis", "Заболел, сегодня дома"),
]


# -- the day by keys -------------------------------------------------------------------------


async def test_screen_shows_the_day_field_staff_first_and_who_is_silent(
    rollcall_path: Path,
) -> None:
    """Twenty rows (not the one who left nor the one not started), the field first; the
    summary counts the answers (no answer is none) and names the silent."""
    async with running(rollcall_path, WIDE) as (app, pilot, _repo):
        screen = await open_rollcall(pilot, app)
        assert screen.sub_title == "Roll-call · Thu 2026-11-26"
        rows = row_texts(app)
        assert len(rows) == 20
        assert [r[1] for r in rows[:5]] == ["field"] * 5
        assert {r[1] for r in rows[5:]} == {"office"}
        by_name = {r[0]: r for r in rows}
        assert by_name["Анна Смирнова"][2:4] == ["✓ field", "08:47"]
        assert by_name["Анна Смирнова"][4] == "На выезде: «Ромашка», потом склад …"
        assert by_name["Noah Wilson"][2:4] == ["✗ —", "—"]  # nothing recorded
        assert by_name["Алексей Козлов"][2] == "✗ no answer"
        summary = text_of(app, "#rc-summary")
        assert summary.startswith("Thu 2026-11-26 · today · 11 of 20 answered · ✗ no answer: ")
        assert "Алексей К." in summary and "Noah Wilson" in summary
        assert "Пётр" not in summary and "Future" not in summary
        detail = text_of(app, "#rc-detail")
        assert detail.splitlines() == [
            "Анна Смирнова · field · ✓ field · 08:47",
            "На выезде: «Ромашка», потом склад",
            "вернусь к 16",
        ]


async def test_status_keys_save_at_once_and_move_on(rollcall_path: Path) -> None:
    """o, x, s, a, v, f each save the status of the row under the cursor and move down; the
    update is kept; a first answer today gets the time now, "no answer" none."""
    async with running(rollcall_path, NARROW) as (app, pilot, repo):
        screen = await open_rollcall(pilot, app)
        before = app.now().strftime("%H:%M")
        await go_to(pilot, screen, "Noah Wilson")
        table = screen.query_one(DataTable)
        row = table.cursor_row
        await pilot.press("o")
        noah = answer(repo, "Noah Wilson")
        assert noah is not None
        assert (noah.status, noah.update) == ("office", "")
        assert before <= noah.at <= app.now().strftime("%H:%M")  # the time it was set
        assert table.cursor_row == row + 1  # the next row, the order unchanged
        assert screen._staff[row].name == "Noah Wilson"
        await go_to(pilot, screen, "Алексей Козлов")
        await pilot.press("x")
        silent = answer(repo, "Алексей Козлов")
        assert silent is not None and (silent.status, silent.at) == ("no_answer", "")
        # An answer with a text and a time keeps both when its status changes.
        await go_to(pilot, screen, "Борис Петров")
        await pilot.press("s")
        sick = answer(repo, "Борис Петров")
        assert sick is not None
        assert (sick.status, sick.update, sick.at) == ("sick", "В офисе, обзваниваю базу", "09:02")
        # The Russian layout's key does the same: ф is a (absent).
        await go_to(pilot, screen, "Olivia Johnson")
        await pilot.press("ф")
        absent = answer(repo, "Olivia Johnson")
        assert absent is not None and absent.status == "absent"
        assert len(repo.rollcall(TODAY)) == 13  # one new, the others replaced
        assert "12 of 20 answered" in text_of(app, "#rc-summary")


async def test_enter_types_an_update_and_the_status_follows_its_words(
    rollcall_path: Path,
) -> None:
    """Enter opens the update: several lines are stored with new lines; a first answer takes
    its status from the words; an answer keeps its status; Esc writes nothing."""
    async with running(rollcall_path, NARROW) as (app, pilot, repo):
        screen = await open_rollcall(pilot, app)
        before = app.now().strftime("%H:%M")
        await go_to(pilot, screen, "Liam Davis")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, UpdateDialog))
        await pilot.press(*"sick", "enter", *"home", "ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, RollCallScreen))
        liam = answer(repo, "Liam Davis")
        assert liam is not None
        assert (liam.status, liam.update) == ("sick", "sick\nhome")
        assert before <= liam.at <= app.now().strftime("%H:%M")
        assert text_of(app, "#rc-detail").splitlines()[1:] == ["sick", "home"]
        # u on an answer: the text grows, the status stays.
        await go_to(pilot, screen, "Olivia Johnson")
        await pilot.press("u")
        await wait_until(pilot, lambda: isinstance(app.screen, UpdateDialog))
        area = app.screen.query_one(TextArea)
        assert area.text == "Office, cold calls till noon"
        await pilot.press("enter", *"visit", "ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, RollCallScreen))
        olivia = answer(repo, "Olivia Johnson")
        assert olivia is not None
        assert olivia.status == "office"
        assert olivia.update == "Office, cold calls till noon\nvisit"
        # Esc: nothing written.
        await go_to(pilot, screen, "Ava Moore")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, UpdateDialog))
        await pilot.press("x", "escape")
        await wait_until(pilot, lambda: isinstance(app.screen, RollCallScreen))
        assert answer(repo, "Ava Moore") is None


async def test_days_history_question_and_done(rollcall_path: Path) -> None:
    """[ goes back a day (a status there has no time), ] never passes today, t is today;
    h lists the last 30 days and Enter opens one; y copies the morning question; m marks
    the routine done."""
    async with running(rollcall_path, NARROW, notifications=True) as (app, pilot, repo):
        screen = await open_rollcall(pilot, app)
        await pilot.press("[")
        assert screen.day == YESTERDAY
        assert screen.sub_title == "Roll-call · Wed 2026-11-25"
        assert "17 of 20 answered" in text_of(app, "#rc-summary")
        await go_to(pilot, screen, "Lucas Anderson")
        await pilot.press("v")
        late = answer(repo, "Lucas Anderson", YESTERDAY)
        assert late is not None and (late.status, late.at) == ("vacation", "")
        await pilot.press("]", "]")
        assert screen.day == TODAY
        assert any("up to today" in n.message for n in app._notifications)
        await pilot.press("[", "[", "t")
        assert screen.day == TODAY
        # The history of the field rep with a fortnight of answers.
        await go_to(pilot, screen, "Анна Смирнова")
        await pilot.press("h")
        await wait_until(pilot, lambda: isinstance(app.screen, HistoryDialog))
        rows = row_texts(app)
        assert rows[0][:3] == ["Thu Nov 26", "✓ field", "08:47"]
        assert rows[1][:3] == ["Wed Nov 25", "✓ field", "09:00"]
        assert ["Fri Nov 20", "✗ —", "—", ""] in rows  # the working day unanswered
        assert not any(r[0].startswith(("Sat", "Sun")) for r in rows)
        assert len(rows) == 22  # the working days of the 30 (the hire was long ago)
        assert "Days answered: 11 of 22" in text_of(app, ".rc-about")
        await pilot.press("down", "down", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, RollCallScreen))
        assert screen.day == date(2026, 11, 24)
        assert screen.selected() is not None and screen.selected().name == "Анна Смирнова"  # type: ignore[union-attr]
        await pilot.press("y")
        question = (
            "Good morning! What's new? Where are you today: in the office or out in the field?"
        )
        assert app.clipboard == question
        assert any(question in n.message for n in app._notifications)
        await pilot.press("m")
        assert [r.routine for r in repo.routines_done(TODAY, TODAY)] == ["rollcall"]


async def test_lines_follow_the_width_and_a_day_before_the_team(rollcall_path: Path) -> None:
    """The keys and the silent break between items, never inside a name or a key's word;
    a wider terminal names more of the silent; before the first hire nobody is asked, and
    the screen says so (not "add your team")."""
    async with running(rollcall_path, NARROW) as (app, pilot, _repo):
        screen = await open_rollcall(pilot, app)
        assert text_of(app, "#rc-keys").splitlines() == [
            "o office · f field · a absent · s sick · v vacation · x no answer ·",
            "Enter update · [ ] day · t today",
        ]
        narrow = text_of(app, "#rc-summary").splitlines()
        assert len(narrow) == 2 and narrow[0].endswith(",") and narrow[1].endswith("+2 more")
        await pilot.resize_terminal(*WIDE)
        await wait_until(pilot, lambda: "more" not in text_of(app, "#rc-summary"))
        assert text_of(app, "#rc-summary").endswith("Noah Wilson, Алексей К., Иван Морозов")
        assert len(text_of(app, "#rc-keys").splitlines()) == 1
        screen.show_day(HIRED - timedelta(days=1))
        await pilot.pause()
        assert screen.has_class("-empty")
        assert text_of(app, "#rc-empty").startswith("Nobody on the team worked here on this day")


# -- the chat import -------------------------------------------------------------------------


async def test_import_previews_maps_an_unknown_sender_and_saves_once(
    rollcall_path: Path, tmp_path: Path
) -> None:
    """i → the file → the preview of who said what → e names an unknown sender → Enter saves
    the day's answers and remembers the name; the same file again adds nothing."""
    chat = telegram(tmp_path / "result.json", CHAT)
    async with running(rollcall_path, WIDE, notifications=True) as (app, pilot, repo):
        await open_rollcall(pilot, app)
        before = {r.employee_id: r for r in repo.rollcall(TODAY)}
        await type_path(pilot, app, chat)
        await wait_until(pilot, lambda: isinstance(app.screen, ImportPreview))
        rows = row_texts(app)
        assert [r[:3] for r in rows] == [
            ["Мария Кузнецова", "Мария Кузнецова", "+ field"],
            ["Борис Петров", "Борис Петров", "= no change"],
            ["Волкова Екатерина", "Екатерина Волкова", "+ field"],
            ["Liam Davis", "Liam Davis", "+ sick"],
            ["Kev", "—", "? who is it?"],
        ]
        assert rows[2][3:] == ["09:03", "Встреча у клиента в 11 …"]
        about = text_of(app, ".rc-about")
        assert about == "3 answers to save · 1 already there · 1 sender not known, left out: Kev"
        # e on Kev: the team of the day to choose from; he is Ava Moore.
        app.screen.query_one(DataTable).move_cursor(row=4)
        await pilot.press("e")
        await wait_until(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        options = app.screen.query_one(OptionList)
        names = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert len(names) == 20 and "Ava Moore · office" in names
        assert not any("Пётр" in n or "Future" in n for n in names)
        options.highlighted = names.index("Ava Moore · office")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ImportPreview))
        # Known now, he takes his place among the matched by time; the cursor stays on him.
        assert row_texts(app)[3][:3] == ["Kev", "Ava Moore", "+ office"]
        assert app.screen.query_one(DataTable).cursor_row == 3
        assert "Kev" not in text_of(app, ".rc-about")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, RollCallScreen))
        assert any(n.message == "Imported: 4 saved, 1 already there" for n in app._notifications)
        maria = answer(repo, "Мария Кузнецова")
        assert maria is not None
        assert (maria.status, maria.update, maria.at) == (
            "field",
            "Сегодня на выезде, два магазина",
            "08:58",
        )
        # An answer keeps its status and time and gets the line it did not hold.
        katya = answer(repo, "Екатерина Волкова")
        assert katya is not None
        assert (katya.status, katya.update, katya.at) == (
            "field",
            "Встреча у клиента в 11\nпосле обеда в офисе",
            "09:15",
        )
        ava = answer(repo, "Ava Moore")
        assert ava is not None and (ava.status, ava.update) == ("office", "me too, office")
        liam = answer(repo, "Liam Davis")
        assert liam is not None and liam.status == "sick"
        assert answer(repo, "Борис Петров") == before[employee_id(repo, "Борис Петров")]
        assert repo.settings().chat_senders == {"Kev": employee_id(repo, "Ava Moore")}
        assert "14 of 20 answered" in text_of(app, "#rc-summary")
        stored = repo.rollcall(TODAY)
        # The same file again: Kev is known now, and nothing is written twice.
        await type_path(pilot, app, chat)
        await wait_until(pilot, lambda: isinstance(app.screen, ImportPreview))
        assert [r[2] for r in row_texts(app)] == ["= no change"] * 5
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, RollCallScreen))
        assert any(n.message == "Imported: 0 saved, 5 already there" for n in app._notifications)
        assert repo.rollcall(TODAY) == stored


async def test_a_big_group_read_in_the_background_and_its_preview_keeps_its_table(
    rollcall_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A slow file is read in a thread: the screen stays live and says it is reading; i
    again drops it. Forty senders nobody is known as take two lines, not the table's room.
    After Esc in the preview, i offers the same file again."""
    strangers = [("2026-11-26T09:00:00", f"Client {n:02d} (shop)", "hi") for n in range(40)]
    chat = telegram(tmp_path / "result.json", [*CHAT, *strangers])
    real_read = rollcall_dialogs.read_chat
    release = threading.Event()

    def slow_read(path: Path, **options: Any) -> list[ChatMessage]:
        release.wait(5)  # a big file: read until the test lets it end
        return real_read(path, **options)

    monkeypatch.setattr(rollcall_dialogs, "read_chat", slow_read)
    async with running(rollcall_path, WIDE, notifications=True) as (app, pilot, _repo):
        screen = await open_rollcall(pilot, app)
        await type_path(pilot, app, chat)
        await wait_until(pilot, lambda: any("Reading" in n.message for n in app._notifications))
        assert app.screen is screen
        await pilot.press("down")  # the screen answers while the file is read
        await pilot.press("i")  # another file wanted: the one being read is dropped
        await wait_until(pilot, lambda: isinstance(app.screen, FilePrompt))
        await pilot.press("escape")
        release.set()
        await pilot.pause(0.3)
        assert app.screen is screen
        await type_path(pilot, app, chat)
        await wait_until(pilot, lambda: isinstance(app.screen, ImportPreview))
        about = text_of(app, ".rc-about").splitlines()
        assert len(about) == 2 and about[-1].endswith("more")
        assert about[0].startswith("3 answers to save · 1 already there · 41 senders not known")
        table = app.screen.query_one(DataTable)
        assert table.row_count == 45 and table.size.height > 10
        assert row_texts(app)[4][0] == "Client 00 (shop)"
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen)
        await pilot.press("i")
        await wait_until(pilot, lambda: isinstance(app.screen, FilePrompt))
        assert app.screen.query_one(Input).value == str(chat)


async def test_a_bad_or_missing_file_is_refused_and_nothing_written(
    rollcall_path: Path, tmp_path: Path
) -> None:
    """A path that is not there, a folder, and files that are not chat exports keep the
    prompt open with a message naming the file and the line or key; the store is untouched."""
    broken = tmp_path / "broken.json"
    broken.write_text('{"name": "x",\n "messages": [\n {"id": 1, "date": 5\n', encoding="utf-8")
    wrong = telegram(tmp_path / "wrong.json", [("2026-11-26T09:00:00", "Борис Петров", "ok")])
    data = json.loads(wrong.read_text(encoding="utf-8"))
    data["messages"].append({"id": 9, "type": "message", "date": "2026-11-26T09:01:00"})
    data["messages"][-1].update({"from": "Kev", "text": 42})
    wrong.write_text(json.dumps(data), encoding="utf-8")
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 5_000 + "]" * 5_000, encoding="utf-8")
    huge_number = tmp_path / "number.json"
    huge_number.write_text('{"messages": [{"id": ' + "1" * 5000 + "}]}", encoding="utf-8")
    async with running(rollcall_path, NARROW) as (app, pilot, repo):
        await open_rollcall(pilot, app)
        stored, settings = repo.rollcall(TODAY), repo.settings()
        expected = [
            (tmp_path / "nothing.json", "nothing.json: there is no such file"),
            (broken, "broken.json, line 4: not a Telegram export"),
            (wrong, "wrong.json: message 2: «text» is not readable"),
            (tmp_path, "is a folder: type the path of the export file in it"),
            # Paths the system refuses outright, and files JSON cannot hold: never a crash.
            ("~nobody-here-at-all/result.json", "there is no such file"),
            (tmp_path / ("x" * 300), "cannot be read: File name too long"),
            (deep, "deep.json: not a Telegram export (its JSON is nested too deeply)"),
            (huge_number, "number.json: not a Telegram export (Exceeds the limit"),
        ]
        for path, message in expected:
            await type_path(pilot, app, path)
            await wait_until(pilot, lambda: isinstance(app.screen, Prompt))
            error = app.screen.query_one("#prompt-error", Static)
            assert message in str(error.render()), path
            assert error.has_class("error")
            await pilot.press("escape")
            await wait_until(pilot, lambda: isinstance(app.screen, RollCallScreen))
        assert repo.rollcall(TODAY) == stored
        assert repo.settings() == settings


async def test_whatsapp_asks_the_date_order_and_offers_the_files_latest_day(
    rollcall_path: Path, tmp_path: Path
) -> None:
    """A WhatsApp file whose dates read both ways asks day or month first; the day shown has
    no messages, so the preview lists the file's days and l previews the latest; saved, the
    screen shows that day."""
    chat = tmp_path / "WhatsApp Chat.txt"
    chat.write_text(
        "05/11/2026, 08:50 - Мария Кузнецова: на выезде, Химки\n"
        "05/11/2026, 09:10 - Noah Wilson: office\n"
        "04/11/2026, 09:00 - Noah Wilson: вчера\n",
        encoding="utf-8",
    )
    async with running(rollcall_path, NARROW) as (app, pilot, repo):
        screen = await open_rollcall(pilot, app)
        await type_path(pilot, app, chat)
        await wait_until(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        assert "Day or month first?" in str(app.screen.query_one(".rc-title", Static).render())
        await pilot.press("enter")  # day first: 5 November
        await wait_until(pilot, lambda: isinstance(app.screen, ImportPreview))
        about = text_of(app, ".rc-about")
        assert about.splitlines() == [
            "No messages on Thu 2026-11-26 in the file. Its days, the latest first: "
            "Nov 5 (2), Nov 4 (1)",
            "l previews Thu 2026-11-05 instead · Esc cancels",
        ]
        await pilot.press("enter")  # nothing to import on the day: the preview stays
        assert "Nothing to import" in text_of(app, ".rc-hint")
        await pilot.press("l")
        assert [r[:3] for r in row_texts(app)] == [
            ["Мария Кузнецова", "Мария Кузнецова", "+ field"],
            ["Noah Wilson", "Noah Wilson", "+ office"],
        ]
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, RollCallScreen))
        day = date(2026, 11, 5)
        assert screen.day == day
        saved = {r.employee_id: (r.status, r.update, r.at) for r in repo.rollcall(day)}
        assert saved == {
            employee_id(repo, "Мария Кузнецова"): ("field", "на выезде, Химки", "08:50"),
            employee_id(repo, "Noah Wilson"): ("office", "office", "09:10"),
        }


async def test_a_whole_account_export_asks_the_chat_and_esc_writes_nothing(
    rollcall_path: Path, tmp_path: Path
) -> None:
    """Telegram's export of a whole account: the chats by name to pick from; Esc in the
    preview writes nothing, not even the sender named there."""
    team = [
        {"id": 1, "type": "message", "date": "2026-11-26T09:00:00", "from": "Kev", "text": "ok"},
        {"id": 2, "type": "message", "date": "2026-11-26T09:05:00", "from": "Noah Wilson"},
    ]
    team[1]["text"] = "office"
    home = [{"id": 1, "type": "message", "date": "2026-11-26T08:00:00", "from": "Мама"}]
    home[0]["text"] = "Купи хлеба"
    export = {
        "about": "Here is the data you requested.",
        "chats": {
            "about": "This page lists all chats from this export.",
            "list": [
                {"name": "Семья", "type": "private_group", "id": 1, "messages": home},
                {"name": "Отдел продаж", "type": "private_supergroup", "id": 2, "messages": team},
            ],
        },
    }
    path = tmp_path / "result.json"
    path.write_text(json.dumps(export, ensure_ascii=False), encoding="utf-8")
    async with running(rollcall_path, NARROW) as (app, pilot, repo):
        await open_rollcall(pilot, app)
        stored, settings = repo.rollcall(TODAY), repo.settings()
        await type_path(pilot, app, path)
        await wait_until(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        options = app.screen.query_one(OptionList)
        assert [str(options.get_option_at_index(i).prompt) for i in range(2)] == [
            "Семья",
            "Отдел продаж",
        ]
        await pilot.press("down", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ImportPreview))
        assert "result.json · Отдел продаж" in str(app.screen.query_one(".rc-title").render())
        assert [r[0] for r in row_texts(app)] == ["Noah Wilson", "Kev"]
        await pilot.press("e")
        await wait_until(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ImportPreview))
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, RollCallScreen))
        assert repo.rollcall(TODAY) == stored
        assert repo.settings() == settings


def real_sample(*parts: str) -> Path:
    """Return a public third-party sample, read in place; skip the test when it is absent."""
    path = REAL.joinpath(*parts)
    if not path.is_file():
        pytest.skip(f"the public chat samples are not here: {path} (see {REAL}/INDEX.txt)")
    return path


async def test_real_exports_through_the_screen(tmp_path: Path) -> None:
    """Public exports read in place: a whole Telegram account (ChatAnalytics' MultiChat: pick
    "Chat Two", preview its latest day, name the unknown sender, save), and a WhatsApp chat
    whose dates read both ways (pustur's short-chat.txt)."""
    account = real_sample("telegram", "chatanalytics_MultiChat_2C_6M", "MultiChat_2C_6M.json")
    whatsapp = real_sample("whatsapp", "pustur_ddmmyyyy_slash_multiline", "short-chat.txt")
    path = tmp_path / "team"
    repo = Repository.open(path, create=True)
    try:
        repo.add_employee(Employee("Charlie", "office", date(2020, 1, 1)))
        repo.add_employee(Employee("David Miller", "field", date(2020, 1, 1)))
    finally:
        repo.close()
    async with running(path, WIDE, notifications=True) as (app, pilot, repo):
        screen = await open_rollcall(pilot, app)
        await type_path(pilot, app, account)
        await wait_until(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        await pilot.press("down", "enter")  # Chat Two
        await wait_until(pilot, lambda: isinstance(app.screen, ImportPreview))
        # Days of another year than today's say their year.
        assert "Its days, the latest first: 2023-01-02 (2)" in text_of(app, ".rc-about")
        assert text_of(app, ".rc-hint") == "Esc closes, nothing is written"
        await pilot.press("l")
        rows = row_texts(app)
        assert [r[:4] for r in rows] == [
            ["Charlie", "Charlie", "+ office", "10:00"],
            ["David", "—", "? who is it?", "10:02"],
        ]
        app.screen.query_one(DataTable).move_cursor(row=1)
        await pilot.press("e")
        await wait_until(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        await pilot.press("down", "enter")  # David Miller
        await wait_until(pilot, lambda: isinstance(app.screen, ImportPreview))
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, RollCallScreen))
        day = date(2023, 1, 2)
        assert screen.day == day
        saved = sorted((r.status, r.update, r.at) for r in repo.rollcall(day))
        assert saved == [
            ("field", "Group chat is fun!", "10:02"),
            ("office", "Welcome to chat two!", "10:00"),
        ]
        assert set(repo.settings().chat_senders) == {"David"}
        # WhatsApp, 06/03/2017 … 09/04/2017: asked, day first; its latest day is 8 May.
        await type_path(pilot, app, whatsapp)
        await wait_until(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ImportPreview))
        about = text_of(app, ".rc-about")
        assert "the latest first: 2017-05-08 (1), 2017-04-09 (1), 2017-03-06 (1)" in about
        await pilot.press("l")
        assert [r[:3] for r in row_texts(app)] == [["TestBot", "—", "? who is it?"]]
        await pilot.press("e")  # nobody worked here in 2017: nobody to name
        assert "Nobody is employed" in text_of(app, ".rc-hint")
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, RollCallScreen))
        assert repo.rollcall(date(2017, 5, 8)) == []


# -- the pure parts the screen uses ------------------------------------------------------------


def test_pure_helpers_of_the_screen_and_the_preview(tmp_path: Path) -> None:
    """sender_updates joins each sender's lines of a day; chat_days counts days, the latest
    first; roster puts the field first and keeps those with an answer; history lists working
    days and answers, the latest first; telegram_chats names an account export's chats."""
    at = datetime(2026, 11, 26, 9, 0)
    rows = [
        ("Kev", at, " one "),
        ("Ann", at + timedelta(minutes=5), "a"),
        ("Kev", at + timedelta(minutes=9), "two"),
        ("Kev", at - timedelta(days=1), "old"),
    ]
    said = sender_updates(rows, TODAY)
    assert said == {"Kev": Update("one\ntwo", at), "Ann": Update("a", at + timedelta(minutes=5))}
    assert chat_days(r[1] for r in rows) == [(TODAY, 3), (YESTERDAY, 1)]
    staff = [
        Employee("Zoe", "office", HIRED, id=1),
        Employee("bob", "field", HIRED, id=2),
        Employee("Al", "office", HIRED, date(2026, 11, 1), id=3),
        Employee("Cy", "office", date(2026, 12, 1), id=4),
    ]
    assert [e.id for e in roster(staff, TODAY, {})] == [2, 1]
    answered = {3: RollCall(TODAY, 3, "office")}
    assert [e.id for e in roster(staff, TODAY, answered)] == [2, 3, 1]  # left, but answered
    entries = [
        RollCall(TODAY, 2, "field", "x", "09:00"),
        RollCall(date(2026, 11, 22), 2, "office", "a Sunday", "11:00"),  # a day off, answered
        RollCall(date(2026, 11, 23), 1, "sick"),  # someone else's
    ]
    days = history(entries, staff[1], TODAY, 7, (0, 1, 2, 3, 4))
    assert [(d.isoformat(), e.status if e else None) for d, e in days] == [
        ("2026-11-26", "field"),
        ("2026-11-25", None),
        ("2026-11-24", None),
        ("2026-11-23", None),
        ("2026-11-22", "office"),
        ("2026-11-20", None),
    ]
    export = tmp_path / "result.json"
    export.write_text(json.dumps({"chats": {"list": [{"name": "A"}, {"name": "B"}]}}))
    assert telegram_chats(export) == ["A", "B"]
    single = telegram(tmp_path / "single.json", CHAT)
    assert telegram_chats(single) == []
    (tmp_path / "bad.json").write_text("{")
    assert telegram_chats(tmp_path / "bad.json") == []
    assert telegram_chats(tmp_path / "chat.txt") == []


def test_lines_break_between_items_and_chat_names_fit() -> None:
    """A summary breaks after ", " or " · " only; a list shows what fits on two lines and
    counts the rest; a person's name in a chat gets initials, anything else is cut."""
    assert wrap_at_separators("a b · c d, e f", 8) == "a b ·\nc d, e f"
    assert wrap_at_separators("short", 80) == "short"
    names = [f"Name {n}" for n in range(30)]
    text = fit_listing(lambda listing: f"Silent: {listing}", names, 40)
    assert len(text.splitlines()) == 2 and text.endswith(", +22 more")
    assert fit_listing(lambda listing: f"x {listing}", ["A very long name indeed"], 5) == (
        "x A very long name indeed"
    )
    assert fit_senders(
        ["Волкова Екатерина", "Иван Петрович (директор)", "+7 916 123-45-67"], 12
    ) == [
        "Волкова Е.",
        "Иван Петров…",
        "+7 916 123-…",
    ]


def test_share_widths_gives_the_text_its_least_and_shortens_names_alike() -> None:
    """The flexible column takes the rest; the widest name column gives way first."""
    wanted = {"a": 20, "b": 16, "t": 0}
    assert share_widths(wanted, "t", 80, (("a", 10), ("b", 10))) == {"a": 20, "b": 16, "t": 38}
    narrow = share_widths(wanted, "t", 50, (("a", 10), ("b", 10)), 20)
    assert narrow == {"a": 12, "b": 12, "t": 20}
    floor = share_widths(wanted, "t", 30, (("a", 10), ("b", 10)), 20)
    assert floor == {"a": 10, "b": 10, "t": 20}  # the floors hold; the table scrolls


def test_changes_are_what_save_import_writes(rollcall_path: Path, tmp_path: Path) -> None:
    """The preview's changes() and save_import() agree: a new answer, a line added, none."""
    repo = Repository.open(rollcall_path)
    try:
        messages = read_chat(telegram(tmp_path / "result.json", CHAT))
        plan = plan_import(repo, messages, TODAY)
        planned = changes(repo, plan)
        assert planned[employee_id(repo, "Борис Петров")] is None
        saved = save_import(repo, plan)
        assert (saved.saved, saved.unchanged) == (3, 1)
        stored = {r.employee_id: r for r in repo.rollcall(TODAY)}
        for employee, entry in planned.items():
            if entry is not None:
                assert replace(stored[employee], id=0) == entry
    finally:
        repo.close()
