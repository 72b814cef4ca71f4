"""`analyse()`: what a member's answer shows — labels with evidence, phrases, safety."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Span

from alcoach.nlp import safety
from alcoach.nlp.cues import CueMatch, CueMatcher, has_time_expression
from alcoach.nlp.embeddings import Embedder
from alcoach.nlp.language import looks_english
from alcoach.nlp.phrases import key_phrases
from alcoach.nlp.result import Analysis, LabelFinding
from alcoach.nlp.slots import extract_slots
from alcoach.nlp.text import for_models

# A label is reported when the combined weight of its cues reaches this.
PRESENCE_THRESHOLD = 0.5
# "I'll ring her" is an intention; "I'll ring her on Monday" is a commitment.
TIMED_COMMITMENT_BOOST = 0.5


MAX_EVIDENCE_TOKENS = 30


def evidence_span(span: Span) -> Span:
    """The clause the cue sits in ("My boss thinks I'm useless"), not just the cue words.

    Coordinated clauses ("… and I can't change anything") are left out, so each label
    quotes its own part of the sentence. A very long clause falls back to the cue itself.
    """
    verb = span.root
    while (
        verb.pos_ not in ("VERB", "AUX") or verb.dep_ in ("aux", "auxpass", "neg")
    ) and verb.head.i != verb.i:
        verb = verb.head
    left_out: set[int] = set()
    for token in verb.subtree:
        is_clause = token.dep_ == "conj" and token.pos_ in ("VERB", "AUX")
        if is_clause and token.i != verb.i and token.i >= span.end and token.i not in left_out:
            left_out.update(t.i for t in token.subtree)
    indices = [t.i for t in verb.subtree if t.i not in left_out]
    indices += [t.i for t in span]
    start, end = min(indices), max(indices) + 1
    cut = [i for i in left_out if i >= span.end]
    if cut:
        end = min(end, min(cut))
    doc = span.doc
    while start < end and (doc[start].is_punct or doc[start].is_space):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space or doc[end - 1].dep_ == "cc"):
        end -= 1
    if end - start > MAX_EVIDENCE_TOKENS or end <= start:
        return span
    return doc[start:end]


def combine(weights: list[float]) -> float:
    """Independent cues: each one closes part of the remaining doubt."""
    doubt = 1.0
    for weight in weights:
        doubt *= 1.0 - weight
    return round(min(1.0 - doubt, 0.99), 4)


class Analyser:
    def __init__(self, nlp: Language, embedder: Embedder | None = None) -> None:
        self._nlp = nlp
        self._embedder = embedder
        self._cues = CueMatcher(nlp)

    def analyse(self, text: str, embed: bool = True) -> Analysis:
        readable = for_models(text)
        if not readable.strip():
            return Analysis(text=text, safety=safety.assess(text))
        if not looks_english(readable):
            # The models read English only: save, but do not guess at patterns.
            return Analysis(text=text, safety=safety.assess(text), english=False)
        doc = self._nlp(readable)
        findings = self._findings(text, self._cues.find(doc))
        embedding = None
        if embed and self._embedder is not None:
            embedding = self._embedder.encode_one(readable)
        evidence = (findings[0].start, findings[0].end) if findings else None
        return Analysis(
            text=text,
            labels=tuple(findings),
            phrases=tuple(key_phrases(doc)),
            safety=safety.assess(text),
            embedding=embedding,
            slots=extract_slots(doc, text[: len(readable)], evidence).as_dict(),
        )

    def _findings(self, text: str, matches: list[CueMatch]) -> list[LabelFinding]:
        by_label: dict[str, list[CueMatch]] = {}
        for match in matches:
            by_label.setdefault(match.label, []).append(match)
        findings = []
        for label, label_matches in by_label.items():
            # One cue counted once per place: overlapping patterns do not stack.
            distinct: dict[tuple[int, int], CueMatch] = {}
            for match in label_matches:
                key = (match.span.sent.start, match.span.start)
                if key not in distinct or match.weight > distinct[key].weight:
                    distinct[key] = match
            weights = [match.weight for match in distinct.values()]
            strongest = max(distinct.values(), key=lambda m: (m.weight, -m.span.start))
            if label == "action_commitment" and has_time_expression(strongest.span.sent):
                weights.append(TIMED_COMMITMENT_BOOST)
            score = combine(weights)
            if score >= PRESENCE_THRESHOLD:
                evidence = evidence_span(strongest.span)
                start, end = evidence.start_char, evidence.end_char
                findings.append(LabelFinding(label, score, text[start:end], start, end))
        findings.sort(key=lambda finding: (-finding.score, finding.start))
        return findings
