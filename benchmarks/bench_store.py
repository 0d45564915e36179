"""Benchmark salestui's store and UI at the DESIGN §7 scale and print a Markdown table.

Run: /work/.venv/bin/python benchmarks/bench_store.py [--employees 50] [--years 5]
[--dir PATH] [--quick]. The measured parts run in fresh interpreters (benchmarks/_bench_child.py),
so the page cache is warm but every import is paid for, as when a user starts the app. Where
users feel it, the installed `salestui` console script itself is timed: to the first frame of
Today in a pseudo-terminal (benchmarks/_bench_pty.py) and `salestui report` as a process. Saves
are timed side by side with SQLite on the same documents (benchmarks/_bench_sqlite.py), and the
longest stall of the event loop after the first frame at the main scale and for a 150-person team.
"""

from __future__ import annotations

import argparse
import bisect
import dataclasses
import json
import os
import platform
import random
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from importlib.metadata import version
from pathlib import Path
from typing import Any

import orjson
from _bench_pty import QUIET_S, Frame, Markers, console_script, first_frame
from _bench_sqlite import build_sqlite

from salestui.demo import build, demo_ids
from salestui.i18n import PLURAL_BAR, tr_in
from salestui.models import CallReview, Client, Deal, Invoice, Payment
from salestui.resources import load_json
from salestui.store import TABLES, Database, default_settings
from salestui.store.codec import to_doc
from salestui.store.schema import UNSHARDED

TODAY = date(2026, 11, 26)  # a Thursday, the date the test suite pins
CHILD = Path(__file__).with_name("_bench_child.py")
MARKER = "BENCH_RESULT "
# Full-scale sizes of the tables demo.build does not fill (DESIGN §7).
CLIENTS, DEALS, INVOICES, CALL_REVIEWS = 100_000, 100_000, 110_000, 20_000
QUICK_FRACTION = 1 / 20
LARGE_TEAM = 150  # employees of the second dataset: the warm-up's stall grows with the team
RUNS = 5  # repeats of each whole-process measurement (after a discarded warm run)
STALL_WINDOW_S = 3.0
WIDE, NARROW = (120, 40), (80, 24)  # terminal sizes (columns, rows)
SAVE_TARGET = "< 20 ms (aim ≤ 1 ms)"
SAVE_KINDS = {
    "metrics": "metrics cell (set_count)",
    "invoice": "invoice (add)",
    "call_review": "call review (add)",
    "invoice_update": "invoice (update, current year)",
}
# Whole-process times that show where the console script's start-up goes.
IMPORTS = {
    "python": "pass",
    "cli": "import salestui.cli",
    "app": "import salestui.cli, salestui.store, salestui.tui.app",
}
MEM_TARGET = "< 400 MB"
# The floor under any Textual app on this machine: the widgets Today uses (header, a table,
# text, footer) showing Today's marker texts, no database, no salestui. Drawn and timed in the
# same pseudo-terminal, in the same run, as the console script.
REFERENCE_APP = """
import sys
from textual.app import App
from textual.widgets import DataTable, Footer, Header, Static

class Reference(App):
    def compose(self):
        yield Header()
        table = DataTable()
        table.add_columns("#", "Routine", "Status")
        table.add_row("1", sys.argv[1], "")
        yield table
        yield Static(sys.argv[2])
        yield Footer()

Reference().run()
"""
Doc = dict[str, Any]

COMPANY_WORDS = (
    ("North", "Baltic", "Ural", "Volga", "Siberian", "Delta", "Prime", "Alpha", "Vector", "Nova"),
    ("Steel", "Logistics", "Foods", "Systems", "Build", "Trade", "Pharm", "Energy", "Print"),
    ("LLC", "Ltd", "Group", "& Partners", "Holding", "Inc"),
)
SOURCES = ("cold call", "referral", "website", "exhibition", "inbound call", "partner")
LOST_REASONS = ("price", "competitor", "no budget", "no answer", "postponed", "not a fit")
NEXT_STEPS = ("call back", "send proposal", "meeting", "send contract", "follow up on invoice")


@dataclass
class Tables:
    """Generated documents by table, ready for Database.bulk_insert."""

    docs: dict[str, dict[int, Doc]] = field(default_factory=dict)


# -- dataset -------------------------------------------------------------------------------


def _day(rng: random.Random, start: date, end: date) -> date:
    """Return a uniformly random date in [start, end]."""
    return start + timedelta(days=rng.randint(0, max(0, (end - start).days)))


class Staff:
    """Employees by hire date, to give every record an owner already hired at its date."""

    def __init__(self, employees: dict[str, Doc]) -> None:
        rows = sorted((doc["hired"] or "0000-00-00", int(key)) for key, doc in employees.items())
        self.hired = [hired for hired, _ in rows]
        self.ids = [doc_id for _, doc_id in rows]

    def pick(self, rng: random.Random, day: date) -> int:
        """Return a random employee hired on or before day (any, if none was)."""
        known = bisect.bisect_right(self.hired, day.isoformat()) or len(self.ids)
        return self.ids[rng.randrange(known)]


