"""The roll-call import: a team chat's export -> the day's updates per employee, saved.

Shared by `salestui import rollcall` and the Roll-call screen: read the file, match
its senders (the remembered mapping, then whole names), and save each matched employee's
messages of the day in one transaction. Re-importing the same file adds nothing twice.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from salestui.analytics.rollcall import (
    Update,
    day_updates,
    has_answered,
    match_senders,
    status_from_text,
)
from salestui.i18n import tr
from salestui.io.chat import ChatError, ChatMessage
from salestui.models import RollCall
from salestui.store import Repository


def read_chat(
    path: Path, *, chat: str | None = None, day_first: bool | None = None
) -> list[ChatMessage]:
    """Read a Telegram (.json) or WhatsApp (.txt, .zip) export; ChatError otherwise."""
    suffix = path.suffix.casefold()
    if suffix == ".json":
        from salestui.io.telegram import read_telegram

        return read_telegram(path, chat=chat)
    if suffix in (".txt", ".zip"):
        from salestui.io.whatsapp import read_whatsapp

        return read_whatsapp(path, day_first=day_first)
    raise ChatError(tr("chat.error.kind", file=path.name))


@dataclass(frozen=True, slots=True)
class Plan:
    """What an import would save: each matched employee's update, and who is not known."""

    day: date
    updates: dict[int, Update]
    senders: dict[str, int]  # every matched sender of the file, any day
    unknown: list[str]  # senders of the day nobody is known as


def plan_import(
    repo: Repository,
    messages: list[ChatMessage],
    day: date,
    senders: dict[str, int] | None = None,
) -> Plan:
    """Match the messages' senders (given ones first, then the remembered, then names) and
    gather the day's updates; nothing is saved."""
    mapping = {**repo.settings().chat_senders, **(senders or {})}
    matched = match_senders((m.sender for m in messages), repo.employees(), mapping)
    rows = [(m.sender, m.at, m.text) for m in messages]
    updates = day_updates(rows, day, matched.found)
    today_senders = {m.sender for m in messages if m.at.date() == day}
    unknown = [s for s in matched.unknown if s in today_senders]
    return Plan(day, updates, matched.found, unknown)


@dataclass(frozen=True, slots=True)
class Saved:
    """What an import changed."""

    saved: int  # answers written (new, or an update added to)
    unchanged: int  # answers that already held these messages


def changes(repo: Repository, plan: Plan) -> dict[int, RollCall | None]:
    """Return, per employee of the plan, the answer save_import would store, or None when
    their answer holds these messages already: an answer gets the lines it does not hold
    yet; a new answer takes its status from the words, else the employee's usual place."""
    roles = {e.id: e.role for e in repo.employees()}
    had = {r.employee_id: r for r in repo.rollcall(plan.day)}
    out: dict[int, RollCall | None] = {}
    for employee, update in plan.updates.items():
        old = had.get(employee)
        # Only the lines the answer does not hold yet: a file read again adds nothing.
        held = set(old.update.split("\n")) if old is not None else set()
        fresh = [line for line in update.text.split("\n") if line not in held]
        if not fresh:
            out[employee] = None
            continue
        kept = [old.update] if old is not None and old.update else []
        text = "\n".join(kept + fresh)
        status = (
            old.status
            if old is not None and has_answered(old)
            else status_from_text(update.text, roles.get(employee, "office"))
        )
        at = old.at if old is not None and old.at else update.first.strftime("%H:%M")
        out[employee] = RollCall(plan.day, employee, status, text, at)
    return out


def save_import(repo: Repository, plan: Plan, senders: dict[str, int] | None = None) -> Saved:
    """Save the plan's updates (and the senders given, remembered for next time) in one
    transaction: what `changes` says, so a preview shows exactly what is written."""
    entries = changes(repo, plan)
    with repo.transaction():
        if senders:
            settings = repo.settings()
            remembered = {**settings.chat_senders, **senders}
            if remembered != settings.chat_senders:
                repo.save_settings(replace(settings, chat_senders=remembered))
        for entry in entries.values():
            if entry is not None:
                repo.save_rollcall(entry)
    saved = sum(entry is not None for entry in entries.values())
    return Saved(saved, len(entries) - saved)


def telegram_chats(path: Path) -> list[str]:
    """Return the chats of a whole Telegram account's export, for the user to pick one
    ([] for another file, a single chat's export or one that cannot be read: read_chat
    then reads it, or says what is wrong with it)."""
    if path.suffix.casefold() != ".json":
        return []
    import json

    from salestui.io.telegram import chat_names

    try:
        data = json.loads(path.read_bytes().decode("utf-8-sig"))
    except (OSError, ValueError, RecursionError):
        return []
    if isinstance(data, dict) and "messages" in data:
        return []
    return chat_names(data)
