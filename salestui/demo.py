"""A seeded, believable demo database: a team with distinct profiles and a year of numbers."""

from __future__ import annotations

import math
import random
import shutil
from collections import defaultdict, deque
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any, Final

from salestui.analytics.calendar import previous_working_day, working_days_between
from salestui.demo_quality import base_reviews, dress_clients, rollcalls, routine_log
from salestui.demo_sales import build_plans, build_sales
from salestui.i18n import tr
from salestui.models import (
    NA,
    CallReview,
    DailyMetrics,
    Employee,
    Plan,
    RoutineDone,
    Settings,
)
from salestui.resources import load_json
from salestui.store import (
    Database,
    NotADatabaseError,
    check_marker,
    default_settings,
)
from salestui.store.codec import to_doc
from salestui.store.folder import alone

# Daily conversion of each funnel step into the next for an average office employee;
# a funnel longer than the default continues at 50 %.
STEP_RATES = (0.28, 0.30, 0.55, 0.65, 0.75)
OFFICE_CALLS = 60.0
FIELD_CALLS = 18.0
ABSENCE_RATE = 0.03


@dataclass(frozen=True, slots=True)
class Profile:
    """How an employee works: activity and conversion relative to the average."""

    kind: str
    role: str
    activity: float
    conversion: float
    ramp_days: int = 0  # a newcomer reaches full form over this many days


def profiles(rng: random.Random, count: int) -> list[Profile]:
    """Return distinct profiles: a star, a slacker, a newcomer, a field rep, then steady ones."""
    fixed = [
        Profile("star", "office", 1.15, 1.45),
        Profile("slacker", "office", 0.55, 0.75),
        Profile("newcomer", "office", 0.9, 0.9, ramp_days=75),
        Profile("field", "field", 1.0, 1.1),
    ]
    result = fixed[:count]
    while len(result) < count:
        role = "field" if len(result) % 5 == 3 else "office"
        result.append(Profile("steady", role, rng.uniform(0.8, 1.15), rng.uniform(0.8, 1.2)))
    return result


def _names(rng: random.Random, count: int, lang: str) -> list[str]:
    pool = load_json(f"names_{lang}.json")
    seen: set[str] = set()
    while len(seen) < count:
        for _ in range(50):  # draw again rather than number a namesake, while names remain
            gender = rng.choice(("male", "female"))
            first = rng.choice(pool[f"{gender}_first"])
            last = rng.choice(pool[f"{gender}_last"])
            # Russian lists put the surname first ("Иванов Алексей"); English the given name.
            name = f"{last} {first}" if lang == "ru" else f"{first} {last}"
            if name not in seen:
                break
        base, suffix = name, 2
        while name in seen:  # a team bigger than the name lists: number the namesakes
            name, suffix = f"{base} {suffix}", suffix + 1
        seen.add(name)
    names = sorted(seen)
    rng.shuffle(names)
    return names


def _binomial(rng: random.Random, n: int, p: float) -> int:
    """Draw a binomial count (normal approximation for large n keeps generation fast)."""
    if n <= 0 or p <= 0:
        return 0
    if n < 30:
        return sum(rng.random() < p for _ in range(n))
    mean, sd = n * p, math.sqrt(n * p * (1 - p))
    return min(n, max(0, round(rng.gauss(mean, sd))))


def _day_counts(
    rng: random.Random,
    profile: Profile,
    codes: Sequence[str],
    *,
    form: float,
    lagged: int,
    weekday: int,
) -> dict[str, int]:
    """One employee-day of funnel counts; payments follow invoices of a few days before."""
    weekday_factor = (0.95, 1.0, 1.05, 1.0, 0.85, 0.6, 0.5)[weekday]
    base = FIELD_CALLS if profile.role == "field" else OFFICE_CALLS
    top = max(0, round(base * profile.activity * form * weekday_factor * rng.gauss(1, 0.18)))
    counts = {codes[0]: top}
    previous = top
    for step, code in enumerate(codes[1:]):
        rate = STEP_RATES[step] if step < len(STEP_RATES) else 0.5
        if profile.role == "field" and step == 1:
            rate *= 2.2  # field reps talk face to face: a conversation is often a meeting
        rate = min(0.95, rate * profile.conversion * (0.6 + 0.4 * form))
        source = lagged if step == len(codes) - 2 and len(codes) > 2 else previous
        previous = _binomial(rng, source, rate)
        counts[code] = previous
    return counts


