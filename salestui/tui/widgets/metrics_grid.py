"""The daily grid: employees × funnel metrics, typed into cell by cell from the keyboard."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import events
from textual.actions import SkipAction
from textual.binding import Binding, BindingType
from textual.coordinate import Coordinate
from textual.message import Message
from textual.widgets import DataTable

from salestui.analytics.totals import column_totals
from salestui.i18n import fmt_int, tr
from salestui.models import Employee, MetricDef
from salestui.tui.keys import is_ours, translate_bindings

# Saves a typed cell; raises ValidationError for a bad value, returns the stored value.
Saver = Callable[[int, str, str | None], int | None]
# The name column grows with the longest name up to a limit that depends on the width.
NAME_MIN, NAME_NARROW, NAME_WIDE = 10, 16, 26
MIN_WIDTH, MAX_WIDTH = 6, 20


def wrap_label(label: str, width: int) -> str:
    """Fit a label into at most two lines of `width`, hyphenating only a word too long."""
    lines: list[str] = []
    for word in label.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
            continue
        while len(word) > width:
            lines.append(word[: width - 1] + "-")
            word = word[width - 1 :]
        lines.append(word)
    if len(lines) > 2:
        second = " ".join(lines[1:])
        lines = [lines[0], second if len(second) <= width else second[: width - 1] + "…"]
    return "\n".join(lines)


def fit_widths(labels: Sequence[str], room: int) -> list[int]:
    """Give each column its label's width, then narrow the widest until all fit in room."""
    widths = [min(MAX_WIDTH, max(MIN_WIDTH, len(label))) for label in labels]
    while widths and sum(widths) > room and max(widths) > MIN_WIDTH:
        widths[widths.index(max(widths))] -= 1
    return widths


@dataclass(slots=True)
class _Edit:
    """Digits typed into the cursor cell but not saved yet."""

    cell: Coordinate
    text: str


