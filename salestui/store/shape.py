"""Check a stored document's shape against its model before anything relies on it.

A shard parsed as valid JSON can still hold a document without a name, a date `2026-13-45` or
a count `"many"`: each would surface later as a traceback somewhere far from the file. The
checks are compiled once per model from its type hints and cost about a microsecond a document.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Callable
from datetime import date, datetime
from functools import cache
from typing import Any

from salestui.i18n import tr

# A check returns None when the value fits, else the kinds it expected (message ids).
Check = Callable[[Any], str | None]
# What is wrong with a document: the field, and the kinds it expected ("" = it is missing).
Problem = tuple[str, str, Any]


def _is_date(value: Any) -> bool:
    if type(value) is not str or len(value) != 10:
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _is_datetime(value: Any) -> bool:
    if type(value) is not str:
        return False
    try:
        datetime.fromisoformat(value)
    except ValueError:
        return False
    return True


def _simple(test: Callable[[Any], bool], expected: str) -> Check:
    return lambda value: None if test(value) else expected


_INT = _simple(lambda v: type(v) is int, "int")
_STR = _simple(lambda v: type(v) is str, "text")
_BOOL = _simple(lambda v: type(v) is bool, "bool")
_FLOAT = _simple(lambda v: type(v) in (int, float), "number")
_DATE = _simple(_is_date, "date")
_DATETIME = _simple(_is_datetime, "datetime")
_ANY: Check = lambda value: None  # noqa: E731 - the trivial check


def _check_for(hint: Any) -> Check:
    """Return the check for one type hint (unknown kinds of hint accept anything)."""
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        checks = [_check_for(a) for a in args if a is not type(None)]
        optional = type(None) in args

        def union(value: Any) -> str | None:
            if value is None and optional:
                return None
            problems = [c(value) for c in checks]
            return None if None in problems else " ".join(p for p in problems if p)

        return union
    if origin in (tuple, dict):
        # A tuple is stored as a JSON list of items, a dict as an object of values.
        check_item = _check_for(args[0] if origin is tuple else args[1])
        is_list = origin is tuple

        def container(value: Any) -> str | None:
            if type(value) is not (list if is_list else dict):
                return "list" if is_list else "object"
            items = value.values() if isinstance(value, dict) else value
            return next((p for p in map(check_item, items) if p is not None), None)

        return container
    if dataclasses.is_dataclass(hint):
        nested = document_check(typing.cast(type, hint))

        def record(value: Any) -> str | None:
            return "object" if type(value) is not dict or nested(value) else None

        return record
    simple: dict[Any, Check] = {
        int: _INT,
        str: _STR,
        bool: _BOOL,
        float: _FLOAT,
        date: _DATE,
        datetime: _DATETIME,
    }
    return simple.get(hint, _ANY)


_KINDS: dict[Any, str] = {int: "int", str: "str", bool: "bool", float: "float"}
# Every valid ISO date string seen: a year's shard repeats about 250 of them.
_DATES: set[str] = set()


def _date_ok(value: str) -> bool:
    if _is_date(value):
        _DATES.add(value)
        return True
    return False


def _invalid(hint: Any, ns: dict[str, Any]) -> str:
    """Return a Python expression, true when `v` does not fit the hint (for the fast check)."""
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in (typing.Union, types.UnionType) and len(args) == 2 and type(None) in args:
        inner = next(a for a in args if a is not type(None))
        return f"(v is not None and {_invalid(inner, ns)})"
    if hint in (int, str, bool):
        return f"type(v) is not {_KINDS[hint]}"
    if hint is float:
        return "(type(v) is not int and type(v) is not float)"
    if hint is date:
        return "(type(v) is not str or (v not in DATES and not date_ok(v)))"
    if origin in (dict, tuple):
        values = args[1] if origin is dict else args[0]
        kinds = typing.get_args(values) or (values,)
        if all(k in (int, str, float) for k in kinds):
            allowed = f"allowed_{len(ns)}"
            ns[allowed] = {*kinds, *((int,) if float in kinds else ())}
            items = "v.values()" if origin is dict else "v"
            kind = "dict" if origin is dict else "list"
            return f"(type(v) is not {kind} or not set(map(type, {items})) <= {allowed})"
    slow = f"slow_{len(ns)}"
    ns[slow] = _check_for(hint)
    return f"{slow}(v) is not None"


@cache
def shard_fits(
    cls: type, year_field: str | None, *, open_shelf: bool = False, legacy_field: str | None = None
) -> Callable[[Any, str], bool]:
    """Generate `fits(doc, year)`: does a document fit its model (and its year file)?

    With open_shelf, a document with no date belongs in the "open" file and only there; a
    legacy_field's year is accepted too (where the table was filed before schema 5). Fast and
    silent, for every document of a file; `document_check` says what is wrong with one that
    does not fit.
    """
    hints = typing.get_type_hints(cls)
    ns: dict[str, Any] = {"MISSING": object(), "DATES": _DATES, "date_ok": _date_ok}
    lines = ["def fits(doc, year):", "    if type(doc) is not dict:", "        return False"]
    for f in dataclasses.fields(cls):
        if f.name == "id":
            continue
        required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        lines.append(f"    v = doc.get({f.name!r}, MISSING)")
        test = _invalid(hints[f.name], ns)
        if f.name == year_field:
            misfiled = "not v.startswith(year)"
            if legacy_field is not None:
                misfiled += f" and not str(doc.get({legacy_field!r})).startswith(year)"
            if open_shelf:
                misfiled = f"(v is not None) if year == 'open' else (v is None or ({misfiled}))"
            test = f"({test} or {misfiled})"
        guard = "v is MISSING or " if required else "v is not MISSING and "
        lines.append(f"    if {guard}{test}:")
        lines.append("        return False")
    lines.append("    return True")
    exec("\n".join(lines), ns)  # noqa: S102 - our own source, from the model's type hints
    return typing.cast(Callable[[Any, str], bool], ns["fits"])


@cache
def document_check(cls: type) -> Callable[[Any], Problem | None]:
    """Return a check of a whole document: required fields present, every known field typed.

    A generated function answers "does it fit?" (about a microsecond); only a document that
    does not is walked again to say which field is wrong and how.
    """
    fits = shard_fits(cls, None)
    hints = typing.get_type_hints(cls)
    fields = [
        (
            f.name,
            f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING,
            _check_for(hints[f.name]),
        )
        for f in dataclasses.fields(cls)
        if f.name != "id"
    ]

    def check(doc: Any) -> Problem | None:
        if fits(doc, ""):
            return None
        if type(doc) is not dict:
            return ("", "object", doc)
        for name, required, check_field in fields:
            if name in doc:
                expected = check_field(doc[name])
                if expected is not None:
                    return _innermost(name, doc[name], check_field, expected)
            elif required:
                return (name, "", None)
        return None

    return check


def _innermost(name: str, value: Any, check: Check, expected: str) -> Problem:
    """Point at the item of a list or object that is wrong (counts.cold_calls), not all of it."""
    # An empty container passing the check means the container is the right kind.
    if type(value) is dict and check({}) is None:
        for key, item in value.items():
            if check({key: item}) is not None:
                return (f"{name}.{key}", expected, item)
    elif type(value) is list and check([]) is None:
        for index, item in enumerate(value):
            if check([item]) is not None:
                return (f"{name}[{index}]", expected, item)
    return (name, expected, value)


def explain(doc_id: object, problem: Problem) -> str:
    """Say in the interface language what is wrong with a document."""
    name, expected, value = problem
    if not name:
        return tr("shape.not_object", id=doc_id)
    if not expected:
        return tr("shape.missing", id=doc_id, field=name)
    kinds = " / ".join(tr(f"shape.{kind}") for kind in expected.split())
    shown = repr(value)
    shown = shown if len(shown) <= 40 else shown[:39] + "…"
    return tr("shape.wrong", id=doc_id, field=name, expected=kinds, value=shown)