def generate(
    db: Database, rng: random.Random, start: date, staff: Staff, fraction: float
) -> Tables:
    """Make clients, deals, invoices, payments and call reviews from the real model classes."""
    out = Tables()
    names = load_json("names_en.json")
    firsts = names["male_first"] + names["female_first"]
    lasts = names["male_last"] + names["female_last"]
    stages = default_settings().stage_codes()
    checklist = default_settings().call_checklist
    stage_probability = {s: 10 + 70 * n // max(1, len(stages) - 1) for n, s in enumerate(stages)}

    clients: list[tuple[int, date, int]] = []
    docs: dict[int, Doc] = {}
    for n in range(round(CLIENTS * fraction)):
        created = _day(rng, start, TODAY)
        owner = staff.pick(rng, created)
        first, last = rng.choice(firsts), rng.choice(lasts)
        company = " ".join(rng.choice(words) for words in COMPANY_WORDS)
        slug = company.split()[0].lower() + company.split()[1].lower()
        client = Client(
            f"{company} #{n + 1}",
            owner,
            created,
            contact=f"{first} {last}",
            phone=f"+7 9{rng.randint(10, 99)} {rng.randint(100, 999)}-{rng.randint(1000, 9999)}",
            email=f"{first.lower()}.{last.lower()}@{slug}.example" if rng.random() < 0.8 else "",
            source=rng.choice(SOURCES),
            comment="decision maker is the CFO" if rng.random() < 0.2 else "",
            id=db.new_id(),
        )
        docs[client.id] = to_doc(client)
        clients.append((client.id, created, owner))
    out.docs["clients"] = docs

    deals: list[tuple[int, date, int, int, str, date | None]] = []
    docs = {}
    for _ in range(round(DEALS * fraction)):
        client_id, client_created, owner = rng.choice(clients)
        created = min(TODAY, client_created + timedelta(days=rng.randint(0, 90)))
        age = (TODAY - created).days
        won_p, lost_p = (0.42, 0.48) if age > 120 else (0.25, 0.25) if age > 30 else (0.05, 0.05)
        roll = rng.random()
        stage = "won" if roll < won_p else "lost" if roll < won_p + lost_p else rng.choice(stages)
        closed = None
        if stage in ("won", "lost"):
            closed = created + timedelta(days=rng.randint(min(age, 3), min(age, 90)))
        amount = max(1, round(rng.lognormvariate(11, 0.8))) * 100
        is_open = closed is None
        probability = {"won": 100, "lost": 0}.get(stage, stage_probability.get(stage, 50))
        deal = Deal(
            client_id,
            owner,
            created,
            stage,
            amount=amount,
            probability=probability,
            expected_payment=created + timedelta(days=rng.randint(20, 90)) if is_open else None,
            hot=is_open and probability >= 70 and rng.random() < 0.6,
            next_step=rng.choice(NEXT_STEPS) if is_open else "",
            next_step_due=TODAY + timedelta(days=rng.randint(-10, 14)) if is_open else None,
            last_contact=min(TODAY, created + timedelta(days=rng.randint(0, 30))),
            closed=closed,
            lost_reason=rng.choice(LOST_REASONS) if stage == "lost" else "",
            id=db.new_id(),
        )
        docs[deal.id] = to_doc(deal)
        deals.append((deal.id, created, owner, amount, stage, closed))
    out.docs["deals"] = docs

    billable = [d for d in deals if d[4] in ("won", stages[-1] if stages else "won")]
    docs = {}
    payments: dict[int, Doc] = {}
    for n in range(round(INVOICES * fraction)):
        deal_id, created, owner, amount, _, closed = rng.choice(billable)
        issued = _day(rng, created, min(TODAY, (closed or TODAY) + timedelta(days=60)))
        total = max(100, round(amount * rng.uniform(0.2, 1.0)))
        invoice_id = db.new_id()
        cancelled = rng.random() < 0.02
        roll = rng.random()
        first_date = issued + timedelta(days=rng.randint(0, 40))
        parts: list[tuple[date, int]] = []
        if cancelled or roll >= 0.79:
            # Unpaid. Accounting writes off most debts older than half a year: an invoice
            # from five years ago is not still open.
            cancelled = cancelled or ((TODAY - issued).days > 180 and rng.random() < 0.9)
        elif roll < 0.64:
            parts = [(first_date, total)]  # paid in full at once
        else:
            share = max(1, min(total - 1, round(total * rng.uniform(0.3, 0.7))))
            parts = [(first_date, share)]
            if roll < 0.74:  # the rest later; otherwise only partly paid
                parts.append((first_date + timedelta(days=rng.randint(5, 45)), total - share))
        parts = [(day, paid) for day, paid in parts if day <= TODAY]
        for paid_on, paid in parts:
            payment = Payment(invoice_id, paid_on, paid, id=db.new_id())
            payments[payment.id] = to_doc(payment)
        paid_total = sum(paid for _, paid in parts)
        last = parts[-1][0] if parts else None
        settled = issued if cancelled else last if paid_total == total else None
        invoice = Invoice(
            f"INV-{issued.year}-{n + 1:06d}",
            deal_id,
            owner,
            issued,
            total,
            issued + timedelta(days=rng.choice((7, 14, 14, 30))),
            cancelled=cancelled,
            paid=paid_total,
            first_paid=parts[0][0] if parts else None,
            last_paid=last,
            settled=settled,
            id=invoice_id,
        )
        docs[invoice.id] = to_doc(invoice)
    out.docs["invoices"] = docs
    out.docs["payments"] = payments

    docs = {}
    for n in range(round(CALL_REVIEWS * fraction)):
        deal_id, created, owner = rng.choice(deals)[:3]
        with_deal = rng.random() < 0.7
        day = min(TODAY, created + timedelta(days=rng.randint(0, 30)))
        if not with_deal:
            day = _day(rng, start, TODAY)
            owner = staff.pick(rng, day)
        answers: dict[str, int | str] = {
            item.code: "na"
            if not item.mandatory and rng.random() < 0.1
            else rng.randint(0, item.max_score)
            for item in checklist
        }
        review = CallReview(
            day,
            owner,
            answers,
            deal_id=deal_id if with_deal else None,
            recording=f"https://pbx.example/rec/{day.year}/{n + 1}.mp3",
            duration_s=rng.randint(45, 1500),
            notes="talked over the client; no needs questions" if rng.random() < 0.3 else "",
            action="role-play objections" if rng.random() < 0.2 else "",
            id=db.new_id(),
        )
        docs[review.id] = to_doc(review)
    out.docs["call_reviews"] = docs
    return out


@dataclass
class BuildInfo:
    """What the dataset build produced."""

    seconds: dict[str, float]
    counts: dict[str, int]
    bytes_on_disk: int
    bytes_apparent: int
    files: int
    largest: list[tuple[str, int]]


def _files(path: Path) -> Iterator[Path]:
    """Yield every file under path."""
    return (p for p in path.rglob("*") if p.is_file())


def table_counts(db: Database, tables: Sequence[str]) -> dict[str, int]:
    """Return how many documents each table holds."""
    return {table: sum(len(db.raw(table, s)) for s in db.shards(table)) for table in tables}


def build_dataset(
    path: Path, *, employees: int, months: int, fraction: float, seed: int
) -> BuildInfo:
    """Build the benchmark database: demo.build for people and metrics, then the rest."""
    if path.exists() and any(path.iterdir()):
        # Built over an earlier dataset, every table would hold two of each.
        raise SystemExit(f"{path} is not empty: the dataset is built into a new folder")
    seconds: dict[str, float] = {}
    t0 = time.perf_counter()
    db = Database(path, create=True, clock=demo_ids)
    # The sales tables come from generate() below, at the DESIGN §7 counts.
    build(db, seed=seed, employees=employees, months=months, today=TODAY, lang="en", sales=False)
    seconds["demo.build (employees, metrics, routine log)"] = time.perf_counter() - t0
    staff = Staff(db.raw("employees", UNSHARDED))
    start = TODAY - timedelta(days=round(months * 30.44))
    t1 = time.perf_counter()
    tables = generate(db, random.Random(seed), start, staff, fraction)
    seconds["generate other tables (models + to_doc)"] = time.perf_counter() - t1
    t2 = time.perf_counter()
    for table, docs in tables.docs.items():
        db.bulk_insert(table, docs)
    seconds["bulk_insert"] = time.perf_counter() - t2
    t3 = time.perf_counter()
    db.checkpoint()
    seconds["checkpoint (write shards)"] = time.perf_counter() - t3
    counts = table_counts(db, ("employees", "metrics", "routine_log", *tables.docs))
    db.close()
    seconds["total"] = time.perf_counter() - t0
    files = list(_files(path))
    sizes = sorted(
        ((str(f.relative_to(path)), f.stat().st_size) for f in files), key=lambda x: -x[1]
    )
    return BuildInfo(
        seconds=seconds,
        counts=counts,
        bytes_on_disk=sum(f.stat().st_blocks * 512 for f in files),
        bytes_apparent=sum(size for _, size in sizes),
        files=len(files),
        largest=sizes[:3],
    )


# -- measuring -----------------------------------------------------------------------------


def child_env(pycache: Path) -> dict[str, str]:
    """Return the children's environment: bytecode cached as in an installed app.

    PYTHONDONTWRITEBYTECODE would make every child compile salestui from source (an editable
    install has no .pyc files), so children write and reuse .pyc files in a private folder.
    """
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(pycache)
    return env


def terminal_env(env: dict[str, str]) -> dict[str, str]:
    """Return the environment of a terminal session: TERM set, no size or Textual overrides."""
    dropped = ("COLUMNS", "LINES")
    out = {k: v for k, v in env.items() if k not in dropped and not k.startswith("TEXTUAL")}
    out["TERM"] = "xterm-256color"
    return out


def run_child(
    mode: str, path: Path, env: dict[str, str], arg: str = ""
) -> tuple[dict[str, Any], float]:
    """Run one measured body in a fresh interpreter; return its result and the wall time."""
    command = [sys.executable, str(CHILD), mode, str(path), TODAY.isoformat(), arg]
    t0 = time.perf_counter()
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=600, check=False, env=env
    )
    wall = (time.perf_counter() - t0) * 1000
    if done.returncode != 0:
        sys.stderr.write(done.stdout[-2000:] + done.stderr[-4000:])
        raise SystemExit(f"benchmark child {mode!r} failed with exit code {done.returncode}")
    for line in reversed(done.stdout.splitlines()):
        if line.startswith(MARKER):
            return json.loads(line[len(MARKER) :]), wall
    raise SystemExit(f"benchmark child {mode!r} printed no result:\n{done.stdout[-2000:]}")


