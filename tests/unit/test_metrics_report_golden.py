"""`report metrics` byte for byte: every format, shape, language and period, as recorded.

The expected SHA-256 of each output (and a few outputs in full, for a readable diff) were
captured from the console script before the report moved from pandas to plain Python, and
are kept in data/metrics_report_golden.json. A failure here means the report's bytes changed.
If the change is intended, regenerate the file and review its diff:

    python -m tests.unit.test_metrics_report_golden --write
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from salestui.demo import create_demo
from salestui.i18n import set_language
from salestui.store import Repository
from tests.conftest import shared
from tests.unit.test_cli import environment

GOLDEN = Path(__file__).parent / "data" / "metrics_report_golden.json"
TODAY = date(2026, 11, 26)  # a Thursday
DEMO = {"seed": 7, "employees": 12, "months": 14}
LANGS = ("en", "ru")
SHAPES = ("date-employee", "employee", "date")
FORMATS: dict[str, tuple[str, ...]] = {
    "text": ("--format", "text"),
    "md": ("--format", "md"),
    "csv": ("--format", "csv"),
    "json": ("--format", "json"),
    "excel": ("--format", "csv", "--excel"),
}
PERIODS: dict[str, tuple[str, ...]] = {
    "day": (),  # the default: the last working day, Wednesday 2026-11-25
    "month": ("--from", "2026-10-01", "--to", "2026-10-31"),
    "new-year": ("--from", "2025-12-15", "--to", "2026-01-20"),
}
# Employees by their demo id (names differ by language): one current, one who left in June
# 2026, one hired on 1 October 2026.
CURRENT, FORMER, NEWCOMER = 1823, 3293, 603
# Outputs kept in full beside their hashes: a failure then shows the lines that changed.
KEPT = (
    "en month date-employee text",
    "ru new-year date md",
    "ru month employee excel",
    "en day date-employee json",
    "en new-year employee text employee=current",
)


def matrix() -> dict[str, tuple[str, tuple[str, ...], int | None]]:
    """Return every case: its key, language, options and the demo id for --employee.

    Every format, shape and language for the three periods and for one employee; fewer
    formats for the rarer cases (an employee who left or just started, a Sunday, no data).
    """
    cases: dict[str, tuple[str, tuple[str, ...], int | None]] = {}

    def add(
        lang: str,
        period: str,
        span: tuple[str, ...],
        formats: tuple[str, ...] = tuple(FORMATS),
        who: str = "",
        person: int | None = None,
    ) -> None:
        for by in SHAPES:
            for fmt in formats:
                key = f"{lang} {period} {by} {fmt}" + (f" employee={who}" if who else "")
                cases[key] = (lang, (*span, "--by", by, *FORMATS[fmt]), person)

    for lang in LANGS:
        for period, span in PERIODS.items():
            add(lang, period, span)
        add(lang, "new-year", PERIODS["new-year"], who="current", person=CURRENT)
    people = ("text", "md", "json")
    add("en", "leaving", ("--from", "2026-05-15", "--to", "2026-06-30"), people, "former", FORMER)
    add("en", "month", PERIODS["month"], people, "newcomer", NEWCOMER)
    add("en", "to-today", ("--from", "2026-11-19"), ("text", "json"))
    add("en", "sunday", ("--from", "2026-11-22", "--to", "2026-11-22"), ("text", "json"))
    add("en", "empty", ("--from", "2020-01-01", "--to", "2020-01-31"), ("text", "json"))
    return cases


def build(root: Path) -> dict[str, Path]:
    """Build the demo database in each language under root."""
    paths = {}
    for lang in LANGS:
        set_language(lang)
        paths[lang] = root / lang
        create_demo(paths[lang], **DEMO, today=TODAY, lang=lang, force=False)
    set_language("en")
    return paths


def names(db: Path) -> dict[int, str]:
    """Return every employee's name by id."""
    repo = Repository.open(db, writable=False)
    try:
        return {e.id: e.name for e in repo.employees()}
    finally:
        repo.close()


def fingerprint(db: Path) -> str:
    """Return a hash of the data the reports read (the settings they use, employees, metrics)."""
    repo = Repository.open(db, writable=False)
    try:
        settings = repo.settings()
        data = {
            "settings": repr((settings.funnel, settings.working_days, settings.team_name)),
            "employees": [repr(e) for e in repo.employees()],
            "metrics": [repr(m) for m in repo.metrics_between(date(1, 1, 1), date(9999, 12, 31))],
        }
    finally:
        repo.close()
    return hashlib.sha256(json.dumps(data, ensure_ascii=False).encode()).hexdigest()


