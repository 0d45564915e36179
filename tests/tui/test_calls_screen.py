"""Call listening (routine 7): the screen's own formulas, then Pilot tests of the queue, the
review form scored from the keys, the reviews' list, and what the store holds afterwards."""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Static

from salestui.analytics.calls import (
    CALL_MINUTES,
    by_employee,
    minutes_heard,
    minutes_left,
    parse_duration,
    trend_change,
)
from salestui.models import NA, CallReview, ChecklistItem, Client, Deal, Employee
from salestui.store import Repository
from salestui.tui.app import SalesApp
from salestui.tui.screens.call_form import HistoryDialog, ReviewForm
from salestui.tui.screens.calls import CallsScreen
from salestui.tui.screens.deal_forms import ConfirmDialog
from tests.conftest import TODAY
from tests.tui.session import NARROW, WIDE, running, wait_until
from tests.tui.test_hot import HIRED, STAFF
from tests.unit.test_calls import CHECKLIST

# The default checklist's codes in order: greeting*, needs*, presentation, objections,
# next_step* (* mandatory; weights 1, 3, 2, 3, 3; every item 0–2).
CODES = ("greeting", "needs", "presentation", "objections", "next_step")
# The other employees' calls: their scores cycle through these (n: N/A).
PATTERNS = ("22222", "21212", "12121", "22n12", "11111", "221n2")
# These two score low (average under 60%).
LOW = (5, 11)


def answers(scores: str) -> dict[str, int | str]:
    """Return answers from one character per item: a digit, or n for N/A."""
    return {c: NA if s == "n" else int(s) for c, s in zip(CODES, scores, strict=True)}


def build_calls_db(path: Path) -> Repository:
    """Build the fixture: 20 employees (one more who left), their deals and call reviews.

    Анна Смирнова was never heard (first in the queue), Борис Петров not since Nov 5 (second),
    Olivia Johnson was heard today (4 min), the others within the last three weeks; two of
    them score low."""
    repo = Repository.open(path, create=True)
    staff = [repo.add_employee(Employee(name, hired=HIRED)) for name in STAFF]
    gone = repo.add_employee(Employee("Пётр Уволенный", hired=HIRED, left=date(2026, 10, 30)))
    anna, boris, olivia = staff[0].id, staff[1].id, staff[2].id
    for name, owner, stage in (
        ("ООО «Ромашка»", anna, "application"),
        ("Acme Ltd", anna, "meeting"),
        ("ООО «Ромашка-2»", boris, "application"),
    ):
        client = repo.save_client(Client(name, owner, date(2026, 10, 1)))
        deal = Deal(client.id, owner, date(2026, 10, 1), stage, 48_000_000, 60)
        repo.add_deal(deal, date(2026, 10, 1))
    reviews = [
        CallReview(
            date(2026, 10, 20),
            boris,
            answers("11011"),
            duration_s=240,
            notes="Перебивал клиента",
            action="Дослушивать клиента до конца",
        ),
        CallReview(
            date(2026, 11, 5),
            boris,
            answers("10n01"),
            duration_s=240,
            notes="Не спросил про бюджет",
            action="Спрашивать бюджет и кто принимает решение",
        ),
        CallReview(TODAY, olivia, answers("22222"), duration_s=240, notes="Textbook call"),
        CallReview(date(2026, 10, 15), gone.id, answers("00000"), duration_s=300),
    ]
    for i, employee in enumerate(staff[3:], 3):
        for n, back in enumerate((i % 9 + 1, i % 9 + 8, i % 9 + 15)):
            scores = "10001" if i in LOW else PATTERNS[(i + n) % len(PATTERNS)]
            notes = "Читал скрипт, не слышал клиента" if n == 0 else ""
            action = "Паузы после вопросов" if n == 0 and i in LOW else ""
            day = TODAY - timedelta(days=back)
            duration = 120 + 10 * i
            reviews.append(
                CallReview(day, employee.id, answers(scores), None, "", duration, notes, action)
            )
    for review in reviews:
        repo.add_call_review(review)
    return repo


