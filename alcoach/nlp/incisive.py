"""Turning a limiting assumption the member stated into its freeing opposite.

Incisive questions (Nancy Kline) ask: "If you knew [the freeing alternative], what would
you do?" — built from the member's own assumption and words. This module finds the
common ways people state a limit and turns them cleanly, in the second person:

    I can't ask for more staff because …    ->  you can ask for more staff
    I'm not senior enough to challenge him   ->  you are senior enough to challenge him
    My manager will never agree to it        ->  your manager might agree to it
    Nobody in my team will volunteer         ->  someone in your team might volunteer
    I have to answer every email that day    ->  you do not have to answer every email that day
    There's nothing I can do about the list  ->  there is something you can do about the list

Where the words do not turn cleanly (diary talk, "I must say", someone else's words, a
negated limit, a clause too long to quote back) nothing is produced.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Doc, Span, Token

from alcoach.nlp.cues import GUARDS

MAX_WORDS = 12
SECOND_PERSON = {
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
    "am": "are",
    "'m": "'re",
    "was": "were",
}
CLAUSE_BREAKS = frozenset(
    "because since so but although though and or while unless until when if whereas otherwise before"
    " after even".split()
)
# After "can't": diaries and reactions, not ability ("I can't make Friday", "I can't wait").
NOT_ABILITY = frozenset("make attend come join wait believe help remember stand seem see sleep".split())
# "I can't carry on like this", "I can't cope": distress, never turned into "you can carry on".
DISTRESS = frozenset("carry cope go keep face breathe bear take manage function survive".split())
# "I have to admit", "I must say": turns of phrase, not rules.
SET_PHRASES = frozenset("admit say confess agree laugh smile wonder".split())
# "I have to decide whether…", "I need to choose…": a choice in front of them, not a limit.
CHOICES = frozenset("decide choose pick figure weigh".split())
# "I can't do Tuesday afternoons" is a diary, not a limit.
DIARY_WORDS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday mondays tuesdays wednesdays thursdays"
    " fridays saturdays sundays morning mornings afternoon afternoons evening evenings tonight today"
    " tomorrow weekend weekends am pm".split()
)
QUESTION_WORDS = frozenset("if whether what how why who when where".split())
SOFTENERS = frozenset("even possibly really just ever actually".split())
LACKS = frozenset(
    "authority power time skills skill experience confidence budget right permission clout".split()
)
BAD_AT = frozenset("hopeless useless rubbish terrible bad awful".split())
TOO_WORDS = frozenset("old young junior new inexperienced late".split())


def second_person(tokens: list[Token]) -> str:
    """The tokens as the coach would say them back: I -> you, my -> your, am -> are."""
    words = []
    for token in tokens:
        replacement = SECOND_PERSON.get(token.lower_)
        words.append((replacement if replacement is not None else token.text) + token.whitespace_)
    return "".join(words).strip()


def _clause(doc: Doc, start: int) -> str | None:
    """From `start` up to a clause break, said back in the second person."""
    tokens: list[Token] = []
    for token in doc[start:]:
        # A hyphen or an apostrophe inside a word ("four-day", "residents'") does not end the clause.
        inside_word = token.text in ("-", "'", "’") and bool(tokens) and not tokens[-1].whitespace_
        if token.lower_ in CLAUSE_BREAKS or token.is_space or (token.is_punct and not inside_word):
            break
        tokens.append(token)
    if not tokens or len(tokens) > MAX_WORDS:
        return None
    return second_person(tokens)


def _skip_softeners(doc: Doc, i: int) -> int:
    while i < len(doc) and doc[i].lower_ in SOFTENERS:
        i += 1
    return i


class _Reader:
    """Words around one position of the parsed answer, lower-cased."""

    def __init__(self, doc: Doc, i: int) -> None:
        self.doc, self.i = doc, i

    def at(self, offset: int) -> str:
        j = self.i + offset
        return self.doc[j].lower_.replace("’", "'") if 0 <= j < len(self.doc) else ""

    def token(self, offset: int) -> Token | None:
        j = self.i + offset
        return self.doc[j] if 0 <= j < len(self.doc) else None

    def own_words(self, length: int) -> bool:
        """Not someone else's reported words, and not a negated limit ("it's not that I can't")."""
        before = " ".join(self.at(k) for k in (-3, -2, -1))
        if "not that" in before or "n't that" in before:
            return False
        return GUARDS["not_reported"](self.doc[self.i : min(self.i + length, len(self.doc))])

    def first_person(self) -> bool:
        return self.at(0) in ("i", "we")


