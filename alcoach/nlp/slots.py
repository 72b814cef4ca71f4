"""The member's own words, ready to fill a templated question.

Four slots, each from the member's last answer:

  {phrase}      a short noun phrase they used, bare ("brick wall", "confidence")
  {phrase_you}  the same phrase as the coach would say it ("your confidence", "the rota")
  {quote}       their exact words, short enough to quote back
  {liberating}  a limiting assumption they stated, turned into its freeing opposite and into
                the second person ("I can't ask for more staff" -> "you can ask for more staff")

A slot is left empty when the words do not allow it cleanly; a template that needs an empty
slot is simply not asked.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from alcoach.nlp.cues import GUARDS
from alcoach.nlp.phrases import GENERIC_HEADS

MAX_PHRASE_WORDS = 4
MAX_QUOTE_WORDS = 10
MAX_LIBERATING_WORDS = 12

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
POSSESSIVES = frozenset(["my", "our", "your", "his", "her", "their", "its"])
DETERMINERS = frozenset(
    ["a", "an", "the", "this", "that", "these", "those", "some", "any", "every", "each", "all", "no"]
)
# Verbs after "can't" that talk about diaries or reactions, not about being able.
NOT_ABILITY = frozenset(
    [
        "make",
        "attend",
        "come",
        "join",
        "wait",
        "believe",
        "help",
        "remember",
        "stand",
        "tell",
        "work",
        "figure",
        "seem",
        "see",
        "say",
        "sleep",
        "afford",
    ]
)
ENOUGH_WORDS = frozenset(
    ["good", "senior", "experienced", "clever", "strong", "confident", "qualified", "old", "smart", "brave"]
)
CLAUSE_BREAKS = frozenset(
    ["because", "since", "so", "but", "although", "though", "and", ",", ";", ".", "!", "?", "-"]
)


@dataclass(frozen=True)
class Slots:
    phrase: str | None = None
    phrase_you: str | None = None
    quote: str | None = None
    liberating: str | None = None

    def as_dict(self) -> dict[str, str]:
        return {key: value for key, value in self.__dict__.items() if value}


def second_person(tokens: list[Token]) -> str:
    """The tokens as the coach would say them back: I -> you, my -> your, am -> are."""
    words = []
    for token in tokens:
        replacement = SECOND_PERSON.get(token.lower_)
        text = replacement if replacement is not None else token.text
        words.append(text + token.whitespace_)
    return "".join(words).strip()


def _phrase(doc: Doc) -> tuple[str | None, str | None]:
    for chunk in doc.noun_chunks:
        tokens = list(chunk)
        while tokens and (tokens[0].lower_ in POSSESSIVES | DETERMINERS):
            tokens = tokens[1:]
        if not tokens or len(tokens) > MAX_PHRASE_WORDS:
            continue
        root = chunk.root
        if root.pos_ != "NOUN" or root.lower_ in GENERIC_HEADS or not root.is_alpha:
            continue
        if any(t.pos_ == "PRON" or not (t.is_alpha or t.text in "-'") for t in tokens):
            continue
        bare = doc[tokens[0].i : tokens[-1].i + 1].text
        first = chunk[0].lower_
        if first in ("my", "our"):
            spoken = f"your {bare}"
        elif first in ("these", "those"):
            spoken = f"those {bare}"
        elif first in DETERMINERS:
            spoken = f"the {bare}"
        else:
            spoken = bare
        return bare, spoken
    return None, None


def _first_clause(sentence: Span) -> str:
    for token in sentence:
        if token.i > sentence.start and (token.lower_ in CLAUSE_BREAKS or token.text in ",;:"):
            return sentence.doc[sentence.start : token.i].text
    return sentence.text


def _quote(doc: Doc, evidence: str | None) -> str | None:
    candidates = []
    if evidence:
        candidates.append(evidence)
    for sentence in doc.sents:
        candidates += [sentence.text, _first_clause(sentence)]
    for candidate in candidates:
        text = candidate.strip().strip(".,;:!?\"' ").strip()
        if text and len(text.split()) <= MAX_QUOTE_WORDS and "\n" not in text:
            return text
    return None


def _rest_of_clause(doc: Doc, start: int) -> list[Token] | None:
    """From the verb onwards, up to a clause break (because, and, a comma …)."""
    tokens = []
    for token in doc[start:]:
        if token.lower_ in CLAUSE_BREAKS or token.is_punct or token.is_space:
            break
        tokens.append(token)
    if not tokens or len(tokens) > MAX_LIBERATING_WORDS:
        return None
    return tokens


def _first_person(token: Token) -> bool:
    return token.lower_ in ("i", "we")


def _subject_of(doc: Doc, auxiliary: Token) -> str | None:
    """The (non-first-person) subject of the verb this auxiliary belongs to, said back."""
    verb = auxiliary.head
    subjects = [child for child in verb.children if child.dep_ == "nsubj" and child.i < auxiliary.i]
    if not subjects or subjects[0].lower_ in ("i", "we", "it", "this", "that"):
        return None
    tokens = list(subjects[0].subtree)
    if len(tokens) > 4:
        return None
    said = second_person(tokens)
    return said if tokens[0].pos_ == "PROPN" else said[:1].lower() + said[1:]


def _liberating(doc: Doc) -> str | None:
    for token in doc:
        found = _turn_assumption(doc, token)
        if found:
            return found
    return None


def _turn_assumption(doc: Doc, t: Token) -> str | None:
    i = t.i
    words = [w.lower_ for w in doc[i : i + 6]]
    at = words.__getitem__

    def rest(offset: int) -> str | None:
        tokens = _rest_of_clause(doc, i + offset)
        return second_person(tokens) if tokens else None

    def not_reported(length: int) -> bool:
        return GUARDS["not_reported"](doc[i : i + length])

    if len(words) < 3:
        return None
    # I can't X  ->  you can X
    if _first_person(t) and at(1) in ("ca", "can") and at(2) in ("n't", "not"):
        verb = doc[i + 3] if i + 3 < len(doc) else None
        if (
            verb is not None
            and verb.pos_ in ("VERB", "AUX")
            and verb.lemma_ not in NOT_ABILITY
            and not_reported(3)
        ):
            tail = rest(3)
            return f"you can {tail}" if tail else None
    if _first_person(t) and at(1) == "cannot":
        verb = doc[i + 2]
        if verb.pos_ in ("VERB", "AUX") and verb.lemma_ not in NOT_ABILITY and not_reported(2):
            tail = rest(2)
            return f"you can {tail}" if tail else None
    # I'm not good enough to X  ->  you are good enough to X
    negated_be = _first_person(t) and at(1) in ("'m", "am", "are", "'re") and at(2) == "not"
    if negated_be and len(words) > 4 and at(3) in ENOUGH_WORDS and at(4) == "enough" and not_reported(5):
        tail = rest(5)
        return f"you are {at(3)} enough {tail}" if tail and tail.startswith("to ") else None
    # I'm no good at X  ->  you could be good at X
    no_good = _first_person(t) and at(1) in ("'m", "am") and at(2) == "no" and len(words) > 4
    if no_good and at(3) == "good" and at(4) == "at" and not_reported(5):
        tail = rest(5)
        return f"you could be good at {tail}" if tail else None
    # I'll never X / I will never X  ->  you could X
    if _first_person(t) and at(1) in ("'ll", "will") and at(2) == "never" and not_reported(3):
        tail = rest(3)
        return f"you could {tail}" if tail else None
    # I have to X / I must X  ->  you do not have to X
    if _first_person(t) and at(1) in ("have", "'ve") and at(2) in ("to", "got"):
        offset = 3 if at(2) == "to" else 4
        if (at(2) == "to" or at(3) == "to") and not_reported(offset):
            tail = rest(offset)
            return f"you do not have to {tail}" if tail else None
    if _first_person(t) and at(1) == "must" and not_reported(2):
        tail = rest(2)
        return f"you do not have to {tail}" if tail else None
    # they'll never X / my manager will never X  ->  they might X / your manager might X
    if t.lower_ in ("'ll", "will") and at(1) == "never" and not_reported(2):
        subject = _subject_of(doc, t)
        tail = rest(2)
        return f"{subject} might {tail}" if subject and tail else None
    if (
        t.lower_ in ("they", "he", "she")
        and at(1) in ("wo", "will")
        and at(2) in ("n't", "not")
        and at(3) == "ever"
    ):
        tail = rest(4)
        return f"{t.lower_} might {tail}" if tail and not_reported(4) else None
    # nobody / no one will X  ->  someone might X
    if t.lower_ == "nobody" and at(1) in ("will", "'ll") and not_reported(2):
        tail = rest(2)
        return f"someone might {tail}" if tail else None
    if t.lower_ == "no" and at(1) == "one" and at(2) in ("will", "'ll") and not_reported(3):
        tail = rest(3)
        return f"someone might {tail}" if tail else None
    # there's no point in X  ->  there is a point in X
    if t.lower_ == "there" and at(1) in ("'s", "is") and at(2) == "no" and at(3) == "point":
        offset = 5 if at(4) == "in" else 4
        tail = rest(offset)
        return f"there is a point in {tail}" if tail and not_reported(4) else None
    # it's impossible to X  ->  it is possible to X
    if t.lower_ == "it" and at(1) in ("'s", "is") and at(2) == "impossible" and at(3) == "to":
        tail = rest(4)
        return f"it is possible to {tail}" if tail and not_reported(3) else None
    return None


def extract_slots(doc: Doc, evidence: str | None = None) -> Slots:
    phrase, phrase_you = _phrase(doc)
    return Slots(
        phrase=phrase, phrase_you=phrase_you, quote=_quote(doc, evidence), liberating=_liberating(doc)
    )
