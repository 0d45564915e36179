"""English messages of the Plans screen and of the daily norms in Daily metrics."""

MESSAGES: dict[str, str] = {
    # keys
    "plans.prev_month": "← Month",
    "plans.next_month": "Month →",
    "plans.this_month": "This month",
    "plans.pick_month": "Month…",
    "plans.copy": "Copy last",
    # the month line
    "plans.is_this_month": "this month",
    "plans.working_days": "{count} working day|{count} working days",
    "plans.no_plan": "no plan: {count}|no plan: {count}",
    "plans.partial": "partial: {count}|partial: {count}",
    "plans.revenue": "{label}, {sign}",
    # the hint and what a key did
    "plans.hint": "Digits + Enter/Tab save · Revenue: 1 234 567 or 1234,56 · Del clears a cell",
    "plans.empty": "No plans for {month} yet · c copies {source} into it",
    "plans.copied": "Copied {source} → {month}: the plans of {count} employee|Copied {source} → {month}: the plans of {count} employees",
    "plans.not_empty": "{month} already has plans: c copies only into an empty month",
    "plans.nothing_to_copy": "{source} has no plans of the people employed in {month}",
    "plans.no_team": "Nobody is employed in this month: press Alt+9 (Team) to add people.",
    # the month dialog
    "plans.month_title": "Go to month",
    "plans.month_hint": "2026-11, 11.2026, 11 (this year), or t for this month",
    "plans.bad_month": "{field}: {value!r} is not a month; type 2026-11, 11.2026 or 11",
    # month names, as a title shows them
    "plans.month.1": "January",
    "plans.month.2": "February",
    "plans.month.3": "March",
    "plans.month.4": "April",
    "plans.month.5": "May",
    "plans.month.6": "June",
    "plans.month.7": "July",
    "plans.month.8": "August",
    "plans.month.9": "September",
    "plans.month.10": "October",
    "plans.month.11": "November",
    "plans.month.12": "December",
    # the daily norm in Daily metrics
    "norm.below": "below norm: {count}|below norm: {count}",
    "norm.row": "Norm: {name}",
}
