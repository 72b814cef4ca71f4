"""The command line: documented commands, the history contract, clear errors."""

from __future__ import annotations

import json
import subprocess
import sys

from alcoach.cli import build_parser
from alcoach.paths import database_path, ensure_home
from alcoach.store import Store


def _run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "alcoach", *args], input=stdin, capture_output=True, text=True, timeout=300
    )


def test_every_command_has_help_text():
    parser = build_parser()
    commands = parser._subparsers._group_actions[0]  # argparse keeps them here
    names = set(commands.choices)
    assert {"prepare", "analyse", "ask", "history", "bank"} <= names
    for action in commands._choices_actions:
        assert action.help, action.dest
    for name, command in commands.choices.items():
        assert command.description, f"`alcoach {name} --help` does not say what it does"


def test_history_json_lists_sessions_with_turns():
    ensure_home()
    store = Store.open(database_path())
    session = store.create_session("prepare")
    store.add_turn(session.id, "coach", "What would you like to bring today?")
    store.add_turn(session.id, "member", "The handover. [bold]Again[/bold] 😀")
    store.close()
    run = _run("history", "--json")
    assert run.returncode == 0, run.stderr
    [entry] = json.loads(run.stdout)
    assert {"id", "mode", "started", "turns"} <= set(entry)
    assert entry["mode"] == "prepare"
    assert [t["text"] for t in entry["turns"]][-1] == "The handover. [bold]Again[/bold] 😀"
    assert all(set(t) == {"speaker", "text", "at"} for t in entry["turns"])


def test_history_on_a_fresh_home_is_empty():
    run = _run("history", "--json")
    assert run.returncode == 0 and json.loads(run.stdout) == []


def test_analyse_without_text_says_what_to_do():
    run = _run("analyse")
    assert run.returncode == 2 and "--jsonl" in run.stderr


def test_a_session_on_an_unknown_challenge_is_refused_before_anything_is_made():
    for mode in ("prepare", "reflect"):
        run = _run(mode, "--challenge", "99")
        assert run.returncode != 0 and "There is no challenge 99" in run.stderr, run.stderr
        assert "Traceback" not in run.stderr
    assert json.loads(_run("history", "--json").stdout) == []


def test_history_keeps_a_turn_of_several_lines_in_its_column():
    ensure_home()
    store = Store.open(database_path())
    session = store.create_session("prepare")
    store.add_turn(session.id, "member", "First line.\nSecond line.")
    store.close()
    run = _run("history")
    assert run.returncode == 0, run.stderr
    assert "  You    First line.\n         Second line.\n" in run.stdout
