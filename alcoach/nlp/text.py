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


# A run of one symbol longer than this is read as blank after it: the tokenizer's cost
# grows with the square of such a run (20,000 "=" took 88 s, 10,000 emoji 13 s).
LONGEST_RUN = 8
_LONG_RUN = re.compile(rf"([^\w\s])\1{{{LONGEST_RUN},}}")


# And so is a stretch with no space in it (a pasted hash, emoji by the thousand): it is
# broken by a blank every LONGEST_WORD characters, which no word or address needs.
LONGEST_WORD = 64
_LONG_WORD = re.compile(rf"\S{{{LONGEST_WORD + 1},}}")
# The models read at most this many words and symbols: 20,000 characters of emoji are
# 20,000 tokens to parse, where 20,000 characters of prose are about 4,000.
MAX_ANALYSED_UNITS = 4_000
_UNIT = re.compile(r"\w+|[^\w\s]")


def _within_budget(text: str) -> str:
    for count, unit in enumerate(_UNIT.finditer(text)):
        if count == MAX_ANALYSED_UNITS:
            return text[: unit.start()]
    return text


def _blank_long_runs(text: str) -> str:
    text = _LONG_RUN.sub(lambda run: run.group(0)[:LONGEST_RUN].ljust(len(run.group(0))), text)
    return _LONG_WORD.sub(
        lambda word: "".join(
            " " if i % LONGEST_WORD == LONGEST_WORD - 1 else ch for i, ch in enumerate(word.group(0))
        ),
        text,
    )


def for_models(text: str) -> str:
    """A copy that the models read well: straight quotes, no control characters, no long
    runs of one symbol or stretches without a space, and within the reading budget.

    Character for character the same as the member's text up to where it is cut, so
    offsets found in this copy point at the member's own words.
    """
    text = _within_budget(_blank_long_runs(text[:MAX_ANALYSED_CHARS].translate(_SAME_LENGTH)))
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
