"""Column names of the typed DataFrames, shared by the store and the analytics."""

from typing import Final

DATE: Final = "date"
EMPLOYEE_ID: Final = "employee_id"
EMPLOYEE: Final = "employee"
TOTAL: Final = "TOTAL"
