"""What became of a commitment (which commitments an answer holds is read in
alcoach.nlp.intentions). When the member reflects, what they write about it is read for a
status — done, partly, changed or dropped — and when it is unclear the coach asks rather than
guesses.
"""

from __future__ import annotations

import re

MAX_COMMITMENT_CHARS = 300


# Read in this order: "I did some of it" is partly before it is done; "I didn't, I did X
# instead" is changed before anything else.
_STATUS_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (status, re.compile(pattern, re.IGNORECASE))
    for status, pattern in (
        (
            "partly",
            r"\b(partly|partially|part of it|some of it|half of it|halfway|half-way|started (on )?it|"
            r"made a start|began to|not all of it|didn't finish|only got as far|a bit of it|sort of did)\b",
        ),
        (
            "changed",
            r"\b(instead|changed (it|my mind|the plan|tack)|did something (else|different)|"
            r"different approach|went a different way|adapted|swapped|rather than)\b",
        ),
        (
            "dropped",
            r"\b(dropped it|gave up|given up|decided not to|decided against|let it go|no longer|abandoned|"
            r"scrapped|not going to do it|won't be doing)\b",
        ),
        # Not done, but still meant: the commitment stays open. A bare "I didn't" is unclear
        # (dropped? not yet?), so it is asked about rather than guessed.
        (
            "open",
            r"\b(not yet|haven't yet|haven't got (round|around) to|never got (round|around) to|"
            r"didn't get (round|around) to|didn't get to|still (plan|mean|intend|going) to|"
            r"still on my list)\b",
        ),
        (
            "done",
            r"\b(i did it|did it|done it|i did|managed (it|to)|went ahead|followed through|i've done|"
            r"i have done|got it done|completed|sorted it|carried it out|yes[,.!]? i|it happened|"
            r"i spoke to|i talked to|i had the conversation|i met|i sent|i asked|i tried it)\b",
        ),
    )
)
# What a member types when asked plainly (the status check), in a word or two.
_PLAIN_ANSWERS = {
    "done": "done",
    "yes": "done",
    "did it": "done",
    "partly": "partly",
    "part": "partly",
    "some": "partly",
    "changed": "changed",
    "different": "changed",
    "dropped": "dropped",
    "no": "dropped",
    "not yet": "open",
    "open": "open",
    "still open": "open",
}

STATUS_CHECK = (
    "So that your record is right: what became of it — done, partly, changed, dropped, or "
    "still open? (A word is enough.)"
)


def read_status(text: str) -> str | None:
    """The commitment's status as the member describes it, or None when it is unclear."""
    plain = re.sub(r"[^a-z ]", "", text.lower()).strip()
    if plain in _PLAIN_ANSWERS:
        return _PLAIN_ANSWERS[plain]
    for status, pattern in _STATUS_PATTERNS:
        if pattern.search(text):
            return status
    return None
