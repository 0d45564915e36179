"""Schema upgrades: MIGRATIONS[n] turns a schema-n database into n + 1 in one transaction."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import TYPE_CHECKING, Final

from salestui.resources import load_json
from salestui.store.schema import UNSHARDED, Migration
from salestui.store.shards import replacing

if TYPE_CHECKING:
    from salestui.store.engine import Database


def _last_metrics_dates(db: Database, wanted: set[int]) -> dict[int, str]:
    """Return the last date each wanted employee has numbers for, reading newest years first."""
    found: dict[int, str] = {}
    for year in reversed(db.shards("metrics")):
        for doc in db.raw("metrics", year).values():
            employee_id = doc["employee_id"]
            if employee_id in wanted and doc["date"] > found.get(employee_id, ""):
                found[employee_id] = doc["date"]
        if set(found) >= wanted:  # older years cannot hold a later date
            break
    return found


def _before_history(db: Database) -> str:
    """Return the day before the first numbers anyone entered (or before today, if none)."""
    years = db.shards("metrics")
    first = (
        min((d["date"] for d in db.raw("metrics", years[0]).values()), default=None)
        if years
        else None
    )
    start = date.fromisoformat(first) if first else date.today()
    return (start - timedelta(days=1)).isoformat()


def leave_dates_and_short_labels(db: Database) -> None:
    """Schema 1 -> 2: `active: false` becomes a leave date; funnel metrics get short labels.

    A deactivated employee's leave date is the last day they have numbers for, never before
    their hire date (the foundation defaulted that to the day someone was entered), so past
    days keep showing who worked then. Someone who never sent a number leaves on their hire
    date; without one, they are given a single day before any history, so they are never
    counted as missing from it.
    """
    employees = db.raw("employees", UNSHARDED)
    gone = {int(k) for k, d in employees.items() if d.get("active") is False}
    last_seen = _last_metrics_dates(db, gone) if gone else {}
    table = db.table("employees", UNSHARDED)
    for key, doc in list(employees.items()):
        new = {k: v for k, v in doc.items() if k != "active"}
        new["left"] = None
        if int(key) in gone:
            hired = doc.get("hired")
            seen = last_seen.get(int(key))
            if seen is None and hired is None:
                new["hired"] = new["left"] = _before_history(db)
            else:
                new["left"] = max(d for d in (seen, hired) if d is not None)
        table.update(replacing(new), doc_ids=[int(key)])
    shipped: Mapping[str, Mapping[str, str]] = {
        m["code"]: m for m in load_json("default_settings.json")["funnel"]
    }
    settings = db.table("settings", UNSHARDED)
    for key, doc in list(db.raw("settings", UNSHARDED).items()):
        funnel = []
        for metric in doc.get("funnel", []):
            default = shipped.get(metric.get("code"), {})
            funnel.append(
                {
                    **metric,
                    "short_en": metric.get("short_en") or default.get("short_en", ""),
                    "short_ru": metric.get("short_ru") or default.get("short_ru", ""),
                }
            )
        settings.update(replacing({**doc, "funnel": funnel}), doc_ids=[int(key)])


def journal_in_place(db: Database) -> None:
    """Schema 2 -> 3: the journal moves to `journal.wal`, written in place; no document changes.

    The version bump is the point: salestui 2 would not read `journal.wal`, and opening the
    database there would silently drop the saves it holds, so it must refuse it as too new.
    The schema-2 `journal.jsonl` is replayed at open and removed by the next checkpoint.
    """


def metrics_by_month(db: Database) -> None:
    """Schema 3 -> 4: the daily numbers move from a file per year to a file per month.

    A month parses in milliseconds where a year took 40–80 ms at 50 employees: the open
    (which reads the last working day) and the first cell saved into a month nobody has shown
    stay fast. Every document moves in this one transaction; the checkpoint after it writes the
    month files and removes the emptied year files.
    """
    for year in [s for s in db.shards("metrics") if len(s) == 4]:
        moving = list(db.raw("metrics", year).items())
        if not moving:
            continue
        db.table("metrics", year).remove(doc_ids=[int(key) for key, _ in moving])
        for key, doc in moving:
            db.insert("metrics", int(key), doc)


MIGRATIONS: Final[dict[int, Migration]] = {
    1: leave_dates_and_short_labels,
    2: journal_in_place,
    3: metrics_by_month,
}
