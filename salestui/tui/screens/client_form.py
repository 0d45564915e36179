"""A dialog to add or edit a client: name, contact person, phone, email, owner, source,
the date the client appeared in the base, and a comment."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date
from typing import ClassVar, Final

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Vertical
from textual.widget import Widget
from textual.widgets import Input, Label, Select, Static

from salestui.failures import SAVE_FAILURES, not_saved
from salestui.i18n import fmt_date, parse_date, tr
from salestui.models import Client, Employee, ValidationError
from salestui.tui.screens.base import BaseModal

# Longest texts the form takes (the name's 80 is the model's rule); a list row shows less.
LIMITS: Final = {"contact": 80, "phone": 40, "email": 120, "source": 80, "comment": 1000}
MIN_PHONE_DIGITS: Final = 5
# The model's limit on a name (models.clean_name).
MAX_NAME: Final = 80
EMAIL: Final = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")


class FieldError(ValueError):
    """A typed value is refused; the message names the field, `field` is the widget to focus."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def one_line(text: str) -> str:
    """Return text with runs of spaces, tabs and newlines made single spaces, trimmed."""
    return " ".join(text.split())


def check_text(field: str, label: str, text: str) -> str:
    """Return a trimmed optional text, refused when longer than the field's limit."""
    value = one_line(text)
    limit = LIMITS[field]
    if len(value) > limit:
        raise FieldError(field, tr("clients.error.too_long", field=label, max=limit))
    return value


def check_phone(label: str, text: str) -> str:
    """Return a trimmed phone number; a non-empty one needs at least five digits."""
    value = check_text("phone", label, text)
    if value and sum(c.isdigit() for c in value) < MIN_PHONE_DIGITS:
        raise FieldError("phone", tr("clients.error.phone", field=label, value=value))
    return value


def check_email(label: str, text: str) -> str:
    """Return a trimmed email address; a non-empty one looks like name@example.com."""
    value = check_text("email", label, text)
    if value and not EMAIL.match(value):
        raise FieldError("email", tr("clients.error.email", field=label, value=value))
    return value


