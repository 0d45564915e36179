"""Daily-metrics tables: rows per employee and date with a team total."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import cast

import pandas as pd

from salestui.analytics.totals import column_totals
from salestui.columns import DATE, EMPLOYEE, EMPLOYEE_ID, TOTAL


def daily_table(
    frame: pd.DataFrame,
    names: Mapping[int, str],
    codes: Sequence[str],
    *,
    start: date,
    end: date,
    employee_id: int | None = None,
) -> pd.DataFrame:
    """Rows (date, employee, one column per metric) in [start, end], then a TOTAL row.

    The total sums what was entered; a metric nobody entered stays missing, not 0.
    """
    mask = (frame[DATE] >= pd.Timestamp(start)) & (frame[DATE] <= pd.Timestamp(end))
    if employee_id is not None:
        mask &= frame[EMPLOYEE_ID] == employee_id
    rows = frame.loc[mask].copy()
    rows[EMPLOYEE] = rows[EMPLOYEE_ID].map(names)
    rows = rows.sort_values([DATE, EMPLOYEE], ignore_index=True)
    entered = rows[list(codes)].astype(object).where(rows[list(codes)].notna(), None)
    total: dict[str, object] = {DATE: pd.NaT, EMPLOYEE: TOTAL}
    records = cast(list[dict[str, int | None]], entered.to_dict("records"))
    total.update(column_totals(records, codes))
    table = pd.concat([rows[[DATE, EMPLOYEE, *codes]], pd.DataFrame([total])], ignore_index=True)
    for code in codes:
        table[code] = table[code].astype("Int64")
    return table
