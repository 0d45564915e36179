"""The measured bodies of bench_sales.py, each run in a fresh interpreter.

    python _bench_sales.py MODE DB_PATH TODAY [ARG]

prints one line `RESULT {json}`. Modes: `views` (the sales queries cold and after a save),
`screens` (the app headless: each sales screen opened, and again after a save), `saves`
(a deal, an invoice and a payment, each against its SQLite twin, interleaved).
"""

from __future__ import annotations

import json
import random
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _bench_child import _ms, _rss_kib  # noqa: E402
from _bench_child import main as run_modes  # noqa: E402

Result = dict[str, Any]


def _open(path: Path, today: date) -> Any:
    """Open the repository as `salestui` does before its first screen."""
    from salestui.store import Repository

    return Repository.open(
        path,
        metrics=(today - timedelta(days=7), today),
        routine_log=(today - timedelta(days=400), today),
    )


def _queries(repo: Any, today: date) -> dict[str, Callable[[], object]]:
    """Return what each sales screen and report computes, by name."""
    from salestui import queries

    staff = [e.id for e in repo.employees()]
    first = today.replace(day=1)
    return {
        "today_alerts": partial(queries.morning_alerts, repo, today),
        "hot_list": partial(queries.hot, repo, today),
        "finance_month": partial(queries.money, repo, first, today, staff),
        "receivables": partial(queries.open_receivables, repo, today, staff),
        "weekly_chart": partial(queries.weekly, repo, today),
        "plan_month": partial(
            queries.plan_lines, repo, today.isoformat()[:7], today, repo.employees()
        ),
    }


def _open_invoice(repo: Any) -> Any:
    """Return an open invoice with room for a small payment."""
    return next(i for i in repo.open_invoices() if i.open_amount > 100 and not i.cancelled)


def _timed(repo: Any, today: date) -> dict[str, float]:
    """Run each sales query once; return the ms each took."""
    times: dict[str, float] = {}
    for name, run in _queries(repo, today).items():
        t = time.perf_counter()
        run()
        times[name] = _ms(t)
    return times


def _read_ahead(repo: Any, today: date) -> float:
    """Run the app's read-ahead to its end (as the app does behind Today); return its ms."""
    import threading

    done = threading.Event()
    t = time.perf_counter()
    repo.read_ahead(today, lambda: None, then=[done.set])
    done.wait(120)
    return _ms(t)


def views(path: Path, today: date, _arg: str) -> Result:
    """Time each sales query from a cold start (nothing read), then once the app's read-ahead
    has run (as the app is once open), then right after a durable payment."""
    t0 = time.perf_counter()
    repo = _open(path, today)
    opened = _ms(t0)
    cold = _timed(repo, today)
    repo.close()
    repo = _open(path, today)
    ahead_ms = _read_ahead(repo, today)
    ahead = _timed(repo, today)
    invoice = _open_invoice(repo)
    t = time.perf_counter()
    repo.record_payment(invoice.id, today, 100)
    save_ms = _ms(t)
    after = _timed(repo, today)
    loaded = {
        table: [s for s in repo.db.shards(table) if repo.db.is_loaded(table, s)]
        for table in ("clients", "deals", "invoices", "payments")
    }
    counts = {
        "open_deals": len(repo.open_deals()),
        "open_invoices": len(repo.open_invoices()),
        "hot": len(_queries(repo, today)["hot_list"]()),  # type: ignore[arg-type]
    }
    repo.db._release()  # no checkpoint: the dataset stays as built for the next run
    return {
        "open_ms": opened,
        "cold": cold,
        "read_ahead_ms": ahead_ms,
        "ahead": ahead,
        "after_save": after,
        "save_ms": save_ms,
        "loaded": loaded,
        "counts": counts,
        "rss_kib": _rss_kib(),
    }