def repeat(
    mode: str, path: Path, env: dict[str, str], runs: int, arg: str = "", *, warm: bool = True
) -> tuple[list[dict[str, Any]], list[float]]:
    """Run a child once to warm caches (discarded, unless warm is False), then `runs` times."""
    if warm:
        run_child(mode, path, env, arg)
    results = [run_child(mode, path, env, arg) for _ in range(runs)]
    return [r for r, _ in results], [w for _, w in results]


def time_process(
    argv: Sequence[str], env: dict[str, str], runs: int, *, warm: bool = True
) -> tuple[list[float], subprocess.CompletedProcess[str]]:
    """Run a command once to warm caches (discarded, unless warm is False), then `runs` times."""

    def once() -> tuple[float, subprocess.CompletedProcess[str]]:
        """Run the command once and time it."""
        t0 = time.perf_counter()
        done = subprocess.run(
            argv, capture_output=True, text=True, timeout=600, check=False, env=env
        )
        return (time.perf_counter() - t0) * 1000, done

    if warm:
        once()
    results = [once() for _ in range(runs)]
    last = results[-1][1]
    if last.returncode != 0:
        raise SystemExit(
            f"{' '.join(argv)} failed with exit code {last.returncode}:\n{last.stderr[-3000:]}"
        )
    return [wall for wall, _ in results], last


