"""The line table: what it draws, its cursor, a row written again, scrolling and clicks."""

from __future__ import annotations

from typing import Any

import pytest
from textual.app import App, ComposeResult

from salestui.tui.widgets.line_table import LineTable, TableColumn, TableRow

COLUMNS = [
    TableColumn("name", "Employee", 10, numeric=False),
    TableColumn("calls", "Cold\ncalls", 6),
    TableColumn("rate", "Rate", 5),
]


def rows(count: int) -> list[TableRow]:
    """Return count rows: a bold team row, then employees numbered from 1."""
    out = [TableRow("team", ["Team", "1,234", "45%"], bold=True)]
    out += [TableRow(str(n), [f"Person {n}", str(n * 10), f"{n}%"]) for n in range(1, count)]
    return out


class TableApp(App[None]):
    """One table filling the screen; the cursor moves it reports are kept in order."""

    def __init__(self, cursor: Any = "row") -> None:
        super().__init__()
        self.cursor = cursor
        self.moves: list[tuple[int, int]] = []

    def compose(self) -> ComposeResult:
        yield LineTable(id="t", cursor=self.cursor)

    def on_line_table_moved(self, message: LineTable.Moved) -> None:
        self.moves.append((message.row, message.column))


def text_of(table: LineTable, y: int) -> str:
    """Return a screen line of the table as text."""
    return table.render_line(y).text


@pytest.mark.asyncio
async def test_draws_header_rows_and_alignment() -> None:
    """Headers sit on two lines (a one-line header on the lower), names to the left, numbers
    to the right, and below the rows the lines are blank."""
    app = TableApp()
    async with app.run_test(size=(40, 10)) as pilot:
        table = app.query_one(LineTable)
        table.set_rows(COLUMNS, rows(3))
        await pilot.pause()
        assert text_of(table, 0).rstrip() == "               Cold"
        assert text_of(table, 1).rstrip() == " Employee     calls   Rate"
        assert text_of(table, 2).rstrip() == " Team         1,234    45%"
        assert text_of(table, 4).rstrip() == " Person 2        20     2%"
        assert text_of(table, 5).strip() == ""
        assert table.row_keys() == ["team", "1", "2"]
        assert table.column_keys() == ["name", "calls", "rate"]
        assert table.cell("2", "calls") == "20"
        with pytest.raises(KeyError):
            table.cell("2", "nothing")
        bold = list(table.render_line(2))[0].style
        assert bold is not None and bold.bold
        plain = list(table.render_line(3))[0].style
        assert plain is not None and not plain.bold


@pytest.mark.asyncio
async def test_text_too_long_is_cut_to_its_column() -> None:
    """A cell longer than its column is cut with an ellipsis, not pushed into the next."""
    app = TableApp()
    async with app.run_test(size=(40, 6)) as pilot:
        table = app.query_one(LineTable)
        table.set_rows(COLUMNS, [TableRow("x", ["Konstantin Konstantinopolsky", "1", "2"])])
        await pilot.pause()
        line = text_of(table, 2)
        assert line.startswith(" Konstanti… ")
        assert line.rstrip().endswith("     1      2")


@pytest.mark.asyncio
async def test_arrows_move_the_cursor_and_keep_it_on_screen() -> None:
    """Down past the last line on screen scrolls; End and Home go to the last and first row;
    each move is reported once."""
    app = TableApp()
    async with app.run_test(size=(40, 8)) as pilot:
        table = app.query_one(LineTable)
        table.set_rows(COLUMNS, rows(30))
        table.focus()
        await pilot.pause()
        await pilot.press(*["down"] * 10)
        assert table.cursor_row == 10
        # Eight lines: two of header, six of rows, the cursor's row on the last.
        assert round(table.scroll_y) == 5
        assert "Person 10" in text_of(table, 7)
        await pilot.press("end")
        assert table.cursor_row == 29
        assert "Person 29" in text_of(table, 7)
        await pilot.press("home")
        assert (table.cursor_row, round(table.scroll_y)) == (0, 0)
        await pilot.press("pagedown")
        assert table.cursor_row == 6
        await pilot.pause()
        assert app.moves[:2] == [(1, 0), (2, 0)]
        assert app.moves[-1] == (6, 0)
        assert len(app.moves) == 13
        await pilot.press("up")
        await pilot.press("home", "home")  # already there: no move reported
        await pilot.pause()
        assert app.moves[-1] == (0, 0) and app.moves.count((0, 0)) == 2


@pytest.mark.asyncio
async def test_cell_cursor_moves_sideways_and_marks_one_cell() -> None:
    """A cell cursor moves between columns; only that cell takes the cursor's style."""
    app = TableApp("cell")
    async with app.run_test(size=(40, 8)) as pilot:
        table = app.query_one(LineTable)
        table.set_rows(COLUMNS, rows(3))
        table.focus()
        await pilot.pause()
        await pilot.press("down", "right", "right", "right")
        assert (table.cursor_row, table.cursor_column) == (1, 2)
        cursor = table.get_component_rich_style("line-table--cursor")
        styles = [s.style for s in list(table.render_line(3))[:3]]
        assert [s is not None and cursor.bgcolor == s.bgcolor for s in styles] == [
            False,
            False,
            True,
        ]


