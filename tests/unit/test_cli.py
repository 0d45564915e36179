"""The real command line in subprocesses: demo, report metrics, exit codes and messages."""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
from collections import defaultdict
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from salestui import __version__
from salestui.demo import _names, profiles
from salestui.store import Repository
from tests.conftest import TODAY

CODES = ["cold_calls", "conversations", "meetings", "applications", "invoices", "payments"]
PINNED = ["--today", TODAY.isoformat()]


def environment(home: Path) -> dict[str, str]:
    """Return an English environment whose data folders all live under `home`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG"))}
    env.update(
        HOME=str(home),
        XDG_DATA_HOME=str(home / "data"),
        SALESTUI_DB=str(home / "default-db"),
        LC_ALL="C.UTF-8",
        PYTHONIOENCODING="utf-8",
    )
    return env


def run(home: Path, *args: str | Path, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """Run `python -m salestui ARGS` with its data folders under `home`."""
    return subprocess.run(
        [sys.executable, "-m", "salestui", *map(str, args)],
        env=environment(home),
        cwd=home,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
    )


def one_line(text: str) -> str:
    """Assert a stream holds exactly one line and return it."""
    lines = text.splitlines()
    assert len(lines) == 1, text
    assert text.endswith("\n")
    return lines[0]


def fingerprint(folder: Path) -> dict[str, str]:
    """Return the sha256 of every file under a folder, by relative path."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def shards(folder: Path) -> dict[str, str]:
    """Return the fingerprint of the data files only (lock files hold a pid)."""
    return {k: v for k, v in fingerprint(folder).items() if k.endswith((".json", ".jsonl"))}


def report_json(home: Path, db: Path, *args: str) -> list[dict[str, Any]]:
    """Run `report metrics --format json` and return the parsed rows."""
    result = run(home, "report", "metrics", "--db", db, *PINNED, "--format", "json", *args)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    rows: list[dict[str, Any]] = json.loads(result.stdout)
    return rows


# -- basics ----------------------------------------------------------------------------