def console_script() -> str:
    """Return the installed `salestui` console script (the venv's, as users run it)."""
    script = shutil.which("salestui", path=str(Path(sys.executable).parent))
    script = script or shutil.which("salestui")
    assert script is not None, "the salestui console script is not installed"
    return script


def run_report(db: Path, home: Path, lang: str, options: tuple[str, ...], person: str) -> bytes:
    """Run `salestui report metrics` on db and return its stdout bytes; it must succeed quietly."""
    args = ["report", "metrics", "--db", str(db), "--today", TODAY.isoformat(), "--lang", lang]
    args += [*options, *(("--employee", person) if person else ())]
    result = subprocess.run(
        [sys.executable, console_script(), *args],
        env=environment(home),
        cwd=home,
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert (result.returncode, result.stderr) == (0, b""), result.stderr.decode()
    return result.stdout


def record(root: Path) -> dict[str, Any]:
    """Run every case on freshly built databases and return the golden document."""
    paths = build(root / "db")
    people = {lang: names(paths[lang]) for lang in LANGS}

    def one(case: tuple[str, tuple[str, ...], int | None]) -> bytes:
        lang, options, person = case
        who = people[lang][person] if person is not None else ""
        return run_report(paths[lang], root, lang, options, who)

    with ThreadPoolExecutor(max_workers=2) as pool:
        found = dict(zip(matrix(), pool.map(one, matrix().values()), strict=True))
    hashes = {key: hashlib.sha256(out).hexdigest() for key, out in found.items()}
    outputs = {key: found[key].decode("utf-8") for key in KEPT}
    return {
        "demo": {**DEMO, "today": TODAY.isoformat()},
        "data": {lang: fingerprint(paths[lang]) for lang in LANGS},
        "sha256": hashes,
        "outputs": outputs,
    }


def golden() -> dict[str, Any]:
    """Return the recorded document."""
    data: dict[str, Any] = json.loads(GOLDEN.read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="module")
def databases(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The demo databases the outputs were recorded from, built once for the run."""
    root = shared(tmp_path_factory, "golden", build)
    return {lang: root / lang for lang in LANGS}


def test_the_demo_data_is_the_recorded_one(databases: dict[str, Path]) -> None:
    """The databases hold the data the hashes were taken from (else the demo changed)."""
    expected = golden()
    assert expected["demo"] == {**DEMO, "today": TODAY.isoformat()}
    for lang in LANGS:
        assert fingerprint(databases[lang]) == expected["data"][lang], (
            f"the {lang} demo data changed: the report hashes no longer apply to it"
        )


def test_the_matrix_is_the_recorded_one() -> None:
    """Every case has a recorded hash and every hash a case; the kept outputs are cases."""
    expected = golden()
    assert sorted(expected["sha256"]) == sorted(matrix())
    assert sorted(expected["outputs"]) == sorted(KEPT)
    assert len(matrix()) == 156


def _cases() -> list[object]:
    """Every case; the short profile keeps the kept outputs and every fifth of the rest."""
    return [
        pytest.param(key, marks=() if n % 5 == 0 or key in KEPT else pytest.mark.slow)
        for n, key in enumerate(sorted(matrix()))
    ]


@pytest.mark.parametrize("key", _cases())
def test_output_is_byte_identical(key: str, databases: dict[str, Path], tmp_path: Path) -> None:
    """The console script prints exactly the recorded bytes for this case."""
    lang, options, person = matrix()[key]
    who = names(databases[lang])[person] if person is not None else ""
    out = run_report(databases[lang], tmp_path, lang, options, who)
    expected = golden()
    if key in expected["outputs"]:
        assert out.decode("utf-8") == expected["outputs"][key]
    assert hashlib.sha256(out).hexdigest() == expected["sha256"][key]


if __name__ == "__main__":
    import argparse
    import tempfile

    parser = argparse.ArgumentParser(description="Record the golden report outputs.")
    parser.add_argument("--write", action="store_true", help=f"write {GOLDEN}")
    if not parser.parse_args().write:
        parser.error("pass --write to overwrite the recorded outputs")
    with tempfile.TemporaryDirectory() as folder:
        document = record(Path(folder))
    GOLDEN.parent.mkdir(exist_ok=True)
    text = json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    GOLDEN.write_text(text, encoding="utf-8")
    print(f"{len(document['sha256'])} outputs recorded in {GOLDEN}")
