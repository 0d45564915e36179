"""The base of every screen: translated bindings and typed access to the app's state."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Generic, TypeVar, cast

from textual.screen import ModalScreen, Screen

from salestui.store import Repository
from salestui.tui.keys import translate_bindings

if TYPE_CHECKING:
    from salestui.tui.app import SalesApp

T = TypeVar("T")


class BaseScreen(Screen[None]):
    """A routine screen."""

    def __init__(self) -> None:
        super().__init__()
        translate_bindings(self)

    @property
    def sales(self) -> SalesApp:
        """Return the app, typed."""
        from salestui.tui.app import SalesApp

        return cast(SalesApp, self.app)

    @property
    def repo(self) -> Repository:
        """Return the repository."""
        return self.sales.repo

    @property
    def today(self) -> date:
        """Return the (possibly pinned) date of today."""
        return self.sales.today


class BaseModal(ModalScreen[T], Generic[T]):
    """A dialog returning a value."""

    def __init__(self) -> None:
        super().__init__()
        translate_bindings(self)