def test_version(tmp_path: Path) -> None:
    """`python -m salestui --version` prints the package version."""
    result = run(tmp_path, "--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"salestui {__version__}"


# -- demo ------------------------------------------------------------------------------


def small_demo(home: Path, db: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """Build a small demo database quickly."""
    return run(
        home, "demo", "--no-open", "--db", db, "--employees", "3", "--months", "2", *PINNED, *extra
    )


def test_demo_no_open_creates_a_database(tmp_path: Path) -> None:
    """`demo --no-open` writes a database folder, says where, and opens nothing."""
    db = tmp_path / "demo"
    result = small_demo(tmp_path, db)
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert one_line(result.stderr) == f"Demo database written to {db}"
    assert json.loads((db / "meta.json").read_text())["meta"]["1"]["app"] == "salestui"
    assert (db / "metrics" / "2026-11.json").is_file()
    repo = Repository.open(db, writable=False)
    try:
        staff = repo.employees()
        assert sum(e.employed_on(TODAY) for e in staff) == 3
        assert [e.left is not None for e in staff].count(True) == 1  # one former employee
        assert len(repo.metrics_frame()) > 60
    finally:
        repo.close()
    assert not list(tmp_path.glob(".demo.*")), "no half-built or old sibling folders"


def test_demo_defaults_to_the_user_data_folder(tmp_path: Path) -> None:
    """Without --db the demo goes to <data dir>/salestui/demo, never to SALESTUI_DB."""
    result = run(tmp_path, "demo", "--no-open", "--employees", "1", "--months", "1", *PINNED)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "data" / "salestui" / "demo" / "meta.json").is_file()
    assert not (tmp_path / "default-db").exists()


def test_second_demo_without_force_changes_nothing(tmp_path: Path) -> None:
    """An existing demo is kept byte for byte; the message points at --force."""
    db = tmp_path / "demo"
    assert small_demo(tmp_path, db).returncode == 0
    before = fingerprint(db)
    result = small_demo(tmp_path, db, "--seed", "99")
    assert result.returncode == 0
    assert "--force" in one_line(result.stderr)
    assert str(db) in result.stderr
    assert fingerprint(db) == before


def test_same_seed_gives_identical_files(tmp_path: Path) -> None:
    """A seed always gives the same shard files; another seed gives other numbers."""
    for name, seed in (("a", "5"), ("b", "5"), ("c", "6")):
        assert small_demo(tmp_path, tmp_path / name, "--seed", seed).returncode == 0
    first, second, other = (shards(tmp_path / n) for n in "abc")
    assert first and "metrics/2026-11.json" in first
    assert first == second
    assert first["metrics/2026-11.json"] != other["metrics/2026-11.json"]


def test_force_rebuilds_the_demo(tmp_path: Path) -> None:
    """--force replaces an existing demo with a fresh build of the new seed."""
    db, fresh = tmp_path / "demo", tmp_path / "fresh"
    assert small_demo(tmp_path, db, "--seed", "1").returncode == 0
    assert small_demo(tmp_path, fresh, "--seed", "2").returncode == 0
    result = small_demo(tmp_path, db, "--seed", "2", "--force")
    assert result.returncode == 0, result.stderr
    assert one_line(result.stderr) == f"Demo database written to {db}"
    assert shards(db) == shards(fresh)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo", "fresh"]


@pytest.mark.parametrize("force", [False, True])
def test_demo_refuses_a_foreign_folder(tmp_path: Path, force: bool) -> None:
    """A non-empty folder that is not a salestui database is never replaced."""
    folder = tmp_path / "thesis"
    folder.mkdir()
    (folder / "chapter1.md").write_text("precious")
    (folder / "data.json").write_text("{}")
    before = fingerprint(folder)
    result = small_demo(tmp_path, folder, *(["--force"] if force else []))
    assert result.returncode == 1
    assert result.stdout == ""
    line = one_line(result.stderr)
    assert str(folder) in line
    assert "meta.json" in line
    assert fingerprint(folder) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["thesis"]


def test_demo_refuses_a_file(tmp_path: Path) -> None:
    """--db naming a file is refused and the file stays as it was."""
    target = tmp_path / "notes.txt"
    target.write_text("keep me")
    result = small_demo(tmp_path, target, "--force")
    assert result.returncode == 1
    assert str(target) in one_line(result.stderr)
    assert target.read_text() == "keep me"


def test_demo_with_absurd_history_is_a_one_line_error(tmp_path: Path) -> None:
    """A history longer than the calendar allows is refused cleanly, leaving nothing behind."""
    result = run(tmp_path, "demo", "--no-open", "--db", tmp_path / "demo", "--months", "30000")
    assert result.returncode in (1, 2)
    assert "Traceback" not in result.stderr
    one_line(result.stderr)
    assert list(tmp_path.iterdir()) == []


class _Timeout(Exception):
    """Raised by the alarm of test_demo_with_more_employees_than_names."""


def test_demo_with_more_employees_than_names_finishes(tmp_path: Path) -> None:
    """More employees than distinct names either works or fails fast with a message."""
    if threading.current_thread() is not threading.main_thread():
        pytest.skip("signal alarms need the main thread")
    from salestui.cli import main

    def alarm(signum: int, frame: object) -> None:
        raise _Timeout

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, 3.0)
    args = ["demo", "--no-open", "--db", str(tmp_path / "demo"), "--employees", "1001"]
    try:
        code = main([*args, "--months", "1", *PINNED])
    except SystemExit as exc:
        code = exc.code
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert code in (0, 1, 2)


# -- report metrics --------------------------------------------------------------------


