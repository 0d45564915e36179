"""Pilot tests of the Today checklist, navigation, help, the palette and the Team screen."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

import pytest
from rich.cells import cell_len
from rich.text import Text
from textual.command import CommandPalette
from textual.coordinate import Coordinate
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import DataTable, OptionList, Static

from salestui.i18n import set_language
from salestui.models import REVENUE, Client, Deal, Employee, Invoice
from salestui.store import Repository
from salestui.tui.app import SalesApp
from salestui.tui.screens.clients import ClientsScreen
from salestui.tui.screens.employee_form import EmployeeForm
from salestui.tui.screens.finance import FinanceScreen
from salestui.tui.screens.help import HelpScreen
from salestui.tui.screens.hot import HotScreen
from salestui.tui.screens.metrics import MetricsScreen
from salestui.tui.screens.prompt import DatePrompt
from salestui.tui.screens.stats import StatsScreen
from salestui.tui.screens.team import TeamScreen
from salestui.tui.screens.today import TodayScreen
from salestui.tui.widgets.metrics_grid import MetricsGrid
from tests.conftest import TODAY
from tests.tui.session import running, wait_until

LAST_DAY = date(2026, 11, 25)
# Routines with a screen of their own besides Daily metrics (1), by their digit.
SALES_SCREENS: dict[str, tuple[str, type[Screen[None]]]] = {
    "2": ("Hot clients", HotScreen),
    "3": ("Finance and receivables", FinanceScreen),
    "4": ("Stats · Duration", StatsScreen),
    "5": ("Stats · Ratios", StatsScreen),
}
# The quality-control routines, by their digit: the mode and the screen's name.
QUALITY_SCREENS = {
    "6": ("base_review", "Weekly base review"),
    "7": ("calls", "Call listening"),
    "8": ("rollcall", "Roll-call"),
}


def reopened(path: Path) -> Repository:
    """Open the database folder again, as the next run of the app would."""
    return Repository.open(path)


def text_of(app: SalesApp, selector: str) -> str:
    """Return the text of a Static (or Label) on the current screen."""
    return str(app.screen.query_one(selector, Static).content)


def status_of(app: SalesApp, routine: str) -> str:
    """Return the status cell of a routine in the Today checklist."""
    table = app.screen.query_one("#checklist", DataTable)
    return str(table.get_row(routine)[2])


def notes(app: SalesApp) -> list[str]:
    """Return the texts of the notifications shown so far."""
    return [n.message for n in app._notifications]


def employed(repo: Repository, day: date = LAST_DAY) -> list[Employee]:
    """Return the employees who worked here on a day, by name."""
    return [e for e in repo.employees() if e.employed_on(day)]


def missing_on(repo: Repository, day: date) -> list[Employee]:
    """Return the employees employed on a day with nothing stored for it, by name."""
    reported = repo.metrics_on(day)
    return [e for e in employed(repo, day) if e.id not in reported]


def partial_on(repo: Repository, day: date) -> list[Employee]:
    """Return the employees who stored only some of the funnel's numbers for a day."""
    codes = repo.settings().metric_codes()
    reported = repo.metrics_on(day)
    return [
        e
        for e in employed(repo, day)
        if e.id in reported and reported[e.id].counts.keys() != set(codes)
    ]


async def sales_alerts_read(pilot: Pilot[None], app: SalesApp) -> None:
    """Wait until Today has read its sales alerts: they join right after the first frame."""
    screen = app.screen
    assert isinstance(screen, TodayScreen)
    await wait_until(pilot, lambda: screen.sales_ready)


def grid_ids(app: SalesApp) -> list[int]:
    """Return the employee ids of the Metrics grid's rows, top to bottom."""
    grid = app.screen.query_one("#grid", MetricsGrid)
    return [int(row.key.value) for row in grid.ordered_rows if row.key.value is not None]


def team_names(app: SalesApp) -> list[str]:
    """Return the names in the Team table, top to bottom."""
    table = app.screen.query_one("#team", DataTable)
    return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]


async def go_to_row(pilot: Pilot[None], app: SalesApp, row: int) -> None:
    """Move the grid cursor to the first metric of a row with the arrow keys."""
    grid = app.screen.query_one("#grid", MetricsGrid)
    steps = row - grid.cursor_coordinate.row
    await pilot.press(*["down" if steps > 0 else "up"] * abs(steps))
    assert grid.cursor_coordinate == Coordinate(row, 1)


