"""Pilot tests of the Stats screen (routines 4 and 5): its five tabs against the CLI reports and
the queries, the period and employee keys, the what-if's keys, other funnels, and sizes.

Every test runs the real app on a real database folder (the seeded demo, or a small one built
here); the numbers on screen are checked against `salestui report … --format json` run as a
subprocess on the same folder, against salestui.queries, or against arithmetic done here.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.screen import Screen
from textual.widgets import Input, Static

from salestui import queries
from salestui.analytics.forecast import reverse_funnel
from salestui.i18n import DASH, fmt_decimal, fmt_int, fmt_ratio, set_language, tr
from salestui.models import REVENUE, Client, Deal, Employee, Invoice, MetricDef
from salestui.stats_views import TEAM, DurationView, ForecastView, RatiosView, WhatIf
from salestui.store import Repository
from salestui.tui.app import SalesApp
from salestui.tui.screens.prompt import Prompt, TextPrompt
from salestui.tui.screens.stats import TABS, StatsScreen, view_key
from salestui.tui.screens.today import TodayScreen
from salestui.tui.widgets.line_table import LineTable
from salestui.tui.widgets.weekly_chart import BarChart
from tests.conftest import TODAY
from tests.tui.session import NARROW, WIDE, Session, running, wait_until
from tests.unit.test_cli import PINNED, run

NOVEMBER = (date(2026, 11, 1), date(2026, 11, 30))
OCTOBER = (date(2026, 10, 1), date(2026, 10, 31))
# November 2026 has 21 working days (Monday to Friday).
NOVEMBER_DAYS = 21
# The demo's people this file picks by name: Jessica has 20 payments of her own in the four
# weeks to Nov 26 (her own ratios); Robert Clark left in July (no numbers in the autumn).
JESSICA, ROBERT_CLARK = "Jessica Wilson", "Robert Clark"

# -- helpers -----------------------------------------------------------------------------------


def report(db: Path, home: Path, name: str, *options: str) -> list[dict[str, Any]]:
    """Run `salestui report NAME --format json` on a database folder; return the rows."""
    home.mkdir(exist_ok=True)
    done = run(home, "--db", db, *PINNED, "report", name, "--format", "json", *options)
    assert done.returncode == 0, done.stderr
    rows: list[dict[str, Any]] = json.loads(done.stdout)
    return rows


def period_report(
    db: Path, home: Path, name: str, period: tuple[date, date]
) -> list[dict[str, Any]]:
    """Run a report of a period (--from, --to) as JSON; return the rows."""
    return report(db, home, name, "--from", str(period[0]), "--to", str(period[1]))


def by_name(rows: list[dict[str, Any]], repo: Repository) -> dict[int, dict[str, Any]]:
    """Key a report's rows by employee id (TEAM for the TOTAL row)."""
    ids = {e.name: e.id for e in repo.employees()} | {"TOTAL": TEAM}
    return {ids[row["employee"]]: row for row in rows}


def stats(app: SalesApp) -> StatsScreen:
    """Return the Stats screen (it is the one in front)."""
    screen = app.screen
    assert isinstance(screen, StatsScreen), screen
    return screen


def gathered(screen: StatsScreen) -> bool:
    """Tell whether the shown tab's numbers are in."""
    return screen.key(screen.section) in screen.views


async def settle(session: Session) -> StatsScreen:
    """Wait until Stats is in front with the shown tab's numbers gathered and drawn."""
    app, pilot, _ = session
    await wait_until(pilot, lambda: isinstance(app.screen, StatsScreen) and gathered(app.screen))
    screen = stats(app)
    assert gathered(screen), f"the {screen.section} tab's numbers were not gathered in time"
    assert screen.failures == {}
    await pilot.pause()
    return screen


async def press(session: Session, *keys: str) -> StatsScreen:
    """Press keys on Stats and wait for the shown tab's numbers."""
    await session[1].press(*keys)
    return await settle(session)


def title(screen: StatsScreen, tab: str) -> str:
    """Return the title line of a tab as shown."""
    return str(screen.query_one(f"#{tab}-title", Static).content)


def table(screen: StatsScreen, table_id: str) -> LineTable:
    """Return one of the screen's tables."""
    return screen.query_one(f"#{table_id}", LineTable)


def cell(screen: StatsScreen, table_id: str, row: str, column: str) -> str:
    """Return a table cell as shown (the ▼ of the weakest link left out)."""
    return table(screen, table_id).cell(row, column).removeprefix("▼")


def row_keys(screen: StatsScreen, table_id: str) -> list[str]:
    """Return a table's row keys in order."""
    return table(screen, table_id).row_keys()


def column_keys(screen: StatsScreen, table_id: str) -> list[str]:
    """Return a table's column keys in order."""
    return table(screen, table_id).column_keys()


def chart_values(screen: StatsScreen) -> list[float]:
    """Return the bars of the funnel chart."""
    return list(screen.query_one("#funnel-chart", BarChart)._values)


def in_front(app: SalesApp) -> Screen[Any]:
    """Return the screen in front: a dialog, or the screen it was opened on."""
    return app.screen


def prompt_error(app: SalesApp) -> str:
    """Return the line under a dialog's field (its hint, or why the value was refused,
    without the "✗ " a refusal starts with)."""
    return str(app.screen.query_one("#prompt-error", Static).content).removeprefix("✗ ")


async def type_into_prompt(session: Session, text: str) -> None:
    """Replace what a dialog's field holds with text and press Enter."""
    app, pilot, _ = session
    assert isinstance(app.screen, Prompt), app.screen
    await pilot.press("ctrl+u", *text, "enter")
    await pilot.pause()


def id_of(repo: Repository, name: str) -> int:
    """Return an employee's id by name."""
    found = repo.find_employee(name)
    assert found is not None, name
    return found.id


async def every_tab_counted(session: Session) -> tuple[StatsScreen, list[tuple[Any, ...]]]:
    """Open Stats (5) and wait until this month's five tabs are counted; return the screen
    and the tabs' keys."""
    await session[1].press("5")
    screen = await settle(session)
    tabs = [screen.key(tab) for tab in TABS]
    await wait_until(session[1], lambda: all(key in screen.views for key in tabs))
    return screen, tabs


