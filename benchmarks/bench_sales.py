"""The sales routines at the DESIGN §7 scale: saves, the hot list, finance, receivables, memory.

    python benchmarks/bench_sales.py [--quick] [--dir PATH] [--saves N]

Builds the same dataset as bench_store.py (50 employees × 5 years: 100,000 clients and deals,
110,000 invoices and their payments) and its SQLite copy, then measures:

- a durable save of a deal, an invoice and a payment, interleaved with the same save in
  SQLite (WAL, synchronous=FULL), medians and p95;
- the hot list, the month's finance, receivables, the weekly chart, plans and Today's alerts,
  computed from a cold start and again right after a save (in-process, as a screen asks);
- each sales screen opened in the app (headless, Pilot) and again after a save;
- the `salestui` console script in a pty through every screen, with its peak RSS.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _bench_pty import Markers, visit  # noqa: E402
from _bench_sqlite import build_sqlite  # noqa: E402
from bench_store import (  # noqa: E402
    MARKER,
    QUICK_FRACTION,
    TODAY,
    app_argv,
    build_dataset,
    child_env,
    p95,
    terminal_env,
    today_markers,
)

CHILD = HERE / "_bench_sales.py"
# Every screen a morning visits, by the key a terminal sends for it.
KEYS = (
    ("hot (2)", b"2"),
    ("finance (3)", b"3"),
    ("plans (P)", b"P"),
    ("today (0)", b"0"),
    ("clients & deals (c)", b"c"),
    ("daily metrics (1)", b"1"),
    ("team (9)", b"9"),
    ("today (0) again", b"0"),
)


def run_child(mode: str, path: Path, env: dict[str, str], arg: str = "") -> dict[str, Any]:
    """Run one measured body in a fresh interpreter and return its result."""
    command = [sys.executable, str(CHILD), mode, str(path), TODAY.isoformat(), arg]
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=900, check=False, env=env
    )
    if done.returncode != 0:
        sys.stderr.write(done.stdout[-2000:] + done.stderr[-4000:])
        raise SystemExit(f"benchmark child {mode!r} failed with exit code {done.returncode}")
    for line in reversed(done.stdout.splitlines()):
        if line.startswith(MARKER):
            result: dict[str, Any] = json.loads(line[len(MARKER) :])
            return result
    raise SystemExit(f"benchmark child {mode!r} printed no result:\n{done.stdout[-2000:]}")


def ms(value: float) -> str:
    """Format milliseconds."""
    return f"{value:.1f} ms" if value < 10 else f"{value:.0f} ms"


def median_map(runs: list[dict[str, float]]) -> dict[str, float]:
    """Return the median of each key over several runs."""
    return {key: statistics.median(r[key] for r in runs) for key in runs[0]}


def main(argv: list[str] | None = None) -> int:
    """Build the dataset (or reuse --dir), measure, and print the results table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, help="build here (new or empty) and keep it")
    parser.add_argument("--quick", action="store_true", help="5 employees × 1 year, 1/20 tables")
    parser.add_argument("--saves", type=int, default=200, help="saves of each kind")
    parser.add_argument("--runs", type=int, default=3, help="repeats of each measurement")
    args = parser.parse_args(argv)
    employees, years, fraction = (5, 1, QUICK_FRACTION) if args.quick else (50, 5, 1.0)
    runs = 1 if args.quick else args.runs
    saves = min(args.saves, 30) if args.quick else args.saves
    tmp = Path(tempfile.mkdtemp(prefix="salestui-bench-sales-"))
    path = args.dir or tmp / "db"
    sqlite_file = path.with_name(f"{path.name}.sqlite3")
    for taken in (path, sqlite_file):
        if taken.exists() and (taken.is_file() or any(taken.iterdir())):
            parser.error(f"{taken} exists and is not empty")
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]
    env = child_env(Path(tempfile.gettempdir()) / "salestui-bench-pycache")
    try:
        print(
            f"# salestui sales benchmark ({employees} employees × {years} years, "
            f"other tables × {fraction:g}), today = {TODAY}"
        )
        t0 = time.perf_counter()
        info = build_dataset(
            path, employees=employees, months=12 * years, fraction=fraction, seed=7
        )
        build_sqlite(path, sqlite_file)
        print(
            f"\nBuilt in {time.perf_counter() - t0:.0f} s: "
            + ", ".join(f"{t} {n:,}" for t, n in info.counts.items())
        )
        views = [run_child("views", path, env) for _ in range(runs)]
        screens = [run_child("screens", path, env) for _ in range(runs)]
        floors = [run_child("floor", path, env) for _ in range(runs)]
        options = json.dumps({"count": saves, "sqlite": str(sqlite_file)})
        save = run_child("saves", path, env, options)
        term = terminal_env(env)
        markers = today_markers()
        tour = [visit(app_argv(path), term, (120, 40), markers, KEYS) for _ in range(runs)]
        narrow = visit(app_argv(path), term, (80, 24), markers, KEYS)
    finally:
        if args.dir is None:
            shutil.rmtree(tmp, ignore_errors=True)
    report(views, screens, floors, save, tour, narrow, markers)
    return 0