@pytest.fixture
def calls_path(tmp_path: Path) -> Path:
    """A database folder with the fixture's team, deals and call reviews."""
    path = tmp_path / "calls"
    build_calls_db(path).close()
    return path


# -- the screen's formulas -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("", 0),
        ("4:30", 270),
        (" 04:05 ", 245),
        ("1:02:03", 3723),
        ("5", 300),
        ("4.5", 270),
        ("4,5", 270),
        ("0", 0),
        ("abc", None),
        ("4:5", None),
        ("4:75", None),
        ("-3", None),
        ("4 min", None),
        ("1:2:3:4", None),
        ("٤", None),
        ("300", None),
        ("4:00:01", None),
    ],
)
def test_parse_duration(text: str, seconds: int | None) -> None:
    """m:ss, h:mm:ss and minutes (. or ,); anything else, or over four hours, is not one."""
    assert parse_duration(text) == seconds


def test_minutes_heard_and_left() -> None:
    """Today's calls and their minutes (5 for one without a length); what is left of 10–15."""
    reviews = [
        CallReview(TODAY, 1, {}, duration_s=240),
        CallReview(TODAY, 2, {}),
        CallReview(TODAY - timedelta(days=1), 3, {}, duration_s=600),
    ]
    assert minutes_heard(reviews, TODAY) == (2, 4 + CALL_MINUTES)
    assert minutes_left(0) == (10, 15)
    assert minutes_left(9) == (1, 6)
    assert minutes_left(12.4) == (0, 3)
    assert minutes_left(20) == (0, 0)


def test_trend_change_compares_the_last_two_weeks_with_a_score() -> None:
    """The latest week with a score against the nearest earlier one; None without two."""
    monday = date(2026, 11, 23)
    weeks = [(monday - timedelta(weeks=n), s, 1) for n, s in ((3, 50.0), (2, None), (1, 70.0))]
    assert trend_change([*weeks, (monday, None, 0)]) == 20.0
    assert trend_change([*weeks, (monday, 65.0, 1)]) == -5.0
    assert trend_change([(monday, 80.0, 1)]) is None


def test_by_employee_windows() -> None:
    """4 weeks for the count and mean, 12 for the failed items; the latest review is kept."""
    reviews = [
        CallReview(TODAY - timedelta(days=27), 1, answers("22222"), id=1),
        CallReview(TODAY - timedelta(days=28), 1, answers("00000"), id=2),
        CallReview(TODAY - timedelta(days=84), 1, answers("00000"), id=3),
        CallReview(TODAY - timedelta(days=27), 1, answers("22220"), id=4),
        CallReview(TODAY + timedelta(days=1), 1, answers("00000"), id=5),
    ]
    calls = by_employee(reviews, CHECKLIST, [1, 2], TODAY, 4)
    one = calls[1]
    # 100% and 75% (next step failed: 18 of 24), the 28-day-old review left out.
    assert one.recent.reviews == 2 and one.recent.avg_score == 87.5
    # 84 days back is just outside the twelve weeks.
    assert one.quarter.reviews == 3
    assert one.quarter.failed == {
        "next_step": 2,
        "needs": 1,
        "objections": 1,
        "presentation": 1,
        "greeting": 1,
    }
    assert one.last is not None and one.last.id == 4
    assert len(one.weeks) == 4
    assert calls[2].last is None and calls[2].recent.reviews == 0


# -- helpers -------------------------------------------------------------------------------


def text_of(app: SalesApp, selector: str) -> str:
    """Return the plain text of a Static on the current screen."""
    return str(app.screen.query_one(selector, Static).render())


def rows(app: SalesApp) -> list[list[str]]:
    """Return the Calls table's rows as text."""
    table = app.screen.query_one("#calls-table", DataTable)
    return [[str(cell) for cell in table.get_row_at(n)] for n in range(table.row_count)]


def ready(app: SalesApp) -> bool:
    """Tell whether the screen on top has loaded and can take keys."""
    return bool(getattr(app.screen, "ready", False))


async def open_calls(pilot: Pilot[None], app: SalesApp) -> CallsScreen:
    """Press 7 and wait for the Calls screen."""
    await pilot.press("7")
    await wait_until(pilot, lambda: isinstance(app.screen, CallsScreen) and ready(app))
    assert isinstance(app.screen, CallsScreen)
    return app.screen