def test_report_json_shape_and_total(demo_path: Path, tmp_path: Path) -> None:
    """JSON rows have exactly date, employee and the codes; TOTAL is the sum of the rows."""
    rows = report_json(tmp_path, demo_path, "--from", "2026-11-02", "--to", "2026-11-25")
    *body, total = rows
    assert len(body) > 100
    for row in rows:
        assert list(row) == ["date", "employee", *CODES]
    for row in body:
        assert "2026-11-02" <= row["date"] <= "2026-11-25"
        assert all(row[c] is None or type(row[c]) is int and row[c] >= 0 for c in CODES)
        assert any(row[c] is not None for c in CODES)  # only what was entered is listed
    assert body == sorted(body, key=lambda r: (r["date"], r["employee"]))
    assert total["employee"] == "TOTAL"
    assert total["date"] is None
    assert {c: total[c] for c in CODES} == {c: sum(r[c] or 0 for r in body) for c in CODES}
    assert all(type(total[c]) is int for c in CODES)


def test_report_formats_show_the_same_rows(demo_path: Path, tmp_path: Path) -> None:
    """csv carries the json rows; text and md show them too, plus who sent nothing."""
    window = ["--from", "2026-11-24", "--to", "2026-11-25"]
    rows = report_json(tmp_path, demo_path, *window)
    outputs = {}
    for fmt in ("text", "md", "csv"):
        result = run(
            tmp_path, "report", "metrics", "--db", demo_path, *PINNED, *window, "--format", fmt
        )
        assert result.returncode == 0, result.stderr
        outputs[fmt] = result.stdout.splitlines()

    csv_lines = outputs["csv"]
    assert csv_lines[0] == ",".join(["date", "employee", *CODES])
    expected = [
        ",".join(
            [
                "" if r["date"] is None else r["date"],
                r["employee"],
                *("" if r[c] is None else str(r[c]) for c in CODES),
            ]
        )
        for r in rows
    ]
    assert csv_lines[1:] == expected

    md = outputs["md"]
    assert md[0] == "Daily metrics · 2026-11-24 – 2026-11-25"
    labels = ["Date", "Employee", "Cold calls", "Conversations", "Meetings", "Applications"]
    assert md[2] == "| " + " | ".join([*labels, "Invoices", "Payments"]) + " |"
    assert md[3] == "|---|---|" + "---:|" * len(CODES)
    table = md[4 : md.index("", 4)]
    entered = {(r["date"], r["employee"]) for r in rows[:-1]}
    listed = {(cells[1].strip(), cells[2].strip()) for cells in (t.split("|") for t in table[:-1])}
    assert entered < listed  # everyone who entered, and the employees who sent nothing
    assert table[-1].startswith("|  | TOTAL | ")
    assert md[-1].startswith("Sent ")

    text = outputs["text"]
    assert text[0] == md[0]
    assert text[2].split() == ["Date", "Employee", "Calls", "Talks", "Mtgs", "Apps", "Invs", "Pmts"]
    assert set(text[3]) <= {"-", " "}
    body = text[4 : text.index("", 4)]
    total = rows[-1]
    assert body[-1].split() == ["TOTAL", *(f"{total[c]:,}" for c in CODES)]
    # Numbers are right-aligned: every row ends where the header ends.
    assert {len(line) for line in body} == {len(text[2])}
    assert max(len(line) for line in text) <= 60


def test_report_employee_is_case_insensitive(demo_path: Path, tmp_path: Path) -> None:
    """--employee matches names whatever the case and spacing; TOTAL covers them only."""
    everyone = report_json(tmp_path, demo_path, "--from", "2026-11-16", "--to", "2026-11-20")
    name = everyone[0]["employee"]
    first, last = name.split(" ", 1)
    typed = f"  {first.upper()}   {last.lower()} "
    rows = report_json(
        tmp_path, demo_path, "--from", "2026-11-16", "--to", "2026-11-20", "--employee", typed
    )
    *body, total = rows
    assert body == [r for r in everyone[:-1] if r["employee"] == name]
    assert {c: total[c] for c in CODES} == {c: sum(r[c] for r in body) for c in CODES}


def test_report_default_is_the_last_working_day(demo_path: Path, tmp_path: Path) -> None:
    """Without --from/--to the report answers "how did we do yesterday?"."""
    *body, _ = report_json(tmp_path, demo_path)
    assert {r["date"] for r in body} == {"2026-11-25"}
    monday = report_json(tmp_path, demo_path, "--today", "2026-11-23")
    assert {r["date"] for r in monday[:-1]} == {"2026-11-20"}  # Monday looks at Friday
    since = report_json(tmp_path, demo_path, "--from", "2026-11-24")
    assert {r["date"] for r in since[:-1]} == {"2026-11-24", "2026-11-25"}  # up to today


