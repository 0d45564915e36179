"""The morning checklist: what is done today, the streak, and who has not reported."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from salestui.analytics.calendar import is_working_day, previous_working_day


@dataclass(frozen=True, slots=True)
class ChecklistState:
    """Done flags per routine for one day and the current streak."""

    done: Mapping[str, bool]
    streak: int

    @property
    def all_done(self) -> bool:
        """Tell whether every counted routine is done."""
        return all(self.done.values())


def checklist_state(
    done_log: Iterable[tuple[date, str]],
    routines: Collection[str],
    today: date,
    working_days: Collection[int],
) -> ChecklistState:
    """Return today's done flags and the streak.

    The streak counts consecutive working days, back from today, on which every routine in
    `routines` was done; an unfinished today does not break it (the morning is not over).
    """
    done_on: dict[date, set[str]] = {}
    for day, routine in done_log:
        done_on.setdefault(day, set()).add(routine)
    wanted = set(routines)
    done = {r: r in done_on.get(today, set()) for r in routines}
    streak = 0
    day = today
    if not (is_working_day(today, working_days) and wanted <= done_on.get(today, set())):
        day = previous_working_day(today, working_days)
    while wanted and wanted <= done_on.get(day, set()):
        streak += 1
        day = previous_working_day(day, working_days)
    return ChecklistState(done, streak)


def missing_reports(active_ids: Iterable[int], reported_ids: Collection[int]) -> list[int]:
    """Return the active employees with nothing entered, in the order given."""
    return [i for i in active_ids if i not in reported_ids]