async def press_for(pilot: Pilot[None], app: SalesApp, key: str, dialog: type) -> None:
    """Press a key and wait for its dialog."""
    await pilot.press(key)
    await wait_until(pilot, lambda: isinstance(app.screen, dialog) and ready(app))
    assert isinstance(app.screen, dialog), app.screen


async def fill(pilot: Pilot[None], app: SalesApp, values: dict[str, str]) -> None:
    """Put values into the form's fields, as if typed over what they held."""
    for selector, value in values.items():
        field = app.screen.query_one(selector, Input)
        field.focus()
        field.value = value
    await pilot.pause()


def form_items(app: SalesApp) -> list[str]:
    """Return each checklist item's score as the form shows it."""
    table = app.screen.query_one("#review-items", DataTable)
    return [str(table.get_cell(code, "score")) for code in CODES]


def message(app: SalesApp) -> str:
    """Return the form's message line."""
    return text_of(app, "#review-message")


def employee(repo: Repository, name: str) -> int:
    """Return an employee's id by name."""
    found = repo.find_employee(name)
    assert found is not None
    return found.id


# -- the screen ------------------------------------------------------------------------------


async def test_queue_table_and_detail(calls_path: Path) -> None:
    """The queue names who to hear first and why; queue members lead the table with ▶1 ▶2;
    a low average is marked "!"; who left is not listed; the detail shows failed items."""
    async with running(calls_path, WIDE) as (app, pilot, _repo):
        await open_calls(pilot, app)
        queue = text_of(app, "#calls-queue").replace("\n", " ")
        assert queue.startswith("Still to hear today (≈8 min more of 10–15): ▶1 Анна Смирнова")
        assert "▶1 Анна Смирнова 4 min, never heard · ▶2 Борис Петров 4 min, heard Nov 5" in queue
        assert queue.endswith("heard today: 1 call, 4 min")
        table = rows(app)
        assert len(table) == 20
        assert [r[:2] for r in table[:2]] == [["▶1", "Анна Смирнова"], ["▶2", "Борис Петров"]]
        # Then everyone else by name.
        others = [r[1] for r in table[2:]]
        assert others == sorted(others, key=str.casefold) and {r[0] for r in table[2:]} == {""}
        by_name = {r[1]: r for r in table}
        assert "Пётр Уволенный" not in by_name
        assert by_name["Анна Смирнова"][2:6] == ["0", "—", "never", "  —   —   —   —   —   —"]
        # Борис: one review within four weeks (Nov 5): 1·1 + 3·1 of 20 (presentation N/A).
        assert by_name["Борис Петров"][2:5] == ["1", "!20%", "Nov 5"]
        assert by_name["Olivia Johnson"][2:5] == ["1", "100%", "today"]
        low = [r[1] for r in table if r[3].startswith("!")]
        assert sorted(low) == sorted(["Борис Петров", STAFF[5], STAFF[11]])
        detail = text_of(app, "#calls-detail")
        assert detail.startswith("Анна Смирнова has not been heard yet")
        await pilot.press("down")
        detail = text_of(app, "#calls-detail").replace("\n", " ")
        failed = "Needs questions asked ×1 · Objections handled ×1 · Offer presented to the need ×1"
        # Whose figures these are is said in words, not only by the cursor's colour.
        assert detail.startswith(f"Борис Петров · Failed most often (12 weeks, 2 calls): {failed}")
        assert "Last review 2026-11-05, 20%: Не спросил про бюджет" in detail
        assert "Action for the employee: Спрашивать бюджет и кто принимает решение" in detail


async def test_narrow_table_fits_and_keeps_the_key_columns(calls_path: Path) -> None:
    """At 80 columns: four weeks of trend, every column within the width, names shortened."""
    async with running(calls_path, NARROW) as (app, pilot, _repo):
        await open_calls(pilot, app)
        table = app.screen.query_one("#calls-table", DataTable)
        keys = [str(c.value) for c in table.columns]
        assert keys[:6] == ["queue", "name", "reviews", "score", "last", "trend"]
        width = sum(c.get_render_width(table) for c in table.columns.values())
        assert width <= 77
        assert rows(app)[0][5] == "  —   —   —   —"
        table = app.screen.query_one("#calls-table", DataTable)
        await pilot.press("end")
        assert table.cursor_row == 19
        await pilot.press("home")
        assert table.cursor_row == 0


