"""What a database folder must hold: the kinds of its files, its journal's changes, documents.

Pure checks over paths and parsed JSON; the engine runs them before it takes a lock (and again
as it parses a shard), so a refused folder is left exactly as it was.
"""

from __future__ import annotations

import os
from itertools import repeat
from pathlib import Path
from typing import Any, NoReturn

import orjson

from salestui.i18n import tr
from salestui.store.errors import CorruptError
from salestui.store.fsutil import kind, open_regular, read_regular
from salestui.store.journal import Op
from salestui.store.schema import TABLES, UNSHARDED
from salestui.store.shape import document_check, explain, shard_fits

Doc = dict[str, Any]


def check_op(op: Op) -> str | None:
    """Return what is wrong with one journaled change, or None."""
    table, shard, doc_id, doc = op
    spec = TABLES.get(table)
    if spec is None:
        return tr("store.unknown_table", table=table)
    if not spec.valid_shard(shard):
        return tr("store.bad_shard", table=table, shard=shard)
    if doc is None:
        return None
    if table != "meta":
        problem = document_check(spec.model)(doc)
        if problem is not None:
            return explain(doc_id, problem)
    if not spec.fits_shard(doc, shard):
        return tr("store.wrong_shard", id=doc_id, shard=shard)
    return None


def discover(path: Path) -> dict[str, set[str]]:
    """Return the shards on disk by table, refusing anything the database does not expect.

    A folder where a file belongs (or the reverse), a FIFO or device that would hang the
    read, a stray file in a table's folder and a truncated shard are all refused here,
    before anything relies on them.
    """
    on_disk: dict[str, set[str]] = {name: set() for name in TABLES}
    for name, spec in TABLES.items():
        if spec.date_field is None:
            files = [(UNSHARDED, path / f"{name}.json")]
        else:
            folder = path / name
            found = kind(folder)
            if found not in ("missing", "dir"):
                raise CorruptError(folder, tr("store.not_folder"))
            listed = sorted(folder.iterdir()) if found == "dir" else []
            files = []
            for file in listed:
                if file.name.startswith("."):
                    continue  # a checkpoint's temp file, cut short by a crash
                if file.suffix != ".json" or not spec.valid_shard(file.stem):
                    raise CorruptError(file, tr("store.stray_file", table=name))
                files.append((file.stem, file))
        for shard, file in files:
            if kind(file) == "missing":
                continue
            fd = open_regular(file, os.O_RDONLY)
            try:
                size = os.fstat(fd).st_size
                tail = os.pread(fd, 16, max(0, size - 16)).rstrip()
            finally:
                os.close(fd)
            if not tail.endswith(b"}"):
                raise CorruptError(file, tr("store.truncated"))
            on_disk[name].add(shard)
    return on_disk


def parse_shard(file: Path, table: str, shard: str) -> dict[str, Doc]:
    """Read one shard file, refusing it (by file and document id) unless every doc fits."""
    try:
        data = orjson.loads(read_regular(file))
    except orjson.JSONDecodeError as exc:
        where = tr("store.bad_json", line=exc.lineno, column=exc.colno)
        raise CorruptError(file, where) from None
    if not isinstance(data, dict) or not isinstance(data.get(table, {}), dict):
        raise CorruptError(file, tr("store.bad_shape", table=table))
    docs: dict[str, Doc] = data.get(table, {})
    spec = TABLES[table]
    ids = "".join(docs)
    # One pass in C over all ids and one generated check per document; only a file that
    # fails is walked again, slowly, to name the document and what is wrong with it.
    good = "" not in docs and ids.isascii() and (ids.isdigit() or not ids)
    if table != "meta":
        fits = shard_fits(
            spec.model,
            spec.date_field,
            open_shelf=spec.open_shelf,
            legacy_field=spec.legacy_field,
        )
        good = good and all(map(fits, docs.values(), repeat(shard)))
    if not good:
        _refuse(file, table, shard, docs)
    return docs


def _refuse(file: Path, table: str, shard: str, docs: dict[str, Doc]) -> NoReturn:
    """Raise CorruptError naming the first document of a shard that does not fit."""
    spec = TABLES[table]
    check = document_check(spec.model)
    for doc_id, doc in docs.items():
        if not doc_id.isascii() or not doc_id.isdigit():
            raise CorruptError(file, tr("store.bad_id", id=doc_id))
        problem = check(doc) if table != "meta" else None
        if problem is not None:
            raise CorruptError(file, explain(doc_id, problem))
        if not spec.fits_shard(doc, shard):
            raise CorruptError(file, tr("store.wrong_shard", id=doc_id, shard=shard))
    raise CorruptError(file, tr("store.bad_shape", table=table))