class MetricsGrid(DataTable[Text]):
    """A DataTable whose metric cells take digits; leaving a cell saves it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "commit_next", "grid.save_next", show=False),
        Binding("tab", "commit_next", "grid.save_next", show=False),
        Binding("shift+tab", "commit_previous", "grid.save_previous", show=False),
        Binding("backspace", "backspace", "grid.backspace", show=False),
        Binding("delete", "clear_cell", "grid.clear", show=False),
        Binding("escape", "cancel_edit", "grid.cancel", show=False),
    ]

    class EditFailed(Message):
        """A typed value was refused; the message says why."""

        def __init__(self, message: str) -> None:
            super().__init__()
            self.message = message

    class Saved(Message):
        """A cell was saved to the store."""

    def __init__(self, saver: Saver, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="cell", zebra_stripes=True, header_height=2)
        self._saver = saver
        self._staff: list[Employee] = []
        self._funnel: list[MetricDef] = []
        self._values: dict[tuple[int, str], int] = {}
        self._edit: _Edit | None = None
        self._missing_style = "bold"
        self._name_width = NAME_NARROW
        translate_bindings(self)

    # -- content -----------------------------------------------------------------------

    def load(
        self,
        staff: Sequence[Employee],
        funnel: Sequence[MetricDef],
        values: Mapping[tuple[int, str], int],
        missing_style: str,
    ) -> None:
        """Show a day: one row per employee, one column per metric, then the totals."""
        self._edit = None
        self._staff, self._funnel, self._values = list(staff), list(funnel), dict(values)
        self._missing_style = missing_style
        cursor = self.cursor_coordinate
        self.clear(columns=True)
        longest = max([len(tr("grid.employee")), *(len(e.name) for e in staff)])
        limit = NAME_WIDE if self.app.size.width >= 100 else NAME_NARROW
        self._name_width = max(NAME_MIN, min(limit, longest))
        self.add_column(tr("grid.employee"), key="name", width=self._name_width)
        # Share the width right of the names between the metrics; long labels wrap.
        labels = [metric.label() for metric in funnel]
        padding = 2 * (len(funnel) + 1) + 4
        widths = fit_widths(labels, self.app.size.width - self._name_width - padding)
        for metric, label, width in zip(funnel, labels, widths, strict=True):
            self.add_column(wrap_label(label, width), key=metric.code, width=width)
        for employee in staff:
            self.add_row(*self._row_cells(employee), key=str(employee.id))
        self.add_row(*self._total_cells(), key="total")
        if staff:
            row = min(cursor.row, len(staff) - 1)
            self.cursor_coordinate = Coordinate(row, max(1, cursor.column))

    def on_resize(self) -> None:
        """Re-fit the column labels to the new width."""
        self.commit()
        self.load(self._staff, self._funnel, self._values, self._missing_style)

    def _reported(self, employee: Employee) -> bool:
        return any((employee.id, m.code) in self._values for m in self._funnel)

    def _row_cells(self, employee: Employee) -> list[Text]:
        reported = self._reported(employee)
        style = "" if reported else self._missing_style
        name = Text(employee.name, style=style, overflow="ellipsis", no_wrap=True)
        name.truncate(self._name_width, overflow="ellipsis")
        cells = [name]
        for metric in self._funnel:
            value = self._values.get((employee.id, metric.code))
            text = fmt_int(value) if value is not None else "·"
            cells.append(Text(text, style=style if reported else "dim", justify="right"))
        return cells

    def _total_cells(self) -> list[Text]:
        totals = column_totals(
            [
                {
                    m.code: self._values[(e.id, m.code)]
                    for m in self._funnel
                    if (e.id, m.code) in self._values
                }
                for e in self._staff
            ],
            [m.code for m in self._funnel],
        )
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
        for column, cell in enumerate(self._total_cells()):
            self.update_cell_at(Coordinate(len(self._staff), column), cell)

    @property
    def missing_count(self) -> int:
        """Return how many employees have nothing entered."""
        return sum(not self._reported(e) for e in self._staff)

    # -- editing -----------------------------------------------------------------------

    def _editable(self, cell: Coordinate) -> bool:
        return cell.row < len(self._staff) and 1 <= cell.column <= len(self._funnel)

    def _show_edit(self) -> None:
        if self._edit is not None:
            self.update_cell_at(
                self._edit.cell,
                Text(self._edit.text + "▏", style="bold underline", justify="right"),
            )

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
        if char is None or event.key != char and event.key != "space":
            return
        if self._edit is None and not char.isdigit():
            return  # a letter outside an edit is a key binding, not data
        event.stop()
        event.prevent_default()
        cell = self.cursor_coordinate
        if not self._editable(cell):
            self.post_message(self.EditFailed(tr("grid.not_editable")))
            return
        if self._edit is None or self._edit.cell != cell:
            self._edit = _Edit(cell, "")
        self._edit.text += char
        self._show_edit()

    def commit(self) -> bool:
        """Save the cell being edited; on a bad value keep the stored one. True if saved."""
        edit, self._edit = self._edit, None
        if edit is None:
            return True
        return self._save(edit.cell, edit.text)

    def _save(self, cell: Coordinate, text: str | None) -> bool:
        from salestui.models import ValidationError

        employee, metric = self._staff[cell.row], self._funnel[cell.column - 1]
        try:
            value = self._saver(employee.id, metric.code, text)
        except ValidationError as exc:
            self._refresh_row(cell.row)
            self.post_message(self.EditFailed(str(exc)))
            return False
        key = (employee.id, metric.code)
        if value is None:
            self._values.pop(key, None)
        else:
            self._values[key] = value
        self._refresh_row(cell.row)
        self.post_message(self.Saved())
        return True

    def watch_cursor_coordinate(self, old: Coordinate, new: Coordinate) -> None:
        """Leaving a cell saves it, whichever way the cursor moved."""
        if self._edit is not None and self._edit.cell == old and old != new:
            self.commit()
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
        self._show_edit()

    def action_clear_cell(self) -> None:
        """Clear the cell: the metric becomes "not entered" for that employee."""
        self._edit = None
        cell = self.cursor_coordinate
        if self._editable(cell):
            self._save(cell, None)

    def action_cancel_edit(self) -> None:
        """Drop what was typed; with nothing typed, let escape go back."""
        if self._edit is None:
            raise SkipAction()
        row = self._edit.cell.row
        self._edit = None
        self._refresh_row(row)