def pay_100(repo: Repository) -> None:
    """Save a payment of 1.00 on an open invoice (as another screen would)."""
    invoice = next(i for i in repo.open_invoices() if i.open_amount > 100 and not i.cancelled)
    repo.record_payment(invoice.id, TODAY, 100)


async def counted_since_the_save(
    session: Session, screen: StatsScreen, tabs: list[tuple[Any, ...]]
) -> None:
    """Wait until every tab's numbers were counted after the last save."""
    repo = session[2]
    await wait_until(session[1], lambda: all(screen._stamps.get(k) == repo.writes for k in tabs))


def shown_keys(screen: StatsScreen) -> set[tuple[str, str]]:
    """Return the keys the footer shows: each binding's key and message id."""
    return {
        (b.key, b.description) for _, b, on, _ in screen.active_bindings.values() if on and b.show
    }


def what_if(screen: StatsScreen) -> WhatIf:
    """Return the what-if of the shown month."""
    view = screen.views[screen.key("whatif")]
    assert isinstance(view, WhatIf)
    return view


async def cursor_to(session: Session, screen: StatsScreen, employee: int, code: str) -> None:
    """Move the what-if table's cursor to an employee's row and a metric's column, with the
    arrow keys."""
    pilot = session[1]
    grid = table(screen, "required")
    row = row_keys(screen, "required").index(str(employee))
    column = column_keys(screen, "required").index(code)
    down, right = row - grid.cursor_row, column - grid.cursor_column
    await pilot.press(*["down" if down > 0 else "up"] * abs(down))
    await pilot.press(*["right" if right > 0 else "left"] * abs(right))
    assert (grid.cursor_row, grid.cursor_column) == (row, column)


# -- 1. opening ---------------------------------------------------------------------------------


async def test_4_opens_duration_5_ratios_and_escape_goes_back(demo_path: Path) -> None:
    """4 opens Stats on Duration, 5 on Ratios; 5 (Alt+4, F5) on Stats only switch its tab,
    the screen stays the same one; Tab and Shift+Tab cycle the tabs; Esc goes back to Today."""
    async with running(demo_path) as session:
        app, pilot, _ = session
        await pilot.press("4")
        screen = await settle(session)
        assert screen.section == "duration"
        assert str(screen.sub_title) == "Stats · Duration"
        assert screen.query_one("#duration").has_class("-shown")
        for key, tab in (
            ("5", "ratios"),
            ("alt+4", "duration"),
            ("f5", "ratios"),
            ("4", "duration"),
        ):
            assert await press(session, key) is screen, key
            assert screen.section == tab, key
            assert str(screen.sub_title) == f"Stats · {tab.title()}", key
            shown = [name for name in TABS if screen.query_one(f"#{name}").has_class("-shown")]
            assert shown == [tab], key
        # Tab and Shift+Tab walk the tabs in their order, round the end.
        for key, tab in (
            ("tab", "forecast"),
            ("shift+tab", "duration"),
            ("shift+tab", "ratios"),
            ("shift+tab", "whatif"),
            ("tab", "ratios"),
        ):
            assert await press(session, key) is screen, key
            assert screen.section == tab, key
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, TodayScreen))
        assert isinstance(app.screen, TodayScreen)
        # Opened again, Stats shows the tab the routine asks for.
        await pilot.press("5")
        assert (await settle(session)).section == "ratios"


# -- 2. the numbers against the CLI reports -------------------------------------------------------


async def test_ratios_are_the_funnel_reports(demo_path: Path, tmp_path: Path) -> None:
    """The ladder of November (and of October, Shift+←) reads, cell by cell, what
    `report funnel --from --to` says each step's ratio is, as "N : 1": a row per employee the
    report lists, and the team's row its TOTAL."""
    months = {
        period: period_report(demo_path, tmp_path / "home", "funnel", period)
        for period in (NOVEMBER, OCTOBER)
    }
    async with running(demo_path) as session:
        app, pilot, repo = session
        await pilot.press("5")
        screen = await settle(session)
        codes = repo.settings().metric_codes()
        steps = list(zip(codes, codes[1:], strict=False))
        for period, rows in months.items():
            if (screen.start, screen.end) != period:
                screen = await press(session, "shift+left")
            assert (screen.start, screen.end) == period
            expected = by_name(rows, repo)
            assert row_keys(screen, "ladder") == ["team", *(str(i) for i in expected if i)]
            checked = 0
            for employee, row in expected.items():
                key = "team" if employee == TEAM else str(employee)
                for a, b in steps:
                    shown = cell(screen, "ladder", key, f"{a}>{b}")
                    assert shown == fmt_ratio(row[f"{a}_per_{b}"]), (period, row["employee"], a)
                    checked += shown != DASH
            assert checked > 40  # real ratios, not a table of dashes


# The duration table's columns and the `report duration` keys they show.
DURATION_COLUMNS = {
    "paid": "paid_deals",
    "mean": "mean_days",
    "median": "median_days",
    "p75": "p75_days",
    "p90": "p90_days",
    "open": "open_deals",
    "km": "km_median_days",
}


def days(value: float | None) -> str:
    """Return a report's number of days as the screen writes it: one decimal at most."""
    return DASH if value is None else fmt_decimal(value, 1)


def assert_durations(
    screen: StatsScreen, rows: list[dict[str, Any]], repo: Repository, columns: list[str]
) -> None:
    """Assert the duration table has a row per row of the report, showing its numbers."""
    expected = by_name(rows, repo)
    assert row_keys(screen, "durations") == ["team", *(str(i) for i in expected if i)]
    for employee, row in expected.items():
        key = "team" if employee == TEAM else str(employee)
        shown = {c: cell(screen, "durations", key, c) for c in columns}
        assert shown == {
            c: fmt_int(row[DURATION_COLUMNS[c]])
            if c in ("paid", "open")
            else days(row[DURATION_COLUMNS[c]])
            for c in columns
        }, row["employee"]
    team = expected[TEAM]
    assert team["paid_deals"] > 100 and team["median_days"] is not None
    assert f"{fmt_int(team['paid_deals'])} deals paid" in title(screen, "duration")


