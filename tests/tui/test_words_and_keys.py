"""Words and keys the user reads: help, hints, the palette, plurals, the role choice, the CLI."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from pathlib import Path

import pytest
from rich.align import Align
from rich.text import Text
from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import DataTable, Input, Static
from textual.widgets._footer import FooterKey

from salestui.analytics.calendar import previous_working_day
from salestui.i18n import set_language
from salestui.models import ROUTINES, Employee
from salestui.store import Repository
from salestui.store.repository import default_settings
from salestui.tui.app import SalesApp
from salestui.tui.screens.employee_form import EmployeeForm, RoleChoice
from salestui.tui.screens.finance import FinanceScreen
from salestui.tui.screens.help import HelpScreen
from salestui.tui.screens.hot import HotScreen
from salestui.tui.screens.metrics import MetricsScreen
from salestui.tui.screens.prompt import TextPrompt
from salestui.tui.screens.team import TeamScreen
from salestui.tui.screens.today import TodayScreen
from salestui.tui.widgets.toggles import MarkedRadioButton
from tests.conftest import TODAY
from tests.tui.session import running, wait_until
from tests.unit.test_cli import run

LAST_DAY = date(2026, 11, 25)
MARKUP_NAME = "[bold]Bob[/bold]"
# Key names as Textual spells them; a person should never read these.
RAW_KEYS = {
    "space",
    "enter",
    "escape",
    "tab",
    "delete",
    "backspace",
    "question_mark",
    "left_square_bracket",
    "right_square_bracket",
}


def text_of(app: SalesApp, selector: str) -> str:
    """Return the text of a Static (or Label) on the current screen."""
    return str(app.screen.query_one(selector, Static).content)


def shown(widget: Widget) -> list[str]:
    """Return the lines a widget draws on the terminal, right-trimmed."""
    return [widget.render_line(y).text.rstrip() for y in range(widget.size.height)]


def help_lines(app: SalesApp) -> list[str]:
    """Return the lines of the open help, stripped of the key column's alignment."""
    assert isinstance(app.screen, HelpScreen)
    return [line.strip() for line in text_of(app, "#help-keys").splitlines()]


def palette_entries(app: SalesApp) -> list[tuple[str, str]]:
    """Return the (title, help) of every option the open palette lists."""
    assert isinstance(app.screen, CommandPalette)
    options = app.screen.query_one(CommandList)
    entries = []
    for index in range(options.option_count):
        prompt = options.get_option_at_index(index).prompt
        if isinstance(prompt, Align):
            prompt = prompt.renderable
        plain = prompt.plain if isinstance(prompt, Text) else str(prompt)
        title, _, help_text = plain.partition("\n")
        entries.append((title, help_text))
    return entries


def palette_titles(app: SalesApp) -> list[str]:
    """Return the titles the open palette lists, top to bottom."""
    return [title for title, _ in palette_entries(app)]


def palette_settled(app: SalesApp) -> bool:
    """Tell whether the open palette has finished gathering (so its list is complete)."""
    palette = app.screen
    return isinstance(palette, CommandPalette) and all(
        worker.is_finished for worker in app.workers if worker.node is palette
    )


async def palette_search(pilot: Pilot[None], app: SalesApp, query: str, expect: str) -> list[str]:
    """Open the palette, type a query and return the titles once `expect` is among them."""
    await pilot.press("ctrl+p")
    assert isinstance(app.screen, CommandPalette)
    await pilot.press(*query)
    await wait_until(pilot, lambda: palette_settled(app) and expect in palette_titles(app))
    return palette_titles(app)


def footer_keys(app: SalesApp) -> dict[str, str]:
    """Return the key shown in the footer for each key, as the footer widgets draw it."""
    return {key.key: key.key_display for key in app.screen.query(FooterKey)}


# The routines a day needs done to count in the streak: every one of the checklist.
STREAK_ROUTINES = ROUTINES


def mark_done(path: Path, days: list[date], routines: tuple[str, ...] = STREAK_ROUTINES) -> None:
    """Store routines as done on the given dates, in a database folder."""
    repo = Repository.open(path, create=True)
    try:
        for day in days:
            for routine in routines:
                repo.set_routine_done(day, routine, True, datetime.combine(day, time(9, 30)))
    finally:
        repo.close()


