"""The crash tests' child: saves records of every table until it is killed, writing an
acknowledgement line after each save returns.

Run as a fork server (`python -m tests.unit.crash_writer`): it imports salestui once and, for
each `run TAG SEED` line on its input, forks a writer and prints its pid; `reap PID` waits for
it. A writer started this way costs a fork, not an interpreter start, so a test can kill
hundreds of them in a minute.
"""

from __future__ import annotations

import os
import random
import sys
import traceback
from datetime import date, datetime, timedelta
from pathlib import Path

import salestui.store.engine as engine
from salestui.io.importing import Options, import_table
from salestui.models import (
    BASE_POINTS,
    BaseReview,
    CallReview,
    Client,
    Deal,
    Employee,
    Invoice,
    RollCall,
)
from salestui.store import Repository

START = date(2026, 9, 1)
# Small enough that a writer checkpoints every few dozen saves: kills land inside them too.
CHECKPOINT_BYTES = 800
STATUSES = ("office", "field", "sick")


def setup(path: Path) -> dict[str, int]:
    """Create the database with one employee per writer tag; return their ids by tag."""
    repo = Repository.open(path, create=True)
    try:
        hired = START - timedelta(days=400)
        return {tag: repo.add_employee(Employee(f"Writer {tag}", hired=hired)).id for tag in "ab"}
    finally:
        repo.close()


def save_forever(path: Path, tag: str, seed: int, acks: Path, folder: Path) -> None:
    """Save one record after another, of every table, until killed."""
    setattr(engine, "CHECKPOINT_BYTES", CHECKPOINT_BYTES)  # noqa: B010 - a Final, on purpose
    setattr(engine, "HARD_CHECKPOINT_BYTES", CHECKPOINT_BYTES)  # noqa: B010
    rng = random.Random(seed)
    repo = Repository.open(path)
    me = next(e.id for e in repo.employees() if e.name == f"Writer {tag}")
    codes = repo.settings().metric_codes()
    checklist = [item.code for item in repo.settings().call_checklist]
    fd = os.open(acks, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)

    def ack(line: str) -> None:
        os.write(fd, f"+ {tag}{seed} {line}\n".encode())

    def intend(line: str) -> None:
        """Say what the next save will write (the kill may make it durable but unacknowledged)."""
        os.write(fd, f"? {tag}{seed} {line}\n".encode())

    checkpoint = engine.Database._checkpoint

    def marked(db: engine.Database) -> bool:
        # Bracketed in the acknowledgements: the test counts the kills that land inside.
        os.write(fd, f"< {tag}{seed} checkpoint\n".encode())
        done = checkpoint(db)
        os.write(fd, f"> {tag}{seed} checkpoint\n".encode())
        return done

    setattr(engine.Database, "_checkpoint", marked)  # noqa: B010
    client = repo.add(Client(f"{tag}{seed} first", me, START))
    ack(f"clients {client.id} {client.name}")
    deal = None
    for i in range(1_000_000):
        day = START + timedelta(days=rng.randrange(60))
        kind = i % 10
        if kind == 0:
            code, value = rng.choice(codes), rng.randrange(100)
            intend(f"metrics {me} {day} {code} {value}")
            repo.set_count(me, day, code, value)
            ack(f"metrics {me} {day} {code} {value}")
        elif kind == 1:
            client = repo.add(Client(f"{tag}{seed} client {i}", me, day))
            ack(f"clients {client.id} {client.name}")
        elif kind == 2:
            deal = repo.add_deal(Deal(client.id, me, START, "meeting", amount=1000_00), START)
            ack(f"deals {deal.id}")
        elif kind == 3 and deal is not None:
            # An invoice and its payment in one transaction: both or neither.
            with repo.transaction():
                number = f"{tag}{seed}-{i}"
                invoice = repo.issue_invoice(Invoice(number, deal.id, me, day, 500_00, day))
                payment, _ = repo.record_payment(invoice.id, day, 200_00)
            ack(f"invoices {invoice.id} {payment.id}")
        elif kind == 4:
            answers: dict[str, int | str] = {c: rng.randrange(3) for c in checklist}
            review = repo.add_call_review(CallReview(day, me, answers))
            ack(f"call_reviews {review.id}")
        elif kind == 5:
            ratings = {p: rng.randrange(1, 6) for p in BASE_POINTS}
            base = repo.add_base_review(BaseReview(day, me, ratings=ratings))
            ack(f"base_reviews {base.id}")
        elif kind == 6:
            status = rng.choice(STATUSES)
            intend(f"rollcall {me} {day} {status}")
            repo.save_rollcall(RollCall(day, me, status))
            ack(f"rollcall {me} {day} {status}")
        elif kind == 7:
            month, value = day.isoformat()[:7], rng.randrange(1, 500)
            intend(f"plans {me} {month} {value}")
            repo.set_target(me, month, codes[0], value)
            ack(f"plans {me} {month} {value}")
        elif kind == 8:
            repo.set_routine_done(day, "metrics", True, datetime.combine(day, datetime.min.time()))
            ack(f"routine_log {day}")
        else:
            # Ten clients at once, as an import writes them: all of them or none.
            batch = f"{tag}{seed}-tx{i}"
            if i % 20 == 9:
                csv = folder / f"{batch}.csv"
                rows = "".join(f"{batch} {k},Writer {tag},{day}\n" for k in range(10))
                csv.write_text("name,owner,created\n" + rows, encoding="utf-8")
                import_table(repo, "clients", csv, Options(), day)
            else:
                repo.add_all([Client(f"{batch} {k}", me, day) for k in range(10)])
            ack(f"batch {batch} 10")


def serve(path: Path, acks: Path, folder: Path) -> None:
    """Fork a writer for each `run TAG SEED` line; wait for one on `reap PID`."""
    print("ready", flush=True)
    for line in sys.stdin:
        command, *args = line.split()
        if command == "run":
            pid = os.fork()
            if pid == 0:
                try:
                    save_forever(path, args[0], int(args[1]), acks, folder)
                except BaseException:
                    traceback.print_exc()
                    os._exit(3)  # a writer only ever ends killed: this one failed
                os._exit(0)
            print(pid, flush=True)
        elif command == "reap":
            _, status = os.waitpid(int(args[0]), 0)
            print(status, flush=True)


if __name__ == "__main__":
    serve(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]))
