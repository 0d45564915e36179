"""The weekly base review's automatic audit (routine 6): what is missing or late in each
employee's clients and deals.

Pure functions over Client and Deal records; the day they count to is a parameter. DESIGN §4:
data completeness = filled required fields / required fields over the employee's clients.
The deals' flags are the hot list's (analytics.deals.deal_flags): one rule in one place.
Audit mode's parts: each flagged record with what is wrong with it (flagged), the field to
fix first (fix_field), a duplicates index kept per fix (Twins), who is due for review
(review_queue) and the trend of the ratings (trend).
"""

from __future__ import annotations

import heapq
import re
from array import array
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Final, Literal, Protocol

from salestui.analytics.deals import days_without_contact, deal_flags
from salestui.analytics.supervision import supervision_debt
from salestui.models import BASE_POINTS, BaseReview, Deal, Settings, is_hot


class ClientLike(Protocol):
    """What the audit reads of a client: a Client record, or a ClientCard read straight
    from the store for the whole base (the Client's fields, read-only)."""

    @property
    def id(self) -> int: ...
    @property
    def owner(self) -> int: ...
    @property
    def name(self) -> str: ...
    @property
    def contact(self) -> str: ...
    @property
    def phone(self) -> str: ...
    @property
    def email(self) -> str: ...
    @property
    def source(self) -> str: ...
    @property
    def comment(self) -> str: ...


# A comment shorter than this (letters and digits, spaces aside) says nothing of the client.
SHORT_COMMENT: Final = 20
# Legal forms and quotes that do not tell two companies apart.
_LEGAL: Final = re.compile(
    r"\b(ооо|оао|зао|пао|ао|ип|llc|ltd|inc|corp|co|gmbh|plc)\b|[\"'«»“”„.,()]"
)


_NOT_DIGIT: Final = re.compile(r"[^0-9]")


def phone_key(phone: str) -> str:
    """Return a phone number's digits, the last ten (8 and +7 before a Russian number are
    the same number); "" when it has fewer than five digits."""
    digits = _NOT_DIGIT.sub("", phone)
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


# How each kind of key is read from a client, and the letter its Twins/Shared keys start with.
KEY_KINDS: Final = (
    ("p", "phone", phone_key),
    ("e", "email", email_key),
    ("n", "name", name_key),
)


@dataclass(frozen=True, slots=True)
class Shared:
    """The base's duplicates in little room: every key (kind letter, normalised value) more
    than one client holds, with their ids, and a fingerprint of each key one client holds.

    At 100,000 clients ~20,000 shared keys and 300,000 lone ones: the lone keys as a sorted
    array of their hashes take ~2 MB, where the strings took ~30 MB. A key whose hash is not
    there is held by nobody; one whose hash is there is looked for in the base (Twins.put).
    """

    groups: dict[str, tuple[int, ...]]
    lone: array[int]  # sorted hash() of every key held by one client (this process only)

    def ids(self) -> set[int]:
        """Return the ids of every client that shares a key with another."""
        return {i for ids in self.groups.values() for i in ids}

    def may_hold(self, key: str) -> bool:
        """Tell whether one client may hold a key that no two clients share."""
        found, lone = hash(key), self.lone
        at = bisect_left(lone, found)
        return at < len(lone) and lone[at] == found


def shared_keys(clients: Iterable[ClientLike]) -> Shared:
    """Find the keys clients share, one kind of key at a time (each key keeping its first
    client's bare id: at 100,000 clients a map of every key to a list of ids took ~60 MB)."""
    every = list(clients)
    groups: dict[str, tuple[int, ...]] = {}
    lone = array("q")
    for letter, field_name, normalise in KEY_KINDS:
        first: dict[str, int] = {}
        more: dict[str, list[int]] = {}
        for client in every:
            key = normalise(getattr(client, field_name))
            if not key:
                continue
            had = first.setdefault(key, client.id)
            if had != client.id:
                more.setdefault(key, [had]).append(client.id)
        for key, ids in more.items():
            groups[letter + key] = tuple(sorted(set(ids)))
        lone.extend(hash(letter + key) for key in first if key not in more)
    return Shared(groups, array("q", sorted(lone)))


