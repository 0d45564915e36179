"""The measured bodies of bench_stats.py, each run in a fresh interpreter.

    python _bench_stats.py MODE DB_PATH TODAY [ARG]

prints one line `RESULT {json}`. Modes: `views` (each Stats tab's numbers cold, again, and
right after a save, in-process), `screen` (the app headless: Stats opened, every tab, a
period and an employee switched, the what-if, and again after a save).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _bench_child import _ms, _rss_kib, _status_kib  # noqa: E402
from _bench_child import main as run_modes  # noqa: E402
from _bench_sales import _open, _open_invoice  # noqa: E402

Result = dict[str, Any]
TABS = ("ratios", "duration", "forecast", "plan", "whatif")


def _timed(repo: Any, today: date) -> dict[str, float]:
    """Gather each tab's numbers for this month once; return the ms each took."""
    from salestui.tui.screens.stats import load_view, view_key

    employees = repo.employees()
    first = today.replace(day=1)
    times: dict[str, float] = {}
    for tab in TABS:
        t = time.perf_counter()
        load_view(repo, view_key(tab, first, today, today), employees)
        times[tab] = _ms(t)
    return times


def views(path: Path, today: date, _arg: str) -> Result:
    """Time each tab's numbers from a cold start, again, and right after a durable payment
    (the deal columns then make only the changed files again)."""
    repo = _open(path, today)
    cold = _timed(repo, today)
    warm = _timed(repo, today)
    # The steady state: the best of five more (what a period switch costs once warmed up).
    runs = [_timed(repo, today) for _ in range(5)]
    steady = {tab: min(r[tab] for r in runs) for tab in warm}
    invoice = _open_invoice(repo)
    repo.record_payment(invoice.id, today, 100)
    after = _timed(repo, today)
    t = time.perf_counter()
    columns = repo.deal_columns()
    columns_ms = _ms(t)
    repo.db._release()  # no checkpoint: the dataset stays as built for the next run
    return {
        "cold": cold,
        "warm": warm,
        "steady": steady,
        "after_save": after,
        "deal_columns_warm_ms": columns_ms,
        "deals": len(columns.owner),
        "rss_kib": _rss_kib(),
        "hwm_kib": _status_kib("VmHWM"),
    }


def screen(path: Path, today: date, arg: str) -> Result:
    """Open Stats in the app (headless) once the read-ahead is done, and time what a user
    waits for: the key to the tab drawn with its numbers."""
    import asyncio
    import threading

    from salestui.tui.app import make_app
    from salestui.tui.screens.stats import StatsScreen

    width, height = (int(n) for n in (arg or "120x40").split("x"))
    repo = _open(path, today)
    app = make_app(repo, today=today)
    times: dict[str, float] = {}

    def drawn(screen: Any) -> bool:
        return (
            isinstance(screen, StatsScreen)
            and screen.key(screen.section) in screen.views
            and screen.key(screen.section) not in screen._asked
        )

    async def timed(name: str, pilot: Any, *keys: str) -> None:
        t = time.perf_counter()
        await pilot.press(*keys)
        for _ in range(20000):
            if drawn(app.screen):
                break
            await asyncio.sleep(0.001)
        await pilot.pause()
        times[name] = _ms(t)

    async def run() -> None:
        async with app.run_test(size=(width, height)) as pilot:
            t = time.perf_counter()
            while not getattr(app.screen, "sales_ready", True):
                await asyncio.sleep(0.01)
            while any(t.name == "salestui-read-ahead" for t in threading.enumerate()):
                await asyncio.sleep(0.01)
            times["read_ahead_done"] = _ms(t)
            await pilot.pause()
            # Pilot waits for the app to be idle after each key: a key bound to nothing shows
            # that wait alone, to set beside the others.
            t = time.perf_counter()
            await pilot.press("z")
            await pilot.pause()
            times["a key bound to nothing (Pilot's own wait)"] = _ms(t)
            await timed("open (5)", pilot, "5")
            for key, tab in (("d", "duration"), ("f", "forecast"), ("l", "plan"), ("w", "whatif")):
                await timed(f"tab {tab}", pilot, key)
            await timed("tab ratios again", pilot, "r")
            await timed("previous month (shift+left)", pilot, "shift+left")
            await timed("duration, previous month", pilot, "d")
            await timed("back to this month (shift+right)", pilot, "shift+right")
            await timed("quarter (p)", pilot, "p")
            await timed("week (p)", pilot, "p")
            await timed("month (p)", pilot, "p")
            screen = app.screen
            assert isinstance(screen, StatsScreen)
            # The dataset gives every name to two people, so `/` would ask which: the choice
            # is made as the prompt's answer does, and the redraw timed from there.
            chosen = repo.employees()[3].id
            t = time.perf_counter()
            screen.employee = chosen
            screen.show_tab(screen.section)
            await pilot.pause()
            times["employee chosen (as / does)"] = _ms(t)
            await timed("what-if tab", pilot, "w")
            screen.views[screen.key("whatif")].target = 50_000_000  # type: ignore[attr-defined]
            await pilot.press("right", "right", "right")
            t = time.perf_counter()
            await pilot.press("plus")
            times["what-if + (a step 10% better)"] = _ms(t)
            t = time.perf_counter()
            await pilot.press("x")
            times["what-if x (undo)"] = _ms(t)
            await app.run_action("go('today')")
            await pilot.pause()
            invoice = _open_invoice(repo)
            repo.record_payment(invoice.id, today - timedelta(days=1), 100)
            await timed("open after a save (5)", pilot, "5")
            for key, tab in (("d", "duration"), ("f", "forecast")):
                await timed(f"tab {tab} after a save", pilot, key)
            times["gathered_in_worker"] = {  # type: ignore[assignment]
                f"{k[0]} {k[1:]}": round(v, 1) for k, v in screen.timings.items()
            }

    asyncio.run(run())
    repo.db._release()
    return {"ms": times, "rss_kib": _rss_kib(), "hwm_kib": _status_kib("VmHWM")}


MODES: dict[str, Callable[[Path, date, str], Result]] = {"views": views, "screen": screen}


if __name__ == "__main__":
    run_modes(MODES)
