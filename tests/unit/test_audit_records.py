"""Audit mode's pure parts: one employee's flagged records and their problems, the field to
fix first, the duplicates index kept per fix, who is due for review and the ratings' trend."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from salestui.analytics.audit import (
    Problem,
    Twins,
    audit,
    audits,
    average,
    duplicates,
    fix_field,
    flagged,
    review_queue,
    shared_keys,
    stored_figures,
    trend,
    twin_keys,
)
from salestui.models import BASE_POINTS, BaseReview, Client, Deal, Settings
from salestui.store import default_settings

DAY = date(2026, 11, 26)
ANNA, BORIS = 1, 2
LONG = "Buys twice a year; the director decides, budget agreed in spring"


def client(n: int, name: str, owner: int = ANNA, **fields: str) -> Client:
    """Return client number n, complete unless the fields say otherwise."""
    full = {"contact": "Ivan", "phone": f"+7 900 000-00-{n:02d}", "email": f"c{n}@x.ru"}
    full["comment"] = LONG
    full.update(fields)
    return Client(name, owner, date(2026, 1, 1), id=n, **full)


def deal(n: int, stage: str = "meeting", **fields: object) -> Deal:
    """Return Anna's deal number n: a step due after DAY and a recent contact unless changed."""
    base: dict[str, object] = {
        "next_step": "call back",
        "next_step_due": date(2026, 11, 30),
        "last_contact": date(2026, 11, 25),
    }
    base.update(fields)
    return Deal(None, ANNA, date(2026, 9, 1), stage, id=n, **base)  # type: ignore[arg-type]


def settings(*required: str) -> Settings:
    """Return the default settings, with other required client fields when given."""
    found = default_settings()
    return replace(found, required_fields=required) if required else found


def base() -> tuple[list[Client], list[Deal]]:
    """Anna's clients and deals in every state, and one of Boris's sharing Epsilon's e-mail."""
    clients = [
        client(1, "Alpha"),  # nothing wrong
        client(2, "Beta", phone="", email="", comment="ok"),  # no contacts, short comment
        client(3, "Gamma", contact=""),  # missing the contact person
        client(4, "Delta", comment=""),  # empty comment
        client(5, "Epsilon", email="shared@x.ru"),  # Boris's Zeta has this e-mail
        client(6, "Zeta", BORIS, email="SHARED@x.ru "),
    ]
    deals = [
        deal(11, next_step_due=date(2026, 11, 12)),  # overdue since 12.11
        deal(12, next_step="", next_step_due=None),  # no step
        deal(13, last_contact=date(2026, 11, 12)),  # meeting: stale after 7 days, 14 without
        deal(14, "invoice", expected_payment=date(2026, 11, 1)),  # hot, payment expected 01.11
        deal(15),  # nothing wrong
        deal(16, "won", closed=date(2026, 11, 1), next_step_due=date(2026, 10, 1)),  # closed
    ]
    return clients, deals


def test_flagged_lists_each_problem_most_urgent_first() -> None:
    """Deals first (hot past its date, overdue, no step, stale), then clients by their
    first problem; the complete client and the healthy and closed deals are not listed."""
    clients, deals = base()
    anna = [c for c in clients if c.owner == ANNA]
    found = flagged(anna, deals, settings(), DAY, Twins(clients))
    assert [f.key for f in found] == [
        "deal:14",
        "deal:11",
        "deal:12",
        "deal:13",
        "client:2",
        "client:5",
        "client:3",
        "client:4",
    ]
    problems = {f.key: f.problems for f in found}
    assert problems["deal:14"] == (Problem("hot_past_expected", day=date(2026, 11, 1)),)
    assert problems["deal:11"] == (Problem("overdue_step", day=date(2026, 11, 12)),)
    assert problems["deal:12"] == (Problem("no_step"),)
    assert problems["deal:13"] == (Problem("stale", day=date(2026, 11, 12), days=14),)
    # No phone and no e-mail is one problem: the two are not listed as missing besides.
    assert problems["client:2"] == (Problem("no_contacts"), Problem("short_comment"))
    assert problems["client:5"] == (Problem("duplicate", ("email",), other=6, count=1),)
    assert problems["client:3"] == (Problem("missing", ("contact",)),)
    assert problems["client:4"] == (Problem("short_comment"),)


