"""The Stats screen (routines 4 and 5) at the DESIGN §7 scale: each tab, switches, memory.

    python benchmarks/bench_stats.py [--quick] [--dir PATH] [--runs N]

Builds the dataset of bench_store.py (50 employees × 5 years: 100,000 deals, 110,000
invoices and their payments), or reuses --dir if it holds one, then measures:

- each tab's numbers (ratios, duration, forecast, plan, what-if) computed cold, again, and
  right after a durable payment, in-process (what the screen's worker thread does);
- the app headless (Pilot) at 120×40 and 80×24, once the read-ahead is done: Stats opened
  by its key, every tab, the period and the employee switched, the what-if, and again
  after a save — from the key to the tab drawn with its numbers;
- the `salestui` console script in a pty through every tab (once at rest after Today, once
  with the keys pressed at once), then Stats again after a payment saved on Hot, with each
  key's first frame and settled screen, and the peak RSS.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _bench_pty import REST, visit  # noqa: E402
from bench_sales import ms, run_child  # noqa: E402
from bench_store import (  # noqa: E402
    QUICK_FRACTION,
    TODAY,
    app_argv,
    build_dataset,
    child_env,
    table_counts,
    terminal_env,
    today_markers,
)

CHILD = HERE / "_bench_stats.py"
# The tour of the console script: Stats by its key, then every tab by its letter.
KEYS = (
    ("stats (5)", b"5"),
    ("duration (d)", b"d"),
    ("forecast (f)", b"f"),
    ("plan (l)", b"l"),
    ("what-if (w)", b"w"),
    ("what-if: next employee (↓)", b"\x1b[B"),
    ("what-if: next step (→)", b"\x1b[C"),
    ("what-if: a step 10% better (+)", b"+"),
    ("what-if: undo (x)", b"x"),
    ("previous month (shift+left)", b"\x1b[1;2D"),
    ("ratios (r)", b"r"),
    ("today (0)", b"0"),
)
# A payment saved as a user saves one (Hot's first deal, `p`, the amount left, Enter; Esc
# declines the offer to mark the deal won, or goes back to Today), then Stats: its numbers
# are stale, drawn at once, and drawn again once counted.
AFTER_SAVE = (
    ("hot (2)", b"2"),
    ("payment dialog (p)", b"p"),
    ("saved (Enter)", b"\r"),
    ("Esc", b"\x1b"),
    ("stats after a save (5)", b"5"),
    ("duration after a save (d)", b"d"),
    ("forecast after a save (f)", b"f"),
    # Once more, with a rest before Stats: it counts its tabs again from behind Today.
    ("hot again (2)", b"2"),
    ("payment dialog again (p)", b"p"),
    ("saved again (Enter)", b"\r"),
    ("Esc again", b"\x1b"),
    ("(the app at rest)", REST),
    ("stats after a save and a rest (5)", b"5"),
    ("duration after a save and a rest (d)", b"d"),
)


def child(mode: str, path: Path, env: dict[str, str], arg: str = "") -> dict[str, Any]:
    """Run one measured body of _bench_stats.py in a fresh interpreter."""
    import bench_sales

    saved = bench_sales.CHILD
    bench_sales.CHILD = CHILD
    try:
        return run_child(mode, path, env, arg)
    finally:
        bench_sales.CHILD = saved


def median_of(runs: list[dict[str, Any]], key: str) -> dict[str, float]:
    """Return the median of each number under a key over several runs."""
    first = runs[0][key]
    return {
        k: statistics.median(r[key][k] for r in runs)
        for k, v in first.items()
        if isinstance(v, int | float)
    }


def main(argv: list[str] | None = None) -> int:
    """Build (or reuse) the dataset, measure, and print the results table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, help="the dataset: built here if empty, else reused")
    parser.add_argument("--quick", action="store_true", help="5 employees × 1 year, 1/20 tables")
    parser.add_argument("--runs", type=int, default=3, help="repeats of each measurement")
    args = parser.parse_args(argv)
    employees, years, fraction = (5, 1, QUICK_FRACTION) if args.quick else (50, 5, 1.0)
    runs = 1 if args.quick else args.runs
    tmp = Path(tempfile.mkdtemp(prefix="salestui-bench-stats-"))
    path = args.dir or tmp / "db"
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]
    env = child_env(Path(tempfile.gettempdir()) / "salestui-bench-pycache")
    try:
        print(
            f"# salestui Stats benchmark ({employees} employees × {years} years, "
            f"other tables × {fraction:g}), today = {TODAY}"
        )
        if (path / "meta.json").exists():
            print(f"\nReused {path}: " + ", ".join(f"{t} {n:,}" for t, n in counts(path).items()))
        else:
            t0 = time.perf_counter()
            info = build_dataset(
                path, employees=employees, months=12 * years, fraction=fraction, seed=7
            )
            print(
                f"\nBuilt in {time.perf_counter() - t0:.0f} s: "
                + ", ".join(f"{t} {n:,}" for t, n in info.counts.items())
            )
        views = [child("views", path, env) for _ in range(runs)]
        wide = [child("screen", path, env, "120x40") for _ in range(runs)]
        narrow = child("screen", path, env, "80x24")
        term = terminal_env(env)
        markers = today_markers()
        tour = [
            visit(app_argv(path), term, (120, 40), markers, KEYS, idle=True) for _ in range(runs)
        ]
        tour_narrow = visit(app_argv(path), term, (80, 24), markers, KEYS, idle=True)
        hurried = visit(app_argv(path), term, (120, 40), markers, KEYS)
        saved = visit(app_argv(path), term, (120, 40), markers, AFTER_SAVE, idle=True)
    finally:
        if args.dir is None:
            shutil.rmtree(tmp, ignore_errors=True)
    report(views, wide, narrow, tour, tour_narrow, hurried, saved)
    return 0


