"""The quality-control screens (routines 6–8) at the DESIGN §7 scale, through the console script.

    python benchmarks/bench_quality.py [--quick] [--dir PATH] [--runs N]

Builds the dataset of bench_store.py (50 employees × 5 years: 100,000 clients and deals,
110,000 invoices, ~20,000 call reviews, base reviews and a year of roll-call answers), or
reuses --dir if it holds one. Every run of the app works on its own copy (a status set on
the Roll-call is a save), so the dataset stays as built. Measured in a pty:

- Today: the `salestui` console script to Today drawn, 120×40 (first byte, data, drawn);
- from Today at rest (the read-ahead done), the keys below: Weekly base review (6) and its
  audit mode (Enter, Esc), Call listening (7) and its review form (Enter, Esc), Roll-call
  (8) with a day back and forth and a status set (a save), Today (0) and its supervision
  debt (s), then 6, 7, 8 again after the save; each key's first frame and settled screen;
- the same keys pressed right after Today's first frame, and once at 80×24;
- the peak RSS of the process over each tour.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _bench_pty import Frame, Key, Shown, Visit, first_frame, visit  # noqa: E402
from bench_sales import ms  # noqa: E402
from bench_store import (  # noqa: E402
    NARROW,
    QUICK_FRACTION,
    TODAY,
    WIDE,
    app_argv,
    build_dataset,
    child_env,
    table_counts,
    terminal_env,
    today_markers,
)

from salestui.i18n import PLURAL_BAR, tr_in  # noqa: E402

TARGET = "< 100 ms (hard 200)"
MEM_TARGET = "< 400 MB"
T = TypeVar("T")
TABLES = ("employees", "clients", "deals", "invoices", "call_reviews", "base_reviews", "rollcall")


def texts(*keys: str) -> Shown:
    """Return the longest literal part of every English form of each message, as Shown."""
    return Shown(
        tuple(
            max(re.split(r"\{[^}]*\}", form), key=len).strip()
            for key in keys
            for form in tr_in("en", key).split(PLURAL_BAR)
        )
    )


def tour() -> list[Key]:
    """Return the keys of one tour, from Today through routines 6–8 and back."""
    # The base review draws its list at once and its audit figures when a thread has
    # counted the base: it is complete once the selected employee's figures are shown.
    counted = texts("base.detail.filled")
    return [
        ("base review (6)", b"6", counted),
        ("audit mode (Enter)", b"\r", texts("base.audit.figures")),
        # A lone Esc waits for Textual's ESCDELAY (100 ms) in case a sequence follows.
        ("back from audit mode (Esc)", b"\x1b"),
        ("call listening (7)", b"7"),
        ("review form (Enter)", b"\r", texts("calls.form.hint")),
        ("back from the form (Esc)", b"\x1b"),
        ("roll-call (8)", b"8"),
        ("previous day ([)", b"["),
        ("next day (])", b"]"),
        ("a status set, saved (o)", b"o"),
        ("today (0)", b"0"),
        ("supervision debt (s)", b"s", texts("today.debt_title", "today.debt_none")),
        ("alerts again (s)", b"s"),
        # After the save: the base review counts again, the others read the store afresh.
        ("base review after a save (6)", b"6", counted),
        ("call listening after a save (7)", b"7"),
        ("roll-call after a save (8)", b"8"),
        ("today after a save (0)", b"0"),
    ]


def counts(path: Path) -> dict[str, int]:
    """Return how many documents the dataset's tables hold."""
    from salestui.store import Database

    db = Database(path)
    try:
        return table_counts(db, TABLES)
    finally:
        db.close()


