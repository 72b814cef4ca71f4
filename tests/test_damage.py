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
_C0 = {chr(c) for c in range(0x20) if chr(c) not in "\n\t"}
_ACTS_ON_A_TERMINAL = _C0 | {chr(c) for c in range(0x7F, 0xA0)}


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


@pytest.mark.parametrize(
    "paste",
    ["=" * 20_000, "\U0001f600" * 20_000, "#" * 7 + "ab" * 10_000, ". " * 10_000, "x! " * 7_000],
    ids=["one symbol", "one emoji", "no space", "empty sentences", "many words"],
)
def test_what_the_models_read_of_a_pathological_paste_is_bounded(paste):
    """The tokenizer's cost grows with the square of a run of one symbol or of a stretch
    with no space; the models' copy has neither, and a bounded number of words (the time
    itself is measured by `alcoach bench`)."""
    import re

    from alcoach.nlp.text import LONGEST_RUN, LONGEST_WORD, MAX_ANALYSED_UNITS, for_models

    read = for_models(paste)
    assert paste.startswith(read[:LONGEST_RUN])
    assert not re.search(rf"([^\w\s])\1{{{LONGEST_RUN},}}", read)
    assert max((len(word) for word in read.split()), default=0) <= LONGEST_WORD
    assert len(re.findall(r"\w+|[^\w\s]", read)) <= MAX_ANALYSED_UNITS


def test_forgetting_a_session_removes_its_text_where_it_was_copied(store):
    from alcoach.store.forget import forget_session

    first_line = "Nobody on nights reads the handover book"
    commitment = "I will ask Priya for the sickness figures by Friday."
    challenge = store.create_challenge(first_line)  # a scripted run titles it from the first answer
    made = store.create_session("prepare", challenge_id=challenge.id)
    store.add_turn(made.id, "member", f"{first_line}, and I end up redoing it.")
    store.add_turn(made.id, "member", commitment)
    store.add_commitment(made.id, commitment)
    later = store.create_session("reflect", challenge_id=challenge.id)
    store.add_turn(later.id, "coach", f"Last time you said: \u201c{commitment}\u201d\nHow did it go?")
    store.add_turn(later.id, "member", "It went better than I feared.")
    forget_session(store, made.id)
    kept = [turn.text for turn in store.turns(later.id)]
    assert all(commitment not in text for text in kept) and "It went better than I feared." in kept
    assert first_line not in store.challenge(challenge.id).title
    store.close()
    raw = database_path().read_bytes() + (
        Path(f"{database_path()}-wal").read_bytes() if Path(f"{database_path()}-wal").exists() else b""
    )
    assert b"Priya" not in raw and b"handover book" not in raw


def test_a_pipe_named_like_a_question_file_is_reported_not_waited_on(tmp_path):
    from alcoach.bank.loader import load_bank

    os.mkfifo(tmp_path / "pipe.yaml")
    bank = load_bank(folders=[tmp_path])
    said = [str(problem) for problem in bank.problems]
    assert any("pipe.yaml" in problem and "not a regular file" in problem for problem in said)


def test_an_unterminated_quote_is_reported_on_its_own_line(tmp_path):
    from alcoach.bank.yaml_lines import YamlFileError, load_yaml_with_lines

    broken = tmp_path / "broken.yaml"
    broken.write_text('questions:\n  - id: a\n    text: "What is\n  - id: b\n    text: b\n', encoding="utf-8")
    with pytest.raises(YamlFileError) as error:
        load_yaml_with_lines(broken)
    assert error.value.line == 3


def test_an_empty_database_file_is_started_afresh_and_said(alcoach_home):
    ensure_home()
    database_path().touch(mode=0o600)
    store = Store.open(database_path())
    try:
        assert any("empty file" in warning for warning in store.warnings)
        store.create_session("prepare")  # and it works as a new database
    finally:
        store.close()


