"""The schema, as named migrations applied in order and recorded (sqlite-utils Migrations).

Add new migrations at the end; never edit or delete one that has shipped.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("alcoach")


@migrations()
def m001_sessions_and_turns(db: Database) -> None:
    db["sessions"].create(
        {"id": int, "mode": str, "started": str, "ended": str, "status": str, "seed": int},
        pk="id",
        not_null={"mode", "started", "status"},
        defaults={"status": "open"},
    )
    db["turns"].create(
        {
            "id": int,
            "session_id": int,
            "seq": int,
            "speaker": str,  # "coach" or "member"
            "text": str,
            "at": str,
            "question_id": str,
            "stage": str,
            "level": int,
            "why": str,
            "analysis": str,  # JSON of the analysis of a member's answer
        },
        pk="id",
        not_null={"session_id", "seq", "speaker", "text", "at"},
        foreign_keys=[("session_id", "sessions", "id")],
    )
    db["turns"].create_index(["session_id", "seq"], unique=True)


@migrations()
def m002_practice(db: Database) -> None:
    """A facilitator's practice sessions: the scenario, each question with its kind and the
    simulated member's reply, and the scorecard at the end."""
    db["practice_sessions"].create(
        {"id": int, "scenario": str, "seed": int, "started": str, "ended": str, "scorecard": str},
        pk="id",
        not_null={"scenario", "started"},
    )
    db["practice_turns"].create(
        {
            "id": int,
            "practice_id": int,
            "seq": int,
            "question": str,
            "kind": str,
            "reasons": str,  # JSON list
            "reply": str,
            "layer": str,
            "at": str,
        },
        pk="id",
        not_null={"practice_id", "seq", "question", "kind", "reply", "at"},
        foreign_keys=[("practice_id", "practice_sessions", "id")],
    )
    db["practice_turns"].create_index(["practice_id", "seq"], unique=True)


@migrations()
def m003_challenges_commitments_feedback_search(db: Database) -> None:
    """A member's challenge as a record that sessions belong to; the commitments they make,
    with a status; their feedback on questions; and full-text search over the turns."""
    db["challenges"].create(
        {
            "id": int,
            "title": str,
            "context": str,
            "particular": str,  # what is particular about the member in it
            "sponsor": str,  # a name or a role
            "sponsor_agreement": str,  # what was agreed with the sponsor
            "created": str,
            "status": str,
        },
        pk="id",
        not_null={"title", "created", "status"},
        defaults={"status": "open"},
    )
    db["sessions"].add_column("challenge_id", int)
    db["sessions"].add_column("reviews_commitment_id", int)  # a reflect session's commitment
    db["sessions"].create_index(["challenge_id"])
    db["commitments"].create(
        {
            "id": int,
            "challenge_id": int,
            "session_id": int,
            "text": str,  # in the member's own words
            "status": str,  # open, done, partly, changed, dropped
            "created": str,
            "updated": str,
            "status_session_id": int,  # the reflect session that last set the status
        },
        pk="id",
        not_null={"session_id", "text", "status", "created"},
        defaults={"status": "open"},
        foreign_keys=[("session_id", "sessions", "id")],
    )
    db["commitments"].create_index(["challenge_id"])
    db["question_feedback"].create(
        {"id": int, "session_id": int, "turn_id": int, "question_id": str, "kind": str, "at": str},
        pk="id",
        not_null={"session_id", "turn_id", "kind", "at"},
        foreign_keys=[("session_id", "sessions", "id"), ("turn_id", "turns", "id")],
    )
    db["question_feedback"].create_index(["question_id"])
    # Triggers keep the index in step with every insert, update and delete of a turn.
    db["turns"].enable_fts(["text"], create_triggers=True, tokenize="porter unicode61 remove_diacritics 2")


@migrations()
def m004_commitments_kept_and_patterns_dismissed(db: Database) -> None:
    """Whether the member kept a commitment when they checked it at the close (1), so the next
    reflection opens on the one they chose rather than on the newest; and the patterns they
    dismissed ("that's not what I meant"), with the words alcoach had read them in."""
    db["commitments"].add_column("kept", int)
    db["dismissed_patterns"].create(
        {"id": int, "session_id": int, "label": str, "evidence": str, "at": str},
        pk="id",
        not_null={"session_id", "label", "evidence", "at"},
        foreign_keys=[("session_id", "sessions", "id")],
    )