async def test_duration_is_the_duration_report(demo_path: Path, tmp_path: Path) -> None:
    """The duration table of October (Shift+←) shows, per employee and for the team, the deals
    paid in it with their mean, median, P75 and P90 days, the deals open at its end and the
    Kaplan–Meier median, as `report duration --from --to` gives them. In November the paid
    deals, their days and the open deals are those `report duration` gives with no period
    (this month so far); November's Kaplan–Meier median: see the next test."""
    home = tmp_path / "home"
    so_far = report(demo_path, home, "duration")
    october = period_report(demo_path, home, "duration", OCTOBER)
    async with running(demo_path) as session:
        app, pilot, repo = session
        await pilot.press("4")
        screen = await settle(session)
        assert (screen.start, screen.end) == NOVEMBER
        assert_durations(screen, so_far, repo, [c for c in DURATION_COLUMNS if c != "km"])
        screen = await press(session, "shift+left")
        assert (screen.start, screen.end) == OCTOBER
        assert_durations(screen, october, repo, list(DURATION_COLUMNS))
        assert cell(screen, "durations", "team", "km") != DASH


async def test_duration_of_this_month_counts_to_today(demo_path: Path, tmp_path: Path) -> None:
    """On Nov 26 the Duration tab of November counts the deals still open as they are today,
    as `report duration` does for this month so far (its default): aged to the period's end,
    four days ahead, they would raise the Kaplan–Meier median (team: 113 days, not 28)."""
    # No --from/--to: this month so far, Nov 1-26.
    rows = report(demo_path, tmp_path / "home", "duration")
    async with running(demo_path) as session:
        app, pilot, repo = session
        await pilot.press("4")
        screen = await settle(session)
        assert (screen.start, screen.end) == NOVEMBER
        expected = by_name(rows, repo)
        # The deals paid and the deals open are the same either way; only the ages differ.
        shown = {c: cell(screen, "durations", "team", c) for c in ("paid", "open")}
        assert shown == {
            "paid": fmt_int(expected[TEAM]["paid_deals"]),
            "open": fmt_int(expected[TEAM]["open_deals"]),
        }
        assert expected[TEAM]["km_median_days"] == 28.0
        km = {
            employee: cell(screen, "durations", "team" if employee == TEAM else str(employee), "km")
            for employee in expected
        }
        assert km == {employee: days(row["km_median_days"]) for employee, row in expected.items()}


MONEY_KEYS = ("fact_to_date", "run_rate_projection", "plan", "weighted_pipeline", "funnel_forecast")


def forecast_values(view: ForecastView, employee: int) -> dict[str, int | None]:
    """Return the money of one forecast row (minor units) under the report's keys."""
    found = view.team if employee == TEAM else view.per[employee]
    return {
        "fact_to_date": found.fact_to_date,
        "run_rate_projection": found.projection,
        "plan": found.plan,
        "weighted_pipeline": found.weighted_pipeline,
        "funnel_forecast": found.funnel.amount,
    }


def minor(value: float | int | None) -> int | None:
    """Return a report's money (major units, 1234.5) in minor units."""
    return None if value is None else round(value * 100)


async def test_forecast_is_the_forecast_report(demo_path: Path, tmp_path: Path) -> None:
    """The forecast tab's numbers are `report forecast --as-of`'s: money so far, the run-rate,
    the plan, the weighted pipeline and the funnel forecast, per employee and the team's, for
    Nov 26 (today, in November) and for Oct 31 (October's end, Shift+←). The report writes
    money in major units (12345.67); the view keeps minor units."""
    as_of = (TODAY, OCTOBER[1])
    home = tmp_path / "home"
    reports = {day: report(demo_path, home, "forecast", "--as-of", str(day)) for day in as_of}
    async with running(demo_path) as session:
        app, pilot, repo = session
        await pilot.press("4", "f")
        screen = await settle(session)
        for day in as_of:
            if screen.as_of != day:
                screen = await press(session, "shift+left")
            assert screen.as_of == day
            view = screen.views[screen.key("forecast")]
            assert isinstance(view, ForecastView) and view.as_of == day
            expected = by_name(reports[day], repo)
            assert row_keys(screen, "forecasts") == ["team", *(str(i) for i in expected if i)]
            for employee, row in expected.items():
                assert forecast_values(view, employee) == {
                    key: minor(row[key]) for key in MONEY_KEYS
                }, (day, row["employee"])
            team = forecast_values(view, TEAM)
            assert team["fact_to_date"] and team["plan"] and team["funnel_forecast"]
        assert title(screen, "forecast").startswith("October 2026 as of 2026-10-31")


# -- 3. periods ---------------------------------------------------------------------------------


def assert_counts(view: RatiosView, repo: Repository, start: date, end: date) -> None:
    """Assert a ratios view holds the funnel counts queries.metric_counts sums for a period."""
    per, team = queries.metric_counts(repo, start, end, [e.id for e in repo.employees()])
    assert view.team.counts == team
    assert {e.id: view.per[e.id].counts for e in view.staff} == {
        e.id: per[e.id] for e in view.staff
    }
    # Everyone with numbers in the period has a row.
    assert {i for i, counts in per.items() if any(counts.values())} <= {e.id for e in view.staff}