async def type_row(pilot: Pilot[None], app: SalesApp, row: int, values: Sequence[int]) -> None:
    """Put the grid cursor on a row and type a full row of numbers with Tab."""
    await go_to_row(pilot, app, row)
    for value in values:
        await pilot.press(*str(value), "tab")


# -- Today ---------------------------------------------------------------------------------


async def test_checklist_shows_pending_with_counts(demo_path: Path) -> None:
    """With nothing done today, all eight routines are pending, each with what waits: who
    sent numbers, whose base review is due, calls to hear, roll-call answers."""
    async with running(demo_path) as (app, pilot, repo):
        # The counts of routines 2, 3 and 6-8 follow the first frame.
        assert status_of(app, "calls") == "○ pending"
        await sales_alerts_read(pilot, app)
        staff = employed(repo)
        present = [e for e in repo.employees() if e.employed_on(TODAY)]
        partial = partial_on(repo, LAST_DAY)
        # "Sent" counts everyone who sent anything; the partial ones are among them.
        sent = len(staff) - len(missing_on(repo, LAST_DAY))
        status = status_of(app, "metrics")
        assert status.startswith("○ pending")
        assert f"{sent}/{len(staff)} sent, {len(partial)} partial" in status
        for routine in ("duration", "ratios"):
            assert status_of(app, routine) == "○ pending"
        last: dict[int, date] = {}
        for review in repo.base_reviews():
            last[review.employee_id] = max(review.date, last.get(review.employee_id, date.min))
        due = [e for e in present if e.id not in last or (TODAY - last[e.id]).days >= 7]
        assert 0 < len(due) < len(present)
        assert status_of(app, "base_review") == f"○ pending · {len(due)} of {len(present)} due"
        assert re.fullmatch(r"○ pending · [1-9]\d* to hear", status_of(app, "calls"))
        answered = [r for r in repo.rollcall(TODAY) if r.status != "no_answer"]
        assert status_of(app, "rollcall") == (
            f"○ pending · {len(answered)} of {len(present)} answered"
        )
        assert "today 0/8 done" in text_of(app, "#streak")
        assert re.fullmatch(r"○ pending · \d+ need a step", status_of(app, "hot"))
        assert re.fullmatch(r"○ pending · \d+ invoices? late", status_of(app, "finance"))


async def test_s_shows_the_supervision_debt_and_back(demo_path: Path) -> None:
    """s shows the supervision debt in place of the alerts: a row per employee, those with
    most overdue first, each overdue value marked "!"; s again brings the alerts back."""
    async with running(demo_path) as (app, pilot, repo):
        await sales_alerts_read(pilot, app)
        debt = app.screen.query_one("#debt", DataTable)
        assert not debt.display
        await pilot.press("s")
        assert debt.display and debt.has_focus
        assert not app.screen.query_one("#alerts", Static).display
        present = [e for e in repo.employees() if e.employed_on(TODAY)]
        assert debt.row_count == len(present)
        rows = [[str(cell) for cell in debt.get_row_at(i)] for i in range(debt.row_count)]
        marks = [sum(cell.startswith("!") for cell in row[1:]) for row in rows]
        assert marks == sorted(marks, reverse=True)
        # Nobody has answered today's roll-call in the demo: every row says so.
        assert {row[3] for row in rows} == {"! no answer"}
        reviewed = {r.employee_id for r in repo.base_reviews()}
        never = next(e for e in present if e.id not in reviewed)
        assert [row for row in rows if row[0] == never.name][0][1] == "! never"
        assert text_of(app, "#alerts-title").startswith("Supervision debt: ")
        await pilot.press("s")
        assert not debt.display
        assert app.screen.query_one("#alerts", Static).display
        assert text_of(app, "#alerts-title") == "Alerts · s: supervision debt"


async def test_checklist_shows_done_time_from_the_log(demo_path: Path) -> None:
    """A routine logged as done today shows its time and counts in the streak line."""
    repo = reopened(demo_path)
    try:
        repo.set_routine_done(TODAY, "metrics", True, datetime(2026, 11, 26, 9, 15))
        repo.set_routine_done(TODAY, "hot", True, datetime(2026, 11, 26, 9, 40))
    finally:
        repo.close()
    async with running(demo_path) as (app, _pilot, _repo):
        # Done, and the live count beside it: a late sender still shows.
        assert status_of(app, "metrics") == "✓ done 09:15 · 6/8 sent, 1 partial"
        assert status_of(app, "hot").startswith("✓ done 09:40")
        assert status_of(app, "finance").startswith("○ pending")
        assert "today 2/8 done" in text_of(app, "#streak")