def counts(path: Path) -> dict[str, int]:
    """Return how many documents the reused dataset's tables hold."""
    from salestui.store import Database

    db = Database(path)
    try:
        return table_counts(db, ("employees", "clients", "deals", "invoices", "payments"))
    finally:
        db.close()


def report(
    views: list[dict[str, Any]],
    wide: list[dict[str, Any]],
    narrow: dict[str, Any],
    tour: list[Any],
    tour_narrow: Any,
    hurried: Any,
    saved: Any,
) -> None:
    """Print the results table."""
    print("\n## Results\n")
    print("| what | result | target (issue 8 §3) |")
    print("|---|---|---|")
    cold, warm, steady, after = (
        median_of(views, k) for k in ("cold", "warm", "steady", "after_save")
    )
    for tab in cold:
        print(
            f"| {tab}: numbers computed cold / again / best of 5 more / right after a save | "
            f"{ms(cold[tab])} / {ms(warm[tab])} / {ms(steady[tab])} / {ms(after[tab])} "
            "| < 100 ms once open |"
        )
    print(f"| deals in the deal columns | {views[0]['deals']:,} | — |")
    peak = max(v["hwm_kib"] for v in views) / 1024
    print(f"| peak RSS, every tab's numbers in-process | {peak:.0f} MiB | < 400 MB |")
    screen = median_of(wide, "ms")
    for name, value in screen.items():
        print(
            f"| app 120×40 (Pilot): {name} | {ms(value)} / 80×24 {ms(narrow['ms'][name])} "
            "| < 100 ms (hard 200) |"
        )
    print(
        f"| app (Pilot) peak RSS, every tab visited | {max(w['hwm_kib'] for w in wide) / 1024:.0f}"
        " MiB | < 400 MB |"
    )
    gathered = wide[0]["ms"].get("gathered_in_worker", {})
    if gathered:
        print(
            "| gathered in the worker thread (one run) | "
            + ", ".join(f"{k} {ms(v)}" for k, v in gathered.items())
            + " | — |"
        )
    everyone = [*tour, tour_narrow, hurried, saved]
    print(
        f"| peak RSS, `salestui` in a pty through every tab | "
        f"{max(t.hwm_kib for t in everyone) / 1024:.0f} MiB "
        f"(exit codes {sorted({t.exit_code for t in everyone})}) | < 400 MB |"
    )
    idle = statistics.median(t.idle_ms for t in tour)
    print(f"| `salestui` in a pty: Today drawn → the app at rest (read ahead) | {ms(idle)} | — |")
    for title, frames, shown in (
        (
            "at rest, 120×40",
            statistics_of([t.frames_ms for t in tour]),
            statistics_of([t.screens_ms for t in tour]),
        ),
        ("at rest, 80×24", tour_narrow.frames_ms, tour_narrow.screens_ms),
        ("at once after Today's first frame, 120×40", hurried.frames_ms, hurried.screens_ms),
        ("at rest, a payment saved on Hot, 120×40", saved.frames_ms, saved.screens_ms),
    ):
        print(
            f"| `salestui` in a pty, {title}: key → first frame / settled | "
            + ", ".join(f"{k} {ms(frames[k])} / {ms(v)}" for k, v in shown.items())
            + " | < 100 ms (hard 200) |"
        )


def statistics_of(runs: list[dict[str, float]]) -> dict[str, float]:
    """Return the median of each key over several runs."""
    return {key: statistics.median(r[key] for r in runs) for key in runs[0]}


if __name__ == "__main__":
    raise SystemExit(main())
