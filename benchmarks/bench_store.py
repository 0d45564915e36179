"""Benchmark salestui's store and UI at the DESIGN §7 scale and print a Markdown table.

Run: /work/.venv/bin/python benchmarks/bench_store.py [--employees 50] [--years 5]
[--dir PATH] [--quick]. The measured parts run in fresh interpreters (benchmarks/_bench_child.py),
so the page cache is warm but every import is paid for, as when a user starts the app.
"""

from __future__ import annotations

import argparse
import bisect
import json
import os
import platform
import random
import shutil
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

from salestui.demo import build, demo_ids
from salestui.models import CallReview, Client, Deal, Invoice, Payment
from salestui.resources import load_json
from salestui.store import Database, default_settings
from salestui.store.codec import to_doc
from salestui.store.schema import UNSHARDED

TODAY = date(2026, 11, 26)  # a Thursday, the date the test suite pins
CHILD = Path(__file__).with_name("_bench_child.py")
MARKER = "BENCH_RESULT "
# Full-scale sizes of the tables demo.build does not fill (DESIGN §7).
CLIENTS, DEALS, INVOICES, CALL_REVIEWS = 100_000, 100_000, 110_000, 20_000
QUICK_FRACTION = 1 / 20
SAVE_TARGET = "< 20 ms (aim ≤ 1 ms)"
MEM_TARGET = "< 400 MB"
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
    stages = default_settings().stages
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
    invoices: list[tuple[int, date, int, bool]] = []
    docs = {}
    for n in range(round(INVOICES * fraction)):
        deal_id, created, owner, amount, _, closed = rng.choice(billable)
        issued = _day(rng, created, min(TODAY, (closed or TODAY) + timedelta(days=60)))
        invoice = Invoice(
            f"INV-{issued.year}-{n + 1:06d}",
            deal_id,
            owner,
            issued,
            max(100, round(amount * rng.uniform(0.2, 1.0))),
            issued + timedelta(days=rng.choice((7, 14, 14, 30))),
            cancelled=rng.random() < 0.02,
            id=db.new_id(),
        )
        docs[invoice.id] = to_doc(invoice)
        invoices.append((invoice.id, issued, invoice.amount, invoice.cancelled))
    out.docs["invoices"] = docs

    docs = {}
    for invoice_id, issued, amount, cancelled in invoices:
        roll = rng.random()
        if cancelled or roll >= 0.79:
            continue  # unpaid
        first_date = issued + timedelta(days=rng.randint(0, 40))
        if roll < 0.64:
            parts = [(first_date, amount)]  # paid in full at once
        else:
            share = max(1, min(amount - 1, round(amount * rng.uniform(0.3, 0.7))))
            parts = [(first_date, share)]
            if roll < 0.74:  # the rest later; otherwise only partly paid
                parts.append((first_date + timedelta(days=rng.randint(5, 45)), amount - share))
        for paid_on, paid in parts:
            if paid_on <= TODAY:
                payment = Payment(invoice_id, paid_on, paid, id=db.new_id())
                docs[payment.id] = to_doc(payment)
    out.docs["payments"] = docs

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


def build_dataset(
    path: Path, *, employees: int, months: int, fraction: float, seed: int
) -> BuildInfo:
    """Build the benchmark database: demo.build for people and metrics, then the rest."""
    seconds: dict[str, float] = {}
    t0 = time.perf_counter()
    db = Database(path, create=True, clock=demo_ids)
    build(db, seed=seed, employees=employees, months=months, today=TODAY, lang="en")
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
    counts = {
        table: sum(len(db.raw(table, shard)) for shard in db.shards(table))
        for table in ("employees", "metrics", "routine_log", *tables.docs)
    }
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
    mode: str, path: Path, env: dict[str, str], runs: int
) -> tuple[list[dict[str, Any]], list[float]]:
    """Run a child once to warm caches (discarded), then `runs` times."""
    run_child(mode, path, env)
    results = [run_child(mode, path, env) for _ in range(runs)]
    return [r for r, _ in results], [w for _, w in results]


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


