"""Schema upgrades: MIGRATIONS[n] turns a schema-n database into n + 1 in one transaction."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
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


def leave_dates_and_short_labels(db: Database) -> None:
    """Schema 1 -> 2: `active: false` becomes a leave date; funnel metrics get short labels.

    A deactivated employee's leave date is the last day they have numbers for (else their
    hire date, else the day of the upgrade), so past days keep showing who worked then.
    """
    employees = db.raw("employees", UNSHARDED)
    gone = {int(k) for k, d in employees.items() if d.get("active") is False}
    last_seen = _last_metrics_dates(db, gone) if gone else {}
    table = db.table("employees", UNSHARDED)
    for key, doc in list(employees.items()):
        new = {k: v for k, v in doc.items() if k != "active"}
        left = None
        if int(key) in gone:
            left = last_seen.get(int(key)) or doc.get("hired") or date.today().isoformat()
        new["left"] = left
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


MIGRATIONS: Final[dict[int, Migration]] = {1: leave_dates_and_short_labels}