async def test_shift_arrows_and_p_change_the_period_and_reuse_what_was_counted(
    demo_path: Path,
) -> None:
    """Shift+← shows October, counted as queries.metric_counts sums October; p makes the
    period the quarter holding it, p again the week holding today; Shift+→ and Shift+← come
    back to a week already counted: its numbers are drawn at once from the same view object,
    nothing is gathered again. The monthly tabs count to October's last day."""
    async with running(demo_path) as session:
        app, pilot, repo = session
        await pilot.press("5")
        screen = await settle(session)
        november = screen.views[screen.key("ratios")]
        assert isinstance(november, RatiosView)
        assert_counts(november, repo, *NOVEMBER)
        assert title(screen, "ratios").startswith("November 2026 · ")

        screen = await press(session, "shift+left")
        assert (screen.start, screen.end, screen.length) == (*OCTOBER, "month")
        assert title(screen, "ratios").startswith("October 2026 · ")
        october = screen.views[screen.key("ratios")]
        assert isinstance(october, RatiosView) and october is not november
        assert_counts(october, repo, *OCTOBER)
        assert october.team.counts != november.team.counts
        calls, talks = october.team.counts["cold_calls"], october.team.counts["conversations"]
        first_step = cell(screen, "ladder", "team", "cold_calls>conversations")
        assert first_step == fmt_ratio(calls / talks)
        # The monthly tabs: October as of its last day.
        screen = await press(session, "f")
        assert screen.as_of == OCTOBER[1] and screen.key("forecast") == ("forecast", OCTOBER[1])
        screen = await press(session, "r")

        screen = await press(session, "p")
        assert (screen.start, screen.end, screen.length) == (
            date(2026, 10, 1),
            date(2026, 12, 31),
            "quarter",
        )
        assert title(screen, "ratios").startswith("Q4 2026 · ")
        quarter = screen.views[screen.key("ratios")]
        assert isinstance(quarter, RatiosView)
        assert_counts(quarter, repo, date(2026, 10, 1), date(2026, 12, 31))

        screen = await press(session, "p")
        week = (date(2026, 11, 23), date(2026, 11, 29))  # the quarter holds today: its week
        assert (screen.start, screen.end, screen.length) == (*week, "week")
        assert title(screen, "ratios").startswith("week 2026-11-23 – 2026-11-29 · ")
        this_week = screen.views[screen.key("ratios")]
        assert isinstance(this_week, RatiosView)
        assert_counts(this_week, repo, *week)
        took = screen.timings[screen.key("ratios")]

        screen = await press(session, "shift+right")
        assert (screen.start, screen.end) == (date(2026, 11, 30), date(2026, 12, 6))
        counted = dict(screen.views)
        await pilot.press("shift+left")
        # Drawn at once, without "Counting…" in between, from the view counted before.
        assert (screen.start, screen.end) == week
        assert title(screen, "ratios").startswith("week 2026-11-23 – 2026-11-29 · ")
        await pilot.pause(0.2)
        assert screen.views[screen.key("ratios")] is this_week
        assert screen.timings[screen.key("ratios")] == took
        # Nothing counted before was counted again (the periods one key away may be new).
        assert all(screen.views[key] is view for key, view in counted.items())
        # p makes it November again (the week holds today); October was kept all along.
        await pilot.press("p", "shift+left")
        assert (screen.start, screen.end, screen.length) == (*OCTOBER, "month")
        assert screen.views[screen.key("ratios")] is october


async def test_the_periods_one_key_away_are_counted_while_the_keys_rest(demo_path: Path) -> None:
    """Once the keys rest, the previous month (Shift+←) and the quarter (p) are counted in
    the background: Shift+← then draws October at once, from numbers counted before the key,
    as the same sums as counted for it directly."""
    async with running(demo_path) as session:
        app, pilot, repo = session
        await pilot.press("5")
        screen = await settle(session)
        october = view_key("ratios", *OCTOBER, OCTOBER[1])
        quarter = view_key("ratios", date(2026, 10, 1), date(2026, 12, 31), TODAY)
        await wait_until(pilot, lambda: october in screen.views and quarter in screen.views)
        assert october in screen.views and quarter in screen.views
        ahead = screen.views[october]
        await pilot.press("shift+left")
        # No wait for a worker: the title and the table are October's on the key.
        assert title(screen, "ratios").startswith("October 2026 · ")
        assert screen.views[screen.key("ratios")] is ahead
        assert isinstance(ahead, RatiosView)
        assert_counts(ahead, repo, *OCTOBER)
        calls, talks = ahead.team.counts["cold_calls"], ahead.team.counts["conversations"]
        assert cell(screen, "ladder", "team", "cold_calls>conversations") == fmt_ratio(
            calls / talks
        )


async def test_after_a_save_the_other_tabs_are_counted_again_while_the_keys_rest(
    demo_path: Path,
) -> None:
    """A payment saved while Stats is open makes every tab's numbers stale; shown again, the
    tab in front is counted again at once and the others once the keys rest, so the next tab
    is drawn from numbers counted after the save, with the payment in them."""
    async with running(demo_path) as session:
        app, pilot, repo = session
        screen, tabs = await every_tab_counted(session)
        before = screen.views[screen.key("forecast")]
        assert isinstance(before, ForecastView)
        pay_100(repo)
        screen.show_tab("ratios")  # as on coming back to the screen
        await counted_since_the_save(session, screen, tabs)
        after = screen.views[screen.key("forecast")]
        assert isinstance(after, ForecastView) and after is not before
        assert after.team.fact_to_date == before.team.fact_to_date + 100
        await pilot.press("f")
        assert screen.views[screen.key("forecast")] is after
        assert title(screen, "forecast").startswith("November 2026")


async def test_a_save_on_another_screen_is_counted_before_stats_comes_back(
    demo_path: Path,
) -> None:
    """Stats counted, the user goes to Today and a payment is saved there: while the keys
    rest, Stats counts its tabs again behind Today, so 5 shows the new numbers at once."""
    async with running(demo_path) as session:
        app, pilot, repo = session
        screen, tabs = await every_tab_counted(session)
        before = screen.views[screen.key("forecast")]
        assert isinstance(before, ForecastView)
        await pilot.press("0")
        assert isinstance(app.screen, TodayScreen)
        pay_100(repo)
        await counted_since_the_save(session, screen, tabs)
        assert isinstance(app.screen, TodayScreen)  # counted from behind
        counted = dict(screen.timings)
        await pilot.press("5")
        assert stats(app) is screen
        await pilot.press("f")
        after = screen.views[screen.key("forecast")]
        assert isinstance(after, ForecastView) and after is not before
        assert after.team.fact_to_date == before.team.fact_to_date + 100
        assert screen.timings == counted  # nothing was counted on coming back


async def test_an_employee_renamed_behind_stats_is_shown_renamed(demo_path: Path) -> None:
    """An employee renamed while Stats is behind Today: the tabs counted again from behind
    list the new name (they are counted with the employees as they are now)."""
    async with running(demo_path) as session:
        app, pilot, repo = session
        screen, tabs = await every_tab_counted(session)
        await pilot.press("0")
        jessica = repo.find_employee(JESSICA)
        assert jessica is not None
        repo.update_employee(replace(jessica, name="Jessica Renamed"))
        await counted_since_the_save(session, screen, tabs)
        await pilot.press("5")
        assert stats(app) is screen
        await pilot.pause()
        assert cell(screen, "ladder", str(jessica.id), "name") == "Jessica Renamed"
        screen = await press(session, "w")
        assert cell(screen, "required", str(jessica.id), "name") == "Jessica Renamed"