def _save_cell(values: list[float]) -> str:
    """Summarise one kind of save: median, p95, max and the first (cold) save."""
    first = values[0]
    return (
        f"median {ms(statistics.median(values))} · p95 {ms(p95(values))} · "
        f"max {ms(max(values))} (first save {ms(first)})"
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
        f"{platform.system()} {platform.release()}",
        f"- libraries: {libs}",
        f"- database folder: {path} on `{fs}` (df -T)",
    ]


def row(what: str, result: str, target: str) -> str:
    """Return one Markdown table row."""
    return f"| {what} | {result} | {target} |"


def main(argv: Sequence[str] | None = None) -> int:
    """Build the dataset, run every measurement and print the results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--employees", type=int, default=50)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--dir", type=Path, help="build here (must be new or empty) and keep it")
    parser.add_argument("--quick", action="store_true", help="5 employees × 1 year, 1/20 tables")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--saves", type=int, default=200, help="saves of each kind")
    args = parser.parse_args(argv)
    employees, years, fraction = args.employees, args.years, 1.0
    if args.quick:
        employees, years, fraction = 5, 1, QUICK_FRACTION
    if args.dir is not None and args.dir.exists() and any(args.dir.iterdir()):
        parser.error(f"--dir {args.dir} is not empty")
    tmp = Path(tempfile.mkdtemp(prefix="salestui-bench-"))
    path = args.dir or tmp / "db"
    scale = f"{employees} employees × {years} years, other tables × {fraction:g}"
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]
    print(f"# salestui store benchmark ({scale}), today = {TODAY}", flush=True)
    try:
        # Kept between runs (outside the repository) so a rerun does not recompile pandas.
        pycache = Path(tempfile.gettempdir()) / "salestui-bench-pycache"
        return _run(path, child_env(pycache), employees, years, fraction, args)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _step(label: str) -> Callable[[], None]:
    """Log a step's start on stderr; the returned function logs its duration."""
    sys.stderr.write(f"... {label}\n")
    started = time.perf_counter()

    def done() -> None:
        """Log the step's duration."""
        sys.stderr.write(f"    {label}: {time.perf_counter() - started:.1f} s\n")

    return done


