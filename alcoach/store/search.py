"""Full-text search over the member's own answers (the FTS5 index `turns_fts`, migration m003).

Whatever the member types is searched as plain words: each word is quoted as an FTS5
string, so operators (`AND`, `NEAR(`, `*`, `-`, `:`) and stray quotes never reach the
query parser. Porter stemming is on, so "rota" finds "rotas".
"""

from __future__ import annotations

from dataclasses import dataclass

from alcoach.store.repository import MEMBER, Store

MARK_START, MARK_END, ELLIPSIS = "«", "»", "…"
SNIPPET_TOKENS = 12

_QUERY = """
select turns.id, turns.session_id, sessions.mode, sessions.started, turns.text,
       snippet(turns_fts, 0, ?, ?, ?, ?)
from turns_fts
join turns on turns.rowid = turns_fts.rowid
join sessions on sessions.id = turns.session_id
where turns_fts match ? and turns.speaker = ?
order by bm25(turns_fts), turns.id desc
limit ?
"""


@dataclass(frozen=True)
class SearchHit:
    session_id: int
    turn_id: int
    mode: str
    started: str
    text: str
    snippet: str  # the matching words marked «like this»; plain text, never markup


def fts_query(term: str) -> str:
    """Every word of `term` as a quoted FTS5 string (quotes doubled), all of them required."""
    # FTS5 reads a NUL as the end of the query; lone surrogates (undecodable bytes in argv)
    # cannot be sent to SQLite at all. Neither can be part of a word anyway.
    term = term.encode("utf-8", "replace").decode("utf-8").replace("\x00", " ")
    return " ".join('"' + word.replace('"', '""') + '"' for word in term.split())


def search(store: Store, term: str, limit: int = 50) -> list[SearchHit]:
    """The member's answers that contain every word of `term`, best match first."""
    query = fts_query(term)
    if not query or limit <= 0:
        return []
    with store._lock:
        rows = store.db.execute(
            _QUERY, [MARK_START, MARK_END, ELLIPSIS, SNIPPET_TOKENS, query, MEMBER, limit]
        ).fetchall()
    return [
        SearchHit(
            session_id=session_id, turn_id=turn_id, mode=mode, started=started, text=text, snippet=snippet
        )
        for turn_id, session_id, mode, started, text, snippet in rows
    ]
