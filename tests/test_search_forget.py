"""Searching the member's own answers, and forgetting sessions so the text leaves the file."""

from __future__ import annotations

import io
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from alcoach.paths import database_path
from alcoach.store import Store, StoreError
from alcoach.store.forget import (
    forget_all,
    forget_challenge,
    forget_session,
    preview_challenge,
    preview_session,
)
from alcoach.store.search import search
from tests.conftest import run_cli

SECRET = b"zebracorn-4711"
SECRET_TOKEN = b"zebracorn"  # what the FTS5 index keeps of it
KEPT = b"unicornfish-0815"


def _file_bytes() -> bytes:
    """The database file and its -wal file, as they are on disk."""
    path = database_path()
    wal = path.with_name(path.name + "-wal")
    return path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


def _two_sessions(store: Store) -> tuple[int, int]:
    """A session with the secret (and a commitment and feedback), and one with text to keep."""
    secret = store.create_session("prepare")
    question = store.add_turn(secret.id, "coach", "What would you like to bring?", question_id="open-01")
    store.add_turn(secret.id, "member", "The zebracorn-4711 rotas keep clashing\nand nobody owns them.")
    store.add_feedback(question, "useful")
    store.add_commitment(secret.id, "Ask about zebracorn-4711 on Monday")
    kept = store.create_session("reflect")
    store.add_turn(kept.id, "coach", "What happened with the rota?")
    store.add_turn(kept.id, "member", "The unicornfish-0815 rota went out on time.")
    return secret.id, kept.id


# Search.


def test_search_finds_a_word_and_its_stem(store):
    session = store.create_session("prepare")
    store.add_turn(session.id, "member", "The rotas keep clashing.")
    store.add_turn(session.id, "member", "I organised a meeting about the rota.")
    assert len(search(store, "rota")) == 2
    assert len(search(store, "rotas")) == 2
    [hit] = search(store, "organising")
    assert hit.text == "I organised a meeting about the rota."
    assert search(store, "timetable") == []


def test_search_is_only_the_members_answers(store):
    session = store.create_session("prepare")
    store.add_turn(session.id, "coach", "What would you like to say about the rota?")
    answer = store.add_turn(session.id, "member", "The rota is unfair.")
    hits = search(store, "rota")
    assert [hit.turn_id for hit in hits] == [answer.id]
    assert search(store, "would like") == []  # words only the coach used


def test_a_hit_carries_its_session_and_a_plain_marked_snippet(store):
    session = store.create_session("prepare")
    store.add_turn(session.id, "member", "Honestly the rotas are a mess [bold]every[/bold] week.")
    [hit] = search(store, "rota")
    assert (hit.session_id, hit.mode, hit.started) == (session.id, "prepare", session.started)
    assert hit.text == "Honestly the rotas are a mess [bold]every[/bold] week."
    assert "«rotas»" in hit.snippet
    assert "[bold]every[/bold]" in hit.snippet  # the member's text as written, markers plain


def test_every_word_must_appear_and_the_best_match_comes_first(store):
    session = store.create_session("prepare")
    store.add_turn(session.id, "member", "The rota.")
    busy = store.add_turn(session.id, "member", "Rota, rota, rota: the rota again and the sponsor.")
    assert [hit.turn_id for hit in search(store, "rota sponsor")] == [busy.id]
    assert search(store, "rota", limit=1)[0].turn_id == busy.id
    assert search(store, "rota", limit=0) == []


@pytest.mark.parametrize(
    "term",
    ['"', '""', 'rota"', "AND OR", "NOT", "*", "rota*", "NEAR(", "NEAR(rota mess)", "(", ")", "text:rota",
     "-rota", "^rota", "rota + mess", "[bold]", "[/bold]", "😀", "😀😀 🎉", "x" * 1000, "\x00", "\udcff",
     "'; drop table turns; --", "{text}: rota"],
)  # fmt: skip
def test_hostile_terms_never_break_the_query(store, term):
    session = store.create_session("prepare")
    store.add_turn(session.id, "member", "The rota is a mess and OR [bold] NOT text")
    hits = search(store, term)
    assert isinstance(hits, list)
    assert store.turns(session.id)  # nothing was dropped


def test_hostile_terms_are_searched_as_plain_words(store):
    session = store.create_session("prepare")
    plain = store.add_turn(session.id, "member", "Either this AND that OR neither, said [bold] Sam.")
    store.add_turn(session.id, "member", "Something else entirely.")
    assert [hit.turn_id for hit in search(store, "AND OR")] == [plain.id]
    assert [hit.turn_id for hit in search(store, "[bold]")] == [plain.id]
    assert [hit.turn_id for hit in search(store, '"neither"')] == [plain.id]
    assert [hit.turn_id for hit in search(store, "neither 😀")] == [plain.id]  # emoji ignored
    assert [hit.turn_id for hit in search(store, ("neither " * 125).strip())] == [plain.id]  # 999 chars
    assert search(store, "*") == []
    assert search(store, "😀") == []


