"""Shared fixtures: real database folders in temp dirs, the memory double, a seeded demo."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from salestui.demo import create_demo
from salestui.i18n import set_language
from salestui.store import Repository

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


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Seeded demo databases (8 employees, 12 months) in English and Russian, built once."""
    root = tmp_path_factory.mktemp("demo")
    paths = {}
    for lang in ("en", "ru"):
        set_language(lang)
        path = root / lang
        create_demo(path, seed=7, employees=8, months=12, today=TODAY, lang=lang, force=False)
        paths[lang] = path
    set_language("en")
    return paths


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
