"""`salestui check`: what is wrong in a database the store opened (its files parse and fit their
shapes, or it would not have opened): references to records that are not there, duplicates of a
natural key, values out of range, payment totals an invoice no longer agrees with, and a folder
or file others may read.

Each finding names its table, its record and what is wrong, in one line. Repairs are only the
safe ones: an invoice's paid total and dates counted again from its payments, and permissions
tightened. Everything else (which of two records is right) is for a person to decide.
"""

from __future__ import annotations

import os
import stat
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any, Final, TypeVar

from salestui.i18n import tr
from salestui.models import (
    BaseReview,
    CallReview,
    Client,
    DailyMetrics,
    Deal,
    Employee,
    Invoice,
    Payment,
    Plan,
    RollCall,
    ValidationError,
)
from salestui.money import fmt_amount
from salestui.store.codec import from_doc
from salestui.store.records import TABLE_OF
from salestui.store.repository import Repository
from salestui.store.schema import TABLES

R = TypeVar("R")
FOLDER_MODE: Final = 0o700
FILE_MODE: Final = 0o600


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing wrong: its kind, where, and what; `fix` names the safe repair if there is one."""

    kind: str  # reference, duplicate, range, total, permissions
    table: str
    record: int | None
    message: str
    fix: str = ""
    label: str = ""  # how a person knows the record: a name, a number, an employee and date

    def line(self) -> str:
        """Return the finding as `check` prints it."""
        if self.record is None:
            return f"{self.table}: {self.message}" if self.table else self.message
        return f"{self.table} «{self.label}» (#{self.record}): {self.message}"

    def as_json(self) -> dict[str, object]:
        """Return the finding for `check --format json`."""
        return asdict(self)


def _refs(
    table: str,
    records: Iterable[R],
    field_name: str,
    known: set[int],
    target: str,
    *,
    optional: bool = False,
) -> list[Finding]:
    """Return a finding for each record whose field names a record of target that is not there."""
    found = []
    for record in records:
        value = getattr(record, field_name)
        if value not in known and not (value is None and optional):
            message = tr("check.missing_ref", field=field_name, target=target, value=value)
            found.append(Finding("reference", table, _id(record), message, label=_label(record)))
    return found


def label_of(table: str, doc_id: int, doc: Mapping[str, Any] | None) -> str:
    """Return how a person knows a stored document (its id when it cannot be read)."""
    if doc is None or table not in TABLES:
        return f"#{doc_id}"
    try:
        return _label(from_doc(TABLES[table].model, dict(doc), doc_id)) or f"#{doc_id}"
    except (ValidationError, KeyError, TypeError, ValueError):
        return f"#{doc_id}"


def _label(record: object) -> str:
    """Return how a person knows a record: its number or name, a deal's reference, else the
    date it is filed under (with the employee's id: the employee may be what is missing)."""
    for name in ("number", "name", "ref"):
        value = getattr(record, name, "")
        if value:
            return str(value)
    day = getattr(record, "date", None) or getattr(record, "month", None) or ""
    if isinstance(record, Deal):
        day = record.created
    if isinstance(record, Payment):
        return f"{day} {fmt_amount(record.amount)}"
    who = getattr(record, "employee_id", None)
    return f"{who} {day}" if who is not None else str(day)


def _id(record: object) -> int:
    """Return a record's id (every model has one)."""
    found: int = getattr(record, "id")  # noqa: B009 - the models share no base class
    return found


def _duplicates(
    table: str, records: Iterable[R], key: Callable[[R], object], what: str
) -> list[Finding]:
    """Return a finding for every record after the first that shares a natural key."""
    seen: dict[object, int] = {}
    found = []
    for record in sorted(records, key=_id):
        value = key(record)
        if value is None or value == "":
            continue
        first = seen.setdefault(value, _id(record))
        if first != _id(record):
            message = tr("check.duplicate", what=what, value=_shown(value), first=first)
            found.append(Finding("duplicate", table, _id(record), message, label=_label(record)))
    return found


def _shown(value: object) -> str:
    """Return a natural key as a finding shows it."""
    if isinstance(value, tuple):
        return " ".join(str(part) for part in value)
    return str(value)


def _stream(repo: Repository, cls: type[R]) -> Iterator[R]:
    """Yield a table's records file by file, keeping none of the files parsed: check holds
    ids and keys, not 400,000 records (645 MB at the DESIGN §7 scale when it did)."""
    table = TABLE_OF[cls]
    for shard in repo.shards(table):
        for key, doc in repo.scan(table, [shard]):
            yield repo._record(cls, shard, int(key), doc)


Ref = tuple[str, set[int], str, bool]  # field, the ids it may name, their table, may be empty


def _table(
    repo: Repository,
    cls: type[R],
    refs: list[Ref],
    key: Callable[[R], object] | None = None,
    what: str = "",
    each: Callable[[R], Iterable[Finding]] | None = None,
) -> tuple[list[Finding], set[int]]:
    """Check one table in one pass: its references, its natural key, each record's own
    rules; return the findings (in that order) and the ids the table holds."""
    table = TABLE_OF[cls]
    by_ref: list[list[Finding]] = [[] for _ in refs]
    seen: dict[object, list[int]] = defaultdict(list)
    extra: list[Finding] = []
    ids: set[int] = set()
    for record in _stream(repo, cls):
        record_id = _id(record)
        ids.add(record_id)
        for found, (field_name, known, target, optional) in zip(by_ref, refs, strict=True):
            found += _refs(table, (record,), field_name, known, target, optional=optional)
        if key is not None and (value := key(record)) not in (None, ""):
            seen[value].append(record_id)
        if each is not None:
            extra += each(record)
    twins: list[tuple[int, Finding]] = []
    for value, records in seen.items():
        if len(records) > 1:
            records.sort()
            for record_id in records[1:]:
                message = tr("check.duplicate", what=what, value=_shown(value), first=records[0])
                label = _label(repo.get(cls, record_id))  # only a duplicate's: read it again
                twin = Finding("duplicate", table, record_id, message, label=label)
                twins.append((record_id, twin))
    found = [f for group in by_ref for f in group]
    return found + [f for _, f in sorted(twins, key=lambda t: t[0])] + extra, ids


def verify(repo: Repository) -> list[Finding]:
    """Return every finding about the records of an open database, by table."""
    staff = {e.id for e in repo.all(Employee)}
    found: list[Finding] = []
    checked, _ = _table(
        repo,
        DailyMetrics,
        [("employee_id", staff, "employees", False)],
        lambda m: (m.employee_id, m.date),
        "employee+date",
    )
    found += checked
    checked, client_ids = _table(repo, Client, [("owner", staff, "employees", False)])
    found += checked
    deal_refs: list[Ref] = [
        ("owner", staff, "employees", False),
        ("client_id", client_ids, "clients", True),
    ]
    checked, deal_ids = _table(repo, Deal, deal_refs, lambda d: d.ref, "ref", _deal_range)
    found += checked
    payments = list(_stream(repo, Payment))
    by_invoice = _by_invoice(payments)
    invoice_refs: list[Ref] = [
        ("employee_id", staff, "employees", False),
        ("deal_id", deal_ids, "deals", True),
        ("client_id", client_ids, "clients", True),
    ]
    totals: list[Finding] = []

    def total(invoice: Invoice) -> list[Finding]:
        totals.extend(_total(invoice, by_invoice.get(invoice.id, [])))
        return []

    checked, invoice_ids = _table(repo, Invoice, invoice_refs, lambda i: i.number, "number", total)
    found += checked
    found += _refs("payments", payments, "invoice_id", invoice_ids, "invoices")
    found += totals
    review_refs: list[Ref] = [
        ("employee_id", staff, "employees", False),
        ("deal_id", deal_ids, "deals", True),
    ]
    found += _table(repo, CallReview, review_refs)[0]
    found += _table(repo, BaseReview, [("employee_id", staff, "employees", False)])[0]
    keyed: list[tuple[type[Any], Callable[[Any], object], str]] = [
        (RollCall, lambda r: (r.employee_id, r.date), "employee+date"),
        (Plan, lambda p: (p.employee_id, p.month), "employee+month"),
    ]
    for cls, key, what in keyed:
        found += _table(repo, cls, [("employee_id", staff, "employees", False)], key, what)[0]
    return found


def _deal_range(d: Deal) -> list[Finding]:
    """Return a finding if a deal's next step falls due before it was created (a store rule;
    what a record itself cannot hold, such as a probability over 100, fails the file's check)."""
    if d.next_step_due is not None and d.next_step_due < d.created:
        message = tr("check.due_before", due=d.next_step_due, created=d.created)
        return [Finding("range", "deals", d.id, message, label=_label(d))]
    return []


def _total(invoice: Invoice, paid: list[Payment]) -> list[Finding]:
    """Return what is wrong with an invoice and its payments: payments dated before it or
    beyond its amount (or to it cancelled), or a paid total and dates that disagree."""
    found = []
    total = sum(p.amount for p in paid)
    for payment in paid:
        if payment.date < invoice.issued:
            message = tr("check.paid_before", number=invoice.number, issued=invoice.issued)
            label = _label(payment)
            found.append(Finding("range", "payments", payment.id, message, label=label))
    if total > invoice.amount or (invoice.cancelled and total):
        message = tr("check.overpaid", total=fmt_amount(total))
        found.append(Finding("range", "invoices", invoice.id, message, label=invoice.number))
    elif counted(invoice, paid) != invoice:
        stored, counted_total = fmt_amount(invoice.paid), fmt_amount(total)
        message = tr("check.paid_total", stored=stored, counted=counted_total)
        label, fix = invoice.number, "recount"
        found.append(Finding("total", "invoices", invoice.id, message, fix=fix, label=label))
    return found


def counted(invoice: Invoice, payments: list[Payment]) -> Invoice:
    """Return the invoice with its paid total and dates as its payments make them."""
    paid = sum(p.amount for p in payments)
    days = sorted(p.date for p in payments)
    first, last = (days[0], days[-1]) if days else (None, None)
    if invoice.cancelled:
        settled = invoice.settled  # a cancelled invoice is closed on the day it was cancelled
    else:
        settled = last if paid and paid >= invoice.amount else None
    return replace(invoice, paid=paid, first_paid=first, last_paid=last, settled=settled)


def _loose(path: Path) -> Iterator[tuple[Path, int, int]]:
    """Yield each folder and file of a database that others may read: path, mode, wanted."""
    for root, folders, files in os.walk(path):
        folders.sort()
        here = Path(root)
        for name, want in [(here, FOLDER_MODE)] + [(here / f, FILE_MODE) for f in sorted(files)]:
            mode = stat.S_IMODE(os.lstat(name).st_mode)
            if mode & ~want & 0o077:
                yield name, mode, want


def permissions(path: Path) -> list[Finding]:
    """Return the folder and files of a database that others than the owner may read."""
    return [
        Finding(
            "permissions",
            "folder",
            None,
            tr("check.loose", path=name, mode=f"{mode:o}", want=f"{want:o}"),
            fix="chmod",
        )
        for name, mode, want in _loose(path)
    ]


def _by_invoice(payments: Iterable[Payment]) -> dict[int, list[Payment]]:
    """Return the payments grouped by their invoice."""
    found: dict[int, list[Payment]] = defaultdict(list)
    for payment in payments:
        found[payment.invoice_id].append(payment)
    return found


def repair(repo: Repository, path: Path, findings: list[Finding]) -> list[str]:
    """Make the safe repairs the findings name; return one line per change made."""
    done: list[str] = []
    recount = {f.record for f in findings if f.fix == "recount"}
    if recount:
        by_invoice = _by_invoice(p for p in _stream(repo, Payment) if p.invoice_id in recount)
        with repo.transaction():
            for invoice_id in sorted(i for i in recount if i is not None):
                invoice = repo.get(Invoice, invoice_id)
                if invoice is not None:
                    repo.update(counted(invoice, by_invoice.get(invoice.id, [])))
                    done.append(tr("check.fixed_total", number=invoice.number))
    if any(f.fix == "chmod" for f in findings):
        for name, mode, _ in list(_loose(path)):
            os.chmod(name, mode & ~0o077)
            done.append(tr("check.fixed_mode", path=name, mode=f"{mode & ~0o077:o}"))
    return done