def duplicates(clients: Iterable[ClientLike]) -> set[int]:
    """Return the ids of clients that share a normalised phone, e-mail or name with
    another client (of anyone's)."""
    return shared_keys(clients).ids()


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
    clients: Sequence[ClientLike],
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
    clients: Iterable[ClientLike],
    deals: Iterable[Deal],
    settings: Settings,
    as_of: date,
    employees: Sequence[int],
    shared: Shared | None = None,
) -> tuple[dict[int, Audit], Audit]:
    """Audit each listed employee's clients and open deals, and the team (theirs together);
    duplicates are looked for across the whole base (or given: the keys it shares)."""
    every = list(clients)
    twins = (shared if shared is not None else shared_keys(every)).ids()
    mine: dict[int, list[ClientLike]] = defaultdict(list)
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


# -- audit mode: one employee's flagged records, each with what is wrong -----------------------

# What can be wrong with a record, most urgent first (the order audit mode lists records in):
# money waits on the deals; a client nobody can reach is worse than one with a thin comment.
PROBLEMS: Final = (
    "hot_past_expected",
    "overdue_step",
    "no_step",
    "stale",
    "no_contacts",
    "duplicate",
    "missing",
    "short_comment",
)
# The order a client's fields are asked for when fixed: how to reach them comes first.
FIX_ORDER: Final = ("phone", "email", "contact", "comment", "source")


def client_keys(client: ClientLike) -> tuple[tuple[str, str], ...]:
    """Return a client's normalised phone, e-mail and name (those it has) with their kind."""
    found = ((kind, normalise(getattr(client, kind))) for _, kind, normalise in KEY_KINDS)
    return tuple((kind, key) for kind, key in found if key)


# A key of the Twins index: the kind's letter, then the normalised value ("p9161234567").
_KIND_OF: Final = {letter: kind for letter, kind, _ in KEY_KINDS}
_LETTER_OF: Final = {kind: letter for letter, kind, _ in KEY_KINDS}


def key_field(key: str) -> tuple[str, str]:
    """Return the field a Twins key is read from, and the normalised value."""
    return _KIND_OF[key[0]], key[1:]


def normalised(field_name: str, value: str) -> str:
    """Return a field's value as its key is compared ("" when it has none)."""
    for _, kind, normalise in KEY_KINDS:
        if kind == field_name:
            return normalise(value)
    raise KeyError(field_name)


def twin_keys(client: ClientLike) -> tuple[str, ...]:
    """Return a client's keys as Twins and Shared hold them, each with its kind's letter."""
    return tuple(_LETTER_OF[kind] + key for kind, key in client_keys(client))