def _history(
    rng: random.Random,
    profile: Profile,
    codes: Sequence[str],
    days: Sequence[date],
    hired: date | None,
    left: date | None,
) -> Iterator[tuple[date, dict[str, int]]]:
    """Yield one employee's counts for each working day they were employed and present."""
    ramp = profile.ramp_days
    invoices: deque[int] = deque([0, 0, 0], maxlen=3)
    for day in days:
        if (hired is not None and day < hired) or (left is not None and day > left):
            continue
        if rng.random() < ABSENCE_RATE:
            continue
        since = (day - hired).days if hired is not None else ramp
        form = min(1.0, 0.35 + 0.65 * since / ramp) if ramp else 1.0
        counts = _day_counts(
            rng, profile, codes, form=form, lagged=invoices[0], weekday=day.weekday()
        )
        if len(codes) > 2:
            invoices.append(counts[codes[-2]])
        yield day, counts


def build(
    db: Database,
    *,
    seed: int,
    employees: int,
    months: int,
    today: date,
    lang: str,
    settings: Settings | None = None,
    sales: bool = True,
) -> None:
    """Fill an empty database with a team, its numbers, the routine log and (with sales) the
    clients, deals, invoices, payments and plans behind the numbers."""
    rng = random.Random(seed)
    settings = settings or default_settings()
    codes = settings.metric_codes()
    start = today - timedelta(days=round(months * 30.44))
    last_day = previous_working_day(today, settings.working_days)
    days = working_days_between(start, last_day, settings.working_days)
    names = _names(rng, employees + 1, lang)
    team = list(zip(names, profiles(rng, employees), strict=False))
    staff: dict[int, Employee] = {}
    metrics: dict[int, dict[str, object]] = {}
    # What each employee entered, day by day: the sales records follow these numbers.
    history: dict[int, list[tuple[date, dict[str, int]]]] = {}
    kinds: dict[int, str] = {}
    # Those who have not sent yesterday's numbers yet: the morning's first alert.
    late = set(rng.sample(range(employees), k=max(1, employees // 4)))
    # One who sent only the first two numbers yesterday: a partial report to chase.
    partial = next((i for i in range(employees) if i not in late), None) if employees > 1 else None
    for index, (name, profile) in enumerate(team):
        ramp = profile.ramp_days
        hired = (
            today - timedelta(days=ramp * 3 // 4)
            if ramp
            else start - timedelta(days=rng.randint(60, 900))
        )
        employee = Employee(name, profile.role, hired, id=db.new_id())
        staff[employee.id] = employee
        kinds[employee.id] = profile.kind
        history[employee.id] = []
        for day, counts in _history(rng, profile, codes, days, hired, None):
            if day == last_day and index in late:
                continue
            if day == last_day and index == partial:
                counts = {code: counts[code] for code in codes[:2]}
            record = DailyMetrics(employee.id, day, counts, db.new_id())
            metrics[record.id] = to_doc(record)
            history[employee.id].append((day, counts))
    # A former employee whose numbers stay in history: past days show them, today does not.
    left = days[len(days) * 3 // 5] if len(days) > 5 else None
    if left is not None:
        former = Employee(names[-1], "office", start - timedelta(days=200), left, id=db.new_id())
        staff[former.id] = former
        kinds[former.id] = "steady"
        history[former.id] = []
        profile = Profile("steady", "office", 0.9, 0.95)
        for day, counts in _history(rng, profile, codes, days, former.hired, left):
            record = DailyMetrics(former.id, day, counts, db.new_id())
            metrics[record.id] = to_doc(record)
            history[former.id].append((day, counts))
    log = {}
    for offset, day in enumerate(reversed(days)):
        # The last week is unbroken, so the demo opens with a streak worth keeping.
        if offset < 6 or rng.random() < 0.9:
            at = datetime.combine(day, time(9, rng.randint(5, 55)))
            log[db.new_id()] = to_doc(RoutineDone(day, "metrics", at))
    # The sales records draw from a generator of their own: the numbers above stay the same.
    sales_rng = random.Random(seed * 7919 + 1)
    records: dict[str, dict[int, Any]] = {}
    plans: dict[int, Plan] = {}
    for offset, day in enumerate(reversed(days)):
        if offset < 6 or sales_rng.random() < 0.85:
            for minute, routine in enumerate(("hot", "finance")):
                at = datetime.combine(day, time(10, 10 * minute + sales_rng.randint(0, 9)))
                log[db.new_id()] = to_doc(RoutineDone(day, routine, at))
    if sales:
        records, plans = _sales(db, sales_rng, staff, kinds, history, settings, today, lang, days)
    if lang == "en":
        settings = replace(settings, currency="USD")  # the English demo's deals are in dollars
    db.bulk_insert("settings", {db.new_id(): to_doc(settings)})
    db.bulk_insert("employees", {i: to_doc(e) for i, e in staff.items()})
    db.bulk_insert("metrics", metrics)
    db.bulk_insert("routine_log", log)
    # The gaps an audit finds, from a generator of its own: the records keep their ids.
    quality_rng = random.Random(seed * 15485863 + 5)
    words = load_json("demo_sales.json")[lang]
    if "clients" in records:
        records["clients"] = dress_clients(quality_rng, records["clients"], kinds, words)
    for table, found in records.items():
        db.bulk_insert(table, {i: to_doc(r) for i, r in found.items()})
    db.bulk_insert("plans", {i: to_doc(p) for i, p in plans.items()})
    # Last, from a generator of their own: every record above keeps its numbers and ids.
    reviews = _call_reviews(
        random.Random(seed * 104729 + 3),
        db.new_id,
        staff,
        kinds,
        records.get("deals", {}),
        settings,
        today,
        lang,
        days,
    )
    db.bulk_insert("call_reviews", {i: to_doc(r) for i, r in reviews.items()})
    bases = base_reviews(
        quality_rng, db.new_id, staff, kinds, records.get("clients", {}), settings, today, words
    )
    db.bulk_insert("base_reviews", {i: to_doc(r) for i, r in bases.items()})
    worked = {i: {day for day, _ in rows} for i, rows in history.items()}
    answers = rollcalls(quality_rng, db.new_id, staff, worked, days, today, words)
    db.bulk_insert("rollcall", {i: to_doc(r) for i, r in answers.items()})
    later = routine_log(quality_rng, db.new_id, days)
    db.bulk_insert("routine_log", {i: to_doc(r) for i, r in later.items()})
    db.checkpoint()


# How each kind of employee scores on a checklist item: the chances of 0, 1 and 2 (of 2).
SKILL: Final = {
    "star": (0.03, 0.17, 0.8),
    "slacker": (0.35, 0.45, 0.2),
    "newcomer": (0.25, 0.5, 0.25),
}
STEADY: Final = (0.1, 0.4, 0.5)


def _call_reviews(
    rng: random.Random,
    new_id: Callable[[], int],
    staff: dict[int, Employee],
    kinds: dict[int, str],
    deals: Mapping[int, Any],
    settings: Settings,
    today: date,
    lang: str,
    days: Sequence[date],
) -> dict[int, CallReview]:
    """Return the calls the head of sales listened to over the last six months: a few a
    week per employee, scored on the checklist by how they work (some items N/A), with
    notes, actions and often the deal; one employee not heard for two weeks (first in
    today's queue)."""
    words = load_json("demo_sales.json")[lang]
    since = today - timedelta(days=182)
    active = [e for e in staff.values() if e.left is None]
    unheard = active[-1].id if len(active) > 1 else None
    by_owner: dict[int, list[Any]] = defaultdict(list)
    for deal in deals.values():
        by_owner[deal.owner].append(deal)
    out: dict[int, CallReview] = {}
    for day in days:
        if day < since:
            continue
        for employee in staff.values():
            hired, left = employee.hired or date.min, employee.left or date.max
            if not hired <= day <= left:
                continue
            if employee.id == unheard and day > today - timedelta(days=15):
                continue
            if rng.random() > 0.3:  # about three calls a fortnight each
                continue
            chances = SKILL.get(kinds.get(employee.id, "steady"), STEADY)
            answers: dict[str, int | str] = {}
            for item in settings.call_checklist:
                if not item.mandatory and rng.random() < 0.12:
                    answers[item.code] = NA
                    continue
                drawn = rng.choices((0, 1, 2), weights=chances)[0]
                answers[item.code] = round(drawn * item.max_score / 2)
            mine = [d for d in by_owner.get(employee.id, []) if d.created <= day]
            deal = rng.choice(mine).id if mine and rng.random() < 0.6 else None
            weak = any(v == 0 for v in answers.values())
            review = CallReview(
                day,
                employee.id,
                answers,
                deal_id=deal,
                duration_s=rng.randint(90, 720),
                notes=rng.choice(words["call_notes"]) if rng.random() < 0.7 else "",
                action=rng.choice(words["call_actions"]) if weak and rng.random() < 0.6 else "",
                id=new_id(),
            )
            out[review.id] = review
    return out


def _sales(
    db: Database,
    rng: random.Random,
    staff: dict[int, Employee],
    kinds: dict[int, str],
    history: dict[int, list[tuple[date, dict[str, int]]]],
    settings: Settings,
    today: date,
    lang: str,
    days: Sequence[date],
) -> tuple[dict[str, dict[int, Any]], dict[int, Plan]]:
    """Return the sales records and the monthly plans that follow the team's numbers."""
    sales = build_sales(
        rng,
        db.new_id,
        staff=staff,
        kinds=kinds,
        history=history,
        stages=settings.stage_codes(),
        today=today,
        lang=lang,
        working=settings.working_days,
        early_from=today - timedelta(days=30),
    )
    owner = {i: inv.employee_id for i, inv in sales["invoices"].items()}
    plan_months = sorted({d.replace(day=1) for d in days} | {today.replace(day=1)})
    codes = settings.metric_codes()
    plans = build_plans(
        db.new_id, history, sales["payments"], owner, codes, plan_months, settings.working_days
    )
    return sales, plans


def demo_ids() -> int:
    """Demo ids count up from 1 so a seed always gives the same files."""
    return 0


def create_demo(
    path: Path,
    *,
    seed: int,
    employees: int,
    months: int,
    today: date,
    lang: str,
    force: bool,
) -> bool:
    """Build a demo database at path; return False if one exists and force is not set.

    The database is built in a sibling folder and renamed into place, so an interrupted
    run never leaves half a database, and only a salestui database is ever replaced.
    """
    if path.exists():
        if path.is_file():
            raise NotADatabaseError(path, tr("store.is_file"))
        if (path / "meta.json").exists():
            check_marker(path)  # only ever replace a database that is ours
            if not force:
                return False
        elif any(path.iterdir()):
            raise NotADatabaseError(path, tr("store.foreign_dir"))
    path.parent.mkdir(parents=True, exist_ok=True)
    building = path.with_name(f".{path.name}.building")
    shutil.rmtree(building, ignore_errors=True)
    try:
        with Database(building, create=True, clock=demo_ids) as db:
            build(db, seed=seed, employees=employees, months=months, today=today, lang=lang)
        with _holding(path):
            old = path.with_name(f".{path.name}.old")
            shutil.rmtree(old, ignore_errors=True)
            if path.exists():
                path.rename(old)
            building.rename(path)
    finally:
        shutil.rmtree(building, ignore_errors=True)  # a failed build leaves nothing behind
    shutil.rmtree(path.with_name(f".{path.name}.old"), ignore_errors=True)
    return True


@contextmanager
def _holding(path: Path) -> Iterator[None]:
    """Hold a database's writer and checkpoint locks while it is replaced; refuse if in use.

    A salestui still working in the old folder would lose its saves, and its exit checkpoint
    would write old documents into the new one.
    """
    if not (path / "meta.json").exists():
        yield
        return
    with alone(path):
        yield
