"""Two processes writing one database: neither loses the other's saves (distinct records,
different fields of one record, payments to one invoice), the later save of one field wins
and the other process is told, and a process killed holding the lock blocks nobody."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from salestui.cli import main
from salestui.models import Client, Deal, Employee, Invoice, Payment
from salestui.store import Repository, folder

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")

DAY = date(2026, 11, 2)
SAVES = 1000

# A child makes SAVES saves, four kinds in turn, once the parent says go: its own client
# (distinct records), one count of a shared metrics row (one record, its own field), one
# field of a shared client from a copy read long ago (a stale copy: only its field may be
# written), and a one-cent payment of a shared invoice (both change its paid total).
CHILD = """
import sys, time
from dataclasses import replace
from datetime import date
from pathlib import Path
from salestui.models import Client
from salestui.store import Repository

path, tag, go = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
ann, shared, invoice, saves = (int(a) for a in sys.argv[4:8])
day = date(2026, 11, 2)
repo = Repository.open(path)
code = repo.settings().metric_codes()[0 if tag == "a" else 1]
stale = repo.get(Client, shared)
field = "phone" if tag == "a" else "email"
print("ready", flush=True)
while not go.exists():
    time.sleep(0.001)
for i in range(saves):
    kind = i % 4
    if kind == 0:
        repo.add(Client(f"{tag} {i}", ann, day))
    elif kind == 1:
        repo.set_count(ann, day, code, i)
    elif kind == 2:
        value = f"+1 555 {i:04d}" if tag == "a" else f"{tag}{i}@example.com"
        repo.update(replace(stale, **{field: value}), before=stale)
    else:
        repo.record_payment(invoice, day, 1)
repo.close()
print("done", flush=True)
"""


def test_two_processes_interleave_a_thousand_saves_each_and_lose_none(tmp_path: Path) -> None:
    """2 × 1,000 saves at once: every client, both counts, both fields, every payment."""
    path = tmp_path / "db"
    repo = Repository.open(path, create=True)
    ann = repo.add_employee(Employee("Ann", hired=date(2026, 1, 1)))
    shared = repo.add(Client("Shared", ann.id, DAY))
    deal = repo.add_deal(Deal(shared.id, ann.id, DAY, "meeting"), DAY)
    invoice = repo.issue_invoice(Invoice("INV-1", deal.id, ann.id, DAY, 10_000_00, DAY))
    codes = repo.settings().metric_codes()[:2]
    repo.close()
    go = tmp_path / "go"
    args = [str(path), "", str(go), str(ann.id), str(shared.id), str(invoice.id), str(SAVES)]
    children = []
    for tag in ("a", "b"):
        argv = [sys.executable, "-c", CHILD, args[0], tag, *args[2:]]
        children.append(subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE))
    for child in children:
        assert child.stdout is not None
        assert child.stdout.readline() == b"ready\n"
    started = time.monotonic()
    go.touch()
    for child in children:
        out, err = child.communicate(timeout=120)
        assert (child.returncode, out) == (0, b"done\n"), err.decode(errors="replace")
    took = time.monotonic() - started

    repo = Repository.open(path, writable=False)
    try:
        names = [c.name for c in repo.all(Client)]
        for tag in ("a", "b"):
            assert sorted(n for n in names if n.startswith(f"{tag} ")) == sorted(
                f"{tag} {i}" for i in range(0, SAVES, 4)
            )
        row = repo.metrics_for(ann.id, DAY)
        assert row is not None
        assert (row.counts[codes[0]], row.counts[codes[1]]) == (SAVES - 3, SAVES - 3)
        client = repo.get(Client, shared.id)
        assert client is not None
        assert (client.name, client.phone) == ("Shared", f"+1 555 {SAVES - 2:04d}")
        assert client.email == f"b{SAVES - 2}@example.com"
        paid = repo.invoice(invoice.id)
        payments = [p for p in repo.all(Payment) if p.invoice_id == invoice.id]
        assert len(payments) == 2 * SAVES // 4
        assert paid.paid == len(payments)
    finally:
        repo.close()
    assert main(["--db", str(path), "check"]) == 0
    print(f"2 × {SAVES} interleaved saves in {took:.1f} s, 0 lost")


def test_the_later_save_of_a_field_wins_and_the_other_process_is_told(tmp_path: Path) -> None:
    """Both save the same client's phone: the later one stays, and the earlier process is
    told which record another session changed; its other fields are untouched."""
    path = tmp_path / "db"
    first = Repository.open(path, create=True)
    second = Repository.open(path)
    try:
        ann = first.add_employee(Employee("Ann"))
        client = first.add(Client("Acme", ann.id, DAY, phone="1"))
        second.follow()
        read = second.get(Client, client.id)
        assert read == client
        first.update(replace(client, phone="2", email="a@acme.test"), before=client)
        second.update(replace(read, phone="3"), before=read)  # later, from a stale copy
        assert first.take_conflicts() == []
        assert first.follow()
        conflicts = first.take_conflicts()
        assert [(t, i, d) for t, i, _, d in conflicts] == [("clients", client.id, False)]
        assert conflicts[0][2] is not None and conflicts[0][2]["name"] == "Acme"
        stored = first.get(Client, client.id)
        assert stored is not None
        assert (stored.phone, stored.email) == ("3", "a@acme.test")
        assert second.take_conflicts() == []
    finally:
        first.close()
        second.close()


def test_a_deal_saved_from_a_stale_copy_keeps_the_other_sessions_field(tmp_path: Path) -> None:
    """One session changes a deal's amount, another (from a copy read before) its
    probability: the deal ends with both, and the record returned is the one stored."""
    path = tmp_path / "db"
    first = Repository.open(path, create=True)
    second = Repository.open(path)
    try:
        ann = first.add_employee(Employee("Ann"))
        deal = first.add_deal(Deal(None, ann.id, DAY, "meeting", amount=100_00), DAY)
        second.follow()
        stale = second.deal(deal.id)
        first.update(replace(deal, amount=200_00), before=deal)
        merged = second.update(replace(stale, probability=40), before=stale)
        assert (merged.amount, merged.probability) == (200_00, 40)
        assert second.deal(deal.id) == merged
    finally:
        first.close()
        second.close()


HOLDER = """
import sys, time
from datetime import date
from pathlib import Path
from salestui.models import Client
from salestui.store import Repository