class Twins:
    """The base's clients by normalised phone, e-mail and name: who duplicates whom.

    Built over the whole base, or over a few clients and the base's Shared keys (audit
    mode: one employee's clients; a new key the Shared fingerprint may know is looked up in
    the base). A client that changes is put again, so a fix in audit mode does not read
    every client again. A key held by one client keeps its bare id, not a set: at 100,000
    clients nine keys in ten are alone, and sets of one took ~100 MB.
    """

    def __init__(
        self,
        clients: Iterable[ClientLike],
        shared: Shared | None = None,
        lookup: Callable[[str], Iterable[int]] | None = None,
    ) -> None:
        self._keys: dict[int, tuple[str, ...]] = {}
        self._groups: dict[str, int | set[int]] = {}
        # A group's two lowest ids, found when first asked for and forgotten when it changes.
        self._lowest: dict[str, list[int]] = {}
        self._ids: set[int] | None = None
        self._shared = shared
        # The ids of the clients in the base holding a key (put asks it for a new key that
        # the Shared fingerprint may know).
        self._lookup = lookup
        # Keys every indexed holder has left: nobody else holds them (not Shared's groups).
        self._gone: set[str] = set()
        for client in clients:
            keys = self._keys[client.id] = twin_keys(client)
            for key in keys:
                self._join(client.id, key, look=False)

    def put(self, client: ClientLike) -> None:
        """Add a client, or replace what an earlier version of it was known by."""
        self._ids = None
        old = self._keys.get(client.id, ())
        new = self._keys[client.id] = twin_keys(client)
        for key in old:
            if key not in new:
                self._leave(client.id, key)
        for key in new:
            if key not in old:
                self._join(client.id, key, look=True)

    def _leave(self, client_id: int, key: str) -> None:
        """Take a client out of a key's group."""
        self._lowest.pop(key, None)
        group = self._groups.get(key)
        if group is None or group == client_id:
            self._groups.pop(key, None)
            self._gone.add(key)
        elif isinstance(group, set):
            group.discard(client_id)
            if len(group) == 1:
                self._groups[key] = next(iter(group))

    def _join(self, client_id: int, key: str, *, look: bool) -> None:
        """Put a client in a key's group; a key new to this index is looked up in the base
        when the Shared fingerprint may know it (look: a key the client did not have)."""
        self._lowest.pop(key, None)
        group = self._groups.get(key)
        if group is None:
            others: set[int] = set()
            shared, lookup = self._shared, self._lookup
            if shared is not None and key not in self._gone:
                # A shared key's holders as counted (taken when an indexed client first
                # has it: an audit touches a few of the base's ~20,000 groups).
                others = set(shared.groups.get(key, ()))
                if not others and look and lookup is not None and shared.may_hold(key):
                    others = set(lookup(key))
            others.discard(client_id)
            self._groups[key] = {client_id, *others} if others else client_id
        elif isinstance(group, int):
            if group != client_id:
                self._groups[key] = {group, client_id}
        else:
            group.add(client_id)

    def shared(self, client_id: int) -> tuple[str, int, int] | None:
        """Return the first key a client shares with others (phone, e-mail, then name): its
        kind, the lowest id among the others, and how many others share it; None if none.

        No list of the others is built: in a base where hundreds of clients share one
        e-mail, listing them for each would take seconds.
        """
        for found in self._keys.get(client_id, ()):
            group = self._groups[found]
            if isinstance(group, set) and len(group) > 1:
                lowest = self._lowest.get(found)
                if lowest is None:
                    lowest = self._lowest[found] = heapq.nsmallest(2, group)
                first = lowest[0] if lowest[0] != client_id else lowest[1]
                return _KIND_OF[found[0]], first, len(group) - 1
        return None

    def ids(self) -> set[int]:
        """Return the ids of the indexed clients that share a key with another, and of
        those they share it with (kept until the next put; do not change it)."""
        if self._ids is None:
            groups = self._groups
            self._ids = {
                i
                for keys in self._keys.values()
                for key in keys
                if isinstance(group := groups[key], set) and len(group) > 1
                for i in group
            }
        return self._ids


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a client or a deal, with what saying it in words needs."""

    code: str  # one of PROBLEMS
    # missing: the required fields left empty (FIX_ORDER first); duplicate: the kind shared
    fields: tuple[str, ...] = ()
    # overdue_step: the due date; stale: the last contact (None: never); hot_past_expected:
    # the expected payment date
    day: date | None = None
    days: int = 0  # stale: days without contact
    other: int | None = None  # duplicate: the other client named (the lowest id)
    count: int = 0  # duplicate: how many other clients share the key


@dataclass(frozen=True, slots=True)
class Flagged:
    """A client or an open deal of an employee with what is wrong with it."""

    kind: Literal["client", "deal"]
    record_id: int
    problems: tuple[Problem, ...]

    @property
    def key(self) -> str:
        """Return a key unique over clients and deals ("client:12", "deal:7")."""
        return f"{self.kind}:{self.record_id}"


def client_problems(client: ClientLike, settings: Settings, twins: Twins) -> tuple[Problem, ...]:
    """Return what is wrong with a client, in PROBLEMS order (none: nothing).

    No phone and no e-mail is one problem (those two are not listed as missing besides);
    an empty or short comment is one (the comment is never listed as missing); a required
    field left empty is "missing"; sharing a phone, e-mail or name with another client of
    anyone's is "duplicate" (the first kind shared, one of the others, how many there are).
    """
    found: dict[str, Problem] = {}
    no_contacts = not client.phone.strip() and not client.email.strip()
    if no_contacts:
        found["no_contacts"] = Problem("no_contacts")
    shared = twins.shared(client.id)
    if shared is not None:
        kind, other, count = shared
        found["duplicate"] = Problem("duplicate", (kind,), other=other, count=count)
    covered = {"comment", *(("phone", "email") if no_contacts else ())}
    empty = [
        name
        for name in settings.required_fields
        if name not in covered and not str(getattr(client, name)).strip()
    ]
    if empty:
        rank = {name: n for n, name in enumerate(FIX_ORDER)}
        found["missing"] = Problem("missing", tuple(sorted(empty, key=lambda f: rank.get(f, 99))))
    if short_comment(client.comment):
        found["short_comment"] = Problem("short_comment")
    return tuple(found[code] for code in PROBLEMS if code in found)


def deal_problems(deal: Deal, settings: Settings, as_of: date) -> tuple[Problem, ...]:
    """Return what is wrong with an open deal as audit() counts it: an overdue or missing
    next step, no contact past its stage's limit, hot and past its expected payment date."""
    if deal.closed is not None:
        return ()
    flags = deal_flags(deal, settings, as_of)
    found: list[Problem] = []
    if "past_expected" in flags and is_hot(deal, settings):
        found.append(Problem("hot_past_expected", day=deal.expected_payment))
    if "overdue_step" in flags:
        found.append(Problem("overdue_step", day=deal.next_step_due))
    if "no_step" in flags:
        found.append(Problem("no_step"))
    if "stale" in flags:
        days = days_without_contact(deal, as_of)
        found.append(Problem("stale", day=deal.last_contact, days=days))
    return tuple(found)