async def test_space_toggles_done_and_it_persists(demo_path: Path) -> None:
    """Space marks the selected routine done for today; it is stored; space again undoes it."""
    async with running(demo_path) as (app, pilot, repo):
        assert repo.routines_done(TODAY, TODAY) == []
        await pilot.press("space")
        assert status_of(app, "metrics").startswith("✓ done ")
        assert "today 1/8 done" in text_of(app, "#streak")
        # Hot clients (routine 2) is ticked the same way.
        await pilot.press("down", "space")
        assert status_of(app, "hot").startswith("✓ done ")
        assert status_of(app, "finance").startswith("○ pending")
        assert "today 2/8 done" in text_of(app, "#streak")
        await pilot.press("ctrl+q")
    repo = reopened(demo_path)
    try:
        assert sorted(r.routine for r in repo.routines_done(TODAY, TODAY)) == ["hot", "metrics"]
    finally:
        repo.close()

    async with running(demo_path) as (app, pilot, repo):
        assert status_of(app, "metrics").startswith("✓ done ")
        await pilot.press("space")
        assert status_of(app, "metrics").startswith("○ pending")
        assert status_of(app, "hot").startswith("✓ done ")
    repo = reopened(demo_path)
    try:
        assert [r.routine for r in repo.routines_done(TODAY, TODAY)] == ["hot"]
    finally:
        repo.close()


async def test_space_marks_the_roll_call_done(demo_path: Path) -> None:
    """Routine 8 is ticked like the others, and counts towards today's 8."""
    async with running(demo_path) as (app, pilot, repo):
        await pilot.press(*["down"] * 7, "space")  # routine 8, Roll-call
        assert [r.routine for r in repo.routines_done(TODAY, TODAY)] == ["rollcall"]
        assert status_of(app, "rollcall").startswith("✓ done ")
        assert "today 1/8 done" in text_of(app, "#streak")


async def test_alert_names_exactly_the_missing_employees(demo_path: Path) -> None:
    """The alerts name exactly who sent nothing, and who sent part, for the last working day."""
    async with running(demo_path) as (app, pilot, repo):
        await sales_alerts_read(pilot, app)
        missing = missing_on(repo, LAST_DAY)
        partial = partial_on(repo, LAST_DAY)
        assert missing and partial
        first, second, *sales = text_of(app, "#alerts").splitlines()
        staff = len(employed(repo))
        assert first.startswith(f"• {len(missing)} of {staff} sent nothing for Wed 2026-11-25: ")
        assert first.split(": ", 1)[1].split(", ") == [e.name for e in missing]
        assert second == f"• 1 sent only part of the numbers: {partial[0].name}"
        # Then only the sales alerts, each led by the key of its screen.
        assert sales and all(line.startswith(("• [2] ", "• [3] ")) for line in sales), sales


async def test_alert_clears_after_entering_the_missing_numbers(demo_path: Path) -> None:
    """Typing the missing and partial rows on Metrics and going back to Today clears the alert."""
    async with running(demo_path) as (app, pilot, repo):
        missing = missing_on(repo, LAST_DAY) + partial_on(repo, LAST_DAY)
        ids = [e.id for e in employed(repo)]
        await sales_alerts_read(pilot, app)
        before = text_of(app, "#alerts").splitlines()
        sales = [line for line in before if line.startswith(("• [2] ", "• [3] "))]
        assert sales and len(before) == len(sales) + 2
        await pilot.press("1")
        assert isinstance(app.screen, MetricsScreen)
        for employee in missing:
            await type_row(pilot, app, ids.index(employee.id), [30, 6, 2, 1, 1, 0])
        # Inside the grid a plain digit is a number; Alt+digit switches screens.
        await pilot.press("alt+0")
        assert isinstance(app.screen, TodayScreen)
        assert missing_on(repo, LAST_DAY) == []
        # The two metrics alerts are gone; the sales alerts stay as they were.
        assert text_of(app, "#alerts").splitlines() == sales
        assert status_of(app, "metrics").endswith(f" · {len(ids)}/{len(ids)} sent")


