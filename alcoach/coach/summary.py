"""What the member takes away: their key sentences, in their own words."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from alcoach.store.repository import MEMBER, TurnRecord

_SENTENCE = re.compile(r"[^.!?\n]+[.!?]*")


@dataclass(frozen=True)
class Summary:
    key_sentences: list[str] = field(default_factory=list)
    patterns: dict[str, int] = field(default_factory=dict)
    want_from_set: str | None = None
    next_step: str | None = None


def _sentence_containing(text: str, evidence: str | None) -> str:
    sentences = [s.strip() for s in _SENTENCE.findall(text) if s.strip()]
    if not sentences:
        return text.strip()
    if evidence:
        for sentence in sentences:
            if evidence in sentence:
                return sentence
    return sentences[0]


MAX_KEY_SENTENCES = 6
# Answers to these stages are shown under their own headings, not among the key sentences.
OWN_HEADINGS = ("ask_of_set", "closing")


def summarise(turns: list[TurnRecord]) -> Summary:
    """The challenge as first stated, then the sentences where something showed, in order."""
    key_sentences: list[str] = []
    patterns: Counter[str] = Counter()
    answers_by_stage: dict[str, str] = {}
    stage = None
    for turn in turns:
        if turn.speaker != MEMBER:
            stage = turn.stage
            continue
        if not turn.text.strip():
            continue
        if stage:
            answers_by_stage[stage] = turn.text.strip()
        labels = (turn.analysis or {}).get("labels", [])
        patterns.update(label["label"] for label in labels)
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
    )
