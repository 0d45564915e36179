"""Spreadsheets in: a table's rows from a CSV or XLSX file, checked whole, then written in one
store transaction (or not at all), and a telephony call log as daily counts.

The file's columns are matched to DESIGN §3's field names (`--map SRC=FIELD`, else a header
equal to the field's name or its English or Russian label, case and spaces aside); values
are translated (`--map-values`), defaulted (`--default`) and parsed: dates (ISO,
DD.MM.YYYY, M/D/YYYY or D/M/YYYY decided from the file or by `--date-format`, Excel serials,
date cells), money (salestui.money.parse_money), whole numbers, yes/no. An employee and a
client are given by name; unknown ones are made (and listed). Every invalid row is named
with its row number and column; nothing is written unless every row is valid, or with
`skip_invalid` the valid ones. Rows already stored (by their natural key) are not added
twice.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Final, Literal

from salestui.i18n import LANGUAGES, fmt_int, tr, tr_in, trn
from salestui.io.export import BASE_FIGURES
from salestui.io.sheet_reader import Cell, RawTable, ReadError, read_table
from salestui.models import (
    BASE_POINTS,
    LOST,
    NA,
    OUTCOMES,
    REVENUE,
    ROLES,
    ROLLCALL_STATUSES,
    WON,
    BaseReview,
    CallReview,
    Client,
    Deal,
    Employee,
    Invoice,
    Payment,
    RollCall,
    ValidationError,
)
from salestui.money import MoneyError, fmt_amount, parse_money
from salestui.store import Repository
from salestui.store.quality import check_ratings

Kind = Literal["text", "date", "money", "int", "float", "bool", "employee", "client", "role"]

# Excel's day 0 (its serial dates count from here, the 1900 leap-year bug included).
EXCEL_EPOCH: Final = date(1899, 12, 30)
# The --date-format values, and the order of day and month each means.
DATE_FORMATS: Final = {
    "YYYY-MM-DD": "ISO",
    "DD.MM.YYYY": "DMY",
    "D.M.YYYY": "DMY",
    "DD/MM/YYYY": "DMY",
    "D/M/YYYY": "DMY",
    "DMY": "DMY",
    "MM/DD/YYYY": "MDY",
    "M/D/YYYY": "MDY",
    "MDY": "MDY",
}
_ISO: Final = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")
_DMY_DOTS: Final = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{2,4})(?: .*)?$")
_SLASHES: Final = re.compile(r"^(\d{1,2})[/-](\d{1,2})[/-](\d{2,4})(?: .*)?$")
_SERIAL: Final = re.compile(r"^\d{4,5}(?:\.\d+)?$")
_YES: Final = frozenset({"1", "true", "yes", "y", "да", "д", "x", "✓"})
_NO: Final = frozenset({"", "0", "false", "no", "n", "нет", "н"})


class ImportError_(Exception):  # noqa: N801 - ImportError is Python's own
    """What the user asked of an import cannot be done: one line (or several lines, each an
    invalid row) saying what."""


@dataclass(frozen=True, slots=True)
class Field:
    """A field an import fills: its name (DESIGN §3), kind, and whether a row needs it."""

    name: str
    kind: Kind = "text"
    required: bool = False


FIELDS: Final[dict[str, tuple[Field, ...]]] = {
    "employees": (
        Field("name", required=True),
        Field("role", "role"),
        Field("hired", "date"),
        Field("left", "date"),
        Field("notes"),
    ),
    "clients": (
        Field("name", required=True),
        Field("owner", "employee", required=True),
        Field("created", "date", required=True),
        Field("contact"),
        Field("phone"),
        Field("email"),
        Field("source"),
        Field("comment"),
    ),
    "deals": (
        Field("ref"),
        Field("client", "client"),
        Field("owner", "employee", required=True),
        Field("created", "date", required=True),
        Field("stage", required=True),
        Field("amount", "money"),
        Field("probability", "int"),
        Field("expected_payment", "date"),
        Field("hot", "bool"),
        Field("next_step"),
        Field("next_step_due", "date"),
        Field("last_contact", "date"),
        Field("closed", "date"),
        Field("lost_reason"),
    ),
    "invoices": (
        Field("number", required=True),
        Field("deal"),
        Field("client", "client"),
        Field("employee", "employee", required=True),
        Field("issued", "date", required=True),
        Field("due", "date", required=True),
        Field("amount", "money", required=True),
        Field("paid", "date"),
        Field("cancelled", "bool"),
    ),
    "payments": (
        Field("invoice", required=True),
        Field("date", "date", required=True),
        Field("amount", "money", required=True),
    ),
    "metrics": (Field("date", "date", required=True), Field("employee", "employee", required=True)),
    # A review's answers, a plan's targets: one column per checklist item or metric, added
    # from the settings when the table is read.
    "call_reviews": (
        Field("date", "date", required=True),
        Field("employee", "employee", required=True),
        Field("deal"),
        Field("recording"),
        Field("duration_s", "int"),
        Field("notes"),
        Field("action"),
    ),
    "base_reviews": (
        Field("date", "date", required=True),
        Field("employee", "employee", required=True),
        *(Field(point, "int", required=True) for point in BASE_POINTS),
        Field("notes"),
        *(Field(figure, "float") for figure in BASE_FIGURES),
    ),
    "rollcall": (
        Field("date", "date", required=True),
        Field("employee", "employee", required=True),
        Field("status", required=True),
        Field("update"),
        Field("at"),
    ),
    "plans": (
        Field("month", required=True),
        Field("employee", "employee", required=True),
        Field(REVENUE, "money"),
    ),
}


@dataclass(slots=True)
class Options:
    """How a file's columns and values become fields (the CLI's options)."""

    maps: dict[str, str] = field(default_factory=dict)  # file column -> field
    values: dict[str, dict[str, str]] = field(default_factory=dict)  # field -> file value -> value
    defaults: dict[str, str] = field(default_factory=dict)  # field -> value when the file has none
    date_order: str | None = None  # "ISO", "DMY" or "MDY"; None: decided from the file
    sheet: str | None = None
    encoding: str | None = None
    columns: Sequence[str] | None = None  # a header-less CSV's column names


@dataclass(slots=True)
class Outcome:
    """What an import did (or with dry_run would do)."""

    table: str
    rows: int = 0
    added: int = 0
    updated: int = 0
    already: int = 0
    skipped: list[str] = field(default_factory=list)  # the invalid rows left out, each named
    new_employees: list[str] = field(default_factory=list)
    new_clients: list[str] = field(default_factory=list)

    def count(self, result: Literal["added", "updated", "already"]) -> None:
        """Count a row as added, updated, or found already there."""
        if result == "added":
            self.added += 1
        elif result == "updated":
            self.updated += 1
        else:
            self.already += 1


def summary(done: Outcome) -> str:
    """Say what an import did: the rows read, added, updated and found already there."""
    added, updated, already = (fmt_int(n) for n in (done.added, done.updated, done.already))
    rows, table = done.rows, done.table
    return trn("cli.imported", rows, table=table, added=added, updated=updated, already=already)


def _norm(text: str) -> str:
    """Return a header or name as compared: without case, spaces, "_" or "-"."""
    return re.sub(r"[\s_\-]+", "", text.casefold())


def _labels(name: str) -> list[str]:
    """Return a field's name and its labels in every language."""
    key = f"field.{name}"
    found = [name]
    for lang in LANGUAGES:
        label = tr_in(lang, key)
        if label != key:
            found.append(label)
    return found


