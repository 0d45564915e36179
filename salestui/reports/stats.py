"""The Stats reports (DESIGN §6 shapes; no pandas): the funnel, deal duration, the forecast.

JSON and CSV carry code names; text and Markdown add a title, and text draws the funnel as
bars of characters that paste into a chat and read on a monochrome terminal.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any, Final

from salestui.analytics.duration import Duration
from salestui.analytics.forecast import Forecast
from salestui.analytics.ladder import ladder
from salestui.columns import EMPLOYEE, TOTAL
from salestui.i18n import fmt_day, fmt_int, fmt_percent, fmt_period, tr
from salestui.models import Employee, Settings
from salestui.money import fmt_money
from salestui.reports.render import Column, Minor
from salestui.reports.sales import Output, titled

# The longest bar of the text chart, in characters.
BAR_WIDTH: Final = 32
BAR: Final = "█"


def ratio_key(source: str, target: str) -> str:
    """Return a step's report key: `cold_calls_per_conversations` = cold_calls / conversations."""
    return f"{source}_per_{target}"


def funnel_report(
    staff: Sequence[Employee],
    per: Mapping[int, Mapping[str, int]],
    team: Mapping[str, int],
    settings: Settings,
    out: Output,
    *,
    start: date,
    end: date,
    total: bool = True,
) -> str:
    """Render each employee's funnel counts of a period and every consecutive ratio x / y
    (null when y is 0, DESIGN §4), with the TOTAL row; text adds the funnel as bars."""
    codes = settings.metric_codes()
    metrics = {m.code: m for m in settings.funnel}

    def fill(counts: Mapping[str, int]) -> dict[str, Any]:
        found = ladder(counts, codes)
        row: dict[str, Any] = dict(found.counts)
        for step in found.steps:
            row[ratio_key(step.source, step.target)] = step.ratio
        return row

    rows = [{EMPLOYEE: e.name, **fill(per.get(e.id, {}))} for e in staff]
    if total:
        rows.append({EMPLOYEE: TOTAL, **fill(team)})
    columns = [Column(EMPLOYEE, tr("report.employee"))]
    columns += [Column(code, metrics[code].short(), "int") for code in codes]
    columns += [
        Column(
            ratio_key(a, b),
            tr("report.col.ratio", x=metrics[a].short(), y=metrics[b].short()),
            "num",
        )
        for a, b in zip(codes, codes[1:], strict=False)
    ]
    title = f"{tr('report.funnel_title')} · {fmt_period(start, end)}"
    after = ""
    if out.fmt == "text":
        one = len(staff) == 1 and not total
        counts = per.get(staff[0].id, {}) if one else team
        whose = staff[0].name if one else tr("report.total")
        after = f"{whose}:\n{funnel_bars(counts, settings)}"
    return titled(title, columns, rows, out, money=False, after=after)


def funnel_bars(counts: Mapping[str, int], settings: Settings) -> str:
    """Draw the funnel as one bar of characters per metric, its count, and the step's
    conversion from the metric above (y / x %, "—" when x is 0)."""
    codes = settings.metric_codes()
    found = ladder(counts, codes)
    labels = {m.code: m.short() for m in settings.funnel}
    widest = max((len(labels[c]) for c in codes), default=0)
    top = max(found.counts.values(), default=0)
    numbers = {c: fmt_int(found.counts[c]) for c in codes}
    digits = max((len(n) for n in numbers.values()), default=0)
    lines = []
    for n, code in enumerate(codes):
        count = found.counts[code]
        length = round(count / top * BAR_WIDTH) if top else 0
        if count and not length:
            length = 1  # a count above zero always shows
        bar = (BAR * length).ljust(BAR_WIDTH)
        step = ""
        if n:
            conversion = found.steps[n - 1].conversion
            shown = "—" if conversion is None else fmt_percent(conversion / 100)
            step = f"  {shown}"
        lines.append(f"{labels[code]:<{widest}}  {bar}  {numbers[code]:>{digits}}{step}")
    return "\n".join(lines) + "\n"


