"""Call reviews in the store: a review is checked against the settings' checklist, and a
refused one names the field and writes nothing."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from salestui.analytics.calls import cqr
from salestui.i18n import set_language
from salestui.models import NA, CallReview, Employee, ValidationError
from salestui.store import Repository

DAY = date(2026, 11, 20)
FULL: dict[str, int | str] = {
    "greeting": 2,
    "needs": 1,
    "presentation": NA,
    "objections": 0,
    "next_step": 2,
}


@pytest.fixture
def repo(tmp_path: Path) -> Iterator[Repository]:
    """A new database with one employee and the default checklist."""
    found = Repository.open(tmp_path / "db", create=True)
    found.add_employee(Employee("Anna Petrova", hired=date(2025, 1, 1)))
    yield found
    found.close()


def anna(repo: Repository) -> int:
    """Return the employee's id."""
    return repo.employees()[0].id


def test_a_review_is_stored_and_read_back_by_period(repo: Repository) -> None:
    review = repo.add_call_review(
        CallReview(DAY, anna(repo), FULL, recording="/calls/1.mp3", duration_s=240, notes="ok")
    )
    repo.add_call_review(CallReview(date(2026, 10, 1), anna(repo), FULL))
    found = repo.call_reviews(date(2026, 11, 1), date(2026, 11, 30))
    assert found == [review]
    assert cqr(found[0].answers, repo.settings().call_checklist) == 55.0
    assert len(repo.call_reviews(date(2026, 1, 1), DAY)) == 2


def test_a_period_of_kept_records_is_not_built_again(repo: Repository) -> None:
    """The read-ahead keeps the year's reviews as records: a period is filtered from them
    (the same objects), and a review saved after is among them."""
    first = repo.add_call_review(CallReview(DAY, anna(repo), FULL))
    kept = repo.kept(CallReview, "2026")
    found = repo.call_reviews(date(2026, 11, 1), date(2026, 11, 30))
    assert found == [first] and found[0] is kept[first.id]
    later = repo.add_call_review(CallReview(DAY + timedelta(days=1), anna(repo), FULL))
    assert repo.call_reviews(DAY, DAY + timedelta(days=1)) == [first, later]
    assert repo.call_reviews(date(2026, 12, 1), date(2026, 12, 31)) == []