def parse_options_pairs(pairs: Iterable[str], what: str) -> dict[str, str]:
    """Return SRC=FIELD (or FIELD=VALUE) pairs as a dict; a pair without "=" is refused."""
    found: dict[str, str] = {}
    for pair in pairs:
        left, sep, right = pair.partition("=")
        if not sep or not left.strip():
            raise ImportError_(tr("import.bad_pair", option=what, value=pair))
        found[left.strip()] = right.strip()
    return found


def parse_value_maps(given: Iterable[str]) -> dict[str, dict[str, str]]:
    """Return --map-values FIELD:SRC=VALUE,SRC=VALUE as field -> {file value: value}."""
    found: dict[str, dict[str, str]] = {}
    for text in given:
        name, sep, rest = text.partition(":")
        if not sep or not name.strip():
            raise ImportError_(tr("import.bad_pair", option="--map-values", value=text))
        pairs = parse_options_pairs((p for p in rest.split(",") if p.strip()), "--map-values")
        found.setdefault(name.strip(), {}).update(pairs)
    return found


def date_order_of(text: str | None) -> str | None:
    """Return the order a --date-format names (ISO, DMY, MDY); refuse one not known."""
    if text is None:
        return None
    order = DATE_FORMATS.get(text.strip().upper())
    if order is None:
        raise ImportError_(tr("import.bad_date_format", value=text, known=", ".join(DATE_FORMATS)))
    return order


# -- columns ------------------------------------------------------------------------------------


def match_columns(
    headers: Sequence[str], fields: Sequence[Field], maps: Mapping[str, str]
) -> dict[str, int]:
    """Return each field's column: --map first (by the column's header), then a header equal
    to the field's name or a label; a --map naming a column or field not there is refused."""
    names = {f.name for f in fields}
    by_header = {_norm(h): n for n, h in enumerate(headers) if h}
    found: dict[str, int] = {}
    for source, target in maps.items():
        if target not in names:
            raise ImportError_(tr("import.unknown_field", field=target, known=", ".join(names)))
        at = by_header.get(_norm(source))
        if at is None:
            raise ImportError_(tr("import.no_column", column=source, headers=", ".join(headers)))
        found[target] = at
    taken = set(found.values())
    for f in fields:
        if f.name in found:
            continue
        for label in _labels(f.name):
            at = by_header.get(_norm(label))
            if at is not None and at not in taken:
                found[f.name] = at
                taken.add(at)
                break
    return found


# -- values ---------------------------------------------------------------------------------------


def decide_date_order(values: Iterable[Cell]) -> str | None:
    """Return "DMY" or "MDY" as the slashed dates of a file show it (a first part over 12
    is a day), None when none decides; refuse a file with both."""
    day_first = month_first = False
    for value in values:
        if not isinstance(value, str):
            continue
        match = _SLASHES.match(value.strip())
        if match:
            first, second = int(match[1]), int(match[2])
            day_first |= first > 12
            month_first |= second > 12
    if day_first and month_first:
        raise ImportError_(tr("import.dates_mixed"))
    return "DMY" if day_first else "MDY" if month_first else None


def _year(text: str) -> int:
    """Return a year written with two or four digits."""
    year = int(text)
    return year + 2000 if year < 100 else year


