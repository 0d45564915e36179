"""Export from the command palette: a table, a file name checked in the prompt, the file
written in a thread and a notification saying how many rows went where."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
from textual.command import CommandPalette
from textual.widgets import Input, OptionList, Static

from salestui.models import Deal
from salestui.tui.screens.prompt import TextPrompt
from salestui.tui.screens.rollcall_dialogs import ChoiceDialog
from tests.conftest import TODAY
from tests.tui.session import running, wait_until


async def test_the_palette_exports_a_table(demo_path: Path, tmp_path: Path) -> None:
    """Ctrl+P, "export", Enter: the tables to choose from; Deals, then a file: a name
    without .csv/.xlsx or in a missing folder keeps the prompt open naming it; a good one
    is written (every deal, as `salestui export deals`) and a notification says so."""
    async with running(demo_path, notifications=True) as (app, pilot, repo):
        await pilot.press("ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"export")
        options = app.screen.query_one(OptionList)
        await wait_until(pilot, lambda: options.option_count > 0)
        first = str(options.get_option_at_index(0).prompt).splitlines()[0]
        assert first == "Export a table to a spreadsheet"
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        tables = app.screen.query_one(OptionList)
        shown = [str(tables.get_option_at_index(i).prompt) for i in range(tables.option_count)]
        assert shown[:4] == ["Employees", "Daily metrics", "Clients", "Deals"]
        await pilot.press("down", "down", "down", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, TextPrompt))
        prompt = app.screen
        field = prompt.query_one("#prompt-input", Input)
        assert field.value == str(Path.home() / f"salestui-deals-{TODAY.isoformat()}.xlsx")
        error = prompt.query_one("#prompt-error", Static)
        for typed, said in (
            (str(tmp_path / "deals.ods"), "✗ deals.ods: the file must end in .csv or .xlsx"),
            (str(tmp_path / "no" / "d.csv"), f"✗ {tmp_path / 'no'}: no such folder"),
        ):
            field.value = typed
            await pilot.press("enter")
            assert app.screen is prompt and str(error.render()) == said
        target = tmp_path / "deals.csv"
        field.value = str(target)
        await pilot.press("enter")
        await wait_until(
            pilot, lambda: any("rows written" in n.message for n in app._notifications)
        )
        said = [n.message for n in app._notifications if "rows written" in n.message]
        with target.open(encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        assert len(rows) == len(repo.all(Deal))
        assert said == [f"deals: {len(rows):,} rows written to {target}"]
        assert rows[0]["ref"].startswith("D") and rows[0]["owner"]


async def test_an_xlsx_from_the_palette_opens(demo_path: Path, tmp_path: Path) -> None:
    """The same writer for XLSX: a header and a row per employee."""
    async with running(demo_path, notifications=True) as (app, pilot, repo):
        app.action_export()
        await wait_until(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        await pilot.press("enter")  # Employees
        await wait_until(pilot, lambda: isinstance(app.screen, TextPrompt))
        app.screen.query_one("#prompt-input", Input).value = str(tmp_path / "team.xlsx")
        await pilot.press("enter")
        await wait_until(pilot, lambda: (tmp_path / "team.xlsx").exists())
        await wait_until(pilot, lambda: any("written" in n.message for n in app._notifications))
        sheet = openpyxl.load_workbook(tmp_path / "team.xlsx").active
        assert sheet is not None and sheet.max_row == len(repo.employees()) + 1