repo = Repository.open(Path(sys.argv[1]))
with repo.transaction():
    repo.add(Client("Never acknowledged", 1, date(2026, 11, 2)))
    print("holding", flush=True)
    time.sleep(60)
"""


def test_a_process_killed_holding_the_lock_blocks_nobody(tmp_path: Path) -> None:
    """SIGKILL while a transaction holds the writer lock: the next save goes through at once
    and the unfinished transaction left nothing."""
    path = tmp_path / "db"
    Repository.open(path, create=True).close()
    child = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path)], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert child.stdout is not None
    assert child.stdout.readline() == b"holding\n", child.stderr
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    started = time.monotonic()
    repo = Repository.open(path)
    try:
        repo.add(Client("After the kill", 1, DAY))
        assert time.monotonic() - started < 1.0
        assert [c.name for c in repo.all(Client)] == ["After the kill"]
    finally:
        repo.close()


def test_the_holder_named_is_checked_by_pid_on_this_host(tmp_path: Path) -> None:
    """A lock held on behalf of a process that has ended is said so, by its pid and host."""
    path = tmp_path / "db"
    Repository.open(path, create=True).close()
    ended = subprocess.run(["true"], check=True)
    assert ended.returncode == 0
    gone = subprocess.Popen(["true"])
    gone.wait()
    fd = folder.lock_file(path)
    try:
        note = f"pid {gone.pid} on {os.uname().nodename}".encode().ljust(100)
        assert folder.take(fd, path, note)
        assert "has ended" in folder.holder(fd) or "завершился" in folder.holder(fd)
        os.pwrite(fd, folder.holder_note(), 0)
        assert folder.holder(fd) == f"pid {os.getpid()} on {os.uname().nodename}"
    finally:
        os.close(fd)


def test_a_row_this_process_cleared_is_no_conflict_after_anothers_checkpoint(
    tmp_path: Path,
) -> None:
    """Clearing the last count of a day removes the row; another process then checkpoints
    (its close): following it reads the files again and says nothing about that row, but
    does name a count of ours it replaced."""
    path = tmp_path / "db"
    first = Repository.open(path, create=True)
    ann = first.add_employee(Employee("Ann", hired=date(2026, 1, 1)))
    code, other_code = first.settings().metric_codes()[:2]
    first.set_count(ann.id, DAY, code, 5)
    first.set_count(ann.id, DAY, code, None)  # the row is gone
    first.set_count(ann.id, date(2026, 11, 3), other_code, 7)
    second = Repository.open(path)
    second.set_count(ann.id, date(2026, 11, 3), other_code, 8)
    second.close()  # a checkpoint: the first reads the files again
    assert first.follow()
    conflicts = first.take_conflicts()
    first.close()
    assert [(t, deleted) for t, _, _, deleted in conflicts] == [("metrics", False)]
