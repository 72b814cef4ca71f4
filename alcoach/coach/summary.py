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


def summarise(turns: list[TurnRecord]) -> Summary:
    """Pick one sentence per answer: the one that showed the most, else the first."""
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
        labels = (turn.analysis or {}).get("labels", [])
        patterns.update(label["label"] for label in labels)
        evidence = labels[0]["evidence"] if labels else None
        sentence = _sentence_containing(turn.text, evidence)
        if sentence and sentence not in key_sentences:
            key_sentences.append(sentence)
        if stage:
            answers_by_stage[stage] = turn.text.strip()
    return Summary(
        key_sentences=key_sentences,
        patterns=dict(patterns.most_common()),
        want_from_set=answers_by_stage.get("ask_of_set"),
        next_step=answers_by_stage.get("closing"),
    )
