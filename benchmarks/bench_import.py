"""Importing 100,000 rows (DESIGN §7: < 10 s, peak < 400 MB), through the console script.

    python benchmarks/bench_import.py [--rows N] [--runs N]

Writes a CRM-like deals CSV (50 owners, 20,000 accounts, open, won and lost deals over five
years, a reference each) and a call log of as many calls, then runs `salestui import deals`
and `salestui import calllog` into a fresh database each run, timing the whole process and
reading its peak RSS. Beside them, the floor: pandas reading the same file alone.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

SCRIPT = Path(sys.executable).with_name("salestui")
START = date(2021, 1, 1)


def write_deals(path: Path, rows: int, seed: int = 7) -> None:
    """Write a deals CSV as a CRM exports it."""
    rng = random.Random(seed)
    owners = [f"Agent {n:02d}" for n in range(50)]
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(
            [
                "opportunity_id",
                "sales_agent",
                "account",
                "engage_date",
                "deal_stage",
                "close_date",
                "close_value",
            ]
        )
        for n in range(rows):
            created = START + timedelta(days=rng.randrange(1800))
            stage = rng.choice(["Engaging", "Won", "Won", "Lost"])
            closed = (
                created + timedelta(days=rng.randrange(1, 120))
                if stage in ("Won", "Lost")
                else None
            )
            value = f"{rng.randrange(100, 900_000) / 100:.2f}" if stage == "Won" else ""
            out.writerow(
                [
                    f"OP{n:07d}",
                    rng.choice(owners),
                    f"Account {rng.randrange(20_000):05d}",
                    created.isoformat(),
                    stage,
                    closed.isoformat() if closed else "",
                    value,
                ]
            )


def write_calls(path: Path, rows: int, seed: int = 7) -> None:
    """Write a call log: one row per call, agent, date, answered or not."""
    rng = random.Random(seed)
    agents = [f"Agent {n:02d}" for n in range(50)]
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["Call Id", "Agent", "Date", "Answered (Y/N)"])
        for n in range(rows):
            day = START + timedelta(days=rng.randrange(365))
            out.writerow([f"ID{n:07d}", rng.choice(agents), day.isoformat(), rng.choice("YYN")])


DEALS = [
    "--map", "opportunity_id=ref", "--map", "sales_agent=owner", "--map", "account=client",
    "--map", "engage_date=created", "--map", "close_date=closed", "--map", "close_value=amount",
    "--map", "deal_stage=stage", "--map-values", "stage:Engaging=meeting,Won=won,Lost=lost",
]  # fmt: skip
CALLS = [
    "--employee-col",
    "Agent",
    "--date-col",
    "Date",
    "--count-if",
    "conversations:Answered (Y/N)=Y",
]


def timed(args: list[str]) -> tuple[float, float, str]:
    """Run the console script; return seconds, its peak RSS in MiB, and its first line."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        child = subprocess.Popen([str(SCRIPT), *args], stdout=out, stderr=err, text=True)
        _, status, usage = os.wait4(child.pid, 0)  # this child's own peak, not the largest
        took = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        if status != 0:
            raise SystemExit(f"{' '.join(args[:6])}: {err.read().strip()}")
        return took, usage.ru_maxrss / 1024, out.readline().strip()


def main() -> None:
    """Time the imports and print a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-import-"))
    try:
        deals, calls = work / "deals.csv", work / "calls.csv"
        write_deals(deals, args.rows)
        write_calls(calls, args.rows)
        import pandas as pd

        floor = []
        for _ in range(args.runs):
            started = time.perf_counter()
            pd.read_csv(deals, dtype=str, keep_default_na=False)
            floor.append(time.perf_counter() - started)
        results: dict[str, list[tuple[float, float, str]]] = {"deals": [], "calllog": []}
        for run in range(args.runs):
            for kind, path, extra in (("deals", deals, DEALS), ("calllog", calls, CALLS)):
                db = work / f"db-{kind}-{run}"
                results[kind].append(
                    timed(["--db", str(db), "--lang", "en", "import", kind, str(path), *extra])
                )
        head = f"| import of {args.rows:,} rows, {args.runs} runs | seconds: median (range) |"
        print(head + " peak RSS | target |")
        print("|---|---|---|---|")
        for kind, found in results.items():
            times = [t for t, _, _ in found]
            spread = f"{statistics.median(times):.1f} ({min(times):.1f}–{max(times):.1f})"
            peak = max(m for _, m, _ in found)
            print(f"| `salestui import {kind}` | {spread} | {peak:.0f} MiB | < 10 s, < 400 MB |")
        alone = statistics.median(floor)
        print(f"| pandas reading the deals CSV alone (the floor) | {alone:.2f} | — | — |")
        print()
        print("first lines:", "; ".join(found[0][2] for found in results.values()))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
