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

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from alcoach.nlp.hearing import Heard, Hearing
from alcoach.nlp.incisive import CLAUSE_BREAKS, liberating_alternative
from alcoach.nlp.phrases import GENERIC_HEADS

MAX_PHRASE_WORDS = 4
MAX_QUOTE_WORDS = 8  # longer, and saying it back parrots the whole sentence
MAX_LIBERATING_WORDS = 12

POSSESSIVES = frozenset(["my", "our", "your", "his", "her", "their", "its"])
DETERMINERS = frozenset(
    ["a", "an", "the", "this", "that", "these", "those", "some", "any", "every", "each", "all", "no"]
)


@dataclass(frozen=True)
class Slots:
    phrase: str | None = None
    phrase_you: str | None = None
    quote: str | None = None
    liberating: str | None = None

    def as_dict(self) -> dict[str, str]:
        return {key: value for key, value in self.__dict__.items() if value}


MIN_QUOTE_WORDS = 3
# A quote that starts with one of these is a fragment of a clause, not something said.
FRAGMENT_STARTS = frozenset(
    "than to so but and or because as that which who of for with the a an in on at from by into".split()
)
# "What struck me", "How it went": the opening of something, not something said.
WH_STARTS = frozenset("what how why where when which who whether".split())
TIME_NOUNS = frozenset("year years month months week weeks day days hour hours minute minutes time".split())


METAPHOR = 3


def _phrase_score(chunk: Span) -> int:
    """Metaphors first ("like a pressure cooker", "the meeting was a car crash"), then
    what the answer is about (subjects and objects), then anything else."""
    root = chunk.root
    if root.dep_ == "pobj" and root.head.lower_ == "like":
        return METAPHOR
    if root.dep_ == "attr":
        subjects = [c for c in root.head.children if c.dep_ == "nsubj"]
        return METAPHOR if subjects and subjects[0].lower_ not in ("i", "we") else 0
    return 2 if root.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj") else 1


def _phrase(doc: Doc, original: str) -> tuple[str | None, str | None]:
    """The phrase to ask about (a metaphor if there is one) and the topic to name back.

    A metaphor is perfect for Clean Language ("What kind of car crash is that car crash?")
    but odd as a topic ("the car crash on a good day"), so the topic is the best phrase that
    is what the answer is about.
    """
    candidates: list[tuple[int, int, str, str, bool]] = []
    for chunk in doc.noun_chunks:
        tokens = list(chunk)
        while tokens and (tokens[0].lower_ in POSSESSIVES | DETERMINERS):
            tokens = tokens[1:]
        # "head of year", "quality of care": keep a short "of" phrase with its noun.
        after = doc[chunk.end : chunk.end + 3]
        if (
            len(after) >= 2
            and after[0].lower_ == "of"
            and after[1].pos_ == "NOUN"
            and after[1].dep_ != "compound"
        ):
            tokens += [after[0], after[1]]
        if not tokens or len(tokens) > MAX_PHRASE_WORDS:
            continue
        root = chunk.root
        if root.pos_ != "NOUN" or root.lower_ in GENERIC_HEADS | TIME_NOUNS or not root.is_alpha:
            continue
        if any(t.pos_ == "PRON" or t.like_num or not (t.is_alpha or t.text in "-'’") for t in tokens):
            continue
        score = _phrase_score(chunk)
        if score == 0:
            continue
        bare = original[tokens[0].idx : tokens[-1].idx + len(tokens[-1].text)]
        if tokens[0].is_sent_start and tokens[0].pos_ != "PROPN":
            bare = bare[:1].lower() + bare[1:]
        first = chunk[0].lower_
        if first in ("my", "our"):
            spoken = f"your {bare}"
        elif first in ("these", "those"):
            spoken = f"those {bare}"
        elif first in DETERMINERS:
            spoken = f"the {bare}"
        else:
            spoken = bare
        # Clean Language says "that {phrase}": only a singular phrase reads right there.
        singular = root.tag_ in ("NN", "NNP")
        candidates.append((score, -chunk.start, bare, spoken, singular))
    if not candidates:
        return None, None
    clean = [c for c in candidates if c[4]]
    topics = [c for c in candidates if c[0] < METAPHOR]
    return (max(clean)[2] if clean else None), (max(topics)[3] if topics else None)


COORDINATORS = frozenset("and but so or".split())