def test_flagged_records_are_the_ones_behind_the_audit_figures() -> None:
    clients, deals = base()
    anna = [c for c in clients if c.owner == ANNA]
    found = audit(anna, deals, settings(), DAY, duplicates(clients))
    keys = {f.key for f in flagged(anna, deals, settings(), DAY, Twins(clients))}
    behind = {
        *(f"client:{i}" for i in (*found.no_contacts, *found.empty_comments, *found.duplicates)),
        *(f"deal:{i}" for i in (*found.overdue_steps, *found.stale_deals)),
        *(f"deal:{i}" for i in found.hot_past_expected),
    }
    # Gamma only lacks a required field: completeness counts it, no other figure does.
    assert keys == behind | {"client:3"}


def test_required_fields_decide_what_is_missing() -> None:
    """With the source required, every client lacking one is listed, source last to ask."""
    clients = [client(1, "Alpha", source="fair"), client(2, "Beta", contact="")]
    found = flagged(clients, [], settings("contact", "source"), DAY, Twins(clients))
    assert [(f.key, f.problems) for f in found] == [
        ("client:2", (Problem("missing", ("contact", "source")),))
    ]
    assert fix_field(found[0]) == "contact"


def test_fix_field_asks_for_how_to_reach_them_first() -> None:
    clients, deals = base()
    anna = [c for c in clients if c.owner == ANNA]
    found = {f.key: f for f in flagged(anna, deals, settings(), DAY, Twins(clients))}
    assert fix_field(found["client:2"]) == "phone"
    assert fix_field(found["client:3"]) == "contact"
    assert fix_field(found["client:4"]) == "comment"
    assert fix_field(found["client:5"]) == "email"
    assert fix_field(found["deal:11"]) == fix_field(found["deal:12"]) == "next_step"
    assert fix_field(found["deal:13"]) == "last_contact"
    assert fix_field(found["deal:14"]) == "expected_payment"


def test_twins_follow_a_fixed_client_as_duplicates_would() -> None:
    """A changed e-mail leaves the pair; a phone typed like another's makes a new one."""
    clients, _ = base()
    twins = Twins(clients)
    assert twins.ids() == duplicates(clients) == {5, 6}
    fixed = replace(clients[4], email="epsilon@x.ru", phone="8 (900) 000-00-01")
    twins.put(fixed)
    after = [fixed if c.id == 5 else c for c in clients]
    assert twins.ids() == duplicates(after) == {1, 5}
    assert twins.shared(5) == ("phone", 1, 1) and twins.shared(6) is None
    # Three sharing one e-mail: each names the lowest other id and counts two others.
    trio = [client(n, f"Firm {n}", email="one@x.ru") for n in (7, 8, 9)]
    assert Twins(trio).shared(8) == ("email", 7, 2)


def test_audits_count_the_same_from_the_shared_keys_given() -> None:
    """The figures the read-ahead counts with the Shared keys it keeps are those counted
    from the clients alone."""
    clients, deals = base()
    shared = shared_keys(clients)
    assert shared.groups == {"eshared@x.ru": (5, 6)}
    assert audits(clients, deals, settings(), DAY, [ANNA, BORIS], shared) == audits(
        clients, deals, settings(), DAY, [ANNA, BORIS]
    )


def test_shared_keys_fingerprint_the_keys_one_client_holds() -> None:
    """A lone key's hash is kept (may_hold), a key nobody holds is not; shared keys are in
    the groups, each id once even when a client repeats."""
    clients, _ = base()
    shared = shared_keys([*clients, clients[5]])
    assert shared.groups == {"eshared@x.ru": (5, 6)}
    assert shared.may_hold("p9000000001") and shared.may_hold("nalpha")
    assert not shared.may_hold("p9000000099") and not shared.may_hold("eshared@x.ru")
    assert shared.ids() == duplicates(clients) == {5, 6}


def test_twins_over_one_employee_know_the_whole_base() -> None:
    """Audit mode indexes Anna's clients and the base's Shared keys: the duplicates and who
    shares are those of the whole base; a fix taking a key one other client holds finds
    them in the base (lookup), and a key nobody holds is not looked up."""
    clients, _ = base()
    boris = client(7, "Eta", BORIS, phone="+7 900 000-00-77")
    every = [*clients, boris]
    asked: list[str] = []

    def lookup(key: str) -> list[int]:
        asked.append(key)
        return [c.id for c in every if key in twin_keys(c)]

    anna = [c for c in every if c.owner == ANNA]
    twins = Twins(anna, shared_keys(every), lookup)
    whole = Twins(every)
    assert twins.ids() == whole.ids() == {5, 6}
    assert all(twins.shared(c.id) == whole.shared(c.id) for c in anna)
    # Alpha takes Eta's phone: found in the base, the pair named.
    taken = replace(anna[0], phone="8 (900) 000-00-77")
    twins.put(taken)
    every[0] = taken
    assert asked == ["p9000000077"]
    assert twins.ids() == {1, 5, 6, 7} and twins.shared(1) == ("phone", 7, 1)
    # A comment fixed keeps the keys: nothing looked up; a new phone nobody has: nor that.
    twins.put(replace(taken, comment=LONG + "."))
    fresh = replace(taken, phone="+7 999 123-45-67")
    twins.put(fresh)
    every[0] = fresh
    assert asked == ["p9000000077"]
    assert twins.ids() == {5, 6} and twins.shared(1) is None
    # Epsilon leaves Zeta's e-mail: the pair is gone.
    twins.put(replace(anna[4], email="epsilon@x.ru"))
    assert twins.ids() == set() and twins.shared(5) is None


