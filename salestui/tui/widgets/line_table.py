"""A read-only table of text cells: filling it only keeps the text, and a frame lays out
just the lines on screen.

Textual's DataTable renders every cell through Rich on each fill (a Stats tab of 50 rows
took ~100 ms to draw at 120×40); the Stats tabs show numbers already written as text, so this
table makes each line on screen as one strip of segments (one per cell), cropped to the screen. It
keeps the DataTable's look (a two-line header, zebra rows, a row or cell cursor) and keys.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar, Literal

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from salestui.textfit import truncate
from salestui.tui.keys import ROW_KEYS

# Blank columns on each side of a cell's text (the DataTable's cell padding).
PAD = 1


@dataclass(frozen=True, slots=True)
class TableColumn:
    """A column: its key, its header (lines split by newline), width, and alignment."""

    key: str
    header: str
    width: int
    numeric: bool = True  # numbers are right-aligned, so their last digits line up


@dataclass(frozen=True, slots=True)
class TableRow:
    """A row: its key, its cells as shown, and whether it is written in bold (a total)."""

    key: str
    cells: Sequence[str]
    bold: bool = False


class LineTable(ScrollView, can_focus=True):
    """Rows of text under a fixed header; the first column stays when scrolled sideways."""

    DEFAULT_CSS = """
    LineTable {
        background: $surface;
        color: $foreground;
        height: auto;
        max-height: 100%;
        &:focus {
            background-tint: $foreground 5%;
            & > .line-table--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
            & > .line-table--header {
                background-tint: $foreground 5%;
            }
        }
        &:dark > .line-table--even-row {
            background: $surface-darken-1 40%;
        }
        & > .line-table--header {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        &:ansi > .line-table--header {
            background: ansi_bright_blue;
            color: ansi_default;
        }
        & > .line-table--even-row {
            background: $surface-lighten-1 50%;
        }
        & > .line-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "line-table--header",
        "line-table--even-row",
        "line-table--cursor",
    }

    BINDINGS: ClassVar[list[BindingType]] = [
        *ROW_KEYS,
        Binding("left", "sideways(-1)", show=False),
        Binding("right", "sideways(1)", show=False),
    ]

    class Moved(Message):
        """The cursor moved to another row or cell."""

        def __init__(self, table: LineTable) -> None:
            super().__init__()
            self.table = table
            self.row = table.cursor_row
            self.column = table.cursor_column

        @property
        def control(self) -> LineTable:
            """Return the table the cursor moved in (for `@on(..., selector)`)."""
            return self.table

    def __init__(
        self,
        *,
        cursor: Literal["row", "cell"] = "row",
        header_height: int = 2,
        id: str | None = None,  # noqa: A002 - Textual's name for it
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.cursor = cursor
        self.header_height = header_height
        self.columns: list[TableColumn] = []
        self.rows: list[TableRow] = []
        self.cursor_row = 0
        self.cursor_column = 0
        self._index: dict[str, int] = {}
        self._fixed = 0  # the first column's width with its padding

    # -- filling ----------------------------------------------------------------------------

    def set_rows(self, columns: Sequence[TableColumn], rows: Sequence[TableRow]) -> None:
        """Show these columns and rows; the cursor stays where it was, within the new rows."""
        self.columns = list(columns)
        self.rows = list(rows)
        self._index = {row.key: n for n, row in enumerate(self.rows)}
        self._fixed = columns[0].width + 2 * PAD if columns else 0
        width = sum(c.width + 2 * PAD for c in self.columns)
        self.virtual_size = Size(width, self.header_height + len(self.rows))
        self.cursor_row = min(self.cursor_row, max(len(self.rows) - 1, 0))
        self.cursor_column = min(self.cursor_column, max(len(self.columns) - 1, 0))
        self._show_cursor()
        # Filled as the screen is laid out anew (a resize, a tab shown): look again after.
        self.call_after_refresh(self._show_cursor)
        self.refresh()

    def update_row(self, key: str, cells: Sequence[str]) -> bool:
        """Write a row's cells again; False (and nothing changed) when a cell would not fit."""
        index = self._index.get(key)
        if index is None or len(cells) != len(self.columns):
            return False
        if any(cell_len(t) > c.width for t, c in zip(cells, self.columns, strict=True)):
            return False
        old = self.rows[index]
        self.rows[index] = TableRow(old.key, list(cells), old.bold)
        self._refresh_row(index)
        return True

    @property
    def row_count(self) -> int:
        """Return how many rows are shown."""
        return len(self.rows)

    def row_keys(self) -> list[str]:
        """Return the rows' keys in order."""
        return [row.key for row in self.rows]

    def column_keys(self) -> list[str]:
        """Return the columns' keys in order."""
        return [column.key for column in self.columns]

    def cell(self, row: str, column: str) -> str:
        """Return a cell's text as shown; KeyError for an unknown row or column."""
        at = self.column_keys().index(column) if column in self.column_keys() else None
        if at is None:
            raise KeyError(column)
        return self.rows[self._index[row]].cells[at]

    # -- the cursor -------------------------------------------------------------------------

    def move_cursor(self, row: int | None = None, column: int | None = None) -> None:
        """Put the cursor on a row (and, for a cell cursor, a column), scrolled into view."""
        last_row, last_column = max(len(self.rows) - 1, 0), max(len(self.columns) - 1, 0)
        new_row = self.cursor_row if row is None else min(max(row, 0), last_row)
        new_column = self.cursor_column if column is None else min(max(column, 0), last_column)
        if (new_row, new_column) == (self.cursor_row, self.cursor_column):
            return
        old = self.cursor_row
        self.cursor_row, self.cursor_column = new_row, new_column
        self._refresh_row(old)
        self._refresh_row(new_row)
        self._show_cursor()
        self.post_message(self.Moved(self))

    def _show_cursor(self) -> None:
        """Scroll so the cursor is on screen: its row below the header, and a cell cursor's
        column beside the fixed name column."""
        region = self.scrollable_content_region
        seen = region.height - self.header_height
        if seen > 0:
            top = round(self.scroll_y)
            if self.cursor_row < top:
                self.scroll_to(y=self.cursor_row, animate=False)
            elif self.cursor_row >= top + seen:
                self.scroll_to(y=self.cursor_row - seen + 1, animate=False)
        room = region.width - self._fixed
        if self.cursor != "cell" or self.cursor_column < 1 or room <= 0:
            return
        # The column's place among the scrolled columns (the name column is not among them).
        start = sum(c.width + 2 * PAD for c in self.columns[1 : self.cursor_column])
        end = start + self.columns[self.cursor_column].width + 2 * PAD
        left = round(self.scroll_x)
        if start < left:
            self.scroll_to(x=start, animate=False)
        elif end > left + room:
            self.scroll_to(x=end - room, animate=False)

    def on_resize(self) -> None:
        """Keep the cursor on screen when the table gets smaller."""
        self._show_cursor()

    def _refresh_row(self, index: int) -> None:
        """Draw one row again, if it is on screen."""
        y = self.header_height + index - round(self.scroll_y)
        if self.header_height <= y < self.size.height:
            # A screen line: ScrollView.refresh_line takes a line of the whole table.
            self.refresh(Region(0, y, self.size.width, 1))

    def action_move(self, step: int) -> None:
        """Move the cursor a row up or down."""
        self.move_cursor(self.cursor_row + step)

    def action_sideways(self, step: int) -> None:
        """Move a cell cursor a column left or right; a row cursor scrolls the numbers."""
        if self.cursor == "row":
            self._scroll_column(step)
        else:
            self.move_cursor(column=self.cursor_column + step)

    def _scroll_column(self, step: int) -> None:
        """Scroll the numbers sideways by one column (the names stay)."""
        edges, edge = [0], 0
        for column in self.columns[1:]:
            edge += column.width + 2 * PAD
            edges.append(edge)
        now = round(self.scroll_x)
        if step > 0:
            to = next((e for e in edges if e > now), now)
        else:
            to = next((e for e in reversed(edges) if e < now), 0)
        self.scroll_to(x=to, animate=False)

    def action_page(self, direction: int) -> None:
        """Move the cursor a screenful of rows."""
        seen = max(self.scrollable_content_region.height - self.header_height, 1)
        self.move_cursor(self.cursor_row + direction * seen)

    def action_edge(self, end: int) -> None:
        """Move the cursor to the first or the last row."""
        self.move_cursor(len(self.rows) - 1 if end else 0)

    def on_click(self, event: events.Click) -> None:
        """Put the cursor on the clicked row (and cell)."""
        if event.y < self.header_height:
            return
        row = event.y - self.header_height + round(self.scroll_y)
        if row >= len(self.rows):
            return
        x = event.x if event.x < self._fixed else event.x + round(self.scroll_x)
        column, edge = 0, 0
        for index, spec in enumerate(self.columns):
            edge += spec.width + 2 * PAD
            column = index
            if x < edge:
                break
        self.move_cursor(row, column)

    # -- drawing ----------------------------------------------------------------------------

    def notify_style_update(self) -> None:
        """Let the next frame take the new styles (the lines hold no styles themselves)."""
        super().notify_style_update()
        self.refresh()

    def _cells(self, texts: Sequence[str]) -> list[str]:
        """Return each cell padded to its column, text cut to fit and aligned."""
        out = []
        for text, column in zip(texts, self.columns, strict=True):
            shown = truncate(text, column.width)
            gap = " " * (column.width - cell_len(shown))
            body = gap + shown if column.numeric else shown + gap
            out.append(" " * PAD + body + " " * PAD)
        return out

    def _header(self, line: int) -> list[str]:
        texts = []
        for column in self.columns:
            parts = column.header.split("\n")
            # A one-line header sits on the lower line, next to the numbers.
            parts = [""] * (self.header_height - len(parts)) + parts
            texts.append(parts[line] if line < len(parts) else "")
        return self._cells(texts)

    def render_line(self, y: int) -> Strip:
        """Return one screen line: a header line, a row, or blank below the rows."""
        width = self.scrollable_content_region.width
        base = self.rich_style
        if y < self.header_height:
            style = base + self.get_component_rich_style("line-table--header")
            return self._crop(self._header(y), [style] * len(self.columns), width, base)
        index = y - self.header_height + round(self.scroll_y)
        if index >= len(self.rows):
            return Strip.blank(width, base)
        row = self.rows[index]
        style = base
        if index % 2:
            style += self.get_component_rich_style("line-table--even-row")
        if row.bold:
            style += Style(bold=True)
        styles = [style] * len(self.columns)
        if index == self.cursor_row and self.rows:
            cursor = style + self.get_component_rich_style("line-table--cursor")
            if self.cursor == "row":
                styles = [cursor] * len(self.columns)
            elif self.cursor_column < len(styles):
                styles[self.cursor_column] = cursor
        return self._crop(self._cells(row.cells), styles, width, base)

    def _crop(self, cells: list[str], styles: list[Style], width: int, base: Style) -> Strip:
        """Return cells as one line: the first column fixed, the rest scrolled sideways."""
        segments = [Segment(text, style) for text, style in zip(cells, styles, strict=True)]
        if not segments:
            return Strip.blank(width, base)
        first = Strip(segments[:1], self._fixed)
        rest_width = sum(cell_len(t) for t in cells[1:])
        rest = Strip(segments[1:], rest_width)
        left = round(self.scroll_x)
        rest = rest.crop(left, left + max(width - self._fixed, 0))
        line = Strip.join([first, rest])
        return line.extend_cell_length(width, base).crop(0, width)