DURATION_KEYS: Final = (
    "paid_deals",
    "mean_days",
    "median_days",
    "p75_days",
    "p90_days",
    "open_deals",
    "km_median_days",
)


def duration_report(
    staff: Sequence[Employee],
    per: Mapping[int, Duration],
    team: Duration,
    out: Output,
    *,
    start: date,
    end: date,
    total: bool = True,
) -> str:
    """Render the duration of the deals paid in a period per employee (created → paid, in
    days: mean, median, P75, P90), the deals still open at its end beside them, and the
    Kaplan–Meier median that counts those open deals (null when half never paid)."""

    def fill(d: Duration) -> dict[str, Any]:
        return {
            "paid_deals": d.paid,
            "mean_days": d.mean,
            "median_days": d.median,
            "p75_days": d.p75,
            "p90_days": d.p90,
            "open_deals": d.open,
            "km_median_days": d.km_median,
        }

    rows = [{EMPLOYEE: e.name, **fill(per[e.id])} for e in staff if e.id in per]
    if total:
        rows.append({EMPLOYEE: TOTAL, **fill(team)})
    kinds = {"paid_deals": "int", "open_deals": "int"}
    columns = [Column(EMPLOYEE, tr("report.employee"))] + [
        Column(key, tr(f"report.col.{key}"), kinds.get(key, "num")) for key in DURATION_KEYS
    ]
    title = f"{tr('report.duration_title')} · {fmt_period(start, end)}"
    return titled(title, columns, rows, out, money=False, after=f"{tr('report.duration_note')}\n")


def forecast_report(
    staff: Sequence[Employee],
    per: Mapping[int, Forecast],
    team: Forecast,
    settings: Settings,
    out: Output,
    *,
    as_of: date,
    target: int | None,
    total: bool = True,
) -> str:
    """Render as_of's month per employee: money received so far, the run-rate projection, the
    plan, the weighted pipeline of the month, the funnel forecast of the weeks ahead; with a
    target, what each funnel metric needs a working day and whose ratios say so."""
    codes = settings.metric_codes()
    metrics = {m.code: m for m in settings.funnel}

    def fill(f: Forecast) -> dict[str, Any]:
        amount = f.funnel.amount
        row: dict[str, Any] = {
            "fact_to_date": Minor(f.fact_to_date),
            "run_rate_projection": None if f.projection is None else Minor(f.projection),
            "plan": None if f.plan is None else Minor(f.plan),
            "weighted_pipeline": Minor(f.weighted_pipeline),
            "funnel_forecast": None if amount is None else Minor(amount),
        }
        if target is not None:
            need = f.required
            for code in codes:
                row[f"required_{code}_per_day"] = None if need is None else need.per_day[code]
            row["ratios_from"] = None if need is None else need.ratios_from
        return row

    rows = [{EMPLOYEE: e.name, **fill(per[e.id])} for e in staff if e.id in per]
    if total:
        rows.append({EMPLOYEE: TOTAL, **fill(team)})
    columns = [Column(EMPLOYEE, tr("report.employee"))] + [
        Column(key, tr(f"report.col.{key}"), "money")
        for key in ("fact_to_date", "run_rate_projection", "plan", "weighted_pipeline")
    ]
    columns.append(Column("funnel_forecast", tr("report.col.funnel_forecast"), "money"))
    if target is not None:
        columns += [
            Column(f"required_{code}_per_day", metrics[code].short(), "num") for code in codes
        ]
        columns.append(Column("ratios_from", tr("report.col.ratios_from")))
    if not out.machine:
        for row in rows:
            if row.get("ratios_from"):
                row["ratios_from"] = tr(f"report.ratios_{row['ratios_from']}")
    note = tr("report.forecast_note")
    if target is not None:
        note += "\n" + tr("report.target_note", target=fmt_money(target, out.currency))
    title = f"{tr('report.forecast_title')} · {fmt_day(as_of)}"
    return titled(title, columns, rows, out, after=f"{note}\n")