def review(day: str, employee: int, *ratings: int) -> BaseReview:
    """Return a review of an employee on a day, with the five ratings in BASE_POINTS order."""
    points = dict(zip(BASE_POINTS, ratings, strict=True))
    return BaseReview(date.fromisoformat(day), employee, ratings=points)


def test_trend_compares_each_average_with_the_one_before() -> None:
    reviews = [
        review("2026-11-19", ANNA, 4, 4, 5, 4, 4),  # 4.2
        review("2026-11-05", ANNA, 3, 3, 3, 3, 3),  # 3.0, the first
        review("2026-11-12", ANNA, 3, 4, 3, 3, 3),  # 3.2
        review("2026-11-26", ANNA, 5, 4, 4, 4, 4),  # 4.2 again
    ]
    found = trend(reviews)
    assert [r.review.date.day for r in found] == [5, 12, 19, 26]
    assert [r.average for r in found] == [3.0, 3.2, 4.2, 4.2]
    assert [r.change for r in found] == [None, "up", "up", "same"]
    assert trend([*reviews, review("2026-11-27", ANNA, 1, 1, 1, 1, 1)])[-1].change == "down"
    assert average(BaseReview(DAY, ANNA)) is None


def test_review_queue_puts_never_then_longest_ago_first() -> None:
    """Due at 7 days: never reviewed first, then 9 days, 7 days; then 6 and 0 days."""
    reviews = [
        review("2026-11-17", 2, 3, 3, 3, 3, 3),  # 9 days
        review("2026-11-20", 3, 4, 4, 4, 4, 4),  # 6 days
        review("2026-11-19", 4, 4, 4, 4, 4, 4),  # 7 days
        review("2026-11-26", 5, 5, 5, 5, 5, 5),  # today
        review("2026-11-10", 5, 2, 2, 2, 2, 2),
        review("2026-11-27", 1, 5, 5, 5, 5, 5),  # after the day: not counted
    ]
    queue = review_queue([1, 2, 3, 4, 5, 6], reviews, DAY)
    assert [(d.employee_id, d.days, d.due) for d in queue] == [
        (1, None, True),
        (6, None, True),
        (2, 9, True),
        (4, 7, True),
        (3, 6, False),
        (5, 0, False),
    ]
    five = queue[-1]
    assert five.last is not None and five.last.average == 5.0 and five.last.change == "up"
    assert len(five.history) == 2 and queue[0].last is None


def test_stored_figures_add_the_minutes_to_the_snapshot() -> None:
    clients, deals = base()
    anna = [c for c in clients if c.owner == ANNA]
    figures = stored_figures(audit(anna, deals, settings(), DAY, duplicates(clients)), 23.456)
    assert figures["minutes"] == 23.5
    assert figures["clients"] == 5 and figures["no_contacts"] == 1
    # 5 clients × 4 required fields; empty: Beta's phone and e-mail, Gamma's contact and
    # Delta's comment (Beta's "ok" is short, not empty).
    assert figures["completeness"] == 16 / 20


def test_deals_of_one_problem_longest_overdue_first() -> None:
    """Among hot deals past their date the oldest date leads; a deal never contacted comes
    before the stale ones that were."""
    deals = [
        deal(21, "invoice", expected_payment=date(2026, 11, 20)),
        deal(22, "invoice", expected_payment=date(2026, 10, 5)),
        deal(23, last_contact=date(2026, 11, 1)),
        deal(24, last_contact=None),
    ]
    found = flagged([], deals, settings(), DAY, Twins([]))
    assert [f.key for f in found] == ["deal:22", "deal:21", "deal:24", "deal:23"]
    assert found[2].problems == (Problem("stale", days=(DAY - date(2026, 9, 1)).days),)
