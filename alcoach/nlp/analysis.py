"""`analyse()`: what a member's answer shows — labels with evidence, phrases, safety."""

from __future__ import annotations

from dataclasses import dataclass, replace

from spacy.language import Language
from spacy.tokens import Doc, Span

from alcoach.nlp import risk_subject, safety
from alcoach.nlp.classifier import MemberClassifier, clause_max, load_classifier
from alcoach.nlp.cues import CueMatch, CueMatcher, has_time_expression
from alcoach.nlp.embeddings import Embedder, SpanEmbeddings
from alcoach.nlp.heard import hear, heard_span
from alcoach.nlp.hearing import Heard, Hearing
from alcoach.nlp.labels import THINKING_PATTERNS
from alcoach.nlp.language import looks_english
from alcoach.nlp.models import Models
from alcoach.nlp.phrases import key_phrases
from alcoach.nlp.requests import asks_for_answers
from alcoach.nlp.result import Analysis, LabelFinding
from alcoach.nlp.safety_model import SafetyModel, SafetyVerdict, decide, load_safety_model
from alcoach.nlp.slots import extract_slots, heard_slots
from alcoach.nlp.structure import structure
from alcoach.nlp.text import for_models

# A label is reported when the combined weight of its cues reaches this.
PRESENCE_THRESHOLD = 0.5
# "I'll ring her" is an intention; "I'll ring her on Monday" is a commitment.
TIMED_COMMITMENT_BOOST = 0.5
# A classifier probability from this share of a label's threshold up to it is a leaning.
LEANING_FROM = 0.5


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


@dataclass(frozen=True)
class CueEvidence:
    score: float
    span: Span


class Analyser:
    """Reads an answer: cue matchers always; the trained classifier when it is given and the
    answer has been embedded. Safety is checked separately, by fixed rules."""

    def __init__(
        self,
        nlp: Language,
        embedder: Embedder | None = None,
        classifier: MemberClassifier | None = None,
        safety_model: SafetyModel | None = None,
    ) -> None:
        self._nlp = nlp
        self._embedder = embedder
        self._classifier = classifier
        self._safety_model = safety_model
        self._cues = CueMatcher(nlp)

    @property
    def nlp(self) -> Language:
        return self._nlp

    @classmethod
    def shipped(cls, models: Models) -> Analyser:
        """The analyser as the app uses it: cues, the trained classifier and both safety halves."""
        return cls(models.nlp, models.embedder, load_classifier(), load_safety_model())

    def analyse(self, text: str, embed: bool = True) -> Analysis:
        readable = for_models(text)
        if not readable.strip() or not looks_english(readable):
            # The models read English only: save, but do not guess at patterns.
            verdict = decide(text, None, None)
            return Analysis(
                text=text,
                safety=verdict.status,
                safety_level=verdict.level,
                safety_evidence=verdict.evidence,
                english=not readable.strip(),
            )
        doc = self._nlp(readable)
        cues = self.cue_evidence(doc)
        embedding = embeddings = None
        if embed and self._embedder is not None:
            tokens = self._embedder.read(readable)
            embedding = tokens.whole()
            embeddings = SpanEmbeddings(self._embedder, tokens)
        verdict = decide(
            text, self._safety_model, embeddings, risk_subject.reader(doc), risk_subject.clause_reader(doc)
        )
        if self._classifier is not None and embedding is not None and embeddings is not None:
            scores = {label: evidence.score for label, evidence in cues.items()}
            pooled = clause_max(readable, embedding, embeddings)
            probabilities = self._classifier.probabilities(
                readable, embedding, pooled, scores, structure(doc)
            )
            findings = self._classified(text, doc, cues, probabilities)
            leanings = self._leanings(probabilities)
        else:
            findings, leanings = self._cued(text, cues), {}
        if verdict.status == safety.CONCERN:
            findings, leanings = _around_risk(verdict, findings), {}
        findings.sort(key=lambda finding: (-finding.score, finding.start))
        original = text[: len(readable)]
        hearing = hear(doc, original, asks_for_answers(text))
        hearing = _with_assumption_from_labels(hearing, doc, original, findings)
        hearing = _without_actions_that_are_patterns(hearing, findings)
        hearing = _with_insight_from_labels(hearing, doc, original, findings)
        if verdict.status == safety.CONCERN:
            hearing = hearing.without(lambda item: _said_about_risk(item.source, verdict))
        evidence = (findings[0].start, findings[0].end) if findings else None
        slots = extract_slots(doc, original, evidence).as_dict()
        if hearing.insight is not None and "quote" in slots and slots["quote"] in hearing.insight.source:
            # An insight is taken further, never questioned as if it were a distortion.
            del slots["quote"]
        if _opens_with_role(text, slots.get("phrase", "")):
            slots.pop("phrase", None)  # "Wing manager, Cat B." is who they are, not their topic
            slots.pop("phrase_you", None)
        phrase = slots.get("phrase", "\0")
        if any(phrase in item.source and phrase != _bare(item.said) for item in hearing.striking):
            # "banging my head against a wall" is asked about whole, never as "that head".
            slots.pop("phrase", None)
            slots.pop("phrase_you", None)
        heard, sources = heard_slots(hearing)
        if "quote" in slots:
            sources["quote"] = slots["quote"]
        return Analysis(
            text=text,
            labels=tuple(findings),
            phrases=tuple(key_phrases(doc)),
            safety=verdict.status,
            safety_level=verdict.level,
            safety_evidence=verdict.evidence,
            embedding=embedding,
            slots={**slots, **heard},
            leanings=leanings,
            heard=hearing,
            slot_sources=sources,
        )

    def parsed_features(self, text: str) -> tuple[dict[str, float], str]:
        """What the classifier takes from the parse: each label's combined cue weight (no
        threshold) and the answer's structure."""
        doc = self._nlp(for_models(text))
        return {label: e.score for label, e in self.cue_evidence(doc).items()}, structure(doc)

    def cue_evidence(self, doc: Doc) -> dict[str, CueEvidence]:
        by_label: dict[str, list[CueMatch]] = {}
        for match in self._cues.find(doc):
            by_label.setdefault(match.label, []).append(match)
        found = {}
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
            found[label] = CueEvidence(combine(weights), strongest.span)
        return found

    def _cued(self, text: str, cues: dict[str, CueEvidence]) -> list[LabelFinding]:
        return [
            _finding(text, label, evidence.score, evidence_span(evidence.span))
            for label, evidence in cues.items()
            if evidence.score >= PRESENCE_THRESHOLD
        ]

    def _leanings(self, probabilities: dict[str, float]) -> dict[str, float]:
        """Labels under their threshold but not far under it, scaled so 0.5 is the threshold."""
        assert self._classifier is not None
        leanings = {}
        for label, probability in probabilities.items():
            threshold = self._classifier.thresholds[label]
            if LEANING_FROM * threshold <= probability < threshold:
                leanings[label] = round(0.5 * probability / threshold, 4)
        return leanings

    def _classified(
        self, text: str, doc: Doc, cues: dict[str, CueEvidence], probabilities: dict[str, float]
    ) -> list[LabelFinding]:
        assert self._classifier is not None
        findings = []
        for label, probability in probabilities.items():
            threshold = self._classifier.thresholds[label]
            if probability < threshold:
                continue
            # Reported on the same scale as the cues: 0.5 at the label's threshold, 1 at certainty.
            score = 0.5 + 0.5 * (probability - threshold) / max(1.0 - threshold, 1e-6)
            if label in cues:
                span = evidence_span(cues[label].span)
            else:
                # No cue named it: quote the sentence whose wording speaks for it most.
                span = max(doc.sents, key=lambda s: self._classifier.wording_score(label, s.text))
                span = _trimmed(span)
            findings.append(_finding(text, label, round(score, 4), span))
        return findings


