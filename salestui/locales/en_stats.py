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
}
