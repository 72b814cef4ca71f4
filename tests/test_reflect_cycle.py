"""Prepare, act, reflect: challenges, commitments and their status, scripted runs, exports."""

from __future__ import annotations

import json
import os
import stat

import pytest

from alcoach.coach.commitments import read_status
from alcoach.coach.export import ExportError, export_session, to_markdown
from alcoach.paths import database_path
from alcoach.store import Store
from tests.conftest import run_cli

PREPARE = [
    "Night handover on my ward runs forty minutes over and the day staff are fed up.",
    "The consultants have already decided I'm not up to running the ward.",
    "Two nurses asked to move to days and the bank budget is frozen.",
    "It matters because patients wait for pain relief while we talk.",
    "I feel anxious every Sunday night.",
    "I should be able to sort this out on my own.",
    "If I change it they'll say I'm cutting corners.",
    "Maybe the day team see it differently, I've never asked them.",
    "I'd like the set to ask me what I'm avoiding.",
    "I will talk to the day sister on Tuesday about a shorter handover sheet.",
]
REFLECT = [
    "I only got as far as emailing her; we haven't met yet.",
    "She replied within the hour, which surprised me.",
    "She agreed the handover is too long.",
    "Relieved, and a bit silly for waiting so long.",
    "I assumed she'd defend the old way and she didn't.",
    "I wait too long before asking for help.",
    "The ward runs on unwritten rules nobody chose.",
    "I'm going to meet her on Monday and draft the new sheet together.",
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I will ring the facilities manager first thing tomorrow.", 1),
        ("Next week I'm going to sit in on the night handover. Then we'll see.", 1),
        ("I've booked a slot with my sponsor for Thursday.", 1),
        ("I'll send her the figures by Friday, and I'll ask for half an hour to go through them.", 2),
        ("I think I'll probably raise it with him on Monday.", 1),
        ("I'd like to fix it one day.", 0),
        ("Maybe I'll mention it if I get the chance.", 0),
        ("I won't be bullied into it.", 0),
        ("The team just assume I'll fix it.", 0),
        ("I'll be the one picking up the pieces again.", 0),
        ("I'm gonna end up working weekends to cover it.", 0),
        ("If he does it again I'll have to say something.", 0),
        ("She's going to restructure the rota in March.", 0),
        ("Should I go to HR?", 0),
        ("I'll probably just keep doing it myself.", 0),
    ],
)
def test_commitments_are_decisions_in_the_members_words(analyser, text, expected):
    found = [c.source for c in analyser.analyse(text).heard.commitments]
    assert len(found) == expected, found
    assert all(words in text for words in found)


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("Yes, I spoke to her on the Wednesday in the end.", "done"),
        ("I made a start but didn't finish the sheet.", "partly"),
        ("I didn't speak to her; I went to the matron instead.", "changed"),
        ("I decided not to, the timing was wrong.", "dropped"),
        ("Haven't got round to it yet.", "open"),
        ("It was a busy week.", None),
        ("I didn't.", None),  # dropped, or not yet? asked, not guessed
    ],
)
def test_status_is_read_only_where_it_is_clear(text, status):
    assert read_status(text) == status


def _script(tmp_path, name, lines):
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def test_prepare_then_reflect_opens_with_the_commitment(tmp_path):
    run = run_cli("prepare", "--script", _script(tmp_path, "p.txt", PREPARE), "--json", "--seed", "3")
    assert run.returncode == 0, run.stderr
    prepared = json.loads(run.stdout)
    assert set(prepared) >= {"session", "turns", "commitments"}
    for turn in prepared["turns"]:
        assert set(turn) == {"speaker", "text", "question_id", "labels"}
        assert turn["speaker"] in ("coach", "member")
    members = [t["text"] for t in prepared["turns"] if t["speaker"] == "member"]
    assert members == PREPARE  # nothing lost, in order
    assert PREPARE[-1] in prepared["commitments"]

    run = run_cli("reflect", "--script", _script(tmp_path, "r.txt", REFLECT), "--json", "--seed", "3")
    assert run.returncode == 0, run.stderr
    reflected = json.loads(run.stdout)
    opening = reflected["turns"][0]
    assert opening["speaker"] == "coach" and PREPARE[-1] in opening["text"]
    assert "I'm going to meet her on Monday and draft the new sheet together." in reflected["commitments"]
    store = Store.open(database_path())
    try:
        first = store.commitments(session_id=prepared["session"])
        assert [c.status for c in first] == ["partly"]  # from "I only got as far as emailing her"
        assert {s.challenge_id for s in store.sessions()} == {prepared["challenge"]}
    finally:
        store.close()