def test_random_bytes_are_not_called_simply_encrypted(alcoach_home):
    ensure_home()
    database_path().write_bytes(os.urandom(8192))
    database_path().chmod(0o600)
    before = _sha(database_path())
    with pytest.raises(StoreError, match="damaged") as error:
        Store.open(database_path())
    assert "doctor" in str(error.value)
    assert _sha(database_path()) == before


def test_a_wrong_passphrase_leaves_a_leftover_log_and_the_file_as_they_were(tmp_path):
    pytest.importorskip("sqlcipher3")
    import subprocess
    import sys

    path = tmp_path / "secret.db"
    # A run that ended without closing its connection leaves its write-ahead log behind.
    writer = (
        "import os, sys\nfrom alcoach.store import Store\n"
        "store = Store.open(sys.argv[1], 'right horse')\nsession = store.create_session('prepare')\n"
        "[store.add_turn(session.id, 'member', f'answer {n}') for n in range(30)]\nos._exit(0)\n"
    )
    subprocess.run([sys.executable, "-c", writer, str(path)], check=True, timeout=120)
    log = Path(f"{path}-wal")
    before = (_sha(path), _sha(log))
    with pytest.raises(StoreError, match="left untouched"):
        Store.open(path, "wrong horse")
    assert (_sha(path), _sha(log)) == before
    store = Store.open(path, "right horse")
    try:
        assert len(store.turns(1)) == 30
    finally:
        store.close()


def test_serve_refuses_to_share_one_database_beyond_this_machine(alcoach_home):
    run = run_cli("serve", "--host", "0.0.0.0", "--port", "8765")
    assert run.returncode != 0
    assert "will not listen" in run.stderr and "own" in run.stderr and "Traceback" not in run.stderr


async def test_what_is_typed_while_the_coach_thinks_is_kept_on_its_own_line():
    import threading

    release = threading.Event()

    def slow_loader(bank):
        release.wait(30)
        return QuickCoach(bank)

    app = _prepare_app(coach_loader=slow_loader)
    async with app.run_test() as pilot:
        await pilot.pause()
        await _type_and_send(pilot, ANSWER)  # saved while the models load
        await _type_and_send(pilot, "And another thing")
        box = app.screen.query_one(AnswerBox)
        assert box.text == "And another thing\n"
        assert any("kept" in message for message in _messages(app))
        release.set()
        await _settle(app, pilot)
    assert ANSWER in _stored_texts() and "And another thing" not in _stored_texts()


@pytest.fixture
def small_disk(tmp_path):
    """A 2 MB file system of its own (needs root to mount; skipped elsewhere)."""
    import subprocess

    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount_point)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip("cannot mount a small file system here (needs root)")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


def test_a_full_or_read_only_disk_is_said_plainly_by_the_commands(small_disk, monkeypatch, tmp_path):
    import subprocess

    monkeypatch.setenv("ALCOACH_HOME", str(small_disk / "home"))
    ensure_home()
    store = Store.open(database_path())
    store.add_turn(store.create_session("prepare").id, "member", ANSWER)
    store.close()
    before = _sha(database_path())
    filler = small_disk / "filler"
    try:  # fill the disk to the last block
        with filler.open("wb") as file:
            while True:
                file.write(b"\0" * 4096)
                file.flush()
    except OSError:
        pass
    script = tmp_path / "answers.txt"
    script.write_text("The handover is a mess.\n" * 200, encoding="utf-8")
    for args in (("prepare", "--script", str(script)), ("forget", "--all", "--yes")):
        run = run_cli(*args)
        assert run.returncode != 0, args
        assert "Traceback" not in run.stderr and ("full" in run.stderr or "written" in run.stderr), run.stderr
    filler.unlink()
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    run = run_cli("prepare", "--script", str(script))
    assert run.returncode != 0 and "Traceback" not in run.stderr, run.stderr
    assert "read-only" in run.stderr or "cannot" in run.stderr.lower(), run.stderr
    assert _sha(database_path()) == before  # nothing was half-written into it