def test_report_accepts_short_and_russian_dates(demo_path: Path, tmp_path: Path) -> None:
    """26.11-style and DD.MM.YYYY dates select the same rows as ISO dates."""
    iso = report_json(tmp_path, demo_path, "--from", "2026-11-24", "--to", "2026-11-25")
    assert report_json(tmp_path, demo_path, "--from", "24.11", "--to", "25.11.2026") == iso


def test_report_in_russian(demo_path: Path, tmp_path: Path) -> None:
    """--lang ru shows Russian headers, ИТОГО and DD.MM.YYYY dates."""
    result = run(
        tmp_path,
        "report",
        "metrics",
        "--db",
        demo_path,
        "--lang",
        "ru",
        *PINNED,
        "--from",
        "2026-11-25",
        "--to",
        "2026-11-25",
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Отчёт по метрике дня · Ср 25.11.2026"
    assert lines[2].split()[:2] == ["Сотрудник", "Звонки"]  # one day: no date column
    assert "Звонки — Холодные звонки" in result.stdout  # the legend of short labels
    assert any(line.startswith("ИТОГО ") for line in lines)
    assert "2026-11-25" not in result.stdout
    assert "TOTAL" not in result.stdout
    assert lines[-1].startswith("Прислали не всё") or "Ничего не прислали" in result.stdout


def test_report_json_stays_english_in_russian(demo_path: Path, tmp_path: Path) -> None:
    """Scripts read the same keys, ISO dates and TOTAL whatever the language."""
    window = ["--from", "2026-11-25", "--to", "2026-11-25"]
    english = report_json(tmp_path, demo_path, *window)
    assert report_json(tmp_path, demo_path, *window, "--lang", "ru") == english


def test_report_does_not_change_the_database(demo_path: Path, tmp_path: Path) -> None:
    """The report opens the database read-only: no file changes."""
    before = fingerprint(demo_path)
    report_json(tmp_path, demo_path, "--from", "2026-01-01")
    assert fingerprint(demo_path) == before


def test_report_works_while_the_app_has_the_database_open(demo_path: Path, tmp_path: Path) -> None:
    """A writer holding the database does not stop a report (README: works while open)."""
    repo = Repository.open(demo_path)
    try:
        employee = repo.employees()[0]
        repo.set_count(employee.id, date(2026, 11, 26), "cold_calls", 7)
        rows = report_json(tmp_path, demo_path, "--from", "2026-11-26", "--to", "2026-11-26")
    finally:
        repo.close()
    assert rows[0]["employee"] == employee.name
    assert rows[0]["cold_calls"] == 7


# -- errors ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--employee", "Nobody Atall"], "no employee is named 'Nobody Atall'"),
        (["--from", "31.02.2026"], "--from: '31.02.2026' is not a date"),
        (["--from", "yesterday"], "--from: 'yesterday' is not a date"),
        (["--to", "2026-13-01"], "--to: '2026-13-01' is not a date"),
        (
            ["--from", "2026-11-25", "--to", "2026-11-01"],
            "--from 2026-11-25 is after --to 2026-11-01",
        ),
    ],
)
def test_report_user_errors_exit_1(
    demo_path: Path, tmp_path: Path, args: list[str], fragment: str
) -> None:
    """Mistakes in what was asked exit 1 with one line on stderr and nothing on stdout."""
    result = run(tmp_path, "report", "metrics", "--db", demo_path, *PINNED, *args)
    assert result.returncode == 1
    assert result.stdout == ""
    line = one_line(result.stderr)
    assert line.startswith("salestui: ")
    assert fragment in line


