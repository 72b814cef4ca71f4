"""Who words about risk are said of: the member, or someone they are talking about.

Nurses, teachers, social workers and people caring for a relative write about other
people's risk every day: "he told me he'd been thinking of ending it", "a Year 8 girl left a
note: 'I don't want to be here anymore'", "she said she wished she could go to sleep and
not wake up". The fixed patterns find those words; this reads the parse to say whose they
are, so the member is not offered a crisis line for doing their job.

It errs towards the member: only a clear other subject (he, she, they, a person named or
described) or a quotation introduced by someone else counts. "I told my GP I want to die"
and "I keep thinking 'what's the point of living'" stay the member's own.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from spacy.tokens import Doc, Span, Token

FIRST_PERSON = {"i", "me", "my", "myself", "mine", "we", "us", "our", "ourselves", "im", "ive", "id", "ill"}
# "Nobody" is never the one at risk: "nobody would notice if I went" is the member's own.
THIRD_PERSON = {"he", "she", "they", "him", "her", "them", "someone", "somebody", "anyone"}
# People a member talks about at work and at home.
PERSON_NOUNS = set(
    """
    patient patients client clients resident residents pupil pupils student students child children
    kid kids boy boys girl girls lad lads man men woman women person people caller callers customer
    customers regular tenant tenants prisoner prisoners detainee man's colleague colleagues friend
    friends mate mates brother sister mum mother dad father son daughter husband wife partner
    uncle aunt cousin grandad grandma nan gran parent parents family teenager teen youngster
    officer nurse doctor worker staff learner trainee apprentice member lady gentleman guy fella
    neighbour neighbor flatmate housemate fiancé fiance boyfriend girlfriend sibling twin starter
    employee manager boss supervisor teammate teacher lecturer carer volunteer service user
    """.split()
)
SUBJECTS = ("nsubj", "nsubjpass", "csubj", "expl")
_OPENING_QUOTE = re.compile(r"(?:^|(?<=[\s:(,—-]))[\"'\u2018\u201c](?=\w)")
_CLOSING_QUOTE = re.compile(r"(?<=[\w.!?,])[\"'\u2019\u201d](?=[\s.,;:!?)—-]|$)")


def reader(doc: Doc) -> Callable[[int, int], bool]:
    """`about_someone_else(start, end)` for character offsets into the parsed text: the
    words found there are said of another person, or quoted from one."""

    def about_someone_else(start: int, end: int) -> bool:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or not len(span):
            return False
        if _quoted_from_another(span):
            return True
        # Words that name the member ("they'd all be lighter without me") are the member's,
        # whoever is the subject of the sentence.
        return not _names_the_member(span) and _said_of_another(span)

    return about_someone_else


def clause_reader(doc: Doc) -> Callable[[int, int], bool]:
    """`all_about_others(start, end)`: every subject in the clause there is another person
    (or speaks in another's quotation), and there is at least one. The learned half does
    not read such a clause: it is the member telling what happened to someone else."""

    def all_about_others(start: int, end: int) -> bool:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            return False
        subjects = [token for token in span if token.dep_ in SUBJECTS and _person(token) is not None]
        return bool(subjects) and all(
            _person(token) or _quoted_from_another(token.doc[token.i : token.i + 1]) for token in subjects
        )

    return all_about_others


_THE_MEMBER = FIRST_PERSON - {"we", "us", "our", "ourselves"}


def _names_the_member(span: Span) -> bool:
    return any(token.lower_.replace("'", "") in _THE_MEMBER for token in span)


def _person(token: Token) -> bool | None:
    """True for another person, False for the member, None for no person at all."""
    word = token.lower_.replace("'", "")
    if word in FIRST_PERSON:
        return False
    if word in THIRD_PERSON or token.lemma_.lower() in PERSON_NOUNS or word in PERSON_NOUNS:
        return True
    if token.pos_ == "PROPN" and token.ent_type_ == "PERSON":
        return True  # a person named; an unlabelled name ("Covid", "Teams") is not one
    return None


def _said_of_another(span: Span) -> bool:
    """Up from the words to the nearest person who is the subject (or the person a clause
    describes: "a girl standing on a bridge deciding whether to jump")."""
    token: Token = span.root
    for _ in range(12):  # parse trees are shallow; the bound guards against odd parses
        for child in token.children:
            if child.dep_ in SUBJECTS and child.i not in range(span.start, span.end):
                person = _person(child)
                if person is not None:
                    return person
        if token.dep_ in ("acl", "relcl") and _person(token.head):
            return True
        if token.head is token:
            return False
        if token.dep_ == "advcl" and token.head.i > token.i:
            # A subjectless clause before the main one ("bought a ticket and wrote letters,
            # they're in the drawer"): the later clause's subject is not its subject.
            return False
        token = token.head
    return False


def _quoted_from_another(span: Span) -> bool:
    """The words sit inside quotation marks that someone other than the member speaks."""
    sentence = span.sent
    before = span.doc.text[sentence.start_char : span.start_char]
    openings = list(_OPENING_QUOTE.finditer(before))
    if not openings:
        return False
    opened = openings[-1]
    if _CLOSING_QUOTE.search(before, opened.end()):
        return False  # the quotation closed before the words
    speaker_end = sentence.start_char + opened.start()
    introducing = [t for t in sentence if t.idx < speaker_end]
    for token in reversed(introducing):
        if token.dep_ in SUBJECTS:
            person = _person(token)
            if person is not None:  # "I keep thinking 'why bother'" stays the member's
                return person
    return False
