"""English messages of call listening (routine 7)."""

MESSAGES: dict[str, str] = {
    "field.deal": "Deal",
    "field.duration": "Duration",
    "field.checklist_item": "Checklist item",
    "error.no_deal": "{field}: there is no deal {value}",
    "error.unknown_item": "{field}: the checklist has no item «{value}»",
    "error.mandatory_na": "{field}: a mandatory item cannot be {value}",
    "error.score_range": "{field}: {value} is not a score from 0 to {top}",
    "error.item_unanswered": "{field}: not scored (a score, or N/A where allowed)",
    "report.calls_title": "Calls listened to",
    "report.calls_note": "Score: the call-review score (CQR), Σ weight × score ÷ Σ weight × maximum × 100, items marked N/A left out. Weakest: the checklist item failed most often (scored below half its maximum).",
    "report.col.reviews": "Reviews",
    "report.col.avg_score": "Score",
    "report.col.last_review": "Last heard",
    "report.col.weakest_item": "Weakest",
    "error.bad_fields": "{field}: {value} are not all client fields (contact, phone, email, source, comment)",
    "calls.na": "N/A",
}
