"""Layer rules of DESIGN §5: no Textual below the TUI, TinyDB only in store, a light TUI import."""

from __future__ import annotations

import ast
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import salestui
from tests.conftest import TODAY
from tests.unit.test_cli import environment

PACKAGE = Path(salestui.__file__).resolve().parent
CORE = [
    "salestui.models",
    "salestui.store",
    "salestui.analytics.calendar",
    "salestui.analytics.checklist",
    "salestui.analytics.metrics",
    "salestui.analytics.ratios",
    "salestui.analytics.reporting",
    "salestui.analytics.totals",
    "salestui.reports.formats",
    "salestui.reports.metrics",
    "salestui.reports.render",
    "salestui.store.migrations",
    "salestui.textfit",
    "salestui.demo",
    "salestui.cli",
]
UI_ONLY = ("textual", "textual_plotext", "plotext")


def loaded_after(imports: list[str]) -> set[str]:
    """Import modules in a fresh interpreter and return the top-level packages loaded."""
    code = (
        "import importlib, json, sys\n"
        f"for name in {imports!r}:\n"
        "    importlib.import_module(name)\n"
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    return set(json.loads(result.stdout))


def test_core_never_imports_textual() -> None:
    """models, store, analytics, reports, demo and cli load without Textual, plotext, pandas."""
    loaded = loaded_after(CORE)
    assert {"salestui", "tinydb", "orjson"} <= loaded  # the probe works: the store loads TinyDB
    assert loaded.isdisjoint({"pandas", "numpy", *UI_ONLY})


def test_tui_app_import_is_light() -> None:
    """Importing the command line and the app (the way to Today) loads Textual, not pandas."""
    assert loaded_after(["salestui.cli"]).isdisjoint({"pandas", "numpy", "textual"})
    loaded = loaded_after(["salestui.cli", "salestui.tui.app"])
    assert "textual" in loaded
    assert "pandas" not in loaded
    assert "numpy" not in loaded


def test_today_analytics_do_not_need_pandas() -> None:
    """The calendar and checklist used by Today stay free of pandas."""
    loaded = loaded_after(["salestui.analytics.calendar", "salestui.analytics.checklist"])
    assert loaded.isdisjoint({"pandas", "numpy", *UI_ONLY})


@pytest.mark.parametrize(
    "options",
    [
        ("--format", "text"),
        ("--from", "2026-10-01", "--to", "2026-10-31", "--by", "employee", "--format", "json"),
        ("--from", "2025-12-15", "--by", "date", "--format", "csv", "--excel", "--lang", "ru"),
    ],
)
def test_report_console_script_loads_no_pandas(
    demo_path: Path, tmp_path: Path, options: tuple[str, ...]
) -> None:
    """`salestui report metrics`, run as users run it, never imports pandas or numpy."""
    script = shutil.which("salestui", path=str(Path(sys.executable).parent))
    script = script or shutil.which("salestui")
    assert script is not None, "the salestui console script is not installed"
    args = ["report", "metrics", "--db", str(demo_path), "--today", TODAY.isoformat(), *options]
    result = subprocess.run(
        [sys.executable, "-X", "importtime", script, *args],
        env=environment(tmp_path),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip()
    lines = result.stderr.splitlines()
    assert any(line.endswith("salestui.reports.metrics") for line in lines)  # the probe works
    assert [line for line in lines if "pandas" in line or "numpy" in line] == []


def python_files(folder: Path) -> list[Path]:
    """Return every Python file below a folder."""
    return sorted(folder.rglob("*.py"))


IMPORT_TINYDB = re.compile(r"^\s*(?:import\s+tinydb\b|from\s+tinydb\b)", re.MULTILINE)


def test_grep_finds_tinydb_in_store() -> None:
    """The pattern does match the store's own imports (a blind grep proves nothing)."""
    store = [p for p in python_files(PACKAGE / "store") if IMPORT_TINYDB.search(p.read_text())]
    assert store


def test_only_store_imports_tinydb() -> None:
    """No file outside salestui/store imports tinydb, even lazily inside a function."""
    offenders = [
        str(p.relative_to(PACKAGE))
        for p in python_files(PACKAGE)
        if (PACKAGE / "store") not in p.parents and IMPORT_TINYDB.search(p.read_text())
    ]
    assert offenders == []


@pytest.mark.parametrize("layer", ["models.py", "store", "analytics", "reports", "io"])
def test_core_sources_do_not_mention_textual(layer: str) -> None:
    """No import of textual in the core layers' source, lazy or not."""
    target = PACKAGE / layer
    files = [target] if target.is_file() else python_files(target)
    offenders = []
    for path in files:
        for node in ast.walk(ast.parse(path.read_text())):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            if any(n.split(".")[0] in UI_ONLY for n in names):
                offenders.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert offenders == []


def test_screens_do_not_build_tinydb_queries() -> None:
    """Screens and widgets go through the repository, never Query()."""
    tui = PACKAGE / "tui"
    assert [str(p) for p in python_files(tui) if "Query(" in p.read_text()] == []


def test_screens_do_not_reach_past_the_repository() -> None:
    """Screens, widgets and the reports' command never touch the engine (`repo.db`) itself."""
    sources = [*python_files(PACKAGE / "tui"), PACKAGE / "queries.py", PACKAGE / "sales_reports.py"]
    offenders = [
        f"{path.relative_to(PACKAGE)}:{n}"
        for path in sources
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if re.search(r"\brepo\.db\b|\.repo\.db\b", line)
    ]
    assert offenders == []
