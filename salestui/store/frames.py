"""Typed pandas DataFrames built from raw documents (pandas is imported only here)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd

from salestui.columns import DATE, EMPLOYEE_ID


def metrics_frame(docs: Iterable[tuple[int, Any]], codes: Sequence[str]) -> pd.DataFrame:
    """One row per (employee, date); one nullable Int64 column per funnel metric."""
    rows = [
        (doc[DATE], doc[EMPLOYEE_ID], *(doc.get("counts", {}).get(c) for c in codes))
        for _, doc in docs
    ]
    frame = pd.DataFrame(rows, columns=[DATE, EMPLOYEE_ID, *codes])
    frame[DATE] = pd.to_datetime(frame[DATE], format="ISO8601")
    frame[EMPLOYEE_ID] = frame[EMPLOYEE_ID].astype("int64")
    for code in codes:
        frame[code] = frame[code].astype("Int64")
    return frame.sort_values([DATE, EMPLOYEE_ID], ignore_index=True)
