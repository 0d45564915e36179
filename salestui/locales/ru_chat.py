"""Russian messages of reading the team chat's exports (roll-call)."""

MESSAGES: dict[str, str] = {
    # WhatsApp (и общие для чтения чатов)
    "chat.error.unreadable": "{file}: не удаётся прочитать: {problem}",
    "chat.error.not_utf8_line": "{file}, строка {line}: текст не в кодировке UTF-8; выгрузите чат с телефона заново",
    "chat.error.zip_without_txt": "{file}: в архиве нет текстового файла чата (.txt)",
    "chat.error.no_messages": "{file}: сообщений WhatsApp не найдено (ни одна строка не начинается с даты и времени)",
    "chat.error.before_first": "{file}, строка {line}: текст до первого сообщения; это точно выгрузка чата WhatsApp?",
    "chat.error.bad_date": "{file}, строка {line}: {value!r} — несуществующие дата и время",
    "chat.error.mixed_order": "{file}, строка {line}: день и месяц идут в другом порядке, чем в строке {other}",
    "chat.error.date_order": "{file}: даты читаются и как день/месяц, и как месяц/день: выберите порядок ключом --date-format DMY или MDY",
    # Telegram
    "chat.error.not_utf8": "{file}: текст не в UTF-8; выгрузите чат ещё раз",
    "chat.error.json": "{file}, строка {line}: это не выгрузка Telegram ({problem})",
    "chat.error.key": "{file}: нет «{key}»; это точно выгрузка чата Telegram (result.json)?",
    "chat.error.item": "{file}: сообщение {index}: не читается «{key}»",
    "chat.error.choose_chat": "{file}: в выгрузке несколько чатов; выберите один: {names}",
    "chat.error.no_chat": "{file}: нет чата «{chat}»; есть чаты: {names}",
}