# -- 4. whose charts ----------------------------------------------------------------------------


async def test_slash_picks_whose_funnel_the_bars_show(demo_path: Path) -> None:
    """/ asks whose charts: a few letters of a name show that employee's November counts in
    the funnel bars (and the name in the title); a name nobody has, or letters several names
    share, keep the dialog open saying so; an empty line brings the team's bars back."""
    async with running(demo_path) as session:
        app, pilot, repo = session
        jessica = id_of(repo, JESSICA)
        codes = repo.settings().metric_codes()
        per, team = queries.metric_counts(repo, *NOVEMBER, [e.id for e in repo.employees()])
        await pilot.press("5")
        screen = await settle(session)
        assert screen.employee == TEAM
        assert chart_values(screen) == [float(team[c]) for c in codes]
        assert title(screen, "ratios").endswith("bars: Team")

        await pilot.press("slash")
        assert isinstance(in_front(app), TextPrompt)
        await type_into_prompt(session, "ssica W")
        screen = await settle(session)
        assert screen.employee == jessica
        assert chart_values(screen) == [float(per[jessica][c]) for c in codes]
        assert per[jessica] != team and per[jessica]["cold_calls"] > 100
        assert title(screen, "ratios").endswith(f"bars: {JESSICA}")
        # The ladder still lists everyone.
        assert {"team", str(jessica)} < set(row_keys(screen, "ladder"))

        await pilot.press("full_stop")
        prompt = app.screen
        assert isinstance(prompt, TextPrompt)
        assert prompt.query_one(Input).value == JESSICA
        for typed, said in (
            ("Zorro", "No employee's name contains «Zorro»"),
            ("Oliver", "«Oliver» matches several: Oliver Brown, Oliver Johnson"),
        ):
            await type_into_prompt(session, typed)
            assert in_front(app) is prompt, typed
            assert prompt_error(app).startswith(said), typed
        await type_into_prompt(session, "")
        screen = await settle(session)
        assert screen.employee == TEAM
        assert chart_values(screen) == [float(team[c]) for c in codes]
        # Another tab's bars follow the choice: Jessica's deals paid in November.
        await pilot.press("slash")
        await type_into_prompt(session, "jessica")
        screen = await press(session, "d")
        view = screen.views[screen.key("duration")]
        assert isinstance(view, DurationView)
        bars = list(screen.query_one("#histogram", BarChart)._values)
        assert sum(bars) == view.per[jessica].paid > 0
        assert app.failure is None


async def test_slash_on_the_what_if_goes_to_that_row_and_the_footer_stays(demo_path: Path) -> None:
    """On the what-if, / takes the cursor to the employee's row (the line of ratios then
    names them), and the footer shows the same keys on every tab (it is not laid out again
    on a switch)."""
    async with running(demo_path) as session:
        app, pilot, repo = session
        jessica = id_of(repo, JESSICA)
        await pilot.press("5")
        screen = await settle(session)
        footer = shown_keys(screen)
        assert ("full_stop", tr("stats.employee")) in footer
        screen = await press(session, "w")
        assert shown_keys(screen) == footer
        grid = table(screen, "required")
        assert grid.cursor_row == 0
        await pilot.press("slash")
        await type_into_prompt(session, "jessica")
        await pilot.pause()
        assert grid.row_keys()[grid.cursor_row] == str(jessica)
        line = str(screen.query_one("#whatif-ratios", Static).content)
        assert line.startswith(f"{JESSICA}: ")
        # Back on a tab with charts, they are hers.
        screen = await press(session, "r")
        assert screen.employee == jessica
        assert title(screen, "ratios").endswith(f"bars: {JESSICA}")


async def test_bars_of_someone_without_numbers_are_empty(demo_path: Path) -> None:
    """Robert Clark left in July: in November he has no numbers, so his funnel bars are empty
    ("No numbers in this period"), not the team's under his name."""
    async with running(demo_path) as session:
        app, pilot, repo = session
        clark = id_of(repo, ROBERT_CLARK)
        per, _ = queries.metric_counts(repo, *NOVEMBER, [clark])
        assert not any(per[clark].values())
        await pilot.press("5", "slash")
        await type_into_prompt(session, "robert c")
        screen = await settle(session)
        assert screen.employee == clark
        assert title(screen, "ratios").endswith(f"bars: {ROBERT_CLARK}")
        assert chart_values(screen) == []


# -- 5. the what-if -----------------------------------------------------------------------------


def ratio_line(screen: StatsScreen) -> str:
    """Return the what-if's line of ratios as shown."""
    return str(screen.query_one("#whatif-ratios", Static).content)


def per_day(view: WhatIf, employee: int) -> dict[str, float]:
    """Return what the what-if's target needs of an employee a working day, by metric."""
    need = view.required(employee)
    assert need is not None
    return need.per_day


def marked_step(screen: StatsScreen, view: WhatIf) -> tuple[int, str]:
    """Return the step the line of ratios marks [thus] as the one under the cursor (its index
    x→y in the funnel), and the marked text: "Talks→Mtgs 3.2 : 1"."""
    line = ratio_line(screen).splitlines()[0]
    marked = line[line.index("[") + 1 : line.index("]")]
    short = {m.code: m.short() for m in screen.settings.funnel}
    names = [f"{short[a]}→{short[b]} " for a, b in zip(view.codes, view.codes[1:], strict=False)]
    found = [n for n, name in enumerate(names) if marked.startswith(name)]
    assert len(found) == 1, line
    return found[0], marked


