"""English messages of the Stats routines (funnel ratios, deal duration, forecasts)."""

MESSAGES: dict[str, str] = {
    "report.funnel_title": "Funnel",
    # A consecutive ratio's column: "Calls : Talks" holds how many calls one talk took.
    "report.col.ratio": "{x} : {y}",
}
