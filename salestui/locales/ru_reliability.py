"""Русские сообщения надёжности: salestui check, резервные копии."""

MESSAGES: dict[str, str] = {
    "cli.check": "проверить базу: файлы, ссылки, дубли, значения, права доступа",
    "cli.check_fix": "исправить то, что безопасно (после резервной копии), и перечислить изменения",
    "cli.check_format": "text (по строке на находку) или json (для скриптов)",
    "check.missing_ref": "{field} указывает на {target} {value}, а такой записи нет",
    "check.duplicate": "тот же {what} ({value}), что у записи {first}",
    "check.due_before": "срок следующего шага {due} раньше создания сделки ({created})",
    "check.paid_before": "оплата раньше выставления счёта {number} ({issued})",
    "check.paid_total": "оплачено {stored} по записи, {counted} по оплатам (--fix пересчитает)",
    "check.overpaid": "оплат ({total}) больше, чем он может принять (его сумма или ноль, если отменён)",
    "check.loose": "{path}: права {mode}, читать могут другие (нужно {want}; --fix исправит)",
    "check.fixed_total": "счёт {number}: оплаченная сумма и даты пересчитаны по оплатам",
    "check.fixed_mode": "{path}: права изменены на {mode}",
    "check.backup": "Резервная копия перед исправлениями: {path}",
    "check.changed": "Изменено: {change}",
    "check.found": "{count} находка в {path}|{count} находки в {path}|{count} находок в {path}",
    "check.fixable": "{count} из них можно исправить безопасно: salestui check --fix|{count} из них можно исправить безопасно: salestui check --fix|{count} из них можно исправить безопасно: salestui check --fix",
    "check.ok": "{path}: проблем не найдено",
}
