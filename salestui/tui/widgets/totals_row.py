"""A one-line table pinned under the daily grid: the team total, always in sight."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import events
from textual.containers import Vertical
from textual.coordinate import Coordinate
from textual.widgets import DataTable


class TotalsRow(DataTable[Text]):
    """The grid's TOTAL line, laid out with the grid's column widths and scrolled with it."""

    DEFAULT_CSS = """
    TotalsRow {
        height: 1;
        overflow: hidden hidden;
        scrollbar-size: 0 0;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, show_header=False, show_cursor=False, cursor_type="none")
        self.can_focus = False

    def load(self, widths: Sequence[int], cells: Sequence[Text]) -> None:
        """Lay out the columns like the grid's and show the totals."""
        self.clear(columns=True)
        for index, width in enumerate(widths):
            self.add_column("", key=str(index), width=width)
        self.add_row(*cells, key="total")

    def update_cells(self, cells: Sequence[Text]) -> None:
        """Show new totals in the same columns."""
        for column, cell in enumerate(cells):
            self.update_cell_at(Coordinate(0, column), cell)


class GridWithTotals(Vertical):
    """Holds a table and its TotalsRow: the total sits right under the last row, and once
    the rows outgrow the room it stays pinned at the bottom while the rows scroll."""

    DEFAULT_CSS = """
    GridWithTotals {
        height: 1fr;
    }
    GridWithTotals > DataTable {
        height: auto;
    }
    """

    def on_resize(self, event: events.Resize) -> None:
        """Leave exactly one line under the table for the totals."""
        table = self.query(DataTable).first()
        table.styles.max_height = max(1, event.size.height - 1)
