"""Column names of the report rows (and of the typed frames), shared by store and analytics."""

from typing import Final

DATE: Final = "date"
EMPLOYEE_ID: Final = "employee_id"
EMPLOYEE: Final = "employee"
TOTAL: Final = "TOTAL"
