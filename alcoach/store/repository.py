"""The store's API: sessions and turns as dataclasses; no SQL outside this module."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlite_utils import Database
from sqlite_utils.db import NotFoundError

from alcoach.store.database import (
    StoreDamaged,
    StoreError,
    damaged_message,
    failure_message,
    is_damage,
    open_database,
    passphrase_from_env,
    readable_by_others,
    was_empty,
)

COACH, MEMBER = "coach", "member"


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class TurnRecord:
    id: int
    session_id: int
    seq: int
    speaker: str
    text: str
    at: str
    question_id: str | None = None
    stage: str | None = None
    level: int | None = None
    why: str | None = None
    analysis: dict[str, Any] | None = field(default=None, compare=False)


@dataclass(frozen=True)
class SessionRecord:
    id: int
    mode: str
    started: str
    status: str
    seed: int
    ended: str | None = None
    challenge_id: int | None = None
    reviews_commitment_id: int | None = None  # reflect: the commitment it opened with


@dataclass(frozen=True)
class ChallengeRecord:
    """The member's workplace challenge: what sessions, commitments and exports belong to."""

    id: int
    title: str
    created: str
    status: str = "open"
    context: str = ""
    particular: str = ""  # what is particular about the member in it
    sponsor: str = ""  # a name or a role
    sponsor_agreement: str = ""


COMMITMENT_STATUSES = ("open", "done", "partly", "changed", "dropped")
FEEDBACK_KINDS = ("useful", "another")


@dataclass(frozen=True)
class CommitmentRecord:
    id: int
    session_id: int
    text: str  # in the member's own words
    status: str
    created: str
    challenge_id: int | None = None
    updated: str | None = None
    kept: bool = False  # the member checked it at the close and kept it


def _turn(row: dict[str, Any]) -> TurnRecord:
    analysis = json.loads(row["analysis"]) if row.get("analysis") else None
    return TurnRecord(
        id=row["id"],
        session_id=row["session_id"],
        seq=row["seq"],
        speaker=row["speaker"],
        text=row["text"],
        at=row["at"],
        question_id=row.get("question_id"),
        stage=row.get("stage"),
        level=row.get("level"),
        why=row.get("why"),
        analysis=analysis,
    )


def _session(row: dict[str, Any]) -> SessionRecord:
    return SessionRecord(
        id=row["id"],
        mode=row["mode"],
        started=row["started"],
        status=row["status"],
        seed=row["seed"] or 0,
        ended=row.get("ended"),
        challenge_id=row.get("challenge_id"),
        reviews_commitment_id=row.get("reviews_commitment_id"),
    )


def _challenge(row: dict[str, Any]) -> ChallengeRecord:
    return ChallengeRecord(
        id=row["id"],
        title=row["title"],
        created=row["created"],
        status=row["status"],
        context=row.get("context") or "",
        particular=row.get("particular") or "",
        sponsor=row.get("sponsor") or "",
        sponsor_agreement=row.get("sponsor_agreement") or "",
    )


def _commitment(row: dict[str, Any]) -> CommitmentRecord:
    return CommitmentRecord(
        id=row["id"],
        session_id=row["session_id"],
        text=row["text"],
        status=row["status"],
        created=row["created"],
        challenge_id=row.get("challenge_id"),
        updated=row.get("updated"),
        kept=bool(row.get("kept")),
    )


def _driver_errors() -> tuple[tuple[type[Exception], ...], tuple[type[Exception], ...]]:
    """(OperationalError, DatabaseError) classes of sqlite3 and, when installed, SQLCipher
    (whose errors are not sqlite3's subclasses)."""
    try:
        from sqlcipher3 import dbapi2
    except ImportError:
        return (sqlite3.OperationalError,), (sqlite3.DatabaseError,)
    return (sqlite3.OperationalError, dbapi2.OperationalError), (sqlite3.DatabaseError, dbapi2.DatabaseError)


_OPERATIONAL, _DATABASE = _driver_errors()