def last_working_days(count: int) -> list[date]:
    """Return the `count` working days before TODAY, the latest first."""
    working_days = default_settings().working_days
    days: list[date] = []
    day = TODAY
    for _ in range(count):
        day = previous_working_day(day, working_days)
        days.append(day)
    return days


# -- help: "[" and markup-like text ------------------------------------------------------


async def test_help_on_metrics_lists_the_bracket_keys(demo_path: Path) -> None:
    """The Metrics help shows "[" and "]" with their actions (it is not read as markup)."""
    async with running(demo_path) as (app, pilot, _repo):
        await pilot.press("1", "question_mark")
        lines = help_lines(app)
        assert "[  Prev day" in lines
        assert "]  Next day" in lines
        drawn = [line.strip() for line in shown(app.screen.query_one("#help-keys", Static))]
        assert "[  Prev day" in drawn
        assert "]  Next day" in drawn
        # And the keys do what the help says, in either keyboard layout.
        await pilot.press("escape")
        assert isinstance(app.screen, MetricsScreen)
        assert app.screen.sub_title == "Daily metrics · Wed 2026-11-25"
        await pilot.press("[")
        assert app.screen.sub_title == "Daily metrics · Tue 2026-11-24"
        await pilot.press("]", "]")
        assert app.screen.sub_title == "Daily metrics · Thu 2026-11-26"
        await pilot.press("х")
        assert app.screen.sub_title == "Daily metrics · Wed 2026-11-25"


async def test_markup_like_name_is_shown_literally(demo_path: Path) -> None:
    """A name like "[bold]Bob[/bold]" is drawn as typed on Today, in Team and in the grid."""
    repo = Repository.open(demo_path)
    try:
        bob = repo.add_employee(Employee(MARKUP_NAME, "office", date(2026, 1, 5)))
    finally:
        repo.close()
    async with running(demo_path) as (app, pilot, repo):
        assert repo.metrics_for(bob.id, LAST_DAY) is None  # so the alert names him
        await pilot.press("n")  # names in the alerts even if the line is long
        alerts = app.screen.query_one("#alerts", Static)
        first = text_of(app, "#alerts").splitlines()[0]
        assert first.startswith("• 3 of 9 sent nothing for Wed 2026-11-25: ")
        assert MARKUP_NAME in first.split(": ", 1)[1].split(", ")
        assert any(MARKUP_NAME in line for line in shown(alerts))
        await pilot.press("9")
        assert isinstance(app.screen, TeamScreen)
        table = app.screen.query_one("#team", DataTable)
        row = table.get_row(str(bob.id))
        assert str(row[0]) == MARKUP_NAME
        drawn = shown(table)
        assert any(line.split()[:1] == [MARKUP_NAME] for line in drawn), drawn
        await pilot.press("1")
        assert isinstance(app.screen, MetricsScreen)
        grid = app.screen.query_one("#grid", Widget)
        assert any(MARKUP_NAME in line for line in shown(grid))


# -- leaving the grid --------------------------------------------------------------------


@pytest.mark.parametrize(("lang", "word"), [("en", "save"), ("ru", "сохранить")])
async def test_help_and_hint_name_the_keys_that_leave_the_grid(
    demo_path: Path, lang: str, word: str
) -> None:
    """Metrics' hint line and its help both name Esc, Alt+0…9 and F1…F10; those keys work."""
    set_language(lang)
    async with running(demo_path) as (app, pilot, _repo):
        await pilot.press("1")
        assert isinstance(app.screen, MetricsScreen)
        message = text_of(app, "#message")
        drawn = " ".join(line.strip() for line in shown(app.screen.query_one("#message", Static)))
        for text in (message, drawn):
            assert "Esc, Alt+0…9, F1…F10" in text
            assert word in text  # in the interface language
        await pilot.press("question_mark")
        leave = next(line for line in help_lines(app) if "Alt+0…9" in line)
        for key in ("Esc", "Alt+0…9", "F1…F10", "Ctrl+P"):
            assert key in leave
        screens = next(line for line in help_lines(app) if "F1–F8" in line)
        for key in ("Alt+9", "F9", "F10"):
            assert key in screens
        await pilot.press("escape")
        assert isinstance(app.screen, MetricsScreen)
        # The grid has focus, so digits are data; these keys still leave it.
        await pilot.press("f9")
        assert isinstance(app.screen, TeamScreen)
        await pilot.press("f1")
        assert isinstance(app.screen, MetricsScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, TodayScreen)


