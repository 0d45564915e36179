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
