"""English messages of the Stats routines (funnel ratios, deal duration, forecasts)."""

MESSAGES: dict[str, str] = {
    "report.funnel_title": "Funnel",
    # A consecutive ratio's column: "Calls : Talks" holds how many calls one talk took.
    "report.col.ratio": "{x} : {y}",
    "report.duration_title": "Deal duration, created → paid, days",
    "report.duration_note": "Mean, median, P75 and P90: deals paid in the period only. KM median: the Kaplan–Meier median, which also counts the deals still open (a CRM's average cycle leaves them out).",
    "report.col.paid_deals": "Paid",
    "report.col.mean_days": "Mean",
    "report.col.median_days": "Median",
    "report.col.p75_days": "P75",
    "report.col.p90_days": "P90",
    "report.col.open_deals": "Open",
    "report.col.km_median_days": "KM median",
    "report.forecast_title": "Forecast of the month",
    "report.forecast_note": "Projection: the money so far at this pace to the month's end. Pipeline: open deals expected to pay this month × probability. Funnel: payments the last 4 weeks' activity should bring in the next 4, at the trailing ratios.",
    "report.target_note": "A day, to bring in {target} a month: by the employee's own ratios of the last 4 weeks, or the team's when they had fewer than 3 payments.",
    "report.col.fact_to_date": "So far",
    "report.col.run_rate_projection": "Projection",
    "report.col.weighted_pipeline": "Pipeline",
    "report.col.funnel_forecast": "Funnel, 4 wk",
    "report.col.ratios_from": "Ratios",
    "report.ratios_own": "own",
    "report.ratios_team": "team's",
    "cli.target": "revenue a month per employee for report forecast: what each funnel metric needs a working day",
}