async def test_scoring_a_call_from_the_keys_is_stored(
    calls_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Enter opens the form on ▶1; 7 scores (it does not open screen 7), digits score and
    move on, n marks N/A, o plays the recording; the deal is picked by typing; Ctrl+S stores
    the answers, notes, action, deal and duration; the queue moves on to ▶2."""
    out = tmp_path / "argv.json"
    script = tmp_path / "player"
    script.write_text(
        f"#!{sys.executable}\nimport json, sys\njson.dump(sys.argv[1:], open({str(out)!r}, 'w'))\n"
    )
    script.chmod(0o755)
    monkeypatch.setenv("SALESTUI_PLAYER", str(script))
    recording = tmp_path / "anna-call.mp3"
    recording.write_bytes(b"ID3")
    async with running(calls_path, WIDE) as (app, pilot, repo):
        await open_calls(pilot, app)
        anna = employee(repo, "Анна Смирнова")
        await press_for(pilot, app, "enter", ReviewForm)
        assert text_of(app, "#review-title") == "Call review · Анна Смирнова · 2026-11-26"
        # The app binds 7 to the Calls screen; on the items list it is a score: refused here.
        await pilot.press("7")
        assert isinstance(app.screen, ReviewForm)
        assert message(app) == "✗ Greeting and introduction: 7 is not a score from 0 to 2"
        await pilot.press("2", "1", "n")
        assert form_items(app) == ["2/2", "1/2", "N/A", "·", "·"]
        assert text_of(app, "#review-score") == "Score 62% · 2 of 5 scored · N/A 1"
        await pilot.press("0", "2")
        assert text_of(app, "#review-score") == "Score 55% · 4 of 5 scored · N/A 1"
        # The deal: a few letters of a client of Анна's (Борис's «Ромашка-2» is not offered).
        await pilot.press("tab", *"ром")
        await wait_until(pilot, lambda: bool(app.screen.query_one("#deal-list").display))
        listing = app.screen.query_one("#deal-list")
        assert listing.option_count == 1  # type: ignore[attr-defined]
        await pilot.press("down", "enter")
        assert app.screen.query_one("#deal", Input).value.startswith("ООО «Ромашка» · Application")
        assert app.focused is app.screen.query_one("#recording", Input)
        await fill(
            pilot,
            app,
            {
                "#recording": str(recording),
                "#duration": "4:30",
                "#notes": "Спросил про бюджет, но не про сроки",
                "#action": "Спрашивать сроки решения",
            },
        )
        await pilot.press("ctrl+o")
        await wait_until(pilot, out.exists)
        assert json.loads(out.read_text()) == [str(recording)]
        assert message(app).startswith("▶ Playing ")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, CallsScreen))
        stored = [r for r in repo.call_reviews(TODAY, TODAY) if r.employee_id == anna]
        assert len(stored) == 1
        review = stored[0]
        assert review.answers == answers("21n02")
        romashka = next(
            d for d in repo.open_deals() if d.owner == anna and d.stage == "application"
        )
        assert review.deal_id == romashka.id
        assert (review.duration_s, review.recording) == (270, str(recording))
        assert review.notes == "Спросил про бюджет, но не про сроки"
        assert review.action == "Спрашивать сроки решения"
        assert [n.message for n in app._notifications] == ["Saved: Анна Смирнова, 55%"]
        # Анна heard: Борис is first now, the cursor on him; 8.5 of 10–15 minutes heard.
        assert rows(app)[0][:2] == ["▶1", "Борис Петров"]
        screen = app.screen
        assert isinstance(screen, CallsScreen)
        line = screen.selected()
        assert line is not None and line.employee.name == "Борис Петров"
        assert "heard today: 2 calls, 8 min" in text_of(app, "#calls-queue").replace("\n", " ")


async def test_refusals_keep_the_form_and_the_store(calls_path: Path) -> None:
    """N/A on a mandatory item, a score above the maximum, an unscored item (the cursor goes
    to it), a duration that is not one, a deal typed but not picked: each refused with a
    message naming it; Esc after scoring asks first; nothing is stored."""
    async with running(calls_path, NARROW) as (app, pilot, repo):
        await open_calls(pilot, app)
        before = repo.call_reviews(TODAY - timedelta(days=400), TODAY)
        await press_for(pilot, app, "a", ReviewForm)
        await pilot.press("o")
        assert message(app).startswith("✗ No recording to play: give its file path or URL")
        await pilot.press("n")
        assert message(app) == "✗ Greeting and introduction: a mandatory item cannot be N/A"
        assert form_items(app)[0] == "·"
        await pilot.press("2", "2", "k", "backspace")
        assert form_items(app)[:2] == ["2/2", "·"]
        await pilot.press("j", "k", "2", "n", "1")
        assert form_items(app) == ["2/2", "2/2", "N/A", "1/2", "·"]
        await pilot.press("ctrl+s")
        assert message(app) == ("✗ Next step agreed: not scored (a score, or N/A where allowed)")
        items = app.screen.query_one("#review-items", DataTable)
        assert items.cursor_row == 4 and app.focused is items
        await pilot.press("2")
        await fill(pilot, app, {"#duration": "четыре"})
        await pilot.press("ctrl+s")
        assert message(app).startswith("✗ Duration: «четыре» is not a call length")
        await fill(pilot, app, {"#duration": "4", "#deal": "Ромашка-2"})
        await pilot.press("ctrl+s")
        assert message(app).startswith("✗ Deal: «Ромашка-2» is not one deal")
        assert repo.call_reviews(TODAY - timedelta(days=400), TODAY) == before
        await press_for(pilot, app, "escape", ConfirmDialog)
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, ReviewForm))
        assert form_items(app) == ["2/2", "2/2", "N/A", "1/2", "2/2"]
        await press_for(pilot, app, "escape", ConfirmDialog)
        await pilot.press("y")
        await wait_until(pilot, lambda: isinstance(app.screen, CallsScreen))
        assert repo.call_reviews(TODAY - timedelta(days=400), TODAY) == before
        # Nothing scored or typed: Esc closes at once.
        await press_for(pilot, app, "a", ReviewForm)
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, CallsScreen))


async def test_history_opens_a_review_to_edit(calls_path: Path) -> None:
    """h lists Борис's reviews newest first; Enter opens one in the form, filled in; a
    changed score is saved to the same review; m marks the routine done."""
    async with running(calls_path, WIDE) as (app, pilot, repo):
        await open_calls(pilot, app)
        boris = employee(repo, "Борис Петров")
        await pilot.press("down")
        await press_for(pilot, app, "h", HistoryDialog)
        assert text_of(app, "#history-title") == "Борис Петров · 2 call reviews since 2025-11-26"
        table = app.screen.query_one("#history-table", DataTable)
        assert [str(table.get_row_at(n)[0]) for n in range(table.row_count)] == [
            "2026-11-05",
            "2026-10-20",
        ]
        # A refusal is marked ✗, not only coloured.
        await pilot.press("o")
        assert text_of(app, "#history-hint").startswith("✗ This review has no recording")
        await press_for(pilot, app, "enter", ReviewForm)
        assert text_of(app, "#review-title") == "Edit call review · Борис Петров · 2026-11-05"
        # A failed score (below half) is marked "!", not only red.
        assert form_items(app) == ["1/2", "!0/2", "N/A", "!0/2", "1/2"]
        assert app.screen.query_one("#duration", Input).value == "4:00"
        assert app.screen.query_one("#notes", Input).value == "Не спросил про бюджет"
        await pilot.press("down", "2")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, HistoryDialog))
        # Needs scored 2 now: 1·1 + 3·2 + 3·1 of 20.
        assert str(table.get_row_at(0)[1]) == "50%"
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, CallsScreen))
        mine = [r for r in repo.call_reviews(date(2026, 10, 1), TODAY) if r.employee_id == boris]
        assert [(r.date, r.answers) for r in mine] == [
            (date(2026, 10, 20), answers("11011")),
            (date(2026, 11, 5), answers("12n01")),
        ]
        assert mine[1].action == "Спрашивать бюджет и кто принимает решение"
        assert rows(app)[1][3] == "!50%"
        await pilot.press("m")
        await pilot.pause()
        assert [r.routine for r in repo.routines_done(TODAY, TODAY)] == ["calls"]


async def test_queue_done_once_the_lesson_is_heard(calls_path: Path) -> None:
    """Once 10 minutes were heard today the queue says so instead of naming people."""
    repo = Repository.open(calls_path)
    ids = [employee(repo, name) for name in ("Ava Moore", "Mia Taylor")]
    for n, employee_id in enumerate(ids):
        repo.add_call_review(CallReview(TODAY, employee_id, answers("22222"), duration_s=200 + n))
    repo.close()
    async with running(calls_path, NARROW) as (app, pilot, _repo):
        await open_calls(pilot, app)
        queue = text_of(app, "#calls-queue").replace("\n", " ")
        assert queue == "✓ Today's listening is done: 3 calls, 11 min (target 10–15 min)"
        assert {r[0] for r in rows(app)} == {""}


async def test_an_item_scored_to_ten_takes_1_then_0(tmp_path: Path) -> None:
    """On a 0–10 item, 1 waits for a 0 (10) or another key; 0–9 alone score and move on."""
    repo = Repository.open(tmp_path / "db", create=True)
    anna = repo.add_employee(Employee("Anna Smirnova", hired=HIRED))
    items = (
        ChecklistItem("tone", "Tone", "Тон", 2, 10, mandatory=True),
        ChecklistItem("close", "Close", "Закрытие", 1, 10),
    )
    repo.save_settings(replace(repo.settings(), call_checklist=items))
    repo.close()
    async with running(tmp_path / "db", NARROW) as (app, pilot, repo):
        await open_calls(pilot, app)
        await press_for(pilot, app, "enter", ReviewForm)
        # 1 0 on the first: 10; 1 on the second waits, ↓ (the last row: it stays) ends the
        # wait, so 0 is a 0.
        await pilot.press("1", "0", "1")
        table = app.screen.query_one("#review-items", DataTable)
        assert [str(table.get_cell(c, "score")) for c in ("tone", "close")] == ["10/10", "!1/10"]
        await pilot.press("down", "0")
        assert str(table.get_cell("close", "score")) == "!0/10"
        await pilot.press("7", "ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, CallsScreen))
        assert [r.answers for r in repo.call_reviews(TODAY, TODAY)] == [{"tone": 10, "close": 7}]
        assert [r.employee_id for r in repo.call_reviews(TODAY, TODAY)] == [anna.id]


async def test_a_long_checklist_scrolls_and_keeps_refusals_in_sight(tmp_path: Path) -> None:
    """Twelve items at 80×24: Tab reaches the last field, which scrolls into view, and a
    refusal shows below the fields (it was pushed out of sight, as by the suggestions)."""
    repo = Repository.open(tmp_path / "db", create=True)
    repo.add_employee(Employee("Anna Smirnova", hired=HIRED))
    items = tuple(ChecklistItem(f"item{n}", f"Item {n}", f"Пункт {n}") for n in range(12))
    repo.save_settings(replace(repo.settings(), call_checklist=items))
    repo.close()
    async with running(tmp_path / "db", NARROW) as (app, pilot, _repo):
        await open_calls(pilot, app)
        await press_for(pilot, app, "a", ReviewForm)
        action = app.screen.query_one("#action", Input)
        await pilot.press(*["tab"] * 5)
        assert app.focused is action
        await pilot.pause()
        fields = app.screen.query_one("#review")
        assert fields.region.contains_region(action.region)
        await pilot.press("ctrl+s")
        assert message(app) == "✗ Item 0: not scored (a score, or N/A where allowed)"
        shown = app.screen.query_one("#review-message", Static).region
        assert shown.height >= 1 and app.screen.region.contains_region(shown)
