"""Files from and to outside: the team chat's exports (roll-call), spreadsheets in and out.

This package never imports Textual; only the names below load with it (the CLI's choices).
"""

from typing import Final

# The tables `salestui export` writes, in DESIGN §3's order.
EXPORT_TABLES: Final = (
    "employees",
    "metrics",
    "clients",
    "deals",
    "invoices",
    "payments",
    "call_reviews",
    "base_reviews",
    "rollcall",
    "plans",
)
# The tables `salestui import` reads from a spreadsheet (besides rollcall and calllog): all.
IMPORT_TABLES: Final = EXPORT_TABLES
