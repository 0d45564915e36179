"""Bad input everywhere: generated input for every parser and every save a form makes.

No exception escapes but the one that refuses the input, whose message names the field (or
file); a refused save writes nothing. CI runs a small profile (FUZZ_SMALL examples a target);
`python -m pytest -m fuzz -p no:randomly tests/unit/test_fuzz.py` runs the large one, over
100,000 inputs in all (FUZZ_LARGE, see the README's "Reliability").
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, Final

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from salestui.i18n import parse_date
from salestui.io.chat import ChatError
from salestui.io.importing import ImportError_, Options, import_table
from salestui.io.request import parse_line
from salestui.io.telegram import parse_telegram
from salestui.io.whatsapp import parse_whatsapp
from salestui.models import (
    CallReview,
    Client,
    Deal,
    Employee,
    Invoice,
    RollCall,
    ValidationError,
    parse_count,
)
from salestui.money import MoneyError, parse_money
from salestui.store import Repository, StoreError
from salestui.store.checks import parse_shard
from salestui.store.schema import TABLES

pytestmark = pytest.mark.fuzz

# Examples per target: CI's profile, and the large one `-m fuzz` runs (8 × 15,000 + 5,000).
FUZZ_SMALL: Final = 60
FUZZ_LARGE: Final = 15_000
TODAY = date(2026, 11, 27)


def examples(large: int = FUZZ_LARGE) -> int:
    """Return how many examples a target gets in this run (tests/conftest.py sets
    SALESTUI_FUZZ when the run selects `-m fuzz`)."""
    return large if os.environ.get("SALESTUI_FUZZ") == "large" else FUZZ_SMALL


def profile(large: int = FUZZ_LARGE) -> Callable[[Any], Any]:
    """Return the hypothesis settings of a target."""
    return settings(
        max_examples=examples(large),
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        database=None,
    )


# Text as people type and paste it: digits, separators, signs, other scripts, controls.
TYPED = st.one_of(
    st.text(alphabet="0123456789 ,.-−\u00a0\u202f+eE'₽$", max_size=24),
    st.text(max_size=24),
    st.from_regex(r"\A-?[0-9]{1,30}([.,][0-9]{0,4})?\Z"),
    st.sampled_from(["", " ", "0", "-0", "1e3", "٣", "１２", "NaN", "inf", "9" * 5000]),
)


@profile()
@given(TYPED)
def test_counts(text: str) -> None:
    """A count is a whole number 0…max or a refusal naming the field."""
    try:
        value = parse_count("Calls", text)
    except ValidationError as exc:
        assert exc.field == "Calls" and "Calls" in str(exc)
    else:
        assert value >= 0


@profile()
@given(TYPED)
def test_money(text: str) -> None:
    """An amount is whole kopecks ≥ 0 or a refusal naming the field."""
    try:
        value = parse_money("Amount", text)
    except MoneyError as exc:
        assert "Amount" in str(exc)
    else:
        assert isinstance(value, int) and value >= 0


DATES = st.one_of(
    st.text(alphabet="0123456789.-/ t", max_size=12),
    st.text(max_size=12),
    st.dates().map(lambda d: d.isoformat()),
    st.dates().map(lambda d: f"{d.day:02d}.{d.month:02d}.{d.year}"),
    st.dates().map(lambda d: f"{d.day}.{d.month}"),
    st.sampled_from(["t", "today", "сегодня", "29.02", "31.04.2026", "0000-01-01"]),
)


@profile()
@given(DATES)
def test_dates(text: str) -> None:
    """A date in any accepted form, or ValueError with a message."""
    try:
        day = parse_date(text, today=TODAY)
    except ValueError as exc:
        assert str(exc)
    else:
        assert isinstance(day, date)


@profile()
@given(
    st.lists(
        st.one_of(
            st.sampled_from(
                ["--map", "--default", "--map-values", "--date-format", "--skip-invalid", "="]
            ),
            st.text(max_size=16),
        ),
        max_size=8,
    ).map(" ".join),
    st.sampled_from(sorted(TABLES.keys() - {"meta", "settings", "routine_log"})),
)
def test_import_option_lines(line: str, table: str) -> None:
    """The TUI's option line: a request, or one refusal (never argparse's exit)."""
    try:
        parse_line(table, line)
    except ImportError_ as exc:
        assert str(exc)


CELL = st.one_of(
    st.text(max_size=10),
    st.sampled_from(["", "Ann", "2026-11-02", "02.11.2026", "11/02/2026", "12,50", "-3", "🙂"]),
)


@profile(large=5_000)
@given(
    rows=st.lists(st.lists(CELL, min_size=3, max_size=3), max_size=6),
    table=st.sampled_from(["clients", "deals", "invoices", "payments", "metrics"]),
)
def test_import_rows(rows: list[list[str]], table: str, tmp_path_factory: Any) -> None:
    """Any rows under a table's usual header: the dry run counts them or refuses in lines
    naming rows and fields; nothing is ever written."""
    headers = {
        "clients": "name,owner,created",
        "deals": "client,owner,created",
        "invoices": "number,owner,issued",
        "payments": "invoice,date,amount",
        "metrics": "employee,date,cold_calls",
    }
    folder = tmp_path_factory.mktemp("rows")
    csv = folder / "rows.csv"
    body = "\n".join(",".join(json.dumps(c) if "," in c else c for c in row) for row in rows)
    csv.write_text(headers[table] + "\n" + body + "\n", encoding="utf-8")
    repo = REPO
    before = snapshot(repo)
    try:
        import_table(repo, table, csv, Options(), TODAY, dry_run=True)
    except (ImportError_, ValidationError) as exc:
        assert str(exc)
    assert snapshot(repo) == before


@profile()
@given(st.text(max_size=400))
def test_whatsapp_exports(text: str) -> None:
    """Any text as a WhatsApp export: messages, or a ChatError naming the file."""
    try:
        parse_whatsapp(text, "chat.txt")
    except ChatError as exc:
        assert "chat.txt" in str(exc)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)
MESSAGE = st.fixed_dictionaries(
    {
        "type": st.sampled_from(["message", "service", 3]),
        "date": st.one_of(st.just("2026-11-02T09:15:00"), st.text(max_size=20), JSON),
        "from": st.one_of(st.text(max_size=10), JSON),
        "text": st.one_of(st.text(max_size=30), st.lists(JSON, max_size=3), JSON),
    }
)


@profile()
@given(
    st.one_of(
        JSON,
        st.fixed_dictionaries(
            {"name": st.text(max_size=8), "messages": st.lists(MESSAGE, max_size=4)}
        ),
        st.fixed_dictionaries(
            {"chats": st.fixed_dictionaries({"list": st.lists(JSON, max_size=3)})}
        ),
    )
)
def test_telegram_exports(data: object) -> None:
    """Any JSON value as a Telegram export: messages, or a ChatError naming the file."""
    try:
        parse_telegram(data, "result.json")
    except ChatError as exc:
        assert "result.json" in str(exc)


@profile()
@given(
    raw=st.one_of(
        JSON.map(lambda v: json.dumps({"settings": {"1": v}}).encode()),
        st.dictionaries(st.text(max_size=12), JSON, max_size=6).map(
            lambda d: json.dumps({"settings": {"1": d}}).encode()
        ),
        st.binary(max_size=60),
    ),
)
def test_settings_files(raw: bytes, tmp_path_factory: Any) -> None:
    """Any bytes as settings.json: its settings, or a refusal naming the file."""
    file = tmp_path_factory.mktemp("settings") / "settings.json"
    file.write_bytes(raw)
    try:
        parse_shard(file, "settings", "all")
    except StoreError as exc:
        assert str(file) in str(exc)


# -- the saves the forms make ---------------------------------------------------------------


@dataclass
class Book:
    """A small in-memory database: an employee, a client, a deal and its invoice."""

    repo: Repository
    ann: Employee
    client: Client
    deal: Deal
    invoice: Invoice


def book() -> Book:
    """Return a fresh small database (each example saves into its own)."""
    repo = Repository.in_memory()
    ann = repo.add_employee(Employee("Ann", hired=date(2025, 1, 1)))
    client = repo.add(Client("Acme", ann.id, date(2026, 1, 5)))
    deal = repo.add_deal(Deal(client.id, ann.id, date(2026, 2, 1), "meeting"), TODAY)
    issued, due = date(2026, 3, 1), date(2026, 3, 15)
    invoice = repo.issue_invoice(Invoice("INV-1", deal.id, ann.id, issued, 100_00, due))
    return Book(repo, ann, client, deal, invoice)


REPO = book().repo  # the import's dry runs read it


def snapshot(repo: Repository) -> bytes:
    """Return every stored document of an in-memory database (a month a refused save only
    looked at is an empty shard, never written: left out)."""
    db = repo.db
    shards = {t: {s: db.raw(t, s) for s in db.shards(t)} for t in TABLES}
    return orjson.dumps(
        {t: {s: docs for s, docs in by.items() if docs} for t, by in shards.items()}
    )


WORDS = st.text(max_size=30)
NUMBERS = st.one_of(st.integers(-(10**18), 10**18), st.sampled_from([0, -1, 1, 100, 10**15]))
DAYS = st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31))


def _save(b: Book, kind: str, text: str, number: int, day: date) -> object:
    """Make one save a form makes, from what was typed."""
    repo, ann, client, deal = b.repo, b.ann, b.client, b.deal
    if kind == "client":
        return repo.save_client(replace(client, name=text, phone=text, created=day), client)
    if kind == "deal":
        changed = replace(deal, amount=number, probability=number % 200 - 50, next_step_due=day)
        return repo.save_deal(changed, TODAY, deal)
    if kind == "invoice":
        return repo.issue_invoice(Invoice(text, deal.id, ann.id, day, number, day))
    if kind == "payment":
        return repo.record_payment(b.invoice.id, day, number)
    if kind == "count":
        return repo.set_count(ann.id, day, "cold_calls", number)
    if kind == "target":
        return repo.set_target(ann.id, text[:7], "revenue", number)
    if kind == "review":
        return repo.add_call_review(CallReview(day, ann.id, {text: number}))
    if kind == "rollcall":
        return repo.save_rollcall(RollCall(day, ann.id, text))
    return repo.update_employee(replace(ann, name=text, hired=day), ann)


@profile()
@given(
    st.sampled_from(
        [
            "client",
            "deal",
            "invoice",
            "payment",
            "count",
            "target",
            "review",
            "rollcall",
            "employee",
        ]
    ),
    WORDS,
    NUMBERS,
    DAYS,
)
def test_the_saves_forms_make(kind: str, text: str, number: int, day: date) -> None:
    """Any value in any field: saved, or refused naming the field with nothing written."""
    b = book()
    before = snapshot(b.repo)
    try:
        _save(b, kind, text, number, day)
    except (ValidationError, MoneyError) as exc:
        assert str(exc) and getattr(exc, "field", "")
        assert snapshot(b.repo) == before
    except KeyError:
        pytest.fail(f"{kind}: a KeyError escaped")