async def test_what_if_target_steps_and_typed_ratios(demo_path: Path, tmp_path: Path) -> None:
    """The what-if of November with a target of 100 000 a month typed, worked by hand for
    Jessica from her last four weeks (queries.trailing to Nov 26): payments = target ÷ her
    average payment, cold calls = payments × her calls per payment (the steps' ratios multiply
    to that), a day = ÷ 21 working days; Kevin, with one payment of his own, gets the team's
    ratios. The numbers are those of `report forecast --target 100000` too.

    Then, on Jessica's row: + at Meetings makes the step the line of ratios marks there (one
    into or out of meetings) 10 % better: the metrics up to its start need 10 % less, those
    after it the same; − at Payments (the step Invs→Pmts) needs 10 % more of every metric
    before payments; e types 3,5 at Calls (Calls→Talks); a ratio of abc or 0 and a target
    of -5, abc or 0 are refused naming the field; x brings back every number."""
    cli = report(demo_path, tmp_path / "home", "forecast", "--target", "100000")
    async with running(demo_path) as session:
        app, pilot, repo = session
        codes = list(repo.settings().metric_codes())
        jessica, kevin = id_of(repo, JESSICA), id_of(repo, "Kevin Lewis")
        await pilot.press("4", "w")
        screen = await settle(session)
        view = what_if(screen)
        assert view.as_of == TODAY and view.working_days == NOVEMBER_DAYS

        await pilot.press("t")
        await type_into_prompt(session, "100000")
        assert in_front(app) is screen and view.target == 10_000_000
        assert "$100,000 a month" in title(screen, "whatif")

        window = queries.trailing(repo, TODAY, [e.id for e in repo.employees()])
        own, money_in = window.counts[jessica], window.paid[jessica]
        assert own["payments"] >= 3  # enough of her own
        average = (2 * money_in + own["payments"]) // (2 * own["payments"])
        payments = 10_000_000 / average
        calls = payments * own["cold_calls"] / own["payments"]
        need = per_day(view, jessica)
        assert need["payments"] == pytest.approx(payments / NOVEMBER_DAYS)
        assert need["cold_calls"] == pytest.approx(calls / NOVEMBER_DAYS)
        by_hand = reverse_funnel(
            10_000_000, codes, own, window.team_counts, money_in, window.team_paid, NOVEMBER_DAYS
        )
        assert by_hand is not None and by_hand.ratios_from == "own"
        assert need == pytest.approx(by_hand.per_day)
        team = window.team_counts
        team_average = (2 * window.team_paid + team["payments"]) // (2 * team["payments"])
        team_calls = 10_000_000 / team_average * team["cold_calls"] / team["payments"]
        assert per_day(view, kevin)["cold_calls"] == pytest.approx(team_calls / NOVEMBER_DAYS)
        for employee, source in ((jessica, "own"), (kevin, "team's")):
            assert cell(screen, "required", str(employee), "from") == source
            assert cell(screen, "required", str(employee), "cold_calls") == fmt_decimal(
                per_day(view, employee)["cold_calls"], 1
            )
        expected = by_name(cli, repo)
        for employee in (jessica, kevin):
            assert {c: expected[employee][f"required_{c}_per_day"] for c in codes} == {
                c: round(v, 4) for c, v in per_day(view, employee).items()
            }
        original, kevin_needs = dict(need), dict(per_day(view, kevin))

        # + at Meetings: the step marked there converts 10 % better.
        await cursor_to(session, screen, jessica, "meetings")
        step, marked = marked_step(screen, view)
        a, b = codes[step], codes[step + 1]
        assert "meetings" in (a, b)
        assert view.ratio(jessica, step)[0] == pytest.approx(own[a] / own[b])
        assert marked.endswith(f" {fmt_ratio(own[a] / own[b])}")
        await pilot.press("plus")
        better = per_day(view, jessica)
        for code in codes[: step + 1]:
            assert better[code] == pytest.approx(original[code] / 1.1), code
        assert {c: better[c] for c in codes[step + 1 :]} == {
            c: original[c] for c in codes[step + 1 :]
        }
        value, changed = view.ratio(jessica, step)
        assert value == pytest.approx(own[a] / own[b] / 1.1) and changed
        assert marked_step(screen, view)[1].endswith(f" {fmt_ratio(value)}*")
        assert cell(screen, "required", str(jessica), "from") == "own*"
        assert cell(screen, "required", str(jessica), "cold_calls") == fmt_decimal(
            better["cold_calls"], 1
        )
        assert per_day(view, kevin) == kevin_needs  # another employee's: untouched
        assert view.overrides.keys() == {jessica}

        # − at Payments: Invs→Pmts converts 10 % worse; everything before payments needs more.
        await cursor_to(session, screen, jessica, "payments")
        assert marked_step(screen, view)[0] == codes.index("invoices")
        await pilot.press("minus")
        worse = per_day(view, jessica)
        assert worse["payments"] == better["payments"]
        for code in codes[:-1]:
            assert worse[code] == pytest.approx(better[code] * 1.1), code

        # e at Cold calls (the first step, Calls→Talks): 3,5 typed.
        await cursor_to(session, screen, jessica, "cold_calls")
        assert marked_step(screen, view)[0] == 0
        await pilot.press("e")
        assert isinstance(in_front(app), Prompt)
        assert str(in_front(app).query_one(Input).value) == fmt_decimal(
            own["cold_calls"] / own["conversations"], 2
        )
        for typed in ("abc", "0"):
            await type_into_prompt(session, typed)
            assert isinstance(in_front(app), Prompt), typed
            assert prompt_error(app) == f"Ratio: «{typed}» is not a number from 0.01 to 100000"
        await type_into_prompt(session, "3,5")
        assert in_front(app) is screen
        assert view.ratio(jessica, 0) == (3.5, True)
        with_typed = per_day(view, jessica)
        assert with_typed["cold_calls"] == pytest.approx(with_typed["conversations"] * 3.5)
        assert with_typed["conversations"] == worse["conversations"]
        assert "[Calls→Talks 3.5 : 1*]" in ratio_line(screen)
        assert cell(screen, "required", str(jessica), "cold_calls") == fmt_decimal(
            with_typed["cold_calls"], 1
        )

        # A bad target is refused naming the field; Esc keeps the one there was.
        await pilot.press("t")
        for typed_target, said in (
            ("-5", "Target: '-5' is below zero"),
            ("abc", "Target: 'abc' is not an amount"),
            ("0", "Target: type an amount above zero"),
        ):
            await type_into_prompt(session, typed_target)
            assert isinstance(in_front(app), Prompt), typed_target
            assert prompt_error(app).startswith(said), typed_target
        await pilot.press("escape")
        assert in_front(app) is screen and view.target == 10_000_000

        # x: every typed or nudged ratio forgotten, the numbers as they were.
        await pilot.press("x")
        assert view.overrides == {}
        assert per_day(view, jessica) == original
        assert cell(screen, "required", str(jessica), "from") == "own"
        assert "*" not in ratio_line(screen).splitlines()[0]
        assert app.failure is None


