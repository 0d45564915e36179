"""The demo's quality-control records: the gaps in the client base an audit finds, the weekly
base reviews, a year of roll-call answers, and the log of the quality routines.

Each is drawn from a generator of its own after the rest of the demo, so the numbers, sales
and call reviews keep their values and ids.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from typing import Any, Final

from salestui.analytics.audit import audit, duplicates, name_key, snapshot
from salestui.models import (
    BASE_POINTS,
    BaseReview,
    Client,
    Employee,
    RollCall,
    RoutineDone,
    Settings,
)

# How often each kind of employee leaves a gap in a client card: no e-mail, no phone, a
# short comment, no contact person.
GAPS: Final = {
    "star": (0.05, 0.01, 0.08, 0.02),
    "slacker": (0.35, 0.08, 0.55, 0.2),
    "newcomer": (0.2, 0.04, 0.35, 0.1),
}
STEADY_GAPS: Final = (0.12, 0.02, 0.2, 0.05)
# A rating's usual value per kind of employee (1–5), before a little noise.
RATING: Final = {"star": 4.6, "slacker": 2.4, "newcomer": 3.0}
STEADY_RATING: Final = 3.8
# Roll-call: how often an answer is missing, and how often one is sick or away.
NO_ANSWER: Final = 0.06
# The routines the demo's morning log gains here (metrics, hot and finance are in demo.py).
LATER_ROUTINES: Final = ("duration", "ratios", "base_review", "calls", "rollcall")


def dress_clients(
    rng: random.Random,
    clients: dict[int, Client],
    kinds: Mapping[int, str],
    words: Mapping[str, Any],
) -> dict[int, Client]:
    """Return the clients with comments, and with the gaps each kind of employee leaves:
    missing e-mails and phones, short comments, a few duplicates of another client."""
    out: dict[int, Client] = {}
    ids = sorted(clients)
    # The generator draws names and domains from short lists: a real base has one card per
    # company, so a repeated name gets its city and a repeated domain a number.
    names: dict[str, int] = {}
    domains: dict[str, int] = {}
    cities = words["cities"]
    for client_id in ids:
        client = clients[client_id]
        key = name_key(client.name)  # "Alfa LLC" and "Alfa Inc" are one name to an audit
        seen = names[key] = names.get(key, 0) + 1
        if seen > 1:
            city = cities[(seen - 2) % len(cities)]
            rounds = (seen - 2) // len(cities)
            name = f"{client.name}, {city}" + (f" {rounds + 1}" if rounds else "")
            client = replace(client, name=name)
        user, _, domain = client.email.partition("@")
        if domain:
            stem, dot, zone = domain.rpartition(".")
            used = domains[domain] = domains.get(domain, 0) + 1
            if used > 1:
                client = replace(client, email=f"{user}@{stem}{used}{dot}{zone}")
        no_email, no_phone, short, no_contact = GAPS.get(kinds.get(client.owner, ""), STEADY_GAPS)
        comment = rng.choice(words["client_comments"])
        if rng.random() < short:
            comment = rng.choice(words["short_comments"]) if rng.random() < 0.6 else ""
        out[client_id] = replace(
            client,
            email="" if rng.random() < no_email else client.email,
            phone="" if rng.random() < no_phone else client.phone,
            contact="" if rng.random() < no_contact else client.contact,
            comment=comment,
        )
    # One client in a hundred entered twice: another card with the same phone number.
    for client_id in rng.sample(ids, k=len(ids) // 100):
        twin = out[rng.choice(ids)]
        if twin.id != client_id and twin.phone:
            out[client_id] = replace(out[client_id], phone=twin.phone)
    return out


def base_reviews(
    rng: random.Random,
    new_id: Callable[[], int],
    staff: Mapping[int, Employee],
    kinds: Mapping[int, str],
    clients: Mapping[int, Client],
    settings: Settings,
    today: date,
    words: Mapping[str, Any],
) -> dict[int, BaseReview]:
    """Return about six months of weekly base reviews: each employee reviewed most weeks,
    their ratings by how they work; the last review of some is 8–20 days old and one
    employee was never reviewed, so the demo opens with some due."""
    active = [e for e in staff.values() if e.left is None]
    never = active[-1].id if len(active) > 1 else None
    mine: dict[int, list[Client]] = {}
    for client in clients.values():
        mine.setdefault(client.owner, []).append(client)
    twins = duplicates(clients.values())
    out: dict[int, BaseReview] = {}
    for employee in active:
        if employee.id == never:
            continue
        # This one's last review: a few days ago, or overdue by up to two weeks.
        last = today - timedelta(days=rng.choice((1, 2, 3, 4, 5, 6, 8, 11, 15, 20)))
        while last.weekday() >= 5:  # reviews are done on working days
            last -= timedelta(days=1)
        day = last
        start = max(employee.hired or date.min, today - timedelta(days=182))
        level = RATING.get(kinds.get(employee.id, ""), STEADY_RATING)
        while day >= start:
            if day == last or (day.weekday() < 5 and rng.random() < 0.85):
                theirs = [c for c in mine.get(employee.id, []) if c.created <= day]
                # The deals' state on a past day is not kept: the review keeps the clients'.
                found = snapshot(audit(theirs, [], settings, day, twins))
                found["minutes"] = float(rng.randint(18, 32))
                ratings = {p: min(5, max(1, round(rng.gauss(level, 0.7)))) for p in BASE_POINTS}
                note = rng.choice(words["base_notes"]) if rng.random() < 0.5 else ""
                review = BaseReview(day, employee.id, found, ratings, note, id=new_id())
                out[review.id] = review
            day -= timedelta(days=7 + rng.randint(-1, 1))
    return out


def rollcalls(
    rng: random.Random,
    new_id: Callable[[], int],
    staff: Mapping[int, Employee],
    worked: Mapping[int, set[date]],
    days: Sequence[date],
    today: date,
    words: Mapping[str, Any],
) -> dict[int, RollCall]:
    """Return a year of roll-call answers up to the last working day: where each employee
    was (their usual place on a day they sent numbers; sick, on holiday or absent on a day
    they did not), what they wrote and when, and now and then no answer. Today's roll-call
    is the morning's to do."""
    since = today - timedelta(days=366)
    out: dict[int, RollCall] = {}
    for day in days:
        if day < since:
            continue
        for employee in staff.values():
            if not employee.employed_on(day):
                continue
            if day in worked.get(employee.id, set()):
                if rng.random() < NO_ANSWER:
                    status, text = "no_answer", ""
                else:
                    status = employee.role
                    text = rng.choice(words[f"rollcall_{employee.role}"])
            else:
                status = rng.choices(("sick", "vacation", "absent"), weights=(3, 4, 2))[0]
                text = words["rollcall_away"][status]
            hour = 9 if rng.random() < 0.8 else 10
            at = "" if status == "no_answer" else f"{hour:02d}:{rng.randint(0, 59):02d}"
            entry = RollCall(day, employee.id, status, text, at, id=new_id())
            out[entry.id] = entry
    return out


def routine_log(
    rng: random.Random, new_id: Callable[[], int], days: Sequence[date]
) -> dict[int, RoutineDone]:
    """Return the log of the routines demo.py does not mark: the last week unbroken, most
    days before it, so the streak counts every routine of the checklist."""
    out: dict[int, RoutineDone] = {}
    for offset, day in enumerate(reversed(days)):
        if offset < 6 or rng.random() < 0.8:
            for minute, routine in enumerate(LATER_ROUTINES):
                at = datetime.combine(day, time(10, 30 + 5 * minute + rng.randint(0, 4)))
                entry = RoutineDone(day, routine, at, id=new_id())
                out[entry.id] = entry
    return out
