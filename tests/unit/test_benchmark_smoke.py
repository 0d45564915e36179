"""Smoke test: the storage benchmark runs end to end at --quick scale and prints its table."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_store.py"


def test_quick_benchmark_prints_the_results_table(tmp_path: Path) -> None:
    """`bench_store.py --quick` exits 0 and prints the save-latency and open-time rows."""
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--quick", "--dir", str(tmp_path / "db")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=SCRIPT.parents[1],
    )
    assert done.returncode == 0, done.stderr[-3000:]
    lines = done.stdout.splitlines()
    assert "| what | result | target (DESIGN §7) |" in lines
    assert any(line.startswith("| save latency: metrics cell") for line in lines), done.stdout
    assert any(line.startswith("| save latency: invoice") for line in lines), done.stdout
    assert any(line.startswith("| open time: TUI to first frame") for line in lines), done.stdout
    assert any(line.startswith("| open time: import + open") for line in lines), done.stdout
