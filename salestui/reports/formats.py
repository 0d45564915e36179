"""Report output formats and groupings (no pandas, so the command line starts fast)."""

from typing import Final

FORMATS: Final = ("text", "md", "csv", "json")
# The rows of the metrics report: per date and employee, per employee, or per date.
BY_CHOICES: Final = ("date-employee", "employee", "date")