@pytest.mark.parametrize(
    ("answers", "said"),
    [
        ({**FULL, "greeting": NA}, "Greeting and introduction: a mandatory item cannot be N/A"),
        ({**FULL, "needs": 3}, "Needs questions asked: 3 is not a score from 0 to 2"),
        ({**FULL, "needs": -1}, "Needs questions asked: -1 is not a score from 0 to 2"),
        ({**FULL, "needs": True}, "Needs questions asked: True is not a score from 0 to 2"),
        ({**FULL, "needs": "2"}, "Needs questions asked: 2 is not a score from 0 to 2"),
        ({**FULL, "tone": 1}, "Checklist item: the checklist has no item «tone»"),
        (
            {k: v for k, v in FULL.items() if k != "objections"},
            "Objections handled: not scored",
        ),
    ],
)
def test_a_wrong_answer_is_refused_naming_the_item(
    repo: Repository, answers: dict[str, int | str], said: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        repo.add_call_review(CallReview(DAY, anna(repo), answers))
    assert str(caught.value).startswith(said)
    assert repo.call_reviews(date(2026, 1, 1), date(2026, 12, 31)) == []


def test_an_unknown_employee_deal_or_a_negative_duration_is_refused(repo: Repository) -> None:
    for review, said in (
        (CallReview(DAY, 12345, FULL), "Employee: there is no employee 12345"),
        (CallReview(DAY, anna(repo), FULL, deal_id=777), "Deal: there is no deal 777"),
        (CallReview(DAY, anna(repo), FULL, duration_s=-5), "Duration: -5 is below zero"),
    ):
        with pytest.raises(ValidationError) as caught:
            repo.add_call_review(review)
        assert str(caught.value) == said
    assert repo.call_reviews(date(2026, 1, 1), date(2026, 12, 31)) == []


def test_refusals_speak_russian(repo: Repository) -> None:
    set_language("ru")
    with pytest.raises(ValidationError) as caught:
        repo.add_call_review(CallReview(DAY, anna(repo), {**FULL, "next_step": NA}))
    assert str(caught.value) == (
        "Договорённость о следующем шаге: обязательный пункт нельзя отметить как н/п"
    )


def test_an_edited_review_is_checked_again(repo: Repository) -> None:
    stored = repo.add_call_review(CallReview(DAY, anna(repo), FULL))
    changed = repo.save_call_review(
        CallReview(DAY, anna(repo), {**FULL, "objections": 2}, id=stored.id)
    )
    assert repo.call_reviews(DAY, DAY) == [changed]
    with pytest.raises(ValidationError):
        repo.save_call_review(CallReview(DAY, anna(repo), {**FULL, "needs": NA}, id=stored.id))
    assert repo.call_reviews(DAY, DAY) == [changed]


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_demo_has_half_a_year_of_call_reviews_that_pass_the_checks(
    request: pytest.FixtureRequest, lang: str
) -> None:
    """The demo's reviews: the last six months, every one valid against the checklist, some
    items N/A, notes and actions in the demo's language, most linked to the employee's own
    deal; one employee not heard for two weeks comes first in today's listening queue."""
    from salestui.analytics.calls import listening_queue
    from tests.conftest import TODAY

    path = request.getfixturevalue("demo_path" if lang == "en" else "demo_path_ru")
    repo = Repository.open(path)
    try:
        reviews = repo.call_reviews(date(2000, 1, 1), TODAY)
        assert len(reviews) > 100
        assert min(r.date for r in reviews) >= TODAY - timedelta(days=182)
        for review in reviews:
            assert repo._check_review(review) is review
        assert any(NA in r.answers.values() for r in reviews)
        assert any(r.action for r in reviews) and any(r.notes for r in reviews)
        linked = [r for r in reviews if r.deal_id is not None]
        assert len(linked) > len(reviews) // 3
        assert all(repo.deal(r.deal_id or 0).owner == r.employee_id for r in linked[:50])
        cyrillic = any("а" <= ch <= "я" for r in reviews for ch in r.notes.lower())
        assert cyrillic == (lang == "ru")
        active = [e.id for e in repo.employees() if e.left is None]
        queue = listening_queue(reviews, repo.settings().call_checklist, active, TODAY)
        first = queue[0]
        assert first.last_review is not None and first.last_review <= TODAY - timedelta(days=14)
        assert 10 <= sum(q.minutes for q in queue) <= 15 or len(queue) == 1
    finally:
        repo.close()


def test_a_checklist_and_ratings_of_the_wrong_kind_are_refused(repo: Repository) -> None:
    """Weights from 1, a maximum from 1, each item once; ratings whole numbers 1–5."""
    from salestui.models import BaseReview, ChecklistItem, Settings

    funnel = repo.settings().funnel
    for weight, top, said in ((0, 2, "weight: 0"), (1, 0, "max_score: 0")):
        with pytest.raises(ValidationError) as caught:
            ChecklistItem("a", "A", "А", weight=weight, max_score=top)
        assert str(caught.value).startswith(said)
    twice = (ChecklistItem("a", "A", "А"), ChecklistItem("a", "B", "Б"))
    with pytest.raises(ValidationError) as caught:
        Settings(funnel, call_checklist=twice)
    assert str(caught.value).startswith("call_checklist: ")
    for rating in (4.5, True, "3", 0):
        with pytest.raises(ValidationError):
            BaseReview(DAY, anna(repo), ratings={"contacts": rating})  # type: ignore[dict-item]
