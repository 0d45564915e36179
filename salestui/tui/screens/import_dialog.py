"""Import from the TUI (the command palette): a table, a file, a preview, then confirm.

The preview is the import run dry (salestui.io.importing.preview): which column each field
is read from, the file's first rows, and what would be added, found already, or left out,
each left-out row named with its number, or the problem that stops it. Columns are matched
by their headers (field names or labels, either language); `c` chooses a field's column, `o`
edits every option `salestui import` takes (value maps, defaults, the date format; a call
log's columns and counts). Enter imports the valid rows in a thread worker (one store
transaction); a notification says what was done.
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
from salestui.i18n import fmt_int, has_message, tr, trn
from salestui.io import IMPORT_TABLES
from salestui.textfit import truncate
from salestui.tui.screens.prompt import TextPrompt
from salestui.tui.screens.rollcall_dialogs import ChoiceDialog, RollCallModal

if TYPE_CHECKING:
    from salestui.io.request import Preview, Request
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
    """Ask which table (or a call log) and which file, show the preview, import on Enter."""
    from salestui.io.request import CALLLOG, Request

    tables = [*IMPORT_TABLES, CALLLOG]
    labels = [tr(f"export.table.{table}") for table in IMPORT_TABLES] + [tr("import.tui.calllog")]

    def chosen(index: object) -> None:
        if not isinstance(index, int):
            return
        table = tables[index]

        def named(text: str | None) -> None:
            if text:
                show_preview(app, Request(table), import_source(text))

        title = tr("import.tui.file_title", table=labels[index])
        prompt = TextPrompt(title, "", tr("import.tui.file_hint"), check=import_source)
        app.push_screen(prompt, named)

    app.push_screen(ChoiceDialog(tr("import.tui.title"), tr("import.tui.about"), labels), chosen)


def _say_failure(app: SalesApp, exc: Exception) -> None:
    """Notify in one line why a file could not be read or imported."""
    from salestui.io.importing import ImportError_

    if isinstance(exc, ImportError_):
        said = str(exc).splitlines()[0]
    else:
        said = tr("import.tui.failed", reason=failure_text(exc))
    app.notify(said, severity="error", timeout=8, markup=False)


def show_preview(app: SalesApp, request: Request, path: Path) -> None:
    """Run the import dry in a thread (a big file takes seconds) and show what it would do,
    or the one line why the file cannot be read."""
    from salestui.io.request import preview

    today = app.today

    def run() -> None:
        try:
            found = preview(app.repo, request, path, today)
        except Exception as exc:  # noqa: BLE001 - one line, never the crash screen
            app.call_from_thread(_say_failure, app, exc)
            return
        app.call_from_thread(app.push_screen, ImportPreview(request, path, found))

    app.run_worker(run, thread=True, group="import", description="import preview")


class ImportPreview(RollCallModal):
    """The import run dry: columns, the first rows, what would be added; Enter imports,
    c chooses a field's column, o edits the options as `salestui import` takes them."""

    DEFAULT_CSS = """
    ImportPreview .import-rows {
        height: auto;
        background: $boost;
        width: 100%;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "dialog.cancel"),
        Binding("enter", "confirm", "import.tui.key.confirm"),
        Binding("c", "columns", "import.tui.key.columns"),
        Binding("o", "options", "import.tui.key.options"),
    ]

    def __init__(self, request: Request, path: Path, found: Preview) -> None:
        super().__init__()
        self._request = request
        self._path = path
        self._found = found

    def compose(self) -> ComposeResult:
        found, width = self._found, max(40, min(116, self.app.size.width - 6))
        with Vertical(classes="wide"):
            title = tr("import.tui.preview_title", table=_table_label(self._request.table))
            yield Label(f"{title}: {self._path.name}", classes="rc-title", markup=False)
            mapped = ", ".join(f"{field} ← {column}" for field, column in found.columns.items())
            yield Static(
                truncate(tr("import.tui.columns", columns=mapped or "—"), width * 3),
                classes="rc-about",
                markup=False,
            )
            yield Static(self._rows(width), classes="import-rows", markup=False)
            outcome = found.outcome
            if outcome is None:
                problem = Text(truncate(found.problem or "", width * 3), style="bold")
                yield Static(problem, classes="rc-about")
                yield Static(tr("import.tui.hint_fix"), classes="rc-hint", markup=False)
                return
            n, add = outcome.rows, fmt_int(outcome.added + outcome.updated)
            had, left = fmt_int(outcome.already), fmt_int(len(outcome.skipped))
            said = trn("import.tui.summary", n, added=add, already=had, skipped=left)
            news = [
                tr(key, count=fmt_int(len(names)), names=_listed(names))
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

    def _again(self, request: Request) -> None:
        """Preview the file again as the changed request reads it."""
        app: SalesApp = self.app  # type: ignore[assignment]
        self.dismiss(None)
        show_preview(app, request, self._path)

    def action_confirm(self) -> None:
        """Import the valid rows in a thread; say what was done when it is."""
        if self._found.outcome is None:
            self.app.bell()  # nothing can be imported until the problem shown is fixed
            return
        app: SalesApp = self.app  # type: ignore[assignment]
        self.dismiss(None)
        run_import(app, self._request, self._path)

    def action_columns(self) -> None:
        """Choose a field, then the file's column it is read from (or none)."""
        found = self._found
        if not found.headers:
            self.app.bell()
            return
        fields = [name for name, _ in found.fields]
        rows = [
            f"{_field_label(name)}{' *' if required else ''} ← {found.columns.get(name) or '—'}"
            for name, required in found.fields
        ]

        def field_chosen(index: object) -> None:
            if not isinstance(index, int):
                return
            name = fields[index]
            current = found.columns.get(name)
            choices = [tr("import.tui.no_column"), *found.headers]
            at = found.headers.index(current) + 1 if current in found.headers else 0

            def column_chosen(picked: object) -> None:
                if isinstance(picked, int):
                    from salestui.io.request import with_column

                    column = found.headers[picked - 1] if picked else None
                    self._again(with_column(self._request, name, column))

            title = tr("import.tui.column_title", field=_field_label(name))
            about = tr("import.tui.column_about")
            self.app.push_screen(ChoiceDialog(title, about, choices, at), column_chosen)

        title, about = tr("import.tui.fields_title"), tr("import.tui.fields_about")
        self.app.push_screen(ChoiceDialog(title, about, rows), field_chosen)

    def action_options(self) -> None:
        """Edit the import's options as `salestui import TABLE FILE` takes them."""
        from salestui.io.importing import ImportError_
        from salestui.io.request import line_of, parse_line

        table = self._request.table

        def check(text: str) -> None:
            try:
                parse_line(table, text)
            except ImportError_ as exc:
                raise ValueError(str(exc).splitlines()[0]) from None

        def typed(text: str | None) -> None:
            if text is not None:
                self._again(parse_line(table, text))

        title = tr("import.tui.options_title", table=_table_label(table))
        hint = tr("import.tui.options_hint")
        prompt = TextPrompt(title, line_of(self._request), hint, check=check)
        self.app.push_screen(prompt, typed)