def flagged(
    clients: Sequence[ClientLike],
    deals: Sequence[Deal],
    settings: Settings,
    as_of: date,
    twins: Twins,
) -> list[Flagged]:
    """Return one employee's clients and open deals that have something wrong, the most
    urgent first: by their first problem in PROBLEMS order, then its date (the longest
    overdue first; a deal never contacted before any), then the client's name. These are
    the records behind audit()'s figures, and the clients that only lack a required field."""
    names = {c.id: c.name.casefold() for c in clients}
    rank = {code: n for n, code in enumerate(PROBLEMS)}
    keyed: list[tuple[tuple[int, date, str, int], Flagged]] = []
    for d in deals:
        problems = deal_problems(d, settings, as_of)
        if problems:
            first = problems[0]
            name = names.get(d.client_id, "") if d.client_id is not None else ""
            key = (rank[first.code], first.day or date.min, name, d.id)
            keyed.append((key, Flagged("deal", d.id, problems)))
    for c in clients:
        problems = client_problems(c, settings, twins)
        if problems:
            keyed.append(
                (
                    (rank[problems[0].code], date.min, names[c.id], c.id),
                    Flagged("client", c.id, problems),
                )
            )
    keyed.sort(key=lambda pair: pair[0])
    return [item for _, item in keyed]


