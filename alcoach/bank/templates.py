"""Templated questions: a bank text with slots filled from the member's own words.

    What kind of {phrase} is that {phrase}?
    When you say '{quote}', what do you notice?
    If you knew that {liberating}, what would you do first?

The slots are described in `alcoach.nlp.slots`. A template whose slots cannot all be filled
from the last answer is not asked.
"""

from __future__ import annotations

import re
from functools import cache

# The first four come from the member's last answer (alcoach.nlp.slots); `challenge` is the
# title the member gave their challenge, for opening a session on it. The rest are what the
# coach heard (alcoach.nlp.heard), said back in the second person: frames that take them up.
HEARD_SLOTS: tuple[str, ...] = (
    "feeling",
    "feeling2",
    "striking",
    "assumption",
    "old_assumption",
    "unknown",
    "duty",
    "duty_act",
    "insight",
    "commitment",
    "done",
    "not_done",
    "person",
    "ask",
)
SLOTS: tuple[str, ...] = ("phrase", "phrase_you", "quote", "liberating", "challenge", *HEARD_SLOTS)
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
# Stand-ins for checking and embedding a template before any member has written anything.
SAMPLE_SLOTS: dict[str, str] = {
    "phrase": "brick wall",
    "phrase_you": "the rota",
    "quote": "I have no say in it",
    "liberating": "things could be different",
    "challenge": "Weekend discharges stall",
    "feeling": "stung",
    "feeling2": "ashamed",
    "striking": "herding cats",
    "assumption": "finance won't move",
    "old_assumption": "she would see you as the enemy",
    "unknown": "where the gap is",
    "duty": "have to answer every email the same day",
    "duty_act": "have to answer every email the same day",
    "insight": "you had never asked her",
    "commitment": "ring Dave on Monday",
    "done": "you talked to the night nurse",
    "not_done": "talk to the locum",
    "person": "your deputy",
    "ask": "help seeing what you're missing",
}
# Other fills a frame must also read well with (a group, a name, a longer clause); the
# linter judges every frame with each of these too.
OTHER_SAMPLES: tuple[dict[str, str], ...] = (
    {
        "feeling": "frustrated",
        "feeling2": "relief",
        "striking": "banging your head against a wall",
        "assumption": "the pharmacists think you're a pushover",
        "old_assumption": "the board would never fund it",
        "unknown": "whether it is your role to push further",
        "duty": "should be able to handle this on your own",
        "duty_act": "must keep everyone happy",
        "insight": "the rota was never the problem",
        "commitment": "book a slot with the head of finance next week",
        "done": "you finally raised the overtime with the union rep",
        "not_done": "ask the board for more time",
        "person": "the pharmacists",
        "ask": "a fresh pair of eyes on the budget",
    },
    {"person": "Priya", "feeling": "gutted", "striking": "firefighting"},
)


@cache
def placeholders(text: str) -> tuple[str, ...]:
    return tuple(_PLACEHOLDER.findall(text))


def unknown_placeholders(text: str) -> list[str]:
    return [name for name in placeholders(text) if name not in SLOTS]


def is_template(text: str) -> bool:
    return bool(placeholders(text))


def fill(text: str, slots: dict[str, str]) -> str | None:
    """The question with the member's words in place, or None if a slot is missing."""
    names = placeholders(text)
    if not names:
        return text[:1].upper() + text[1:]  # a stock question: nothing to fill
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


def samples(text: str) -> list[str]:
    """The template with every set of sample words (the first is `sample`), without repeats."""
    filled = [fill(text, {**SAMPLE_SLOTS, **other}) for other in ({}, *OTHER_SAMPLES)]
    return list(dict.fromkeys(f for f in filled if f is not None)) or [text]


def heard_slot(text: str) -> str | None:
    """The heard slot a frame takes up (its first), or None for a stock question or template."""
    return next((name for name in placeholders(text) if name in HEARD_SLOTS), None)
