"""What the coach heard in an answer, said to the member in plain words (F2, `ask`)."""

from __future__ import annotations

from alcoach.nlp.hearing import Hearing

MAX_PEOPLE = 4


def heard_summary(hearing: Hearing) -> str:
    """One line: the people, feelings, assumption, rule, insight, commitment and ask heard, in
    the member's own words; empty when nothing was heard."""
    parts: list[str] = []
    if hearing.people:
        parts.append("who is in it: " + ", ".join(p.source for p in hearing.people[:MAX_PEOPLE]))
    if hearing.feelings:
        parts.append("feelings: " + ", ".join(f.source for f in hearing.feelings))
    if hearing.striking:
        parts.append("your words: " + ", ".join(f"\u201c{s.source}\u201d" for s in hearing.striking))
    for name, item in (
        ("an assumption", hearing.assumption),
        ("a limit", hearing.limit),
        ("a rule", hearing.duty),
        ("an insight", hearing.insight),
        ("what you will do", hearing.commitment),
        ("what you did", hearing.done),
        ("what you did not do", hearing.not_done),
        ("what you want from your set", hearing.ask),
    ):
        if item is not None:
            parts.append(f"{name}: \u201c{item.source}\u201d")
    return ("What alcoach heard \u2014 " + "; ".join(parts) + ".") if parts else ""