def parse_date_cell(value: Cell, order: str | None) -> date:
    """Parse a date cell: a date, ISO text, DD.MM.YYYY, a slashed date in the order given,
    or an Excel serial number; raise ValueError saying what is wrong."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        raise ValueError(tr("import.not_date", value=value))
    if isinstance(value, int | float):
        return _serial(float(value), str(value))
    text = str(value).strip()
    if match := _ISO.match(text):
        return _checked(int(match[1]), int(match[2]), int(match[3]), text)
    if match := _DMY_DOTS.match(text):
        return _checked(_year(match[3]), int(match[2]), int(match[1]), text)
    if match := _SLASHES.match(text):
        if order is None:
            raise ValueError(tr("import.date_ambiguous", value=text))
        first, second, year = int(match[1]), int(match[2]), _year(match[3])
        day, month = (first, second) if order == "DMY" else (second, first)
        return _checked(year, month, day, text)
    if _SERIAL.match(text):
        return _serial(float(text), text)
    raise ValueError(tr("import.not_date", value=text))


def _checked(year: int, month: int, day: int, text: str) -> date:
    """Return a date, or say the text is not one (31.02, month 13)."""
    try:
        found = date(year, month, day)
    except ValueError:
        raise ValueError(tr("import.not_date", value=text)) from None
    if not 1900 <= found.year <= 2200:
        raise ValueError(tr("import.not_date", value=text))
    return found


def _serial(number: float, text: str) -> date:
    """Return the date of an Excel serial number (days since 1899-12-30)."""
    if not 1 <= number < 2_958_466:
        raise ValueError(tr("import.not_date", value=text))
    return _checked(*(EXCEL_EPOCH + timedelta(days=int(number))).timetuple()[:3], text)


def parse_money_cell(label: str, value: Cell) -> int:
    """Parse an amount cell (a number or text) into minor units; raise ValueError."""
    if isinstance(value, bool):
        raise MoneyError(label, str(value), tr("error.money_bad", field=label, value=value))
    if isinstance(value, float) and not math.isfinite(value):
        raise MoneyError(label, str(value), tr("error.money_bad", field=label, value=value))
    if isinstance(value, int | float):
        try:
            minor = Decimal(str(value)) * 100
        except InvalidOperation:
            raise MoneyError(
                label, str(value), tr("error.money_bad", field=label, value=value)
            ) from None
        if minor != minor.to_integral_value() or minor < 0:
            return parse_money(label, str(value))  # says what is wrong with it
        return int(minor)
    return parse_money(label, str(value))


def parse_int_cell(value: Cell) -> int:
    """Parse a whole number (a number cell or digits); raise ValueError."""
    if isinstance(value, bool):
        raise ValueError(tr("import.not_int", value=value))
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = str(value).strip().replace("\u00a0", "").replace(" ", "")
    if re.fullmatch(r"\d{1,12}", text):
        return int(text)
    raise ValueError(tr("import.not_int", value=value))


def parse_float_cell(value: Cell) -> float:
    """Parse a number with a decimal point or comma; raise ValueError."""
    if isinstance(value, bool):
        raise ValueError(tr("import.not_number", value=value))
    if isinstance(value, int | float) and math.isfinite(value):
        return float(value)
    text = str(value).strip().replace(",", ".")
    if re.fullmatch(r"-?\d{1,12}(\.\d+)?", text):
        return float(text)
    raise ValueError(tr("import.not_number", value=value))


def parse_bool_cell(value: Cell) -> bool:
    """Parse yes/no (true/false, 1/0, да/нет, Y/N); raise ValueError."""
    if isinstance(value, bool):
        return value
    text = str(value).strip().casefold()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise ValueError(tr("import.not_bool", value=value))


def cell_text(value: Cell) -> str:
    """Return a cell as text (a date as ISO); a "'" put before formula text by an export goes."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).strip()
    if len(text) > 1 and text[0] == "'" and text[1] in "=+-@\t\r":
        return text[1:]
    return text


# -- rows -----------------------------------------------------------------------------------------


@dataclass(slots=True)
class Row:
    """One file row: its number as a spreadsheet shows it, and its fields' cells."""

    number: int
    cells: dict[str, Cell]


