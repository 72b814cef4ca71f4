"""What `analyse()` returns. Plain data, importable without loading any model."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from alcoach.nlp.hearing import Hearing
from alcoach.nlp.safety import OK

if TYPE_CHECKING:
    import numpy as np


@dataclass(frozen=True)
class LabelFinding:
    label: str
    score: float
    evidence: str
    start: int
    end: int


@dataclass(frozen=True)
class Analysis:
    text: str
    labels: tuple[LabelFinding, ...] = ()
    phrases: tuple[str, ...] = ()
    safety: str = OK
    # On a concern: IMMEDIATE (the full support) or POSSIBLE (a short check-in), and the
    # member's words that raised it (never read back as a thinking pattern).
    safety_level: str | None = None
    safety_evidence: tuple[str, ...] = field(default_factory=tuple, compare=False)
    embedding: np.ndarray | None = field(default=None, compare=False, repr=False)
    # The member's words ready for templated questions (see alcoach.nlp.slots).
    slots: dict[str, str] = field(default_factory=dict, compare=False)
    # False when the text does not read as English: nothing is labelled, general questions follow.
    english: bool = True
    # Labels the classifier leans towards without reaching their threshold, on a 0–0.5 scale
    # (0.5 would be the threshold). Never reported as found; the selector may use them to
    # prefer one of two otherwise equal questions.
    leanings: dict[str, float] = field(default_factory=dict, compare=False)
    # What a facilitator would hold in mind from this answer (see alcoach.nlp.heard).
    heard: Hearing = field(default_factory=Hearing, compare=False)
    # For each slot, the member's exact words it was filled from.
    slot_sources: dict[str, str] = field(default_factory=dict, compare=False)

    def score(self, label: str) -> float:
        return next((finding.score for finding in self.labels if finding.label == label), 0.0)

    def finding(self, label: str) -> LabelFinding | None:
        return next((finding for finding in self.labels if finding.label == label), None)

    @property
    def label_names(self) -> list[str]:
        return [finding.label for finding in self.labels]

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "labels": [
                {"label": f.label, "score": round(f.score, 3), "evidence": f.evidence} for f in self.labels
            ],
            "phrases": list(self.phrases),
            "safety": self.safety,
            **({"safety_level": self.safety_level} if self.safety_level else {}),
            "heard": self.heard.to_json(),
        }
