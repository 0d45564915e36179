"""The daily roll-call (routine 8): whose chat messages are whose, and a day's updates.

Pure functions over chat messages and employees; the day is a parameter. A sender is matched
to an employee by the remembered mapping, or by the whole name in either order ("Anna
Petrova" is "Petrova Anna"); never by a part of it: an unknown sender is listed, not guessed.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Final

from salestui.analytics.calendar import is_working_day
from salestui.models import Employee, RollCall

# The status of someone asked who did not answer.
NO_ANSWER: Final = "no_answer"

# Words that say where someone is today, by status, in both languages: each matches from the
# start of a word (so "homesick" is not sick), casefolded.
STATUS_WORDS: Final = {
    "sick": ("болею", "заболел", "болен", "больнич", "sick"),
    "vacation": ("отпуск", "vacation", "holiday", "day off", "выходн"),
    "field": (
        "выезд",
        "на встрече",
        "у клиента",
        "в дороге",
        "field",
        "on site",
        "visiting",
        "on the road",
        "at a client",
        "at the client",
    ),
    "office": ("в офисе", "офис", "office"),
}
# A word of these just before a status word turns it off: "not sick", "уже не болею",
# "был в отпуске" (was: yesterday's news).
NEGATIONS: Final = frozenset(("не", "not", "no", "was", "был", "была", "после"))
_WORD: Final = re.compile(r"\w+", re.UNICODE)


def name_key(name: str) -> str:
    """Return a person's name as compared: casefolded words, sorted (any order, any case)."""
    return " ".join(sorted(name.casefold().replace("ё", "е").split()))


@dataclass(frozen=True, slots=True)
class Matched:
    """The chat's senders: those matched to an employee, and those nobody is known as."""

    found: dict[str, int]
    unknown: list[str]


def match_senders(
    senders: Iterable[str], employees: Sequence[Employee], mapping: Mapping[str, int]
) -> Matched:
    """Match each sender to an employee: the mapping first (a name in the chat, any case),
    then the employee whose whole name it is, in either word order."""
    remembered = {name.casefold(): i for name, i in mapping.items()}
    by_name: dict[str, list[int]] = {}
    for employee in employees:
        by_name.setdefault(name_key(employee.name), []).append(employee.id)
    found: dict[str, int] = {}
    unknown: list[str] = []
    for sender in dict.fromkeys(senders):
        if sender.casefold() in remembered:
            found[sender] = remembered[sender.casefold()]
            continue
        ids = by_name.get(name_key(sender), [])
        if len(ids) == 1:
            found[sender] = ids[0]
        else:
            unknown.append(sender)  # nobody, or two namesakes: the user says who
    return Matched(found, unknown)


@dataclass(frozen=True, slots=True)
class Update:
    """One employee's messages of a day, joined, and when the first came."""

    text: str
    first: datetime


def day_updates(
    messages: Iterable[tuple[str, datetime, str]], day: date, found: Mapping[str, int]
) -> dict[int, Update]:
    """Return each matched employee's messages of the day (sender, time, text), joined by
    new lines in the chat's order; other days' messages and unknown senders are left out."""
    texts: dict[int, list[str]] = {}
    first: dict[int, datetime] = {}
    for sender, at, text in messages:
        employee = found.get(sender)
        if employee is None or at.date() != day:
            continue
        texts.setdefault(employee, []).append(text.strip())
        first.setdefault(employee, at)
    return {i: Update("\n".join(t), first[i]) for i, t in texts.items()}


def status_from_text(text: str, role: str) -> str:
    """Return the status an update's words say (sick, vacation, field, office, checked in
    that order; a word is not read when "not", "не", "was", "был" comes just before it),
    else the employee's usual place: the field for a field rep, the office."""
    words = _WORD.findall(text.casefold().replace("ё", "е"))
    for status, stems in STATUS_WORDS.items():
        for stem in stems:
            parts = stem.split()
            for at in range(len(words) - len(parts) + 1):
                head = words[at : at + len(parts)]
                if head[:-1] != parts[:-1] or not head[-1].startswith(parts[-1]):
                    continue
                if at and words[at - 1] in NEGATIONS:
                    continue
                if at > 1 and words[at - 2] in NEGATIONS and words[at - 1] in ("в", "в.", "on"):
                    continue
                return status
    return "field" if role == "field" else "office"


def has_answered(entry: RollCall | None) -> bool:
    """Tell whether a roll-call entry is an answer (not none, not marked "no answer")."""
    return entry is not None and entry.status != NO_ANSWER


def sender_updates(messages: Iterable[tuple[str, datetime, str]], day: date) -> dict[str, Update]:
    """Return each sender's messages of the day (sender, time, text), joined by new lines in
    the chat's order, matched or not: who said what, as an import's preview shows it."""
    texts: dict[str, list[str]] = {}
    first: dict[str, datetime] = {}
    for sender, at, text in messages:
        if at.date() != day:
            continue
        texts.setdefault(sender, []).append(text.strip())
        first.setdefault(sender, at)
    return {s: Update("\n".join(t), first[s]) for s, t in texts.items()}


def chat_days(moments: Iterable[datetime]) -> list[tuple[date, int]]:
    """Return the days a chat has messages on, the latest first, with how many each."""
    counts: dict[date, int] = {}
    for at in moments:
        counts[at.date()] = counts.get(at.date(), 0) + 1
    return sorted(counts.items(), reverse=True)


def roster(
    employees: Iterable[Employee], day: date, answers: Mapping[int, RollCall]
) -> list[Employee]:
    """Return who is asked on a day: everyone employed then, and anyone with an answer that
    day; the field staff first (the roll-call is mostly for them), then by name."""
    asked = [e for e in employees if e.status_on(day) == "employed" or e.id in answers]
    return sorted(asked, key=lambda e: (e.role != "field", e.name.casefold(), e.id))


def history(
    entries: Iterable[RollCall],
    employee: Employee,
    last: date,
    days: int,
    working_days: Collection[int],
) -> list[tuple[date, RollCall | None]]:
    """Return an employee's roll-call over the `days` days up to `last`, the latest first:
    every working day they were employed (None where nothing is recorded), and any other
    day with an answer of theirs."""
    mine = {e.date: e for e in entries if e.employee_id == employee.id}
    rows: list[tuple[date, RollCall | None]] = []
    for back in range(days):
        day = last - timedelta(days=back)
        entry = mine.get(day)
        expected = is_working_day(day, working_days) and employee.employed_on(day)
        if entry is not None or expected:
            rows.append((day, entry))
    return rows