# Patterns whose evidence is a belief about others or the future: when no "I assume…" was
# heard, the clause that showed one is the assumption to take up.
ASSUMING_LABELS = ("mind_reading", "fortune_telling", "all_or_nothing", "self_blame")
# All-or-nothing words that make a present-tense statement a sweeping belief.
SWEEPING = frozenset("always never nobody everyone everybody every all none nothing lot exception".split())
# A belief about others' minds reads through a verb like these; a prediction through a future.
MIND_VERBS = frozenset(
    "think know want decide believe assume reckon care see hate like expect notice mind trust rate"
    " blame judge feel".split()
)
FUTURE = frozenset(["will", "'ll", "wo", "would", "'d", "going", "gon"])


def _said_about_risk(words: str, verdict: SafetyVerdict) -> bool:
    """The words overlap what raised the concern (either holds the other)."""
    words = words.strip().lower()
    return bool(words) and any(
        words in evidence.lower() or evidence.lower() in words for evidence in verdict.evidence if evidence
    )


def _around_risk(verdict: SafetyVerdict, findings: list[LabelFinding]) -> list[LabelFinding]:
    """What is kept of the labels on a concern. Immediate risk: only a feeling, if one is
    named. A possible concern: the labels, so the coach can still hear them if the member
    goes on, but never one read from the words about risk ("everyone would be better off
    without me" is not mind reading)."""
    if verdict.level == safety.IMMEDIATE:
        return [finding for finding in findings if finding.label == "feeling"]
    return [finding for finding in findings if not _said_about_risk(finding.evidence, verdict)]


def _with_assumption_from_labels(
    hearing: Hearing, doc: Doc, original: str, findings: list[LabelFinding]
) -> Hearing:
    if hearing.assumption is not None:
        return hearing
    for finding in findings:
        if finding.label not in ASSUMING_LABELS:
            continue
        span = doc.char_span(finding.start, finding.end, alignment_mode="expand")
        if span is None:
            continue
        span = _main_clause(span)
        if span.root.dep_ in ("relcl", "acl"):
            continue  # "forecasts that are always wrong" describes something; it is not the belief
        old = hearing.old_assumption
        if old is not None and old.start < span.end_char and span.start_char < old.end:
            continue  # an expectation they held and look back on, not one they hold
        if any(span.start_char <= f.start < span.end_char for f in hearing.feelings):
            continue  # "I feel anxious every Sunday night" is a feeling, not a belief to test
        if not _reads_as_belief(span, finding.label):
            continue  # "Chair cancelled the meeting" is what happened, not an assumption
        heard = heard_span(span, original)
        if heard is not None and len(heard.said.split()) >= 3:
            return replace(hearing, assumption=heard)
    return hearing


