"""Telegram Desktop's JSON export (`result.json`) read into chat messages.

A chat's export is an object with `messages`; a full-account export holds its chats under
`chats.list`, and the user names the one to read. A message has `from` (the sender's name;
null for a deleted account), `date` (local time, ISO) or only `date_unixtime`, and `text`: a
string, or a list of fragments — strings and objects with a `text` (links, mentions, bold…).
Service messages (joins, pins, calls) and media without a caption carry no update: skipped.
An edited message already holds its final text.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from salestui.i18n import tr
from salestui.io.chat import ChatError, ChatMessage


def read_telegram(path: Path, *, chat: str | None = None) -> list[ChatMessage]:
    """Read a Telegram export file; ChatError names the file and the line or key at fault."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ChatError(tr("chat.error.unreadable", file=path.name, problem=exc.strerror)) from None
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ChatError(tr("chat.error.not_utf8", file=path.name)) from None
    except json.JSONDecodeError as exc:
        raise ChatError(
            tr("chat.error.json", file=path.name, line=exc.lineno, problem=exc.msg)
        ) from None
    except RecursionError:  # arrays in arrays thousands deep: no export is like that
        raise ChatError(tr("chat.error.json_deep", file=path.name)) from None
    except ValueError as exc:  # valid JSON Python refuses: a number of thousands of digits
        problem = " ".join(str(exc).split(":")[0].split())
        raise ChatError(tr("chat.error.json_value", file=path.name, problem=problem)) from None
    return parse_telegram(data, path.name, chat=chat)


def chat_names(data: object) -> list[str]:
    """Return the names of the chats a full-account export holds ([] for a chat's export)."""
    chats = data.get("chats") if isinstance(data, Mapping) else None
    found = chats.get("list") if isinstance(chats, Mapping) else None
    if not isinstance(found, list):
        return []
    return [str(c.get("name") or "") for c in found if isinstance(c, Mapping)]


def parse_telegram(data: object, source: str, *, chat: str | None = None) -> list[ChatMessage]:
    """Return the text messages of a Telegram export, in its order.

    A full-account export needs `chat` (a chat's name, any case) unless it holds one chat.
    """
    if not isinstance(data, Mapping):
        raise ChatError(tr("chat.error.key", file=source, key="messages"))
    if "messages" not in data and chat_names(data):
        data = _chosen(data, source, chat)
    messages = data.get("messages")
    if not isinstance(messages, list):
        raise ChatError(tr("chat.error.key", file=source, key="messages"))
    shift = _zone(messages)
    out = []
    for index, message in enumerate(messages):
        if not isinstance(message, Mapping):
            raise ChatError(tr("chat.error.item", file=source, index=index + 1, key="messages"))
        if message.get("type", "message") != "message":
            continue
        sender, text = message.get("from"), _text(message.get("text", ""), source, index)
        if not isinstance(sender, str) or not sender.strip() or not text.strip():
            continue  # a deleted account, or media without a caption
        when = _when(message, source, index, shift)
        out.append(ChatMessage(sender.strip(), when, text.strip()))
    return out


def _chosen(data: Mapping[str, Any], source: str, chat: str | None) -> Mapping[str, Any]:
    """Return the chat of a full-account export the user named (or its only one)."""
    chats = [c for c in data["chats"]["list"] if isinstance(c, Mapping)]
    names = [str(c.get("name") or "") for c in chats]
    if chat is None and len(chats) == 1:
        return chats[0]
    if chat is None:
        raise ChatError(tr("chat.error.choose_chat", file=source, names=", ".join(names)))
    wanted = chat.strip().casefold()
    found = [c for c, name in zip(chats, names, strict=True) if name.casefold() == wanted]
    if not found:
        raise ChatError(tr("chat.error.no_chat", file=source, chat=chat, names=", ".join(names)))
    return found[0]


def _text(value: object, source: str, index: int) -> str:
    """Join a message's text: a string, or fragments (strings, objects with a text)."""
    if isinstance(value, str):
        return value
    if not isinstance(value, Sequence):
        raise ChatError(tr("chat.error.item", file=source, index=index + 1, key="text"))
    parts = []
    for part in value:
        if isinstance(part, str):
            parts.append(part)
        elif isinstance(part, Mapping) and isinstance(part.get("text", ""), str):
            parts.append(part.get("text", ""))
        else:
            raise ChatError(tr("chat.error.item", file=source, index=index + 1, key="text"))
    return "".join(parts)


def _zone(messages: Sequence[Any]) -> timedelta | None:
    """Return the exporter's offset from UTC, read off a message that has both `date` (local)
    and `date_unixtime`; None when no message has both."""
    for message in messages:
        # Most old exports have no unix time at all: a message without one is passed over
        # without parsing its date (a big chat's export would read every date twice).
        if (
            isinstance(message, Mapping)
            and "date_unixtime" in message
            and isinstance(message.get("date"), str)
        ):
            try:
                local = datetime.fromisoformat(message["date"]).replace(tzinfo=None)
                utc = datetime.fromtimestamp(int(message["date_unixtime"]), UTC)
            except (KeyError, ValueError, TypeError, OverflowError, OSError):
                continue
            return local - utc.replace(tzinfo=None)
    return None


def _when(message: Mapping[str, Any], source: str, index: int, shift: timedelta | None) -> datetime:
    """Return a message's local time: `date`, else `date_unixtime` in the exporter's zone
    (read off the file's other messages), else in this computer's."""
    try:
        if isinstance(message.get("date"), str):
            return datetime.fromisoformat(message["date"]).replace(tzinfo=None)
        stamp = int(message["date_unixtime"])
        if shift is None:
            return datetime.fromtimestamp(stamp)
        return datetime.fromtimestamp(stamp, UTC).replace(tzinfo=None) + shift
    except (KeyError, ValueError, TypeError, OverflowError, OSError):
        raise ChatError(tr("chat.error.item", file=source, index=index + 1, key="date")) from None
