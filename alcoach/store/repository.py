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

from alcoach.store.database import StoreError, open_database

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
    )


class Store:
    """One member's database. Every write is its own committed transaction."""

    def __init__(self, db: Database) -> None:
        self.db = db
        # The app writes from worker threads; one connection, one writer at a time.
        self._lock = threading.RLock()

    @contextmanager
    def _writing(self) -> Iterator[None]:
        """One committed transaction; a busy file becomes a StoreError that says why."""
        with self._lock:
            try:
                with self.db.conn:
                    yield
            except sqlite3.OperationalError as error:
                if "locked" in str(error) or "busy" in str(error):
                    raise StoreError(
                        "The database is busy: another alcoach is writing to it. "
                        "Your text has not been lost; try again in a moment."
                    ) from None
                raise

    @classmethod
    def open(cls, path: Path) -> Store:
        return cls(open_database(path))

    def close(self) -> None:
        self.db.conn.close()

    def create_session(self, mode: str, seed: int = 0) -> SessionRecord:
        with self._writing():
            table = self.db["sessions"]
            table.insert({"mode": mode, "started": now(), "status": "open", "seed": seed})
            return self.session(table.last_pk)

    def session(self, session_id: int) -> SessionRecord:
        with self._lock:
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
        with self._lock:
            rows = self.db["turns"].rows_where("session_id = ?", [session_id], order_by="seq")
            return [_turn(row) for row in rows]

    def sessions(self, status: str | None = None) -> list[SessionRecord]:
        with self._lock:
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
        with self._lock:
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
