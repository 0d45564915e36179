"""The number grid: employees × typed columns (the day's metrics, the month's plans), typed
into cell by cell from the keyboard."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import ClassVar

from rich.text import Text
from textual import events
from textual.actions import SkipAction
from textual.binding import Binding, BindingType
from textual.coordinate import Coordinate
from textual.message import Message
from textual.widgets import DataTable

from salestui.analytics.norms import below_norm
from salestui.analytics.reporting import FULL, NONE, PARTIAL, report_status
from salestui.analytics.totals import column_totals
from salestui.i18n import fmt_decimal, fmt_int, tr
from salestui.models import Employee, MetricDef, parse_count
from salestui.textfit import ELLIPSIS, fit_columns, fit_label, fit_names, truncate
from salestui.tui.keys import is_ours, translate_bindings
from salestui.tui.widgets.totals_row import TotalsRow

# Saves a parsed cell (employee id, column code, value; None clears it); raises
# ValidationError for a value the store refuses, StoreError or OSError when the disk does.
Saver = Callable[[int, str, int | None], None]
# The least number each (employee id, column code) should hold, e.g. a daily norm.
Norms = Mapping[tuple[int, str], Fraction]
# The name column grows with the longest name up to a limit that depends on the width.
NAME_MIN, NAME_NARROW, NAME_WIDE = 10, 20, 28
MIN_WIDTH, MAX_WIDTH = 6, 20
# Text markers beside a name, so the state reads on a monochrome terminal too.
MARKERS = {NONE: "○ ", PARTIAL: "◐ ", FULL: "  "}
CURSOR = "▏"
# Beside a number below its norm, so the shortfall reads without colour; numbers without it
# keep a blank in its place, so the digits of a column stay aligned.
BELOW = "↓"
# The hyphen-minus and the minus sign (U+2212) start an edit too, so "-5" is refused, not 5.
MINUS_KEYS = ("minus", "minus_sign")
# Decimal marks are typed inside an edit (an amount, or a count refused as not whole).
DECIMAL_KEYS = ("comma", "full_stop")


@dataclass(frozen=True, slots=True)
class GridColumn:
    """One typed column: its code and labels, how typed text is read, how a value is shown."""

    code: str
    label: str
    short: str = ""
    # Reads typed text (label, text) into a value, or raises ValidationError naming label.
    parse: Callable[[str, str], int] = parse_count
    # A stored value as the cell shows it, and as the text an edit starts from.
    show: Callable[[int], str] = fmt_int
    edit: Callable[[int], str] = str
    # The column is never narrower than this (an amount needs room for its digits).
    min_width: int = 0
    # The field's name in error messages, when the label says more ("Revenue, $").
    field: str = ""

    @classmethod
    def of_metric(cls, metric: MetricDef) -> GridColumn:
        """Return the column of a funnel metric: a count, in the current language."""
        return cls(metric.code, metric.label(), metric.short())


@dataclass(frozen=True, slots=True)
class GridStyles:
    """Rich styles of rows that sent nothing or only part of their numbers."""

    missing: str = "bold"
    partial: str = ""
    error: str = "bold reverse"
    below: str = ""


@dataclass(slots=True)
class _Edit:
    """Digits typed into the cursor cell but not saved yet."""

    cell: Coordinate
    text: str
    failed: bool = False


class MetricsGrid(DataTable[Text]):
    """A DataTable whose number cells take typed values; leaving a cell saves it.

    Rows are employees, columns are GridColumns (the day's funnel metrics, or a month's
    targets). The team total lives in a TotalsRow below the grid, so it stays in sight however
    many employees scroll past; with norms, a second line shows the cursor row's norms.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "commit_next", "grid.save_next", show=False),
        Binding("tab", "commit_next", "grid.save_next", show=False),
        Binding("shift+tab", "commit_previous", "grid.save_previous", show=False),
        Binding("backspace", "backspace", "grid.backspace", show=False),
        Binding("delete", "clear_cell", "grid.clear", show=False),
        Binding("escape", "cancel_edit", "grid.cancel", show=False),
    ]

    class EditFailed(Message):
        """A typed value was refused, or could not be saved; the message says why."""

        def __init__(self, message: str, *, retry: bool = False) -> None:
            super().__init__()
            self.message = message
            # True: the value was fine but the store refused the save; Enter may work later.
            self.retry = retry

    class EditCancelled(Message):
        """Typed text was dropped with Escape."""

    class Saved(Message):
        """A cell was saved to the store (value None: cleared)."""

        def __init__(self, value: int | None) -> None:
            super().__init__()
            self.value = value

    def __init__(
        self,
        saver: Saver,
        totals: TotalsRow,
        *,
        norm_row: TotalsRow | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id, cursor_type="cell", zebra_stripes=True)
        self._saver = saver
        self._totals = totals
        self._norm_row = norm_row
        self._staff: list[Employee] = []
        self._columns: list[GridColumn] = []
        self._values: dict[tuple[int, str], int] = {}
        self._expected: frozenset[int] = frozenset()
        self._norms: dict[tuple[int, str], Fraction] = {}
        self._edit: _Edit | None = None
        # Why the last save failed when the store (not the value) was the problem.
        self.store_failure: str | None = None
        self._styles = GridStyles()
        self._name_width = NAME_NARROW
        self._names: dict[int, str] = {}
        self._widths: list[int] = []
        self._fitted_width = 0
        translate_bindings(self)

    # -- content -----------------------------------------------------------------------

    def counts_of(self, employee_id: int) -> dict[str, int]:
        """Return the numbers an employee has in the grid, by column code."""
        found = ((c.code, self._values.get((employee_id, c.code))) for c in self._columns)
        return {code: value for code, value in found if value is not None}

    def entered(self) -> dict[int, dict[str, int]]:
        """Return the numbers of everyone in the grid who has any, by employee id."""
        return {e.id: counts for e in self._staff if (counts := self.counts_of(e.id))}

    @property
    def has_norms(self) -> bool:
        """Tell whether any cell has a norm (the grid then marks numbers below theirs)."""
        return bool(self._norms)

    def below_norm(self) -> list[tuple[int, str]]:
        """Return the (employee id, code) cells marked as below their norm."""
        return [
            (e.id, c.code)
            for e in self._staff
            for c in self._columns
            if self._is_below(e.id, c.code)
        ]

    def load(
        self,
        staff: Sequence[Employee],
        columns: Sequence[GridColumn],
        values: Mapping[tuple[int, str], int],
        expected: Collection[int],
        styles: GridStyles,
        norms: Norms | None = None,
    ) -> None:
        """Show one row per employee and one column per GridColumn; totals go below.

        Numbers of the `expected` employees below their norm are marked; the norm line
        (when there are norms) shows the cursor row's norms.
        """
        self._edit = None
        cursor = self.cursor_coordinate
        self._norms = {}  # the norm line waits while the table is rebuilt (clear moves the cursor)
        self._fitted_width = self.size.width
        self.clear(columns=True)
        self._staff, self._columns, self._values = list(staff), list(columns), dict(values)
        self._expected = frozenset(expected)
        self._norms = dict(norms or {})
        self._styles = styles
        self._fit()
        self.add_column(Text(tr("grid.employee")), key="name", width=self._name_width)
        labels = [
            fit_label(column.label, column.short, width)
            for column, width in zip(self._columns, self._widths, strict=True)
        ]
        # Two header lines only when a label needs them (a wide terminal fits them on one).
        self.header_height = max([1, *(label.count("\n") + 1 for label in labels)])
        for column, label, width in zip(self._columns, labels, self._widths, strict=True):
            self.add_column(Text(label), key=column.code, width=width)  # a label is not markup
        for employee in staff:
            self.add_row(*self._row_cells(employee), key=str(employee.id))
        widths = [self._name_width, *self._widths]
        self._totals.load(widths, self._total_cells())
        if self._norm_row is not None:
            self._norm_row.load(widths, self._norm_cells(cursor.row))
            self._norm_row.show(bool(self._norms))
        if staff:
            row = min(cursor.row, len(staff) - 1)
            self.cursor_coordinate = Coordinate(row, max(1, cursor.column))

    def _reload(self) -> None:
        """Lay the grid out again with what it holds; keep what is being typed."""
        edit = self._edit
        self.load(
            self._staff, self._columns, self._values, self._expected, self._styles, self._norms
        )
        if edit is not None and self._editable(edit.cell):
            self._edit = edit
            self._show_edit()

    def _fit(self) -> None:
        """Choose the name width and each column's width for the terminal's width."""
        staff, columns = self._staff, self._columns
        marker = len(MARKERS[NONE])
        longest = max([len(tr("grid.employee")), *(len(e.name) + marker for e in staff)])
        limit = NAME_WIDE if self.app.size.width >= 100 else NAME_NARROW
        floors = [max(MIN_WIDTH, c.min_width, self._widest(c)) for c in columns]
        # Share the width right of the names between the columns; long labels wrap.
        room = self.app.size.width - 2 * (len(columns) + 1) - 4
        # Names give up room (down to NAME_MIN) before numbers would scroll out of sight.
        self._name_width = max(NAME_MIN, min(limit, longest, room - sum(floors)))
        short = fit_names([e.name for e in staff], self._name_width - marker)
        self._names = {e.id: name for e, name in zip(staff, short, strict=True)}
        room -= self._name_width
        # Columns whose numbers need more than the least width keep that width (their label
        # on one line when there is room for it); the others share what is left.
        floor_of = {i: floor for i, floor in enumerate(floors) if floor > MIN_WIDTH}
        narrow = [c.label for i, c in enumerate(columns) if i not in floor_of]
        roomy = {i: max(f, min(MAX_WIDTH, len(columns[i].label))) for i, f in floor_of.items()}
        for wide in (roomy, floor_of):
            shared = fit_columns(narrow, room - sum(wide.values()), MIN_WIDTH, MAX_WIDTH)
            if sum(shared) + sum(wide.values()) <= room:
                break
        rest = iter(shared)
        self._widths = [wide[i] if i in wide else next(rest) for i in range(len(columns))]

    def _widest(self, column: GridColumn) -> int:
        """Return the width of the longest number the column shows (its total included)."""
        shown = [v for (_, code), v in self._values.items() if code == column.code]
        total = sum(shown)
        slot = len(BELOW) if self._norms else 0
        return max([0, *(len(column.show(v)) + slot for v in (*shown, total))])

    def on_resize(self, event: events.Resize) -> None:
        """Re-fit the column labels to a new width; keep what is being typed."""
        if event.size.width == self._fitted_width:
            return  # only the height changed (a two-line message): nothing to re-fit
        self._reload()

    def _is_below(self, employee_id: int, code: str) -> bool:
        """Tell whether a due employee's number is below its norm (marked in the cell)."""
        value = self._values.get((employee_id, code))
        norm = self._norms.get((employee_id, code))
        return employee_id in self._expected and below_norm(value, norm)

    def _number(self, text: str, *, below: bool = False) -> str:
        """Return a number's cell text, with the norm marker's place when there are norms."""
        if not self._norms:
            return text
        return text + (BELOW if below else " ")

    def _row_cells(self, employee: Employee) -> list[Text]:
        status = report_status(self.counts_of(employee.id), [c.code for c in self._columns])
        expected = employee.id in self._expected
        style = ""
        if expected and status == NONE:
            style = self._styles.missing
        elif expected and status != FULL:
            style = self._styles.partial
        marker = MARKERS[status] if expected else MARKERS[FULL]
        cells = [Text(marker + self._names[employee.id], style=style, no_wrap=True)]
        for column in self._columns:
            value = self._values.get((employee.id, column.code))
            if value is None:
                cells.append(Text(self._number("·"), style="dim", justify="right"))
                continue
            below = self._is_below(employee.id, column.code)
            text = self._number(column.show(value), below=below)
            cells.append(Text(text, style=self._styles.below if below else style, justify="right"))
        return cells

    def _total_cells(self) -> list[Text]:
        rows = [self.counts_of(e.id) for e in self._staff]
        totals = column_totals(rows, [c.code for c in self._columns])
        cells = [Text(tr("grid.total"), style="bold")]
        for column in self._columns:
            total = totals[column.code]
            text = "" if total is None else self._number(column.show(total))
            cells.append(Text(text, style="bold", justify="right"))
        return cells

    def _norm_cells(self, row: int) -> list[Text]:
        """Return the norm line's cells: the norms of the employee on a row."""
        if not self._norms or not 0 <= row < len(self._staff):
            return [Text("") for _ in range(len(self._columns) + 1)]
        employee = self._staff[row]
        # The name shortened as the rows shorten names ("Anna P."), to fit beside the label.
        room = self._name_width - len(tr("norm.row", name=""))
        name = fit_names([employee.name], max(1, room))[0]
        label = truncate(tr("norm.row", name=name), self._name_width)
        cells = [Text(label, style="dim", no_wrap=True)]
        for column in self._columns:
            norm = self._norms.get((employee.id, column.code))
            text = "·" if norm is None else fmt_decimal(float(norm), 1)
            cells.append(Text(self._number(text), style="dim", justify="right"))
        return cells

    def _refresh_row(self, row: int) -> None:
        for column, cell in enumerate(self._row_cells(self._staff[row])):
            self.update_cell_at(Coordinate(row, column), cell)
        self._totals.update_cells(self._total_cells())

    def watch_scroll_x(self, old_value: float, new_value: float) -> None:
        """Keep the totals and norms under their columns when the grid scrolls sideways."""
        super().watch_scroll_x(old_value, new_value)
        self._totals.scroll_x = new_value
        if self._norm_row is not None:
            self._norm_row.scroll_x = new_value

    # -- editing -----------------------------------------------------------------------

    @property
    def editing(self) -> bool:
        """Tell whether a number is being typed into a cell (not saved yet)."""
        return self._edit is not None

    def _editable(self, cell: Coordinate) -> bool:
        return 0 <= cell.row < len(self._staff) and 1 <= cell.column <= len(self._columns)

    def _show_edit(self) -> None:
        edit = self._edit
        if edit is None:
            return
        # Show the tail and the cursor when the typed text is wider than the cell.
        width = self._widths[edit.cell.column - 1]
        shown = edit.text + CURSOR
        if len(shown) > width:
            shown = ELLIPSIS + shown[len(shown) - width + 1 :]
        style = self._styles.error if edit.failed else "bold underline"
        self.update_cell_at(edit.cell, Text(shown, style=style, justify="right"))

    def runs_in_order(self, event: events.Key) -> bool:
        """Tell whether the grid itself handles a key in arrival order (see on_key).

        Keys that leave the grid (Esc back to Today, Alt+digit, F-keys) are the app's:
        the keys behind them must wait until the new screen is in front.
        """
        if event.key == "escape":
            return False
        return event.is_printable or event.key in self._bindings.key_to_bindings

    async def on_key(self, event: events.Key) -> None:
        """Handle keys in arrival order: digits go into the cell, moves save it first.

        The grid's own bindings run here rather than after the key bubbles to the app,
        because keys arriving in one burst (fast typing, SSH) would otherwise let the
        next digits reach the old cell before Tab or an arrow had moved the cursor.
        """
        if self.app.screen is not self.screen:
            # A dialog opened by an earlier key of this burst: the rest is typed into it.
            event.stop()
            event.prevent_default()
            self.app.post_message(events.Key(event.key, event.character))
            return
        # The grid's bindings, then its screen's own (day keys): in order, before digits.
        for node in (self, self.screen):
            for binding in node._bindings.key_to_bindings.get(event.key, ()):
                if (node is self or is_ours(binding)) and await self.app.run_action(
                    binding.action, node
                ):
                    event.stop()
                    event.prevent_default()
                    return
        char = event.character
        if char is None or event.key not in (char, "space", *MINUS_KEYS, *DECIMAL_KEYS):
            return
        if self._edit is None and not (char.isdigit() or event.key in MINUS_KEYS):
            return  # a letter outside an edit is a key binding, not data; "-5" is refused
        event.stop()
        event.prevent_default()
        cell = self.cursor_coordinate
        if not self._editable(cell):
            self.post_message(self.EditFailed(tr("grid.not_editable")))
            return
        if self._edit is None or self._edit.cell != cell:
            self._edit = _Edit(cell, "")
        self._edit.text += char
        self._edit.failed = False
        self._show_edit()

    def commit(self) -> bool:
        """Save the cell being edited. On a bad value keep the typed text; False if refused."""
        edit = self._edit
        if edit is None:
            return True
        self._edit = None
        if self._save(edit.cell, edit.text):
            return True
        edit.failed = True
        self._edit = edit
        self._show_edit()
        return False

    def discard(self) -> None:
        """Drop a typed value that could not be saved (the day or screen is changing)."""
        if self._edit is not None:
            row = self._edit.cell.row
            self._edit = None
            if row < len(self._staff):
                self._refresh_row(row)

    def _save(self, cell: Coordinate, text: str | None) -> bool:
        from salestui.failures import SAVE_FAILURES, failure_text
        from salestui.models import ValidationError

        employee, column = self._staff[cell.row], self._columns[cell.column - 1]
        self.store_failure = None
        try:
            field = column.field or column.label
            value = None if text is None or not text.strip() else column.parse(field, text)
            self._saver(employee.id, column.code, value)
        except ValidationError as exc:
            self.post_message(self.EditFailed(str(exc)))
            return False
        except SAVE_FAILURES as exc:
            # A full disk or a damaged file: the value stays typed, the store is unchanged.
            self.store_failure = failure_text(exc)
            self.post_message(self.EditFailed(self.store_failure, retry=True))
            return False
        key = (employee.id, column.code)
        if value is None:
            self._values.pop(key, None)
        else:
            self._values[key] = value
        if self._widest(column) > self._widths[cell.column - 1]:
            self._reload()  # a longer number than the column was fitted for: widen it
        else:
            self._refresh_row(cell.row)
        self.post_message(self.Saved(value))
        return True

    def watch_cursor_coordinate(self, old: Coordinate, new: Coordinate) -> None:
        """Leaving a cell saves it; a refused value keeps the cursor there for correction."""
        if self._edit is not None and self._edit.cell == old and old != new and not self.commit():
            self.cursor_coordinate = old
            return
        super().watch_cursor_coordinate(old, new)
        if self._norm_row is not None and self._norms and old.row != new.row:
            self._norm_row.update_cells(self._norm_cells(new.row))

    def on_blur(self) -> None:
        self.commit()

    def _step(self, forward: bool) -> Coordinate:
        """Return the next number cell, wrapping to the next (or previous) employee."""
        width, rows = len(self._columns), max(1, len(self._staff))
        cell = self.cursor_coordinate
        index = cell.row * width + max(0, cell.column - 1) + (1 if forward else -1)
        index %= rows * width
        return Coordinate(index // width, index % width + 1)

    def action_commit_next(self) -> None:
        """Save the cell and move to the next one (the end of a row wraps to the next)."""
        if self.commit() and self._staff:
            self.cursor_coordinate = self._step(True)

    def action_commit_previous(self) -> None:
        """Save the cell and move to the previous one."""
        if self.commit() and self._staff:
            self.cursor_coordinate = self._step(False)

    def action_backspace(self) -> None:
        """Delete the last typed character; outside an edit, start editing the stored value."""
        cell = self.cursor_coordinate
        if not self._editable(cell):
            return
        if self._edit is None:
            column = self._columns[cell.column - 1]
            value = self._values.get((self._staff[cell.row].id, column.code))
            self._edit = _Edit(cell, "" if value is None else column.edit(value))
        self._edit.text = self._edit.text[:-1]
        self._edit.failed = False
        self._show_edit()

    def action_clear_cell(self) -> None:
        """Clear the cell: the value becomes "not entered" for that employee."""
        self.discard()
        cell = self.cursor_coordinate
        if self._editable(cell):
            self._save(cell, None)

    def action_cancel_edit(self) -> None:
        """Drop what was typed; with nothing typed, let escape go back."""
        if self._edit is None:
            raise SkipAction()
        self.discard()
        self.post_message(self.EditCancelled())