def reported_team(path: Path) -> tuple[Employee, Client]:
    """A one-person team with every number sent for the last day, and one client."""
    repo = Repository.open(path, create=True)
    try:
        anna = repo.add_employee(Employee("Anna Stone", "office", date(2026, 1, 5)))
        for code in repo.settings().metric_codes():
            repo.set_count(anna.id, LAST_DAY, code, 3)
        return anna, repo.save_client(Client("Acme", anna.id, date(2026, 9, 1)))
    finally:
        repo.close()


async def test_sales_alerts_count_what_the_store_holds(tmp_path: Path) -> None:
    """Hot deals, late invoices and the month's money against plan, as hand-counted."""
    db = tmp_path / "db"
    anna, client = reported_team(db)
    async with running(db) as (app, pilot, repo):
        await sales_alerts_read(pilot, app)
        # Everyone reported, no deal, no invoice, no plan: nothing needs attention.
        assert text_of(app, "#alerts") == "Nothing needs attention."
        # Hot by hand with its next step overdue; hot by probability with no contact for
        # 16 days (its stage allows 7): one of each hot-list alert.
        late_step = repo.add_deal(
            Deal(
                client.id,
                anna.id,
                date(2026, 9, 1),
                stage="conversation",
                amount=300_000_00,
                hot=True,
                next_step="Call back",
                next_step_due=date(2026, 11, 20),
                last_contact=date(2026, 11, 24),
            ),
            TODAY,
        )
        quiet = repo.add_deal(
            Deal(
                client.id,
                anna.id,
                date(2026, 9, 1),
                stage="meeting",
                amount=50_000_00,
                probability=80,
                next_step="Send the offer",
                next_step_due=date(2026, 11, 30),
                last_contact=date(2026, 11, 10),
            ),
            TODAY,
        )
        # One invoice due in October and partly paid; one not due yet.
        late = repo.issue_invoice(
            Invoice("A-1", late_step.id, anna.id, date(2026, 10, 1), 100_000_00, date(2026, 10, 31))
        )
        repo.record_payment(late.id, date(2026, 11, 10), 30_000_00)
        later = repo.issue_invoice(
            Invoice("A-2", late_step.id, anna.id, date(2026, 11, 2), 200_000_00, date(2026, 12, 10))
        )
        # November has 21 working days, 18 of them before the 26th: the pace is 18/21 of plan.
        repo.set_target(anna.id, "2026-11", REVENUE, 210_000_00)
        await pilot.press("9", "0")  # Today reads the store again when it is shown again
        assert isinstance(app.screen, TodayScreen)
        assert text_of(app, "#alerts").splitlines() == [
            "• [2] 1 hot deal with an overdue next step",
            "• [2] 1 hot deal without contact for too long",
            "• [3] 1 invoice past due, ₽70,000 owed",
            "• [3] Revenue ₽30,000 of ₽210,000: behind pace (₽180,000 by now)",
        ]
        # Exactly the pace is on pace; a contact logged today ends the stale alert.
        repo.record_payment(later.id, date(2026, 11, 25), 150_000_00)
        repo.log_contact(quiet.id, TODAY, "Send the offer", date(2026, 11, 30))
        await pilot.press("9", "0")
        assert text_of(app, "#alerts").splitlines() == [
            "• [2] 1 hot deal with an overdue next step",
            "• [3] 1 invoice past due, ₽70,000 owed",
            "• [3] Revenue ₽180,000 of ₽210,000: on pace (₽180,000 by now)",
        ]


async def test_switching_screen_saves_the_number_being_typed(demo_path: Path) -> None:
    """The last number typed is saved when the user jumps to Today without pressing Tab."""
    async with running(demo_path) as (app, pilot, repo):
        employee = missing_on(repo, LAST_DAY)[0]
        ids = [e.id for e in employed(repo)]
        await pilot.press("1")
        await go_to_row(pilot, app, ids.index(employee.id))
        await pilot.press("4", "2", "alt+0")
        assert isinstance(app.screen, TodayScreen)
        record = repo.metrics_for(employee.id, LAST_DAY)
        assert record is not None and record.counts == {"cold_calls": 42}
        nothing, part = text_of(app, "#alerts").splitlines()[:2]
        assert "sent nothing" in nothing and "sent only part" in part
        assert employee.name not in nothing
        assert employee.name in part  # one number of six is a partial report


