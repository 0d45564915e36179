"""Export from the TUI (the command palette): a table, then a file, then a thread writes it.

The same writer as `salestui export` (salestui.io.export); the whole table, as the CLI
without options. The file's name is checked in the prompt (its extension, its folder), so
a mistake keeps the prompt open; the writing itself runs in a thread worker and ends in a
notification saying how many rows went where, or why not.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from salestui.failures import failure_text
from salestui.i18n import language, tr, trn
from salestui.io import EXPORT_TABLES
from salestui.tui.screens.prompt import TextPrompt
from salestui.tui.screens.rollcall_dialogs import ChoiceDialog

if TYPE_CHECKING:
    from salestui.tui.app import SalesApp


def export_target(text: str) -> Path:
    """Return the file a typed name means (~ is the home folder), or say why it cannot be
    written (ValueError): not .csv or .xlsx, a folder, a folder that is not there."""
    typed = text.strip()
    if not typed:
        raise ValueError(tr("export.path_needed"))
    path = Path(typed).expanduser()
    if path.suffix.lower() not in (".csv", ".xlsx"):
        raise ValueError(tr("export.bad_suffix", file=path.name))
    if path.is_dir():
        raise ValueError(tr("export.is_folder", file=path))
    if not path.parent.is_dir():
        raise ValueError(tr("export.no_folder", folder=path.parent))
    return path


def ask_export(app: SalesApp) -> None:
    """Ask which table and which file, then write it in a thread."""
    tables = list(EXPORT_TABLES)
    labels = [tr(f"export.table.{table}") for table in tables]

    def chosen(index: object) -> None:
        if not isinstance(index, int):
            return
        table = tables[index]
        default = Path.home() / f"salestui-{table}-{app.today.isoformat()}.xlsx"

        def named(text: str | None) -> None:
            if text:
                write(app, table, export_target(text))

        title = tr("export.file_title", table=labels[index])
        prompt = TextPrompt(title, str(default), tr("export.file_hint"), check=export_target)
        app.push_screen(prompt, named)

    app.push_screen(ChoiceDialog(tr("export.title"), tr("export.about"), labels), chosen)


def write(app: SalesApp, table: str, path: Path) -> None:
    """Write a table to a file in a thread worker; a notification says how it went."""
    from salestui.io.export import ExportError, Scope, export_table

    lang = language()

    def run() -> None:
        try:
            count = export_table(app.repo, table, path, Scope(), lang=lang)
        except ExportError as exc:
            app.call_from_thread(app.notify, str(exc), severity="error", markup=False)
            return
        except Exception as exc:  # noqa: BLE001 - one line, never the crash screen
            said = tr("export.failed", reason=failure_text(exc))
            app.call_from_thread(app.notify, said, severity="error", markup=False)
            return
        said = trn("cli.exported", count, table=table, file=path)
        app.call_from_thread(app.notify, said, timeout=8, markup=False)

    app.notify(tr("export.writing", file=path), timeout=3, markup=False)
    app.run_worker(run, thread=True, group="export", description="export")
