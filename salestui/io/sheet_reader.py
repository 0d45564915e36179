"""Spreadsheet files in: a CSV or an XLSX sheet as a header and rows of cells, read with pandas.

A CSV may be separated by ",", ";" or a tab (the header line decides), in UTF-8 with or
without a byte-order mark or in cp1251 (Russian Excel's "CSV"); an XLSX gives its first sheet
or the one named, its formulas' values, dates as dates. The header is the first row with two
cells or more filled (a title merged across the columns above it is passed over), wholly
empty rows are dropped, and every row keeps its number as a spreadsheet shows it.
"""

from __future__ import annotations

import io
import math
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Final

from salestui.i18n import tr

SEPARATORS: Final = (",", ";", "\t")
ENCODINGS: Final = ("utf-8", "cp1251")
Cell = str | int | float | bool | date | None


class ReadError(Exception):
    """A file that cannot be read as a table: one line naming it and what is wrong."""


@dataclass(frozen=True, slots=True)
class RawTable:
    """A file's header and rows, each row with its number as a spreadsheet shows it."""

    headers: list[str]
    rows: list[tuple[int, list[Cell]]]


def read_table(
    path: Path,
    *,
    sheet: str | None = None,
    encoding: str | None = None,
    columns: Sequence[str] | None = None,
) -> RawTable:
    """Read a CSV or XLSX file (by its extension); `columns` names a header-less CSV's."""
    suffix = path.suffix.lower()
    try:
        if suffix in (".xlsx", ".xlsm"):
            return _read_xlsx(path, sheet)
        return _read_csv(path, encoding, columns)
    except ReadError:
        raise
    except OSError as exc:
        raise ReadError(tr("import.unreadable", file=path, reason=exc.strerror or exc)) from None


def _decode(raw: bytes, encoding: str | None, path: Path) -> str:
    """Return a CSV's text: the encoding given, else UTF-8 (a BOM dropped), else cp1251."""
    if encoding is not None:
        try:
            return raw.decode(encoding).removeprefix("\ufeff")
        except LookupError:
            raise ReadError(tr("import.bad_encoding", encoding=encoding)) from None
        except UnicodeDecodeError as exc:
            raise ReadError(
                tr("import.not_encoding", file=path.name, encoding=encoding, at=exc.start)
            ) from None
    for name in ENCODINGS:
        try:
            return raw.decode(name).removeprefix("\ufeff")
        except UnicodeDecodeError:
            continue
    raise ReadError(tr("import.unknown_encoding", file=path.name))


def separator(line: str) -> str:
    """Return the separator a header line uses: the one of ",", ";", tab it holds most."""
    counts = {sep: line.count(sep) for sep in SEPARATORS}
    best = max(SEPARATORS, key=lambda sep: counts[sep])
    return best if counts[best] else ","


def _read_csv(path: Path, encoding: str | None, columns: Sequence[str] | None) -> RawTable:
    """Read a CSV with pandas, every cell as text."""
    import pandas as pd

    raw = path.read_bytes()
    if b"\x00" in raw[:4096]:
        raise ReadError(tr("import.not_text", file=path.name))
    text = _decode(raw, encoding, path)
    first = next((line for line in text.splitlines() if line.strip()), "")
    if not first:
        raise ReadError(tr("import.empty", file=path.name))
    try:
        frame = pd.read_csv(
            io.StringIO(text),
            sep=separator(first),
            dtype=str,
            keep_default_na=False,
            header=None if columns else 0,
            names=list(columns) if columns else None,
            skip_blank_lines=False,
        )
    except (pd.errors.ParserError, ValueError) as exc:
        detail = " ".join(str(exc).split())
        raise ReadError(tr("import.bad_csv", file=path.name, reason=detail)) from None
    headers = [str(h).strip() for h in frame.columns]
    if not columns and any(h.startswith("Unnamed: ") for h in headers):
        headers = ["" if h.startswith("Unnamed: ") else h for h in headers]
    start = 1 if columns else 2
    rows: list[tuple[int, list[Cell]]] = []
    every = frame.to_numpy(dtype=object).tolist()
    del frame
    for n, cells in enumerate(every):
        # Read as text, every cell is a str; a short line's missing cells may not be.
        if not all(c.__class__ is str for c in cells):
            cells = [_text_cell(c) for c in cells]
        if not "".join(cells).isspace() and any(cells):
            rows.append((n + start, cells))
    return RawTable(headers, rows)


def _text_cell(value: object) -> str:
    """Return a CSV cell pandas did not give as text (a short line's NaN) as text."""
    if isinstance(value, str):
        return value
    return "" if value is None or value != value else str(value)


def _cell(value: object) -> Cell:
    """Return an XLSX cell as a plain value: empty as None, a whole float as an int."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date() if value.time() == datetime.min.time() else value
    if isinstance(value, float):
        if math.isnan(value):
            return None
        return int(value) if value.is_integer() else value
    if isinstance(value, bool | int | date):
        return value
    text = str(value)
    return text if text.strip() else None


def _read_xlsx(path: Path, sheet: str | None) -> RawTable:
    """Read an XLSX sheet with pandas (openpyxl: formulas give their values)."""
    import pandas as pd

    try:
        book = pd.ExcelFile(path, engine="openpyxl")
    except (zipfile.BadZipFile, ValueError, KeyError) as exc:
        detail = " ".join(str(exc).split())
        raise ReadError(tr("import.bad_xlsx", file=path.name, reason=detail)) from None
    with book:
        names = [str(n) for n in book.sheet_names]
        if sheet is not None and sheet not in names:
            raise ReadError(
                tr("import.no_sheet", file=path.name, sheet=sheet, sheets=", ".join(names))
            )
        chosen = sheet if sheet is not None else 0
        frame = pd.read_excel(book, sheet_name=chosen, header=None, dtype=object)
    grid = [[_cell(v) for v in row] for row in frame.itertuples(index=False, name=None)]
    numbers = [int(i) + 1 for i in frame.index]
    at = next((n for n, row in enumerate(grid) if sum(c is not None for c in row) >= 2), None)
    if at is None:
        raise ReadError(tr("import.empty", file=path.name))
    headers = ["" if c is None else str(c).strip() for c in grid[at]]
    rows = [
        (numbers[n], grid[n])
        for n in range(at + 1, len(grid))
        if any(c is not None for c in grid[n])
    ]
    return RawTable(headers, rows)
