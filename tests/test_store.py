"""The store: private file, migrations, every turn committed, damaged files never overwritten."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
import textwrap

import pytest

from alcoach.paths import database_path
from alcoach.store import Store, StoreError


def test_database_is_private_and_migrated(store):
    path = database_path()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    applied = [row["name"] for row in store.db["_sqlite_migrations"].rows]
    assert applied == [
        "m001_sessions_and_turns",
        "m002_practice",
        "m003_challenges_commitments_feedback_search",
        "m004_commitments_kept_and_patterns_dismissed",
    ]
    assert {"sessions", "turns", "commitments", "dismissed_patterns"} <= set(store.db.table_names())


def test_turns_round_trip_with_any_text(store):
    session = store.create_session("prepare", seed=7)
    texts = ["[bold]x[/bold]", "😀", "\x1b[2J\x00\x07", "é" * 1_000_000, ""]
    for text in texts:
        store.add_turn(session.id, "member", text)
    assert [t.text for t in store.turns(session.id)] == texts
    assert [t.seq for t in store.turns(session.id)] == [1, 2, 3, 4, 5]


def test_history_contract(store):
    session = store.create_session("prepare")
    store.add_turn(session.id, "coach", "What would you like to bring?", question_id="open-01")
    store.add_turn(session.id, "member", "The rota.")
    history = store.history()
    assert history == [
        {
            "id": session.id,
            "mode": "prepare",
            "started": session.started,
            "status": "open",
            "turns": [
                {
                    "speaker": "coach",
                    "text": "What would you like to bring?",
                    "at": history[0]["turns"][0]["at"],
                },
                {"speaker": "member", "text": "The rota.", "at": history[0]["turns"][1]["at"]},
            ],
        }
    ]


def test_a_committed_turn_survives_a_killed_process(alcoach_home):
    script = textwrap.dedent("""
        import os, signal
        from alcoach.paths import database_path, ensure_home
        from alcoach.store import Store
        ensure_home()
        store = Store.open(database_path())
        session = store.create_session("prepare")
        store.add_turn(session.id, "member", "written just before the crash")
        os.kill(os.getpid(), signal.SIGKILL)
    """)
    run = subprocess.run([sys.executable, "-c", script], env=os.environ.copy(), timeout=60)
    assert run.returncode == -9
    store = Store.open(database_path())
    [session] = store.history()
    assert session["turns"][0]["text"] == "written just before the crash"


def test_a_corrupt_database_is_reported_and_left_untouched(alcoach_home):
    alcoach_home.mkdir(parents=True)
    path = database_path()
    junk = b"this is not sqlite at all\n" * 100
    path.write_bytes(junk)
    with pytest.raises(StoreError, match="left untouched"):
        Store.open(path)
    assert path.read_bytes() == junk


def test_a_locked_database_gives_a_clear_message_and_a_second_instance_works(alcoach_home, monkeypatch):
    from alcoach.store import database

    alcoach_home.mkdir(parents=True)
    path = database_path()
    first = Store.open(path)
    session = first.create_session("prepare")
    # A second instance opens the same file and sees the first one's work.
    second = Store.open(path)
    assert second.session(session.id).mode == "prepare"
    holder = sqlite3.connect(path, timeout=0.1)
    holder.execute("BEGIN EXCLUSIVE")
    monkeypatch.setattr(database, "BUSY_TIMEOUT_SECONDS", 0.2)
    second.db.conn.execute("PRAGMA busy_timeout = 200")
    try:
        with pytest.raises(StoreError, match="busy"):
            second.add_turn(session.id, "member", "my answer")
    finally:
        holder.rollback()
        holder.close()
    second.add_turn(session.id, "member", "my answer")
    assert [t.text for t in first.turns(session.id)] == ["my answer"]


def test_history_command_reports_a_corrupt_database(alcoach_home):
    alcoach_home.mkdir(parents=True)
    database_path().write_bytes(b"garbage" * 50)
    run = subprocess.run(
        [sys.executable, "-m", "alcoach", "history", "--json"], capture_output=True, text=True, timeout=60
    )
    assert run.returncode == 2
    assert "not a readable alcoach database" in run.stderr and "Traceback" not in run.stderr
    assert database_path().read_bytes() == b"garbage" * 50