@pytest.mark.parametrize("term", ["", "   ", "\n\t"])
def test_an_empty_term_finds_nothing(store, term):
    session = store.create_session("prepare")
    store.add_turn(session.id, "member", "The rota.")
    assert search(store, term) == []


# Forgetting.


def test_a_forgotten_session_is_gone_from_the_file_and_the_wal(store):
    secret, kept = _two_sessions(store)
    store.close()
    before = _file_bytes()
    assert SECRET in before and SECRET_TOKEN in before and KEPT in before  # the check can fail

    store = Store.open(database_path())
    removal = forget_session(store, secret)
    assert (removal.sessions, removal.turns, removal.commitments, removal.question_feedback) == (1, 2, 1, 1)
    assert removal.scrubbed
    while_open = _file_bytes()  # the -wal file still exists while the store is open
    assert SECRET_TOKEN not in while_open
    store.close()
    after = _file_bytes()
    assert SECRET_TOKEN not in after and SECRET not in after
    assert KEPT in after

    store = Store.open(database_path())
    try:
        assert search(store, "zebracorn") == []
        assert [hit.session_id for hit in search(store, "unicornfish")] == [kept]
        assert [s.id for s in store.sessions()] == [kept]
        assert store.feedback() == []
        assert store.commitments() == []
    finally:
        store.close()


def test_forgetting_a_session_keeps_what_was_not_made_in_it(store):
    earlier = store.create_session("prepare")
    store.add_turn(earlier.id, "member", "Earlier answer")
    kept = store.add_commitment(earlier.id, "Talk to the sponsor")
    review = store.create_session("reflect")
    store.add_turn(review.id, "member", "I did talk to them.")
    store.set_commitment_status(kept.id, "done", session_id=review.id)

    assert preview_session(store, review.id).first_answer == "I did talk to them."
    removal = forget_session(store, review.id)
    assert (removal.sessions, removal.turns, removal.commitments) == (1, 1, 0)
    [commitment] = store.commitments()
    assert (commitment.id, commitment.status) == (kept.id, "done")
    row = store.db["commitments"].get(kept.id)
    assert row["status_session_id"] is None  # no link to a session that no longer exists
    assert [t.text for t in store.turns(earlier.id)] == ["Earlier answer"]


def test_forgetting_a_challenge_removes_its_sessions_and_commitments(store):
    challenge = store.create_challenge("The rota", context="zebracorn-4711 team")
    inside = store.create_session("prepare", challenge_id=challenge.id)
    store.add_turn(inside.id, "member", "zebracorn-4711 again\nmore")
    store.add_commitment(inside.id, "Fix the rota")
    outside = store.create_session("prepare")
    store.add_turn(outside.id, "member", "unicornfish-0815 elsewhere")

    preview = preview_challenge(store, challenge.id)
    assert (preview.challenge_title, preview.first_answer) == ("The rota", "zebracorn-4711 again")
    removal = forget_challenge(store, challenge.id)
    assert (removal.challenges, removal.sessions, removal.turns, removal.commitments) == (1, 1, 1, 1)
    assert store.challenges() == []
    assert [s.id for s in store.sessions()] == [outside.id]
    store.close()
    data = _file_bytes()
    assert SECRET_TOKEN not in data and KEPT in data


def test_forgetting_everything_leaves_a_working_empty_database(store):
    _two_sessions(store)
    challenge = store.create_challenge("The rota")
    store.create_session("prepare", challenge_id=challenge.id)
    practice = store.create_practice("new-manager")
    store.add_practice_turn(practice, "What would help?", "open", [], "zebracorn-4711", None)

    removal = forget_all(store)
    assert (removal.sessions, removal.turns, removal.challenges, removal.practice_turns) == (3, 4, 1, 1)
    for table in ("sessions", "turns", "challenges", "commitments", "question_feedback",
                  "practice_sessions", "practice_turns"):  # fmt: skip
        assert store.db[table].count == 0, table
    assert store.db["_sqlite_migrations"].count >= 3

    session = store.create_session("prepare")
    store.add_turn(session.id, "member", "A fresh start with the rota.")
    assert [hit.session_id for hit in search(store, "rota")] == [session.id]
    store.close()
    assert SECRET_TOKEN not in _file_bytes()


