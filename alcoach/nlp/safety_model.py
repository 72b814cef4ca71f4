"""The learned half of the safety check: risk said in words no fixed pattern names.

The rules in `safety.py` catch the ways of saying it that we have written down; people find
others ("I said goodbye to my team on Friday, they just didn't know it was goodbye"). This
model reads the meaning (sentence embedding) and wording (TF-IDF of words and word pairs)
of the answer and of each clause in it; a second, calibrated stage then decides over the
whole answer from those readings (`answer_features`), and says how likely it is that the
writer is at risk. It is a fixed linear model — the same text always gets the same answer — trained by
`alcoach train --model safety` on `models/training/safety/`.

The same guards as the rules apply before it reads anything: a clause about other people
or the topic at work ("a patient took an overdose"), a recovered past, or a plain denial
("I'm not suicidal") is left out, so the model only ever judges the writer's own words.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from alcoach.nlp import safety
from alcoach.nlp.checker_model import ModelFiles, Wording, shipped_folder
from alcoach.nlp.text import MAX_CLAUSES_EMBEDDED, for_models

MODEL_NAME = "safety-model"


_THIRD_PERSON = re.compile(r"\b(?:he|she|they|him|her|them|his|their|he'?s|she'?s|they'?re)\b", re.IGNORECASE)
_FIRST_PERSON = re.compile(r"\b(?:i|i'?m|i'?ve|i'?d|i'?ll|im|ive|me|my|myself|mine)\b", re.IGNORECASE)


def is_guarded(clause: str) -> bool:
    """A clause the check must not read as the writer's own risk. A clause about someone
    else counts only when the writer is not in it at all ("A client said he saw no point in
    living"); "the note is written" has no person and is read."""
    return bool(
        safety.about_others_or_past(clause)
        or safety.denies(clause)
        or (_THIRD_PERSON.search(clause) and not _FIRST_PERSON.search(clause))
    )


def reading_units(text: str, about_others: Callable[[int, int], bool] | None = None) -> list[str]:
    """What the model reads: the answer without its guarded clauses, then each clause on its
    own when there are several (risk said once in a long work reflection is diluted in the
    whole but plain in its clause). `about_others(start, end)`, from the parse, guards a
    clause whose every subject is someone else."""
    parts = safety.clause_offsets(safety.normalise(text))[:MAX_CLAUSES_EMBEDDED]
    every = [clause for _, clause in parts]
    kept = [
        clause
        for start, clause in parts
        if not is_guarded(clause) and not (about_others and about_others(start, start + len(clause)))
    ]
    if not kept:
        return []
    whole = safety.normalise(text).strip() if len(kept) == len(every) else " ".join(kept)
    return [whole] if len(kept) == 1 else [whole, *kept]


ANSWER_FEATURES = 5


def answer_features(unit_probabilities: list[float] | np.ndarray) -> np.ndarray:
    """What the decision over the whole answer weighs: how strong its most worrying unit
    is, how the whole answer reads, whether a second clause worries too, how long it is,
    and the level across it. A long hard week with one clause that sounds final reads
    differently from an answer whose clauses build to it."""
    probabilities = np.asarray(unit_probabilities, dtype=np.float64)
    if probabilities.size == 0:
        return np.zeros(ANSWER_FEATURES)
    clauses = np.sort(probabilities[1:] if probabilities.size > 1 else probabilities)[::-1]
    return np.array(
        [
            probabilities.max(),
            probabilities[0],  # the whole answer (or its only clause)
            clauses[1] if clauses.size > 1 else 0.0,
            np.log(probabilities.size),
            probabilities.mean(),
        ]
    )


@dataclass(frozen=True)
class SafetyReading:
    probability: float
    tier: str | None  # None when below the threshold
    evidence: str = ""


@dataclass(frozen=True)
class SafetyModel:
    coef: np.ndarray  # (features,)
    intercept: float
    tier_coef: np.ndarray  # (tiers, features): which tier, given a concern
    tier_intercept: np.ndarray
    wording: Wording
    wording_weight: float
    threshold: float  # on the whole-answer decision
    answer_coef: np.ndarray  # (ANSWER_FEATURES,): the decision over the whole answer
    answer_intercept: float

    @classmethod
    def load(cls, folder: Path) -> SafetyModel:
        files = ModelFiles.read(folder)
        arrays = files.arrays
        return cls(
            arrays["coef"],
            float(arrays["intercept"][0]),
            arrays["tier_coef"],
            arrays["tier_intercept"],
            files.wording,
            float(files.meta["wording_weight"]),
            float(files.meta["threshold"]),
            arrays["answer_coef"],
            float(arrays["answer_intercept"][0]),
        )

    def features(self, unit: str, embedding: np.ndarray) -> np.ndarray:
        return np.concatenate([embedding, self.wording_weight * self.wording.vector(unit)])

    def read(
        self,
        text: str,
        embed: Callable[[list[str]], np.ndarray],
        about_others: Callable[[int, int], bool] | None = None,
    ) -> SafetyReading:
        """`embed` turns a list of units into normalised sentence embeddings."""
        units = reading_units(text, about_others)
        if not units:
            return SafetyReading(0.0, None)
        embeddings = embed(units)
        rows = np.vstack([self.features(u, e) for u, e in zip(units, embeddings, strict=True)])
        probabilities = _sigmoid(rows @ self.coef + self.intercept)
        best = int(np.argmax(probabilities))
        decision = answer_features(probabilities) @ self.answer_coef + self.answer_intercept
        probability = float(_sigmoid(decision))
        if probability < self.threshold:
            return SafetyReading(probability, None)
        tier = safety.TIERS[int(np.argmax(self.tier_coef @ rows[best] + self.tier_intercept))]
        return SafetyReading(probability, tier, units[best])


def _sigmoid(values: np.ndarray | float) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.asarray(values, dtype=np.float64)))


def load_safety_model() -> SafetyModel | None:
    """The shipped model, or None if it has not been trained (the rules alone then)."""
    folder = shipped_folder(MODEL_NAME)
    return SafetyModel.load(folder) if folder else None


@dataclass(frozen=True)
class SafetyVerdict:
    """The decision over a whole answer: the tier (None: no concern), the member's words
    that showed it, and how sure the learned half was (1.0 for a fixed pattern)."""

    tier: str | None
    evidence: tuple[str, ...] = ()
    probability: float = 0.0

    @property
    def level(self) -> str | None:
        return safety.level_of(self.tier)

    @property
    def status(self) -> str:
        return safety.CONCERN if self.tier else safety.OK


def decide(
    text: str,
    model: SafetyModel | None,
    embed: Callable[[list[str]], np.ndarray] | None,
    about_someone_else: Callable[[int, int], bool] | None = None,
    all_about_others: Callable[[int, int], bool] | None = None,
) -> SafetyVerdict:
    """The whole check: the fixed patterns first; where they find nothing, the model reads on.
    `about_someone_else` (from the parse, see alcoach.nlp.risk_subject) passes over words
    said of another person."""
    found = safety.check(text, about_someone_else)
    if found.tier is not None:
        return SafetyVerdict(found.tier, (found.evidence,), 1.0)
    if model is None or embed is None:
        return SafetyVerdict(None)
    reading = model.read(for_models(text), embed, all_about_others)
    return SafetyVerdict(reading.tier, (reading.evidence,) if reading.tier else (), reading.probability)


def assess(text: str, model: SafetyModel | None, embed: Callable[[list[str]], np.ndarray] | None) -> str:
    return decide(text, model, embed).status
