"""Snapshots of the Finance screen at 80×24 and 120×40, English and Russian, 20 employees."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from salestui.i18n import set_language
from salestui.tui.app import SalesApp
from tests.tui.test_finance import big_team
from tests.tui.test_snapshots import SIZES, SnapCompare, open_app, shoot


@pytest.fixture(scope="module")
def templates(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Twenty employees owing money in every aging bucket, in English and in Russian."""
    root = tmp_path_factory.mktemp("finance-snapshots")
    paths = {}
    for lang in ("en", "ru"):
        set_language(lang)
        big_team(root / lang, lang)
        paths[lang] = root / lang
    set_language("en")
    return paths


def app_in(lang: str, templates: dict[str, Path], tmp_path: Path) -> Iterator[SalesApp]:
    """Yield the app in a language on a private copy of that language's database."""
    path = tmp_path / lang
    shutil.copytree(templates[lang], path)
    set_language(lang)
    yield from open_app(path)


@pytest.fixture
def app(templates: dict[str, Path], tmp_path: Path) -> Iterator[SalesApp]:
    """The app in English."""
    yield from app_in("en", templates, tmp_path)


@pytest.fixture
def app_ru(templates: dict[str, Path], tmp_path: Path) -> Iterator[SalesApp]:
    """The app in Russian."""
    yield from app_in("ru", templates, tmp_path)


class TestFinanceSnapshots:
    """The period's money, the receivables with the overdue invoices, the weekly chart."""

    @SIZES
    def test_period(self, snap_compare: SnapCompare, app: SalesApp, size: tuple[int, int]) -> None:
        """November per employee: issued, money in, plan, done, forecast, need per day."""
        assert shoot(snap_compare, app, size, ["3"])

    @SIZES
    def test_period_ru(
        self, snap_compare: SnapCompare, app_ru: SalesApp, size: tuple[int, int]
    ) -> None:
        """The same in Russian: amounts as 1 234 567,89, the legend in Russian."""
        assert shoot(snap_compare, app_ru, size, ["3"])

    @SIZES
    def test_receivables(
        self, snap_compare: SnapCompare, app: SalesApp, size: tuple[int, int]
    ) -> None:
        """Aging per employee in every bucket; at 120×40 the overdue invoices under it."""
        assert shoot(snap_compare, app, size, ["3", "tab"])

    @SIZES
    def test_receivables_ru(
        self, snap_compare: SnapCompare, app_ru: SalesApp, size: tuple[int, int]
    ) -> None:
        """The aging in Russian."""
        assert shoot(snap_compare, app_ru, size, ["3", "tab"])

    def test_overdue_narrow(self, snap_compare: SnapCompare, app: SalesApp) -> None:
        """At 80×24 the overdue invoices have a section of their own."""
        assert shoot(snap_compare, app, (80, 24), ["3", "tab", "tab"])

    def test_chart_narrow(self, snap_compare: SnapCompare, app: SalesApp) -> None:
        """The team's last 12 weeks at 80×24: a line per week, the amount after each bar."""
        assert shoot(snap_compare, app, (80, 24), ["3", "tab", "tab", "tab"])

    def test_chart_wide_ru(self, snap_compare: SnapCompare, app_ru: SalesApp) -> None:
        """The weekly chart at 120×40 in Russian (the aging and the list share one stop)."""
        assert shoot(snap_compare, app_ru, (120, 40), ["3", "tab", "tab", "tab"])