@pytest.mark.parametrize(
    "args",
    [
        ["report", "sales"],
        ["report"],
        ["report", "metrics", "--format", "xml"],
        ["report", "metrics", "--lang", "de"],
        ["demo", "--employees", "0"],
        ["demo", "--months", "-3"],
        ["demo", "--seed", "abc"],
        ["--frobnicate"],
        ["report", "metrics", "--frobnicate"],
    ],
)
def test_usage_errors_exit_2(tmp_path: Path, args: list[str]) -> None:
    """Bad arguments exit 2 with exactly one line on stderr and touch nothing."""
    result = run(tmp_path, *args)
    assert result.returncode == 2
    assert result.stdout == ""
    assert one_line(result.stderr).startswith("salestui")
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_report_on_a_missing_database(tmp_path: Path) -> None:
    """A missing database is a one-line user error naming the path; nothing is created."""
    missing = tmp_path / "nowhere" / "db"
    result = run(tmp_path, "report", "metrics", "--db", missing)
    assert result.returncode == 1
    assert str(missing) in one_line(result.stderr)
    assert not missing.exists()


def test_report_uses_salestui_db_by_default(tmp_path: Path) -> None:
    """Without --db the report reads $SALESTUI_DB (here missing, so it says so)."""
    result = run(tmp_path, "report", "metrics")
    assert result.returncode == 1
    assert str(tmp_path / "default-db") in one_line(result.stderr)


@pytest.mark.parametrize("kind", ["file", "folder"])
def test_report_on_a_foreign_database(tmp_path: Path, kind: str) -> None:
    """A file or a foreign folder is refused in one line and left untouched."""
    target = tmp_path / "target"
    if kind == "file":
        target.write_text('{"_default": {}}')
    else:
        target.mkdir()
        (target / "notes.txt").write_text("precious")
    before = fingerprint(tmp_path)
    result = run(tmp_path, "report", "metrics", "--db", target)
    assert result.returncode == 1
    assert result.stdout == ""
    assert str(target) in one_line(result.stderr)
    assert fingerprint(tmp_path) == before


def foreign_meta_folder(tmp_path: Path) -> Path:
    """Return a folder of another program that happens to hold a meta.json."""
    folder = tmp_path / "other-app"
    folder.mkdir()
    (folder / "meta.json").write_text('{"meta": {"1": {"app": "other", "schema": 1}}}')
    (folder / "notes.txt").write_text("precious")
    return folder


def test_report_refuses_a_foreign_meta_json(tmp_path: Path) -> None:
    """Another program's meta.json: exit 1, one line, and not even a lock file written."""
    folder = foreign_meta_folder(tmp_path)
    before = fingerprint(folder)
    result = run(tmp_path, "report", "metrics", "--db", folder)
    assert result.returncode == 1
    assert result.stdout == ""
    assert "meta.json does not belong to salestui" in one_line(result.stderr)
    assert fingerprint(folder) == before


@pytest.mark.parametrize("force", [False, True])
def test_demo_refuses_a_folder_with_a_foreign_meta_json(tmp_path: Path, force: bool) -> None:
    """A folder whose meta.json is not salestui's is never replaced nor opened as a demo."""
    folder = foreign_meta_folder(tmp_path)
    before = fingerprint(folder)
    result = small_demo(tmp_path, folder, *(["--force"] if force else []))
    assert fingerprint(folder) == before, "the other program's files were replaced"
    assert result.returncode == 1
    assert str(folder) in one_line(result.stderr)


# -- the demo is believable ------------------------------------------------------------


@pytest.fixture(scope="module")
def year(
    demo_template: dict[str, Path], tmp_path_factory: pytest.TempPathFactory
) -> list[dict[str, Any]]:
    """Every row of the English demo (seed 7, 8 employees, 12 months), without the total."""
    home = tmp_path_factory.mktemp("year")
    db = home / "demo"
    shutil.copytree(demo_template["en"], db)
    *body, _ = report_json(home, db, "--from", "2025-01-01", "--to", TODAY.isoformat())
    return body


@pytest.fixture(scope="module")
def kinds() -> dict[str, str]:
    """Profile kind by employee name, drawn the way salestui.demo.build draws them."""
    rng = random.Random(7)
    names = _names(rng, 9, "en")  # eight employed, and one who left
    kinds = {name: p.kind for name, p in zip(names, profiles(rng, 8), strict=False)}
    return {**kinds, names[-1]: "former"}


