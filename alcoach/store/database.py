"""Opening the database safely: owner-only permissions, migrations, clear errors.

A member's reflections are private and irreplaceable, so a file that cannot be read is
reported and left exactly as it is — never recreated over the top.

With a passphrase the file is encrypted at rest by SQLCipher (the optional `sqlcipher3`
package, `pip install 'alcoach[encryption]'`). A passphrase is only ever used to open a
file that is already encrypted or to create a new one: a plain file is never converted.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from types import ModuleType
from typing import Any

from sqlite_utils import Database

from alcoach.store.migrations import migrations

BUSY_TIMEOUT_SECONDS = 5.0
PASSPHRASE_VARIABLE = "ALCOACH_PASSPHRASE"
_SQLITE_HEADER = b"SQLite format 3\x00"


class StoreError(RuntimeError):
    """The database cannot be used; the message says why and what to do."""


class StoreDamaged(StoreError):
    """The file failed an integrity check: nothing more is written to it."""


def is_damage(error: Exception) -> bool:
    """A DatabaseError that says the file itself is broken (not a constraint or a misuse)."""
    said = str(error).lower()
    return any(word in said for word in ("malformed", "corrupt", "not a database"))


def damaged_message(path: Path | None) -> str:
    where = str(path) if path else "The database"
    return (
        f"{where} is damaged, so alcoach has stopped writing to it and left it as it is. "
        "Nothing has been overwritten. `alcoach doctor` checks it and can copy out what is "
        "still readable into a new file."
    )


def failure_message(error: Exception) -> str:
    """What a failed SQLite operation means for the member, in one sentence; never the
    statement or its values (they can hold the member's text)."""
    said = str(error).lower()
    if "locked" in said or "busy" in said:
        return (
            "The database is busy: another alcoach (or another program) is using it. "
            "Nothing you wrote has been lost; try again in a moment."
        )
    if "full" in said:
        return (
            "The disk is full, so alcoach cannot save. Nothing you wrote has been lost; "
            "free some space and try again."
        )
    if "readonly" in said or "read-only" in said:
        return (
            "The database file cannot be written (it is read-only). Nothing you wrote has been lost; "
            "check the file's permissions and try again."
        )
    if "disk i/o" in said:
        return "The disk could not be written (an I/O error). Nothing you wrote has been lost; try again."
    return "alcoach could not use its database just now. Nothing you wrote has been lost; try again."


def _create_private_file(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        descriptor = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return
    os.close(descriptor)


def passphrase_from_env() -> str | None:
    """The passphrase from `$ALCOACH_PASSPHRASE`; None when it is unset or empty.

    An environment variable, not a setting or a prompt: the app and scripted commands
    (`alcoach history --json`, practice scripts) share it in the same way, and nothing
    that could open the database is ever written to disk beside it.
    """
    return os.environ.get(PASSPHRASE_VARIABLE) or None


def _sqlcipher() -> ModuleType:
    try:
        from sqlcipher3 import dbapi2
    except ImportError:
        raise StoreError(
            f"Encryption ({PASSPHRASE_VARIABLE}) needs the sqlcipher3 package: "
            "pip install 'alcoach[encryption]'."
        ) from None
    return dbapi2


def _head(path: Path, size: int) -> bytes:
    if not path.is_file():
        return b""
    with path.open("rb") as file:
        return file.read(size)


def _looks_encrypted(path: Path) -> bool:
    """SQLCipher leaves no plain header: the file is whole pages of random-looking bytes
    (a salt, then ciphertext), where a damaged or foreign file rarely is."""
    if not path.is_file():
        return False
    size = path.stat().st_size
    if size < 512 or size % 512:
        return False
    head = _head(path, 1024)
    # Random bytes use nearly all 256 values in a kilobyte; text and most junk use far fewer.
    return not head.startswith(_SQLITE_HEADER) and len(set(head)) > 200


def _apply_key(connection: Any, passphrase: str, path: Path, driver: ModuleType) -> None:
    """Key a SQLCipher connection and prove the key with a first read."""
    # PRAGMA takes no bound parameters: quote the passphrase as an SQL string literal.
    literal = "'" + passphrase.replace("'", "''") + "'"
    # SQLCipher logs a failed key to stderr, over the app's screen; the StoreError says it.
    connection.execute("PRAGMA cipher_log_level = NONE")
    connection.execute(f"PRAGMA key = {literal}")
    try:
        connection.execute("PRAGMA schema_version").fetchone()
    except driver.OperationalError:
        raise  # busy or locked: reported by the caller
    except driver.DatabaseError:
        connection.close()
        raise StoreError(
            f"The passphrase does not open {path} (a wrong passphrase, or a damaged file); "
            f"it has been left untouched. Check {PASSPHRASE_VARIABLE} and try again."
        ) from None


def _prove_key_read_only(path: Path, passphrase: str, driver: ModuleType) -> None:
    """Try the passphrase on a read-only connection first when a write-ahead log was left
    behind: closing a read-write connection folds it into the file, which must not happen
    to a file the passphrase does not open ("left untouched" has to be true). Without a log
    there is nothing to fold, and the key is derived once, not twice."""
    try:
        probe = driver.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_SECONDS)
    except driver.Error:
        return  # cannot open read-only here (e.g. no -shm can be made): the normal open decides
    try:
        _apply_key(probe, passphrase, path, driver)
    except driver.OperationalError:
        pass  # busy, or read-only mode is not possible with this WAL: the normal open decides
    finally:
        probe.close()


def _driver(path: Path, passphrase: str | None) -> ModuleType:
    """The DB-API module for this file, refusing before anything is created or changed."""
    if passphrase is None:
        if _looks_encrypted(path):
            raise StoreError(
                f"{path} is encrypted, or damaged past reading: it has no database header. If you "
                f"encrypted it, set {PASSPHRASE_VARIABLE} to its passphrase (encryption needs pip install "
                "'alcoach[encryption]'); if not, `alcoach doctor` looks at it. It has been left untouched."
            )
        return sqlite3
    if not passphrase:
        raise StoreError("The passphrase is empty; give one, or none for an unencrypted database.")
    if "\x00" in passphrase:
        raise StoreError("The passphrase cannot contain a NUL character.")
    driver = _sqlcipher()
    if _head(path, len(_SQLITE_HEADER)) == _SQLITE_HEADER:
        raise StoreError(
            f"{path} is not encrypted, so a passphrase cannot open it; it has been left untouched "
            f"and has not been converted. Unset {PASSPHRASE_VARIABLE} to use it as it is."
        )
    return driver


def _real_path(path: Path) -> Path:
    """The file a symbolic link points at, so it is created private like any other; a link
    out of the database's own folder is refused (the member's text would end up wherever
    it points, under that folder's permissions)."""
    if not path.is_symlink():
        return path
    target = path.resolve()
    if not target.is_relative_to(path.parent.resolve()):
        raise StoreError(
            f"{path} is a link to {target}, outside alcoach's folder; alcoach keeps its database in "
            "its own folder. Remove the link (or point ALCOACH_HOME at the folder you want)."
        )
    return target


def was_empty(path: Path) -> str | None:
    """A warning for a database file found empty (0 bytes): alcoach stopped while creating
    it, or something else emptied it. It is used as a new database, and the member told."""
    try:
        empty = Path(path).stat().st_size == 0
    except OSError:
        return None
    if not empty:
        return None
    return f"{path} was an empty file (0 bytes), so alcoach has started a new database in it."


def readable_by_others(path: Path) -> str | None:
    """A warning, with the fix, for a database others on this machine can read."""
    try:
        mode = Path(path).stat().st_mode
    except OSError:
        return None
    if not mode & 0o077:
        return None
    return f"{path} can be read by other users of this machine; to keep it private run: chmod 600 '{path}'"


def open_database(path: Path, passphrase: str | None = None) -> Database:
    """Open (creating if absent) the member's database and bring its schema up to date.

    With a passphrase the file must be SQLCipher-encrypted, or new (then it is encrypted
    from the start); without one it must be a plain SQLite file.
    """
    path = _real_path(Path(path))
    if path.exists() and not path.is_file():
        raise StoreError(f"{path} is not a file; alcoach needs it for its database.")
    driver = _driver(path, passphrase)
    if passphrase is not None and Path(f"{path}-wal").is_file():
        _prove_key_read_only(path, passphrase, driver)
    _create_private_file(path)
    try:
        connection = driver.connect(path, timeout=BUSY_TIMEOUT_SECONDS, check_same_thread=False)
    except driver.Error as error:
        raise StoreError(f"Cannot open {path}: {error}.") from None
    try:
        if passphrase is not None:
            _apply_key(connection, passphrase, path, driver)
        # The first real read tells a foreign file from a database; the quick check finds
        # damage past the first page, before anything is written.
        connection.execute("PRAGMA schema_version").fetchone()
        if connection.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            connection.close()
            raise StoreDamaged(damaged_message(path))
        connection.execute("PRAGMA foreign_keys = ON")
        if connection.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = NORMAL")
        db = Database(connection)
        if migrations.pending(db):
            # Under the write lock, checked again inside: of two alcoach starting at once on
            # a new file, one migrates and the other then finds nothing left to do.
            connection.execute("BEGIN IMMEDIATE")
            with connection:
                migrations.apply(db)
    except driver.OperationalError as error:
        connection.close()
        if "locked" in str(error) or "busy" in str(error):
            raise StoreError(
                f"{path} is busy: another alcoach (or another program) is writing to it. "
                "Close the other one and try again."
            ) from None
        raise StoreError(f"Cannot use {path}: {failure_message(error)}") from None
    except driver.DatabaseError as error:
        connection.close()
        if "malformed" in str(error):  # a database with a broken page; a foreign file is said below
            raise StoreDamaged(damaged_message(path)) from None
        raise StoreError(
            f"{path} is not a readable alcoach database ({error}). It has been left untouched. "
            "Move it aside (or set ALCOACH_HOME to another folder) to start afresh."
        ) from None
    return db