class Reader:
    """A file's rows as fields: mapped, translated, defaulted; the dates' order decided."""

    def __init__(self, raw: RawTable, fields: Sequence[Field], options: Options) -> None:
        self.fields = {f.name: f for f in fields}
        self.options = options
        self.columns = match_columns(raw.headers, fields, options.maps)
        self.headers = raw.headers
        missing = [
            f.name
            for f in fields
            if f.required and f.name not in self.columns and f.name not in options.defaults
        ]
        if missing:
            raise ImportError_(
                tr(
                    "import.missing_fields",
                    fields=", ".join(missing),
                    headers=", ".join(raw.headers),
                )
            )
        for name in [*options.values, *options.defaults]:
            if name not in self.fields:
                raise ImportError_(
                    tr("import.unknown_field", field=name, known=", ".join(self.fields))
                )
        self.rows = [
            Row(
                number,
                {name: cells[at] if at < len(cells) else None for name, at in self.columns.items()},
            )
            for number, cells in raw.rows
        ]
        order = options.date_order
        if order is None:
            dated = [f for f in fields if f.kind == "date"]
            order = decide_date_order(
                [r.cells.get(f.name) for r in self.rows for f in dated]
                + [options.defaults[f.name] for f in dated if f.name in options.defaults]
            )
        self.order = order

        # Per field: the column's name for errors, and its parser (chosen once: 100,000
        # rows ask for every field).
        self._column = {name: self._column_name(name) for name in self.fields}
        self._parse: dict[str, Callable[[Cell], object]] = {
            name: self._parser(spec) for name, spec in self.fields.items()
        }
        self._defaults = options.defaults
        self._values = options.values
        self._get = {name: self._getter(name) for name in self.fields}

    def _column_name(self, name: str) -> str:
        """Return how a field is named in errors: the file's column, or the field."""
        at = self.columns.get(name)
        return self.headers[at] if at is not None and self.headers[at] else name

    def column_of(self, name: str) -> str:
        """Return how a field is named in errors: the file's column, or the field."""
        return self._column[name]

    def _parser(self, spec: Field) -> Callable[[Cell], object]:
        """Return the function reading a field's non-empty cell by its kind."""
        column = self._column_name(spec.name)
        if spec.kind == "date":
            # A file's dates repeat (a few thousand days over 100,000 rows): each text once.
            seen: dict[str, date] = {}

            def day(value: Cell) -> date:
                if value.__class__ is str:
                    found = seen.get(value)
                    if found is None:
                        found = seen[value] = parse_date_cell(value, self.order)
                    return found
                return parse_date_cell(value, self.order)

            return day
        if spec.kind == "money":
            return lambda value: parse_money_cell(column, value)
        if spec.kind == "int":
            return parse_int_cell
        if spec.kind == "float":
            return parse_float_cell
        if spec.kind == "bool":
            return parse_bool_cell
        if spec.kind == "role":

            def role(value: Cell) -> str:
                text = cell_text(value).casefold()
                if text not in ROLES:
                    raise ValueError(tr("import.bad_role", value=value, known=", ".join(ROLES)))
                return text

            return role
        return cell_text

    def raw(self, row: Row, name: str) -> Cell:
        """Return a field's cell as the file gives it, translated and defaulted."""
        value = row.cells.get(name)
        if value.__class__ is str:
            value = value.strip()
            if not value:
                value = None
        if value is None:
            value = self._defaults.get(name)
        if self._values:
            mapped = self._values.get(name)
            if mapped is not None and value is not None:
                key = cell_text(value)
                if key in mapped:
                    return mapped[key]
        return value

    def get(self, row: Row, name: str) -> object:
        """Return a field's value, parsed by its kind (None when empty); raise ValueError
        naming the column."""
        return self._get[name](row)

    def _getter(self, name: str) -> Callable[[Row], object]:
        """Return get() for one field, its choices made once (100,000 rows ask 13 fields)."""
        spec, column, parse = self.fields[name], self._column[name], self._parse[name]
        default, mapped = self._defaults.get(name), self._values.get(name)
        if name not in self.columns and default is None:
            return lambda row: None  # not in the file, no default: required ones were refused
        raw = self.raw

        def parsed(value: Cell) -> object:
            if value is None or value == "":
                if spec.required:
                    raise ValueError(tr("import.required", column=column))
                return None
            try:
                return parse(value)
            except MoneyError as exc:
                raise ValueError(str(exc)) from None
            except ValueError as exc:
                raise ValueError(f"{column}: {exc}") from None

        if mapped is not None:
            return lambda row: parsed(raw(row, name))

        def plain(row: Row) -> object:
            # The common case, without the value map's lookups: raw() inlined.
            value = row.cells.get(name)
            if value.__class__ is str:
                value = value.strip() or None
            return parsed(default if value is None else value)

        return plain


# -- the names rows refer to ---------------------------------------------------------------------


class Names:
    """Employees and clients by name, made when a row names one not known (and listed)."""

    def __init__(self, repo: Repository, today: date, *, write: bool) -> None:
        self.repo = repo
        self.today = today
        self.write = write
        self.employees = {_norm(e.name): e.id for e in repo.employees()}
        # Every client by name, read when a row first names a client (an import of
        # numbers or payments never reads the base's 100,000).
        self._clients: dict[str, int] | None = None
        self.new_employees: list[str] = []
        self.new_clients: list[str] = []
        self._fake = -1  # ids of what is not written yet (a check, a dry run, a plan)
        # Clients a row named and the store has not: written with the plan, by their ids.
        self.pending_clients: dict[int, Client] = {}
        # Names as the file spells them: 100,000 rows name 20,000 clients (normalised once).
        self._seen_employees: dict[str, int] = {}
        self._seen_clients: dict[str, int] = {}

    def employee(self, name: str) -> int:
        """Return the id of the employee of this name, made if not known."""
        found = self._seen_employees.get(name)
        if found is None:
            found = self._seen_employees[name] = self._employee(name)
        return found

    def _employee(self, name: str) -> int:
        key = _norm(name)
        found = self.employees.get(key)
        if found is None:
            if self.write:
                found = self.repo.add_employee(Employee(name)).id
            else:
                found, self._fake = self._fake, self._fake - 1
            self.employees[key] = found
            self.new_employees.append(name)
        return found

    def client(self, name: str, owner: int, created: date) -> int:
        """Return the id of the client of this name, made (theirs, from that day) if not known."""
        found = self._seen_clients.get(name)
        if found is None:
            found = self._seen_clients[name] = self._client(name, owner, created)
        return found

    def _client(self, name: str, owner: int, created: date) -> int:
        key = _norm(name)
        if self._clients is None:
            self._clients = {}
            for card in self.repo.client_cards():
                self._clients.setdefault(_norm(card.name), card.id)
        found = self._clients.get(key)
        if found is None:
            if self.write:
                # Named now, written with the plan (in bulk), in the import's transaction.
                found = self.repo.new_id()
            else:
                found, self._fake = self._fake, self._fake - 1
            self.pending_clients[found] = Client(name, owner, created, id=found)
            self._clients[key] = found
            self.new_clients.append(name)
        return found


# -- tables ---------------------------------------------------------------------------------------

Build = Callable[["Context", Row], Literal["added", "updated", "already"]]


