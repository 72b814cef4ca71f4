"""The learned half of the question checker: a small linear model over sentence embeddings.

The rules in `checker.py` read the wording; this model reads the meaning, so it catches
advice and leading questions phrased in ways no rule names ("What would a firm 'no' to the
overtime sound like?"). It is consulted only when the rules find nothing wrong, and only
overrules them when it is confident. Trained by `python -m alcoach.nlp.train_checker`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

MODEL_NAME = "question-checker"


@dataclass(frozen=True)
class CheckerModel:
    classes: tuple[str, ...]
    coef: np.ndarray  # (classes, dimensions)
    intercept: np.ndarray  # (classes,)
    threshold: float

    @classmethod
    def load(cls, folder: Path) -> CheckerModel:
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        with np.load(folder / "weights.npz", allow_pickle=False) as weights:
            coef, intercept = weights["coef"], weights["intercept"]
        return cls(tuple(meta["classes"]), coef, intercept, float(meta["threshold"]))

    def probabilities(self, vector: np.ndarray) -> dict[str, float]:
        logits = self.coef @ vector + self.intercept
        logits = logits - logits.max()
        exp = np.exp(logits)
        return dict(zip(self.classes, (exp / exp.sum()).tolist(), strict=True))

    def concern(self, vector: np.ndarray) -> tuple[str, float] | None:
        """("advice" | "leading", probability) when the model is confident, else None."""
        probabilities = self.probabilities(vector)
        kind = max(("advice", "leading"), key=lambda k: probabilities.get(k, 0.0))
        probability = probabilities.get(kind, 0.0)
        return (kind, probability) if probability > self.threshold else None
