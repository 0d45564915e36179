"""SIGKILL writers of every table at random moments, hundreds of times, checkpoints included:
after each kill the database opens, passes check, holds every acknowledged save, and shows
no transaction by halves. The same with two writers killed one after the other.

Figures go to the README's "Reliability": run with `-s` to see them.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from salestui.models import (
    BaseReview,
    CallReview,
    Client,
    DailyMetrics,
    Deal,
    Invoice,
    Payment,
    Plan,
    RollCall,
    RoutineDone,
)
from salestui.store import Repository
from salestui.store.verify import verify
from tests.unit.crash_writer import setup

pytestmark = [
    pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork and POSIX signals"),
    pytest.mark.crash,
]

ROOT = Path(__file__).resolve().parents[2]
# The CI profile; `pytest -m crash --kills N` runs more.
KILLS = int(os.environ.get("SALESTUI_KILLS", "200"))


@dataclass
class Server:
    """The fork server (tests/unit/crash_writer.py) and what it was told."""

    proc: subprocess.Popen[str]
    seeds: int = 0

    def start(self, tag: str) -> int:
        """Fork a writer for a tag; return its pid."""
        self.seeds += 1
        return int(self._say(f"run {tag} {self.seeds}"))

    def kill(self, pid: int) -> int:
        """SIGKILL a writer and reap it; return its wait status."""
        os.kill(pid, signal.SIGKILL)
        return int(self._say(f"reap {pid}"))

    def _say(self, line: str) -> str:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()
        return self.proc.stdout.readline().strip()


@dataclass
class Expected:
    """What the acknowledgements say must be stored."""

    ids: dict[str, set[int]] = field(default_factory=dict)
    # The value a record's field must hold: the last acknowledged, or the one a writer was
    # saving when it was killed (durable, not yet acknowledged).
    last: dict[tuple[str, ...], set[str]] = field(default_factory=dict)
    batches: set[str] = field(default_factory=set)
    saves: int = 0
    # Writers killed inside a checkpoint (its start marked, its end not).
    in_checkpoint: int = 0


def _key(table: str, rest: list[str]) -> tuple[tuple[str, ...], str] | None:
    """Return the record-and-field key of a save that replaces a value, and the value."""
    if table == "metrics":
        return ("metrics", *rest[:3]), rest[3]
    if table in ("rollcall", "plans"):
        return (table, *rest[:2]), rest[2]
    return None


def read_acks(acks: Path) -> Expected:
    """Read every whole line: "? " before a save, "+ " once it returned, in order."""
    expected = Expected()
    in_flight: dict[str, tuple[tuple[str, ...], str]] = {}
    checkpointing: dict[str, bool] = {}
    for line in acks.read_text(encoding="utf-8").splitlines(keepends=True):
        if not line.endswith("\n"):
            break  # cut by the kill: not an acknowledgement
        mark, writer, table, *rest = line.split()
        if table == "checkpoint":
            checkpointing[writer] = mark == "<"
            continue
        keyed = _key(table, rest)
        if mark == "?":
            if keyed is not None:
                in_flight[writer] = keyed
            continue
        expected.saves += 1
        in_flight.pop(writer, None)
        if keyed is not None:
            expected.last[keyed[0]] = {keyed[1]}
        elif table == "routine_log":
            days = expected.ids.setdefault("routine_log_days", set())
            days.add(date.fromisoformat(rest[0]).toordinal())
        elif table == "batch":
            expected.batches.add(rest[0])
        elif table == "invoices":
            expected.ids.setdefault("invoices", set()).add(int(rest[0]))
            expected.ids.setdefault("payments", set()).add(int(rest[1]))
        else:
            expected.ids.setdefault(table, set()).add(int(rest[0]))
    expected.in_checkpoint = sum(checkpointing.values())
    for key, value in in_flight.values():
        # Never acknowledged before, the field may still be empty ("None").
        expected.last.setdefault(key, {"None"}).add(value)
    return expected


TYPES: dict[str, type[Any]] = {
    "clients": Client,
    "deals": Deal,
    "invoices": Invoice,
    "payments": Payment,
    "call_reviews": CallReview,
    "base_reviews": BaseReview,
}


def check_after_kill(path: Path, acks: Path, *, writable: bool) -> Expected:
    """Open the killed database; assert every acknowledged save is there, every ten-record
    transaction whole or absent, and check finds nothing. Returns what was expected."""
    expected = read_acks(acks)
    repo = Repository.open(path, writable=writable)
    try:
        for table, ids in expected.ids.items():
            if table in TYPES:
                stored = {r.id for r in repo.all(TYPES[table])}
                assert ids <= stored, (table, sorted(ids - stored)[:5])
        days = {r.date.toordinal() for r in repo.all(RoutineDone)}
        assert expected.ids.get("routine_log_days", set()) <= days
        metrics = {(str(m.employee_id), m.date.isoformat()): m for m in repo.all(DailyMetrics)}
        rollcall = {(str(r.employee_id), r.date.isoformat()): r for r in repo.all(RollCall)}
        plans = {(str(p.employee_id), p.month): p for p in repo.all(Plan)}
        code = repo.settings().metric_codes()[0]
        for key, values in expected.last.items():
            record = (key[1], key[2])
            if key[0] == "metrics":
                row = metrics.get(record)
                found = str(row.counts.get(key[3]) if row else None)
            elif key[0] == "rollcall":
                answer = rollcall.get(record)
                found = str(answer.status if answer else None)
            else:
                plan = plans.get(record)
                found = str(plan.targets.get(code) if plan else None)
            assert found in values, (key, found, values)
        # A transaction of ten clients: all of them or none, acknowledged or not.
        sizes = Counter(c.name.rsplit(" ", 1)[0] for c in repo.all(Client) if "-tx" in c.name)
        assert set(sizes.values()) <= {10}, sizes
        assert expected.batches <= set(sizes), expected.batches - set(sizes)
        findings = [f for f in verify(repo) if f.kind != "loose"]
        assert findings == [], [f.line() for f in findings[:5]]
    finally:
        repo.close()
    return expected


def saving(acks: Path, writer: str) -> None:
    """Wait (up to 10 s) until a writer has acknowledged its first save."""
    mark = f"+ {writer} ".encode()
    deadline = time.monotonic() + 10
    while mark not in acks.read_bytes()[-4096:] and time.monotonic() < deadline:
        time.sleep(0.001)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    """A fork server writing to a fresh database in tmp_path."""
    path, acks = tmp_path / "db", tmp_path / "acks"
    setup(path)
    acks.touch()
    env = os.environ | {"PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.unit.crash_writer", str(path), str(acks), str(tmp_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )
    found = Server(proc)
    assert proc.stdout is not None and proc.stdout.readline() == "ready\n"
    yield found
    proc.kill()
    proc.wait()


def test_one_writer_killed_at_random_moments(server: Server, tmp_path: Path) -> None:
    """KILLS kills, most 0-30 ms after a writer's first save, some while it opens; it saves
    every table and checkpoints every few dozen saves."""
    rng = random.Random(20261127)
    path, acks = tmp_path / "db", tmp_path / "acks"
    started = time.monotonic()
    expected = Expected()
    for round_no in range(KILLS):
        pid = server.start("a")
        if round_no % 5:  # most kills come once it saves; one in five while it opens
            saving(acks, f"a{server.seeds}")
        time.sleep(rng.uniform(0.0, 0.03))
        status = server.kill(pid)
        assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, status
        expected = check_after_kill(path, acks, writable=round_no % 4 == 0)
    took = time.monotonic() - started
    assert expected.saves >= KILLS * 4 // 5
    print(
        f"\n{KILLS} kills ({expected.in_checkpoint} inside a checkpoint), "
        f"{expected.saves} acknowledged saves, 0 lost, {took:.0f} s"
    )


def test_two_writers_killed_one_after_the_other(server: Server, tmp_path: Path) -> None:
    """Two writers at once, each killed at its own random moment; which goes first alternates."""
    rng = random.Random(7)
    path, acks = tmp_path / "db", tmp_path / "acks"
    started = time.monotonic()
    expected = Expected()
    rounds = max(KILLS // 8, 10)
    for round_no in range(rounds):
        pids = [server.start("a"), server.start("b")]
        saving(acks, f"b{server.seeds}")
        if round_no % 2:
            pids.reverse()
        for pid in pids:
            time.sleep(rng.uniform(0.005, 0.06))
            status = server.kill(pid)
            assert os.WIFSIGNALED(status), status
        expected = check_after_kill(path, acks, writable=round_no % 2 == 1)
    took = time.monotonic() - started
    print(
        f"\n{2 * rounds} kills of two writers ({expected.in_checkpoint} inside a checkpoint), "
        f"{expected.saves} acknowledged saves, 0 lost, {took:.0f} s"
    )