def on_copy(source: Path, work: Path, run: Callable[[Path], T]) -> T:
    """Run a measurement on a fresh copy of the dataset (the app saves, and checkpoints)."""
    copy = work / "db"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(source, copy, symlinks=True)
    # The copy's 100 MB of dirty pages would otherwise be flushed by the app's first save
    # (ext4 commits them with the journal's fdatasync: ~0.3 s on the roll-call's `o`).
    os.sync()
    try:
        return run(copy)
    finally:
        shutil.rmtree(copy, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    """Reuse (or build) the dataset, measure, and print the results table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, help="the dataset: built here if empty, else reused")
    parser.add_argument("--quick", action="store_true", help="5 employees × 1 year, 1/20 tables")
    parser.add_argument("--runs", type=int, default=3, help="repeats of each measurement")
    args = parser.parse_args(argv)
    employees, years, fraction = (5, 1, QUICK_FRACTION) if args.quick else (50, 5, 1.0)
    runs = 1 if args.quick else args.runs
    work = Path(tempfile.mkdtemp(prefix="salestui-bench-quality-"))
    path = args.dir or work / "built"
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]
    term = terminal_env(child_env(Path(tempfile.gettempdir()) / "salestui-bench-pycache"))
    markers = today_markers()
    keys = tour()
    try:
        print(
            f"# salestui quality screens benchmark ({employees} employees × {years} years, "
            f"other tables × {fraction:g}), today = {TODAY}, load average "
            + " / ".join(f"{x:.1f}" for x in os.getloadavg())
        )
        if (path / "meta.json").exists():
            # Counted on a copy: opening a database writes its lock file.
            found = on_copy(path, work, counts)
            print(f"\nReused {path}: " + ", ".join(f"{t} {n:,}" for t, n in found.items()))
        else:
            t0 = time.perf_counter()
            info = build_dataset(
                path, employees=employees, months=12 * years, fraction=fraction, seed=7
            )
            print(
                f"\nBuilt in {time.perf_counter() - t0:.0f} s: "
                + ", ".join(f"{t} {n:,}" for t, n in info.counts.items())
            )

        def today(copy: Path) -> Frame:
            """Time the console script to Today drawn, 120×40."""
            return first_frame(app_argv(copy), term, WIDE, markers)

        def touring(size: tuple[int, int], idle: bool) -> Callable[[Path], Visit]:
            """Return a tour of the keys at a terminal size, at rest after Today or not."""
            return lambda copy: visit(
                app_argv(copy), term, size, markers, keys, idle=idle, text_frames=True
            )

        # A discarded start first: the bytecode cache and the page cache are then warm.
        on_copy(path, work, today)
        starts = [on_copy(path, work, today) for _ in range(runs)]
        rested = [on_copy(path, work, touring(WIDE, True)) for _ in range(runs)]
        hurried = [on_copy(path, work, touring(WIDE, False)) for _ in range(runs)]
        narrow = on_copy(path, work, touring(NARROW, True))
        # What the app holds before any quality screen: Today with its read-ahead done.
        resting = on_copy(
            path, work, lambda copy: visit(app_argv(copy), term, WIDE, markers, [], idle=True)
        )
        print("load average after the runs: " + " / ".join(f"{x:.1f}" for x in os.getloadavg()))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    report(starts, rested, hurried, narrow, resting)
    return 0


def spread(values: Sequence[float]) -> str:
    """Return the median and, over several runs, the range."""
    if len(values) == 1:
        return ms(values[0])
    return f"{ms(statistics.median(values))} ({ms(min(values))}–{ms(max(values))})"


def report(
    starts: list[Frame], rested: list[Visit], hurried: list[Visit], narrow: Visit, resting: Visit
) -> None:
    """Print the results table: medians, and ranges over the runs."""
    print(f"\n## Results (medians of {len(rested)} runs; ranges in brackets)\n")
    print("| what | key → first frame | key → settled | target |")
    print("|---|---|---|---|")
    print(
        "| `salestui` to Today, 120×40: first byte / Today's data / drawn | "
        f"{spread([s.first_byte_ms for s in starts])} / {spread([s.data_ms for s in starts])} | "
        f"{spread([s.drawn_ms for s in starts])} | < 0.5 s (floor ~0.66–0.94 s) |"
    )
    tours = [*rested, *hurried, narrow]
    print(
        "| … Today drawn in the tours (120×40 at rest and hurried, 80×24) | — | "
        f"{spread([t.first_frame_ms for t in tours])} | — |"
    )
    print(
        "| Today drawn → the app at rest (read-ahead done), 120×40 | — | "
        f"{spread([t.idle_ms for t in rested])} | — |"
    )
    for title, group in (
        ("at rest, 120×40", rested),
        ("at once after Today's first frame, 120×40", hurried),
        ("at rest, 80×24", [narrow]),
    ):
        print(f"| **{title}** | | | |")
        for name in group[0].screens_ms:
            print(
                f"| {name} | {spread([t.frames_ms[name] for t in group])} | "
                f"{spread([t.screens_ms[name] for t in group])} | {TARGET} |"
            )
    print(
        "| peak RSS: Today drawn / Today at rest, the read-ahead done, no key pressed | "
        f"{statistics.median(s.hwm_kib for s in starts) / 1024:.0f} / "
        f"{resting.hwm_kib / 1024:.0f} MiB | — | {MEM_TARGET} |"
    )
    peak = [t.hwm_kib / 1024 for t in tours]
    print(
        f"| peak RSS over a tour (VmHWM): at rest / hurried / 80×24 | "
        f"{statistics.median(t.hwm_kib for t in rested) / 1024:.0f} / "
        f"{statistics.median(t.hwm_kib for t in hurried) / 1024:.0f} / "
        f"{narrow.hwm_kib / 1024:.0f} MiB | max {max(peak):.0f} MiB; pandas "
        f"{'loaded' if any(t.pandas for t in tours) else 'never'}; exit codes "
        f"{sorted({t.exit_code for t in tours})} | {MEM_TARGET} |"
    )


if __name__ == "__main__":
    raise SystemExit(main())
