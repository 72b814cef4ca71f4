"""The learned half of the question checker: a linear model over the question's meaning
(sentence embedding) and its wording (word and word-pair weights, TF-IDF).

The rules in `checker.py` read known wordings; this model catches advice and leading
questions phrased in ways no rule names ("What would a firm 'no' to the overtime sound
like?"). It is consulted only when the rules find nothing wrong, and overrules them only
when confident. Trained by `python -m alcoach.nlp.train_checker`; at run time it needs only
numpy (the TF-IDF step is reproduced here exactly as scikit-learn computes it).
"""

from __future__ import annotations

import itertools
import json
import math
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

MODEL_NAME = "question-checker"
_TOKEN = re.compile(r"(?u)\b\w\w+\b")


def word_ngrams(text: str) -> list[str]:
    """Lower-case words of two or more characters, and each pair of neighbours."""
    words = _TOKEN.findall(text.lower())
    return words + [f"{a} {b}" for a, b in itertools.pairwise(words)]


@dataclass(frozen=True)
class Wording:
    """TF-IDF of words and word pairs (or of any `analyzer`'s terms), sublinear and
    L2-normalised, exactly as scikit-learn's TfidfVectorizer(analyzer=word_ngrams,
    sublinear_tf=True) computes it."""

    vocabulary: dict[str, int]
    idf: np.ndarray
    analyzer: Callable[[str], list[str]] = word_ngrams

    def vector(self, text: str) -> np.ndarray:
        vector = np.zeros(len(self.vocabulary), dtype=np.float64)
        for term, count in Counter(self.analyzer(text)).items():
            column = self.vocabulary.get(term)
            if column is not None:
                vector[column] = (1.0 + math.log(count)) * self.idf[column]
        norm = np.linalg.norm(vector)
        return vector / norm if norm else vector


@dataclass(frozen=True)
class ModelFiles:
    """What every linear model here ships: meta.json, weights.npz and vocabulary.json."""

    meta: dict[str, Any]
    arrays: dict[str, np.ndarray]
    wording: Wording  # built from vocabulary.json and the `idf` array

    @classmethod
    def read(cls, folder: Path) -> ModelFiles:
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        vocabulary = json.loads((folder / "vocabulary.json").read_text(encoding="utf-8"))
        with np.load(folder / "weights.npz", allow_pickle=False) as weights:
            arrays = {name: weights[name] for name in weights.files}
        return cls(meta, arrays, Wording(vocabulary, arrays["idf"]))


def shipped_folder(name: str) -> Path | None:
    """models/NAME when it has been trained, else None (the caller then goes without it)."""
    from alcoach.paths import models_dir

    folder = models_dir() / name
    return folder if (folder / "meta.json").is_file() else None


@dataclass(frozen=True)
class CheckerModel:
    classes: tuple[str, ...]
    coef: np.ndarray  # (classes, embedding dimensions + vocabulary)
    intercept: np.ndarray  # (classes,)
    wording_model: Wording
    wording_weight: float
    threshold: float

    @classmethod
    def load(cls, folder: Path) -> CheckerModel:
        files = ModelFiles.read(folder)
        return cls(
            tuple(files.meta["classes"]),
            files.arrays["coef"],
            files.arrays["intercept"],
            files.wording,
            float(files.meta["wording_weight"]),
            float(files.meta["threshold"]),
        )

    def wording(self, text: str) -> np.ndarray:
        return self.wording_model.vector(text)

    def probabilities(self, text: str, embedding: np.ndarray) -> dict[str, float]:
        features = np.concatenate([embedding, self.wording_weight * self.wording(text)])
        logits = self.coef @ features + self.intercept
        exp = np.exp(logits - logits.max())
        return dict(zip(self.classes, (exp / exp.sum()).tolist(), strict=True))

    def concern(self, text: str, embedding: np.ndarray) -> tuple[str, float] | None:
        """("advice" | "leading", probability) when the model is confident, else None."""
        probabilities = self.probabilities(text, embedding)
        kind = max(("advice", "leading"), key=lambda k: probabilities.get(k, 0.0))
        probability = probabilities.get(kind, 0.0)
        return (kind, probability) if probability > self.threshold else None
