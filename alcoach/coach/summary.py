"""What the member takes away: their key sentences in their own words, the patterns noticed
(with counts and the words that showed them), their commitments, and the questions they
marked useful. Answers that raised a safety concern are left out of all of it."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from alcoach.coach.handback import asks_for_answers
from alcoach.nlp.labels import THINKING_PATTERNS
from alcoach.nlp.safety import CONCERN
from alcoach.nlp.text import sentences
from alcoach.store.repository import MEMBER, TurnRecord


@dataclass(frozen=True)
class Summary:
    key_sentences: list[str] = field(default_factory=list)
    patterns: dict[str, int] = field(default_factory=dict)
    want_from_set: str | None = None
    next_step: str | None = None
    pattern_quotes: dict[str, list[str]] = field(default_factory=dict)  # label -> the member's words
    commitments: list[str] = field(default_factory=list)
    useful_questions: list[str] = field(default_factory=list)
    # Every answer by stage, in the member's words (for exports).
    answers_by_stage: dict[str, list[str]] = field(default_factory=dict)


def _sentence_containing(text: str, evidence: str | None) -> str:
    found = sentences(text)
    if not found:
        return text.strip()
    if evidence:
        for sentence in found:
            if evidence in sentence:
                return sentence
    return found[0]


MAX_KEY_SENTENCES = 6
# An answer that is no more than a request for the answer ("What should I do?") was handed
# back: it is not what the member wants from their set, nor their next step.
MAX_REQUEST_WORDS = 12


def _only_a_request(text: str) -> bool:
    return len(text.split()) <= MAX_REQUEST_WORDS and asks_for_answers(text)


# Answers to these stages are shown under their own headings, not among the key sentences.
OWN_HEADINGS = ("ask_of_set", "closing")


MAX_QUOTES_PER_PATTERN = 3


def summarise(
    turns: list[TurnRecord], commitments: list[str] | None = None, useful_turns: set[int] | None = None
) -> Summary:
    """The challenge as first stated, then the sentences where something showed, in order."""
    key_sentences: list[str] = []
    patterns: Counter[str] = Counter()
    quotes: dict[str, list[str]] = {}
    answers_by_stage: dict[str, str] = {}
    all_answers: dict[str, list[str]] = {}
    useful = [turn.text for turn in turns if turn.id in (useful_turns or set())]
    stage = None
    for turn in turns:
        if turn.speaker != MEMBER:
            stage = turn.stage
            continue
        if not turn.text.strip():
            continue
        if (turn.analysis or {}).get("safety") == CONCERN:
            # What someone wrote when they may have been at risk is theirs, in the history;
            # it is never a "pattern", a key sentence, or part of a document for the set.
            continue
        if stage and not _only_a_request(turn.text):
            answers_by_stage[stage] = turn.text.strip()
            all_answers.setdefault(stage, []).append(turn.text.strip())
        labels = (turn.analysis or {}).get("labels", [])
        # Patterns of thinking only: feelings, insights and commitments are not patterns to
        # notice; they show in the key sentences and the commitments.
        shown = [label for label in labels if label["label"] in THINKING_PATTERNS]
        patterns.update(label["label"] for label in shown)
        for label in shown:
            said = quotes.setdefault(label["label"], [])
            if label["evidence"] not in said and len(said) < MAX_QUOTES_PER_PATTERN:
                said.append(label["evidence"])
        if stage in OWN_HEADINGS or (key_sentences and not labels):
            continue
        sentence = _sentence_containing(turn.text, labels[0]["evidence"] if labels else None)
        if sentence and sentence not in key_sentences and len(key_sentences) < MAX_KEY_SENTENCES:
            key_sentences.append(sentence)
    return Summary(
        key_sentences=key_sentences,
        patterns=dict(patterns.most_common()),
        want_from_set=answers_by_stage.get("ask_of_set"),
        next_step=answers_by_stage.get("closing"),
        pattern_quotes=quotes,
        commitments=list(commitments or []),
        useful_questions=useful,
        answers_by_stage=all_answers,
    )