async def test_digits_6_to_8_open_their_screens(demo_path: Path) -> None:
    """6, 7 and 8 (and Alt+digit) open the base review, call listening and the roll-call."""
    async with running(demo_path) as (app, pilot, _repo):
        for digit, (mode, name) in QUALITY_SCREENS.items():
            for key in (digit, f"alt+{digit}"):
                await pilot.press(key)
                await wait_until(pilot, lambda: app.current_mode == mode)  # noqa: B023
                assert app.current_mode == mode, key
                assert str(app.screen.sub_title).startswith(name), key
                await pilot.press("alt+0")
                assert isinstance(app.screen, TodayScreen), key
        assert notes(app) == []


@pytest.mark.parametrize("digit", list(SALES_SCREENS))
async def test_digits_2_to_5_open_their_screens(demo_path: Path, digit: str) -> None:
    """2 opens Hot clients, 3 Finance, 4 and 5 Stats on their tabs (digit, Alt+digit, F-key)."""
    name, screen_type = SALES_SCREENS[digit]
    async with running(demo_path) as (app, pilot, _repo):
        for key in (digit, f"alt+{digit}", f"f{digit}"):
            await pilot.press(key)
            await wait_until(pilot, lambda: isinstance(app.screen, screen_type))
            assert isinstance(app.screen, screen_type), key
            assert str(app.screen.sub_title).startswith(name), key
            await pilot.press("alt+0")
            assert isinstance(app.screen, TodayScreen), key
        assert notes(app) == []
        # Enter on the routine's checklist row opens the same screen.
        await pilot.press(*["down"] * (int(digit) - 1), "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, screen_type))
        assert isinstance(app.screen, screen_type)


async def test_c_opens_clients_and_deals(demo_path: Path) -> None:
    """c on Today opens Clients & deals; escape comes back to Today."""
    async with running(demo_path) as (app, pilot, _repo):
        await pilot.press("c")
        await wait_until(pilot, lambda: isinstance(app.screen, ClientsScreen))
        assert isinstance(app.screen, ClientsScreen)
        assert str(app.screen.sub_title) == "Clients & deals"
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, TodayScreen))
        assert isinstance(app.screen, TodayScreen)


async def test_digits_switch_between_today_metrics_and_team(demo_path: Path) -> None:
    """1 opens Metrics, Alt+9 Team (plain 9 would be typed into the grid), 0 goes back."""
    async with running(demo_path) as (app, pilot, _repo):
        await pilot.press("1")
        assert isinstance(app.screen, MetricsScreen)
        await pilot.press("alt+9")
        assert isinstance(app.screen, TeamScreen)
        await pilot.press("0")
        assert isinstance(app.screen, TodayScreen)
        await pilot.press("enter")
        assert isinstance(app.screen, MetricsScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, TodayScreen)


async def test_help_lists_keys_and_escape_closes_it(demo_path: Path) -> None:
    """? opens the keys of the screen below; escape closes it and Today is back."""
    async with running(demo_path) as (app, pilot, _repo):
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        lines = [line.strip() for line in text_of(app, "#help-keys").splitlines()]
        for line in (
            "Space  Done / undo",
            "c  Clients",
            "1  Daily metrics",
            "2  Hot clients",
            "3  Finance and receivables",
            "9  Team",
            "Esc  Back",
        ):
            assert line in lines
        assert "6  Weekly base review" in lines
        await pilot.press("escape")
        assert isinstance(app.screen, TodayScreen)
        await pilot.press("1", "question_mark")
        assert isinstance(app.screen, HelpScreen)
        keys = text_of(app, "#help-keys")
        for description in ("Prev day", "Next day", "Date…", "Clear cell", "Mark done"):
            assert description in keys
        await pilot.press("question_mark")
        assert isinstance(app.screen, MetricsScreen)


async def test_help_on_today_lists_enter_to_open(demo_path: Path) -> None:
    """The help of Today tells that enter opens the selected routine."""
    async with running(demo_path) as (app, pilot, _repo):
        await pilot.press("question_mark")
        lines = [line.strip() for line in text_of(app, "#help-keys").splitlines()]
        assert any(line.endswith("  Open") for line in lines)