def by_employee(rows: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Group report rows by employee name."""
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        groups[row["employee"]].append(row)
    return groups


def test_demo_team_and_history(year: list[dict[str, Any]], kinds: dict[str, str]) -> None:
    """Eight employees and a former one with about a year of history, as drawn."""
    assert set(by_employee(year)) == set(kinds)
    former = by_employee(year)[next(n for n, k in kinds.items() if k == "former")]
    assert max(r["date"] for r in former) < "2026-09-01"
    assert sorted(kinds.values()).count("steady") == 4
    assert min(r["date"] for r in year) <= "2025-12-01"


def test_demo_has_no_weekend_numbers(year: list[dict[str, Any]]) -> None:
    """Nobody reports on Saturdays or Sundays."""
    weekdays = {date.fromisoformat(r["date"]).weekday() for r in year}
    assert weekdays == {0, 1, 2, 3, 4}


def test_demo_funnel_narrows(year: list[dict[str, Any]]) -> None:
    """Each step of the team's funnel is smaller than the one before."""
    sums = [sum(r[c] or 0 for r in year) for c in CODES]
    assert sums == sorted(sums, reverse=True)
    assert sums[-1] > 0


def test_demo_star_converts_better_than_slacker(
    year: list[dict[str, Any]], kinds: dict[str, str]
) -> None:
    """The star has the best conversations/cold calls ratio, clearly above the slacker."""
    ratio = {
        name: sum(r["conversations"] for r in rows) / sum(r["cold_calls"] for r in rows)
        for name, rows in by_employee(year).items()
    }
    star = next(n for n, k in kinds.items() if k == "star")
    slacker = next(n for n, k in kinds.items() if k == "slacker")
    assert max(ratio, key=ratio.__getitem__) == star
    assert ratio[star] > 1.5 * ratio[slacker]
    assert ratio[slacker] < sorted(ratio.values())[len(ratio) // 2]


def test_demo_slacker_and_field_rep_call_less(
    year: list[dict[str, Any]], kinds: dict[str, str]
) -> None:
    """The slacker makes fewer calls than the star; a field rep far fewer than office staff."""
    groups = by_employee(year)

    def calls(kind: str) -> float:
        rows = groups[next(n for n, k in kinds.items() if k == kind)]
        return sum(r["cold_calls"] for r in rows) / len(rows)

    assert calls("slacker") < 0.7 * calls("star")
    assert calls("field") < 0.5 * calls("star")


def test_demo_newcomer_ramps_up(year: list[dict[str, Any]], kinds: dict[str, str]) -> None:
    """The newcomer joined recently and does less in the first month than in the last."""
    newcomer = next(n for n, k in kinds.items() if k == "newcomer")
    rows = by_employee(year)[newcomer]
    months: dict[str, list[int]] = defaultdict(list)
    for row in rows:
        months[row["date"][:7]].append(row["cold_calls"] + row["conversations"] + row["meetings"])
    first, last = min(months), max(months)
    assert first >= "2026-09"
    assert first != last
    mean = {m: sum(v) / len(v) for m, v in months.items()}
    assert mean[first] < 0.85 * mean[last]


def test_demo_two_employees_have_not_reported_yesterday(
    year: list[dict[str, Any]], kinds: dict[str, str]
) -> None:
    """On Wednesday 2026-11-25 two of the eight sent nothing and one sent only two numbers."""
    day = [r for r in year if r["date"] == "2026-11-25"]
    reported = {r["employee"] for r in day}
    assert len(reported) == 6
    assert len({n for n, k in kinds.items() if k != "former"} - reported) == 2
    partial = [r["employee"] for r in day if any(r[c] is None for c in CODES)]
    assert len(partial) == 1
    assert all(r["date"] <= "2026-11-25" for r in year)


@pytest.fixture(autouse=True)
def _never_the_real_data_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """In-process calls also see a private data folder."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("SALESTUI_DB", str(tmp_path / "default-db"))
    yield
