"""A busy, full, read-only or damaged database, terminal escapes, permissions (issue 17).

Each case is the reproduction a tester used: the answer being sent is kept, a damaged file's
bytes are unchanged, no traceback reaches the member, and the message says what happened.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import stat
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alcoach import cli
from alcoach.paths import database_path, ensure_home, write_private
from alcoach.store import Store, StoreError
from alcoach.store.database import StoreDamaged
from alcoach.tui.screens.error import ErrorScreen
from alcoach.tui.screens.session import SessionScreen
from alcoach.tui.widgets.answer_box import AnswerBox
from tests.conftest import run_cli
from tests.test_app import QuickCoach, _prepare_app, _settle, _stored_texts, quick_loader

ANSWER = "My manager keeps moving the deadline and I assume she doesn't trust me."
SECRET_TITLE = "The rota on my ward"  # _prepare_app's challenge


@pytest.fixture
def quick_busy(monkeypatch):
    """A busy file is reported after 0.2 s instead of the app's 5 s."""
    monkeypatch.setattr("alcoach.store.database.BUSY_TIMEOUT_SECONDS", 0.2)


def _hold_write_lock() -> sqlite3.Connection:
    """Another program writing to the member's database."""
    other = sqlite3.connect(database_path(), isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    return other


def _messages(app) -> list[str]:
    return [str(notification.message) for notification in app._notifications]


async def _type_and_send(pilot, text: str) -> None:
    if text:
        pilot.app.screen.query_one(AnswerBox).insert(text)
    await pilot.press("enter")
    await pilot.pause()


async def test_a_busy_database_keeps_the_answer_in_its_box_and_saves_it_on_enter(quick_busy):
    app = _prepare_app(coach_loader=quick_loader)
    async with app.run_test() as pilot:
        await _settle(app, pilot)
        other = _hold_write_lock()
        await _type_and_send(pilot, ANSWER)
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)  # the app is still running
        assert app.screen.query_one(AnswerBox).text == ANSWER
        assert any("busy" in message and "lost" in message for message in _messages(app))
        assert not any(ANSWER in message for message in _messages(app))
        other.rollback()
        other.close()
        await _type_and_send(pilot, "")
        await _settle(app, pilot)
        assert app.screen.query_one(AnswerBox).text == ""
        assert ANSWER in _stored_texts()


class LockedWhileThinking(QuickCoach):
    """Another program takes the write lock after the answer is saved, while the coach
    reads it; it lets go when the test says so."""

    other: sqlite3.Connection | None = None

    def analyse(self, text):
        if LockedWhileThinking.other is None:
            LockedWhileThinking.other = _hold_write_lock()
        return super().analyse(text)


async def test_a_lock_that_starts_after_the_answer_is_saved_is_said_and_retried(quick_busy):
    LockedWhileThinking.other = None
    app = _prepare_app(coach_loader=LockedWhileThinking)
    async with app.run_test() as pilot:
        await _settle(app, pilot)
        questions = len(app.screen.query(".coach"))
        await _type_and_send(pilot, ANSWER)
        await _settle(app, pilot)
        assert isinstance(app.screen, SessionScreen)
        assert ANSWER in _stored_texts()
        assert any("busy" in message for message in _messages(app))
        assert len(app.screen.query(".coach")) == questions  # nothing asked yet
        LockedWhileThinking.other.rollback()
        LockedWhileThinking.other.close()
        await _type_and_send(pilot, "")  # Enter asks for the reply again
        await _settle(app, pilot)
        assert len(app.screen.query(".coach")) == questions + 1


def test_a_full_disk_and_a_read_only_file_are_said_plainly_and_lose_nothing(store):
    session = store.create_session("prepare")
    pages = store.db.execute("PRAGMA page_count").fetchone()[0]
    store.db.execute(f"PRAGMA max_page_count = {pages}")  # as if the disk had filled up
    with pytest.raises(StoreError, match="disk is full") as full:
        store.add_turn(session.id, "member", ANSWER * 500)
    assert ANSWER not in str(full.value)
    store.db.execute("PRAGMA max_page_count = 1073741823")
    store.db.execute("PRAGMA query_only = ON")  # as if the file could not be written
    with pytest.raises(StoreError, match="read-only"):
        store.add_turn(session.id, "member", ANSWER)
    store.db.execute("PRAGMA query_only = OFF")
    store.add_turn(session.id, "member", ANSWER)  # and it works again once it can
    assert [turn.text for turn in store.turns(session.id)] == [ANSWER]


def test_forget_on_a_busy_database_says_so_without_a_traceback(alcoach_home):
    ensure_home()
    store = Store.open(database_path())
    store.add_turn(store.create_session("prepare").id, "member", ANSWER)
    store.close()
    other = _hold_write_lock()
    try:
        run = run_cli("forget", "--all", "--yes")
    finally:
        other.rollback()
        other.close()
    assert run.returncode != 0
    assert "busy" in run.stderr and "Traceback" not in run.stderr


