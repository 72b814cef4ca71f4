"""Find the cue phrases for each label in a parsed text, with the span that showed it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span

from alcoach.nlp.cue_rules import CUES, ROUTINE_WORDS, Cue
from alcoach.nlp.patterns import compile_pattern

REPORT_VERBS = frozenset(
    [
        "say",
        "tell",
        "suggest",
        "insist",
        "claim",
        "advise",
        "reckon",
        "think",
        "feel",
        "believe",
        "recommend",
        "mention",
        "warn",
        "keep",
        "expect",
        "want",
        "announce",
        "state",
        "declare",
        "write",
        "email",
        "inform",
        "report",
    ]
)
FIRST_PERSON = frozenset({"i", "we", "me", "us"})
NOT_HELPLESS_AFTER_CANT = frozenset(
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
        "understand",
        "decide",
        "sleep",
        "predict",
        "fathom",
        "afford",
        "find",
        "stop",
    ]
)
FUTURE_WORDS = frozenset(["will", "'ll", "wo", "going", "gon", "bound", "might", "could", "may", "probably"])
OUTCOME_WORDS = frozenset(
    [
        "sacked",
        "fired",
        "blamed",
        "fail",
        "lose",
        "never",
        "probably",
        "regret",
        "laughed",
        "shouted",
        "disciplined",
        "get",
        "be",
    ]
)
TIME_WORDS = ROUTINE_WORDS | frozenset(
    [
        "today",
        "tomorrow",
        "tonight",
        "week",
        "weekend",
        "month",
        "afternoon",
        "asap",
        "soon",
        "morning",
        "next",
        "friday",
    ]
)


@dataclass(frozen=True)
class CueMatch:
    label: str
    weight: float
    span: Span


def _not_reported(span: Span) -> bool:
    """False when the cue sits inside someone else's reported words ("she said I should")."""
    inside = {token.i for token in span}
    for token in span:
        for ancestor in token.ancestors:
            if ancestor.i in inside or ancestor.lemma_.lower() not in REPORT_VERBS:
                continue
            subjects = [c for c in ancestor.children if c.dep_ in ("nsubj", "nsubjpass")]
            if subjects and subjects[0].lower_ not in FIRST_PERSON:
                return False
    return True


def _not_negated(span: Span) -> bool:
    """False when a verb governing the cue is negated ("I don't think they hate me")."""
    inside = {token.i for token in span}
    for token in span:
        for ancestor in token.ancestors:
            if ancestor.i not in inside and any(c.dep_ == "neg" for c in ancestor.children):
                return False
    return True


def _not_negated_near(span: Span) -> bool:
    before = span.doc[max(span.start - 3, 0) : span.start]
    return not any(token.lower_ in ("not", "n't", "never", "no") for token in before)


def _not_scheduling(span: Span) -> bool:
    """ "I can't make Thursday" is diary talk, not helplessness."""
    following = span.doc[span.end : span.end + 2]
    return not any(token.lemma_.lower() in NOT_HELPLESS_AFTER_CANT for token in following)


def _not_routine(span: Span) -> bool:
    """ "We always meet on Tuesdays" is a routine, not all-or-nothing thinking."""
    return not any(t.lower_ in ROUTINE_WORDS or t.like_num for t in span.sent)


def _third_person(span: Span) -> bool:
    return span[0].lower_ not in FIRST_PERSON and span[0].lower_ != "you"


def _future(span: Span) -> bool:
    return any(token.lower_ in FUTURE_WORDS for token in span.sent)


def _not_outcome(span: Span) -> bool:
    """ "I'll be sacked" predicts; it does not commit."""
    window = span.doc[span.start : span.end + 2]
    return not any(token.lower_ in OUTCOME_WORDS for token in window[2:])


def _not_hindsight(span: Span) -> bool:
    """ "I should have seen it coming" looks back in blame; it is not a rule for now."""
    following = span.doc[span.end : span.end + 1]
    return not any(token.lower_ in ("have", "'ve", "of") for token in following)


def _not_epistemic(span: Span) -> bool:
    """ "They must be sick of me" guesses at others; it is not a rule."""
    if span[0].lower_ in FIRST_PERSON or span[-1].lower_ != "must":
        return True
    following = span.doc[span.end : span.end + 1]
    return not any(token.lemma_ in ("be", "have") for token in following)


def _plural_others(span: Span) -> bool:
    return span[0].lower_ in ("other", "the") and span[-2].tag_ in ("NNS", "NNPS")


def has_time_expression(sentence: Span) -> bool:
    return any(token.lower_ in TIME_WORDS or token.like_num for token in sentence)


def _timed(span: Span) -> bool:
    return has_time_expression(span.sent)


GUARDS: dict[str, Callable[[Span], bool]] = {
    "not_reported": _not_reported,
    "not_negated": _not_negated,
    "not_negated_near": _not_negated_near,
    "not_scheduling": _not_scheduling,
    "not_routine": _not_routine,
    "third_person": _third_person,
    "future": _future,
    "not_outcome": _not_outcome,
    "timed": _timed,
    "not_hindsight": _not_hindsight,
    "not_epistemic": _not_epistemic,
    "plural_others": _plural_others,
}


class CueMatcher:
    """All cue patterns compiled once into one spaCy Matcher."""

    def __init__(self, nlp: Language, cues: list[Cue] = CUES) -> None:
        self._matcher = Matcher(nlp.vocab)
        self._cues: dict[str, Cue] = {}
        for number, cue in enumerate(cues):
            unknown = [guard for guard in cue.guards if guard not in GUARDS]
            if unknown:
                raise ValueError(f"cue {cue.pattern!r}: unknown guard {unknown}")
            key = f"{cue.label}#{number}"
            self._cues[key] = cue
            self._matcher.add(key, [compile_pattern(cue.pattern)])

    def find(self, doc: Doc) -> list[CueMatch]:
        found: list[CueMatch] = []
        for match_id, start, end in self._matcher(doc):
            cue = self._cues[doc.vocab.strings[match_id]]
            span = doc[start:end]
            if all(GUARDS[guard](span) for guard in cue.guards):
                found.append(CueMatch(cue.label, cue.weight, span))
        return found
