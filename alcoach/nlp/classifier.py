"""The trained reader of member answers: one linear model per label.

It reads what the cue matchers miss — "my boss has written me off" is mind reading without
the word "think" — from three kinds of feature: the answer's meaning (sentence embedding),
its wording (TF-IDF of words and word pairs) and the cue matchers' own scores. Each label
has its own threshold, chosen on the training data. Run time needs numpy only; training is
`alcoach train` (`alcoach/nlp/train_classifier.py`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from alcoach.nlp.checker_model import Wording
from alcoach.nlp.labels import ALL_LABELS

MODEL_NAME = "member-classifier"


def cue_vector(cue_scores: dict[str, float]) -> np.ndarray:
    return np.array([cue_scores.get(label, 0.0) for label in ALL_LABELS], dtype=np.float64)


def feature_vector(
    embedding: np.ndarray,
    wording: np.ndarray,
    cue_scores: dict[str, float],
    wording_weight: float,
    cue_weight: float,
) -> np.ndarray:
    return np.concatenate([embedding, wording_weight * wording, cue_weight * cue_vector(cue_scores)])


def load_classifier() -> MemberClassifier | None:
    """The shipped classifier, or None if it has not been trained (cues alone then)."""
    from alcoach.paths import models_dir

    folder = models_dir() / MODEL_NAME
    return MemberClassifier.load(folder) if (folder / "meta.json").is_file() else None


@dataclass(frozen=True)
class MemberClassifier:
    labels: tuple[str, ...]
    coef: np.ndarray  # (labels, features)
    intercept: np.ndarray  # (labels,)
    thresholds: dict[str, float]
    wording: Wording
    wording_weight: float
    cue_weight: float

    @classmethod
    def load(cls, folder: Path) -> MemberClassifier:
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        with np.load(folder / "weights.npz", allow_pickle=False) as weights:
            coef, intercept, idf = weights["coef"], weights["intercept"], weights["idf"]
        vocabulary = json.loads((folder / "vocabulary.json").read_text(encoding="utf-8"))
        return cls(
            tuple(meta["labels"]),
            coef,
            intercept,
            {k: float(v) for k, v in meta["thresholds"].items()},
            Wording(vocabulary, idf),
            float(meta["wording_weight"]),
            float(meta["cue_weight"]),
        )

    def probabilities(
        self, text: str, embedding: np.ndarray, cue_scores: dict[str, float]
    ) -> dict[str, float]:
        features = feature_vector(
            embedding, self.wording.vector(text), cue_scores, self.wording_weight, self.cue_weight
        )
        logits = self.coef @ features + self.intercept
        return dict(zip(self.labels, (1.0 / (1.0 + np.exp(-logits))).tolist(), strict=True))

    def wording_score(self, label: str, text: str) -> float:
        """How much the wording alone of `text` speaks for `label` (to pick evidence)."""
        row = self.labels.index(label)
        start = len(self.coef[row]) - len(ALL_LABELS) - len(self.wording.idf)
        weights = self.coef[row, start : start + len(self.wording.idf)]
        return float(weights @ self.wording.vector(text))
