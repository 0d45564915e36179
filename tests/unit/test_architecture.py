"""Layer rules of DESIGN §5: no Textual below the TUI, TinyDB only in store, a light TUI import."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import salestui

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
    """models, store, analytics, reports, demo and cli load without Textual or plotext."""
    loaded = loaded_after(CORE)
    assert "salestui" in loaded
    assert "pandas" in loaded  # the probe works: reports do load pandas
    assert loaded.isdisjoint(UI_ONLY)


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
