"""English messages of reading the team chat's exports (roll-call)."""

MESSAGES: dict[str, str] = {
    # WhatsApp (and shared by the chat readers)
    "chat.error.unreadable": "{file}: cannot be read: {problem}",
    "chat.error.not_utf8_line": "{file}, line {line}: the text is not in UTF-8; export the chat from the phone again",
    "chat.error.zip_without_txt": "{file}: the archive holds no chat .txt file",
    "chat.error.no_messages": "{file}: no WhatsApp messages found (no line starts with a date and time)",
    "chat.error.before_first": "{file}, line {line}: text before the first message; is this a WhatsApp chat export?",
    "chat.error.bad_date": "{file}, line {line}: {value!r} is not a possible date and time",
    "chat.error.mixed_order": "{file}, line {line}: the day and month stand in another order than on line {other}",
    "chat.error.date_order": "{file}: the dates read both as day/month and month/day: choose with --date-format DMY or MDY",
    # Telegram
    "chat.error.not_utf8": "{file}: the text is not in UTF-8; export the chat again",
    "chat.error.json": "{file}, line {line}: not a Telegram export ({problem})",
    "chat.error.key": "{file}: no «{key}»; is this a Telegram chat export (result.json)?",
    "chat.error.item": "{file}: message {index}: «{key}» is not readable",
    "chat.error.choose_chat": "{file}: the export holds several chats; choose one of: {names}",
    "chat.error.no_chat": "{file}: there is no chat «{chat}»; the chats are: {names}",
}