class ClientForm(BaseModal[Client | None]):
    """Save an added or edited client and return it, or None if cancelled.

    `save` stores the client (it raises ValidationError or a disk failure, and the dialog
    stays open with what was typed); `namesake` describes another client with the same name,
    which is said once before a second Enter saves anyway.
    """

    DEFAULT_CSS = """
    ClientForm .dialog {
        width: 72;
    }
    ClientForm #client-fields {
        grid-size: 2;
        grid-columns: 17 1fr;
        grid-rows: 1;
        grid-gutter: 0 1;
        height: auto;
    }
    ClientForm #client-fields Label {
        width: 100%;
        text-align: right;
        color: $text-muted;
    }
    ClientForm #client-fields Input, ClientForm #client-fields Select {
        width: 100%;
    }
    ClientForm .hint {
        height: auto;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "dialog.cancel"),
        Binding("ctrl+s", "submit", "dialog.save"),
    ]

    def __init__(
        self,
        client: Client | None,
        *,
        staff: Sequence[Employee],
        today: date,
        save: Callable[[Client], Client],
        namesake: Callable[[str, int], str | None] | None = None,
    ) -> None:
        super().__init__()
        self._client = client
        self._today = today
        self._save = save
        self._namesake = namesake
        self._warned_name: str | None = None
        # Whoever works here today can own a client; an owner who left stays choosable.
        owner = client.owner if client else None
        self._staff = [e for e in staff if e.status_on(today) == "employed" or e.id == owner]

    def compose(self) -> ComposeResult:
        client = self._client
        title = tr("clients.add_title") if client is None else tr("clients.edit_title")
        with Vertical(classes="dialog"):
            yield Label(title, classes="dialog-title")
            with Grid(id="client-fields"):
                yield from self._field("name", "clients.field.name", client.name if client else "")
                yield from self._field("contact", "field.contact", client.contact if client else "")
                yield from self._field("phone", "field.phone", client.phone if client else "")
                yield from self._field("email", "field.email", client.email if client else "")
                yield Label(tr("field.owner"))
                yield Select(
                    [(e.name, e.id) for e in self._staff],
                    prompt=tr("clients.choose_owner"),
                    value=client.owner if client else Select.NULL,
                    id="client-owner",
                    compact=True,
                )
                yield from self._field("source", "field.source", client.source if client else "")
                created = client.created if client else self._today
                yield from self._field("created", "field.created", fmt_date(created))
                yield from self._field("comment", "field.comment", client.comment if client else "")
            yield Static(tr("clients.form_hint"), id="form-error", classes="hint", markup=False)

    @staticmethod
    def _field(name: str, label: str, value: str) -> list[Widget]:
        return [Label(tr(label)), Input(value=value, id=f"client-{name}", compact=True)]

    def on_mount(self) -> None:
        self.query_one("#client-name", Input).focus()

    def _text(self, name: str) -> str:
        return self.query_one(f"#client-{name}", Input).value

    def _read(self) -> Client:
        """Check every field in the order shown; raise FieldError naming the first bad one."""
        label = tr("clients.field.name")
        name = one_line(self._text("name"))
        if not name:
            raise FieldError("name", tr("clients.error.name_empty", field=label))
        if len(name) > MAX_NAME:
            raise FieldError("name", tr("clients.error.name_long", field=label, max=MAX_NAME))
        contact = check_text("contact", tr("field.contact"), self._text("contact"))
        phone = check_phone(tr("field.phone"), self._text("phone"))
        email = check_email(tr("field.email"), self._text("email"))
        owner = self.query_one("#client-owner", Select).value
        if not isinstance(owner, int):
            raise FieldError("owner", tr("clients.error.owner", field=tr("field.owner")))
        source = check_text("source", tr("field.source"), self._text("source"))
        created = self._created()
        comment = check_text("comment", tr("field.comment"), self._text("comment"))
        fields = {
            "name": name,
            "contact": contact,
            "phone": phone,
            "email": email,
            "owner": owner,
            "source": source,
            "created": created,
            "comment": comment,
        }
        if self._client is None:
            return Client(**fields)  # type: ignore[arg-type]
        return replace(self._client, **fields)  # type: ignore[arg-type]

    def _created(self) -> date:
        label, text = tr("field.created"), self._text("created").strip()
        if not text:
            raise FieldError("created", tr("clients.error.created_empty", field=label))
        try:
            day = parse_date(text, today=self._today)
        except ValueError as exc:
            raise FieldError("created", f"{label}: {exc}") from None
        if day > self._today:
            message = tr("clients.error.created_future", field=label, value=fmt_date(day))
            raise FieldError("created", message)
        return day

    @on(Input.Submitted)
    def action_submit(self) -> None:
        """Check the form, warn once about a namesake, save, and return the client."""
        try:
            client = self._read()
            warning = self._namesake(client.name, client.id) if self._namesake else None
            if warning and self._warned_name != client.name.casefold():
                self._warned_name = client.name.casefold()
                self._show(warning, error=False)
                return
            saved = self._save(client)
        except FieldError as exc:
            self._show(str(exc))
            self.query_one(f"#client-{exc.field}").focus()
            return
        except ValidationError as exc:  # the repository's own checks (an owner who is gone)
            self._show(str(exc))
            return
        except SAVE_FAILURES as exc:
            self._show(not_saved(exc))  # the disk refused: the dialog stays open as typed
            return
        self.dismiss(saved)

    def _show(self, text: str, *, error: bool = True) -> None:
        line = self.query_one("#form-error", Static)
        line.update(text)
        line.set_class(error, "error")
        line.set_class(not error, "warning")

    def action_cancel(self) -> None:
        """Close without saving."""
        self.dismiss(None)