def _listed(names: list[str]) -> str:
    """Return the first names, and how many more there are."""
    shown = ", ".join(names[:LISTED])
    more = len(names) - LISTED
    return f"{shown}, {tr('cli.and_more', count=more)}" if more > 0 else shown


def _field_label(name: str) -> str:
    """Return a field as the chooser shows it: its name (what --map takes) and its label."""
    if not has_message(f"field.{name}"):
        return name
    label = tr(f"field.{name}")
    return name if label.casefold() == name.replace("_", " ").casefold() else f"{name} ({label})"


def _table_label(table: str) -> str:
    """Return how a table (or a call log) is named on screen."""
    from salestui.io.request import CALLLOG

    return tr("import.tui.calllog") if table == CALLLOG else tr(f"export.table.{table}")


def run_import(app: SalesApp, request: Request, path: Path) -> None:
    """Import the valid rows in a thread worker; a notification says how it went."""
    from salestui.io.importing import summary
    from salestui.io.request import run

    today = app.today

    def work() -> None:
        try:
            done = run(app.repo, request, path, today, skip_invalid=True)
        except Exception as exc:  # noqa: BLE001 - one line, never the crash screen
            app.call_from_thread(_say_failure, app, exc)
            return
        app.call_from_thread(app.notify, summary(done), timeout=8, markup=False)
        app.call_from_thread(app.refresh_screen_data)

    app.notify(tr("import.tui.reading", file=path.name), timeout=3, markup=False)
    app.run_worker(work, thread=True, group="import", description="import")
