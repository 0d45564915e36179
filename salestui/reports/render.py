"""Render rows of a report as aligned text, Markdown, CSV or JSON."""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Final

import orjson
import pandas as pd

from salestui.i18n import fmt_date, fmt_int

FORMATS: Final = ("text", "md", "csv", "json")


@dataclass(frozen=True, slots=True)
class Column:
    """A report column: its code name (JSON/CSV key), its shown label and its kind."""

    key: str
    label: str
    kind: str = "text"  # text | int | date


def _missing(value: Any) -> bool:
    """Tell None, NaN, pandas NA and NaT apart from real values."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def _plain(value: Any, kind: str) -> Any:
    """Return a JSON/CSV value: ISO dates, ints, None for missing."""
    if _missing(value):
        return None
    if kind == "date":
        return _day(value).isoformat()
    if kind == "int":
        return int(value)
    return str(value)


def _shown(value: Any, kind: str) -> str:
    """Return the text a person reads: locale dates and thousands separators."""
    if _missing(value):
        return ""
    if kind == "date":
        return fmt_date(_day(value))
    if kind == "int":
        return fmt_int(int(value))
    return str(value)


def render(columns: Sequence[Column], rows: Sequence[Mapping[str, Any]], fmt: str) -> str:
    """Render rows in one of FORMATS; text and md use labels, csv and json use code names."""
    if fmt == "json":
        data = [{c.key: _plain(row.get(c.key), c.kind) for c in columns} for row in rows]
        return orjson.dumps(data, option=orjson.OPT_INDENT_2).decode() + "\n"
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow([c.key for c in columns])
        for row in rows:
            writer.writerow(
                ["" if (v := _plain(row.get(c.key), c.kind)) is None else v for c in columns]
            )
        return out.getvalue()
    cells = [[_shown(row.get(c.key), c.kind) for c in columns] for row in rows]
    if fmt == "md":
        # A pipe inside a cell would start a new column.
        cells = [[v.replace("|", "\\|") for v in row] for row in cells]
        lines = ["| " + " | ".join(c.label for c in columns) + " |"]
        lines.append("|" + "|".join("---:" if c.kind == "int" else "---" for c in columns) + "|")
        lines += ["| " + " | ".join(r) + " |" for r in cells]
        return "\n".join(lines) + "\n"
    if fmt != "text":
        raise ValueError(fmt)
    widths = [max([len(c.label), *(len(r[i]) for r in cells)]) for i, c in enumerate(columns)]

    def line(values: Sequence[str]) -> str:
        parts = [
            v.rjust(w) if c.kind == "int" else v.ljust(w)
            for v, w, c in zip(values, widths, columns, strict=True)
        ]
        return "  ".join(parts).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line([c.label for c in columns]), rule, *map(line, cells)]) + "\n"


def _day(value: date) -> date:
    """Return the date of a date, datetime or pandas Timestamp."""
    return value.date() if isinstance(value, datetime) else value


def as_date(value: Any) -> date | None:
    """Return a date from a date, datetime or pandas Timestamp (None if missing)."""
    return None if _missing(value) else _day(value)
