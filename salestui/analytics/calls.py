"""Call listening (routine 7): the call-review score, each employee's summary, and who to
listen to first today.

Pure functions over CallReview records and the settings' checklist; the day they count to is
a parameter. DESIGN §4: CQR = Σ wᵢ·sᵢ / Σ wᵢ·maxᵢ × 100, N/A items drop out of both sums.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from statistics import fmean, median
from typing import Final

from salestui.models import NA, CallReview, ChecklistItem

# The lesson's daily listening: 10–15 minutes.
LISTEN_MINUTES: Final = (10, 15)
# A call's length when no reviewed call of the employee or the team has one.
CALL_MINUTES: Final = 5.0
# The recent score that orders the queue: the reviews of this many days back.
RECENT_DAYS: Final = 28
# Who was heard last is looked for this far back (the Calls screen and Today read this).
LOOKBACK_DAYS: Final = 365


def cqr(answers: Mapping[str, int | str], checklist: Sequence[ChecklistItem]) -> float | None:
    """Return the call-review score, 0–100: Σ wᵢ·sᵢ / Σ wᵢ·maxᵢ × 100 over the checklist's
    items. An item marked N/A, or without an answer (added to the checklist after the
    review), leaves both sums; an answer for an item no longer listed is not counted.
    None when nothing is left to score."""
    got = possible = 0
    for item in checklist:
        score = answers.get(item.code)
        if score is None or score == NA or isinstance(score, str):
            continue
        got += item.weight * min(max(score, 0), item.max_score)
        possible += item.weight * item.max_score
    return got * 100 / possible if possible else None


def failed_items(answers: Mapping[str, int | str], checklist: Sequence[ChecklistItem]) -> list[str]:
    """Return the codes of the items a review failed: scored below half their maximum (0 on
    the default 0–2 scale). N/A is not a failure."""
    return [
        item.code
        for item in checklist
        if isinstance(answers.get(item.code), int) and 2 * int(answers[item.code]) < item.max_score
    ]


@dataclass(frozen=True, slots=True)
class CallSummary:
    """One employee's (or the team's) reviewed calls in a period."""

    reviews: int
    avg_score: float | None  # the mean CQR of the reviews that have one
    last_review: date | None
    failed: dict[str, int]  # item code -> reviews that failed it, most often first
    weakest_item: str | None  # the item failed most often; None when none failed


def summarize(reviews: Iterable[CallReview], checklist: Sequence[ChecklistItem]) -> CallSummary:
    """Summarize reviews: count, mean CQR, the last review's day, the items failed and the
    one failed most often (ties: the heavier item, then the checklist's order)."""
    found = list(reviews)
    scores = [s for r in found if (s := cqr(r.answers, checklist)) is not None]
    failed = Counter(code for r in found for code in failed_items(r.answers, checklist))
    order = {item.code: n for n, item in enumerate(checklist)}
    weight = {item.code: item.weight for item in checklist}
    ranked = sorted(failed, key=lambda code: (-failed[code], -weight[code], order[code]))
    return CallSummary(
        reviews=len(found),
        avg_score=fmean(scores) if scores else None,
        last_review=max((r.date for r in found), default=None),
        failed={code: failed[code] for code in ranked},
        weakest_item=ranked[0] if ranked else None,
    )


def summaries(
    reviews: Iterable[CallReview],
    checklist: Sequence[ChecklistItem],
    employees: Iterable[int],
) -> tuple[dict[int, CallSummary], CallSummary]:
    """Return each listed employee's summary (empty for one without reviews) and the team's
    (the listed employees' reviews together)."""
    wanted = list(employees)
    by: dict[int, list[CallReview]] = defaultdict(list)
    for review in reviews:
        by[review.employee_id].append(review)
    per = {i: summarize(by.get(i, []), checklist) for i in wanted}
    team = summarize((r for i in wanted for r in by.get(i, [])), checklist)
    return per, team


def weekly_scores(
    reviews: Iterable[CallReview],
    checklist: Sequence[ChecklistItem],
    as_of: date,
    weeks: int,
) -> list[tuple[date, float | None, int]]:
    """Return the trend: for each of the last `weeks` weeks up to as_of's (Monday first, the
    oldest first), its Monday, the mean CQR of its reviews (None without any) and their count."""
    this_monday = as_of - timedelta(days=as_of.weekday())
    mondays = [this_monday - timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]
    scores: dict[date, list[float]] = defaultdict(list)
    counts: Counter[date] = Counter()
    for review in reviews:
        if review.date > as_of:
            continue
        monday = review.date - timedelta(days=review.date.weekday())
        counts[monday] += 1
        score = cqr(review.answers, checklist)
        if score is not None:
            scores[monday].append(score)
    return [(m, fmean(scores[m]) if scores[m] else None, counts[m]) for m in mondays]


@dataclass(frozen=True, slots=True)
class Listen:
    """One employee in today's listening queue."""

    employee_id: int
    last_review: date | None  # None: never reviewed
    recent_score: float | None  # mean CQR of the last RECENT_DAYS days' reviews
    minutes: float  # the expected length of one of their calls


def listening_queue(
    reviews: Iterable[CallReview],
    checklist: Sequence[ChecklistItem],
    employees: Sequence[int],
    as_of: date,
    minutes: tuple[int, int] = LISTEN_MINUTES,
) -> list[Listen]:
    """Return whom to listen to today, in order, sized to the lesson's 10–15 minutes.

    Order: never reviewed first, then the least recently reviewed; on the same day, the lowest
    recent score first (none counts as lowest), then the employees' order. A call's expected
    length is the median of the employee's reviewed calls with a duration, else the team's,
    else CALL_MINUTES. Employees are taken in order while the total stays within the upper
    bound, until it reaches the lower one; the first is always taken.
    """
    mine: dict[int, list[CallReview]] = defaultdict(list)
    for review in reviews:
        if review.date <= as_of:
            mine[review.employee_id].append(review)
    lengths = [r.duration_s / 60 for rs in mine.values() for r in rs if r.duration_s > 0]
    team_minutes = median(lengths) if lengths else CALL_MINUTES
    since = as_of - timedelta(days=RECENT_DAYS)
    rows = []
    for employee in employees:
        done = mine.get(employee, [])
        recent = [
            s for r in done if r.date > since and (s := cqr(r.answers, checklist)) is not None
        ]
        own = [r.duration_s / 60 for r in done if r.duration_s > 0]
        rows.append(
            Listen(
                employee,
                max((r.date for r in done), default=None),
                fmean(recent) if recent else None,
                median(own) if own else team_minutes,
            )
        )
    place = {e: n for n, e in enumerate(employees)}
    rows.sort(
        key=lambda x: (
            x.last_review or date.min,
            -1.0 if x.recent_score is None else x.recent_score,
            place[x.employee_id],
        )
    )
    low, high = minutes
    queue: list[Listen] = []
    total = 0.0
    for row in rows:
        if total >= low:
            break
        if queue and total + row.minutes > high:
            continue
        queue.append(row)
        total += row.minutes
    return queue


# -- the Calls screen ------------------------------------------------------------------------

# The failed items and the weakest item on the Calls screen look back this far: a quarter
# shows a habit, where a month holds too few calls.
FAILED_DAYS: Final = 84
# A mean score below this is marked on the Calls screen.
LOW_SCORE: Final = 60.0
# A typed call length above this is a typing slip (seconds).
MAX_CALL_S: Final = 4 * 3600


@dataclass(frozen=True, slots=True)
class EmployeeCalls:
    """One employee's call listening as the Calls screen shows it."""

    recent: CallSummary  # the last RECENT_DAYS days: count, mean score, last heard
    quarter: CallSummary  # the last FAILED_DAYS days: the items failed most often
    weeks: list[tuple[date, float | None, int]]  # weekly_scores, the oldest week first
    change: float | None  # trend_change of the weeks
    last: CallReview | None  # the latest review among those given, with its notes


def by_employee(
    reviews: Iterable[CallReview],
    checklist: Sequence[ChecklistItem],
    employees: Iterable[int],
    as_of: date,
    weeks: int,
) -> dict[int, EmployeeCalls]:
    """Return each listed employee's summaries, weekly trend and latest review up to as_of.

    recent: the reviews of the last RECENT_DAYS days (as_of included); quarter: of the last
    FAILED_DAYS days; last: the latest review of those given (the latest id on one day)."""
    mine: dict[int, list[CallReview]] = defaultdict(list)
    for review in reviews:
        if review.date <= as_of:
            mine[review.employee_id].append(review)
    recent_from = as_of - timedelta(days=RECENT_DAYS - 1)
    quarter_from = as_of - timedelta(days=FAILED_DAYS - 1)
    # The first Monday of the trend: older reviews are not scored for it (a year of them
    # took most of the time).
    trend_from = as_of - timedelta(days=as_of.weekday(), weeks=weeks - 1)
    result = {}
    for employee in employees:
        done = mine.get(employee, [])
        quarter = [r for r in done if r.date >= quarter_from]
        shown = quarter if trend_from >= quarter_from else done
        trend = weekly_scores([r for r in shown if r.date >= trend_from], checklist, as_of, weeks)
        result[employee] = EmployeeCalls(
            recent=summarize((r for r in quarter if r.date >= recent_from), checklist),
            quarter=summarize(quarter, checklist),
            weeks=trend,
            change=trend_change(trend),
            last=max(done, key=lambda r: (r.date, r.id), default=None),
        )
    return result


def trend_change(weeks: Sequence[tuple[date, float | None, int]]) -> float | None:
    """Return the latest week's mean score minus the week's before it, each the nearest
    week with a score (weeks oldest first, as weekly_scores gives them); None without two
    weeks with a score."""
    scored = [score for _, score, _ in weeks if score is not None]
    return scored[-1] - scored[-2] if len(scored) >= 2 else None


def minutes_heard(reviews: Iterable[CallReview], day: date) -> tuple[int, float]:
    """Return how many calls were reviewed on a day and their minutes (CALL_MINUTES for a
    call whose length was not written down)."""
    lengths = [
        r.duration_s / 60 if r.duration_s > 0 else CALL_MINUTES for r in reviews if r.date == day
    ]
    return len(lengths), sum(lengths)


def minutes_left(heard: float, minutes: tuple[int, int] = LISTEN_MINUTES) -> tuple[int, int]:
    """Return what is left of the day's lesson once `heard` minutes were listened to: both
    bounds less what was heard, rounded to whole minutes and never below 0 (0, 0 once
    the upper bound is reached; the queue is empty once the lower one is)."""
    low, high = minutes
    return max(0, round(low - heard)), max(0, round(high - heard))


def parse_duration(text: str) -> int | None:
    """Return a call's length in seconds from "m:ss", "h:mm:ss" or minutes ("4", "4.5",
    "4,5"); 0 for an empty text; None when the text is not a length (seconds or minutes
    past 59 after a colon, a sign, letters) or is longer than MAX_CALL_S."""
    cleaned = "".join(text.split())
    if not cleaned:
        return 0
    if ":" in cleaned:
        parts = cleaned.split(":")
        if len(parts) > 3 or not all(p.isascii() and p.isdigit() for p in parts):
            return None
        numbers = [int(p) for p in parts]
        if any(n > 59 for n in numbers[1:]) or any(len(p) != 2 for p in parts[1:]):
            return None
        seconds = 0
        for number in numbers:
            seconds = seconds * 60 + number
    else:
        number_text = cleaned.replace(",", ".")
        if not all(c.isascii() and (c.isdigit() or c == ".") for c in number_text):
            return None
        if number_text.count(".") > 1 or not any(c.isdigit() for c in number_text):
            return None
        seconds = round(float(number_text) * 60)
    return seconds if seconds <= MAX_CALL_S else None


@dataclass(frozen=True, slots=True)
class TodaysListening:
    """The day's listening: the calls heard, their minutes, and whom to hear next."""

    heard: int
    minutes: float
    queue: list[Listen]


def todays_listening(
    reviews: Sequence[CallReview],
    checklist: Sequence[ChecklistItem],
    employees: Sequence[int],
    as_of: date,
) -> TodaysListening:
    """Return the calls heard on as_of and the queue for what is left of the lesson's 10–15
    minutes (empty once the lower bound is heard): what the Calls screen and Today show."""
    count, minutes = minutes_heard(reviews, as_of)
    low, high = minutes_left(minutes)
    queue = listening_queue(reviews, checklist, employees, as_of, (low, high)) if low > 0 else []
    return TodaysListening(count, minutes, queue)
