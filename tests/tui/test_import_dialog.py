"""Import from the command palette: a table, a file, a preview of the import run dry (columns,
first rows, what would be added and what left out, by row), then Enter imports."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Static

from salestui.models import Deal
from salestui.tui.screens.import_dialog import ImportPreview
from salestui.tui.screens.prompt import TextPrompt
from salestui.tui.screens.rollcall_dialogs import ChoiceDialog
from tests.tui.session import running, wait_until

DEALS = (
    "ref,client,owner,created,stage,amount,closed\n"
    "X-1,Новый клиент,Новый сотрудник,2026-10-01,meeting,1500,\n"
    "X-2,Новый клиент,Новый сотрудник,,meeting,10,\n"
    "X-3,Другой клиент,Новый сотрудник,2026-10-03,won,2000,2026-11-01\n"
)


def texts(app: object) -> str:
    """Return every Static's text on the screen on top, joined."""
    screen = app.screen  # type: ignore[attr-defined]
    return "\n".join(str(w.render()) for w in screen.query(Static))


async def test_the_palette_previews_then_imports(demo_path: Path, tmp_path: Path) -> None:
    """The preview names the columns, shows the first rows, says 2 to add and row 3 left
    out (empty created) and writes nothing; Enter imports the two, a notification says so."""
    source = tmp_path / "deals.csv"
    source.write_text(DEALS, encoding="utf-8")
    async with running(demo_path, notifications=True) as (app, pilot, repo):
        before = len(repo.all(Deal))
        app.action_import()
        await wait_until(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        await pilot.press("down", "down", "down", "enter")  # Deals
        await wait_until(pilot, lambda: isinstance(app.screen, TextPrompt))
        field = app.screen.query_one("#prompt-input", Input)
        field.value = str(tmp_path / "nothing.csv")
        await pilot.press("enter")
        assert isinstance(app.screen, TextPrompt)
        assert "nothing.csv: cannot be read (no such file)" in texts(app)
        field.value = str(source)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ImportPreview))
        shown = texts(app)
        assert "Import into Deals: deals.csv" in shown
        assert "ref ← ref" in shown and "created ← created" in shown
        assert "#2 X-1" in shown.replace("  ", " ")
        assert "3 rows: 2 to add, 0 already there, 1 left out" in shown
        assert "row 3: created: empty" in shown
        assert "New employees (1): Новый сотрудник" in shown
        assert len(repo.all(Deal)) == before  # the preview wrote nothing
        await pilot.press("enter")
        await wait_until(pilot, lambda: any("2 added" in n.message for n in app._notifications))
        said = [n.message for n in app._notifications if "rows read" in n.message]
        assert said == ["deals: 3 rows read: 2 added, 0 updated, 0 already there"]
        assert sorted(d.ref for d in repo.all(Deal) if d.ref) == ["X-1", "X-3"]
        assert any(e.name == "Новый сотрудник" for e in repo.employees())


CRM = (
    "opportunity_id,sales_agent,account,engage_date,deal_stage,close_date,close_value\n"
    "OP1,Agent Smith,Acme,2026-09-01,Won,2026-10-02,1200\n"
    "OP2,Agent Smith,Globex,2026-09-05,Engaging,,\n"
    "OP3,Agent Jones,Acme,2026-09-07,Lost,2026-10-09,0\n"
)


async def choose(pilot: object, app: object, index: int) -> None:
    """Pick the index-th option of the choice dialog on top."""
    from textual.widgets import OptionList

    dialog = app.screen  # type: ignore[attr-defined]
    assert isinstance(dialog, ChoiceDialog)
    dialog.query_one(OptionList).highlighted = index
    await pilot.press("enter")  # type: ignore[attr-defined]