# -- Russian interface -------------------------------------------------------------------


async def test_russian_palette_placeholder_and_no_matches(demo_path_ru: Path) -> None:
    """The Russian palette asks "Поиск команды…" and says "Ничего не найдено" for no match."""
    set_language("ru")
    async with running(demo_path_ru) as (app, pilot, _repo):
        await pilot.press("ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        assert app.screen.query_one(Input).placeholder == "Поиск команды…"
        await pilot.press(*"zzqx")
        await pilot.pause(0.7)
        options = app.screen.query_one(CommandList)
        await wait_until(pilot, lambda: palette_titles(app) == ["Ничего не найдено"])
        assert palette_titles(app) == ["Ничего не найдено"]
        assert any("Ничего не найдено" in line for line in shown(options))
        assert not any("No matches" in line for line in shown(options))


async def test_russian_footer_says_probel(demo_path_ru: Path) -> None:
    """Today's footer names the space key "Пробел", as get_key_display does for the binding."""
    set_language("ru")
    async with running(demo_path_ru) as (app, _pilot, _repo):
        keys = footer_keys(app)
        assert keys["space"] == "Пробел"
        assert keys["enter"] == "Enter"
        space = next(
            binding
            for _node, binding, _enabled, _tip in app.screen.active_bindings.values()
            if binding.key == "space"
        )
        assert app.get_key_display(space) == "Пробел"
        widget = next(key for key in app.screen.query(FooterKey) if key.key == "space")
        assert shown(widget)[0].strip() == "Пробел Отметить"


async def test_russian_routine_one_has_one_name(demo_path_ru: Path) -> None:
    """Routine 1 is "Отчёт по метрике дня" on Today, in the Metrics title, help and palette."""
    set_language("ru")
    name = "Отчёт по метрике дня"
    async with running(demo_path_ru) as (app, pilot, _repo):
        row = app.screen.query_one("#checklist", DataTable).get_row("metrics")
        assert str(row[1]) == name
        await pilot.press("ctrl+p")
        await wait_until(pilot, lambda: palette_settled(app) and len(palette_titles(app)) > 3)
        titles = palette_titles(app)
        assert f"Перейти: {name}" in titles
        assert f"Отметить сделанным: {name}" in titles
        await pilot.press("escape")
        assert isinstance(app.screen, TodayScreen)
        await pilot.press("question_mark")
        assert f"1  {name}" in help_lines(app)
        await pilot.press("escape", "1")
        assert isinstance(app.screen, MetricsScreen)
        assert app.screen.sub_title == f"{name} · Ср 25.11.2026"


async def test_russian_palette_finds_otchet(demo_path_ru: Path) -> None:
    """Typing "отчёт" in the Russian palette lists "Перейти: Отчёт по метрике дня"."""
    set_language("ru")
    async with running(demo_path_ru) as (app, pilot, _repo):
        titles = await palette_search(pilot, app, "отчёт", "Перейти: Отчёт по метрике дня")
        assert "Перейти: Отчёт по метрике дня" in titles
        assert all(re.search("[а-яё]", title, re.IGNORECASE) for title in titles), titles


# -- the palette -------------------------------------------------------------------------


async def test_english_palette_finds_a_russian_name(demo_path: Path) -> None:
    """In English, typing the Russian "Сотрудники" finds "Go to: Team" (titles stay English)."""
    async with running(demo_path) as (app, pilot, _repo):
        titles = await palette_search(pilot, app, "Сотрудники", "Go to: Team")
        assert titles[0] == "Go to: Team"
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, TeamScreen))
        assert isinstance(app.screen, TeamScreen)