def screens(path: Path, today: date, _arg: str) -> Result:
    """Open each sales screen in the app (headless, 120×40); then save and open them again.

    The time is from the key to the screen's first frame with its data (ScreenReady and
    the refresh after it), as a user waits for it.
    """
    import asyncio
    import threading

    from salestui.tui.app import make_app

    repo = _open(path, today)
    app = make_app(repo, today=today)
    times: dict[str, float] = {}
    again: dict[str, float] = {}

    async def visit(target: str, pilot: Any) -> float:
        t = time.perf_counter()
        await app.run_action(f"go('{target}')")
        for _ in range(2000):
            await asyncio.sleep(0.001)
            screen = app.screen
            if type(screen).__name__ != "TodayScreen" and getattr(screen, "ready", False):
                break
        await pilot.pause()
        return _ms(t)

    async def run() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            # As a user does: Today first, with its sales alerts (read in the background with
            # what the sales screens show first), then the keys.
            t = time.perf_counter()
            home = app.screen
            while not getattr(home, "sales_ready", True):
                await asyncio.sleep(0.01)
            times["today_alerts"] = _ms(t)
            while any(t.name == "salestui-read-ahead" for t in threading.enumerate()):
                await asyncio.sleep(0.01)
            times["read_ahead"] = _ms(t)
            await pilot.pause()
            for target in ("hot", "finance", "clients", "plans"):
                times[target] = await visit(target, pilot)
                await app.run_action("go('today')")
                await pilot.pause()
            invoice = _open_invoice(repo)
            repo.record_payment(invoice.id, today, 100)
            for target in ("hot", "finance", "clients"):
                again[target] = await visit(target, pilot)
                await app.run_action("go('today')")
                await pilot.pause()

    asyncio.run(run())
    repo.db._release()
    return {"open_ms": times, "after_save_ms": again, "rss_kib": _rss_kib()}


def floor(_path: Path, _today: date, _arg: str) -> Result:
    """The reference for `screens`, same way and size: a bare Textual app (no database) whose
    screen has a header, a search box, a line of text, a 120-row table and a footer.

    Opened the first time (composed, styled, laid out, drawn) and again from the first
    screen, with the table filled again: what any screen of this shape costs in Textual.
    """
    import asyncio

    from textual.app import App, ComposeResult
    from textual.screen import Screen
    from textual.widgets import DataTable, Footer, Header, Input, Static

    class Listing(Screen[None]):
        ready = False

        def compose(self) -> ComposeResult:
            yield Header()
            yield Input(placeholder="search")
            yield Static("120 deals")
            yield DataTable(cursor_type="row", zebra_stripes=True)
            yield Footer()

        def fill(self) -> None:
            table = self.query_one(DataTable)
            table.clear(columns=True)
            table.add_columns(*(f"column {c}" for c in range(9)))
            for r in range(120):
                table.add_row(*(f"cell {r}:{c}" for c in range(9)))

        def on_mount(self) -> None:
            self.fill()
            self.ready = True

        def on_screen_resume(self) -> None:
            if self.ready:
                self.fill()

    class Lines(Screen[None]):
        """The Clients & deals shape: a list drawn as lines of text, not a table."""

        ready = False

        def compose(self) -> ComposeResult:
            yield Header()
            yield Input(placeholder="search")
            yield Static("100,000 clients")
            yield Static(
                "\n".join(f"Client {n:>3}  Contact {n}  Owner {n % 50}" for n in range(35))
            )
            yield Footer()

        def on_mount(self) -> None:
            self.ready = True

    class Home(Screen[None]):
        def compose(self) -> ComposeResult:
            yield Header()
            yield Static("today")
            yield Footer()

    class Bare(App[None]):
        MODES = {"home": Home, "listing": Listing, "lines": Lines}  # noqa: RUF012 - Textual's own
        DEFAULT_MODE = "home"

    app = Bare()
    times: dict[str, float] = {}

    async def visit(pilot: Any, mode: str = "listing") -> float:
        t = time.perf_counter()
        app.switch_mode(mode)
        for _ in range(2000):
            await asyncio.sleep(0.001)
            if getattr(app.screen, "ready", False):
                break
        await pilot.pause()
        took = _ms(t)
        app.switch_mode("home")
        await pilot.pause()
        return took

    async def run() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            times["first"] = await visit(pilot)
            times["again"] = await visit(pilot)
            times["lines_first"] = await visit(pilot, "lines")
            times["lines_again"] = await visit(pilot, "lines")

    asyncio.run(run())
    return {"open_ms": times}


