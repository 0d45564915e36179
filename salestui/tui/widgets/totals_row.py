"""One-line tables pinned under the number grid: the team total (and the norms), in sight."""

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

    def show(self, shown: bool) -> None:
        """Show or hide the line, leaving its room to the table above when hidden."""
        if self.display == shown:
            return
        self.display = shown
        if isinstance(self.parent, GridWithTotals):
            self.parent.refit()


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
        """Leave exactly one line under the table for each line shown below it."""
        self.refit(event.size.height)

    def refit(self, height: int | None = None) -> None:
        """Give the table the room the lines below it (totals, norms) leave."""
        table, *below = self.query_children(DataTable)
        lines = sum(1 for line in below if line.display)
        room = self.size.height if height is None else height
        table.styles.max_height = max(1, room - lines)
