"""Shared fixtures: real database folders in temp dirs, the memory double, a seeded demo."""

from __future__ import annotations

import errno
import fcntl
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Final

import pytest

from salestui.demo import create_demo
from salestui.i18n import set_language
from salestui.store import Repository
from tests.terminal import SCRIPT

# A Thursday: the last working day is Wednesday 2026-11-25.
TODAY = date(2026, 11, 26)


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """Every test starts in English; a test that wants Russian sets it."""
    set_language("en")
    yield
    set_language("en")


@pytest.fixture(params=["memory", "file"])
def repo(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Repository]:
    """A repository over the memory double and over a real database folder."""
    if request.param == "memory":
        repository = Repository.in_memory()
    else:
        repository = Repository.open(tmp_path / "db", create=True)
    yield repository
    repository.close()


def shared(factory: pytest.TempPathFactory, name: str, build: Callable[[Path], None]) -> Path:
    """Return a folder `build` filled once for the whole run: the first xdist worker to ask
    builds it (the others wait on a lock), and every worker reads the same one. Tests copy
    what they change; building a demo in each of four workers cost the suite ~30 s of CPU."""
    base = factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # the run's folder, shared by its workers
    folder = base / f"shared-{name}"
    with open(base / f"shared-{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (base / f"shared-{name}.done").exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            build(folder)
            (base / f"shared-{name}.done").touch()
    return folder


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Seeded demo databases (8 employees, 12 months) in English and Russian, built once."""

    def build(root: Path) -> None:
        for lang in ("en", "ru"):
            set_language(lang)
            create_demo(
                root / lang, seed=7, employees=8, months=12, today=TODAY, lang=lang, force=False
            )
        set_language("en")

    root = shared(tmp_path_factory, "demo", build)
    return {lang: root / lang for lang in ("en", "ru")}


@pytest.fixture
def demo_path(demo_template: dict[str, Path], tmp_path: Path) -> Path:
    """A private copy of the English demo database that a test may change."""
    path = tmp_path / "demo"
    shutil.copytree(demo_template["en"], path)
    return path


@pytest.fixture
def demo_path_ru(demo_template: dict[str, Path], tmp_path: Path) -> Path:
    """A private copy of the Russian demo database."""
    path = tmp_path / "demo-ru"
    shutil.copytree(demo_template["ru"], path)
    return path


# -- a small full disk ---------------------------------------------------------------------


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 32 MiB tmpfs mounted for this test only, unmounted afterwards."""
    if not sys.platform.startswith("linux") or os.geteuid() != 0:
        pytest.skip("a full disk needs a tmpfs, and mounting one needs root on Linux")
    if shutil.which("mount") is None or shutil.which("umount") is None:
        pytest.skip("mount/umount are not installed")
    point = tmp_path / "disk"
    point.mkdir()
    options = "size=32m,mode=0700"
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(point)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip() or done.returncode}")
    try:
        yield point
    finally:
        if subprocess.run(["umount", str(point)], capture_output=True, check=False).returncode:
            subprocess.run(["umount", "-l", str(point)], capture_output=True, check=False)


def fill(disk: Path) -> Path:
    """Write a file until the disk is full to the byte; return it (delete it to free space)."""
    filler = disk / "filler"
    with open(filler, "wb", buffering=0) as out:
        for size in (1 << 20, 1 << 12, 1):
            block = bytes(size)
            while True:
                try:
                    out.write(block)
                except OSError as exc:
                    assert exc.errno == errno.ENOSPC, exc
                    break
    return filler


@pytest.fixture
def script() -> Path:
    """The installed salestui console script."""
    if not SCRIPT.exists():
        pytest.skip(f"the salestui console script is not installed next to {sys.executable}")
    return SCRIPT


# -- the short profile -----------------------------------------------------------------------
# `python -m pytest -n 2` (what CI runs) skips tests marked slow, which repeat what other tests
# already cover on more cases; `--slow` runs them too (the full profile, before a release).


def pytest_addoption(parser: pytest.Parser) -> None:
    """Add --slow: run the slow tests as well."""
    parser.addoption("--slow", action="store_true", help="also run the tests marked slow")


def pytest_configure(config: pytest.Config) -> None:
    """Declare the markers."""
    config.addinivalue_line("markers", "slow: repeats covered ground on many cases (--slow)")
    config.addinivalue_line(
        "markers", "crash: SIGKILLs writers hundreds of times (SALESTUI_KILLS sets how many)"
    )
    config.addinivalue_line("markers", "fuzz: the large hypothesis profile (pytest -m fuzz)")
    if "fuzz" in (config.option.markexpr or ""):
        os.environ["SALESTUI_FUZZ"] = "large"  # tests/unit/test_fuzz.py: 10,000 a target


