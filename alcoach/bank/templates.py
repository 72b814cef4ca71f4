"""Templated questions: a bank text with slots filled from the member's own words.

    What kind of {phrase} is that {phrase}?
    When you say '{quote}', what do you notice?
    If you knew that {liberating}, what would you do first?

The slots are described in `alcoach.nlp.slots`. A template whose slots cannot all be filled
from the last answer is not asked.
"""

from __future__ import annotations

import re

# The first four come from the member's last answer (alcoach.nlp.slots); `challenge` is the
# title the member gave their challenge, for opening a session on it.
SLOTS: tuple[str, ...] = ("phrase", "phrase_you", "quote", "liberating", "challenge")
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
# Stand-ins for checking and embedding a template before any member has written anything.
SAMPLE_SLOTS: dict[str, str] = {
    "phrase": "brick wall",
    "phrase_you": "the rota",
    "quote": "I have no say in it",
    "liberating": "things could be different",
    "challenge": "Weekend discharges stall",
}


def placeholders(text: str) -> list[str]:
    return _PLACEHOLDER.findall(text)


def unknown_placeholders(text: str) -> list[str]:
    return [name for name in placeholders(text) if name not in SLOTS]


def is_template(text: str) -> bool:
    return bool(placeholders(text))


def fill(text: str, slots: dict[str, str]) -> str | None:
    """The question with the member's words in place, or None if a slot is missing."""
    names = placeholders(text)
    if any(not slots.get(name) for name in names):
        return None
    filled = _PLACEHOLDER.sub(lambda match: slots[match.group(1)], text)
    return filled[:1].upper() + filled[1:]


def asker_words(text: str) -> str:
    """The template without its slots: the part the asker wrote."""
    return " ".join(_PLACEHOLDER.sub("", text).split())


def sample(text: str) -> str:
    filled = fill(text, SAMPLE_SLOTS)
    return filled if filled is not None else text