@dataclass(slots=True)
class Context:
    """What building a table's rows shares: the reader, names, the store, what is stored."""

    repo: Repository
    reader: Reader
    names: Names
    today: date
    write: bool
    keys: set[object] = field(default_factory=set)  # natural keys stored or added
    refs: dict[str, Deal] = field(default_factory=dict)  # deals by reference
    invoices: dict[str, Invoice] = field(default_factory=dict)  # invoices by number
    metrics: list[str] = field(default_factory=list)  # the metric codes (metrics)
    stored: Counter[object] = field(default_factory=Counter)  # payments stored, by key
    seen: Counter[object] = field(default_factory=Counter)  # payments of the file so far
    paying: Counter[str] = field(default_factory=Counter)  # what the file pays, by invoice
    planned: list[Client | Deal] = field(default_factory=list)  # clients, deals: written at once
    stages: tuple[str, ...] = ()  # the pipeline's stages and the outcomes (deals)
    stored_rollcall: dict[tuple[int, date], RollCall] = field(default_factory=dict)


def _employee_row(ctx: Context, row: Row) -> Literal["added", "updated", "already"]:
    get = ctx.reader.get
    name = str(get(row, "name"))
    if _norm(name) in ctx.names.employees:
        return "already"
    record = Employee(
        name,
        str(get(row, "role") or "office"),
        _date(get(row, "hired")),
        _date(get(row, "left")),
        str(get(row, "notes") or ""),
    )
    if ctx.write:
        ctx.names.employees[_norm(name)] = ctx.repo.add_employee(record).id
    else:
        ctx.names.employees[_norm(name)] = 0
    return "added"


def _date(value: object) -> date | None:
    """Return a parsed value as a date (None stays None)."""
    return value if isinstance(value, date) else None


def _client_key(name: str, phone: str) -> tuple[str, str, str]:
    """Return a client's natural key: name and phone, compared without case and spaces."""
    return ("client", _norm(name), re.sub(r"\D", "", phone))


def _client_row(ctx: Context, row: Row) -> Literal["added", "updated", "already"]:
    get = ctx.reader.get
    name, phone = str(get(row, "name")), str(get(row, "phone") or "")
    key = _client_key(name, phone)
    if key in ctx.keys:
        return "already"
    created = _date(get(row, "created"))
    assert created is not None
    owner = ctx.names.employee(str(get(row, "owner")))
    record = Client(
        name,
        owner,
        created,
        contact=str(get(row, "contact") or ""),
        phone=phone,
        email=str(get(row, "email") or ""),
        source=str(get(row, "source") or ""),
        comment=str(get(row, "comment") or ""),
    )
    ctx.keys.add(key)
    ctx.planned.append(record)
    return "added"


def _deal_row(ctx: Context, row: Row) -> Literal["added", "updated", "already"]:
    get = ctx.reader.get
    ref = str(get(row, "ref") or "")
    if ref and ref in ctx.refs:
        return "already"
    created = _date(get(row, "created"))
    assert created is not None
    stage = str(get(row, "stage"))
    if stage not in ctx.stages:
        known = ", ".join(ctx.stages)
        raise ValueError(
            tr(
                "import.unknown_stage",
                column=ctx.reader.column_of("stage"),
                value=stage,
                known=known,
            )
        )
    closed = _date(get(row, "closed"))
    if stage in OUTCOMES and closed is None:
        raise ValueError(
            tr("import.closed_needed", column=ctx.reader.column_of("closed"), stage=stage)
        )
    if stage not in OUTCOMES:
        closed = None  # an open stage: a close date the file gives is not the outcome's
    owner = ctx.names.employee(str(get(row, "owner")))
    client_name = str(get(row, "client") or "")
    client = ctx.names.client(client_name, owner, created) if client_name else None
    amount = get(row, "amount")
    if stage in OUTCOMES:
        probability = 100 if stage == WON else 0
    else:
        given = get(row, "probability")
        probability = given if isinstance(given, int) else 0
    reason = str(get(row, "lost_reason") or "")
    if stage == LOST and not reason:
        reason = tr("import.no_reason")  # a lost deal keeps a reason; the file gave none
    due = _date(get(row, "next_step_due"))
    if due is not None and due < created:
        column = ctx.reader.column_of("next_step_due")
        raise ValueError(tr("import.before_created", column=column, value=due))
    if closed is not None and closed < created:
        raise ValueError(
            tr("import.closed_before", column=ctx.reader.column_of("closed"), value=closed)
        )
    record = Deal(
        client,
        owner,
        created,
        stage,
        amount=amount if isinstance(amount, int) else 0,
        probability=probability,
        expected_payment=_date(get(row, "expected_payment")),
        hot=bool(get(row, "hot")),
        next_step=str(get(row, "next_step") or ""),
        next_step_due=due,
        last_contact=_date(get(row, "last_contact")),
        closed=closed,
        lost_reason=reason,
        ref=ref,
    )
    ctx.planned.append(record)
    if ref:
        ctx.refs[ref] = record
    return "added"


def _invoice_row(ctx: Context, row: Row) -> Literal["added", "updated", "already"]:
    get = ctx.reader.get
    number = str(get(row, "number"))
    if number in ctx.invoices:
        return "already"
    issued, due = _date(get(row, "issued")), _date(get(row, "due"))
    assert issued is not None and due is not None
    amount = get(row, "amount")
    assert isinstance(amount, int)
    employee = ctx.names.employee(str(get(row, "employee")))
    ref = str(get(row, "deal") or "")
    deal = ctx.refs.get(ref) if ref else None
    if ref and deal is None:
        raise ValueError(tr("import.unknown_deal", column=ctx.reader.column_of("deal"), value=ref))
    client_name = str(get(row, "client") or "")
    client = deal.client_id if deal is not None else None
    if client is None and client_name:
        client = ctx.names.client(client_name, employee, issued)
    paid = _date(get(row, "paid"))
    if paid is not None and paid < issued:
        raise ValueError(tr("import.paid_before", column=ctx.reader.column_of("paid"), value=paid))
    cancelled = bool(get(row, "cancelled"))
    record = Invoice(
        number,
        deal.id if deal is not None and ctx.write else None,
        employee,
        issued,
        amount,
        due,
        cancelled=cancelled,
        client_id=client,
        settled=issued if cancelled else None,
    )
    if ctx.write:
        stored = ctx.repo.add(record)
        if paid is not None and amount and not cancelled:
            _, stored = ctx.repo.record_payment(stored.id, paid, amount)
        ctx.invoices[number] = stored
    else:
        ctx.invoices[number] = record
    return "added"


