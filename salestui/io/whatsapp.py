"""WhatsApp's "Export chat" text (a `.txt`, or the `.zip` holding `_chat.txt`) read into messages.

Each message starts with a header line: a date and time in the phone's locale, then
`<sender>: <text>` (Android: `26.11.26, 09:15 - Anna: text`; iOS: `[26.11.26, 09:15:03] Anna:
text`); the lines up to the next header continue its text. A header without `sender: ` is a
system line (group created, members added, the encryption notice): skipped, like media and
deleted-message placeholders, which say nothing about the day. Numeric dates carry no mark of
their order, so day/month against month/day is read from the file's dates, or asked for.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Final

from salestui.i18n import tr
from salestui.io.chat import ChatError, ChatMessage, DateOrderError

# Direction marks iOS and right-to-left locales put around names and at line starts (LRM, RLM,
# embeddings, overrides, isolates); invisible, so they never belong to a name.
_MARKS: Final = "\u200e\u200f\u202a-\u202e\u2066-\u2069"
_MARK_RUN: Final = re.compile(f"[{_MARKS}]+")
_LEADING_MARKS: Final = re.compile(f"^[{_MARKS}\ufeff]+")
# Spaces locales put inside a header: plain, no-break, and the narrow no-break (U+202F) that
# newer Android versions (ICU 72+) write before AM/PM.
_SP: Final = " \u00a0\u202f"
_HEADER: Final = re.compile(
    rf"""
    [{_MARKS}\ufeff]*
    (?P<bracket>\[)?                                        # iOS wraps the stamp in brackets
    (?P<stamp>
      (?:
        (?P<year>\d{{4}})(?P<ysep>[./-])(?P<ymonth>\d{{1,2}})(?P=ysep)(?P<yday>\d{{1,2}})
      | (?P<first>\d{{1,2}})(?P<sep>[./-])(?P<second>\d{{1,2}})(?P=sep)(?P<yy>\d{{4}}|\d{{2}})
      )
      ,?[{_SP}]
      (?P<hour>\d{{1,2}}):(?P<minute>\d{{2}})(?::(?P<sec>\d{{2}}))?
      # AM, am, a.m., Spanish "a. m."; "_" seen in the wild between the time and AM
      (?:[{_SP}_]?(?P<ampm>[AaPp])\.?[{_SP}]?[Mm]\.?)?
    )
    (?(bracket)\][{_SP}]|[{_SP}]?[-–][{_SP}])              # "] " (iOS) or " - " (Android)
    """,
    re.VERBOSE,
)
_LINE_BREAK: Final = re.compile(r"\r\n|\r|\n")
_NON_CONTACT: Final = re.compile(f"^~[{_SP}]")  # WhatsApp's mark of a name not in the contacts
# Whole texts that stand for media or a deleted message (compared casefolded, without a final
# dot): they carry nothing a roll-call could read.
_PLACEHOLDERS: Final = frozenset(
    text.casefold()
    for text in (
        "<Media omitted>",
        "<Без медиафайлов>",
        "image omitted",
        "video omitted",
        "audio omitted",
        "sticker omitted",
        "GIF omitted",
        "document omitted",
        "Contact card omitted",
        "This message was deleted",
        "You deleted this message",
        "Это сообщение удалено",
        "Вы удалили это сообщение",
        "Waiting for this message. This may take a while",
    )
)
# iOS names media kept in the zip as `<attached: file>`; Android as `file (file attached)`.
_ATTACHMENT: Final = re.compile(r"<attached: [^>\n]+>|[^\n]+ \(file attached\)")
# The encryption notice, which iOS (and some Android versions) attribute to the chat's name.
_NOTICES: Final = tuple(
    text.casefold()
    for text in (
        "Messages and calls are end-to-end encrypted",
        "Messages to this group are now secured with end-to-end encryption",
        "Messages you send to this group are now secured with end-to-end encryption",
        "Сообщения и звонки защищены сквозным шифрованием",
    )
)
_CHAT_FILES: Final = ("whatsapp chat", "чат whatsapp")  # Android's names of the chat's .txt


@dataclass(slots=True)
class _Entry:
    """One header line and the lines after it, before the next header."""

    line: int
    header: re.Match[str]
    lines: list[str]


def read_whatsapp(path: Path, *, day_first: bool | None = None) -> list[ChatMessage]:
    """Read a WhatsApp export (.txt, or .zip holding the chat's .txt) into its messages."""
    data = _chat_bytes(path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ChatError(tr("chat.error.not_utf8_line", file=path.name, line=line)) from None
    return parse_whatsapp(text, path.name, day_first=day_first)


def parse_whatsapp(text: str, source: str, *, day_first: bool | None = None) -> list[ChatMessage]:
    """Return the messages of a WhatsApp export's text, in file order; ChatError names the line."""
    entries: list[_Entry] = []
    stray: int | None = None
    for number, line in enumerate(_LINE_BREAK.split(text.removeprefix("\ufeff")), start=1):
        match = _HEADER.match(line)
        if match:
            entries.append(_Entry(number, match, [line[match.end() :]]))
        elif entries:
            entries[-1].lines.append(line)
        elif stray is None and _LEADING_MARKS.sub("", line).strip():
            stray = number
    if not entries:
        raise ChatError(tr("chat.error.no_messages", file=source))
    if stray is not None:
        raise ChatError(tr("chat.error.before_first", file=source, line=stray))
    order = _day_first(entries, source) if day_first is None else day_first
    out = []
    for entry in entries:
        at = _when(entry, order, source)  # system lines too: a bad date is an error anywhere
        message = _message(entry, at)
        if message is not None:
            out.append(message)
    return out


def _chat_bytes(path: Path) -> bytes:
    """Return the bytes of the chat's text: the file itself, or the chat's .txt in a zip."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        problem = exc.strerror or str(exc)
        raise ChatError(tr("chat.error.unreadable", file=path.name, problem=problem)) from None
    if path.suffix.lower() != ".zip" and not data.startswith(b"PK\x03\x04"):
        return data
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            member = _chat_member(archive.infolist())
            if member is None:
                raise ChatError(tr("chat.error.zip_without_txt", file=path.name))
            return archive.read(member)
    # zipfile lets through the errors of its parts: zlib, a truncated stream, an encrypted or
    # unsupported member.
    except (
        zipfile.BadZipFile,
        zlib.error,
        OSError,
        EOFError,
        RuntimeError,
        NotImplementedError,
        ValueError,
    ) as exc:
        problem = " ".join(str(exc).split()) or type(exc).__name__
        raise ChatError(tr("chat.error.unreadable", file=path.name, problem=problem)) from None


def _chat_member(members: list[zipfile.ZipInfo]) -> zipfile.ZipInfo | None:
    """Pick the chat's .txt in an export zip; shared .txt documents may sit beside it."""
    texts = [
        m
        for m in members
        if not m.is_dir()
        and m.filename.lower().endswith(".txt")
        and not m.filename.startswith("__MACOSX/")  # macOS's resource forks, not text
    ]

    def rank(member: zipfile.ZipInfo) -> tuple[int, int]:
        """Order the chat's own names first (iOS `_chat.txt`, Android's), then by depth."""
        name = PurePosixPath(member.filename).name.casefold()
        kind = 0 if name == "_chat.txt" else 1 if name.startswith(_CHAT_FILES) else 2
        return kind, member.filename.count("/")

    return min(texts, key=rank, default=None)


def _day_first(entries: list[_Entry], source: str) -> bool:
    """Tell the file's day/month order from a number above 12; DateOrderError if none decides."""
    day_line: int | None = None
    month_line: int | None = None
    undecided = False
    for entry in entries:
        header = entry.header
        if header["first"] is None:
            continue  # year first: always year, month, day
        first, second = int(header["first"]), int(header["second"])
        if first > 12 >= second:
            day_line = day_line or entry.line
        elif second > 12 >= first:
            month_line = month_line or entry.line
        elif first <= 12 and second <= 12 and first != second:  # equal ones read alike
            undecided = True
    if day_line is not None and month_line is not None:
        line, other = max(day_line, month_line), min(day_line, month_line)
        raise ChatError(tr("chat.error.mixed_order", file=source, line=line, other=other))
    if day_line is not None or month_line is not None:
        return day_line is not None
    if undecided:
        raise DateOrderError(tr("chat.error.date_order", file=source))
    return True  # no date depends on the order


def _when(entry: _Entry, day_first: bool, source: str) -> datetime:
    """Return a header's date and time; ChatError naming the line if there is no such moment."""
    header = entry.header
    try:
        if header["year"] is not None:
            year, month, day = int(header["year"]), int(header["ymonth"]), int(header["yday"])
        else:
            first, second = int(header["first"]), int(header["second"])
            day, month = (first, second) if day_first else (second, first)
            year = int(header["yy"]) + (2000 if len(header["yy"]) == 2 else 0)
        hour = int(header["hour"])
        if header["ampm"] is not None:
            if hour > 12:
                raise ValueError("hour above 12 with AM/PM")
            # 12 AM is midnight and 12 PM noon; some locales write 00:08 a. m. for 12:08 AM.
            hour = hour % 12 + (12 if header["ampm"] in "Pp" else 0)
        return datetime(year, month, day, hour, int(header["minute"]), int(header["sec"] or 0))
    except ValueError:
        value = " ".join(header["stamp"].split())
        raise ChatError(
            tr("chat.error.bad_date", file=source, line=entry.line, value=value)
        ) from None


def _message(entry: _Entry, at: datetime) -> ChatMessage | None:
    """Return the entry's message, or None for a system line, a placeholder or an empty text."""
    sender, colon, first = entry.lines[0].partition(": ")
    if not colon:
        return None  # "Anna added Boris", "You created group ..."
    sender = _NON_CONTACT.sub("", _MARK_RUN.sub("", sender).strip()).strip()
    lines = [first, *entry.lines[1:]]
    while lines and not lines[-1].strip():
        lines.pop()
    text = _LEADING_MARKS.sub("", "\n".join(lines)).strip()
    bare = _MARK_RUN.sub("", text).strip()
    key = bare.rstrip(".").casefold()
    if not sender or not bare or _ATTACHMENT.fullmatch(bare):
        return None
    if key in _PLACEHOLDERS or key.startswith(_NOTICES):
        return None
    return ChatMessage(sender, at, text)