def today_markers() -> Markers:
    """Return Today's checklist and alert texts in English, cut at their placeholders."""

    def fixed(*keys: str) -> tuple[str, ...]:
        """Return the longest literal part of every form of each message."""
        return tuple(
            max(re.split(r"\{[^}]*\}", form), key=len).strip()
            for key in keys
            for form in tr_in("en", key).split(PLURAL_BAR)
        )

    return Markers(
        checklist=fixed("today.pending", "today.done_at"),
        alerts=fixed(
            "today.missing",
            "today.nobody",
            "today.partial_alert",
            "today.no_alerts",
            "today.no_team",
        ),
    )


def app_argv(path: Path) -> list[str]:
    """Return the command line a user types to open the app on the benchmark database."""
    return [console_script(), "--db", str(path), "--today", TODAY.isoformat(), "--lang", "en"]


def report_argv(path: Path, start: date, end: date) -> list[str]:
    """Return the command line of a text metrics report for a period."""
    return [
        console_script(),
        "report",
        "metrics",
        "--db",
        str(path),
        "--from",
        start.isoformat(),
        "--to",
        end.isoformat(),
        "--today",
        TODAY.isoformat(),
        "--lang",
        "en",
    ]


def expected_report(path: Path, start: date, end: date) -> tuple[int, set[str]]:
    """Return how many metric rows lie in [start, end] and whose they are, from the shard files."""
    lo, hi = start.isoformat(), end.isoformat()
    staff = orjson.loads((path / "employees.json").read_bytes())["employees"]
    rows, who = 0, set()
    for shard in TABLES["metrics"].shards_between(start, end):
        file = path / "metrics" / f"{shard}.json"
        if file.exists():
            for doc in orjson.loads(file.read_bytes())["metrics"].values():
                if lo <= doc["date"] <= hi:
                    rows += 1
                    who.add(staff[str(doc["employee_id"])]["name"])
    return rows, who


def check_report(text: str, expected: tuple[int, set[str]]) -> str:
    """Compare a text report's table with the data: its rows with numbers, and whose they are.

    The table is the lines under the rule of dashes, up to the total; the rule's dash groups
    give the columns (date, employee, then one per metric). Rows of only dashes are the days
    someone sent nothing, which the text report lists too.
    """
    lines = text.splitlines()
    rule = next((n for n, line in enumerate(lines) if line.startswith("---")), len(lines) - 1)
    spans = [m.span() for m in re.finditer(r"-+", lines[rule])]
    if len(spans) < 3:
        return f"**no table in the report: {text[:200]!r}**"
    entered, nothing, names = 0, 0, set()
    for line in lines[rule + 1 :]:
        if not line.strip() or not line[: spans[0][1]].strip():
            break  # the total line has no date
        if re.search(r"\d", line[spans[2][0] :]):
            entered += 1
            names.add(line[spans[1][0] : spans[1][1]].strip())
        else:
            nothing += 1
    rows, who = expected
    missing = sorted(who - names)
    found = f"{entered:,} rows with numbers (+{nothing:,} rows of days with nothing sent)"
    if entered == rows and not missing:
        return f"{found}: as entered, all {len(who)} names"
    return f"**{found}; {rows:,} entered; names missing: {', '.join(missing) or 'none'}**"


def median_of(results: Sequence[dict[str, Any]], key: str) -> float:
    """Return the median of one numeric field over several child results."""
    return statistics.median(float(r[key]) for r in results)


def p95(values: Sequence[float]) -> float:
    """Return the 95th percentile (inclusive method)."""
    if len(values) < 2:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[94]


def mib(kib: float) -> str:
    """Format KiB as MiB."""
    return f"{kib / 1024:.0f} MiB"


def ms(value: float) -> str:
    """Format milliseconds with sensible precision."""
    return f"{value:.2f} ms" if value < 10 else f"{value:.0f} ms"


def _spread(values: Sequence[float]) -> str:
    """Summarise latencies: median, p95 and max."""
    return f"median {ms(statistics.median(values))} · p95 {ms(p95(values))} · max {ms(max(values))}"


def _versus_cell(pair: dict[str, list[float]]) -> str:
    """Summarise one kind of save on both sides and their ratio."""
    ours, theirs = pair["salestui"], pair["sqlite"]
    if not ours or not theirs:
        return "not measured (no current-year record to update)"
    median_ratio = statistics.median(ours) / statistics.median(theirs)
    return (
        f"salestui {_spread(ours)} (first {ms(ours[0])}); SQLite {_spread(theirs)}; "
        f"**salestui/SQLite: median {median_ratio:.2f}×, p95 {p95(ours) / p95(theirs):.2f}×**"
    )


def _frames_cell(frames: Sequence[Frame]) -> str:
    """Summarise console-script runs: drawn, first byte and Today's text (medians)."""
    return (
        f"{ms(statistics.median(f.drawn_ms for f in frames))} (first byte "
        f"{ms(statistics.median(f.first_byte_ms for f in frames))}, Today's text complete "
        f"{ms(statistics.median(f.data_ms for f in frames))}; exit codes "
        f"{', '.join(sorted({str(f.exit_code) for f in frames}))})"
    )