def _cant(r: _Reader) -> str | None:
    """I can't X -> you can X"""
    if not r.first_person():
        return None
    if r.at(1) in ("ca", "can") and r.at(2) in ("n't", "not"):
        start = 3
    elif r.at(1) == "cannot":
        start = 2
    else:
        return None
    start = _skip_softeners(r.doc, r.i + start) - r.i
    verb = r.token(start)
    if verb is None or verb.pos_ not in ("VERB", "AUX") or verb.lemma_ in NOT_ABILITY | DISTRESS:
        return None
    if verb.lemma_ in ("say", "tell") and r.at(start + 1) in QUESTION_WORDS:
        return None  # "I can't say if…", "I can't tell whether…" are not knowing, not limits
    tail = _clause(r.doc, r.i + start)
    if tail and any(word in DIARY_WORDS for word in tail.lower().split()):
        return None
    return f"you can {tail}" if tail and r.own_words(start) else None


def _enough(r: _Reader) -> str | None:
    """I'm not senior enough to X -> you are senior enough to X"""
    if not (r.first_person() and r.at(1) in ("'m", "am", "are", "'re") and r.at(2) == "not"):
        return None
    if r.at(4) != "enough" or r.at(5) not in ("to", "for"):
        return None
    tail = _clause(r.doc, r.i + 5)
    return f"you are {r.at(3)} enough {tail}" if tail and r.own_words(5) else None


def _too(r: _Reader) -> str | None:
    """I'm too old to X -> you are not too old to X"""
    too = r.first_person() and r.at(1) in ("'m", "am", "are", "'re") and r.at(2) == "too"
    if not (too and r.at(3) in TOO_WORDS and r.at(4) == "to"):
        return None
    tail = _clause(r.doc, r.i + 4)
    return f"you are not too {r.at(3)} {tail}" if tail and r.own_words(4) else None


def _bad_at(r: _Reader) -> str | None:
    """I'm no good at X / I'm hopeless at X -> you could be good at X"""
    if not (r.first_person() and r.at(1) in ("'m", "am", "are", "'re")):
        return None
    if r.at(2) == "no" and r.at(3) == "good" and r.at(4) == "at":
        start = 5
    elif r.at(2) in BAD_AT and r.at(3) == "at":
        start = 4
    else:
        return None
    tail = _clause(r.doc, r.i + start)
    return f"you could be good at {tail}" if tail and r.own_words(start) else None


def _lack(r: _Reader) -> str | None:
    """I don't have the authority to X -> you have the authority to X"""
    lacks = r.first_person() and r.at(1) == "do" and r.at(2) in ("n't", "not") and r.at(3) == "have"
    if not (lacks and r.at(4) in ("the", "any", "enough") and r.at(5) in LACKS and r.at(6) == "to"):
        return None
    tail = _clause(r.doc, r.i + 6)
    return f"you have the {r.at(5)} {tail}" if tail and r.own_words(6) else None


def _never_self(r: _Reader) -> str | None:
    """I'll never X -> you could X"""
    if r.first_person() and r.at(1) in ("'ll", "will") and r.at(2) == "never":
        tail = _clause(r.doc, r.i + 3)
        return f"you could {tail}" if tail and r.own_words(3) else None
    return None


def _must(r: _Reader) -> str | None:
    """I have to X / I must X / I need to X -> you do not have to X"""
    if not r.first_person():
        return None
    if r.at(1) in ("have", "'ve") and r.at(2) == "to":
        start = 3
    elif r.at(1) in ("have", "'ve") and r.at(2) == "got" and r.at(3) == "to":
        start = 4
    elif r.at(1) == "must" and r.at(2) in ("n't", "not"):
        tail = _clause(r.doc, r.i + 3)  # "I mustn't show weakness" -> "you can show weakness"
        return f"you can {tail}" if tail and r.own_words(3) else None
    elif r.at(1) == "must" and r.at(2) == "have" and (r.token(3) is not None and r.token(3).tag_ == "VBN"):
        return None  # "I must have sent it to the wrong list" is a guess, not a rule
    elif r.at(1) in ("must", "need") and (r.at(2) != "to" or r.at(1) == "need"):
        start = 3 if r.at(2) == "to" else 2
    else:
        return None
    verb = r.token(start)
    if verb is None or verb.pos_ not in ("VERB", "AUX"):
        return None  # "We need 30 new carers" names a need, not a rule
    if verb.lemma_ in SET_PHRASES and r.at(start + 1) not in ("yes", "no"):
        return None
    if verb.lemma_ in CHOICES:
        return None  # "I have to decide whether to stay": a choice to make, not a rule held
    if verb.lemma_ == "be" and r.at(start + 1) in ("honest", "frank", "fair", "clear"):
        return None
    tail = _clause(r.doc, r.i + start)
    return f"you do not have to {tail}" if tail and r.own_words(start) else None


