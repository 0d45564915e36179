"""Smoke test: the storage benchmark runs end to end at --quick scale and prints its table."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_store.py"
# The start of every row the Results table must have.
ROWS = (
    "| save latency: metrics cell (set_count), vs SQLite",
    "| save latency: invoice (add), vs SQLite",
    "| save latency: call review (add), vs SQLite",
    "| save latency: invoice (update, current year), vs SQLite",
    "| save latency: first save of a process",
    "| save latency: checkpoints",
    "| open time: `salestui` console script in a pty 120×40",
    "| open time: `salestui` console script in a pty 80×24",
    "| peak RSS (VmHWM): `salestui` console script",
    "| longest stall after the first frame, 5 employees",
    "| longest stall after the first frame, 15 employees",
    "| metrics report, one month (2026-10), `salestui report` as a process",
    "| metrics report, Jan–Oct 2026, `salestui report` as a process",
    "| open time: import + open",
    "| open time: TUI in-process",
)


def test_quick_benchmark_prints_the_results_table(tmp_path: Path) -> None:
    """`bench_store.py --quick` exits 0 and prints every row, measured as users run salestui."""
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--quick", "--dir", str(tmp_path / "db")],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
        cwd=SCRIPT.parents[1],
    )
    assert done.returncode == 0, done.stderr[-3000:]
    lines = done.stdout.splitlines()
    assert "| what | result | target (DESIGN §7) |" in lines
    for start in ROWS:
        assert any(line.startswith(start) for line in lines), (start, done.stdout)
    table = [line for line in lines if line.startswith("| ")]
    # Every SQLite row states the ratio; the console script quit on ctrl+q with exit code 0.
    assert sum("salestui/SQLite: median" in line for line in table) == 4, done.stdout
    pty = [line for line in table if "console script in a pty" in line]
    assert all("exit codes 0)" in line for line in pty), pty
    assert (tmp_path / "db.sqlite3").is_file()
    assert (tmp_path / "db-team" / "meta.json").is_file()