async def test_ctrl_p_opens_the_palette_and_runs_a_command(demo_path: Path) -> None:
    """Ctrl+P opens the command palette; choosing "Go to: Daily metrics" opens Metrics."""
    async with running(demo_path) as (app, pilot, _repo):
        await pilot.press("ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"go to: Daily")
        options = app.screen.query_one(OptionList)
        await wait_until(pilot, lambda: options.option_count > 0)
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert prompts[0].splitlines()[0] == "Go to: Daily metrics"
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, MetricsScreen))
        assert isinstance(app.screen, MetricsScreen)


async def test_empty_database_shows_the_no_employees_alert(tmp_path: Path) -> None:
    """A new database has nobody: Today says how to add the team."""
    async with running(tmp_path / "db", create=True) as (app, pilot, repo):
        assert repo.employees() == []
        assert text_of(app, "#alerts") == (
            "• No employees yet: press 9 to open Team, then a to add one."
        )
        assert "0/0 sent" in status_of(app, "metrics")
        await pilot.press("1")
        message = app.screen.query_one("#message", Static)
        assert message.has_class("error")
        assert "Nobody worked here on this day" in str(message.content)


async def test_russian_today_and_metrics(demo_path_ru: Path) -> None:
    """In Russian the Today screen and the grid header speak Russian."""
    set_language("ru")
    async with running(demo_path_ru) as (app, pilot, _repo):
        assert "Сегодня" in str(app.screen.sub_title)
        assert text_of(app, "#alerts-title") == "Внимание · s: долги по контролю"
        assert status_of(app, "metrics").startswith("○ не сделано")
        await pilot.press("1")
        assert isinstance(app.screen, MetricsScreen)
        grid = app.screen.query_one("#grid", MetricsGrid)
        header = [str(column.label) for column in grid.columns.values()]
        assert any("Холодные" in label for label in header)
        assert "Ср 25.11.2026" in str(app.screen.sub_title)


@pytest.mark.parametrize(
    ("keys", "selector"),
    [(("1", "g"), "#prompt-error"), (("9", "a"), "#form-error")],
    ids=["date-prompt", "employee-form"],
)
async def test_dialog_hint_fits_in_the_dialog(
    demo_path: Path, keys: tuple[str, ...], selector: str
) -> None:
    """A dialog's hint line is shown whole (wrapped if needed), not cut at the border."""
    async with running(demo_path) as (app, pilot, _repo):
        await pilot.press(*keys)
        hint = app.screen.query_one(selector, Static)
        dialog = hint.parent
        assert isinstance(dialog, Widget)
        room = dialog.content_region
        assert hint.region.right <= room.right
        assert cell_len(str(hint.content)) <= hint.content_size.width * hint.content_size.height


# -- Team ----------------------------------------------------------------------------------


async def test_add_employee_asks_for_the_hire_date(demo_path: Path) -> None:
    """a opens the form; the hire date is never assumed: t (today) must be typed for today."""
    async with running(demo_path) as (app, pilot, repo):
        count = len(repo.employees())
        await pilot.press("9", "a")
        assert isinstance(app.screen, EmployeeForm)
        await pilot.press(*"Zoe Adams", "enter")
        assert isinstance(app.screen, EmployeeForm)
        error = app.screen.query_one("#form-error", Static)
        assert error.has_class("error")
        assert str(error.content).startswith("Hired: when did they start?")
        assert len(repo.employees()) == count
        await pilot.press("tab", "tab", "t", "enter")
        assert isinstance(app.screen, TeamScreen)
        assert "Zoe Adams" in team_names(app)
        assert len(repo.employees()) == count + 1
        await pilot.press("ctrl+q")
    repo = reopened(demo_path)
    try:
        added = repo.find_employee("Zoe Adams")
        assert added is not None
        assert (added.name, added.role, added.hired, added.left) == (
            "Zoe Adams",
            "office",
            TODAY,
            None,
        )
        assert len(repo.employees()) == count + 1
    finally:
        repo.close()