@pytest.mark.asyncio
async def test_update_row_writes_one_row_or_refuses_a_wider_cell() -> None:
    """A row written again shows the new cells; a cell wider than its column is refused and
    the row stays as it was (the caller lays the table out again)."""
    app = TableApp()
    async with app.run_test(size=(40, 8)) as pilot:
        table = app.query_one(LineTable)
        table.set_rows(COLUMNS, rows(3))
        await pilot.pause()
        assert table.update_row("1", ["Person 1", "99", "1%"])
        assert table.cell("1", "calls") == "99"
        assert not table.update_row("1", ["Person 1", "1,000,000", "1%"])
        assert not table.update_row("nobody", ["x", "1", "1"])
        assert table.cell("1", "calls") == "99"
        await pilot.pause()
        assert text_of(table, 3).rstrip() == " Person 1        99     1%"


@pytest.mark.asyncio
async def test_refill_keeps_the_cursor_within_the_rows() -> None:
    """Filled again with fewer rows, the cursor stays on the last one there is."""
    app = TableApp()
    async with app.run_test(size=(40, 8)) as pilot:
        table = app.query_one(LineTable)
        table.set_rows(COLUMNS, rows(10))
        table.move_cursor(row=8)
        table.set_rows(COLUMNS, rows(4))
        assert table.cursor_row == 3
        table.set_rows(COLUMNS, [])
        assert table.cursor_row == 0 and table.row_count == 0
        await pilot.pause()
        assert text_of(table, 2).strip() == ""


@pytest.mark.asyncio
async def test_click_puts_the_cursor_on_the_row_and_cell() -> None:
    """A click on a row moves the cursor there; on the header it does nothing."""
    app = TableApp("cell")
    async with app.run_test(size=(40, 8)) as pilot:
        table = app.query_one(LineTable)
        table.set_rows(COLUMNS, rows(5))
        await pilot.pause()
        await pilot.click(LineTable, offset=(15, 4))
        assert (table.cursor_row, table.cursor_column) == (2, 1)
        await pilot.click(LineTable, offset=(15, 0))
        assert (table.cursor_row, table.cursor_column) == (2, 1)


@pytest.mark.asyncio
async def test_narrow_screen_scrolls_sideways_with_the_name_fixed() -> None:
    """Wider than the screen, a row cursor's → scrolls the numbers; the names stay."""
    wide = [COLUMNS[0], *(TableColumn(f"c{n}", f"Col {n}", 8) for n in range(6))]
    app = TableApp()
    async with app.run_test(size=(30, 6)) as pilot:
        table = app.query_one(LineTable)
        table.set_rows(wide, [TableRow("a", ["Anna", *(f"{n}" for n in range(6))])])
        table.focus()
        await pilot.pause()
        before = text_of(table, 2)
        await pilot.press("right")
        await pilot.pause()
        # One column at a time: the first number column goes out of sight whole.
        header = text_of(table, 1)
        assert header.startswith(" Employee ") and "Col 0" not in header and "Col 1" in header
        await pilot.press(*["right"] * 6)
        await pilot.pause()
        after = text_of(table, 2)
        assert before.startswith(" Anna ") and after.startswith(" Anna ")
        assert after.rstrip().endswith("5") and "0" not in after
        await pilot.press(*["left"] * 6)
        await pilot.pause()
        assert text_of(table, 2) == before


@pytest.mark.asyncio
async def test_a_move_scrolled_down_redraws_the_rows_it_left_and_reached() -> None:
    """Scrolled down, a cursor move redraws the two screen lines of its rows (the line it
    left and the one it reached), not lines counted from the table's top."""
    app = TableApp()
    async with app.run_test(size=(40, 8)) as pilot:
        table = app.query_one(LineTable)
        table.set_rows(COLUMNS, rows(30))
        table.focus()
        await pilot.press("end")
        await pilot.pause()
        top = round(table.scroll_y)
        assert top > 0
        asked: list[int] = []
        real = table.refresh

        def spy(*regions: Any, **options: Any) -> Any:
            asked.extend(region.y for region in regions)
            return real(*regions, **options)

        table.refresh = spy  # type: ignore[method-assign]
        await pilot.press("up")
        # Rows 29 and 28 are the last two lines of the screen (two header lines, six rows).
        assert sorted(asked) == [6, 7]
        await pilot.pause()
        assert "Person 28" in text_of(table, 6)


@pytest.mark.asyncio
async def test_a_cell_cursor_scrolls_its_column_into_view() -> None:
    """Moved right past the screen's edge, a cell cursor brings its column into view beside
    the fixed names; moved back left, the first columns come back."""
    wide = [COLUMNS[0], *(TableColumn(f"c{n}", f"Col {n}", 8) for n in range(6))]
    app = TableApp("cell")
    async with app.run_test(size=(40, 6)) as pilot:
        table = app.query_one(LineTable)
        table.set_rows(wide, [TableRow("a", ["Anna", *(f"{n}" for n in range(6))])])
        table.focus()
        await pilot.pause()
        await pilot.press(*["right"] * 6)
        await pilot.pause()
        assert table.cursor_column == 6
        assert "Col 5" in text_of(table, 1) and text_of(table, 1).startswith(" Employee ")
        await pilot.press(*["left"] * 5)
        await pilot.pause()
        assert table.cursor_column == 1 and "Col 0" in text_of(table, 1)


@pytest.mark.asyncio
async def test_the_cursor_stays_on_screen_when_the_terminal_shrinks() -> None:
    """The cursor on the last row of a tall screen is still shown after a resize."""
    app = TableApp()
    async with app.run_test(size=(40, 30)) as pilot:
        table = app.query_one(LineTable)
        table.set_rows(COLUMNS, rows(25))
        table.move_cursor(row=24)
        await pilot.pause()
        assert round(table.scroll_y) == 0
        await pilot.resize_terminal(40, 8)
        await pilot.pause()
        top = round(table.scroll_y)
        assert top <= 24 < top + 6
        assert any("Person 24" in text_of(table, y) for y in range(2, 8))