async def test_a_crm_export_is_mapped_in_the_preview(demo_path: Path, tmp_path: Path) -> None:
    """A file whose headers match no field shows its rows and the problem; Enter writes
    nothing; c maps a field to a column, o takes the rest as `salestui import` options
    (a mistake stays in the prompt), and then Enter imports."""
    source = tmp_path / "pipeline.csv"
    source.write_text(CRM, encoding="utf-8")
    async with running(demo_path, notifications=True) as (app, pilot, repo):
        before = len(repo.all(Deal))
        app.action_import()
        await wait_until(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        await choose(pilot, app, 3)  # Deals
        await wait_until(pilot, lambda: isinstance(app.screen, TextPrompt))
        app.screen.query_one("#prompt-input", Input).value = str(source)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ImportPreview))
        shown = texts(app)
        assert "The file has no column for: owner, created, stage" in shown
        assert "#2 OP1" in " ".join(shown.split())
        await pilot.press("enter")  # nothing to import until it is fixed
        assert isinstance(app.screen, ImportPreview) and len(repo.all(Deal)) == before

        await pilot.press("c")
        await wait_until(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        assert "owner * ← —" in str(app.screen._options)
        await choose(pilot, app, 2)  # owner
        await wait_until(pilot, lambda: "owner: read from" in texts(app))
        await choose(pilot, app, 2)  # "— none", then the headers: sales_agent is the 2nd
        await wait_until(pilot, lambda: isinstance(app.screen, ImportPreview))
        shown = texts(app)
        assert "owner ← sales_agent" in shown
        assert "no column for: created, stage" in shown

        await pilot.press("o")
        await wait_until(pilot, lambda: isinstance(app.screen, TextPrompt))
        field = app.screen.query_one("#prompt-input", Input)
        assert field.value == "--map sales_agent=owner"
        field.value += " --map engage_date"
        await pilot.press("enter")
        assert isinstance(app.screen, TextPrompt)  # refused in place, naming the option
        assert "--map engage_date: expected NAME=VALUE" in texts(app)
        field.value = (
            "--map sales_agent=owner --map account=client --map engage_date=created"
            " --map close_date=closed --map close_value=amount --map deal_stage=stage"
            " --map opportunity_id=ref"
            " --map-values stage:Engaging=meeting,Won=won,Lost=lost"
        )
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ImportPreview))
        shown = texts(app)
        assert "3 rows: 3 to add, 0 already there, 0 left out" in shown
        assert "New employees (2): Agent Smith, Agent Jones" in shown
        assert len(repo.all(Deal)) == before
        await pilot.press("enter")
        await wait_until(pilot, lambda: any("3 added" in n.message for n in app._notifications))
        found = {d.ref: d for d in repo.all(Deal) if d.ref.startswith("OP")}
        assert sorted(found) == ["OP1", "OP2", "OP3"]
        assert (found["OP1"].stage, found["OP1"].amount) == ("won", 120000)
        assert found["OP2"].stage == "meeting" and found["OP3"].stage == "lost"


async def test_a_call_log_from_the_palette(demo_path: Path, tmp_path: Path) -> None:
    """A call log's preview asks for its columns; with them (and a count-if) it counts calls
    per employee and day, and Enter merges them into the daily numbers."""
    from datetime import date

    source = tmp_path / "calls.csv"
    async with running(demo_path, notifications=True) as (app, pilot, repo):
        one, two = (e.name for e in repo.employees()[:2])
        source.write_text(
            "Call Id,Agent,Date,Answered (Y/N)\n"
            f"1,{one},2026-11-02,Y\n2,{one},2026-11-02,N\n3,{two},2026-11-02,Y\n",
            encoding="utf-8",
        )
        app.action_import()
        await wait_until(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        await choose(pilot, app, 10)  # the call log, after the ten tables
        await wait_until(pilot, lambda: isinstance(app.screen, TextPrompt))
        assert "Call log (telephony)" in texts(app)
        app.screen.query_one("#prompt-input", Input).value = str(source)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ImportPreview))
        assert "Choose the columns naming the employee and the date (c)" in texts(app)
        await pilot.press("c")
        await wait_until(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        await choose(pilot, app, 0)  # employee
        await wait_until(pilot, lambda: "employee: read from" in texts(app))
        await choose(pilot, app, 2)  # Agent
        await wait_until(pilot, lambda: isinstance(app.screen, ImportPreview))
        await pilot.press("o")
        await wait_until(pilot, lambda: isinstance(app.screen, TextPrompt))
        field = app.screen.query_one("#prompt-input", Input)
        assert field.value == "--employee-col Agent"
        field.value += " --date-col Date --count-if 'conversations:Answered (Y/N)=Y'"
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ImportPreview))
        shown = texts(app)
        assert "employee ← Agent" in shown and "date ← Date" in shown
        assert "3 rows:" in shown
        await pilot.press("enter")
        await wait_until(pilot, lambda: any("rows read" in n.message for n in app._notifications))
        names = {e.id: e.name for e in repo.employees()}
        day = {
            names[m.employee_id]: m.counts
            for m in repo.metrics_between(date(2026, 11, 2), date(2026, 11, 2))
        }
        assert day[one]["cold_calls"] == 2 and day[one]["conversations"] == 1
        assert day[two]["cold_calls"] == 1 and day[two]["conversations"] == 1