def fix_field(item: Flagged) -> str | None:
    """Return the field audit mode asks for first to fix a record (None: nothing to fix).

    A deal: the field of its first problem (the expected payment date, the next step with
    its due date, the last contact). A client: the phone when it has no contacts, a missing
    required field (FIX_ORDER), the comment, then the field it shares with a duplicate
    (phone, email or name).
    """
    if not item.problems:
        return None
    if item.kind == "deal":
        return DEAL_FIELDS[item.problems[0].code]
    codes = {p.code: p for p in item.problems}
    if "no_contacts" in codes:
        return "phone"
    if "missing" in codes:
        return codes["missing"].fields[0]
    if "short_comment" in codes:
        return "comment"
    return codes["duplicate"].fields[0]


# The deal field that answers each of a deal's problems.
DEAL_FIELDS: Final = {
    "hot_past_expected": "expected_payment",
    "overdue_step": "next_step",
    "no_step": "next_step",
    "stale": "last_contact",
}


# -- reviews: who is due, and the trend of the ratings ----------------------------------------


def average(review: BaseReview) -> float | None:
    """Return the mean of a review's ratings of the five points (None when none is rated)."""
    rated = [review.ratings[p] for p in BASE_POINTS if p in review.ratings]
    return sum(rated) / len(rated) if rated else None


@dataclass(frozen=True, slots=True)
class Rated:
    """A base review with its average rating and how that moved since the review before."""

    review: BaseReview
    average: float | None
    # "up", "down" or "same" against the previous review's average; None for the first
    change: Literal["up", "down", "same"] | None


def trend(reviews: Iterable[BaseReview]) -> list[Rated]:
    """Return reviews oldest first, each with its average and its change since the one
    before (averages compared to one decimal, as they are shown)."""
    ordered = sorted(reviews, key=lambda r: (r.date, r.id))
    result: list[Rated] = []
    before: float | None = None
    for n, review in enumerate(ordered):
        mean = average(review)
        change: Literal["up", "down", "same"] | None = None
        if n and mean is not None and before is not None:
            now, then = round(mean, 1), round(before, 1)
            change = "up" if now > then else "down" if now < then else "same"
        result.append(Rated(review, mean, change))
        before = mean
    return result


@dataclass(frozen=True, slots=True)
class Due:
    """An employee's place in the weekly base review: days since the last, and the history."""

    employee_id: int
    days: int | None  # days since the last review on or before the day; None: never
    due: bool  # never reviewed, or supervision.BASE_REVIEW_DAYS ago or more
    history: tuple[Rated, ...]  # their reviews on or before the day, oldest first

    @property
    def last(self) -> Rated | None:
        """Return the latest review, if any."""
        return self.history[-1] if self.history else None


def review_queue(employees: Sequence[int], reviews: Iterable[BaseReview], as_of: date) -> list[Due]:
    """Return the employees in the order to review them: those due first (never reviewed,
    then the most days since the last), then the rest (most days first); ties keep the
    order given. Due is supervision's rule (analytics.supervision.BASE_REVIEW_DAYS)."""
    kept = [r for r in reviews if r.date <= as_of]
    mine: dict[int, list[BaseReview]] = defaultdict(list)
    for review in kept:
        mine[review.employee_id].append(review)
    debts = supervision_debt(employees, kept, (), (), {}, as_of)
    queue = [
        Due(
            d.employee_id,
            d.days_since_base_review,
            d.base_overdue,
            tuple(trend(mine[d.employee_id])),
        )
        for d in debts
    ]
    order = {e: n for n, e in enumerate(employees)}
    queue.sort(key=lambda d: (not d.due, d.days is not None, -(d.days or 0), order[d.employee_id]))
    return queue


def stored_figures(found: Audit, minutes: float) -> dict[str, float]:
    """Return what a base review keeps: the audit's snapshot() and the minutes it took."""
    return {**snapshot(found), "minutes": round(minutes, 1)}


def known(figures: Mapping[str, float], name: str) -> float | None:
    """Return one figure of a stored snapshot, None when the review did not keep it."""
    value = figures.get(name)
    return float(value) if isinstance(value, int | float) else None
