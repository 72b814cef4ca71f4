"""Key phrases in the member's own words, for questions that stay in their language."""

from __future__ import annotations

from spacy.tokens import Doc, Span

MAX_PHRASES = 6
MAX_PHRASE_TOKENS = 6
# Words too general to hand back to a member as "their" phrase.
GENERIC_HEADS = frozenset(
    [
        "thing",
        "things",
        "lot",
        "bit",
        "time",
        "times",
        "way",
        "ways",
        "something",
        "anything",
        "everything",
        "nothing",
        "stuff",
        "kind",
        "sort",
        "one",
        "ones",
        "day",
        "days",
        "people",
        "someone",
        "anyone",
        "everyone",
        "nobody",
        "week",
        "part",
        "point",
        "fact",
        # "the set" is where the member brings this, not part of their story.
        "set",
        "challenge",
        "problem",
        "issue",
    ]
)
LEADING_WORDS = frozenset(["a", "an", "the", "this", "that", "these", "those", "some", "any", "such"])


def _trim(chunk: Span) -> Span | None:
    start = chunk.start
    while start < chunk.end and chunk.doc[start].lower_ in LEADING_WORDS:
        start += 1
    trimmed = chunk.doc[start : chunk.end]
    if not len(trimmed) or len(trimmed) > MAX_PHRASE_TOKENS:
        return None
    return trimmed


def key_phrases(doc: Doc, limit: int = MAX_PHRASES) -> list[str]:
    """Noun phrases the member used, most telling first, each exactly as written."""
    candidates: list[tuple[float, int, str]] = []
    seen: set[str] = set()
    for chunk in doc.noun_chunks:
        phrase = _trim(chunk)
        if phrase is None:
            continue
        head = phrase.root
        if head.pos_ == "PRON" or head.lower_ in GENERIC_HEADS or not head.is_alpha:
            continue
        text = phrase.text.strip()
        key = text.lower()
        if key in seen or len(text) < 3:
            continue
        seen.add(key)
        content = sum(1 for token in phrase if token.pos_ in ("NOUN", "PROPN", "ADJ"))
        # Multi-word phrases carry more of the member's meaning than a bare noun.
        score = content + (0.5 if len(phrase) > 1 else 0.0)
        candidates.append((-score, phrase.start, text))
    candidates.sort()
    return [text for _, _, text in candidates[:limit]]
