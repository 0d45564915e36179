"""Russian messages of spreadsheets in and out (salestui export / import)."""

MESSAGES: dict[str, str] = {
    "cli.export": "выгрузить таблицу в файл CSV или XLSX (по расширению)",
    "cli.export_table": "какую таблицу выгрузить",
    "cli.export_file": "куда записать: ИМЯ.csv или ИМЯ.xlsx",
    "cli.export_from": "с этой даты самой таблицы (включительно)",
    "cli.export_to": "по эту дату (включительно)",
    "cli.export_employee": "только строки этого сотрудника",
    "cli.export_wide": "только для metrics: строка на дату, группа столбцов на сотрудника",
    "cli.export_excel": "CSV для Excel: метка BOM; по-русски ещё «;» и десятичная запятая",
    "cli.wide_metrics_only": "--wide — только для таблицы metrics",
    "cli.excel_csv_only": "--excel — только для файла .csv",
    "cli.exported": "{table}: записана {count} строка в {file}|{table}: записаны {count} строки в {file}|{table}: записано {count} строк в {file}",
    "export.bad_suffix": "{file}: имя файла должно кончаться на .csv или .xlsx",
    "export.is_folder": "{file}: это папка; укажите имя файла",
    "export.no_folder": "{folder}: такой папки нет",
}