def _run(
    path: Path,
    env: dict[str, str],
    employees: int,
    years: int,
    fraction: float,
    args: argparse.Namespace,
) -> int:
    """Build, measure and print; path must not hold a database yet."""
    seed, saves = args.seed, args.saves
    load_at_start = os.getloadavg()[0]
    done = _step("building the dataset")
    info = build_dataset(path, employees=employees, months=12 * years, fraction=fraction, seed=seed)
    done()
    print("\n## Dataset\n")
    for label, seconds in info.seconds.items():
        print(f"- build, {label}: {seconds:.1f} s")
    total = sum(info.counts.values())
    print("- documents: " + ", ".join(f"{t} {n:,}" for t, n in info.counts.items()))
    print(f"- documents in total: {total:,}")
    print(
        f"- folder: {info.bytes_on_disk / 2**20:.1f} MiB on disk "
        f"({info.bytes_apparent / 2**20:.1f} MiB of file data in {info.files} files); largest: "
        + ", ".join(f"{name} {size / 2**20:.1f} MiB" for name, size in info.largest)
    )

    done = _step("open to Today's data ×5")
    today, today_wall = repeat("today", path, env, 5)
    done()
    done = _step("TUI to the first frame of Today ×3")
    tui, tui_wall = repeat("tui", path, env, 3)
    done()
    if any(r.get("screen") != "TodayScreen" for r in tui):
        raise SystemExit(f"the first screen was not Today: {tui}")
    done = _step("warm-up: compile pandas and the reports into the bytecode cache")
    run_child("frames", path, env)
    done()
    done = _step("load everything")
    load, load_wall = run_child("loadall", path, env)
    done()
    done = _step("metrics frame and report")
    frames, _ = run_child("frames", path, env)
    done()
    done = _step(f"{saves} saves of each kind")
    save, _ = run_child("saves", path, env, str(saves))
    done()

    timings: dict[str, list[float]] = save["timings"]
    kinds: dict[str, list[float]] = save["kinds"]
    all_saves = [t for values in timings.values() for t in values]
    print("\n## Details\n")
    print(
        f"- open to Today's data, medians of 5: import {ms(median_of(today, 'import_ms'))}, "
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
        "- TUI, each run (first frame / exit / whole process): "
        + ", ".join(
            f"{r['ready_ms']:.0f}/{r['exit_ms']:.0f}/{w:.0f}"
            for r, w in zip(tui, tui_wall, strict=True)
        )
        + f" ms; imports + open {ms(median_of(tui, 'import_open_ms'))}; "
        f"checklist rows {tui[0].get('checklist_rows')}; alerts: {tui[0].get('alerts')!r}"
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
        f"- metrics cell saves: insert (new day row) median "
        f"{ms(statistics.median(kinds['insert'] or [0.0]))} ×{len(kinds['insert'])}, update "
        f"median {ms(statistics.median(kinds['update'] or [0.0]))} ×{len(kinds['update'])}"
    )
    print(
        f"- journal: {save['journal_bytes']:,} bytes after {save['saves_done']} saves "
        f"({save['bytes_per_save']:.0f} B/save → a checkpoint every "
        f"≈{save['saves_per_checkpoint']:,.0f} saves); checkpoints during the saves: "
        f"{save['checkpoints']}; a checkpoint of "
        f"{', '.join(save['checkpoint_shards'])} took {ms(save['checkpoint_ms'])}; "
        f"of {', '.join(save['checkpoint_all_shards'])} {ms(save['checkpoint_all_ms'])}"
    )
    print(
        "- invoice updates: shards parsed by the updates (only 2026 was loaded before): "
        + ", ".join(save["invoice_shards_loaded_by_update"])
    )

    print("\n## Results\n")
    print("| what | result | target (DESIGN §7) |")
    print("|---|---|---|")
    print(
        row("save latency: metrics cell (set_count)", _save_cell(timings["metrics"]), SAVE_TARGET)
    )
    print(row("save latency: invoice (add)", _save_cell(timings["invoice"]), SAVE_TARGET))
    print(row("save latency: call review (add)", _save_cell(timings["call_review"]), SAVE_TARGET))
    print(
        row(
            "save latency: invoice (update, current year)",
            _save_cell(timings["invoice_update"]),
            SAVE_TARGET,
        )
    )
    print(
        row(
            f"save latency: checkpoints in {len(all_saves)} saves",
            f"{save['checkpoints']} triggered; one adds {ms(save['checkpoint_ms'])} to a save "
            f"every ≈{save['saves_per_checkpoint']:,.0f} saves "
            f"({ms(save['checkpoint_all_ms'])} with every current-year shard dirty)",
            SAVE_TARGET,
        )
    )
    print(
        row(
            "open time: import + open + Today's reads (median of 5)",
            f"{ms(median_of(today, 'total_ms'))} "
            f"(whole process {ms(statistics.median(today_wall))})",
            "part of < 1.5 s",
        )
    )
    print(
        row(
            "open time: TUI to first frame of Today (median of 3)",
            f"{ms(median_of(tui, 'ready_ms'))} (to exit {ms(median_of(tui, 'exit_ms'))})",
            "< 1.5 s at scale (< 1 s demo)",
        )
    )
    print(
        row(
            "open time: TUI whole process, python start → exit (median of 3)",
            ms(statistics.median(tui_wall)),
            "< 1.5 s at scale (< 1 s demo)",
        )
    )
    print(
        row("peak RSS (VmHWM): open to Today's data", mib(median_of(today, "rss_kib")), MEM_TARGET)
    )
    print(row("peak RSS (VmHWM): TUI to first frame", mib(median_of(tui, "rss_kib")), MEM_TARGET))
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
            f"metrics report, one month ({frames['report_month']}), text",
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
        "in a private PYTHONPYCACHEPREFIX warmed by a discarded run; peak RSS is VmHWM"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