def _stall_cell(results: Sequence[dict[str, Any]]) -> str:
    """Summarise stall runs: the median of each run's longest gap, where, and the worst run."""
    middle = sorted(results, key=lambda r: float(r["max_gap_ms"]))[len(results) // 2]
    worst = max(float(r["max_gap_ms"]) for r in results)
    return (
        f"**{ms(middle['max_gap_ms'])}** at +{middle['max_gap_at_ms']:.0f} ms after the first "
        f"frame (median of {len(results)} runs; worst {ms(worst)}; ticks over 50 ms per run: "
        f"{', '.join(str(r['gaps_over_50ms']) for r in results)})"
    )


# -- report --------------------------------------------------------------------------------


def machine_info(path: Path) -> list[str]:
    """Return lines describing the machine, Python, libraries and the temp filesystem."""
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    df = subprocess.run(["df", "-T", str(path)], capture_output=True, text=True, check=False)
    rows = df.stdout.strip().splitlines()
    fs = " ".join(rows[-1].split()[:2]) if len(rows) > 1 else "unknown"
    libs = ", ".join(f"{p} {version(p)}" for p in ("textual", "tinydb", "orjson", "pandas"))
    return [
        f"- nproc: {len(os.sched_getaffinity(0))} ({cpu or platform.processor() or '?'})",
        f"- python: {platform.python_version()} ({platform.python_implementation()}), "
        f"{platform.system()} {platform.release()}; SQLite {sqlite3.sqlite_version}",
        f"- libraries: {libs}",
        f"- database folder: {path} on `{fs}` (df -T)",
    ]


def row(what: str, result: str, target: str) -> str:
    """Return one Markdown table row."""
    return f"| {what} | {result} | {target} |"


def main(argv: Sequence[str] | None = None) -> int:
    """Build the datasets, run every measurement and print the results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--employees", type=int, default=50)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument(
        "--dir",
        type=Path,
        help="build here (must be new or empty) and keep it, with PATH.sqlite3 and PATH-team",
    )
    parser.add_argument(
        "--quick", action="store_true", help="5 employees × 1 year, 1/20 tables; fewer runs"
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--saves", type=int, help="saves of each kind (200; --quick: 50)")
    args = parser.parse_args(argv)
    scale = Scale(args.employees, args.years, 1.0, LARGE_TEAM, RUNS, 3, STALL_WINDOW_S, 200)
    if args.quick:
        scale = Scale(5, 1, QUICK_FRACTION, 15, 1, 1, 1.0, 50, warm=False)
    if args.saves is not None:
        scale = dataclasses.replace(scale, saves=args.saves)
    tmp = Path(tempfile.mkdtemp(prefix="salestui-bench-"))
    path = args.dir or tmp / "db"
    for taken in (path, *siblings(path)):
        if taken.exists() and (taken.is_file() or any(taken.iterdir())):
            parser.error(f"{taken} exists and is not empty")
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]
    print(f"# salestui store benchmark ({scale.describe()}), today = {TODAY}", flush=True)
    try:
        # Kept between runs (outside the repository) so a rerun does not recompile pandas.
        pycache = Path(tempfile.gettempdir()) / "salestui-bench-pycache"
        return _run(path, child_env(pycache), scale, args)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


@dataclass(frozen=True)
class Scale:
    """How big the datasets are and how often each measurement repeats."""

    employees: int
    years: int
    fraction: float
    team: int  # employees of the second dataset (one year, the same fraction)
    runs: int  # repeats of each whole-process measurement
    stall_runs: int
    stall_window_s: float
    saves: int  # of each kind
    warm: bool = True  # a discarded run before each measurement (--quick: none)

    def describe(self) -> str:
        """Return the scale in words."""
        return (
            f"{self.employees} employees × {self.years} years, other tables × {self.fraction:g}; "
            f"and {self.team} employees × 1 year"
        )


def siblings(path: Path) -> tuple[Path, Path]:
    """Return where the SQLite copy and the larger team's dataset go, next to path."""
    return path.with_name(f"{path.name}.sqlite3"), path.with_name(f"{path.name}-team")


def _step(label: str) -> Callable[[], None]:
    """Log a step's start on stderr; the returned function logs its duration."""
    sys.stderr.write(f"... {label}\n")
    started = time.perf_counter()

    def done() -> None:
        """Log the step's duration."""
        sys.stderr.write(f"    {label}: {time.perf_counter() - started:.1f} s\n")

    return done


def _dataset_lines(info: BuildInfo) -> list[str]:
    """Describe one built dataset."""
    lines = [f"- build, {label}: {seconds:.1f} s" for label, seconds in info.seconds.items()]
    lines.append("- documents: " + ", ".join(f"{t} {n:,}" for t, n in info.counts.items()))
    lines.append(f"- documents in total: {sum(info.counts.values()):,}")
    lines.append(
        f"- folder: {info.bytes_on_disk / 2**20:.1f} MiB on disk "
        f"({info.bytes_apparent / 2**20:.1f} MiB of file data in {info.files} files); largest: "
        + ", ".join(f"{name} {size / 2**20:.1f} MiB" for name, size in info.largest)
    )
    return lines


def _run(path: Path, env: dict[str, str], scale: Scale, args: argparse.Namespace) -> int:
    """Build, measure and print; path and its siblings must not hold anything yet."""
    seed, saves, runs, warm = args.seed, scale.saves, scale.runs, scale.warm
    sqlite_file, team_path = siblings(path)
    load_at_start = os.getloadavg()[0]
    done = _step("building the dataset")
    info = build_dataset(
        path, employees=scale.employees, months=12 * scale.years, fraction=scale.fraction, seed=seed
    )
    done()
    done = _step("copying it into SQLite")
    t0 = time.perf_counter()
    sqlite_counts = build_sqlite(path, sqlite_file)
    sqlite_s = time.perf_counter() - t0
    done()
    done = _step(f"building the {scale.team}-employee dataset")
    team_info = build_dataset(
        team_path, employees=scale.team, months=12, fraction=scale.fraction, seed=seed
    )
    done()
    print("\n## Dataset\n")
    for line in _dataset_lines(info):
        print(line)
    print(
        f"- SQLite copy ({sqlite_file.name}): {sum(sqlite_counts.values()):,} documents in "
        f"{len(sqlite_counts)} tables, {sqlite_file.stat().st_size / 2**20:.1f} MiB, "
        f"built in {sqlite_s:.1f} s"
    )
    print(
        f"\nThe larger team ({scale.team} employees × 1 year, other tables × {scale.fraction:g} "
        "within about a year: its current-year shards are the largest a start-up could meet):\n"
    )
    for line in _dataset_lines(team_info):
        print(line)

    term = terminal_env(env)
    done = _step("open to Today's data")
    today, today_wall = repeat("today", path, env, runs, warm=warm)
    done()
    done = _step("TUI (in-process, headless) to the first frame of Today")
    tui, tui_wall = repeat("tui", path, env, runs, warm=warm)
    done()
    if any(r.get("screen") != "TodayScreen" for r in tui):
        raise SystemExit(f"the first screen was not Today: {tui}")
    done = _step("console script in a pty to the first frame of Today")
    markers, argv = today_markers(), app_argv(path)
    if warm:
        first_frame(argv, term, WIDE, markers)  # discarded: warms caches
    wide = [first_frame(argv, term, WIDE, markers) for _ in range(runs)]
    narrow = first_frame(argv, term, NARROW, markers)
    reference_argv = [sys.executable, "-c", REFERENCE_APP, markers.checklist[0], markers.alerts[0]]
    if warm:
        first_frame(reference_argv, term, WIDE, markers)
    reference = [first_frame(reference_argv, term, WIDE, markers) for _ in range(runs)]
    done()
    done = _step("python start and imports")
    starts = {
        what: statistics.median(time_process([sys.executable, "-c", code], env, runs, warm=warm)[0])
        for what, code in IMPORTS.items()
    }
    done()
    done = _step("longest stall after the first frame")
    window = str(scale.stall_window_s)
    stall, _ = repeat("stall", path, env, scale.stall_runs, window, warm=warm)
    team_stall, _ = repeat("stall", team_path, env, scale.stall_runs, window, warm=warm)
    done()
    if warm:
        done = _step("warm-up: compile pandas and the reports into the bytecode cache")
        run_child("frames", path, env)
        done()
    done = _step("metrics reports as processes")
    month = (date(2026, 10, 1), date(2026, 10, 31))
    year = (date(2026, 1, 1), date(2026, 10, 31))
    month_walls, month_run = time_process(report_argv(path, *month), env, runs, warm=warm)
    year_walls, year_run = time_process(report_argv(path, *year), env, runs, warm=warm)
    month_check = check_report(month_run.stdout, expected_report(path, *month))
    year_check = check_report(year_run.stdout, expected_report(path, *year))
    done()
    done = _step("load everything")
    load, load_wall = run_child("loadall", path, env)
    done()
    done = _step("metrics frame and report")
    frames, _ = run_child("frames", path, env)
    done()
    done = _step(f"{saves} saves of each kind, salestui and SQLite interleaved")
    options = json.dumps({"count": saves, "sqlite": str(sqlite_file)})
    save, _ = run_child("versus", path, env, options)
    firsts = [save["first"]]
    firsts += [run_child("first", path, env, str(sqlite_file))[0] for _ in range(max(1, runs - 1))]
    colds = [float(f["cold_cell_ms"]) for f in firsts if "cold_cell_ms" in f]
    done()

    timings: dict[str, dict[str, list[float]]] = save["timings"]
    metric_kinds: dict[str, list[float]] = save["metric_kinds"]
    first_ours = [float(f.get("salestui", f.get("salestui_ms", 0.0))) for f in firsts]
    first_theirs = [float(f.get("sqlite", f.get("sqlite_ms", 0.0))) for f in firsts]
    print("\n## Details\n")
    print(
        f"- open to Today's data, medians of {runs}: import {ms(median_of(today, 'import_ms'))}, "
        f"Repository.open {ms(median_of(today, 'open_ms'))}, reads "
        f"{ms(median_of(today, 'reads_ms'))}; shards parsed: {', '.join(today[0]['shards_loaded'])}"
        f"; routine_log {today[0]['routine_log']}, active {today[0]['active']}, "
        f"reported {today[0]['reported']}"
    )
    print(
        "- open to Today's data, each run (in-process / whole process): "
        + ", ".join(f"{r['total_ms']:.0f}/{w:.0f}" for r, w in zip(today, today_wall, strict=True))
        + " ms"
    )
    print(
        "- TUI in-process (headless), each run (first frame / exit / whole process): "
        + ", ".join(
            f"{r['ready_ms']:.0f}/{r['exit_ms']:.0f}/{w:.0f}"
            for r, w in zip(tui, tui_wall, strict=True)
        )
        + f" ms; imports + open {ms(median_of(tui, 'import_open_ms'))}; "
        f"checklist rows {tui[0].get('checklist_rows')}; alerts: {tui[0].get('alerts')!r}"
    )
    print(
        f"- `salestui` in a pty, each run at {WIDE[0]}×{WIDE[1]} and one at "
        f"{NARROW[0]}×{NARROW[1]} (first byte / Today's text complete / drawn / ctrl+q → exit, "
        "peak RSS, pandas mapped): "
        + ", ".join(
            f"{f.first_byte_ms:.0f}/{f.data_ms:.0f}/{f.drawn_ms:.0f}/{f.quit_ms:.0f} ms "
            f"{mib(f.hwm_kib)} {'pandas' if f.pandas else 'no pandas'}"
            for f in [*wide, narrow]
        )
        + f"; {wide[0].bytes:,} bytes of terminal output to the drawn frame"
    )
    print(
        f"- whole-process medians of {runs}: "
        + ", ".join(f"`python -c {IMPORTS[what]!r}` {ms(v)}" for what, v in starts.items())
    )
    for label, results in ((f"{scale.employees}", stall), (f"{scale.team}", team_stall)):
        print(
            f"- stall probe, {label} employees ({scale.stall_window_s:g} s after the first frame, "
            "5 ms timer; the three longest gaps as length@start ms after the first frame): "
            + "; ".join(
                f"first frame {r['ready_ms']:.0f} ms, {r['ticks']} ticks, median gap "
                f"{r['median_gap_ms']:.1f}, longest "
                + ", ".join(f"{gap:.0f}@{at:.0f}" for gap, at in r["worst_gaps"])
                for r in results
            )
        )
    print(
        "- metrics report as a process, each run: month "
        f"{', '.join(f'{w:.0f}' for w in month_walls)} ms; Jan–Oct "
        f"{', '.join(f'{w:.0f}' for w in year_walls)} ms"
    )
    print(
        f"- load everything: open {ms(load['open_ms'])}, parse {load['docs']:,} docs "
        f"{ms(load['parse_ms'])}, all() {ms(load['all_ms'])}, metrics_frame "
        f"{ms(load['frame_ms'])}, whole process {ms(load_wall)}; all() per table: "
        + ", ".join(f"{t} {v:.0f}" for t, v in load["per_table_ms"].items() if v >= 1)
        + " ms; RSS after each step: "
        + ", ".join(f"{k} {mib(v)}" for k, v in load["rss_steps_kib"].items())
    )
    print(
        f"- metrics: import pandas {ms(frames['pandas_import_ms'])}, parse "
        f"{frames['metric_docs']:,} docs {ms(frames['parse_ms'])}, build frame "
        f"{ms(frames['frame_ms'])} ({frames['frame_rows']:,} rows), import reports "
        f"{ms(frames['report_import_ms'])}; report {frames['report_month']} "
        f"({frames['report_lines']} lines) first {ms(frames['report_first_ms'])}, "
        f"then median {ms(frames['report_median_ms'])}"
    )
    print(
        "- saves: in one process, for each n and each kind one salestui save and one SQLite "
        "transaction (alternating which goes first); SQLite: WAL, synchronous=FULL, one table "
        "per salestui table (id, doc JSON) with an index on the date; its metrics cell is one "
        "UPDATE … json_set(…) through the date index (an INSERT when the row is new)"
    )
    print(
        f"- metrics cell saves (salestui): insert (new day row) median "
        f"{ms(statistics.median(metric_kinds['insert'] or [0.0]))} ×{len(metric_kinds['insert'])}"
        f", update median {ms(statistics.median(metric_kinds['update'] or [0.0]))} "
        f"×{len(metric_kinds['update'])}"
    )
    print(
        f"- first save of a process (invoice add, nothing read yet), each of {len(firsts)} "
        f"processes: salestui {', '.join(ms(v) for v in first_ours)}; SQLite "
        f"{', '.join(ms(v) for v in first_theirs)}"
    )
    print(
        f"- journal: {save['journal_bytes']:,} bytes more after {save['saves_done']} saves "
        f"({save['bytes_per_save']:.0f} B/save → a checkpoint every "
        f"≈{save['saves_per_checkpoint']:,.0f} saves); checkpoints during the saves: "
        f"{save['checkpoints']}; a checkpoint of "
        f"{', '.join(save['checkpoint_shards'])} took {ms(save['checkpoint_ms'])}; "
        f"of {', '.join(save['checkpoint_all_shards'])} {ms(save['checkpoint_all_ms'])}"
    )
    print(
        "- invoice shards parsed after the saves (current-year updates only): "
        + ", ".join(save["invoice_shards_loaded"])
    )

    all_saves = sum(len(pair["salestui"]) for pair in timings.values())
    print("\n## Results\n")
    print("| what | result | target (DESIGN §7) |")
    print("|---|---|---|")
    for kind, label in SAVE_KINDS.items():
        print(
            row(
                f"save latency: {label}, vs SQLite ({saves} each, interleaved)",
                _versus_cell(timings[kind]),
                f"{SAVE_TARGET}; ≤ 1× SQLite (issue 6)",
            )
        )
    print(
        row(
            "save latency: first save of a process (invoice add into a year file not yet read)",
            f"**{ms(first_ours[0])}** (over {len(firsts)} processes: median "
            f"{ms(statistics.median(first_ours))}, max {ms(max(first_ours))}); SQLite "
            f"{ms(first_theirs[0])} (median {ms(statistics.median(first_theirs))}, max "
            f"{ms(max(first_theirs))})",
            "≤ 20 ms (issue 6)",
        )
    )
    print(
        row(
            "save latency: a metrics cell into a month nothing has read (parses the month)",
            f"median {ms(statistics.median(colds))}, max {ms(max(colds))} "
            f"over {len(colds)} processes",
            "≤ 20 ms (issue 6)",
        )
    )
    print(
        row(
            f"save latency: checkpoints in {all_saves} saves",
            f"{save['checkpoints']} triggered; one adds {ms(save['checkpoint_ms'])} to a save "
            f"every ≈{save['saves_per_checkpoint']:,.0f} saves "
            f"({ms(save['checkpoint_all_ms'])} with every current-year shard dirty)",
            SAVE_TARGET,
        )
    )
    print(
        row(
            f"open time: `salestui` console script in a pty {WIDE[0]}×{WIDE[1]}, spawn → Today "
            f"drawn (median of {runs})",
            _frames_cell(wide),
            "< 0.5 s whole process (issue 6)",
        )
    )
    print(
        row(
            f"reference: a bare Textual app with Today's widgets and texts (no database), "
            f"same pty {WIDE[0]}×{WIDE[1]} (median of {runs})",
            _frames_cell(reference),
            "— (the floor under any Textual app here)",
        )
    )
    print(
        row(
            f"open time: `salestui` console script in a pty {NARROW[0]}×{NARROW[1]} (once)",
            _frames_cell([narrow]),
            "< 0.5 s whole process (issue 6)",
        )
    )
    print(
        row(
            "peak RSS (VmHWM): `salestui` console script at Today's first frame; pandas mapped",
            f"{mib(statistics.median(f.hwm_kib for f in wide))}; pandas mapped in "
            f"{sum(f.pandas for f in [*wide, narrow])} of {len(wide) + 1} runs",
            f"{MEM_TARGET}; pandas not loaded (issue 6)",
        )
    )
    print(
        row(
            f"longest stall after the first frame, {scale.employees} employees "
            f"(first {scale.stall_window_s:g} s, 5 ms probe)",
            _stall_cell(stall),
            "≤ 50 ms (issue 6)",
        )
    )
    print(
        row(
            f"longest stall after the first frame, {scale.team} employees × 1 year "
            f"(first {scale.stall_window_s:g} s, 5 ms probe)",
            _stall_cell(team_stall),
            "≤ 50 ms (issue 6)",
        )
    )
    print(
        row(
            f"metrics report, one month ({month[0]:%Y-%m}), `salestui report` as a process "
            f"(median of {runs})",
            f"**{ms(statistics.median(month_walls))}**; {month_check}",
            "≤ 0.4 s (issue 6)",
        )
    )
    print(
        row(
            f"metrics report, {year[0]:%b}–{year[1]:%b %Y}, `salestui report` as a process "
            f"(median of {runs})",
            f"{ms(statistics.median(year_walls))}; {year_check}",
            "— (for comparison)",
        )
    )
    print(
        row(
            f"open time: import + open + Today's reads (median of {runs})",
            f"{ms(median_of(today, 'total_ms'))} "
            f"(whole process {ms(statistics.median(today_wall))})",
            "part of < 0.5 s",
        )
    )
    print(
        row(
            f"open time: TUI in-process, headless, to first frame of Today (median of {runs})",
            f"{ms(median_of(tui, 'ready_ms'))} (to exit {ms(median_of(tui, 'exit_ms'))}; "
            f"whole process {ms(statistics.median(tui_wall))})",
            "< 0.5 s whole process",
        )
    )
    print(
        row("peak RSS (VmHWM): open to Today's data", mib(median_of(today, "rss_kib")), MEM_TARGET)
    )
    print(
        row(
            "peak RSS (VmHWM): TUI in-process to first frame",
            mib(median_of(tui, "rss_kib")),
            MEM_TARGET,
        )
    )
    print(
        row(
            "peak RSS (VmHWM): load everything (all() of every table + metrics_frame)",
            f"{mib(load['rss_kib'])} (took {ms(load['total_ms'])} incl. pandas import)",
            MEM_TARGET,
        )
    )
    print(
        row(
            "metrics frame: parse all metric shards + build typed frame",
            f"{ms(frames['parse_ms'] + frames['frame_ms'])} "
            f"(+ {ms(frames['pandas_import_ms'])} pandas import)",
            "—",
        )
    )
    print(
        row(
            f"metrics report, one month ({frames['report_month']}), text, in-process",
            f"{ms(frames['report_first_ms'])} first, {ms(frames['report_median_ms'])} median",
            "< 200 ms (stats view)",
        )
    )
    print("\n## Machine\n")
    for line in machine_info(path):
        print(line)
    print(
        f"- load average (1 min) at start / end: {load_at_start:.2f} / {os.getloadavg()[0]:.2f}"
        " (other processes on the machine disturb timings, fsync latency most)"
    )
    print(
        "- method: each measurement in a fresh interpreter; page cache warm; bytecode cached "
        "in a private PYTHONPYCACHEPREFIX; a discarded run before each measurement (none "
        "with --quick); peak RSS is VmHWM; the "
        f"console script runs in a pseudo-terminal (TERM=xterm-256color) and counts as drawn "
        f"when Today's checklist and alert texts are on screen and {QUIET_S * 1000:.0f} ms pass "
        "without output (the time of the burst's last byte is reported)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
