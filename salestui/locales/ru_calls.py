"""Russian messages of call listening (routine 7)."""

MESSAGES: dict[str, str] = {
    "field.deal": "Сделка",
    "field.duration": "Длительность",
    "field.checklist_item": "Пункт чек-листа",
    "error.no_deal": "{field}: нет сделки {value}",
    "error.unknown_item": "{field}: в чек-листе нет пункта «{value}»",
    "error.mandatory_na": "{field}: обязательный пункт нельзя отметить как {value}",
    "error.score_range": "{field}: {value} — не оценка от 0 до {top}",
    "error.item_unanswered": "{field}: нет оценки (оценка или «н/п», где можно)",
    "report.calls_title": "Прослушивание звонков",
    "report.calls_note": "Оценка — оценка качества звонка (CQR): Σ вес × балл ÷ Σ вес × максимум × 100, пункты «н/п» не учитываются. Слабое место — пункт чек-листа, проваленный чаще всего (балл ниже половины максимума).",
    "report.col.reviews": "Прослушано",
    "report.col.avg_score": "Оценка",
    "report.col.last_review": "Последнее",
    "report.col.weakest_item": "Слабое место",
    "error.bad_fields": "{field}: {value} — не все из них поля клиента (contact, phone, email, source, comment)",
    "calls.na": "н/п",
}
