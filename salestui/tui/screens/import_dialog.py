"""Import from the TUI (the command palette): a table, a file, a preview, then confirm.

The preview is the import run dry (salestui.io.importing.preview): which column each field
is read from, the file's first rows, and what would be added, found already, or left out,
each left-out row named with its number. Enter imports the valid rows in a thread worker
(one store transaction); a notification says what was done. Columns are matched by their
headers (field names or labels, either language); `salestui import` maps others.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Final

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Label, Static

from salestui.failures import failure_text
from salestui.i18n import fmt_int, tr, trn
from salestui.io import IMPORT_TABLES
from salestui.textfit import truncate
from salestui.tui.screens.prompt import TextPrompt
from salestui.tui.screens.rollcall_dialogs import ChoiceDialog, RollCallModal

if TYPE_CHECKING:
    from salestui.io.importing import Preview
    from salestui.tui.app import SalesApp

# The left-out rows the preview lists (the rest are counted).
LISTED: Final = 8


def import_source(text: str) -> Path:
    """Return the file a typed name means (~ is the home folder), or say why it cannot be
    read (ValueError)."""
    typed = text.strip()
    if not typed:
        raise ValueError(tr("export.path_needed"))
    path = Path(typed).expanduser()
    if path.suffix.lower() not in (".csv", ".xlsx", ".txt"):
        raise ValueError(tr("import.tui.bad_suffix", file=path.name))
    if not path.is_file():
        raise ValueError(tr("import.unreadable", file=path, reason=tr("cli.no_such_file")))
    return path


def ask_import(app: SalesApp) -> None:
    """Ask which table and which file, show the preview, import on Enter."""
    tables = list(IMPORT_TABLES)
    labels = [tr(f"export.table.{table}") for table in tables]

    def chosen(index: object) -> None:
        if not isinstance(index, int):
            return
        table = tables[index]

        def named(text: str | None) -> None:
            if text:
                show_preview(app, table, import_source(text))

        title = tr("import.tui.file_title", table=labels[index])
        prompt = TextPrompt(title, "", tr("import.tui.file_hint"), check=import_source)
        app.push_screen(prompt, named)

    app.push_screen(ChoiceDialog(tr("import.tui.title"), tr("import.tui.about"), labels), chosen)


def show_preview(app: SalesApp, table: str, path: Path) -> None:
    """Run the import dry and show what it would do (or the one line why it cannot)."""
    from salestui.io.importing import ImportError_, Options, preview

    try:
        found = preview(app.repo, table, path, Options(), app.today)
    except ImportError_ as exc:
        app.notify(str(exc).splitlines()[0], severity="error", timeout=8, markup=False)
        return
    except Exception as exc:  # noqa: BLE001 - one line, never the crash screen
        said = tr("import.tui.failed", reason=failure_text(exc))
        app.notify(said, severity="error", timeout=8, markup=False)
        return
    app.push_screen(ImportPreview(table, path, found))


class ImportPreview(RollCallModal):
    """The import run dry: columns, the first rows, what would be added; Enter imports."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "dialog.cancel"),
        Binding("enter", "confirm", "import.tui.key.confirm"),
    ]

    def __init__(self, table: str, path: Path, found: Preview) -> None:
        super().__init__()
        self._table = table
        self._path = path
        self._found = found

    def compose(self) -> ComposeResult:
        found, width = self._found, max(40, min(116, self.app.size.width - 6))
        outcome = found.outcome
        with Vertical(classes="wide"):
            title = tr("import.tui.preview_title", table=tr(f"export.table.{self._table}"))
            yield Label(f"{title}: {self._path.name}", classes="rc-title", markup=False)
            mapped = ", ".join(f"{field} ← {column}" for field, column in found.columns.items())
            yield Static(
                truncate(tr("import.tui.columns", columns=mapped or "—"), width * 3),
                classes="rc-about",
                markup=False,
            )
            yield Static(self._rows(width), classes="rc-detail", markup=False)
            n, add = outcome.rows, fmt_int(outcome.added + outcome.updated)
            had, left = fmt_int(outcome.already), fmt_int(len(outcome.skipped))
            said = trn("import.tui.summary", n, added=add, already=had, skipped=left)
            news = [
                tr(key, count=fmt_int(len(names)), names=", ".join(names[:LISTED]))
                for key, names in (
                    ("cli.import_new_employees", outcome.new_employees),
                    ("cli.import_new_clients", outcome.new_clients),
                )
                if names
            ]
            yield Static("\n".join([said, *news]), classes="rc-about", markup=False)
            if outcome.skipped:
                listed = outcome.skipped[:LISTED]
                more = len(outcome.skipped) - len(listed)
                lines = [*listed, tr("cli.and_more", count=more)] if more else listed
                text = Text("\n".join(truncate(line, width) for line in lines), style="bold")
                yield Static(text, classes="rc-about")
            hint = "import.tui.hint_skip" if outcome.skipped else "import.tui.hint"
            yield Static(tr(hint), classes="rc-hint", markup=False)

    def _rows(self, width: int) -> str:
        """Return the file's header and first rows, cells cut to fit."""
        found = self._found
        count = max(1, len(found.headers))
        # The row's number first, as the spreadsheet shows it: what a left-out row names.
        mark = len(str(found.first[-1][0])) + 2 if found.first else 3
        cell = max(6, (width - mark) // count - 1)
        lines = [" " * mark + " ".join(truncate(h, cell).ljust(cell) for h in found.headers)]
        for number, cells in found.first:
            shown = " ".join(truncate(c, cell).ljust(cell) for c in cells)
            lines.append(f"#{number}".ljust(mark) + shown)
        return "\n".join(truncate(line, width) for line in lines)

    def action_confirm(self) -> None:
        """Import the valid rows in a thread; say what was done when it is."""
        app: SalesApp = self.app  # type: ignore[assignment]
        table, path = self._table, self._path
        self.dismiss(None)
        run_import(app, table, path)


def run_import(app: SalesApp, table: str, path: Path) -> None:
    """Import a table's valid rows in a thread worker; a notification says how it went."""
    from salestui.io.importing import ImportError_, Options, import_table, summary

    today = app.today

    def run() -> None:
        try:
            done = import_table(app.repo, table, path, Options(), today, skip_invalid=True)
        except ImportError_ as exc:
            said = str(exc).splitlines()[0]
            app.call_from_thread(app.notify, said, severity="error", timeout=8, markup=False)
            return
        except Exception as exc:  # noqa: BLE001 - one line, never the crash screen
            said = tr("import.tui.failed", reason=failure_text(exc))
            app.call_from_thread(app.notify, said, severity="error", timeout=8, markup=False)
            return
        app.call_from_thread(app.notify, summary(done), timeout=8, markup=False)
        app.call_from_thread(app.refresh_screen_data)

    app.notify(tr("import.tui.reading", file=path.name), timeout=3, markup=False)
    app.run_worker(run, thread=True, group="import", description="import")
