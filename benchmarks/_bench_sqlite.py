"""The SQLite side of the benchmark: a copy of the salestui documents and the same saves.

One table per salestui table (id INTEGER PRIMARY KEY, doc TEXT holding the JSON document), an
index on the date field of each dated table, WAL and synchronous=FULL: as durable as salestui.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import date
from pathlib import Path
from typing import Any

import orjson

from salestui.store.codec import to_doc
from salestui.store.schema import TABLES


def json_field(name: str) -> str:
    """Return the SQL expression for one field of a document (the indexes use it as is)."""
    return f"json_extract(doc, '$.{name}')"


def build_sqlite(folder: Path, target: Path) -> dict[str, int]:
    """Copy every document of the shard files in folder into a new SQLite file; return counts.

    Only the shard files are read: call it when the journal has just been checkpointed.
    """
    if target.exists():
        raise SystemExit(f"{target} exists already")
    files = sorted(f for f in [*folder.glob("*.json"), *folder.glob("*/*.json")])
    counts: dict[str, int] = {}
    with closing(sqlite3.connect(target, isolation_level=None)) as conn:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("BEGIN")
        for file in files:
            if file.name.startswith("."):
                continue
            for table, docs in orjson.loads(file.read_bytes()).items():
                if table not in counts:
                    conn.execute(
                        f"CREATE TABLE {table} (id INTEGER PRIMARY KEY, doc TEXT NOT NULL)"
                    )
                    counts[table] = 0
                rows = ((int(key), orjson.dumps(doc).decode()) for key, doc in docs.items())
                conn.executemany(f"INSERT INTO {table} (id, doc) VALUES (?, ?)", rows)
                counts[table] += len(docs)
        for table in counts:
            field = TABLES[table].date_field if table in TABLES else None
            if field is not None:
                conn.execute(f"CREATE INDEX {table}_{field} ON {table} ({json_field(field)})")
        conn.execute("COMMIT")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return counts


def ids(file: str, sql: str) -> list[int]:
    """Return the ids a query selects, through a connection of its own."""
    with closing(sqlite3.connect(file)) as conn:
        return [int(row[0]) for row in conn.execute(sql)]


class SqliteSaves:
    """The SQLite copy's equivalent of each salestui save, each in its own transaction."""

    def __init__(self, file: str) -> None:
        self.conn = sqlite3.connect(file, isolation_level=None)  # BEGIN/COMMIT are explicit
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA synchronous=FULL")

    def set_count(self, employee_id: int, day: date, code: str, value: int) -> None:
        """Set one cell of a day's metrics row found through the date index; insert a new row."""
        conn, iso = self.conn, day.isoformat()
        conn.execute("BEGIN")
        changed = conn.execute(
            f"UPDATE metrics SET doc = json_set(doc, ?, ?) WHERE {json_field('date')} = ?"
            f" AND {json_field('employee_id')} = ?",
            (f"$.counts.{code}", value, iso, employee_id),
        ).rowcount
        if not changed:
            doc = {"employee_id": employee_id, "date": iso, "counts": {code: value}}
            conn.execute("INSERT INTO metrics (doc) VALUES (?)", (orjson.dumps(doc).decode(),))
        conn.execute("COMMIT")

    def add(self, table: str, record: Any) -> int:
        """Insert a record's document (encoded here, as salestui encodes its own); its id."""
        doc = orjson.dumps(to_doc(record)).decode()
        conn = self.conn
        conn.execute("BEGIN")
        row_id = conn.execute(f"INSERT INTO {table} (doc) VALUES (?)", (doc,)).lastrowid
        conn.execute("COMMIT")
        return int(row_id or 0)

    def update(self, table: str, record_id: int, record: Any) -> None:
        """Replace a record's document by id."""
        doc = orjson.dumps(to_doc(record)).decode()
        conn = self.conn
        conn.execute("BEGIN")
        conn.execute(f"UPDATE {table} SET doc = ? WHERE id = ?", (doc, record_id))
        conn.execute("COMMIT")

    def pay(self, payment: Any, invoice_id: int, invoice_doc: dict[str, Any]) -> None:
        """Insert a payment and update its invoice's paid amount in one transaction."""
        conn = self.conn
        conn.execute("BEGIN")
        conn.execute(
            "INSERT INTO payments (doc) VALUES (?)", (orjson.dumps(to_doc(payment)).decode(),)
        )
        conn.execute(
            "UPDATE invoices SET doc = ? WHERE id = ?",
            (orjson.dumps(invoice_doc).decode(), invoice_id),
        )
        conn.execute("COMMIT")

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()