def _others_wont(r: _Reader) -> str | None:
    """They'll never X / my manager won't X / nobody will X -> they might X / someone might X"""
    if r.at(0) not in ("will", "'ll", "wo"):
        return None
    if r.at(1) == "never":
        start = 2
    elif r.at(0) == "wo" and r.at(1) == "n't":
        start = 3 if r.at(2) == "ever" else 2
    elif r.at(1) not in ("n't", "not", "never"):
        start = 1  # "nobody will X": the negation is in the subject
    else:
        return None
    subject = _subject(r)
    if subject is None:
        return None
    words, negative_subject = subject
    if start == 1 and not negative_subject:
        return None
    tail = _clause(r.doc, r.i + start)
    if not tail or not r.own_words(start):
        return None
    return f"{words} might {tail}"


def _subject(r: _Reader) -> tuple[str, bool] | None:
    auxiliary = r.token(0)
    assert auxiliary is not None
    subjects = [c for c in auxiliary.head.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < auxiliary.i]
    if not subjects or subjects[0].lower_ in ("i", "we", "it", "this", "that", "there", "you"):
        return None
    tokens = list(subjects[0].subtree)
    if len(tokens) > 5:
        return None
    if tokens[0].lower_ in ("nobody", "no"):
        rest = tokens[2:] if tokens[0].lower_ == "no" else tokens[1:]
        return ("someone " + second_person(rest)).strip(), True
    said = second_person(tokens)
    return (said if tokens[0].pos_ == "PROPN" else said[:1].lower() + said[1:]), False


def _there_is_no(r: _Reader) -> str | None:
    """there's no point in X / nothing I can do about X / no way I can X"""
    if not (r.at(0) == "there" and r.at(1) in ("'s", "is")):
        if r.at(0) == "it" and r.at(1) in ("'s", "is") and r.at(2) == "pointless" and r.token(3) is not None:
            tail = _clause(r.doc, r.i + 3)
            return f"there is a point in {tail}" if tail and r.own_words(3) else None
        if r.at(0) == "it" and r.at(1) in ("'s", "is") and r.at(2) == "impossible" and r.at(3) == "to":
            tail = _clause(r.doc, r.i + 4)
            return f"it is possible to {tail}" if tail and r.own_words(4) else None
        return None
    if r.at(2) == "no" and r.at(3) == "point":
        start = 5 if r.at(4) in ("in", "to") else 4
        following = r.token(start)
        if following is None or following.pos_ not in ("VERB", "AUX"):
            return None  # "there's no point til you're staffed": nothing to turn
        tail = _clause(r.doc, r.i + start)
        return f"there is a point in {tail}" if tail and r.own_words(4) else None
    if r.at(2) == "nothing" and r.at(3) in ("i", "we") and r.at(4) == "can" and r.at(5) == "do":
        tail = _clause(r.doc, r.i + 6)
        return f"there is something you can do {tail}" if tail and r.own_words(6) else None
    if r.at(2) == "no" and r.at(3) == "way" and r.at(4) in ("i", "we") and r.at(5) == "can":
        tail = _clause(r.doc, r.i + 6)
        return f"you can {tail}" if tail and r.own_words(6) else None
    return None


FORMS: tuple[Callable[[_Reader], str | None], ...] = (
    _cant,
    _enough,
    _too,
    _bad_at,
    _lack,
    _never_self,
    _must,
    _others_wont,
    _there_is_no,
)


def limiting_assumption(doc: Doc) -> tuple[str, Span] | None:
    """The first limiting assumption in the text, turned, with the member's own words for it
    (from its subject to the end of its clause); None if none turns cleanly."""
    for i in range(len(doc)):
        reader = _Reader(doc, i)
        for form in FORMS:
            turned = form(reader)
            if turned:
                return turned, _source(doc, i)
    return None


def liberating_alternative(doc: Doc) -> str | None:
    """The first limiting assumption in the text, turned; None if none turns cleanly."""
    found = limiting_assumption(doc)
    return found[0] if found else None


def _source(doc: Doc, i: int) -> Span:
    """The limit as the member said it: its subject (for "my manager will never…") up to
    the clause break."""
    token = doc[i]
    start = i
    subjects = [c for c in token.head.children if c.dep_ in ("nsubj", "nsubjpass") and c.i <= i]
    if subjects and token.lower_ not in ("i", "we", "there", "it"):
        start = subjects[0].left_edge.i
    end = i + 1
    while end < len(doc):
        word = doc[end]
        inside_word = word.text in ("-", "'", "’") and not doc[end - 1].whitespace_
        if word.lower_ in CLAUSE_BREAKS or word.is_space or (word.is_punct and not inside_word):
            break
        end += 1
    return doc[start:end]