async def test_add_field_employee_with_role_and_hire_date(demo_path: Path) -> None:
    """Role and hire date can be chosen from the keyboard; Ctrl+S saves."""
    async with running(demo_path) as (app, pilot, repo):
        await pilot.press("9", "a", *"Yuri Field", "tab", "down", "space", "tab")
        await pilot.press(*"01.03.2026", "ctrl+s")
        assert isinstance(app.screen, TeamScreen)
        added = repo.find_employee("Yuri Field")
        assert added is not None
        assert (added.role, added.hired) == ("field", date(2026, 3, 1))


async def test_duplicate_name_is_refused(demo_path: Path) -> None:
    """A name already in the team (any case) shows an error in the form and stores nothing."""
    async with running(demo_path) as (app, pilot, repo):
        before = repo.employees()
        taken = before[0].name
        await pilot.press("9", "a", *taken.upper(), "tab", "tab", *"01.10.2026", "enter")
        assert isinstance(app.screen, EmployeeForm)
        error = app.screen.query_one("#form-error", Static)
        assert error.has_class("error")
        assert "already exists" in str(error.content)
        assert repo.employees() == before
        await pilot.press("escape")
        assert isinstance(app.screen, TeamScreen)
        assert repo.employees() == before


async def test_empty_name_is_refused(demo_path: Path) -> None:
    """An empty (or blank) name is refused with an error naming the field."""
    async with running(demo_path) as (app, pilot, repo):
        before = repo.employees()
        await pilot.press("9", "a", "enter")
        assert isinstance(app.screen, EmployeeForm)
        error = app.screen.query_one("#form-error", Static)
        assert error.has_class("error")
        assert str(error.content) == "Name: a name is required"
        await pilot.press("space", "space", "enter")
        assert isinstance(app.screen, EmployeeForm)
        assert repo.employees() == before


async def test_rename_employee(demo_path: Path) -> None:
    """e opens the selected employee with the name selected; typing replaces it."""
    async with running(demo_path) as (app, pilot, repo):
        first = employed(repo)[0]
        await pilot.press("9", "e")
        assert isinstance(app.screen, EmployeeForm)
        await pilot.press(*"Zara Quinn", "enter")
        assert isinstance(app.screen, TeamScreen)
        assert "Zara Quinn" in team_names(app)
        assert first.name not in team_names(app)
        await pilot.press("ctrl+q")
    repo = reopened(demo_path)
    try:
        renamed = repo.get(Employee, first.id)
        assert renamed is not None
        assert renamed.name == "Zara Quinn"
        assert repo.find_employee(first.name) is None
        assert (renamed.role, renamed.hired, renamed.left) == (first.role, first.hired, None)
    finally:
        repo.close()


async def test_leave_date_keeps_history_and_restore(demo_path: Path) -> None:
    """x asks for the last working day: later days drop them, earlier days keep them; x restores."""
    async with running(demo_path) as (app, pilot, repo):
        first = missing_on(repo, LAST_DAY)[0]  # nothing entered after the day they leave
        friday = date(2026, 11, 20)
        await pilot.press("1")
        assert first.id in grid_ids(app)
        await pilot.press("alt+9")
        table = app.screen.query_one("#team", DataTable)
        table.move_cursor(row=table.get_row_index(str(first.id)))
        await pilot.press("x")
        assert isinstance(app.screen, DatePrompt)
        assert first.name in str(app.screen.query_one(".dialog-title", Static).content)
        await pilot.press(*"20.11.2026", "enter")
        assert isinstance(app.screen, TeamScreen)
        left = repo.get(Employee, first.id)
        assert left is not None and left.left == friday
        row = app.screen.query_one("#team", DataTable).get_row(str(first.id))
        assert (str(row[2]), str(row[4])) == ("left", "2026-11-20")
        assert isinstance(row[0], Text) and row[0].style == "dim"
        assert "employed: 7 · left: 2" in text_of(app, "#team-summary")
        # Wednesday's grid no longer has them; Friday's, the day they left, still does.
        await pilot.press("1")
        assert isinstance(app.screen, MetricsScreen)
        assert first.id not in grid_ids(app)
        await pilot.press("g", *"20.11.2026", "enter")
        assert first.id in grid_ids(app)
        # x on someone who left brings them back.
        await pilot.press("alt+9")
        table = app.screen.query_one("#team", DataTable)
        table.move_cursor(row=table.get_row_index(str(first.id)))
        await pilot.press("x")
        restored = repo.get(Employee, first.id)
        assert restored is not None and restored.left is None
        await pilot.press("1")
        assert first.id in grid_ids(app)