def _with_insight_from_labels(
    hearing: Hearing, doc: Doc, original: str, findings: list[LabelFinding]
) -> Hearing:
    """An insight the classifier read without one of the usual openers ("I'd been treating
    finance as the enemy"): its evidence, if it is a clause that can follow "that …"."""
    found = next((f for f in findings if f.label == "insight"), None)
    if hearing.insight is not None or found is None:
        return hearing
    span = doc.char_span(found.start, found.end, alignment_mode="expand")
    if span is None:
        return hearing
    span = _main_clause(span)
    heard = heard_span(span, original)
    # Only the reflective voice of a view that has changed: "I'd been treating finance as the
    # enemy", "I'd made that up" (a plain past, "I asked how she saw it", is what happened).
    root = span.root
    looking_back = any(c.lower_ in ("had", "'d", "been") and c.dep_ == "aux" for c in root.children)
    first_person = any(c.lower_ in ("i", "we") and c.dep_ == "nsubj" for c in root.children)
    if heard is None or not (looking_back and first_person) or len(span) < 4:
        return hearing
    return replace(hearing, insight=heard, done=None if _same(hearing.done, heard) else hearing.done)


def _opens_with_role(text: str, phrase: str) -> bool:
    """The answer opens with the member's role, the phrase, then a comma or full stop."""
    start = text.lstrip()
    return (
        bool(phrase)
        and start.lower().startswith(phrase.lower())
        and start[len(phrase) : len(phrase) + 1]
        in (
            ",",
            ".",
            ":",
            ";",
        )
    )


def _bare(phrase: str) -> str:
    """The phrase without its article: "a pressure cooker" -> "pressure cooker"."""
    first, _, rest = phrase.partition(" ")
    return rest if first.lower() in ("a", "an", "the") and rest else phrase


def _same(a: Heard | None, b: Heard) -> bool:
    return a is not None and a.start < b.end and b.start < a.end


def _without_actions_that_are_patterns(hearing: Hearing, findings: list[LabelFinding]) -> Hearing:
    """ "I let my Year 11s down badly" is self-blame, not an action to ask "what surprised you"
    about: an action whose words showed a thinking pattern is heard as the pattern."""
    patterns = [f for f in findings if f.label in THINKING_PATTERNS]

    def overlaps(item: Heard | None) -> bool:
        return item is not None and any(f.start < item.end and item.start < f.end for f in patterns)

    changes = {name: None for name in ("done", "not_done", "commitment") if overlaps(getattr(hearing, name))}
    return replace(hearing, **changes) if changes else hearing


def _reads_as_belief(span: Span, label: str) -> bool:
    verbs = [t for t in span if t.pos_ in ("VERB", "AUX")]
    root = span.root
    subjects = [c.lower_ for c in root.children if c.dep_ in ("nsubj", "nsubjpass")]
    if label == "self_blame":
        # "it's all down to me", "I should have spotted it": a verdict on themselves to test.
        return len(span) >= 4 and any(t.tag_ in ("VBZ", "VBP", "VBD", "MD") for t in span)
    if subjects and subjects[0] in ("i", "we"):
        # About the member themselves, only a plain prediction: "I'll bottle it on the day".
        return label == "fortune_telling" and any(c.lower_ in FUTURE for c in root.children)
    if label == "mind_reading":
        return any(t.lemma_.lower() in MIND_VERBS and t.tag_ != "VBD" for t in verbs)
    present = root.tag_ in ("VBZ", "VBP") or any(
        c.tag_ in ("VBZ", "VBP") for c in root.children if c.dep_ == "aux"
    )
    if label == "all_or_nothing":
        # "He always agrees", "everyone wants weekends off" — not "walks are now every Thursday".
        subject = [t.lower_ for c in root.children if c.dep_ in ("nsubj", "nsubjpass") for t in c.subtree]
        sweeping = any(t.lower_ in ("always", "never") for t in span) or bool(set(subject) & SWEEPING)
        return present and sweeping
    # A prediction: a future, or the present of something still to come ("is heading for a grievance").
    return any(t.lower_ in FUTURE for t in span) or (present and root.tag_ != "VBD")


def _main_clause(span: Span) -> Span:
    """The clause without a leading "if …," / "because …,": from its subject on."""
    root = span.root
    subjects = [c for c in root.children if c.dep_ in ("nsubj", "nsubjpass") and c.i >= span.start]
    if subjects and subjects[0].left_edge.i > span.start:
        return span.doc[subjects[0].left_edge.i : span.end]
    return span


def _trimmed(span: Span) -> Span:
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].is_punct or doc[start].is_space):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    return doc[start:end] if end > start else span


def _finding(text: str, label: str, score: float, span: Span) -> LabelFinding:
    start, end = span.start_char, span.end_char
    return LabelFinding(label, score, text[start:end], start, end)
