"""Forgetting for good: one session, one challenge with its sessions, or everything.

Deleting rows is not enough for text to be gone: SQLite leaves freed pages in the file and
old frames in the -wal file, and FTS5 keeps deleted tokens in old index segments until
they are merged. So after the delete the index is optimised (merged into one segment),
the WAL is checkpointed and truncated, the file is rebuilt with VACUUM, and the WAL is
checkpointed again. `secure_delete` zeroes freed content along the way.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, replace

from alcoach.store.database import StoreError
from alcoach.store.repository import MEMBER, Store

# Rows that belong to a set of sessions ($ids: a JSON list bound to `?`), in a safe delete order.
_IN_SESSIONS = "in (select value from json_each(?))"
_FEEDBACK = f"session_id {_IN_SESSIONS} or turn_id in (select id from turns where session_id {_IN_SESSIONS})"
_EVERYTHING = (
    "question_feedback",
    "commitments",
    "turns",
    "sessions",
    "challenges",
    "practice_turns",
    "practice_sessions",
)


@dataclass(frozen=True)
class Removal:
    """What a forget removes (or, before it runs, would remove)."""

    sessions: int = 0
    turns: int = 0
    commitments: int = 0
    question_feedback: int = 0
    challenges: int = 0
    practice_sessions: int = 0
    practice_turns: int = 0
    first_answer: str | None = None  # the first line of the first answer, to recognise a session
    challenge_title: str | None = None
    scrubbed: bool = True  # False: deleted, but another program kept the old pages in the file

    def counts(self) -> dict[str, int]:
        return {
            key: value for key, value in asdict(self).items() if isinstance(value, int) and key != "scrubbed"
        }

    @property
    def total(self) -> int:
        return sum(self.counts().values())


# Previews: what would go, without removing anything.


def preview_session(store: Store, session_id: int) -> Removal:
    with store._reading():
        _require(store, "sessions", session_id, f"There is no session {session_id}.")
        return _count_sessions(store, [session_id], challenge_id=None)


def preview_challenge(store: Store, challenge_id: int) -> Removal:
    with store._reading():
        _require(store, "challenges", challenge_id, f"There is no challenge {challenge_id}.")
        return _count_sessions(store, _challenge_session_ids(store, challenge_id), challenge_id)


def preview_all(store: Store) -> Removal:
    with store._reading():
        return Removal(**{table: _scalar(store, f"select count(*) from {table}") for table in _EVERYTHING})


# Forgetting.


def forget_session(store: Store, session_id: int) -> Removal:
    """Remove one session: its turns, feedback, the commitments made in it, and the session."""
    with store._reading():
        removal = preview_session(store, session_id)
        with _secure_delete(store), store._writing():
            _delete_sessions(store, [session_id])
            _optimise_index(store)
        return _scrub(store, removal)


def forget_challenge(store: Store, challenge_id: int) -> Removal:
    """Remove a challenge, every session in it (with their turns and feedback) and its commitments."""
    with store._reading():
        removal = preview_challenge(store, challenge_id)
        with _secure_delete(store), store._writing():
            _delete_sessions(store, _challenge_session_ids(store, challenge_id))
            store.db.execute("delete from commitments where challenge_id = ?", [challenge_id])
            store.db.execute("delete from challenges where id = ?", [challenge_id])
            _optimise_index(store)
        return _scrub(store, removal)


def forget_all(store: Store) -> Removal:
    """Remove every session, turn, challenge, commitment, piece of feedback and practice session."""
    with store._reading():
        removal = preview_all(store)
        with _secure_delete(store), store._writing():
            store.db.execute("delete from dismissed_patterns")  # before the sessions it refers to
            for table in _EVERYTHING:
                store.db.execute(f"delete from {table}")
            _optimise_index(store)
        return _scrub(store, removal)


# Helpers; each runs with store._lock held.


def _scalar(store: Store, sql: str, args: list[object] | None = None) -> int:
    return int(store.db.execute(sql, args or []).fetchall()[0][0])


def _require(store: Store, table: str, row_id: int, message: str) -> None:
    if not _scalar(store, f"select count(*) from {table} where id = ?", [row_id]):
        raise StoreError(message)


def _challenge_session_ids(store: Store, challenge_id: int) -> list[int]:
    rows = store.db.execute("select id from sessions where challenge_id = ? order by id", [challenge_id])
    return [row[0] for row in rows.fetchall()]


def _count_sessions(store: Store, session_ids: list[int], challenge_id: int | None) -> Removal:
    ids = json.dumps(session_ids)
    commitments = f"session_id {_IN_SESSIONS}"
    commitment_args: list[object] = [ids]
    if challenge_id is not None:
        commitments += " or challenge_id = ?"
        commitment_args.append(challenge_id)
    first = store.db.execute(
        f"select text from turns where speaker = ? and session_id {_IN_SESSIONS} order by session_id, seq "
        "limit 1",
        [MEMBER, ids],
    ).fetchall()
    title = None
    if challenge_id is not None:
        title = store.db.execute("select title from challenges where id = ?", [challenge_id]).fetchone()[0]
    return Removal(
        sessions=len(session_ids),
        turns=_scalar(store, f"select count(*) from turns where session_id {_IN_SESSIONS}", [ids]),
        commitments=_scalar(store, f"select count(*) from commitments where {commitments}", commitment_args),
        question_feedback=_scalar(
            store, f"select count(*) from question_feedback where {_FEEDBACK}", [ids, ids]
        ),
        challenges=0 if challenge_id is None else 1,
        first_answer=_first_line(first[0][0]) if first else None,
        challenge_title=title,
    )


def _first_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[0] if lines else ""


# What stands where a forgotten text was quoted, and a title that was taken from one.
FORGOTTEN = "(forgotten)"
UNTITLED = "A challenge (its title was taken from a forgotten session)"


def _remove_copies(store: Store, session_ids: list[int]) -> None:
    """Text of the forgotten sessions that lives on elsewhere: a commitment quoted in a
    later session's opening ("Last time you said: …") and a challenge titled from the first
    answer. Other sessions stay; the copies go."""
    ids = json.dumps(session_ids)
    db = store.db
    quoted = [
        row[0] for row in db.execute(f"select text from commitments where session_id {_IN_SESSIONS}", [ids])
    ]
    for text in filter(None, (text.strip() for text in quoted)):
        db.execute(
            "update turns set text = replace(text, ?, ?) "
            f"where speaker != ? and session_id not {_IN_SESSIONS} and instr(text, ?) > 0",
            [text, FORGOTTEN, MEMBER, ids, text],
        )
    said = [
        row[0]
        for row in db.execute(
            f"select text from turns where speaker = ? and session_id {_IN_SESSIONS}", [MEMBER, ids]
        )
    ]
    challenges = db.execute(
        "select distinct c.id, c.title from challenges c join sessions s on s.challenge_id = c.id "
        f"where s.id {_IN_SESSIONS}",
        [ids],
    ).fetchall()
    for challenge_id, title in challenges:
        if title.strip() and any(title.strip() in answer for answer in said):
            db.execute("update challenges set title = ? where id = ?", [UNTITLED, challenge_id])


def _delete_sessions(store: Store, session_ids: list[int]) -> None:
    ids = json.dumps(session_ids)
    db = store.db
    _remove_copies(store, session_ids)
    db.execute(f"delete from question_feedback where {_FEEDBACK}", [ids, ids])
    # A dismissed pattern keeps the member's words it was read in: they go with the session.
    db.execute(f"delete from dismissed_patterns where session_id {_IN_SESSIONS}", [ids])
    db.execute(f"delete from commitments where session_id {_IN_SESSIONS}", [ids])
    # A commitment made elsewhere may have been reviewed in a forgotten session; keep it, unlinked.
    db.execute(
        f"update commitments set status_session_id = null where status_session_id {_IN_SESSIONS}", [ids]
    )
    db.execute(f"delete from turns where session_id {_IN_SESSIONS}", [ids])  # triggers update turns_fts
    db.execute(f"delete from sessions where id {_IN_SESSIONS}", [ids])


def _optimise_index(store: Store) -> None:
    """Merge the FTS5 segments, so deleted tokens are dropped rather than merely masked."""
    store.db.execute("insert into turns_fts(turns_fts) values('optimize')")


@contextmanager
def _secure_delete(store: Store) -> Iterator[None]:
    """`PRAGMA secure_delete = ON` for the deletes, then the connection's previous setting."""
    conn = store.db.conn
    previous = int(conn.execute("pragma secure_delete").fetchone()[0])
    conn.execute("pragma secure_delete = on")
    try:
        yield
    finally:
        conn.execute(f"pragma secure_delete = {previous}")


def _scrub(store: Store, removal: Removal) -> Removal:
    """Checkpoint, VACUUM, checkpoint: rewrite the file and empty the WAL so no old page remains."""
    conn = store.db.conn
    try:
        busy = conn.execute("pragma wal_checkpoint(truncate)").fetchone()[0]
        conn.execute("vacuum")
        busy |= conn.execute("pragma wal_checkpoint(truncate)").fetchone()[0]
    except Exception as error:  # sqlite3's or, for an encrypted file, sqlcipher3's
        if type(error).__name__ != "OperationalError":
            raise
        busy = 1
    if busy:
        return replace(removal, scrubbed=False)
    return removal