def _clauses(doc: Doc) -> list[Span]:
    """Each sentence, then its main clauses split at commas and "and/but/so"; a clause that
    follows "if", "because", "when" … depends on the rest and is not quoted alone."""
    found = []
    for sentence in doc.sents:
        if sentence.text.rstrip().endswith("?"):
            continue  # quoting a question back to the member reads oddly
        found.append(sentence)
        start, subordinate = sentence.start, False
        for token in sentence:
            breaks = token.lower_ in CLAUSE_BREAKS or token.text in ",;:—–"
            if token.lower_ == "or" and any(t.lower_ in ("either", "whether") for t in doc[start : token.i]):
                breaks = False  # "either it fixes the queue or it's rubbish" is one thought
            if token.i > start and breaks:
                if not subordinate:
                    found.append(doc[start : token.i])
                start = token.i + 1
                subordinate = token.lower_ in CLAUSE_BREAKS and token.lower_ not in COORDINATORS
        if sentence.start < start < sentence.end and not subordinate:
            found.append(doc[start : sentence.end])
    return found


def _quote(doc: Doc, original: str, evidence: tuple[int, int] | None) -> str | None:
    """The member's exact words, short enough to quote back and a clause in their own right."""
    spans: list[tuple[int, int]] = [evidence] if evidence else []
    spans += [(c.start_char, c.end_char) for c in _clauses(doc)]
    for start, end in spans:
        text = original[start:end].strip().strip(".,;:!?\"'“”‘’ ").strip()
        words = text.split()
        if not MIN_QUOTE_WORDS <= len(words) <= MAX_QUOTE_WORDS or "\n" in text:
            continue
        if words[0].lower() in FRAGMENT_STARTS | WH_STARTS:
            continue
        if text.count("“") != text.count("”") or text.count("(") != text.count(")") or text.count('"') % 2:
            continue  # an unbalanced quotation mark would garble the question
        clause = doc.char_span(start, end, alignment_mode="expand")
        if clause is None or not _complete(clause):
            continue
        # Its own subject: "had been waiting for me to say it" has "me" only inside.
        has_subject = any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in clause.root.children)
        if clause is not None and has_subject and any(t.pos_ in ("VERB", "AUX") for t in clause):
            return text
    return None


def _complete(clause: Span) -> bool:
    """A clause that stands on its own: not a fragment whose words reach past its end ("My
    fellow deputy heads seem …", "I keep going back …"), nor a dependent clause ("Whatever
    went wrong in the handover …")."""
    end = clause.end
    for token in clause:
        if any(
            child.i >= end and not child.is_punct and child.dep_ not in ("cc", "conj")
            for child in token.children
        ):
            return False
    root = clause.root
    return root.dep_ in ("ROOT", "conj") or root.head.i in range(clause.start, clause.end)


def extract_slots(doc: Doc, original: str, evidence: tuple[int, int] | None = None) -> Slots:
    """Slots from the parsed answer; `original` is the member's text (same length as the
    parsed copy), so phrases and quotes keep their exact characters."""
    phrase, phrase_you = _phrase(doc, original)
    return Slots(
        phrase=phrase,
        phrase_you=phrase_you,
        quote=_quote(doc, original, evidence),
        liberating=liberating_alternative(doc),
    )


def heard_slots(hearing: Hearing) -> tuple[dict[str, str], dict[str, str]]:
    """Slots for the frames that take up what was heard, and for each slot the member's exact
    words it came from (so "why this question" quotes the same words the question uses)."""
    slots: dict[str, str] = {}
    sources: dict[str, str] = {}

    def put(name: str, item: Heard | None, said: str | None = None) -> None:
        if item is not None and (said or item.said):
            slots[name] = said or item.said
            sources[name] = item.source

    feelings = list(hearing.feelings)
    put("feeling", feelings[0] if feelings else None)
    put("feeling2", feelings[1] if len(feelings) > 1 else None)
    put("striking", hearing.striking[0] if hearing.striking else None)
    put("assumption", hearing.assumption)
    put("old_assumption", hearing.old_assumption)
    put("unknown", hearing.unknown)
    if hearing.duty is not None:
        put("duty", hearing.duty)
        if not re.search(r"\bbe\b", " ".join(hearing.duty.said.split()[:3]).lower()):
            put("duty_act", hearing.duty)  # an action ("have to answer…"), not a state ("should be…")
    put("insight", hearing.insight)
    put("commitment", hearing.commitment)
    put("done", hearing.done)
    put("not_done", hearing.not_done)
    people = [p for p in hearing.people if p.said.lower() not in NOT_A_PERSPECTIVE]
    put("person", people[0] if people else None)
    words = hearing.ask.said.lower().split() if hearing.ask is not None else []
    # "help seeing what you're missing" is a thing to be given; "help you work out…" is not.
    if words and words[0] in NOUN_ASK_STARTS and not (len(words) > 1 and words[1] in ("you", "me", "us")):
        put("ask", hearing.ask)
    return slots, sources


# "How might nobody describe it?": these name no one whose view can be taken.
NOT_A_PERSPECTIVE = frozenset(["nobody", "no one", "everyone", "everybody"])
# An ask that reads as a thing to be given ("help seeing …", "a fresh pair of eyes").
NOUN_ASK_STARTS = frozenset("help a an some ideas challenge support questions views feedback".split())