KINDS = ("deal", "invoice", "payment")


def _add_invoice(sqlite: Any, invoice: Any, rows: dict[str, int]) -> None:
    """Insert an invoice into the SQLite copy and remember its row, for its payment later."""
    rows[invoice.number] = sqlite.add("invoices", invoice)


def saves(path: Path, today: date, arg: str) -> Result:
    """Time N saves of a deal, an invoice and a payment, each beside its SQLite twin."""
    from _bench_sqlite import SqliteSaves

    from salestui.models import Client, Deal, Invoice, Payment
    from salestui.store.codec import to_doc

    options = json.loads(arg)
    count, sqlite_file = int(options["count"]), str(options["sqlite"])
    repo = _open(path, today)
    # As in the app: saves come once its read-ahead has run (a save checks that its client
    # exists; the read-ahead has read every client file by then). The first save of a fresh
    # process is measured by bench_store.py.
    _read_ahead(repo, today)
    sqlite = SqliteSaves(sqlite_file)
    rng = random.Random(5)
    staff = [e.id for e in repo.employees() if e.employed_on(today)]
    stages = repo.settings().stage_codes()
    # Clients of this month: a deal for an older client reads that client's month once.
    month = [s for s in repo.shards("clients") if s.startswith(today.isoformat()[:7])]
    clients = [c.id for c in repo.in_shards(Client, month)][:500]
    open_deals = [d for d in repo.open_deals()][: count * 2]
    timings: dict[str, dict[str, list[float]]] = {k: {"salestui": [], "sqlite": []} for k in KINDS}
    sqlite_ids: dict[str, int] = {}  # invoice number -> its row in the SQLite copy
    for n in range(count):
        deal = Deal(
            rng.choice(clients),
            rng.choice(staff),
            today,
            rng.choice(stages),
            amount=rng.randint(1_000, 500_000) * 100,
            probability=rng.choice((20, 40, 60, 80)),
        )
        target = open_deals[n % len(open_deals)]
        invoice = Invoice(
            f"BENCH-{n:05d}",
            target.id,
            target.owner,
            today,
            rng.randint(1_000, 500_000) * 100,
            today + timedelta(days=14),
        )
        pairs: list[tuple[str, Callable[[], Any], Callable[[], Any]]] = [
            ("deal", partial(repo.add_deal, deal, today), partial(sqlite.add, "deals", deal)),
            (
                "invoice",
                partial(repo.issue_invoice, invoice),
                partial(_add_invoice, sqlite, invoice, sqlite_ids),
            ),
        ]
        for kind, ours, theirs in pairs:
            sides = [("salestui", ours), ("sqlite", theirs)]
            for side, action in sides if n % 2 == 0 else list(reversed(sides)):
                t = time.perf_counter()
                action()
                timings[kind][side].append(_ms(t))
    # Payments of the invoices just issued: each writes the payment and updates its invoice.
    issued = [i for i in repo.open_invoices() if i.number.startswith("BENCH-")][:count]
    for n, invoice in enumerate(issued):
        payment = Payment(invoice.id, today, 100)
        changed = dict(to_doc(invoice), paid=invoice.paid + 100, first_paid=today.isoformat())

        def twin(
            payment: Payment = payment, number: str = invoice.number, doc: Any = changed
        ) -> None:
            sqlite.pay(payment, sqlite_ids[number], doc)

        sides = [
            ("salestui", partial(repo.record_payment, invoice.id, today, 100)),
            ("sqlite", twin),
        ]
        for side, action in sides if n % 2 == 0 else list(reversed(sides)):
            t = time.perf_counter()
            action()
            timings["payment"][side].append(_ms(t))
    sqlite.close()
    repo.db._release()
    return {"timings": timings}


MODES: dict[str, Callable[[Path, date, str], Result]] = {
    "views": views,
    "screens": screens,
    "saves": saves,
    "floor": floor,
}


if __name__ == "__main__":
    run_modes(MODES)
