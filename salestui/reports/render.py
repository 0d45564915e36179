"""Render rows of a report as aligned text, Markdown, CSV or JSON (no pandas)."""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Final

import orjson

from salestui.i18n import DASH, fmt_date, fmt_decimal, fmt_int, fmt_percent, language, tr
from salestui.money import fmt_amount, major
from salestui.reports.formats import FORMATS

__all__ = ["FORMATS", "Column", "Minor", "as_date", "render"]
# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
_RIGHT: Final = ("int", "right", "money", "num", "percent")
_FORMULA_START: Final = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True, slots=True)
class Column:
    """A report column: its code name (JSON/CSV key), its shown label and its kind."""

    key: str
    label: str
    # text | int | date | right (text aligned like numbers: "19/21") | money (minor units) |
    # num (an int, a float, or Minor money, row by row) | percent (a fraction) | list (of codes)
    # | bool (true/false for programs, yes/no in the language for people)
    kind: str = "text"


class Minor(int):
    """An amount in minor units inside a column that mixes money and counts (kind "num")."""


def _missing(value: Any) -> bool:
    """Tell None (and a float NaN) apart from real values."""
    return value is None or (isinstance(value, float) and math.isnan(value))


def _plain(value: Any, kind: str) -> Any:
    """Return a JSON/CSV value: ISO dates, ints, None for missing."""
    if _missing(value):
        return None
    if kind == "date":
        return _day(value).isoformat()
    if kind == "int":
        return int(value)
    if kind == "money" or isinstance(value, Minor):
        return major(int(value))
    if kind == "num":
        return round(value, 4) if isinstance(value, float) else int(value)
    if kind == "percent":
        return round(float(value), 4)
    if kind == "list":
        return [str(v) for v in value]
    if kind == "bool":
        return bool(value)
    return str(value)


def _shown(value: Any, kind: str) -> str:
    """Return the text a person reads: locale dates, thousands separators, "—" for no number."""
    if _missing(value):
        return DASH if kind in _RIGHT and kind != "right" else ""
    if kind == "date":
        return fmt_date(_day(value))
    if kind == "int":
        return fmt_int(int(value))
    if kind == "money" or isinstance(value, Minor):
        return fmt_amount(int(value))
    if kind == "num":
        return fmt_decimal(value, 1) if isinstance(value, float) else fmt_int(int(value))
    if kind == "percent":
        return fmt_percent(float(value))
    if kind == "list":
        return ", ".join(str(v) for v in value)
    if kind == "bool":
        return tr("report.yes" if value else "report.no")
    return str(value)


def _csv_cell(value: Any, decimal_comma: bool = False) -> Any:
    """Return a CSV cell: empty for missing, codes of a list joined by spaces, true/false,
    text made safe."""
    if value is None:
        return ""
    if isinstance(value, list):
        return " ".join(value)
    if isinstance(value, bool):
        return "true" if value else "false"  # as JSON writes them
    if isinstance(value, float) and decimal_comma:
        return repr(value).replace(".", ",")
    return neutralise(value)


def neutralise(value: Any) -> Any:
    """Return a text cell that a spreadsheet would run as a formula with a quote in front."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def render(
    columns: Sequence[Column], rows: Sequence[Mapping[str, Any]], fmt: str, *, excel: bool = False
) -> str:
    """Render rows in one of FORMATS; text and md use labels, csv and json use code names.

    With excel, CSV starts with a byte-order mark and, in Russian, uses ";" as Russian
    Excel expects.
    """
    if fmt == "json":
        data = [{c.key: _plain(row.get(c.key), c.kind) for c in columns} for row in rows]
        return orjson.dumps(data, option=orjson.OPT_INDENT_2).decode() + "\n"
    if fmt == "csv":
        out = io.StringIO()
        delimiter = ";" if excel and language() == "ru" else ","
        writer = csv.writer(out, lineterminator="\n", delimiter=delimiter)
        writer.writerow([c.key for c in columns])
        # Russian Excel reads "1.5" as text (or the 1st of May): a decimal comma there.
        comma = excel and language() == "ru"
        for row in rows:
            writer.writerow([_csv_cell(_plain(row.get(c.key), c.kind), comma) for c in columns])
        return ("\ufeff" if excel else "") + out.getvalue()
    cells = [[_shown(row.get(c.key), c.kind) for c in columns] for row in rows]
    if fmt == "md":
        # A pipe inside a cell would start a new column.
        cells = [[v.replace("|", "\\|") for v in row] for row in cells]
        lines = ["| " + " | ".join(c.label for c in columns) + " |"]
        lines.append("|" + "|".join("---:" if c.kind in _RIGHT else "---" for c in columns) + "|")
        lines += ["| " + " | ".join(r) + " |" for r in cells]
        return "\n".join(lines) + "\n"
    if fmt != "text":
        raise ValueError(fmt)
    widths = [max([len(c.label), *(len(r[i]) for r in cells)]) for i, c in enumerate(columns)]

    # Numbers right-aligned side by side need one space between them, text needs two.
    gaps = [
        "" if i == 0 else " " if c.kind in _RIGHT and columns[i - 1].kind in _RIGHT else "  "
        for i, c in enumerate(columns)
    ]

    def line(values: Sequence[str]) -> str:
        parts = [
            gap + (v.rjust(w) if c.kind in _RIGHT else v.ljust(w))
            for v, w, c, gap in zip(values, widths, columns, gaps, strict=True)
        ]
        return "".join(parts).rstrip()

    rule = "".join(gap + "-" * w for w, gap in zip(widths, gaps, strict=True))
    return "\n".join([line([c.label for c in columns]), rule, *map(line, cells)]) + "\n"


def _day(value: date) -> date:
    """Return the date of a date or datetime."""
    return value.date() if isinstance(value, datetime) else value


def as_date(value: Any) -> date | None:
    """Return a date from a date or datetime (None if missing)."""
    return None if _missing(value) else _day(value)
