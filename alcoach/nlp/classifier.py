"""The trained reader of member answers: one linear model per label.

It reads what the cue matchers miss — "my boss has written me off" is mind reading without
the word "think" — from three kinds of feature: the answer's meaning (sentence embedding),
its wording (TF-IDF of words and word pairs) and the cue matchers' own scores. Each label
has its own threshold, chosen on the training data. Run time needs numpy only; training is
`alcoach train` (`alcoach/nlp/train_classifier.py`).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from alcoach.nlp.checker_model import ModelFiles, Wording, shipped_folder
from alcoach.nlp.embeddings import DIMENSIONS
from alcoach.nlp.labels import ALL_LABELS
from alcoach.nlp.structure import structure_ngrams
from alcoach.nlp.text import MAX_CLAUSES_EMBEDDED, clauses

MODEL_NAME = "member-classifier"
STRUCTURE_VOCABULARY = "structure_vocabulary.json"


def cue_vector(cue_scores: dict[str, float]) -> np.ndarray:
    return np.array([cue_scores.get(label, 0.0) for label in ALL_LABELS], dtype=np.float64)


def clause_max(text: str, embedding: np.ndarray, embed: Callable[[list[str]], np.ndarray]) -> np.ndarray:
    """Each dimension's largest value over the answer's clauses: a pattern said in one
    sentence of four is diluted in the whole answer's embedding but not here."""
    parts = clauses(text)[:MAX_CLAUSES_EMBEDDED]
    return embed(parts).max(axis=0) if len(parts) > 1 else embedding


def feature_vector(
    embedding: np.ndarray,
    clause_embedding: np.ndarray,
    wording: np.ndarray,
    cue_scores: dict[str, float],
    shape: np.ndarray,
    weights: FeatureWeights,
) -> np.ndarray:
    """The features in the order the weights expect (training builds the same blocks)."""
    return np.concatenate(
        [
            embedding,
            weights.clause * clause_embedding,
            weights.wording * wording,
            weights.cue * cue_vector(cue_scores),
            weights.structure * shape,
        ]
    )


@dataclass(frozen=True)
class FeatureWeights:
    clause: float
    wording: float
    cue: float
    structure: float


def load_classifier() -> MemberClassifier | None:
    """The shipped classifier, or None if it has not been trained (cues alone then)."""
    folder = shipped_folder(MODEL_NAME)
    return MemberClassifier.load(folder) if folder else None


@dataclass(frozen=True)
class MemberClassifier:
    labels: tuple[str, ...]
    coef: np.ndarray  # (labels, features)
    intercept: np.ndarray  # (labels,)
    thresholds: dict[str, float]
    wording: Wording
    shape: Wording  # TF-IDF of the answer's structure (see alcoach.nlp.structure)
    weights: FeatureWeights

    @classmethod
    def load(cls, folder: Path) -> MemberClassifier:
        files = ModelFiles.read(folder)
        meta = files.meta
        shape_vocabulary = json.loads((folder / STRUCTURE_VOCABULARY).read_text(encoding="utf-8"))
        return cls(
            tuple(meta["labels"]),
            files.arrays["coef"],
            files.arrays["intercept"],
            {k: float(v) for k, v in meta["thresholds"].items()},
            files.wording,
            Wording(shape_vocabulary, files.arrays["structure_idf"], structure_ngrams),
            FeatureWeights(
                float(meta["clause_weight"]),
                float(meta["wording_weight"]),
                float(meta["cue_weight"]),
                float(meta["structure_weight"]),
            ),
        )

    def probabilities(
        self,
        text: str,
        embedding: np.ndarray,
        clause_embedding: np.ndarray,
        cue_scores: dict[str, float],
        shape: str,
    ) -> dict[str, float]:
        """Each label's probability. `shape` is `structure(doc)` of the same text."""
        features = feature_vector(
            embedding,
            clause_embedding,
            self.wording.vector(text),
            cue_scores,
            self.shape.vector(shape),
            self.weights,
        )
        logits = self.coef @ features + self.intercept
        return dict(zip(self.labels, (1.0 / (1.0 + np.exp(-logits))).tolist(), strict=True))

    def wording_score(self, label: str, text: str) -> float:
        """How much the wording alone of `text` speaks for `label` (to pick evidence)."""
        row = self.labels.index(label)
        start = 2 * DIMENSIONS  # after the answer's embedding and its clauses'
        weights = self.coef[row, start : start + len(self.wording.idf)]
        return float(weights @ self.wording.vector(text))
