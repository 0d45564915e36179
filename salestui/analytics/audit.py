"""The weekly base review's automatic audit (routine 6): what is missing or late in each
employee's clients and deals.

Pure functions over Client and Deal records; the day they count to is a parameter. DESIGN §4:
data completeness = filled required fields / required fields over the employee's clients.
The deals' flags are the hot list's (analytics.deals.deal_flags): one rule in one place.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Final

from salestui.analytics.deals import deal_flags
from salestui.models import Client, Deal, Settings, is_hot

# A comment shorter than this (letters and digits, spaces aside) says nothing of the client.
SHORT_COMMENT: Final = 20
# Legal forms and quotes that do not tell two companies apart.
_LEGAL: Final = re.compile(
    r"\b(ооо|оао|зао|пао|ао|ип|llc|ltd|inc|corp|co|gmbh|plc)\b|[\"'«»“”„.,()]"
)


def phone_key(phone: str) -> str:
    """Return a phone number's digits, the last ten (8 and +7 before a Russian number are
    the same number); "" when it has fewer than five digits."""
    digits = "".join(ch for ch in phone if ch.isdigit())
    return digits[-10:] if len(digits) >= 5 else ""


def email_key(email: str) -> str:
    """Return an e-mail address trimmed and in lower case ("" when it has no @)."""
    found = email.strip().casefold()
    return found if "@" in found else ""


def name_key(name: str) -> str:
    """Return a client's name without case, quotes, punctuation and legal form."""
    return " ".join(_LEGAL.sub(" ", name.casefold()).split())


def short_comment(comment: str) -> bool:
    """Tell whether a comment is empty or too short to say anything."""
    return len("".join(comment.split())) < SHORT_COMMENT


def duplicates(clients: Iterable[Client]) -> set[int]:
    """Return the ids of clients that share a normalised phone, e-mail or name with
    another client (of anyone's)."""
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for client in clients:
        for kind, key in (
            ("phone", phone_key(client.phone)),
            ("email", email_key(client.email)),
            ("name", name_key(client.name)),
        ):
            if key:
                groups[(kind, key)].append(client.id)
    return {i for ids in groups.values() if len(set(ids)) > 1 for i in ids}


@dataclass(frozen=True, slots=True)
class Audit:
    """One employee's audit: counts, and the ids of the records behind each."""

    clients: int
    completeness: float | None  # filled required fields ÷ required fields; None: no clients
    no_contacts: tuple[int, ...]  # clients with neither a phone nor an e-mail
    empty_comments: tuple[int, ...]  # clients whose comment is empty or very short
    duplicates: tuple[int, ...]  # clients sharing a phone, e-mail or name with another
    overdue_steps: tuple[int, ...]  # open deals whose next step is overdue or missing
    stale_deals: tuple[int, ...]  # open deals without contact past their stage's limit
    hot_past_expected: tuple[int, ...]  # hot deals whose expected payment date has passed
    missing: dict[str, int] = field(default_factory=dict)  # required field -> clients without


def audit(
    clients: Sequence[Client],
    deals: Sequence[Deal],
    settings: Settings,
    as_of: date,
    twins: set[int] | None = None,
) -> Audit:
    """Audit one employee's clients and open deals as of a day.

    Completeness counts each required field (settings.required_fields) of each client as one
    to fill; the name is always there. Deals: open ones only (closed deals have no next
    step); an overdue or missing next step and staleness as the hot list flags them (a
    snoozed deal is not stale); hot deals past their expected payment date. `twins` are the
    ids of duplicated clients over the whole base (duplicates()); by default, among these.
    """
    required = settings.required_fields
    missing = {
        name: sum(1 for c in clients if not str(getattr(c, name)).strip()) for name in required
    }
    total = len(clients) * len(required)
    filled = total - sum(missing.values())
    twins = duplicates(clients) if twins is None else twins
    overdue, stale, past = [], [], []
    for deal in deals:
        if deal.closed is not None:
            continue
        flags = deal_flags(deal, settings, as_of)
        if "overdue_step" in flags or "no_step" in flags:
            overdue.append(deal.id)
        if "stale" in flags:
            stale.append(deal.id)
        if "past_expected" in flags and is_hot(deal, settings):
            past.append(deal.id)
    return Audit(
        clients=len(clients),
        completeness=filled / total if total else None,
        no_contacts=tuple(c.id for c in clients if not c.phone.strip() and not c.email.strip()),
        empty_comments=tuple(c.id for c in clients if short_comment(c.comment)),
        duplicates=tuple(c.id for c in clients if c.id in twins),
        overdue_steps=tuple(overdue),
        stale_deals=tuple(stale),
        hot_past_expected=tuple(past),
        missing={name: n for name, n in missing.items() if n},
    )


def snapshot(found: Audit) -> dict[str, float]:
    """Return the audit's figures as a base review keeps them (counts, completeness 0–1)."""
    figures: dict[str, float] = {
        "clients": found.clients,
        "no_contacts": len(found.no_contacts),
        "empty_comments": len(found.empty_comments),
        "duplicates": len(found.duplicates),
        "overdue_steps": len(found.overdue_steps),
        "stale_deals": len(found.stale_deals),
        "hot_past_expected": len(found.hot_past_expected),
    }
    if found.completeness is not None:
        figures["completeness"] = found.completeness
    return figures


def audits(
    clients: Iterable[Client],
    deals: Iterable[Deal],
    settings: Settings,
    as_of: date,
    employees: Sequence[int],
) -> tuple[dict[int, Audit], Audit]:
    """Audit each listed employee's clients and open deals, and the team (theirs together);
    duplicates are looked for across the whole base."""
    every = list(clients)
    twins = duplicates(every)
    mine: dict[int, list[Client]] = defaultdict(list)
    for c in every:
        mine[c.owner].append(c)
    owned: dict[int, list[Deal]] = defaultdict(list)
    for d in deals:
        owned[d.owner].append(d)
    per = {i: audit(mine[i], owned[i], settings, as_of, twins) for i in employees}
    team = audit(
        [c for i in employees for c in mine[i]],
        [d for i in employees for d in owned[i]],
        settings,
        as_of,
        twins,
    )
    return per, team