async def test_typed_ratio_in_russian(demo_path_ru: Path) -> None:
    """In Russian a target typed as 100 000,50 is 100 000.50; a typed 3,5 reads "3,5 : 1" in
    the line of ratios; a bad one is refused naming the field (Соотношение); the cold calls
    needed are then the talks × 3.5."""
    set_language("ru")
    async with running(demo_path_ru) as session:
        app, pilot, _ = session
        await pilot.press("4", "w")
        screen = await settle(session)
        view = what_if(screen)
        await pilot.press("t")
        await type_into_prompt(session, "100 000,50")
        assert in_front(app) is screen and view.target == 10_000_050
        assert "100 001 ₽" in title(screen, "whatif").replace("\u00a0", " ")  # whole: rounded
        first = view.staff[0].id
        await cursor_to(session, screen, first, "cold_calls")
        await pilot.press("e")
        await type_into_prompt(session, "abc")
        assert isinstance(in_front(app), Prompt)
        assert prompt_error(app) == "Соотношение: «abc» — не число от 0,01 до 100000"
        await type_into_prompt(session, "3,5")
        assert in_front(app) is screen
        assert view.ratio(first, 0) == (3.5, True)
        assert "3,5 : 1*]" in ratio_line(screen)
        need = per_day(view, first)
        assert need["cold_calls"] == pytest.approx(need["conversations"] * 3.5)
        assert cell(screen, "required", str(first), "cold_calls") == fmt_decimal(
            need["cold_calls"], 1
        )


async def test_target_dialog_takes_back_the_target_it_shows(demo_path: Path) -> None:
    """t opens the target dialog filled with the target typed before, written as parse_money
    reads it back ("79750", not "79,750", which it refuses); Enter on it keeps the target."""
    async with running(demo_path) as session:
        app, pilot, _ = session
        await pilot.press("4", "w")
        screen = await settle(session)
        view = what_if(screen)
        await pilot.press("t")
        await type_into_prompt(session, "79750")
        assert in_front(app) is screen and view.target == 7_975_000
        await pilot.press("t")
        assert isinstance(in_front(app), Prompt)
        assert in_front(app).query_one(Input).value == "79750"  # what parse_money reads back
        await pilot.press("enter")
        await pilot.pause()
        assert in_front(app) is screen, prompt_error(app)
        assert view.target == 7_975_000


@pytest.mark.parametrize("lang", ["en", "ru"])
async def test_ratio_dialog_takes_back_the_ratio_it_shows(demo_path: Path, lang: str) -> None:
    """e opens the ratio dialog filled with the step's ratio without a thousands separator
    ("1500": "1,500" would be read as 1.5, "1 500" refused); Enter on it keeps the ratio."""
    set_language(lang)
    async with running(demo_path) as session:
        app, pilot, _ = session
        await pilot.press("4", "w")
        screen = await settle(session)
        view = what_if(screen)
        first = view.staff[0].id
        await cursor_to(session, screen, first, "cold_calls")
        await pilot.press("e")
        await type_into_prompt(session, "1500")
        assert view.ratio(first, 0) == (1500.0, True)
        before = per_day(view, first)["cold_calls"]
        await pilot.press("e")
        assert isinstance(in_front(app), Prompt)
        assert in_front(app).query_one(Input).value == "1500"  # no thousands separator
        await pilot.press("enter")
        await pilot.pause()
        assert in_front(app) is screen, prompt_error(app)
        assert view.ratio(first, 0) == (1500.0, True)
        assert per_day(view, first)["cold_calls"] == before


# -- 6. funnels of other lengths ----------------------------------------------------------------


def funnel_db(path: Path, size: int) -> tuple[str, ...]:
    """Build a database whose funnel has `size` metrics, m0 … m(size-1), the last one the
    payments; return their codes.

    Anna and Boris enter numbers every Monday, Wednesday and Friday of October and November to
    the 25th: 60 (Anna) or 80 (Boris) of m0, each later metric 60 % of the one before. Each has
    a deal paid in November (30 000.00 on the 10th, Boris 45 000.00 on the 12th), an open deal
    expected to pay in December, and a November plan of 100 000.00 and of 500 m0.
    """
    codes = tuple(f"m{i}" for i in range(size))
    repo = Repository.open(path, create=True)
    try:
        funnel = tuple(
            MetricDef(code, f"Step {i}", f"Шаг {i}", f"S{i}", f"Ш{i}")
            for i, code in enumerate(codes)
        )
        repo.save_settings(replace(repo.settings(), funnel=funnel))
        people = [
            repo.add_employee(Employee(name, hired=date(2025, 1, 1)))
            for name in ("Anna Petrova", "Boris Orlov")
        ]
        for n, person in enumerate(people):
            day = date(2026, 10, 1)
            while day <= date(2026, 11, 25):
                if day.weekday() in (0, 2, 4):
                    for i, code in enumerate(codes):
                        repo.set_count(person.id, day, code, max(1, round((60 + 20 * n) * 0.6**i)))
                day += timedelta(days=1)
            client = repo.save_client(Client(f"Client {n}", person.id, date(2026, 1, 1)))
            won = repo.add_deal(Deal(client.id, person.id, date(2026, 10, 5), "meeting"), TODAY)
            amount = 3_000_000 + 1_500_000 * n
            invoice = repo.issue_invoice(
                Invoice(f"N-{n}", won.id, person.id, date(2026, 11, 2), amount, date(2026, 11, 9))
            )
            repo.record_payment(invoice.id, date(2026, 11, 10 + 2 * n), amount)
            later = Deal(
                client.id,
                person.id,
                date(2026, 11, 3),
                "meeting",
                5_000_000,
                probability=50,
                expected_payment=date(2026, 12, 15),
            )
            repo.add_deal(later, TODAY)
            repo.set_target(person.id, "2026-11", REVENUE, 10_000_000)
            repo.set_target(person.id, "2026-11", codes[0], 500)
    finally:
        repo.close()
    return codes


