"""Call listening's formulas on hand-built reviews, each expected value worked out by hand."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from salestui.analytics.calls import (
    cqr,
    failed_items,
    listening_queue,
    summaries,
    summarize,
    weekly_scores,
)
from salestui.models import NA, CallReview, ChecklistItem

# The default checklist: weights 1, 3, 2, 3, 3; every item scored 0–2.
CHECKLIST = (
    ChecklistItem("greeting", "Greeting", "Приветствие", 1, 2, mandatory=True),
    ChecklistItem("needs", "Needs", "Потребности", 3, 2, mandatory=True),
    ChecklistItem("presentation", "Presentation", "Презентация", 2, 2),
    ChecklistItem("objections", "Objections", "Возражения", 3, 2),
    ChecklistItem("next_step", "Next step", "Следующий шаг", 3, 2, mandatory=True),
)
# Σ w·s = 1·2 + 3·1 + 3·0 + 3·2 = 11 of Σ w·max = (1 + 3 + 3 + 3)·2 = 20 (presentation N/A).
MIXED: dict[str, int | str] = {
    "greeting": 2,
    "needs": 1,
    "presentation": NA,
    "objections": 0,
    "next_step": 2,
}


def review(day: date, employee: int, answers: dict[str, int | str], minutes: int = 0) -> CallReview:
    """Return a review of one call."""
    return CallReview(day, employee, answers, duration_s=minutes * 60)


def test_cqr_leaves_na_out_of_both_sums() -> None:
    assert cqr(MIXED, CHECKLIST) == 55.0
    # The same with presentation scored 2: (11 + 2·2) / (20 + 2·2) = 15 / 24.
    assert cqr({**MIXED, "presentation": 2}, CHECKLIST) == 62.5
    assert cqr({c.code: 2 for c in CHECKLIST}, CHECKLIST) == 100.0
    assert cqr({c.code: 0 for c in CHECKLIST}, CHECKLIST) == 0.0


def test_cqr_of_nothing_to_score_is_none_and_unknown_items_are_ignored() -> None:
    assert cqr({c.code: NA for c in CHECKLIST}, CHECKLIST) is None
    assert cqr({}, CHECKLIST) is None
    # An item removed from the checklist is not counted; one added later leaves the sums.
    assert cqr({"greeting": 1, "gone": 2}, CHECKLIST) == 50.0


def test_an_item_fails_below_half_its_maximum() -> None:
    assert failed_items(MIXED, CHECKLIST) == ["objections"]
    five = (ChecklistItem("tone", "Tone", "Тон", 1, 5),)
    assert [failed_items({"tone": s}, five) for s in range(6)] == [["tone"]] * 3 + [[]] * 3


def test_summary_per_employee_and_team() -> None:
    """Anna: 55 and 100 (mean 77.5), objections failed once; Boris: 0 (every item failed:
    the most often are equal, so the heavier, then the earlier item: needs); Vera: none."""
    reviews = [
        review(date(2026, 11, 2), 1, MIXED),
        review(date(2026, 11, 9), 1, {c.code: 2 for c in CHECKLIST}),
        review(date(2026, 11, 5), 2, {c.code: 0 for c in CHECKLIST}),
        review(date(2026, 11, 6), 9, MIXED),  # not listed: in no summary
    ]
    per, team = summaries(reviews, CHECKLIST, [1, 2, 3])
    assert per[1].reviews == 2 and per[1].avg_score == 77.5
    assert per[1].last_review == date(2026, 11, 9)
    assert per[1].failed == {"objections": 1} and per[1].weakest_item == "objections"
    assert per[2].avg_score == 0.0 and per[2].weakest_item == "needs"
    assert list(per[2].failed) == ["needs", "objections", "next_step", "presentation", "greeting"]
    assert per[3].reviews == 0 and per[3].avg_score is None and per[3].last_review is None
    assert per[3].weakest_item is None
    assert team.reviews == 3 and team.avg_score == (55 + 100 + 0) / 3
    assert team.weakest_item == "objections"  # failed twice (Anna once, Boris once)


def test_summary_of_reviews_all_na_counts_them_without_a_score() -> None:
    found = summarize([review(date(2026, 11, 2), 1, {c.code: NA for c in CHECKLIST})], CHECKLIST)
    assert found.reviews == 1 and found.avg_score is None and found.weakest_item is None


def test_weekly_trend_counts_each_week_to_as_of() -> None:
    """Weeks of Mon 9, 16, 23 Nov to Thursday the 26th: 55 and 100 in the first, nothing in
    the second, 0 in the third; a review after as_of is left out."""
    reviews = [
        review(date(2026, 11, 9), 1, MIXED),
        review(date(2026, 11, 15), 1, {c.code: 2 for c in CHECKLIST}),  # a Sunday
        review(date(2026, 11, 23), 1, {c.code: 0 for c in CHECKLIST}),
        review(date(2026, 11, 27), 1, MIXED),
    ]
    assert weekly_scores(reviews, CHECKLIST, date(2026, 11, 26), 3) == [
        (date(2026, 11, 9), 77.5, 2),
        (date(2026, 11, 16), None, 0),
        (date(2026, 11, 23), 0.0, 1),
    ]


def test_listening_queue_order_and_size() -> None:
    """1 never reviewed (5 min: the team's median of 6 and 4); 2 and 3 last heard on the same
    day, 2 with the lower score first; 4 heard later. 5 + 6 = 11 minutes reaches 10: done."""
    day = date(2026, 11, 20)
    reviews = [
        review(day, 2, MIXED, minutes=6),  # 55
        review(day, 3, {c.code: 2 for c in CHECKLIST}, minutes=4),  # 100
        review(date(2026, 11, 25), 4, {c.code: 0 for c in CHECKLIST}),
    ]
    queue = listening_queue(reviews, CHECKLIST, [4, 3, 2, 1], date(2026, 11, 26))
    assert [(q.employee_id, q.minutes) for q in queue] == [(1, 5.0), (2, 6.0)]
    assert queue[0].last_review is None and queue[0].recent_score is None
    assert queue[1].last_review == day and queue[1].recent_score == 55.0


def test_listening_queue_skips_a_call_that_would_pass_15_minutes() -> None:
    """8 minutes, then 9 would make 17: skipped; 4 more make 12."""
    day = date(2026, 11, 2)
    reviews = [
        review(day, 1, MIXED, minutes=8),
        review(date(2026, 11, 3), 2, MIXED, minutes=9),
        review(date(2026, 11, 4), 3, MIXED, minutes=4),
    ]
    queue = listening_queue(reviews, CHECKLIST, [1, 2, 3], date(2026, 11, 26))
    assert [q.employee_id for q in queue] == [1, 3]
    # A first call longer than the whole budget is still listened to.
    long = [review(day, 1, MIXED, minutes=20)]
    assert [q.employee_id for q in listening_queue(long, CHECKLIST, [1], date(2026, 11, 26))] == [1]
    assert listening_queue([], CHECKLIST, [], date(2026, 11, 26)) == []


scores = st.one_of(st.integers(0, 2), st.just(NA))


@given(st.fixed_dictionaries({c.code: scores for c in CHECKLIST}))
def test_cqr_is_a_percentage_and_na_never_counts_as_zero(answers: dict[str, int | str]) -> None:
    score = cqr(answers, CHECKLIST)
    if all(v == NA for v in answers.values()):
        assert score is None
        return
    assert score is not None and 0 <= score <= 100
    # Turning an N/A into a full score never lowers the score; into a zero never raises it.
    for code, value in answers.items():
        if value == NA:
            full, zero = cqr({**answers, code: 2}, CHECKLIST), cqr({**answers, code: 0}, CHECKLIST)
            assert full is not None and zero is not None and zero <= score <= full