class Store:
    """One member's database. Every write is its own committed transaction.

    Every failure of the file becomes a StoreError whose message says what happened and
    that nothing was lost, never the text being written. Once the file is found damaged
    the store writes nothing more to it: the member's earlier work is not put at risk by
    writing into a broken file."""

    def __init__(self, db: Database, path: Path | None = None) -> None:
        self.db = db
        self.path = path
        self.damaged = False
        # Said once where the store is opened (the CLI on stderr, the app on screen).
        self.warnings: list[str] = [w for w in [readable_by_others(path)] if w] if path else []
        # The app writes from worker threads; one connection, one writer at a time.
        self._lock = threading.RLock()

    @contextmanager
    def _reading(self) -> Iterator[None]:
        with self._lock:
            try:
                yield
            except _OPERATIONAL as error:
                raise StoreError(failure_message(error)) from None
            except _DATABASE as error:
                if not is_damage(error):
                    raise  # a constraint or a misuse: a bug to see, not the file's fault
                self.damaged = True
                raise StoreDamaged(damaged_message(self.path)) from None

    @contextmanager
    def _writing(self) -> Iterator[None]:
        """One committed transaction; a busy, full, read-only or damaged file becomes a
        StoreError that says why."""
        with self._reading():
            if self.damaged:
                raise StoreDamaged(damaged_message(self.path))
            with self.db.conn:
                if not self.db.conn.in_transaction:
                    # The write lock first, so a read-then-write (a turn's number) is one
                    # transaction even with another alcoach writing to the same file.
                    self.db.conn.execute("BEGIN IMMEDIATE")
                yield

    @classmethod
    def open(cls, path: Path, passphrase: str | None = None) -> Store:
        """Open the member's database; without a passphrase, `$ALCOACH_PASSPHRASE` (if set)
        opens or creates it encrypted. An environment variable because the app and scripts
        share it and nothing that opens the file is written to disk."""
        if passphrase is None:
            passphrase = passphrase_from_env()
        empty = was_empty(path)
        store = cls(open_database(path, passphrase), Path(path))
        if empty:
            store.warnings.insert(0, empty)
        return store

    def close(self) -> None:
        with self._lock:
            self.db.conn.close()

    def create_session(
        self,
        mode: str,
        seed: int = 0,
        challenge_id: int | None = None,
        reviews_commitment_id: int | None = None,
    ) -> SessionRecord:
        with self._writing():
            table = self.db["sessions"]
            row = {
                "mode": mode,
                "started": now(),
                "status": "open",
                "seed": seed,
                "challenge_id": challenge_id,
                "reviews_commitment_id": reviews_commitment_id,
            }
            table.insert(row)
            return self.session(table.last_pk)

    def session(self, session_id: int) -> SessionRecord:
        with self._reading():
            return _session(self.db["sessions"].get(session_id))

    def add_turn(self, session_id: int, speaker: str, text: str, **details: Any) -> TurnRecord:
        if "analysis" in details and details["analysis"] is not None:
            details["analysis"] = json.dumps(details["analysis"], ensure_ascii=False)
        with self._writing():
            seq = self.db.execute(
                "select coalesce(max(seq), 0) + 1 from turns where session_id = ?", [session_id]
            ).fetchone()[0]
            row = {"session_id": session_id, "seq": seq, "speaker": speaker, "text": text, "at": now()}
            row.update({key: value for key, value in details.items() if value is not None})
            table = self.db["turns"]
            table.insert(row)
            return _turn(table.get(table.last_pk))

    def set_analysis(self, turn_id: int, analysis: dict[str, Any]) -> None:
        with self._writing():
            self.db["turns"].update(turn_id, {"analysis": json.dumps(analysis, ensure_ascii=False)})

    def turns(self, session_id: int) -> list[TurnRecord]:
        with self._reading():
            rows = self.db["turns"].rows_where("session_id = ?", [session_id], order_by="seq")
            return [_turn(row) for row in rows]

    def sessions(self, status: str | None = None) -> list[SessionRecord]:
        with self._reading():
            where, args = ("status = ?", [status]) if status else (None, [])
            rows = self.db["sessions"].rows_where(where, args, order_by="id desc")
            return [_session(row) for row in rows]

    def finish_session(self, session_id: int) -> None:
        with self._writing():
            self.db["sessions"].update(session_id, {"status": "finished", "ended": now()})

    def history(self) -> list[dict[str, Any]]:
        """Every session with its turns, oldest first (the `history --json` contract)."""
        result = []
        for session in reversed(self.sessions()):
            result.append(
                {
                    "id": session.id,
                    "mode": session.mode,
                    "started": session.started,
                    "status": session.status,
                    "turns": [
                        {"speaker": turn.speaker, "text": turn.text, "at": turn.at}
                        for turn in self.turns(session.id)
                    ],
                }
            )
        return result

    # Practice sessions (facilitators questioning a simulated member).

    def create_practice(self, scenario: str, seed: int = 0) -> int:
        with self._writing():
            table = self.db["practice_sessions"]
            table.insert({"scenario": scenario, "seed": seed, "started": now()})
            return int(table.last_pk)

    def add_practice_turn(
        self, practice_id: int, question: str, kind: str, reasons: list[str], reply: str, layer: str | None
    ) -> None:
        with self._writing():
            seq = self.db.execute(
                "select coalesce(max(seq), 0) + 1 from practice_turns where practice_id = ?", [practice_id]
            ).fetchone()[0]
            self.db["practice_turns"].insert(
                {
                    "practice_id": practice_id,
                    "seq": seq,
                    "question": question,
                    "kind": kind,
                    "reasons": json.dumps(reasons, ensure_ascii=False),
                    "reply": reply,
                    "layer": layer,
                    "at": now(),
                }
            )

    def finish_practice(self, practice_id: int, scorecard: dict[str, Any]) -> None:
        with self._writing():
            self.db["practice_sessions"].update(
                practice_id, {"ended": now(), "scorecard": json.dumps(scorecard, ensure_ascii=False)}
            )

    def practice_history(self) -> list[dict[str, Any]]:
        """Finished practice sessions, oldest first, each with its scorecard (for the trend)."""
        with self._reading():
            rows = self.db["practice_sessions"].rows_where("scorecard is not null", order_by="id")
            return [
                {
                    "id": row["id"],
                    "scenario": row["scenario"],
                    "started": row["started"],
                    "scorecard": json.loads(row["scorecard"]),
                }
                for row in rows
            ]

    # Challenges, commitments, and the member's feedback on questions.

    def create_challenge(self, title: str, **details: str) -> ChallengeRecord:
        with self._writing():
            table = self.db["challenges"]
            table.insert({"title": title, "created": now(), "status": "open", **details})
            return self.challenge(int(table.last_pk))

    def update_challenge(self, challenge_id: int, **details: str) -> ChallengeRecord:
        with self._writing():
            self.db["challenges"].update(challenge_id, details)
        return self.challenge(challenge_id)

    def challenge(self, challenge_id: int) -> ChallengeRecord:
        with self._reading():
            try:
                return _challenge(self.db["challenges"].get(challenge_id))
            except NotFoundError:
                raise StoreError(f"There is no challenge {challenge_id}.") from None

    def challenges(self) -> list[ChallengeRecord]:
        """Newest first."""
        with self._reading():
            return [_challenge(row) for row in self.db["challenges"].rows_where(order_by="id desc")]

    def challenge_overview(self) -> list[tuple[ChallengeRecord, str | None, list[CommitmentRecord]]]:
        """Each challenge (newest first) with the date of its last session (None before the
        first) and its open commitments: what the home screen and the chooser show."""
        overview = []
        for challenge in self.challenges():
            sessions = self.challenge_sessions(challenge.id)
            last = sessions[0].started[:10] if sessions else None
            overview.append((challenge, last, self.commitments(challenge_id=challenge.id, status="open")))
        return overview

    def challenge_sessions(self, challenge_id: int) -> list[SessionRecord]:
        """Newest first."""
        with self._reading():
            rows = self.db["sessions"].rows_where("challenge_id = ?", [challenge_id], order_by="id desc")
            return [_session(row) for row in rows]

    def add_commitment(self, session_id: int, text: str) -> CommitmentRecord:
        session = self.session(session_id)
        with self._writing():
            table = self.db["commitments"]
            table.insert(
                {
                    "session_id": session_id,
                    "challenge_id": session.challenge_id,
                    "text": text,
                    "status": "open",
                    "created": now(),
                }
            )
            return _commitment(table.get(table.last_pk))

    def commitments(
        self, challenge_id: int | None = None, session_id: int | None = None, status: str | None = None
    ) -> list[CommitmentRecord]:
        """Oldest first, filtered by challenge, session and status when given."""
        clauses, args = [], []
        for column, value in (("challenge_id", challenge_id), ("session_id", session_id), ("status", status)):
            if value is not None:
                clauses.append(f"{column} = ?")
                args.append(value)
        with self._reading():
            rows = self.db["commitments"].rows_where(" and ".join(clauses) or None, args, order_by="id")
            return [_commitment(row) for row in rows]

    def set_commitment_status(self, commitment_id: int, status: str, session_id: int | None = None) -> None:
        if status not in COMMITMENT_STATUSES:
            raise ValueError(f"unknown commitment status {status!r}")
        with self._writing():
            self.db["commitments"].update(
                commitment_id, {"status": status, "updated": now(), "status_session_id": session_id}
            )

    def keep_commitment(self, commitment_id: int, text: str) -> None:
        """The member checked this commitment at the close and kept it, in these words."""
        with self._writing():
            self.db["commitments"].update(commitment_id, {"text": text, "kept": 1, "updated": now()})

    def drop_commitment(self, commitment_id: int) -> None:
        """Not a commitment after all (the member said so at the close): it goes."""
        with self._writing():
            self.db["commitments"].delete(commitment_id)

    def dismiss_pattern(self, session_id: int, label: str, evidence: str) -> None:
        """The member said a pattern alcoach noticed is not what they meant."""
        with self._writing():
            self.db["dismissed_patterns"].insert(
                {"session_id": session_id, "label": label, "evidence": evidence, "at": now()}
            )

    def dismissed_patterns(self, session_id: int | None = None) -> list[tuple[str, str]]:
        """(label, evidence) the member dismissed, in one session or in all of them."""
        where, args = ("session_id = ?", [session_id]) if session_id is not None else (None, [])
        with self._reading():
            rows = self.db["dismissed_patterns"].rows_where(where, args, order_by="id")
            return [(row["label"], row["evidence"]) for row in rows]

    def add_feedback(self, turn: TurnRecord, kind: str) -> None:
        """The member marked a question useful, or asked for another in its place."""
        if kind not in FEEDBACK_KINDS:
            raise ValueError(f"unknown feedback {kind!r}")
        with self._writing():
            self.db["question_feedback"].insert(
                {
                    "session_id": turn.session_id,
                    "turn_id": turn.id,
                    "question_id": turn.question_id,
                    "kind": kind,
                    "at": now(),
                }
            )

    def feedback(self, session_id: int | None = None) -> list[tuple[int, str | None, str]]:
        """(turn id, question id, kind) in the order given; every session's when none is named."""
        where, args = ("session_id = ?", [session_id]) if session_id is not None else (None, [])
        with self._reading():
            rows = self.db["question_feedback"].rows_where(where, args, order_by="id")
            return [(row["turn_id"], row["question_id"], row["kind"]) for row in rows]

    def recent_question_ids(self, before_session: int, sessions: int = 3) -> set[str]:
        """The questions asked in the member's last few sessions before this one."""
        with self._reading():
            rows = self.db.execute(
                "select distinct question_id from turns where question_id is not null and session_id in "
                "(select id from sessions where id < ? order by id desc limit ?)",
                [before_session, sessions],
            ).fetchall()
        return {row[0] for row in rows}