async def test_russian_palette_finds_an_english_name(demo_path_ru: Path) -> None:
    """In Russian, typing "metrics" finds "Перейти: Отчёт по метрике дня"."""
    set_language("ru")
    async with running(demo_path_ru) as (app, pilot, _repo):
        titles = await palette_search(pilot, app, "metrics", "Перейти: Отчёт по метрике дня")
        assert titles[0] == "Перейти: Отчёт по метрике дня"
        assert not any("metrics" in title.casefold() for title in titles)


@pytest.mark.parametrize("lang", ["en", "ru"])
async def test_palette_titles_are_actions_unique_and_helps_name_keys(
    demo_path: Path, lang: str
) -> None:
    """On every screen: "Go to: …" titles, no title twice, helps read "Keys: …", never "space"."""
    set_language(lang)
    go, mark, keys_prefix, prev_day = {
        "en": ("Go to: ", "Mark done: ", "Keys: ", "Prev day"),
        "ru": ("Перейти: ", "Отметить сделанным: ", "Клавиши: ", "← День"),
    }[lang]
    # Every screen, and the routines that can be marked done (all eight).
    screens = {
        "en": [
            "Today",
            "Daily metrics",
            "Hot clients",
            "Finance and receivables",
            "Deal duration",
            "Funnel ratios and forecast",
            "Weekly base review",
            "Call listening",
            "Roll-call",
            "Team",
            "Clients & deals",
            "Plans",
        ],
        "ru": [
            "Сегодня",
            "Отчёт по метрике дня",
            "Горячие клиенты",
            "Отчёт по финансам",
            "Длительность сделки",
            "Соотношения и прогноз",
            "Еженедельная ревизия базы",
            "Прослушивание звонков",
            "Перекличка",
            "Сотрудники",
            "Клиенты и сделки",
            "Планы",
        ],
    }[lang]
    routines = screens[1:9]
    async with running(demo_path) as (app, pilot, _repo):
        for screen_key, screen_type in (
            ("0", TodayScreen),
            ("1", MetricsScreen),
            ("f2", HotScreen),
            ("f3", FinanceScreen),
            ("f9", TeamScreen),
        ):
            await pilot.press(screen_key)
            # Awaited here, before the loop moves on: the lambda sees this screen_type.
            await wait_until(pilot, lambda: isinstance(app.screen, screen_type))  # noqa: B023
            assert isinstance(app.screen, screen_type)
            await pilot.press("ctrl+p")
            await wait_until(pilot, lambda: palette_settled(app) and len(palette_entries(app)) > 8)
            entries = palette_entries(app)
            titles = [title for title, _ in entries]
            assert len(titles) == len(set(titles)), titles
            assert [t for t in titles if t.startswith(go)] == [go + name for name in screens]
            assert [t for t in titles if t.startswith(mark)] == [mark + r for r in routines]
            if screen_type is MetricsScreen:
                assert (prev_day, f"{keys_prefix}[") in entries
            for title, help_text in entries:
                assert title.strip() and help_text.strip(), (title, help_text)
                assert help_text not in RAW_KEYS, (title, help_text)
                if not help_text.startswith(keys_prefix):
                    assert " " in help_text, (title, help_text)  # a sentence, not a key
                    continue
                for key in help_text.removeprefix(keys_prefix).split(", "):
                    assert key not in RAW_KEYS, (title, help_text)
                    assert "_" not in key and not re.match(r"[a-z]+\+", key), (title, help_text)
            await pilot.press("escape")
            assert isinstance(app.screen, screen_type)


