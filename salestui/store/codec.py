"""Convert model dataclasses to JSON documents and back (dates as ISO strings)."""

from __future__ import annotations

import dataclasses
import types
import typing
from datetime import date, datetime
from functools import cache
from typing import Any, TypeVar

T = TypeVar("T")
Doc = dict[str, Any]


# Values stored as they are: most of a record's fields (checked first, by exact type).
_PLAIN: typing.Final = frozenset({str, int, bool, float, type(None)})


def _encode(value: Any) -> Any:
    if type(value) in _PLAIN:
        return value
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return to_doc(value)
    if isinstance(value, tuple | list):
        return [_encode(v) for v in value]
    if isinstance(value, dict):
        return {k: _encode(v) for k, v in value.items()}
    return value


@cache
def _encoder(cls: Any) -> typing.Callable[[Any], Doc]:
    """Generate `encode(record)` for a record class: one straight line per stored field.

    An import encodes 100,000 deals; a loop calling _encode per field took twice as long.
    A field holding what its hint does not say still goes through _encode.
    """
    hints = typing.get_type_hints(cls)
    ns: dict[str, Any] = {"encode": _encode, "PLAIN": _PLAIN, "date": date, "iso": _iso}
    lines = ["def encode_record(r):", "    d = {}"]
    for f in dataclasses.fields(cls):
        if f.name == "id":
            continue
        lines.append(f"    v = r.{f.name}")
        if hints[f.name] in (date, date | None):
            lines.append(f"    d[{f.name!r}] = iso(v) if v.__class__ is date else encode(v)")
        else:
            lines.append(f"    d[{f.name!r}] = v if v.__class__ in PLAIN else encode(v)")
    lines.append("    return d")
    exec("\n".join(lines), ns)  # noqa: S102 - our own source, from the class's fields
    return typing.cast(typing.Callable[[Any], Doc], ns["encode_record"])


# Dates as text, each day's string made once: the documents of an import share them
# (a few thousand days over 100,000 records) instead of holding one copy each.
_ISO_DAYS: dict[date, str] = {}


def _iso(day: date) -> str:
    """Return a date's ISO text, kept for the next record naming the same day."""
    text = _ISO_DAYS.get(day)
    if text is None:
        if len(_ISO_DAYS) > 100_000:
            _ISO_DAYS.clear()
        text = _ISO_DAYS[day] = day.isoformat()
    return text


def to_doc(record: Any) -> Doc:
    """Return the JSON document for a record; its id is the TinyDB doc_id, not a field."""
    kind: type = type(record)
    return _encoder(kind)(record)


def _decoder(hint: Any) -> typing.Callable[[Any], Any] | None:
    """Return a function turning a stored value into the hinted type (None: as stored)."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in typing.get_args(hint) if a is not type(None)]
        decode = _decoder(inner[0]) if len(inner) == 1 else None
        if decode is None:
            return None
        return lambda v: None if v is None else decode(v)
    if hint is datetime:
        return datetime.fromisoformat
    if hint is date:
        return date.fromisoformat
    if origin is tuple:
        item = typing.get_args(hint)[0]
        decode_item = _decoder(item) or (lambda v: v)
        return lambda v: tuple(decode_item(x) for x in v)
    if origin is dict:
        return dict
    if dataclasses.is_dataclass(hint):
        target = typing.cast(type, hint)
        return lambda v: from_doc(target, v)
    return None


@cache
def _plan(cls: type) -> tuple[tuple[str, typing.Callable[[Any], Any] | None], ...]:
    hints = typing.get_type_hints(cls)
    return tuple((f.name, _decoder(hints[f.name])) for f in dataclasses.fields(cls))


@cache
def _builder(cls: type) -> typing.Callable[[Doc, int], Any]:
    """Generate `build(doc, doc_id)` for a record class: one straight line per field.

    Screens build open deals and invoices by the thousand; a loop over the fields with a
    dict per record cost about twice as much as this.
    """
    ns: dict[str, Any] = {"cls": cls, "MISSING": object()}
    lines = ["def build(doc, doc_id):", "    get = doc.get", "    kw = {}"]
    for name, decode in _plan(cls):
        if name == "id":
            lines.append("    kw['id'] = doc_id")
            continue
        value = "v"
        if decode is not None:
            ns[f"decode_{name}"] = decode
            value = f"decode_{name}(v)"
        lines.append(f"    v = get({name!r}, MISSING)")
        lines.append(f"    if v is not MISSING: kw[{name!r}] = {value}")
    lines.append("    return cls(**kw)")
    exec("\n".join(lines), ns)  # noqa: S102 - our own source, from the class's fields
    return typing.cast(typing.Callable[[Doc, int], Any], ns["build"])


def from_doc(cls: type[T], doc: Doc, doc_id: int = 0) -> T:
    """Build a record from its stored document; unknown keys are ignored, missing use defaults."""
    return typing.cast(T, _builder(typing.cast(type, cls))(doc, doc_id))
