"""Column totals shared by the grid and the reports (no pandas)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence


def column_totals(
    rows: Iterable[Mapping[str, int | None]], codes: Sequence[str]
) -> dict[str, int | None]:
    """Sum each column over the rows that have it; a column nobody entered is None, not 0."""
    totals: dict[str, int | None] = dict.fromkeys(codes)
    for row in rows:
        for code in codes:
            value = row.get(code)
            if value is not None:
                totals[code] = (totals[code] or 0) + value
    return totals
