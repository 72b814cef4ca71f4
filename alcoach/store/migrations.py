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