def report(
    views: list[dict[str, Any]],
    screens: list[dict[str, Any]],
    floors: list[dict[str, Any]],
    save: dict[str, Any],
    tour: list[Any],
    narrow: Any,
    markers: Markers,
) -> None:
    """Print the results table and the details."""
    print("\n## Results\n")
    print("| what | result | target (DESIGN §7, issue 7) |")
    print("|---|---|---|")
    for kind, pair in save["timings"].items():
        ours, theirs = pair["salestui"], pair["sqlite"]
        ratio = statistics.median(ours) / statistics.median(theirs)
        print(
            f"| save: {kind}, vs SQLite | median {ms(statistics.median(ours))}, p95 "
            f"{ms(p95(ours))}; SQLite median {ms(statistics.median(theirs))} "
            f"(salestui/SQLite: median {ratio:.2f}×) | ≤ 1 ms median |"
        )
    cold = median_map([v["cold"] for v in views])
    ahead = median_map([v["ahead"] for v in views])
    after = median_map([v["after_save"] for v in views])
    for name in cold:
        print(
            f"| computed: {name.replace('_', ' ')}: cold / once read ahead / after a save | "
            f"{ms(cold[name])} / {ms(ahead[name])} / {ms(after[name])} | < 100 ms |"
        )
    took = statistics.median(v["read_ahead_ms"] for v in views)
    print(f"| the read-ahead, in a process with nothing else to do | {ms(took)} | — |")
    opened = median_map([s["open_ms"] for s in screens])
    again = median_map([s["after_save_ms"] for s in screens])
    for name, value in opened.items():
        later = f" / {ms(again[name])} after a save" if name in again else ""
        print(f"| screen opened (Pilot, 120×40): {name} | {ms(value)}{later} | < 100 ms |")
    bare = median_map([f["open_ms"] for f in floors])
    print(
        "| … a bare Textual screen (header, search box, 120-row table, footer), no data, "
        f"same way | {ms(bare['first'])} / {ms(bare['again'])} opened again | the floor |"
    )
    print(
        "| … a bare Textual screen of the Clients & deals shape (header, search box, 35 lines "
        f"of text, footer) | {ms(bare['lines_first'])} / {ms(bare['lines_again'])} opened again "
        "| the floor |"
    )
    hwm = max(t.hwm_kib for t in [*tour, narrow])
    first = statistics.median(t.first_frame_ms for t in tour)
    print(
        f"| peak RSS, `salestui` in a pty through every screen | {hwm / 1024:.0f} MiB "
        f"(pandas mapped: {'yes' if any(t.pandas for t in tour) else 'no'}; "
        f"exit codes {sorted({t.exit_code for t in [*tour, narrow]})}) | < 400 MB |"
    )
    print(
        f"| `salestui` in a pty to Today drawn, 120×40, median | {ms(first)} "
        "| issue 6's 0.78 s + 20 % |"
    )
    screens_ms = median_map([t.screens_ms for t in tour])
    print(
        "| `salestui` in a pty, key to screen drawn, 120×40 | "
        + ", ".join(f"{k} {ms(v)}" for k, v in screens_ms.items())
        + " | < 100 ms + drawing |"
    )
    print(
        "| `salestui` in a pty, key to screen drawn, 80×24 | "
        + ", ".join(f"{k} {ms(v)}" for k, v in narrow.screens_ms.items())
        + " | |"
    )
    print("\n## Details\n")
    last = views[-1]
    print(
        f"- open (as the app): {ms(statistics.median(v['open_ms'] for v in views))}; "
        f"a payment saved {ms(last['save_ms'])}"
    )
    print(f"- counts: {last['counts']}")
    print(f"- shards parsed by the queries: {last['loaded']}")
    print(
        f"- in-process RSS after the queries: {last['rss_kib'] / 1024:.0f} MiB; after the "
        f"screens (headless): {screens[-1]['rss_kib'] / 1024:.0f} MiB"
    )
    print(f"- Today markers: {markers.checklist[0]!r}, {markers.alerts[0]!r}")


if __name__ == "__main__":
    raise SystemExit(main())