def _damaged_home() -> tuple[Path, str]:
    """A database with a session of many answers whose fourth page is random bytes."""
    ensure_home()
    store = Store.open(database_path())
    challenge = store.create_challenge(SECRET_TITLE)
    session = store.create_session("prepare", challenge_id=challenge.id)
    for number in range(300):
        store.add_turn(session.id, "member", f"answer {number}: " + "the handover again " * 12)
    store.close()
    path = database_path()
    with path.open("r+b") as file:
        file.seek(4096 * 3)
        file.write(bytes(range(256)) * 16)
    return path, hashlib.sha256(path.read_bytes()).hexdigest()


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_damage_past_the_first_page_is_found_and_nothing_is_written_into_it(alcoach_home, tmp_path):
    path, before = _damaged_home()
    with pytest.raises(StoreDamaged):
        Store.open(path)
    script = tmp_path / "answers.txt"
    script.write_text("My challenge is the handover.\n", encoding="utf-8")
    for args in (("prepare", "--script", str(script)), ("history",), ("forget", "--all", "--yes")):
        run = run_cli(*args)
        assert run.returncode != 0, args
        assert "damaged" in run.stderr and "Traceback" not in run.stderr, run.stderr
    assert _sha(path) == before
    doctor = run_cli("doctor")
    assert doctor.returncode != 0 and "damaged" in doctor.stdout
    recovered = tmp_path / "recovered.db"
    rescue = run_cli("doctor", "--recover", str(recovered))
    assert rescue.returncode == 0, rescue.stderr
    assert _sha(path) == before  # the doctor only reads it
    copy = Store.open(recovered)
    try:
        texts = [row["text"] for row in copy.db["turns"].rows]
    finally:
        copy.close()
    assert len(texts) >= 200 and all(text.startswith("answer ") for text in texts)


async def test_the_app_on_a_damaged_database_says_so_and_shows_none_of_its_text(alcoach_home):
    path, before = _damaged_home()
    from alcoach.tui.app import make_app

    app = make_app(coach_loader=quick_loader)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ErrorScreen)
        shown = " ".join(str(widget.render()) for widget in app.screen.query("Static"))
        assert "damaged" in shown and SECRET_TITLE not in shown
    assert _sha(path) == before


# Every control character and escape a terminal acts on, among ordinary text.
_CONTROL = st.sampled_from(["\x1b]0;title\x07", "\x1b[2J", "\x9b31m", "\x07", "\r", "\x08", "\x00", "\u202e"])
_TEXT = st.lists(st.one_of(st.text(min_size=1, max_size=12), _CONTROL), min_size=1, max_size=6).map("".join)
_ACTS_ON_A_TERMINAL = {chr(c) for c in range(0x20) if chr(c) not in "\n\t"} | {chr(c) for c in range(0x7F, 0xA0)}


def _outputs(capsys, session_id: int) -> list[str]:
    printed = []
    for args in (
        ["history"],
        ["history", "--json"],
        ["export", str(session_id)],
        ["export", str(session_id), "--format", "json"],
        ["search", "handover"],
    ):
        cli.main(args)
        printed.append(capsys.readouterr().out)
    return printed


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=_TEXT)
def test_no_output_path_lets_member_text_drive_the_terminal(alcoach_home, capsys, text):
    ensure_home()
    store = Store.open(database_path())
    try:
        challenge = store.create_challenge(text)
        session = store.create_session("prepare", challenge_id=challenge.id)
        store.add_turn(session.id, "member", f"the handover {text}")
    finally:
        store.close()
    for printed in _outputs(capsys, session.id):
        assert not set(printed) & _ACTS_ON_A_TERMINAL, repr(printed[:200])
    for printed in _outputs(capsys, session.id)[1::2]:
        json.loads(printed)  # JSON stays JSON


def test_a_link_to_a_missing_database_creates_it_private_and_a_link_out_is_refused(alcoach_home, tmp_path):
    home = ensure_home()
    (home / "real.db").unlink(missing_ok=True)
    database_path().symlink_to(home / "real.db")
    Store.open(database_path()).close()
    for name in ("real.db", "real.db-wal", "real.db-shm"):
        if (home / name).exists():
            assert stat.S_IMODE((home / name).stat().st_mode) == 0o600, name
    database_path().unlink()
    database_path().symlink_to(tmp_path / "elsewhere.db")
    with pytest.raises(StoreError, match="outside"):
        Store.open(database_path())
    assert not (tmp_path / "elsewhere.db").exists()


def test_a_database_others_can_read_is_warned_about_with_the_fix(alcoach_home):
    ensure_home()
    Store.open(database_path()).close()
    database_path().chmod(0o644)
    store = Store.open(database_path())
    try:
        assert any("chmod 600" in warning for warning in store.warnings)
    finally:
        store.close()
    run = run_cli("history")
    assert run.returncode == 0 and "chmod 600" in run.stderr


def test_files_alcoach_writes_are_private_whatever_the_umask(tmp_path):
    old = os.umask(0)
    try:
        existing = tmp_path / "export.md"
        existing.write_text("old", encoding="utf-8")
        existing.chmod(0o644)
        write_private(existing, "new")
        write_private(tmp_path / "cache" / "vectors.npy", b"\x93NUMPY", atomic=True)
    finally:
        os.umask(old)
    assert stat.S_IMODE(existing.stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "cache" / "vectors.npy").stat().st_mode) == 0o600
    assert not list((tmp_path / "cache").glob("*.tmp"))


async def test_the_app_closes_its_database_on_quit(alcoach_home):
    app = _prepare_app(coach_loader=quick_loader)
    async with app.run_test() as pilot:
        await _settle(app, pilot)
        await _type_and_send(pilot, ANSWER)
        await _settle(app, pilot)
        assert Path(f"{database_path()}-wal").exists()
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert not Path(f"{database_path()}-wal").exists()
    assert ANSWER in _stored_texts()
