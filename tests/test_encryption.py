"""Encryption at rest: a passphrase (ALCOACH_PASSPHRASE) opens a SQLCipher file; nothing else does,
and a file that cannot be opened is left exactly as it is."""

from __future__ import annotations

import hashlib
import json
import stat
import sys
from pathlib import Path

import pytest

pytest.importorskip("sqlcipher3")  # a guard only: the `test` extra installs it

from alcoach.paths import database_path, ensure_home
from alcoach.store import Store, StoreError
from tests.conftest import run_cli

PASSPHRASE = "correct horse battery staple"
ANSWER = "My secret answer about the Riverside rota"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def folder_state(path: Path) -> dict[str, str]:
    """Every file beside the database, with its hash: proof that nothing was touched or added."""
    return {child.name: sha256(child) for child in sorted(path.parent.iterdir())}


@pytest.fixture
def path(alcoach_home: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("ALCOACH_PASSPHRASE", raising=False)
    ensure_home()
    return database_path()


def make_encrypted(path: Path, passphrase: str = PASSPHRASE) -> int:
    store = Store.open(path, passphrase=passphrase)
    session = store.create_session("prepare", seed=3)
    store.add_turn(session.id, "coach", "What would you like to bring?", question_id="open-01")
    store.add_turn(session.id, "member", ANSWER)
    store.close()
    return session.id


def test_an_encrypted_store_round_trips_and_holds_no_plaintext(path):
    session_id = make_encrypted(path)
    raw = b"".join(child.read_bytes() for child in path.parent.iterdir() if child.is_file())
    assert not raw.startswith(b"SQLite format 3")
    for secret in (ANSWER, "Riverside", "What would you like to bring?", "sessions", "turns"):
        assert secret.encode() not in raw
    store = Store.open(path, passphrase=PASSPHRASE)
    try:
        assert [(t.speaker, t.text) for t in store.turns(session_id)] == [
            ("coach", "What would you like to bring?"),
            ("member", ANSWER),
        ]
        assert store.session(session_id).seed == 3
        # Every migration ran, the full-text index (FTS5) included, and it is kept in step.
        from alcoach.store.migrations import migrations

        assert migrations.pending(store.db) == []
        applied = [row["name"] for row in store.db["_sqlite_migrations"].rows]
        assert "m003_challenges_commitments_feedback_search" in applied
        hits = store.db.execute("select rowid from turns_fts where turns_fts match ?", ["rota"]).fetchall()
        assert len(hits) == 1
    finally:
        store.close()


def test_a_new_encrypted_file_is_owner_only(path):
    store = Store.open(path, passphrase=PASSPHRASE)
    try:
        store.create_session("prepare")
        for child in path.parent.iterdir():  # the database and, while open, its -wal and -shm
            assert stat.S_IMODE(child.stat().st_mode) == 0o600, child.name
    finally:
        store.close()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_wrong_passphrase_is_reported_and_the_file_left_untouched(path):
    make_encrypted(path)
    before = folder_state(path)
    with pytest.raises(StoreError, match="passphrase does not open") as raised:
        Store.open(path, passphrase="wrong horse")
    assert str(path) in str(raised.value) and "left untouched" in str(raised.value)
    assert folder_state(path) == before


def test_an_encrypted_file_without_a_passphrase_says_so_and_is_left_untouched(path):
    make_encrypted(path)
    before = folder_state(path)
    with pytest.raises(StoreError, match="is encrypted") as raised:
        Store.open(path)
    assert "ALCOACH_PASSPHRASE" in str(raised.value) and "left untouched" in str(raised.value)
    assert folder_state(path) == before


def test_a_passphrase_with_quotes_and_non_ascii_characters(path):
    from sqlcipher3 import dbapi2

    passphrase = "it's '' naïve — 日本語 \"x\"; --"
    session_id = make_encrypted(path, passphrase)
    store = Store.open(path, passphrase=passphrase)
    assert [t.text for t in store.turns(session_id)][-1] == ANSWER
    store.close()
    # The quoting keyed the file with exactly these characters, as SQLCipher's own API would.
    connection = dbapi2.connect(str(path))
    connection.set_key(passphrase)
    assert connection.execute("select count(*) from turns").fetchone() == (2,)
    connection.close()
    for near_miss in ("it's ' naïve — 日本語 \"x\"; --", "its '' naive — 日本語 \"x\"; --"):
        with pytest.raises(StoreError, match="passphrase does not open"):
            Store.open(path, passphrase=near_miss)


def test_the_passphrase_comes_from_the_environment(path, monkeypatch):
    monkeypatch.setenv("ALCOACH_PASSPHRASE", PASSPHRASE)
    session_id = make_encrypted(path)
    store = Store.open(path)
    assert [t.text for t in store.turns(session_id)][-1] == ANSWER
    store.close()
    monkeypatch.setenv("ALCOACH_PASSPHRASE", "")  # empty means unset
    with pytest.raises(StoreError, match="is encrypted"):
        Store.open(path)


def test_a_plain_database_is_not_converted(path):
    store = Store.open(path)
    store.create_session("prepare")
    store.close()
    before = folder_state(path)
    with pytest.raises(StoreError, match="not encrypted") as raised:
        Store.open(path, passphrase=PASSPHRASE)
    assert "left untouched" in str(raised.value)
    assert folder_state(path) == before
    assert path.read_bytes().startswith(b"SQLite format 3\x00")


def test_without_sqlcipher3_a_passphrase_asks_for_the_extra(path, monkeypatch):
    monkeypatch.setitem(sys.modules, "sqlcipher3", None)
    monkeypatch.setitem(sys.modules, "sqlcipher3.dbapi2", None)
    with pytest.raises(StoreError, match=r"pip install 'alcoach\[encryption\]'"):
        Store.open(path, passphrase=PASSPHRASE)
    assert not path.exists()  # nothing created that could not be encrypted


def test_history_command_with_the_right_and_a_wrong_passphrase(path, monkeypatch):
    make_encrypted(path)
    before = folder_state(path)
    monkeypatch.setenv("ALCOACH_PASSPHRASE", PASSPHRASE)
    run = run_cli("history", "--json")
    assert run.returncode == 0, run.stderr
    [session] = json.loads(run.stdout)
    assert session["turns"][-1]["text"] == ANSWER
    monkeypatch.setenv("ALCOACH_PASSPHRASE", "wrong horse")
    before = folder_state(path)
    run = run_cli("history", "--json")
    assert run.returncode == 2
    assert run.stdout == ""
    assert "alcoach: The passphrase does not open" in run.stderr
    assert "Traceback" not in run.stderr and "ERROR CORE" not in run.stderr  # no SQLCipher log noise
    assert folder_state(path) == before
