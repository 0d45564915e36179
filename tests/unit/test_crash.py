"""SIGKILL a saving process at random moments: every acknowledged save must survive."""

from __future__ import annotations

import dataclasses
import inspect
import os
import random
import signal
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path

import pytest

from salestui.models import Client
from salestui.store import Repository, journal

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")

WATCHDOG_S = 20.0


def make_client(tag: str, i: int) -> Client:
    """The i-th record a child saves: clients of May in three years, so three shard files."""
    return Client(
        name=f"{tag} client {i}",
        owner=i,
        created=date(2024 + i % 3, 5, 1 + i % 28),
        comment="note " + "x" * (i % 60),
    )


# The child saves records forever, printing "i id" once each save has returned.
CHILD = (
    """
import sys
import time
from datetime import date
from pathlib import Path

import salestui.store.engine as engine
from salestui.models import Client
from salestui.store import Repository

"""
    + inspect.getsource(make_client)
    + """
path, tag, checkpoint_bytes, mode = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), sys.argv[4]
if checkpoint_bytes:
    engine.CHECKPOINT_BYTES = engine.HARD_CHECKPOINT_BYTES = checkpoint_bytes
repo = Repository.open(path, create=True)
if mode == "pause":
    write = engine.atomic_write

    def write_then_wait(file, data):
        write(file, data)
        print("checkpoint", flush=True)
        time.sleep(60)

    engine.atomic_write = write_then_wait
print("ready", flush=True)
for i in range(1_000_000):
    record = repo.add(make_client(tag, i))
    print(i, record.id, flush=True)
"""
)


def run_child(
    path: Path, tag: str, *, delay: float = 0.0, checkpoint_bytes: int = 0, pause: bool = False
) -> dict[int, int]:
    """Run a saving child, SIGKILL it, and return the ids it acknowledged, by index."""
    args = [sys.executable, "-c", CHILD, str(path), tag, str(checkpoint_bytes)]
    proc = subprocess.Popen(
        [*args, "pause" if pause else "run"], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert proc.stdout is not None
    watchdog = threading.Timer(WATCHDOG_S, proc.kill)
    watchdog.start()
    seen: list[bytes] = []
    try:
        first = proc.stdout.readline()
        if first == b"ready\n":
            if pause:
                # Kill once the checkpoint has replaced one shard file, before the rest.
                while (line := proc.stdout.readline()) not in (b"checkpoint\n", b""):
                    seen.append(line)
                assert line == b"checkpoint\n", "the child never checkpointed"
            else:
                time.sleep(delay)
            os.kill(proc.pid, signal.SIGKILL)
        # Not communicate(): it reads the raw pipe and would skip the lines that readline()
        # already pulled into the buffer (a loaded machine lets the child get ahead).
        out = proc.stdout.read()
        err = proc.stderr.read() if proc.stderr is not None else b""
        proc.wait()
    finally:
        watchdog.cancel()
    assert first == b"ready\n", err.decode(errors="replace")
    assert proc.returncode == -signal.SIGKILL, err.decode(errors="replace")
    acked: dict[int, int] = {}
    for line in b"".join(seen).split(b"\n") + out.split(b"\n")[:-1]:
        if line:
            index, record_id = map(int, line.split())
            acked[index] = record_id
    # A line cut by the kill is not an acknowledgement; the rest count up from 0.
    assert sorted(acked) == list(range(len(acked)))
    return acked


def verify(path: Path, acked: dict[str, dict[int, int]], *, writable: bool) -> int:
    """Open the killed database; every acknowledged save must be there, exactly.

    Besides them, a killed round may have left only its next save, durable but not yet
    acknowledged. Returns how many such saves there are.
    """
    repo = Repository.open(path, writable=writable)
    try:
        stored = {c.id: c for c in repo.all(Client)}
    finally:
        repo.close()
    for tag, ids in acked.items():
        for index, record_id in ids.items():
            assert stored.get(record_id) == dataclasses.replace(
                make_client(tag, index), id=record_id
            ), (tag, index)
    known = {record_id for ids in acked.values() for record_id in ids.values()}
    extra = [stored[i] for i in set(stored) - known]
    for client in extra:
        tag, _, index = client.name.split()
        assert int(index) == len(acked[tag]), client
        assert dataclasses.replace(client, id=0) == make_client(tag, int(index))
    assert len({c.name.split()[0] for c in extra}) == len(extra)
    return len(extra)


def test_kill_at_random_moments(tmp_path: Path) -> None:
    """Five kills 20-200 ms into a run of saves lose no acknowledged save."""
    rng = random.Random(20261126)
    path = tmp_path / "db"
    acked: dict[str, dict[int, int]] = {}
    for round_no in range(5):
        tag = f"r{round_no}"
        acked[tag] = run_child(path, tag, delay=rng.uniform(0.02, 0.2))
        # Alternate: a reader leaves the torn tail for the next writer; a writer cuts it.
        verify(path, acked, writable=round_no % 2 == 0)
    assert sum(map(len, acked.values())) > 0


def test_kill_with_frequent_checkpoints(tmp_path: Path) -> None:
    """With a 2000-byte checkpoint threshold kills also land inside checkpoints: no loss."""
    rng = random.Random(7)
    path = tmp_path / "db"
    acked: dict[str, dict[int, int]] = {}
    for round_no in range(4):
        tag = f"c{round_no}"
        # Long enough for dozens of saves even on a loaded machine, so checkpoints happen.
        acked[tag] = run_child(path, tag, delay=rng.uniform(0.15, 0.3), checkpoint_bytes=2000)
        verify(path, acked, writable=round_no % 2 == 1)
    # The child really checkpointed: shard files exist for all three months.
    assert sorted(p.name for p in (path / "clients").iterdir() if p.suffix == ".json") == [
        "2024-05.json",
        "2025-05.json",
        "2026-05.json",
    ]


def test_kill_in_the_middle_of_a_checkpoint(tmp_path: Path) -> None:
    """A kill after one shard file was replaced but before the journal was emptied loses nothing."""
    path = tmp_path / "db"
    acked = {"p": run_child(path, "p", checkpoint_bytes=2000, pause=True)}
    assert len(acked["p"]) >= 3
    # The kill came mid-checkpoint: one shard rewritten, the others not, the journal still full.
    assert len(journal.pending(path)) >= 3
    assert sorted(p.name for p in (path / "clients").glob("*.json")) == ["2024-05.json"]
    assert verify(path, acked, writable=False) <= 1
    # A normal child carries on from there, and a writer's open tidies everything up.
    acked["q"] = run_child(path, "q", delay=0.05)
    verify(path, acked, writable=True)
    assert journal.pending(path) == []
