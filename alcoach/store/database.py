"""Opening the database safely: owner-only permissions, migrations, clear errors.

A member's reflections are private and irreplaceable, so a file that cannot be read is
reported and left exactly as it is — never recreated over the top.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from sqlite_utils import Database

from alcoach.store.migrations import migrations

BUSY_TIMEOUT_SECONDS = 5.0


class StoreError(RuntimeError):
    """The database cannot be used; the message says why and what to do."""


def _create_private_file(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        descriptor = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return
    os.close(descriptor)


def open_database(path: Path) -> Database:
    """Open (creating if absent) the member's database and bring its schema up to date."""
    path = Path(path)
    if path.exists() and not path.is_file():
        raise StoreError(f"{path} is not a file; alcoach needs it for its database.")
    _create_private_file(path)
    try:
        connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_SECONDS, check_same_thread=False)
    except sqlite3.Error as error:
        raise StoreError(f"Cannot open {path}: {error}.") from None
    try:
        # The first real read tells a damaged or foreign file from a database.
        connection.execute("PRAGMA schema_version").fetchone()
        connection.execute("PRAGMA foreign_keys = ON")
        if connection.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = NORMAL")
        db = Database(connection)
        migrations.apply(db)
    except sqlite3.OperationalError as error:
        connection.close()
        if "locked" in str(error) or "busy" in str(error):
            raise StoreError(
                f"{path} is busy: another alcoach (or another program) is writing to it. "
                "Close the other one and try again."
            ) from None
        raise StoreError(f"Cannot use {path}: {error}.") from None
    except sqlite3.DatabaseError as error:
        connection.close()
        raise StoreError(
            f"{path} is not a readable alcoach database ({error}). It has been left untouched. "
            "Move it aside (or set ALCOACH_HOME to another folder) to start afresh."
        ) from None
    return db
