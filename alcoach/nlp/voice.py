"""Saying the member's words back to them: first person into second, grammar kept.

    I'm not senior enough      -> you're not senior enough
    my deputy was late         -> your deputy was late      ("was" stays: its subject is not "I")
    I was sure we had agreed   -> you were sure you had agreed

Only the words that change with the person change; everything else keeps the member's
exact characters.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Token

# Pronouns and determiners that always change.
PRONOUNS = {
    "i": "you",
    "me": "you",
    "my": "your",
    "mine": "yours",
    "myself": "yourself",
    "we": "you",
    "us": "you",
    "our": "your",
    "ours": "yours",
    "ourselves": "yourselves",
}
# Verbs that change only when their subject is "I" (or "we" for "was").
VERBS = {"am": "are", "'m": "'re", "’m": "’re", "was": "were"}
FIRST_PERSON_SUBJECTS = frozenset(["i", "we"])


def _subject_is_first_person(verb: Token) -> bool:
    """Whether this form of "be" belongs to "I"/"we": its own subject, its head's, or the word before."""
    candidates = [verb, verb.head] if verb.dep_ in ("aux", "auxpass", "cop") else [verb]
    for word in candidates:
        subjects = [c for c in word.children if c.dep_ in ("nsubj", "nsubjpass", "expl")]
        if subjects:
            return subjects[0].lower_ in FIRST_PERSON_SUBJECTS
    previous = verb.nbor(-1) if verb.i > 0 else None
    return previous is not None and previous.lower_ in FIRST_PERSON_SUBJECTS


def said_back(tokens: Iterable[Token]) -> str:
    """The tokens in the second person, with their own spacing; first letter lower-cased
    unless it starts a name."""
    words: list[str] = []
    tokens = list(tokens)
    for token in tokens:
        lower = token.lower_
        text = token.text
        if lower in PRONOUNS:
            text = PRONOUNS[lower]
        elif lower in VERBS and _subject_is_first_person(token):
            text = VERBS[lower]
        words.append(text + token.whitespace_)
    said = "".join(words).strip()
    if tokens and said and tokens[0].pos_ != "PROPN":
        said = said[:1].lower() + said[1:]
    return said