def test_reflect_with_no_challenge_says_so(tmp_path):
    run = run_cli("reflect", "--script", _script(tmp_path, "r.txt", REFLECT), "--json")
    assert run.returncode != 0 and "prepare" in run.stderr and "Traceback" not in run.stderr


def test_unclear_status_is_asked_then_recorded(store, coach, builtin_bank):
    from alcoach.coach.commitments import STATUS_CHECK
    from alcoach.coach.manager import SessionManager

    manager = SessionManager(store, builtin_bank, coach)
    challenge = store.create_challenge("Handover")
    prepare, _ = manager.start("prepare", seed=1, challenge_id=challenge.id)
    commitment = store.add_commitment(prepare.id, "I will talk to the day sister on Tuesday.")
    session, opening = manager.start("reflect", seed=1, challenge_id=challenge.id)
    assert commitment.text in opening.text
    manager.record_answer(session.id, "It was a strange week.")
    assert manager.respond(session.id).turn.text == STATUS_CHECK
    manager.record_answer(session.id, "done")
    manager.respond(session.id)
    assert store.commitments(challenge_id=challenge.id, status="done")[0].id == commitment.id


def test_export_presenting_statement_and_report_back(tmp_path):
    run_cli("prepare", "--script", _script(tmp_path, "p.txt", PREPARE), "--json", "--seed", "3")
    run_cli("reflect", "--script", _script(tmp_path, "r.txt", REFLECT), "--json", "--seed", "3")
    store = Store.open(database_path())
    try:
        prepare_id, reflect_id = sorted(s.id for s in store.sessions())
        statement = export_session(store, prepare_id)
        assert statement.title.startswith("Presenting statement")
        assert PREPARE[0] in statement.sections["challenge"]
        assert "patterns" not in statement.sections  # private unless the member adds them
        report = export_session(store, reflect_id, ["commitment", "learned"])
        assert list(report.sections) == ["commitment", "learned"]
        assert "(now: partly)" in report.sections["commitment"][0]
        assert "## What I learned" in to_markdown([report])
        with pytest.raises(ExportError):
            export_session(store, reflect_id, ["want_from_set"])
    finally:
        store.close()
    out = tmp_path / "for-my-set.md"
    run = run_cli("export", str(prepare_id), "--output", str(out))
    assert run.returncode == 0, run.stderr
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600
    assert "# Presenting statement for my set" in out.read_text(encoding="utf-8")
    run = run_cli("export", "--challenge", "1", "--format", "json", "--include", "next_step")
    exported = json.loads(run.stdout)
    assert [item["kind"] for item in exported] == ["prepare", "reflect"]
    assert all(list(item["sections"]) == ["next_step"] for item in exported)
    assert run_cli("export", "999").returncode != 0


def test_reflect_without_an_open_commitment_opens_once(store, coach, builtin_bank):
    from alcoach.coach.manager import NO_COMMITMENT_OPENING, SessionManager

    manager = SessionManager(store, builtin_bank, coach)
    challenge = store.create_challenge("Handover")
    session, opening = manager.start("reflect", seed=1, challenge_id=challenge.id)
    assert opening.text == NO_COMMITMENT_OPENING and manager.why(session.id)
    manager.record_answer(session.id, "I spoke to the night team about the handover sheet.")
    following = manager.respond(session.id).turn
    assert following is not None and following.stage != "opening"  # not a second opening