async def test_palette_mark_done_stores_the_routine(demo_path: Path) -> None:
    """Running "Mark done: Daily metrics" stores the routine as done today; Today shows it."""
    async with running(demo_path) as (app, pilot, repo):
        assert repo.routines_done(TODAY, TODAY) == []
        titles = await palette_search(pilot, app, "mark done", "Mark done: Daily metrics")
        assert titles[0] == "Mark done: Daily metrics"
        await pilot.press("enter")
        await wait_until(pilot, lambda: bool(repo.routines_done(TODAY, TODAY)))
        assert [r.routine for r in repo.routines_done(TODAY, TODAY)] == ["metrics"]
        await wait_until(pilot, lambda: isinstance(app.screen, TodayScreen))
        table = app.screen.query_one("#checklist", DataTable)
        assert str(table.get_row("metrics")[2]).startswith("✓ done ")
        assert str(table.get_row("hot")[2]).startswith("○ pending")
        assert "today 1/8 done" in text_of(app, "#streak")
        # Hot clients is marked done from the palette the same way.
        titles = await palette_search(pilot, app, "mark done: hot", "Mark done: Hot clients")
        assert titles[0] == "Mark done: Hot clients"
        await pilot.press("enter")
        await wait_until(pilot, lambda: len(repo.routines_done(TODAY, TODAY)) == 2)
        await wait_until(pilot, lambda: isinstance(app.screen, TodayScreen))
        done = sorted(r.routine for r in repo.routines_done(TODAY, TODAY))
        assert done == ["hot", "metrics"]
        assert str(table.get_row("hot")[2]).startswith("✓ done ")
        assert "today 2/8 done" in text_of(app, "#streak")


# -- the employee form -------------------------------------------------------------------


async def test_role_choice_reads_without_colour(demo_path: Path) -> None:
    """Only the chosen role draws a dot; moving the choice moves the dot."""
    async with running(demo_path) as (app, pilot, _repo):
        await pilot.press("9", "a")
        assert isinstance(app.screen, EmployeeForm)
        office = app.screen.query_one("#role-office", MarkedRadioButton)
        field = app.screen.query_one("#role-field", MarkedRadioButton)
        assert (office.value, field.value) == (True, False)
        assert "●" in office._button.plain
        assert "●" not in field._button.plain
        assert "●" in shown(office)[0] and "office" in shown(office)[0]
        assert "●" not in shown(field)[0] and "field" in shown(field)[0]
        await pilot.press("tab", "down", "space")
        assert (office.value, field.value) == (False, True)
        assert "●" not in shown(office)[0]
        assert "●" in shown(field)[0]


async def test_enter_on_the_role_choice_saves_the_form(demo_path: Path) -> None:
    """Enter with the role radio set focused saves the form, keeping the chosen role."""
    async with running(demo_path) as (app, pilot, repo):
        count = len(repo.employees())
        await pilot.press("9", "a", *"Rita", "tab", "down", "space", "tab")
        await pilot.press(*"2.3.2026", "shift+tab")
        assert isinstance(app.screen, EmployeeForm)
        assert isinstance(app.focused, RoleChoice)
        await pilot.press("enter")
        assert isinstance(app.screen, TeamScreen)
        added = repo.find_employee("Rita")
        assert added is not None
        assert (added.role, added.hired, added.left) == ("field", date(2026, 3, 2), None)
        assert len(repo.employees()) == count + 1


async def test_hire_date_starts_empty_and_t_means_today(demo_path: Path) -> None:
    """A new employee's hire date is empty until typed; "t" is today."""
    async with running(demo_path) as (app, pilot, repo):
        await pilot.press("9", "a")
        assert isinstance(app.screen, EmployeeForm)
        hired = app.screen.query_one("#hired", Input)
        assert hired.value == ""
        assert "t" in hired.placeholder
        await pilot.press(*"Tess", "tab", "tab", "t", "enter")
        assert isinstance(app.screen, TeamScreen)
        added = repo.find_employee("Tess")
        assert added is not None and added.hired == TODAY


# -- plurals -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "days", "expected"),
    [
        ("en", 1, "Streak: 1 working day in a row · today 0/8 done"),
        ("en", 2, "Streak: 2 working days in a row · today 0/8 done"),
        ("ru", 1, "Серия: 1 рабочий день подряд · сегодня сделано 0 из 8"),
        ("ru", 2, "Серия: 2 рабочих дня подряд · сегодня сделано 0 из 8"),
        ("ru", 5, "Серия: 5 рабочих дней подряд · сегодня сделано 0 из 8"),
        ("ru", 11, "Серия: 11 рабочих дней подряд · сегодня сделано 0 из 8"),
        ("ru", 21, "Серия: 21 рабочий день подряд · сегодня сделано 0 из 8"),
    ],
    ids=["en-1", "en-2", "ru-1", "ru-2", "ru-5", "ru-11", "ru-21"],
)
async def test_streak_line_plurals(tmp_path: Path, lang: str, days: int, expected: str) -> None:
    """The Today streak line takes the plural form of its count in either language.

    A day counts when every routine of the checklist was done; today, with none done yet,
    does not break it.
    """
    db = tmp_path / "db"
    done = last_working_days(days)
    assert done[0] == LAST_DAY
    mark_done(db, done)
    set_language(lang)
    async with running(db) as (app, _pilot, repo):
        stored = sorted((r.date, r.routine) for r in repo.routines_done(date(2025, 1, 1), TODAY))
        assert stored == sorted((day, routine) for day in done for routine in STREAK_ROUTINES)
        assert text_of(app, "#streak") == expected
        assert shown(app.screen.query_one("#streak", Static))[0] == expected


