"""Schema upgrades: MIGRATIONS[n] turns a schema-n database into n + 1 in one transaction."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, Final

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


def _by_month(db: Database, table: str) -> None:
    """Move a table's documents from year files into month files, in the open transaction."""
    for year in [s for s in db.shards(table) if len(s) == 4 and s.isdigit()]:
        moving = list(db.raw(table, year).items())
        if not moving:
            continue
        db.table(table, year).remove(doc_ids=[int(key) for key, _ in moving])
        for key, doc in moving:
            db.insert(table, int(key), doc)


def metrics_by_month(db: Database) -> None:
    """Schema 3 -> 4: the daily numbers move from a file per year to a file per month.

    A month parses in milliseconds where a year took 40–80 ms at 50 employees: the open
    (which reads the last working day) and the first cell saved into a month nobody has shown
    stay fast. Every document moves in this one transaction; the checkpoint after it writes the
    month files and removes the emptied year files.
    """
    _by_month(db, "metrics")


# The stages salestui 0.1 shipped (never used by a screen) and the lesson's stages they become.
_OLD_STAGES: Final = {
    "new": "conversation",
    "qualified": "meeting",
    "proposal": "application",
    "negotiation": "application",
    "invoice_sent": "invoice",
}


def _pipeline(doc: Mapping[str, object]) -> tuple[list[object], list[str]]:
    """Return the pipeline and hot stages that replace a schema-4 settings document's stages."""
    shipped = load_json("default_settings.json")
    old = doc.get("stages")
    if not isinstance(old, list) or not old or set(old) <= set(_OLD_STAGES):
        return shipped["pipeline"], shipped["hot_stages"]
    stale = doc.get("stale_days") if type(doc.get("stale_days")) is int else 7
    codes = list(dict.fromkeys(str(code) for code in old if str(code) not in ("won", "lost")))
    pipeline: list[object] = [
        {"code": code, "label_en": code, "label_ru": code, "stale_days": stale} for code in codes
    ]
    return pipeline, [c for c in codes if c in ("invoice", "invoice_sent")][-1:]


def _refile(
    db: Database, table: str, change: Callable[[int, dict[str, Any]], dict[str, Any]]
) -> None:
    """Move every document of a table through `change` and into the file its new layout picks."""
    for shard in db.shards(table):
        moving = list(db.raw(table, shard).items())
        if moving:
            db.table(table, shard).remove(doc_ids=[int(key) for key, _ in moving])
            for key, doc in moving:
                db.insert(table, int(key), change(int(key), dict(doc)))


def pipeline_and_open_shelves(db: Database) -> None:
    """Schema 4 -> 5: the lesson's deal stages; open deals and unpaid invoices in files apart.

    Settings get a pipeline (stages with labels and stale days) and hot stages in place of the
    bare stage list. Deals move from a file per year created to `deals/open.json` and a file
    per year closed; invoices learn what was paid (from their payments), when they were settled
    and their deal's client, and move to `invoices/open.json` or the year they were settled in.
    Payments move to a file per month, as the daily numbers did in schema 4.
    """
    settings = db.table("settings", UNSHARDED)
    for key, doc in list(db.raw("settings", UNSHARDED).items()):
        pipeline, hot_stages = _pipeline(doc)
        new = {k: v for k, v in doc.items() if k != "stages"}
        settings.update(
            replacing({**new, "pipeline": pipeline, "hot_stages": hot_stages}), doc_ids=[int(key)]
        )
    clients: dict[int, int | None] = {}

    def deal(_: int, doc: dict[str, Any]) -> dict[str, Any]:
        stage = _OLD_STAGES.get(doc.get("stage", ""), doc.get("stage") or "conversation")
        closed = (doc.get("closed") or doc.get("created")) if stage in ("won", "lost") else None
        reason = doc.get("lost_reason") or ("?" if stage == "lost" else "")
        return {**doc, "stage": stage, "closed": closed, "lost_reason": reason}

    for shard in db.shards("deals"):
        for key, doc in db.raw("deals", shard).items():
            clients[int(key)] = doc.get("client_id")
    _refile(db, "deals", deal)
    paid: dict[int, list[tuple[str, int]]] = {}
    for shard in db.shards("payments"):
        for doc in db.raw("payments", shard).values():
            paid.setdefault(doc["invoice_id"], []).append((doc["date"], doc["amount"]))

    def invoice(invoice_id: int, doc: dict[str, Any]) -> dict[str, Any]:
        payments = sorted(paid.get(invoice_id, []))
        total = min(sum(amount for _, amount in payments), doc["amount"])
        cancelled = bool(doc.get("cancelled")) and total == 0
        settled = doc["issued"] if cancelled else None
        if not cancelled and total >= doc["amount"]:
            settled = max(doc["issued"], payments[-1][0])
        deal_id = doc.get("deal_id") or None
        client = doc.get("client_id") or clients.get(deal_id or 0)
        return {
            **doc,
            "deal_id": deal_id,
            "client_id": client,
            "cancelled": cancelled,
            "paid": total,
            "first_paid": payments[0][0] if total else None,
            "last_paid": payments[-1][0] if total else None,
            "settled": settled,
        }

    _refile(db, "invoices", invoice)
    _by_month(db, "payments")


def sales_by_month(db: Database) -> None:
    """Schema 5 -> 6: clients, closed deals and settled invoices move to a file per month.

    At 100,000 clients a year's file was 4–5 MB: parsing one held the interpreter ~50 ms
    (the app paused while the read-ahead thread read it) and opening one client kept whole
    years parsed. The open shelves stay as they are. One transaction, then a checkpoint that
    writes the month files and removes the emptied year files, as schema 4 did for the
    daily numbers.
    """
    for table in ("clients", "deals", "invoices"):
        _by_month(db, table)


MIGRATIONS: Final[dict[int, Migration]] = {
    1: leave_dates_and_short_labels,
    2: journal_in_place,
    3: metrics_by_month,
    4: pipeline_and_open_shelves,
    5: sales_by_month,
}
