"""`alcoach doctor`: check the database for damage and copy out what can still be read.

The damaged file is only ever read (opened read-only): what is recovered goes into a new
file beside it, so a second attempt, a backup tool or a person who knows SQLite can still
start from the original. Recovery reads each table row by row in rowid order and steps
over what cannot be read, in the spirit of sqlite3's `.recover`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from alcoach.store.database import StoreError, open_database

# Tables in the order their rows refer to each other (a turn needs its session).
TABLES = (
    "challenges",
    "sessions",
    "turns",
    "commitments",
    "question_feedback",
    "dismissed_patterns",
    "practice_sessions",
    "practice_turns",
)
MAX_PROBLEMS_SHOWN = 5
# How far past an unreadable row the copy looks for the next readable one.
_LONGEST_GAP = 1 << 20


@dataclass
class Checkup:
    path: Path
    problems: list[str] = field(default_factory=list)

    @property
    def healthy(self) -> bool:
        return not self.problems


@dataclass
class Recovery:
    target: Path
    copied: dict[str, int] = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=dict)


def _read_only(path: Path) -> sqlite3.Connection:
    if not path.is_file():
        raise StoreError(f"There is no database at {path}.")
    # mode=ro: never a write, never a WAL checkpoint into the damaged file.
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def check(path: Path) -> Checkup:
    """The full integrity check (every page and index), read-only."""
    checkup = Checkup(path)
    try:
        connection = _read_only(path)
        try:
            rows = connection.execute("PRAGMA integrity_check").fetchall()
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        checkup.problems.append(f"it cannot be read as a database ({error})")
        return checkup
    checkup.problems = [row[0] for row in rows if row[0] != "ok"]
    return checkup


def _rows(connection: sqlite3.Connection, table: str, skipped: list[int]) -> Iterator[tuple[int, dict]]:
    """Every readable row of `table`, in rowid order; each unreadable stretch adds one to
    `skipped`."""
    after = -(1 << 62)
    while True:
        try:
            cursor = connection.execute(
                f"select rowid, * from {table} where rowid > ? order by rowid", [after]
            )
            names = [column[0] for column in cursor.description]
            for row in cursor:
                after = row[0]
                yield row[0], dict(zip(names[1:], row[1:], strict=True))
            return
        except sqlite3.DatabaseError:
            skipped[0] += 1
            after = _next_readable(connection, table, after)
            if after is None:
                return


def _next_readable(connection: sqlite3.Connection, table: str, after: int) -> int | None:
    """A rowid just before the next readable row after a damaged one (doubling steps)."""
    step = 1
    while step <= _LONGEST_GAP:
        try:
            found = connection.execute(
                f"select rowid from {table} where rowid > ? order by rowid limit 1", [after + step]
            ).fetchone()
        except sqlite3.DatabaseError:
            step *= 2
            continue
        return None if found is None else found[0] - 1
    return None


def recover(path: Path, target: Path) -> Recovery:
    """Copy every readable row into a new database at `target` (which must not exist)."""
    if target.exists():
        raise StoreError(f"{target} already exists; give a new file to recover into.")
    source = _read_only(path)
    recovery = Recovery(target)
    fresh = open_database(target)
    # A turn whose session was lost is still the member's text: keep it.
    fresh.conn.execute("PRAGMA foreign_keys = OFF")
    try:
        present = {row[0] for row in source.execute("select name from sqlite_master where type = 'table'")}
        for table in TABLES:
            if table not in present:
                continue
            columns = {column.name for column in fresh[table].columns}
            skipped = [0]
            batch = []
            for rowid, row in _rows(source, table, skipped):
                batch.append({"id": rowid, **{k: v for k, v in row.items() if k in columns}})
            with fresh.conn:
                fresh[table].insert_all(batch, pk="id", replace=True)
            recovery.copied[table] = len(batch)
            recovery.skipped[table] = skipped[0]
    except sqlite3.DatabaseError as error:
        raise StoreError(f"{path} cannot be read far enough to recover anything ({error}).") from None
    finally:
        source.close()
        fresh.conn.close()
    return recovery
