"""The daily grid: employees × funnel metrics, typed into cell by cell from the keyboard."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import events
from textual.actions import SkipAction
from textual.binding import Binding, BindingType
from textual.coordinate import Coordinate
from textual.message import Message
from textual.widgets import DataTable

from salestui.analytics.reporting import FULL, NONE, PARTIAL, report_status
from salestui.analytics.totals import column_totals
from salestui.i18n import fmt_int, tr
from salestui.models import Employee, MetricDef
from salestui.textfit import ELLIPSIS, fit_columns, fit_label, fit_names
from salestui.tui.keys import is_ours, translate_bindings
from salestui.tui.widgets.totals_row import TotalsRow

# Saves a typed cell; raises ValidationError for a bad value, StoreError or OSError when
# the disk refuses the save; returns the stored value.
Saver = Callable[[int, str, str | None], int | None]
# The name column grows with the longest name up to a limit that depends on the width.
NAME_MIN, NAME_NARROW, NAME_WIDE = 10, 20, 28
MIN_WIDTH, MAX_WIDTH = 6, 20
# Text markers beside a name, so the state reads on a monochrome terminal too.
MARKERS = {NONE: "○ ", PARTIAL: "◐ ", FULL: "  "}
CURSOR = "▏"
# The hyphen-minus and the minus sign (U+2212) start an edit too, so "-5" is refused, not 5.
MINUS_KEYS = ("minus", "minus_sign")


@dataclass(frozen=True, slots=True)
class GridStyles:
    """Rich styles of rows that sent nothing or only part of their numbers."""

    missing: str = "bold"
    partial: str = ""
    error: str = "bold reverse"


@dataclass(slots=True)
class _Edit:
    """Digits typed into the cursor cell but not saved yet."""

    cell: Coordinate
    text: str
    failed: bool = False


class MetricsGrid(DataTable[Text]):
    """A DataTable whose metric cells take digits; leaving a cell saves it.

    The team total lives in a TotalsRow below the grid, so it stays in sight however many
    employees scroll past.
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

    def __init__(self, saver: Saver, totals: TotalsRow, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="cell", zebra_stripes=True)
        self._saver = saver
        self._totals = totals
        self._staff: list[Employee] = []
        self._funnel: list[MetricDef] = []
        self._values: dict[tuple[int, str], int] = {}
        self._expected: frozenset[int] = frozenset()
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
        """Return the numbers an employee has in the grid, by metric code."""
        found = ((m.code, self._values.get((employee_id, m.code))) for m in self._funnel)
        return {code: value for code, value in found if value is not None}

    def entered(self) -> dict[int, dict[str, int]]:
        """Return the numbers of everyone in the grid who has any, by employee id."""
        return {e.id: counts for e in self._staff if (counts := self.counts_of(e.id))}

    def load(
        self,
        staff: Sequence[Employee],
        funnel: Sequence[MetricDef],
        values: Mapping[tuple[int, str], int],
        expected: Collection[int],
        styles: GridStyles,
    ) -> None:
        """Show a day: one row per employee, one column per metric; totals go below."""
        self._edit = None
        self._staff, self._funnel, self._values = list(staff), list(funnel), dict(values)
        self._expected = frozenset(expected)
        self._styles = styles
        cursor = self.cursor_coordinate
        self._fitted_width = self.size.width
        self.clear(columns=True)
        marker = len(MARKERS[NONE])
        longest = max([len(tr("grid.employee")), *(len(e.name) + marker for e in staff)])
        limit = NAME_WIDE if self.app.size.width >= 100 else NAME_NARROW
        self._name_width = max(NAME_MIN, min(limit, longest))
        short = fit_names([e.name for e in staff], self._name_width - marker)
        self._names = {e.id: name for e, name in zip(staff, short, strict=True)}
        # Share the width right of the names between the metrics; long labels wrap.
        padding = 2 * (len(funnel) + 1) + 4
        room = self.app.size.width - self._name_width - padding
        self._widths = fit_columns([m.label() for m in funnel], room, MIN_WIDTH, MAX_WIDTH)
        self.add_column(Text(tr("grid.employee")), key="name", width=self._name_width)
        labels = [
            fit_label(metric.label(), metric.short(), width)
            for metric, width in zip(funnel, self._widths, strict=True)
        ]
        # Two header lines only when a label needs them (a wide terminal fits them on one).
        self.header_height = max([1, *(label.count("\n") + 1 for label in labels)])
        for metric, label, width in zip(funnel, labels, self._widths, strict=True):
            self.add_column(Text(label), key=metric.code, width=width)  # a label is not markup
        for employee in staff:
            self.add_row(*self._row_cells(employee), key=str(employee.id))
        self._totals.load([self._name_width, *self._widths], self._total_cells())
        if staff:
            row = min(cursor.row, len(staff) - 1)
            self.cursor_coordinate = Coordinate(row, max(1, cursor.column))

    def on_resize(self, event: events.Resize) -> None:
        """Re-fit the column labels to a new width; keep what is being typed."""
        if event.size.width == self._fitted_width:
            return  # only the height changed (a two-line message): nothing to re-fit
        edit = self._edit
        self.load(self._staff, self._funnel, self._values, self._expected, self._styles)
        if edit is not None and self._editable(edit.cell):
            self._edit = edit
            self._show_edit()

    def _row_cells(self, employee: Employee) -> list[Text]:
        status = report_status(self.counts_of(employee.id), [m.code for m in self._funnel])
        expected = employee.id in self._expected
        style = ""
        if expected and status == NONE:
            style = self._styles.missing
        elif expected and status != FULL:
            style = self._styles.partial
        marker = MARKERS[status] if expected else MARKERS[FULL]
        cells = [Text(marker + self._names[employee.id], style=style, no_wrap=True)]
        for metric in self._funnel:
            value = self._values.get((employee.id, metric.code))
            text = fmt_int(value) if value is not None else "·"
            cells.append(Text(text, style="dim" if value is None else style, justify="right"))
        return cells

    def _total_cells(self) -> list[Text]:
        rows = [self.counts_of(e.id) for e in self._staff]
        totals = column_totals(rows, [m.code for m in self._funnel])
        cells = [Text(tr("grid.total"), style="bold")]
        for metric in self._funnel:
            total = totals[metric.code]
            cells.append(
                Text("" if total is None else fmt_int(total), style="bold", justify="right")
            )
        return cells

    def _refresh_row(self, row: int) -> None:
        for column, cell in enumerate(self._row_cells(self._staff[row])):
            self.update_cell_at(Coordinate(row, column), cell)
        self._totals.update_cells(self._total_cells())

    def watch_scroll_x(self, old_value: float, new_value: float) -> None:
        """Keep the totals under their columns when the grid scrolls sideways."""
        super().watch_scroll_x(old_value, new_value)
        self._totals.scroll_x = new_value

    # -- editing -----------------------------------------------------------------------

    def _editable(self, cell: Coordinate) -> bool:
        return cell.row < len(self._staff) and 1 <= cell.column <= len(self._funnel)

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
        if char is None or event.key not in (char, "space", *MINUS_KEYS):
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

        employee, metric = self._staff[cell.row], self._funnel[cell.column - 1]
        self.store_failure = None
        try:
            value = self._saver(employee.id, metric.code, text)
        except ValidationError as exc:
            self.post_message(self.EditFailed(str(exc)))
            return False
        except SAVE_FAILURES as exc:
            # A full disk or a damaged file: the value stays typed, the store is unchanged.
            self.store_failure = failure_text(exc)
            self.post_message(self.EditFailed(self.store_failure, retry=True))
            return False
        key = (employee.id, metric.code)
        if value is None:
            self._values.pop(key, None)
        else:
            self._values[key] = value
        self._refresh_row(cell.row)
        self.post_message(self.Saved(value))
        return True

    def watch_cursor_coordinate(self, old: Coordinate, new: Coordinate) -> None:
        """Leaving a cell saves it; a refused value keeps the cursor there for correction."""
        if self._edit is not None and self._edit.cell == old and old != new and not self.commit():
            self.cursor_coordinate = old
            return
        super().watch_cursor_coordinate(old, new)

    def on_blur(self) -> None:
        self.commit()

    def _step(self, forward: bool) -> Coordinate:
        """Return the next metric cell, wrapping to the next (or previous) employee."""
        width, rows = len(self._funnel), max(1, len(self._staff))
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
        """Delete the last typed digit; outside an edit, start editing the stored value."""
        cell = self.cursor_coordinate
        if not self._editable(cell):
            return
        if self._edit is None:
            value = self._values.get((self._staff[cell.row].id, self._funnel[cell.column - 1].code))
            self._edit = _Edit(cell, "" if value is None else str(value))
        self._edit.text = self._edit.text[:-1]
        self._edit.failed = False
        self._show_edit()

    def action_clear_cell(self) -> None:
        """Clear the cell: the metric becomes "not entered" for that employee."""
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
