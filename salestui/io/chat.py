"""A team chat's messages as the exports give them, whatever the messenger."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class ChatMessage:
    """One message: who sent it (the name the chat shows), when (the export's local time),
    and its text (fragments joined, lines kept)."""

    sender: str
    at: datetime
    text: str


class ChatError(Exception):
    """A chat export that cannot be read; the message names the file and the line or key."""


class DateOrderError(ChatError):
    """A WhatsApp export whose dates read both as day/month and month/day: ask which."""
