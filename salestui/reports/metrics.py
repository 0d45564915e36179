"""The daily-metrics report: one row per employee and date, then the team total."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any, cast

import pandas as pd

from salestui.analytics.metrics import daily_table
from salestui.columns import DATE, EMPLOYEE
from salestui.i18n import tr
from salestui.models import Settings
from salestui.reports.render import Column, render


def metrics_report(
    frame: pd.DataFrame,
    names: Mapping[int, str],
    settings: Settings,
    *,
    start: date,
    end: date,
    employee_id: int | None,
    fmt: str,
) -> str:
    """Render daily metrics between two dates in the given format."""
    codes = settings.metric_codes()
    table = daily_table(frame, names, codes, start=start, end=end, employee_id=employee_id)
    if fmt in ("text", "md"):
        # Scripts read the literal TOTAL from CSV/JSON; people read their own language.
        table.loc[table.index[-1], EMPLOYEE] = tr("report.total")
    columns = [Column(DATE, tr("report.date"), "date"), Column(EMPLOYEE, tr("report.employee"))]
    columns += [Column(m.code, m.label(), "int") for m in settings.funnel]
    return render(columns, cast(list[dict[str, Any]], table.to_dict("records")), fmt)