def test_a_reader_holding_the_file_is_reported_not_an_error(store):
    secret, kept = _two_sessions(store)
    store.db.execute("pragma busy_timeout = 50")  # the default five seconds, twice, is slow
    reader = sqlite3.connect(database_path(), isolation_level=None)
    try:
        reader.execute("begin")
        reader.execute("select count(*) from turns").fetchall()  # a read transaction, left open
        removal = forget_session(store, secret)
    finally:
        reader.close()
    assert not removal.scrubbed  # the rows are gone, but old pages may remain: the CLI says so
    assert [s.id for s in store.sessions()] == [kept]
    assert search(store, "zebracorn") == []


def test_unknown_ids_are_a_clear_error_and_remove_nothing(store):
    session = store.create_session("prepare")
    store.add_turn(session.id, "member", "Keep me")
    with pytest.raises(StoreError, match="no session 99"):
        forget_session(store, 99)
    with pytest.raises(StoreError, match="no challenge 7"):
        forget_challenge(store, 7)
    assert [t.text for t in store.turns(session.id)] == ["Keep me"]


# The command line.


def _forget_with_stdin(*args: str, stdin: str) -> subprocess.CompletedProcess[str]:
    """`alcoach forget ARGS…` with stdin a pipe, not a terminal."""
    return subprocess.run(
        [sys.executable, "-m", "alcoach", "forget", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_cli_search_prints_hits_newest_first(store):
    secret, kept = _two_sessions(store)
    store.close()
    run = run_cli("search", "rota", "--json")
    assert run.returncode == 0, run.stderr
    hits = json.loads(run.stdout)
    assert [hit["session"] for hit in hits] == [kept, secret]
    assert set(hits[0]) == {"session", "turn", "mode", "started", "text", "snippet"}
    assert hits[0]["text"] == "The unicornfish-0815 rota went out on time."
    assert "«rota»" in hits[0]["snippet"]

    run = run_cli("search", "rota")
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert len(lines) == 2
    assert "reflect" in lines[0] and "«rota»" in lines[0]
    assert "prepare" in lines[1] and "«rotas»" in lines[1]

    run = run_cli("search", "rota", "--limit", "1")
    assert run.returncode == 0, run.stderr
    newest, more = run.stdout.splitlines()
    assert "reflect" in newest and "1 older" in more
    limited = json.loads(run_cli("search", "rota", "--json", "--limit", "1").stdout)
    assert [hit["session"] for hit in limited] == [kept]


def test_cli_search_without_hits_says_so(store):
    store.close()
    run = run_cli("search", "timetable")
    assert (run.returncode, run.stderr) == (0, "")
    assert "None of your answers" in run.stdout
    assert json.loads(run_cli("search", 'NEAR("', "--json").stdout) == []


def test_cli_forget_with_yes(store):
    secret, kept = _two_sessions(store)
    store.close()
    run = run_cli("forget", str(secret), "--yes")
    assert run.returncode == 0, run.stderr
    assert "The zebracorn-4711 rotas keep clashing" in run.stdout  # the first line, to recognise it
    assert "and nobody owns them" not in run.stdout
    assert "2 turns" in run.stdout
    assert SECRET_TOKEN not in _file_bytes()
    assert [hit["session"] for hit in json.loads(run_cli("search", "rota", "--json").stdout)] == [kept]


def test_cli_forget_refuses_without_a_terminal_or_yes(store):
    secret, _ = _two_sessions(store)
    store.close()
    run = _forget_with_stdin(str(secret), stdin="forget\n")
    assert run.returncode == 2
    assert "--yes" in run.stderr and "Nothing was removed" in run.stderr
    store = Store.open(database_path())
    try:
        assert len(store.sessions()) == 2
        assert search(store, "zebracorn")
    finally:
        store.close()


def test_cli_forget_an_unknown_session(store):
    store.close()
    run = run_cli("forget", "99", "--yes")
    assert run.returncode == 2
    assert "no session 99" in run.stderr


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(("answer", "code", "left"), [("no", 1, 2), ("", 1, 2), ("forget", 0, 1)])
def test_cli_forget_asks_for_the_word(store, monkeypatch, capsys, answer, code, left):
    from alcoach.cli import main

    secret, _ = _two_sessions(store)
    store.close()
    monkeypatch.setattr(sys, "stdin", _Terminal())
    prompts: list[str] = []
    monkeypatch.setattr("builtins.input", lambda prompt="": prompts.append(prompt) or answer)
    assert main(["forget", str(secret)]) == code
    assert len(prompts) == 1 and "forget" in prompts[0]
    if code:
        assert "nothing was removed" in capsys.readouterr().out
    store = Store.open(database_path())
    try:
        assert len(store.sessions()) == left
    finally:
        store.close()


def test_cli_forget_all_on_an_empty_database(store):
    store.close()
    run = run_cli("forget", "--all", "--yes")
    assert run.returncode == 0, run.stderr
    assert "nothing to forget" in run.stdout
    assert Path(database_path()).exists()