async def test_streak_needs_every_routine_with_a_screen(tmp_path: Path) -> None:
    """A day with Hot clients or Ratios not done ends the streak: routines 1-8 all count."""
    db = tmp_path / "db"
    last, *before = last_working_days(4)
    mark_done(db, before)
    mark_done(db, [last], ("metrics", "finance", "duration", "base_review", "calls", "rollcall"))
    async with running(db) as (app, _pilot, _repo):
        assert text_of(app, "#streak") == "Streak: 0 working days in a row · today 0/8 done"
    mark_done(db, [last], ("hot",))
    async with running(db) as (app, _pilot, _repo):
        assert text_of(app, "#streak") == "Streak: 0 working days in a row · today 0/8 done"
    mark_done(db, [last], ("ratios",))
    async with running(db) as (app, _pilot, _repo):
        assert text_of(app, "#streak") == "Streak: 4 working days in a row · today 0/8 done"


# -- argparse in the interface language ----------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "words", "foreign", "error"),
    [
        ("ru", ["использование:", "параметры:", "показать эту справку"], "usage:", "недопустимое"),
        ("en", ["usage:", "options:", "show this help message"], "использование", "invalid choice"),
    ],
    ids=["ru", "en"],
)
def test_argparse_speaks_the_lang_option(
    tmp_path: Path, lang: str, words: list[str], foreign: str, error: str
) -> None:
    """--lang decides argparse's --help titles and its one-line usage errors (exit 2)."""
    helped = run(tmp_path, "--lang", lang, "--help")
    assert helped.returncode == 0, helped.stderr
    for word in words:
        assert word in helped.stdout
    assert foreign not in helped.stdout
    bad = run(tmp_path, "--lang", lang, "report", "nosuch")
    assert bad.returncode == 2
    assert bad.stdout == ""
    lines = bad.stderr.splitlines()
    assert len(lines) == 1, bad.stderr
    assert lines[0].startswith("salestui report: ")
    assert error in lines[0]
    assert "'nosuch'" in lines[0]
    if lang == "ru":
        assert "недопустимое значение" in lines[0]
        assert "invalid" not in lines[0]
    assert sorted(p.name for p in tmp_path.iterdir()) == []


# -- the team name -----------------------------------------------------------------------


async def test_team_name_is_stored_shown_and_titles_the_report(
    demo_path: Path, tmp_path: Path
) -> None:
    """n on Team names the team: stored, in the summary line, and in the report title."""
    name = "North [B2B]"
    async with running(demo_path) as (app, pilot, repo):
        assert repo.settings().team_name == ""
        await pilot.press("9")
        assert text_of(app, "#team-summary").startswith("Team without a name (n to name it) · ")
        await pilot.press("n")
        assert isinstance(app.screen, TextPrompt)
        assert app.screen.query_one("#prompt-input", Input).value == ""
        await pilot.press(*name, "enter")
        assert isinstance(app.screen, TeamScreen)
        assert repo.settings().team_name == name
        assert text_of(app, "#team-summary").startswith(f"{name} · employed: 8")
        assert shown(app.screen.query_one("#team-summary", Static))[0].startswith(f"{name} · ")
    report = run(tmp_path, "report", "metrics", "--db", demo_path, "--today", "2026-11-26")
    assert report.returncode == 0, report.stderr
    assert report.stdout.splitlines()[0] == f"Daily metrics · {name} · Wed 2026-11-25"