def _payment_row(ctx: Context, row: Row) -> Literal["added", "updated", "already"]:
    get = ctx.reader.get
    number = str(get(row, "invoice"))
    day, amount = _date(get(row, "date")), get(row, "amount")
    assert day is not None and isinstance(amount, int)
    invoice = ctx.invoices.get(number)
    if invoice is None:
        raise ValueError(
            tr("import.unknown_invoice", column=ctx.reader.column_of("invoice"), value=number)
        )
    # Two equal payments of one invoice on one day are two instalments: the n-th in the
    # file is the n-th stored.
    key = ("payment", number, day, amount)
    ctx.seen[key] += 1
    if ctx.seen[key] <= ctx.stored[key]:
        return "already"
    # The store's rules, checked before anything is written: a payment never pays a
    # cancelled invoice, never more than is left, never before the invoice was issued.
    column = ctx.reader.column_of("amount")
    if invoice.cancelled:
        raise ValueError(tr("import.pay_cancelled", column=column, number=number))
    left = invoice.amount - invoice.paid - ctx.paying[number]
    if amount > left:
        raise ValueError(
            tr("import.overpaid", column=column, value=fmt_amount(amount), left=fmt_amount(left))
        )
    if day < invoice.issued:
        raise ValueError(tr("import.paid_before", column=ctx.reader.column_of("date"), value=day))
    if ctx.write:
        _, updated = ctx.repo.record_payment(invoice.id, day, amount)
        ctx.invoices[number] = updated  # what is paid now counts in the invoice
    else:
        ctx.paying[number] += amount
    return "added"


def _dated(ctx: Context, row: Row) -> tuple[date, int]:
    """Return a row's day and its employee's id (made if the name is new)."""
    day = _date(ctx.reader.get(row, "date"))
    assert day is not None  # a required field: get() refused it empty
    return day, ctx.names.employee(str(ctx.reader.get(row, "employee")))


def _metrics_row(ctx: Context, row: Row) -> Literal["added", "updated", "already"]:
    get = ctx.reader.get
    day, employee = _dated(ctx, row)
    counts = {code: get(row, code) for code in ctx.metrics}
    given = {code: int(v) for code, v in counts.items() if isinstance(v, int)}
    return merge_counts(ctx.repo, employee, day, given, write=ctx.write)


def merge_counts(
    repo: Repository, employee: int, day: date, given: Mapping[str, int], *, write: bool
) -> Literal["added", "updated", "already"]:
    """Put a day's counts into what is stored for it (the other numbers stay); say whether
    the day is new, changed or had them already."""
    stored = repo.metrics_for(employee, day) if employee > 0 else None
    before = dict(stored.counts) if stored is not None else {}
    if all(before.get(code) == value for code, value in given.items()):
        return "already"
    if write:
        for code, value in given.items():
            if before.get(code) != value:
                repo.set_count(employee, day, code, value)
    return "added" if stored is None else "updated"


def _answer_cell(value: Cell, column: str) -> int | str:
    """Return a checklist answer: a score, or N/A ("n/a", "н/п", "-")."""
    text = cell_text(value).casefold()
    if text in ("n/a", "na", "н/п", "н/д", "-"):
        return NA
    try:
        return parse_int_cell(value)
    except ValueError as exc:
        raise ValueError(f"{column}: {exc}") from None


def _call_review_row(ctx: Context, row: Row) -> Literal["added", "updated", "already"]:
    get = ctx.reader.get
    day, employee = _dated(ctx, row)
    ref = str(get(row, "deal") or "")
    deal = ctx.refs.get(ref) if ref else None
    if ref and deal is None:
        raise ValueError(tr("import.unknown_deal", column=ctx.reader.column_of("deal"), value=ref))
    answers: dict[str, int | str] = {}
    for code in ctx.metrics:  # the checklist's items
        value = ctx.reader.raw(row, code)
        if value is not None and value != "":
            answers[code] = _answer_cell(value, ctx.reader.column_of(code))
    duration = get(row, "duration_s")
    review = CallReview(
        day,
        employee,
        answers,
        deal_id=deal.id if deal is not None else None,
        recording=str(get(row, "recording") or ""),
        duration_s=duration if isinstance(duration, int) else 0,
        notes=str(get(row, "notes") or ""),
        action=str(get(row, "action") or ""),
    )
    ctx.repo.check_answers(review, complete=False)  # history: a later item has no answer
    key = ("call", employee, day, review.deal_id, review.notes, tuple(sorted(answers.items())))
    if key in ctx.keys:
        return "already"
    ctx.keys.add(key)
    if ctx.write:
        ctx.repo.add_call_review(review, complete=False)
    return "added"


def _base_review_row(ctx: Context, row: Row) -> Literal["added", "updated", "already"]:
    get = ctx.reader.get
    day, employee = _dated(ctx, row)
    ratings = {point: int(get(row, point)) for point in BASE_POINTS}  # type: ignore[call-overload]
    figures = {name: float(v) for name in BASE_FIGURES if isinstance(v := get(row, name), float)}
    review = check_ratings(
        BaseReview(day, employee, figures, ratings, str(get(row, "notes") or ""))
    )
    key = ("base", employee, day)
    if key in ctx.keys:
        return "already"
    ctx.keys.add(key)
    if ctx.write:
        ctx.repo.add_base_review(review)
    return "added"


