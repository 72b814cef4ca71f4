"""Preparing the member's text for the models without changing what they wrote."""

from __future__ import annotations

import re
import unicodedata

# spaCy and the embedding model only need the start of a very long paste; the store
# keeps every character.
MAX_ANALYSED_CHARS = 20_000
# Clause by clause, the models read only this many clauses of a long paste (the safety
# patterns read all of it).
MAX_CLAUSES_EMBEDDED = 24

_SAME_LENGTH = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})


def for_models(text: str) -> str:
    """A same-length copy that the models read well: straight quotes, no control characters.

    Keeping the length means offsets found in this copy point at the member's own text.
    """
    text = text[:MAX_ANALYSED_CHARS].translate(_SAME_LENGTH)
    return "".join(
        " " if unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co") and ch not in "\n\t" else ch
        for ch in text
    )


def clauses(text: str) -> list[str]:
    """Sentences and semicolon clauses, split on punctuation and line breaks (no parser)."""
    return [part for part in re.split(r"(?<=[.!?;])\s+|\n+", text) if part.strip()]


_SENTENCE = re.compile(r"[^.!?\n]+[.!?]*")


def sentences(text: str) -> list[str]:
    """The sentences of an answer, stripped, split on end punctuation and line breaks."""
    return [found.strip() for found in _SENTENCE.findall(text) if found.strip()]