# Tests the short profile leaves to the full one: each repeats, on another case, a path that
# a test of the short profile already takes.
SLOW: Final = (
    "tests/tui/test_snapshots_clients.py::TestClientsSnapshots::test_deals",
    "tests/tui/test_snapshots_clients.py::TestClientsSnapshots::test_form_refusal",
    "tests/tui/test_snapshots_finance.py::TestFinanceSnapshots::test_receivables_ru",
    "tests/tui/test_snapshots_plans.py::TestPlansSnapshots::test_empty_month",
    "tests/tui/test_words_and_keys.py::test_palette_titles_are_actions_unique_and_helps_name_keys[en]",
    "tests/tui/test_plans.py::test_revenue_and_counts_typed_are_stored[1234,56",
    "tests/tui/test_plans.py::test_revenue_and_counts_typed_are_stored[1 234 567-",
    "tests/tui/test_hot.py::test_bad_amount_refused_naming_the_field[12abc",
    # Kills of a child saving clients: the crash test of every table (two hundred kills, a
    # fork each) takes the same paths; the kill in the middle of a checkpoint stays.
    "tests/unit/test_crash.py::test_kill_at_random_moments",
    "tests/unit/test_crash.py::test_kill_with_frequent_checkpoints",
    # Every Stats tab at 120×40 in English: test_every_tab_draws_at_80x24_and_120x40 draws
    # them at that size, and the snapshots at 80×24 (both languages) stay.
    "tests/tui/test_snapshots_stats.py::TestStatsSnapshots::test_tab[120x40-",
    # The Russian screens at 120×40: their English 120×40 and Russian 80×24 snapshots stay.
    "tests/tui/test_snapshots.py::TestMetricsSnapshots::test_metrics_ru[120x40]",
    "tests/tui/test_snapshots.py::TestTodaySnapshots::test_today_ru[120x40]",
    "tests/tui/test_snapshots_plans.py::TestPlansSnapshots::test_plans_ru[120x40]",
    "tests/tui/test_snapshots_hot.py::TestHotSnapshots::test_hot_ru[120x40]",
    "tests/tui/test_snapshots_clients.py::TestClientsSnapshots::test_list_ru[120x40]",
    "tests/tui/test_snapshots_finance.py::TestFinanceSnapshots::test_period_ru[120x40]",
    # Dialogs at 120×40: the same box, centred; 80×24 is where they must fit.
    "tests/tui/test_snapshots.py::TestDialogSnapshots::test_date_prompt[120x40]",
    "tests/tui/test_snapshots.py::TestDialogSnapshots::test_employee_form[120x40]",
    "tests/tui/test_snapshots.py::TestDialogSnapshots::test_help[120x40]",
    # Digits 4 and 5 open Stats' tabs: test_stats opens both with the same keys.
    "tests/tui/test_today_team.py::test_digits_2_to_5_open_their_screens[4]",
    "tests/tui/test_today_team.py::test_digits_2_to_5_open_their_screens[5]",
    # The benchmarks run at full scale by hand; their quick smoke run (~25 s) is the full
    # profile's.
    "tests/unit/test_benchmark_smoke.py::test_quick_benchmark_prints_the_results_table",
    "tests/tui/test_snapshots_clients.py::TestClientsSnapshots::test_client_ru[120x40]",
    # Every Stats tab in Russian at 120×40 (the short profile keeps them at 80×24).
    "tests/tui/test_snapshots_stats.py::TestStatsSnapshots::test_tab_ru[120x40-",
    # A funnel of 8 metrics on every tab: the funnel of 4 takes the same paths.
    "tests/tui/test_stats.py::test_every_tab_works_with_a_funnel_of_4_or_8_metrics[8]",
    # The quality screens in Russian at 120×40: their English 120×40 and Russian 80×24 stay.
    "tests/tui/test_snapshots_calls.py::TestCallsSnapshots::test_calls_ru[120x40]",
    "tests/tui/test_snapshots_base_review.py::TestBaseReviewSnapshots::test_base_review_ru[120x40]",
    "tests/tui/test_snapshots_rollcall.py::TestRollCallSnapshots::test_rollcall_ru[120x40]",
    # Every table out and back over the year-long demo (20–40 s each through XLSX): the
    # short profile takes the same round trips over a 3-month demo.
    "tests/unit/test_import.py::test_the_years_demo_goes_out_and_back_the_same[",
    # The linked tables' XLSX round trip over the small demo (~6 s each): their CSV one, the
    # other tables' XLSX one and test_export's XLSX types stay.
    *(
        f"tests/unit/test_import.py::test_export_import_export_gives_the_same_file[{t}-.xlsx]"
        for t in ("deals", "invoices", "payments", "call_reviews", "clients")
    ),
    # The call log's XLSX (the same 5,000 calls as its CSV, which stays; XLSX reading is
    # tested on hand-made workbooks), and the palette's XLSX export (its CSV one stays).
    "tests/unit/test_import_realdata.py::test_from_the_telephonys_call_log[xlsx]",
    "tests/tui/test_export_dialog.py::test_an_xlsx_from_the_palette_opens",
)
# Of these parametrised tests the short profile runs every third case.
THINNED: Final = (
    "tests/tui/test_plans.py::test_bad_values_are_refused_naming_the_field[",
    "tests/unit/test_bad_files.py::test_bad_file_refused_by_the_app[",
    "tests/unit/test_bad_files.py::test_bad_file_refused_by_the_report[",
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark the short profile's leftovers slow, and skip slow tests unless --slow was given."""
    seen: dict[str, int] = {}
    for item in items:
        thinned = next((p for p in THINNED if item.nodeid.startswith(p)), None)
        if thinned is not None:
            seen[thinned] = seen.get(thinned, 0) + 1
        if item.nodeid.startswith(SLOW) or (thinned is not None and seen[thinned] % 3 != 1):
            item.add_marker(pytest.mark.slow)
    if config.getoption("--slow"):
        return
    skip = pytest.mark.skip(reason="slow: run with --slow (the full profile)")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)