def _rollcall_row(ctx: Context, row: Row) -> Literal["added", "updated", "already"]:
    get = ctx.reader.get
    day, employee = _dated(ctx, row)
    status = str(get(row, "status"))
    if status not in ROLLCALL_STATUSES:
        known = ", ".join(ROLLCALL_STATUSES)
        column = ctx.reader.column_of("status")
        raise ValueError(tr("import.bad_status", column=column, value=status, known=known))
    entry = RollCall(
        day, employee, status, str(get(row, "update") or ""), str(get(row, "at") or "")
    )
    stored = ctx.stored_rollcall.get((employee, day))
    if stored is not None and (stored.status, stored.update, stored.at) == (
        entry.status,
        entry.update,
        entry.at,
    ):
        return "already"
    if ctx.write:
        ctx.repo.save_rollcall(entry)
    return "added" if stored is None else "updated"


def _plan_row(ctx: Context, row: Row) -> Literal["added", "updated", "already"]:
    get = ctx.reader.get
    month = str(get(row, "month"))
    if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", month):
        raise ValueError(tr("import.bad_month", column=ctx.reader.column_of("month"), value=month))
    employee = ctx.names.employee(str(get(row, "employee")))
    given = {code: v for code in (REVENUE, *ctx.metrics) if isinstance(v := get(row, code), int)}
    stored = ctx.repo.plans_for(month).get(employee) if employee > 0 else None
    before = dict(stored.targets) if stored is not None else {}
    if {**before, **given} == before:
        return "already"
    if ctx.write:
        for code, value in given.items():
            if before.get(code) != value:
                ctx.repo.set_target(employee, month, code, value)
    return "added" if stored is None else "updated"


BUILDERS: Final[dict[str, Build]] = {
    "employees": _employee_row,
    "clients": _client_row,
    "deals": _deal_row,
    "invoices": _invoice_row,
    "payments": _payment_row,
    "metrics": _metrics_row,
    "call_reviews": _call_review_row,
    "base_reviews": _base_review_row,
    "rollcall": _rollcall_row,
    "plans": _plan_row,
}


def _stored_keys(repo: Repository, table: str, ctx: Context) -> None:
    """Fill what is stored already, by natural key (so nothing is added twice)."""
    if table == "clients":
        ctx.keys.update(_client_key(c.name, c.phone) for c in repo.client_cards())
    if table == "rollcall":
        ctx.stored_rollcall.update(((r.employee_id, r.date), r) for r in repo.all(RollCall))
    if table == "call_reviews":
        ctx.keys.update(
            ("call", r.employee_id, r.date, r.deal_id, r.notes, tuple(sorted(r.answers.items())))
            for r in repo.all(CallReview)
        )
    if table == "base_reviews":
        ctx.keys.update(("base", r.employee_id, r.date) for r in repo.all(BaseReview))
    if table in ("deals", "invoices", "call_reviews"):
        for deal in repo.all(Deal):
            if deal.ref:
                ctx.refs.setdefault(deal.ref, deal)
            ctx.refs.setdefault(f"D{deal.id}", deal)
    if table in ("invoices", "payments"):
        ctx.invoices.update((i.number, i) for i in repo.all(Invoice))
    if table == "payments":
        numbers = {i.id: i.number for i in ctx.invoices.values()}
        ctx.stored.update(
            ("payment", numbers.get(p.invoice_id, ""), p.date, p.amount) for p in repo.all(Payment)
        )


def table_fields(repo: Repository, table: str) -> tuple[list[Field], list[str]]:
    """Return a table's fields and, for numbers, plans and reviews, the codes of the funnel's
    metrics or the checklist's items (each a field of its own)."""
    fields, codes = list(FIELDS[table]), []
    settings = repo.settings()
    if table in ("metrics", "plans"):
        codes = [m.code for m in settings.funnel]
        fields += [Field(code, "int") for code in codes]
    if table == "call_reviews":
        codes = [item.code for item in settings.call_checklist]
        fields += [Field(code) for code in codes]
    return fields, codes


def read_source(path: Path, options: Options) -> RawTable:
    """Read the file as the options say, or say in one line why not."""
    try:
        return read_table(
            path, sheet=options.sheet, encoding=options.encoding, columns=options.columns
        )
    except ReadError as exc:
        raise ImportError_(str(exc)) from None


def import_table(
    repo: Repository,
    table: str,
    path: Path,
    options: Options,
    today: date,
    *,
    dry_run: bool = False,
    skip_invalid: bool = False,
) -> Outcome:
    """Import a table's rows from a file: all or nothing (or the valid rows), one transaction."""
    raw = read_source(path, options)
    fields, metrics = table_fields(repo, table)
    reader = Reader(raw, fields, options)
    del raw  # the rows live on in the reader's: the file's lists go (~10 MB at 100,000)
    if table == "metrics" and not any(code in reader.columns for code in metrics):
        raise ImportError_(tr("import.no_metrics", known=", ".join(metrics)))
    if table in PLANNED:
        # Clients and deals (tens of thousands) are built once, in the import's transaction:
        # new employees are added as they come, clients and deals written together at the
        # end; an invalid row (without skip_invalid) rolls all of it back. A dry run builds
        # with stand-in ids and writes nothing, outside any transaction (a preview runs in a
        # thread: a save the screen makes meanwhile must not join it).
        with nullcontext() if dry_run else repo.transaction():
            outcome, _, ctx = _run(
                repo, table, reader, today, metrics, rows=reader.rows, write=not dry_run
            )
            if outcome.skipped and not skip_invalid:
                raise ImportError_(
                    "\n".join([trn("import.invalid", len(outcome.skipped)), *outcome.skipped])
                )
            if not dry_run:
                _write_plan(ctx)
        return outcome
    # A first pass checks every row without writing (a dry run stops there); then, when all
    # are valid (or the invalid ones are left out), the same rows are written in one
    # transaction: a failure halfway leaves nothing of the import.
    outcome, valid, _ = _run(repo, table, reader, today, metrics, rows=reader.rows, write=False)
    if outcome.skipped and not skip_invalid:
        raise ImportError_(
            "\n".join([trn("import.invalid", len(outcome.skipped)), *outcome.skipped])
        )
    if dry_run:
        return outcome
    with repo.transaction():
        done, _, ctx = _run(repo, table, reader, today, metrics, rows=valid, write=True)
        repo.add_clients(list(ctx.names.pending_clients.values()))  # the invoices' clients
    done.rows, done.skipped = outcome.rows, outcome.skipped
    return done


