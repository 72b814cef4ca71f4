"""A whole session run from a list of answers, without the app (`prepare|reflect --script`).

Stored exactly like a session in the app, so a facilitator can check a bank, and the tests
can drive the real coach end to end.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from alcoach.bank.support import CONTINUE, POSSIBLE
from alcoach.coach.manager import SessionManager
from alcoach.store.repository import COACH, ChallengeRecord

TITLE_CHARS = 80


class NoChallenge(RuntimeError):
    """A reflect run with no challenge to reflect on."""


@dataclass(frozen=True)
class ScriptChallenge:
    id: int
    titled_from_answers: bool  # made here from the first answer, so not yet "named" by the member


def challenge_for(
    manager: SessionManager, mode: str, challenge_id: int | None, answers: list[str]
) -> ScriptChallenge:
    """The challenge a scripted session belongs to: the one named; for prepare, otherwise a
    new one titled from the first answer; for reflect, the member's latest."""
    store = manager.store
    if challenge_id is not None:
        return ScriptChallenge(store.challenge(challenge_id).id, False)
    if mode == "prepare":
        first = next((answer.strip() for answer in answers if answer.strip()), "My challenge")
        title = first.splitlines()[0][:TITLE_CHARS]
        return ScriptChallenge(store.create_challenge(title).id, True)
    latest: list[ChallengeRecord] = store.challenges()
    if not latest:
        raise NoChallenge("There is no challenge to reflect on yet: run `alcoach prepare` first.")
    return ScriptChallenge(latest[0].id, False)


def run_script(
    manager: SessionManager,
    mode: str,
    answers: list[str],
    challenge: ScriptChallenge,
    seed: int | None = None,
    show_support: bool = False,
) -> dict[str, Any]:
    """Answer each question with the next line; stop when the answers or the flow run out.
    After an answer that raises a safety concern the script goes on, as a member choosing
    to go on would: with `show_support` the support is said first, as the app shows it."""
    session, _ = manager.start(
        mode, seed=seed, challenge_id=challenge.id, quote_title=not challenge.titled_from_answers
    )
    notes: dict[int | None, str] = {}  # said before the coach turn with this id (None: at the end)
    for answer in answers:
        manager.record_answer(session.id, answer)
        reply = manager.respond(session.id)
        support = ""
        if reply.concern:
            support = manager.support.as_text(reply.safety_level or POSSIBLE) if show_support else ""
            reply = manager.after_concern(session.id, CONTINUE)
        said = [text for text in (reply.note, support) if text]
        if said:
            notes[reply.turn.id if reply.turn else None] = "\n\n".join(said)
        if reply.finished:
            break
    turns = []
    for turn in manager.store.turns(session.id):
        if turn.id in notes:
            turns.append(_coach_line(notes[turn.id]))
        labels = [found["label"] for found in (turn.analysis or {}).get("labels", [])]
        turns.append(
            {"speaker": turn.speaker, "text": turn.text, "question_id": turn.question_id, "labels": labels}
        )
    if None in notes:
        turns.append(_coach_line(notes[None]))
    commitments = [c.text for c in manager.store.commitments(session_id=session.id)]
    return {"session": session.id, "challenge": challenge.id, "turns": turns, "commitments": commitments}


def _coach_line(text: str) -> dict[str, Any]:
    """Something the coach says that is not a question from the bank (a note)."""
    return {"speaker": COACH, "text": text, "question_id": None, "labels": []}