@pytest.mark.parametrize("size", [4, 8])
async def test_every_tab_works_with_a_funnel_of_4_or_8_metrics(tmp_path: Path, size: int) -> None:
    """With a 4- or an 8-metric funnel every tab gathers and draws: the ladder has a column per
    step (size − 1) besides the name and the extra payments, the bars a line per metric, the
    plan's ] walks revenue then every metric, the what-if a column per metric and + works at
    its last step."""
    codes = funnel_db(tmp_path / "db", size)
    steps = [f"{a}>{b}" for a, b in zip(codes, codes[1:], strict=False)]
    async with running(tmp_path / "db") as session:
        app, pilot, repo = session
        anna = id_of(repo, "Anna Petrova")
        per, team = queries.metric_counts(repo, *NOVEMBER, [anna])
        await pilot.press("5")
        screen = await settle(session)
        assert len(steps) == size - 1
        assert column_keys(screen, "ladder") == ["name", *steps, "extra"]
        assert row_keys(screen, "ladder") == ["team", str(anna), str(id_of(repo, "Boris Orlov"))]
        assert chart_values(screen) == [float(team[c]) for c in codes]
        last = f"{codes[-2]}>{codes[-1]}"
        assert cell(screen, "ladder", str(anna), last) == fmt_ratio(
            per[anna][codes[-2]] / per[anna][codes[-1]]
        )
        for key in ("d", "f", "l", "w"):
            screen = await press(session, key)
            assert title(screen, screen.section) != "Counting…"
        assert screen.section == "whatif"
        view = what_if(screen)
        shown = column_keys(screen, "required")
        assert "from" in shown and [c for c in shown if c in codes] == list(codes)
        # Her plan of 100 000.00: payments = 100 000.00 ÷ her average payment (the 30 000.00
        # she was paid in the last four weeks over her count of the last metric there), a day
        # over 21 working days; the first metric by her own ratios of those weeks.
        window = queries.trailing(repo, TODAY, [anna])
        own = window.counts[anna]
        assert window.paid[anna] == 3_000_000 and own[codes[-1]] >= 3
        average = (2 * 3_000_000 + own[codes[-1]]) // (2 * own[codes[-1]])
        need = per_day(view, anna)
        assert list(need) == list(codes)
        payments = 10_000_000 / average
        assert need[codes[-1]] == pytest.approx(payments / NOVEMBER_DAYS)
        assert need[codes[0]] == pytest.approx(
            payments * own[codes[0]] / own[codes[-1]] / NOVEMBER_DAYS
        )
        await cursor_to(session, screen, anna, codes[-1])
        assert marked_step(screen, view)[0] == size - 2
        ratio, changed = view.ratio(anna, size - 2)
        assert ratio is not None and not changed
        await pilot.press("plus")
        better = per_day(view, anna)
        assert better[codes[-1]] == need[codes[-1]]
        assert better[codes[0]] == pytest.approx(need[codes[0]] / 1.1)
        assert view.ratio(anna, size - 2)[0] == pytest.approx(ratio / 1.1)

        screen = await press(session, "f")
        forecast = screen.views[screen.key("forecast")]
        assert isinstance(forecast, ForecastView)
        assert forecast.team.fact_to_date == 7_500_000
        assert forecast.team.plan == 20_000_000
        screen = await press(session, "l")
        assert screen.plan_target == REVENUE
        for code in codes:
            await pilot.press("right_square_bracket")
            assert screen.plan_target == code
            assert f" · Step {code[1:]} · " in title(screen, "plan")
        await pilot.press("right_square_bracket")
        assert screen.plan_target == REVENUE
        await pilot.press("left_square_bracket")
        assert screen.plan_target == codes[-1]
        assert screen.failures == {} and app.failure is None


# -- 7. marking the routines done ---------------------------------------------------------------


async def test_m_marks_ratios_or_duration_done(demo_path: Path) -> None:
    """m on Ratios marks the ratios routine done today, on Duration the duration routine; the
    database opened again holds both."""
    async with running(demo_path) as session:
        app, pilot, repo = session
        assert repo.routines_done(TODAY, TODAY) == []
        await pilot.press("5")
        await settle(session)
        await pilot.press("m")
        assert [r.routine for r in repo.routines_done(TODAY, TODAY)] == ["ratios"]
        await pilot.press("d")
        await settle(session)
        await pilot.press("m")
        assert sorted(r.routine for r in repo.routines_done(TODAY, TODAY)) == ["duration", "ratios"]
        assert app.failure is None
    again = Repository.open(demo_path, writable=False)
    try:
        done = again.routines_done(TODAY, TODAY)
        assert sorted(r.routine for r in done) == ["duration", "ratios"]
    finally:
        again.close()


# -- 8. sizes ----------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [NARROW, WIDE], ids=["80x24", "120x40"])
async def test_every_tab_draws_at_80x24_and_120x40(demo_path: Path, size: tuple[int, int]) -> None:
    """At 80×24 and 120×40 every tab, and its other view (ladder in %, cohorts, the plan of a
    metric), gathers and draws: no error, no title left at "Counting…", a table with rows."""
    tables = {
        "ratios": "ladder",
        "duration": "durations",
        "forecast": "forecasts",
        "plan": "plan-table",
        "whatif": "required",
    }
    async with running(demo_path, size) as session:
        app, pilot, _ = session
        await pilot.press("5")
        screen = await settle(session)
        for key, also in (("r", "v"), ("d", "c"), ("f", ""), ("l", "]"), ("w", "")):
            for keys in (key, also):
                if not keys:
                    continue
                screen = await press(session, keys)
                await pilot.pause()
                shown = title(screen, screen.section)
                assert shown and shown != "Counting…", (size, keys)
                assert table(screen, tables[screen.section]).row_count > 1, (size, keys)
        assert table(screen, "ladder").cell("team", "cold_calls>conversations")
        assert screen.failures == {} and app.failure is None
