"""English messages of spreadsheets in and out (salestui export / import)."""

MESSAGES: dict[str, str] = {
    "cli.export": "write a table to a CSV or XLSX file (by its extension)",
    "cli.export_table": "the table to write",
    "cli.export_file": "the file to write: NAME.csv or NAME.xlsx",
    "cli.export_from": "from this date of the table's own (first day included)",
    "cli.export_to": "to this date (included)",
    "cli.export_employee": "only this employee's rows",
    "cli.export_wide": "metrics only: a row per date, a column group per employee",
    "cli.export_excel": "CSV for Excel: a byte-order mark; in Russian also ';' and a decimal comma",
    "cli.wide_metrics_only": "--wide is for the metrics table only",
    "cli.excel_csv_only": "--excel is for a .csv file",
    "cli.exported": "{table}: {count} row written to {file}|{table}: {count} rows written to {file}",
    "export.bad_suffix": "{file}: the file must end in .csv or .xlsx",
    "export.is_folder": "{file}: is a folder; give a file name",
    "export.no_folder": "{folder}: no such folder",
}
