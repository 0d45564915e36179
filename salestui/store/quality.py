"""The quality-control tables' reads and the writes that keep their rules: call reviews, base
reviews and the roll-call."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from salestui.i18n import tr
from salestui.models import BASE_POINTS, NA, BaseReview, CallReview, Deal, RollCall
from salestui.store.records import atomic
from salestui.store.sales import SalesRecords, refuse


def check_ratings(review: BaseReview) -> BaseReview:
    """Refuse a base review rating a point the lesson does not have, or leaving one unrated."""
    for point in review.ratings:
        if point not in BASE_POINTS:
            raise refuse(tr("field.rating"), point, "error.unknown_point")
    for point in BASE_POINTS:
        if point not in review.ratings:
            raise refuse(tr(f"base.point.{point}"), "", "error.point_unrated")
    return review


class QualityRecords(SalesRecords):
    """Call reviews (routine 7), checked against the settings' checklist."""

    def call_reviews(self, start: date, end: date) -> list[CallReview]:
        """Return the reviews of calls listened to in [start, end], oldest first."""
        found = self.between(CallReview, start, end)
        return sorted(found, key=lambda r: (r.date, r.id))

    def _check_review(self, review: CallReview, *, complete: bool = True) -> CallReview:
        """Refuse a review of an unknown employee or deal, an answer for an item the
        checklist does not have, a score out of its range, N/A on a mandatory item, or an
        item left unanswered."""
        self._employee(review.employee_id, tr("field.employee"))
        if review.deal_id is not None and self.get(Deal, review.deal_id) is None:
            raise refuse(tr("field.deal"), review.deal_id, "error.no_deal")
        return self.check_answers(review, complete=complete)

    def check_answers(self, review: CallReview, *, complete: bool = True) -> CallReview:
        """Refuse a review's length below zero or answers the checklist does not take (an
        import checks its rows with this before it writes any); `complete` refuses an item
        left unanswered too (an imported review made before the item was added has none)."""
        if review.duration_s < 0:
            raise refuse(tr("field.duration"), review.duration_s, "error.negative")
        items = {item.code: item for item in self.settings().call_checklist}
        for code, score in review.answers.items():
            item = items.get(code)
            if item is None:
                raise refuse(tr("field.checklist_item"), code, "error.unknown_item")
            if score == NA:
                if item.mandatory:
                    raise refuse(item.label(), tr("calls.na"), "error.mandatory_na")
            elif (
                isinstance(score, bool)
                or not isinstance(score, int)
                or not 0 <= score <= item.max_score
            ):
                raise refuse(item.label(), score, "error.score_range", top=item.max_score)
        missing = [item for code, item in items.items() if code not in review.answers]
        if missing and complete:
            raise refuse(missing[0].label(), "", "error.item_unanswered")
        return review

    @atomic
    def add_call_review(self, review: CallReview, *, complete: bool = True) -> CallReview:
        """Store the review of a call after checking it against the checklist (an imported
        one, `complete` False, may leave items the checklist got later unanswered)."""
        return self.add(self._check_review(review, complete=complete))

    @atomic
    def save_call_review(self, review: CallReview, before: CallReview | None = None) -> CallReview:
        """Store an edited review after the same checks (only what changed from `before`)."""
        return self.update(self._check_review(review), before)

    def base_reviews(self) -> list[BaseReview]:
        """Return every base review, oldest first (a few a week: a small table)."""
        return sorted(self.all(BaseReview), key=lambda r: (r.date, r.id))

    @atomic
    def add_base_review(self, review: BaseReview) -> BaseReview:
        """Store a weekly base review: the employee's, with each of the five points rated."""
        self._employee(review.employee_id, tr("field.employee"))
        return self.add(check_ratings(review))

    def rollcall(self, day: date) -> list[RollCall]:
        """Return the day's roll-call answers (one per employee at most)."""
        return self.between(RollCall, day, day)

    def rollcall_between(self, start: date, end: date) -> list[RollCall]:
        """Return the roll-call answers of the days in [start, end], oldest first."""
        return sorted(self.between(RollCall, start, end), key=lambda r: (r.date, r.employee_id))

    @atomic
    def save_rollcall(self, entry: RollCall) -> RollCall:
        """Store an employee's answer for a day, replacing the one they had."""
        self._employee(entry.employee_id, tr("field.employee"))
        old = next(
            (r for r in self.rollcall(entry.date) if r.employee_id == entry.employee_id), None
        )
        if old is None:
            return self.add(entry)
        return self.update(replace(entry, id=old.id))
