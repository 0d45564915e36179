"""Русские тексты экрана «Планы» и дневных норм в «Отчёте по метрике дня»."""

MESSAGES: dict[str, str] = {
    # клавиши
    "plans.prev_month": "← Месяц",
    "plans.next_month": "Месяц →",
    "plans.this_month": "Текущий",
    "plans.pick_month": "Месяц…",
    "plans.copy": "Скопировать",
    # строка месяца
    "plans.is_this_month": "текущий",
    "plans.working_days": "{count} рабочий день|{count} рабочих дня|{count} рабочих дней",
    "plans.no_plan": "без плана: {count}|без плана: {count}|без плана: {count}",
    "plans.partial": "неполный: {count}|неполный: {count}|неполный: {count}",
    "plans.revenue": "{label}, {sign}",
    # подсказка и что сделала клавиша
    "plans.hint": "Цифры + Enter/Tab — сохранить · Выручка: 1 234 567 или 1234,56 · Del — стереть",
    "plans.empty": "{month}: планов нет · c — скопировать: {source} → {month}",
    "plans.copied": "Скопировано: {source} → {month}, планы {count} сотрудника|Скопировано: {source} → {month}, планы {count} сотрудников|Скопировано: {source} → {month}, планы {count} сотрудников",
    "plans.not_empty": "{month}: планы уже есть — c копирует только в пустой месяц",
    "plans.nothing_to_copy": "{source}: нет планов у сотрудников, работающих в этом месяце ({month})",
    "plans.no_team": "В этом месяце никто не работает: Alt+9 («Сотрудники») — добавить людей.",
    # окно выбора месяца
    "plans.month_title": "Перейти к месяцу",
    "plans.month_hint": "2026-11, 11.2026, 11 (этого года) или t — текущий месяц",
    "plans.bad_month": "{field}: {value!r} — не месяц; введите 2026-11, 11.2026 или 11",
    # названия месяцев, как в заголовке
    "plans.month.1": "Январь",
    "plans.month.2": "Февраль",
    "plans.month.3": "Март",
    "plans.month.4": "Апрель",
    "plans.month.5": "Май",
    "plans.month.6": "Июнь",
    "plans.month.7": "Июль",
    "plans.month.8": "Август",
    "plans.month.9": "Сентябрь",
    "plans.month.10": "Октябрь",
    "plans.month.11": "Ноябрь",
    "plans.month.12": "Декабрь",
    # дневная норма в «Отчёте по метрике дня»
    "norm.below": "ниже нормы: {count}|ниже нормы: {count}|ниже нормы: {count}",
    "norm.row": "Норма: {name}",
}
