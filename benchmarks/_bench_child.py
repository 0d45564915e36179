"""Measured bodies run by bench_store.py, each in a fresh interpreter.

Usage: python benchmarks/_bench_child.py MODE DB_PATH TODAY [ARG]. Only cheap stdlib modules
are imported at the top, so every salestui import is inside the measured time. The result is
one line `BENCH_RESULT {json}` on stdout.
"""

from __future__ import annotations

import json
import resource
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from functools import partial
from pathlib import Path
from typing import Any

MARKER = "BENCH_RESULT "
Result = dict[str, Any]


def _ms(start: float, end: float | None = None) -> float:
    """Return milliseconds from start to end (default: now)."""
    return ((time.perf_counter() if end is None else end) - start) * 1000


def _status_kib(name: str) -> int:
    """Return a field of /proc/self/status in KiB (VmHWM: peak RSS, VmRSS: current), or -1."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(f"{name}:"):
                return int(line.split()[1])
    except OSError:
        pass
    return -1


def _rss_kib() -> int:
    """Return this process's peak resident set size in KiB.

    VmHWM, not ru_maxrss: Linux carries ru_maxrss across fork and exec, so a child started
    by a large parent would report the parent's peak instead of its own.
    """
    peak = _status_kib("VmHWM")
    return peak if peak >= 0 else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def open_today(path: Path, today: date, _arg: str) -> Result:
    """Import the store, open it and do exactly the reads of TodayScreen.refresh_data()."""
    t0 = time.perf_counter()
    from salestui.analytics.calendar import previous_working_day
    from salestui.store import Repository

    t_import = time.perf_counter()
    repo = Repository.open(path, create=True)
    t_open = time.perf_counter()
    settings = repo.settings()
    log = repo.routines_done(today - timedelta(days=400), today)
    last_day = previous_working_day(today, settings.working_days)
    active = [e for e in repo.employees() if e.employed_on(today)]
    reported = repo.metrics_on(last_day)
    t_reads = time.perf_counter()
    loaded = [f"{t}/{s}" for t, s in sorted(repo.db._shards)]
    repo.close()
    return {
        "import_ms": _ms(t0, t_import),
        "open_ms": _ms(t_import, t_open),
        "reads_ms": _ms(t_open, t_reads),
        "total_ms": _ms(t0, t_reads),
        "rss_kib": _rss_kib(),
        "routine_log": len(log),
        "active": len(active),
        "reported": len(reported),
        "shards_loaded": loaded,
    }


def _app(path: Path) -> tuple[Any, Any, Path]:
    """Open the store and import the app as `salestui` does: the repository, SalesApp, its CSS."""
    import inspect

    from salestui.i18n import LANGUAGES, set_language
    from salestui.store import Repository

    repo = Repository.open(path, create=True)
    preferred = repo.settings().language
    if preferred in LANGUAGES:
        set_language(preferred)
    from salestui.tui.app import SalesApp

    # A subclass would otherwise look for app.tcss next to this file.
    return repo, SalesApp, Path(inspect.getfile(SalesApp)).parent / str(SalesApp.CSS_PATH)


def tui(path: Path, today: date, _arg: str) -> Result:
    """Do what `salestui` does up to the first frame of the Today screen, then quit."""
    t0 = time.perf_counter()
    repo, sales_app, css = _app(path)
    from salestui.tui.screens.today import TodayScreen

    t_import = time.perf_counter()
    marks: Result = {}

    class BenchApp(sales_app):  # type: ignore[misc,valid-type]
        """SalesApp that quits as soon as its first frame is on screen."""

        CSS_PATH = str(css)

        def on_ready(self) -> None:
            marks["ready_ms"] = _ms(t0)
            screen = self.screen
            marks["screen"] = type(screen).__name__
            if isinstance(screen, TodayScreen):
                table = screen.query_one("#checklist")
                marks["checklist_rows"] = getattr(table, "row_count", -1)
                marks["alerts"] = str(screen.query_one("#alerts").render())[:80]
            self.exit()

    app = BenchApp(repo, today=today)
    app.run(headless=True, size=(120, 40))
    t_exit = time.perf_counter()
    repo.close()
    return {
        **marks,
        "import_open_ms": _ms(t0, t_import),
        "exit_ms": _ms(t0, t_exit),
        "rss_kib": _rss_kib(),
    }


def stall(path: Path, today: date, arg: str) -> Result:
    """Run the app headless and find the longest gap between 5 ms timer ticks after its first frame.

    A tick that comes late means the event loop was busy: a key pressed then would wait as long.
    The app quits `arg` seconds (default 3) after the first frame.
    """
    t0 = time.perf_counter()
    window_s = float(arg or "3")
    repo, sales_app, css = _app(path)
    marks: Result = {}
    gaps: list[tuple[float, float]] = []  # (gap ms, when it began: ms after the first frame)

    class ProbedApp(sales_app):  # type: ignore[misc,valid-type]
        """SalesApp with a 5 ms probe on its event loop from the first frame on."""

        CSS_PATH = str(css)

        def on_ready(self) -> None:
            marks["ready_ms"] = _ms(t0)
            start = last = time.perf_counter()

            def probe() -> None:
                """Record the time since the previous tick; quit when the window is over."""
                nonlocal last
                now = time.perf_counter()
                gaps.append(((now - last) * 1000, (last - start) * 1000))
                last = now
                if now - start >= window_s:
                    self.exit()

            self.set_interval(0.005, probe)

    app = ProbedApp(repo, today=today)
    app.run(headless=True, size=(120, 40))
    repo.close()
    worst = sorted(gaps, reverse=True)
    return {
        **marks,
        "window_s": window_s,
        "ticks": len(gaps),
        "max_gap_ms": worst[0][0] if worst else -1.0,
        "max_gap_at_ms": worst[0][1] if worst else -1.0,
        "worst_gaps": worst[:3],
        "gaps_over_50ms": sum(1 for gap, _ in gaps if gap > 50),
        "long_gaps": [(gap, at) for gap, at in gaps if gap > 50],
        "median_gap_ms": statistics.median(g for g, _ in gaps) if gaps else -1.0,
        "rss_kib": _rss_kib(),
    }


def load_all(path: Path, today: date, _arg: str) -> Result:
    """Load every record of every table as dataclasses and build the metrics frame."""
    t0 = time.perf_counter()
    from salestui.store import TABLES, Repository
    from salestui.store.repository import TABLE_OF

    repo = Repository.open(path, writable=False)
    t_open = time.perf_counter()
    rss = {"open": _status_kib("VmRSS")}
    docs = {t: sum(len(repo.db.raw(t, s)) for s in repo.db.shards(t)) for t in TABLES}
    t_parse = time.perf_counter()
    rss["raw docs"] = _status_kib("VmRSS")
    keep: dict[str, list[Any]] = {}
    per_table: dict[str, float] = {}
    for cls, table in TABLE_OF.items():
        start = time.perf_counter()
        keep[table] = repo.all(cls)
        per_table[table] = _ms(start)
    t_all = time.perf_counter()
    rss["+ dataclasses"] = _status_kib("VmRSS")
    frame = repo.metrics_frame()
    t_frame = time.perf_counter()
    rss["+ metrics frame"] = _status_kib("VmRSS")
    repo.close()
    return {
        "open_ms": _ms(t0, t_open),
        "parse_ms": _ms(t_open, t_parse),
        "all_ms": _ms(t_parse, t_all),
        "frame_ms": _ms(t_all, t_frame),
        "total_ms": _ms(t0, t_frame),
        "per_table_ms": per_table,
        "docs": sum(docs.values()),
        "counts": {t: len(v) for t, v in keep.items()},
        "frame_rows": len(frame),
        "rss_steps_kib": rss,
        "rss_kib": _rss_kib(),
    }


def frames(path: Path, today: date, _arg: str) -> Result:
    """Time parsing every metrics shard, building the typed frame, and a one-month report.

    The report reads its rows with metrics_between (the shards are parsed by then), as the
    console script does, and renders them as text.
    """
    from salestui.store import Repository

    repo = Repository.open(path, writable=False)
    t0 = time.perf_counter()
    import pandas  # noqa: F401 - timed on its own: the first frame would pay for it

    t_pandas = time.perf_counter()
    docs = sum(len(repo.db.raw("metrics", s)) for s in repo.db.shards("metrics"))
    t_parse = time.perf_counter()
    frame = repo.metrics_frame()
    t_frame = time.perf_counter()
    from salestui.reports.metrics import metrics_report

    t_import = time.perf_counter()
    settings = repo.settings()
    staff = repo.employees()
    first_of_month = today.replace(day=1)
    end = first_of_month - timedelta(days=1)
    start = end.replace(day=1)
    runs: list[float] = []
    text = ""
    for _ in range(6):
        t = time.perf_counter()
        rows = repo.metrics_between(start, end)  # the year's shard is parsed already
        text = metrics_report(
            rows, staff, settings, start=start, end=end, employee_id=None, fmt="text", as_of=today
        )
        runs.append(_ms(t))
    repo.close()
    return {
        "pandas_import_ms": _ms(t0, t_pandas),
        "parse_ms": _ms(t_pandas, t_parse),
        "frame_ms": _ms(t_parse, t_frame),
        "report_import_ms": _ms(t_frame, t_import),
        "metric_docs": docs,
        "frame_rows": len(frame),
        "report_month": start.strftime("%Y-%m"),
        "report_lines": text.count("\n"),
        "report_first_ms": runs[0],
        "report_median_ms": statistics.median(runs[1:]),
        "rss_kib": _rss_kib(),
    }


def _first_invoice(deal_id: int, employee_id: int, today: date, number: str) -> Any:
    """Return an invoice issued today, to be saved."""
    from salestui.models import Invoice

    return Invoice(number, deal_id, employee_id, today, 1_234_500, today + timedelta(days=14))


def first_saves(path: Path, today: date, arg: str) -> Result:
    """Time the first save of a fresh process: an invoice into a year file nothing has read."""
    from _bench_sqlite import SqliteSaves, ids

    from salestui.store import Repository

    sqlite_file = arg
    deal = ids(sqlite_file, "SELECT id FROM deals ORDER BY id DESC LIMIT 1")[0]
    employee = ids(sqlite_file, "SELECT id FROM employees ORDER BY id LIMIT 1")[0]
    invoice = _first_invoice(deal, employee, today, f"FIRST-{time.time_ns()}")
    repo = Repository.open(path)
    t = time.perf_counter()
    repo.add(invoice)
    salestui_ms = _ms(t)
    sqlite = SqliteSaves(sqlite_file)
    t = time.perf_counter()
    sqlite.add("invoices", invoice)
    sqlite_ms = _ms(t)
    sqlite.close()
    # A metrics cell into a month nothing has read: it must find the day's row, so it parses
    # that month (a screen shows the day first; an import would not).
    staff = [e.id for e in repo.employees() if e.employed_on(today)]
    code = repo.settings().metric_codes()[0]
    assert not repo.db.is_loaded("metrics", f"{today:%Y-%m}")
    t = time.perf_counter()
    repo.set_count(staff[0], today, code, 7)
    cold_cell_ms = _ms(t)
    repo.close()
    return {
        "salestui_ms": salestui_ms,
        "sqlite_ms": sqlite_ms,
        "cold_cell_ms": cold_cell_ms,
        "rss_kib": _rss_kib(),
    }


def _journal_bytes(db: Any, path: Path) -> int:
    """Return the bytes the journal holds since the last checkpoint (not what is preallocated)."""
    size = getattr(getattr(db, "_journal", None), "size", None)
    if isinstance(size, int):
        return size
    legacy = path / "journal.jsonl"  # schema 2: an append-only file
    return legacy.stat().st_size if legacy.exists() else 0


KINDS = ("metrics", "invoice", "call_review", "invoice_update")


def versus(path: Path, today: date, arg: str) -> Result:
    """Time N saves of each kind through salestui and the same through SQLite, interleaved.

    The first save of the process comes first, before any year file is read: an invoice.
    Then, for each n and each kind, one salestui save and its SQLite twin (alternating which
    goes first), each timed with perf_counter around the call.
    """
    import dataclasses
    import random

    from _bench_sqlite import SqliteSaves, ids, json_field

    from salestui.models import CallReview, Client, Deal, Invoice, Payment
    from salestui.store import Repository, engine

    options = json.loads(arg)
    count, sqlite_file = int(options["count"]), str(options["sqlite"])
    year = f"'{today.year}-01-01'"
    deal_ids = ids(sqlite_file, f"SELECT id FROM deals WHERE {json_field('created')} >= {year}")
    update_ids = ids(
        sqlite_file,
        f"SELECT id FROM invoices WHERE {json_field('issued')} >= {year} ORDER BY id LIMIT {count}",
    )
    anyone = ids(sqlite_file, "SELECT id FROM employees ORDER BY id LIMIT 1")[0]
    invoice = _first_invoice((deal_ids or [0])[0], anyone, today, "BENCH-FIRST")

    repo = Repository.open(path)
    t = time.perf_counter()
    repo.add(invoice)
    first = {"salestui": _ms(t)}
    sqlite = SqliteSaves(sqlite_file)
    t = time.perf_counter()
    sqlite.add("invoices", invoice)
    first["sqlite"] = _ms(t)

    db = repo.db
    checkpoints = 0
    checkpoint = db.checkpoint

    def counting_checkpoint() -> bool:
        """Count the checkpoints a save triggers."""
        nonlocal checkpoints
        checkpoints += 1
        return checkpoint()

    db.checkpoint = counting_checkpoint  # type: ignore[method-assign]
    journal_start = _journal_bytes(db, path)
    rng = random.Random(11)
    settings = repo.settings()
    codes = settings.metric_codes()
    items = settings.call_checklist
    staff = [e.id for e in repo.employees() if e.employed_on(today)]
    year_start = date(today.year, 1, 1)
    days = [
        year_start + timedelta(days=n)
        for n in range((today - year_start).days + 1)
        if (year_start + timedelta(days=n)).weekday() in settings.working_days
    ]
    days.reverse()  # today first (new rows), then ever older existing rows
    timings: dict[str, dict[str, list[float]]] = {k: {"salestui": [], "sqlite": []} for k in KINDS}
    metric_kinds: dict[str, list[float]] = {"insert": [], "update": []}
    for n in range(count):
        employee, day = staff[n % len(staff)], days[(n // len(staff)) % len(days)]
        code, value = codes[n % len(codes)], rng.randint(0, 80)
        # Not timed: the grid shows a day (reading its year) before a cell can be typed into.
        # A cell saved into a year nothing has read is timed on its own (first_saves).
        exists = repo.metrics_for(employee, day) is not None
        added = Invoice(
            f"BENCH-{n:05d}",
            rng.choice(deal_ids),
            rng.choice(staff),
            today,
            rng.randint(1_000, 500_000) * 100,
            today + timedelta(days=14),
        )
        review = CallReview(
            today,
            rng.choice(staff),
            {i.code: rng.randint(0, i.max_score) for i in items},
            rng.choice(deal_ids),
            f"https://pbx.example/rec/bench/{n}.mp3",
            rng.randint(60, 900),
            "Good opening; rushed the price.",
            "Role-play objections on Friday.",
        )
        pairs: list[tuple[str, Callable[[], object], Callable[[], object]]] = [
            (
                "metrics",
                partial(repo.set_count, employee, day, code, value),
                partial(sqlite.set_count, employee, day, code, value),
            ),
            ("invoice", partial(repo.add, added), partial(sqlite.add, "invoices", added)),
            ("call_review", partial(repo.add, review), partial(sqlite.add, "call_reviews", review)),
        ]
        if n < len(update_ids):
            # An existing current-year invoice, read first (not timed) as a screen would.
            stored = repo.get(Invoice, update_ids[n])
            assert stored is not None, update_ids[n]
            changed = dataclasses.replace(stored, due=stored.due + timedelta(days=7))
            pairs.append(
                (
                    "invoice_update",
                    partial(repo.update, changed),
                    partial(sqlite.update, "invoices", changed.id, changed),
                )
            )
        for kind, ours, theirs in pairs:
            sides = [("salestui", ours), ("sqlite", theirs)]
            for side, action in sides if n % 2 == 0 else reversed(sides):
                t = time.perf_counter()
                action()
                timings[kind][side].append(_ms(t))
        if exists is not None:
            metric_kinds["update" if exists else "insert"].append(
                timings["metrics"]["salestui"][-1]
            )
    sqlite.close()
    journal_bytes = _journal_bytes(db, path) - journal_start
    saves_done = sum(len(v["salestui"]) for v in timings.values())
    dirty = sorted(f"{t}/{s}" for t, s in getattr(db, "_dirty", ()))
    t = time.perf_counter()
    checkpoint()
    checkpoint_ms = _ms(t)
    # The worst ordinary case: something saved in every current-year shard since the last one.
    client = repo.add(Client("Bench Client", staff[0], today))
    deal = repo.add(Deal(client.id, staff[0], today, settings.stage_codes()[0], amount=100_000))
    invoice = repo.add(Invoice("BENCH-X", deal.id, staff[0], today, 100_000, today))
    repo.add(Payment(invoice.id, today, 50_000))
    repo.add(CallReview(today, staff[0]))
    repo.set_count(staff[0], today, codes[0], 1)
    dirty_all = sorted(f"{t}/{s}" for t, s in getattr(db, "_dirty", ()))
    t = time.perf_counter()
    checkpoint()
    checkpoint_all_ms = _ms(t)
    loaded_invoices = [s for s in db.shards("invoices") if db.is_loaded("invoices", s)]
    repo.close()
    per_save = journal_bytes / max(1, saves_done)
    hard_bytes = getattr(engine, "HARD_CHECKPOINT_BYTES", 0)
    return {
        "first": first,
        "timings": timings,
        "metric_kinds": metric_kinds,
        "checkpoints": checkpoints,
        "saves_done": saves_done,
        "journal_bytes": journal_bytes,
        "bytes_per_save": per_save,
        "saves_per_checkpoint": hard_bytes / per_save if per_save > 0 else 0.0,
        "checkpoint_ms": checkpoint_ms,
        "checkpoint_shards": dirty,
        "checkpoint_all_ms": checkpoint_all_ms,
        "checkpoint_all_shards": dirty_all,
        "invoice_shards_loaded": loaded_invoices,
        "rss_kib": _rss_kib(),
    }


MODES: dict[str, Callable[[Path, date, str], Result]] = {
    "today": open_today,
    "tui": tui,
    "loadall": load_all,
    "frames": frames,
    "versus": versus,
    "first": first_saves,
    "stall": stall,
}


def main(modes: dict[str, Callable[[Path, date, str], Result]] | None = None) -> None:
    """Run one mode (of this module's, or those given) and print its result as one JSON line."""
    mode, path, today = sys.argv[1], Path(sys.argv[2]), date.fromisoformat(sys.argv[3])
    arg = sys.argv[4] if len(sys.argv) > 4 else ""
    result = (modes or MODES)[mode](path, today, arg)
    sys.stdout.write(MARKER + json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