# The tables whose rows are written from the plan their building made (in bulk).
PLANNED: Final = frozenset({"clients", "deals"})


def _write_plan(ctx: Context) -> None:
    """Write what building the rows planned: the clients they named, then their records."""
    repo = ctx.repo
    repo.add_clients(list(ctx.names.pending_clients.values()))
    repo.add_clients([r for r in ctx.planned if isinstance(r, Client)])
    repo.add_deals([r for r in ctx.planned if isinstance(r, Deal)], ctx.today)


def _run(
    repo: Repository,
    table: str,
    reader: Reader,
    today: date,
    metrics: list[str],
    *,
    rows: Sequence[Row],
    write: bool,
) -> tuple[Outcome, list[Row], Context]:
    """Build every row (writing when asked); return the outcome, the valid rows and what
    building them planned."""
    names = Names(repo, today, write=write)
    stages = repo.deal_stages()
    ctx = Context(repo, reader, names, today, write, metrics=metrics, stages=stages)
    _stored_keys(repo, table, ctx)
    outcome = Outcome(table, rows=len(rows))
    build = BUILDERS[table]
    valid: list[Row] = []
    for row in rows:
        try:
            result = build(ctx, row)
        except (ValueError, ValidationError) as exc:
            said = tr("import.row_error", row=row.number, error=exc)
            if write and table not in PLANNED:
                # A rule only the store knows: the transaction is rolled back, the row named.
                raise ImportError_("\n".join([trn("import.invalid", 1), said])) from None
            outcome.skipped.append(said)
            continue
        valid.append(row)
        outcome.count(result)
    outcome.new_employees = names.new_employees
    outcome.new_clients = names.new_clients
    return outcome, valid, ctx


# -- the telephony call log ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CountIf:
    """Rows whose column holds a value count to another metric (answered -> conversations)."""

    metric: str
    column: str
    value: str


def parse_count_if(text: str) -> CountIf:
    """Parse METRIC:COLUMN=VALUE."""
    metric, sep, rest = text.partition(":")
    column, eq, value = rest.partition("=")
    if not sep or not eq or not metric.strip() or not column.strip():
        raise ImportError_(tr("import.bad_pair", option="--count-if", value=text))
    return CountIf(metric.strip(), column.strip(), value.strip())


def import_calllog(
    repo: Repository,
    path: Path,
    options: Options,
    today: date,
    *,
    employee_col: str,
    date_col: str,
    count: str = "cold_calls",
    count_if: Sequence[CountIf] = (),
    dry_run: bool = False,
) -> Outcome:
    """Count a call log's rows per employee and day into the daily numbers: every row to
    `count`, rows matching a condition to its metric too. A day's count becomes the file's
    for that day (imported again, the same numbers: nothing counted twice)."""
    codes = [m.code for m in repo.settings().funnel]
    for metric in [count, *(c.metric for c in count_if)]:
        if metric not in codes:
            raise ImportError_(tr("import.unknown_metric", metric=metric, known=", ".join(codes)))
    raw = read_source(path, options)
    by_header = {_norm(h): n for n, h in enumerate(raw.headers)}

    def column(name: str) -> int:
        at = by_header.get(_norm(name))
        if at is None:
            raise ImportError_(tr("import.no_column", column=name, headers=", ".join(raw.headers)))
        return at

    who, when = column(employee_col), column(date_col)
    conditions = [(c, column(c.column)) for c in count_if]
    order = options.date_order or decide_date_order(cells[when] for _, cells in raw.rows)
    totals: dict[tuple[str, date], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    errors: list[str] = []
    for number, cells in raw.rows:
        name = cell_text(cells[who] if who < len(cells) else None)
        try:
            if not name:
                raise ValueError(tr("import.required", column=raw.headers[who] or employee_col))
            day = parse_date_cell(cells[when] if when < len(cells) else None, order)
        except ValueError as exc:
            errors.append(
                tr("import.row_error", row=number, error=f"{raw.headers[when] or date_col}: {exc}")
            )
            continue
        counts = totals[(name, day)]
        counts[count] += 1
        for condition, at in conditions:
            if at < len(cells) and cell_text(cells[at]).casefold() == condition.value.casefold():
                counts[condition.metric] += 1
    if errors:
        raise ImportError_("\n".join([trn("import.invalid", len(errors)), *errors]))
    names = Names(repo, today, write=not dry_run)
    outcome = Outcome("metrics", rows=len(raw.rows))
    with repo.transaction():
        for (name, day), counts in sorted(totals.items(), key=lambda kv: (kv[0][1], kv[0][0])):
            outcome.count(merge_counts(repo, names.employee(name), day, counts, write=not dry_run))
    outcome.new_employees = names.new_employees
    return outcome
