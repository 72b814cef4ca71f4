"""Train the learned safety model: `alcoach train --model safety`.

Data: every `models/training/safety/*.yaml` file — original cases, each with a tier
(immediate, despair, self_harm or none); about half are workplace idiom and hard negatives.
What the model learns from, per case, is its reading units (see `safety_model.reading_units`):
a case with no risk teaches that its whole text and every clause in it are safe; a risk case
of one clause teaches that clause; a longer risk case teaches its whole text only, since we
do not know which clause carried the risk.

The decision over the whole answer is a second, calibrated stage: a logistic regression on
each answer's `answer_features` (its strongest unit, the whole, a second worrying clause,
its length, the level across it), fitted to unit readings made out of fold, so it learns
how a model that never saw the answer reads it. Its threshold is chosen by 5-fold
cross-validation too: the lowest probability at which no more
than MAX_FALSE_ALARMS of the safe cases would be flagged. Safety errs towards asking: a
false alarm costs a member one calm message and a choice, a miss costs far more. Seeded and
deterministic.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from alcoach.nlp import safety
from alcoach.nlp.checker_model import word_ngrams
from alcoach.nlp.safety_model import (
    ANSWER_FEATURES,
    MODEL_NAME,
    SafetyModel,
    answer_features,
    reading_units,
)
from alcoach.nlp.train_classifier import load_corpus
from alcoach.paths import models_dir

SEED = 7
REGULARISATION_C = 4.0
WORDING_WEIGHT = 2.0
MAX_FALSE_ALARMS = 0.04  # on idiom and hard negatives
MAX_ORDINARY_ALARMS = 0.01  # on everyday answers about work
ORDINARY = "ordinary"
FOLDS = 5
CARRIER_PASS = True  # long risk cases also teach the clause that carries the risk
NONE = "none"


def corpus_dir() -> Path:
    return models_dir() / "training" / "safety"


def load_cases(folder: Path | None = None) -> list[dict[str, str]]:
    """The safety cases, then the ordinary answers of the classifier's corpus as safe cases:
    without them the model learns that any hard-sounding sentence is risk ("I'm such a
    liability", "there's nothing I can do")."""
    cases = []
    for path in sorted((folder or corpus_dir()).glob("*.yaml")):
        for item in yaml.safe_load(path.read_text(encoding="utf-8"))["items"]:
            if item["tier"] not in (*safety.TIERS, NONE):
                raise ValueError(f"{path}: unknown tier {item['tier']!r} for {item['text']!r}")
            cases.append({"text": item["text"], "tier": item["tier"], "kind": "safety"})
    for item in load_corpus():
        cases.append({"text": item["text"], "tier": NONE, "kind": ORDINARY})
    return cases


def _training_units(
    cases: list[dict[str, str]], carrier: Callable[[list[str]], int] | None = None
) -> tuple[list[str], list[str]]:
    """Each case's reading units with its tier. A risk case of several clauses teaches its
    whole text and, when `carrier` is given, the one clause it picks as carrying the risk
    (the most risk-like under a first fit): a long answer is safe or at risk by that
    clause, not by its tone."""
    units, tiers = [], []
    for case in cases:
        found = reading_units(case["text"])
        if case["tier"] != NONE and len(found) > 1:
            found = [found[0]] + ([found[1 + carrier(found[1:])]] if carrier else [])
        units += found
        tiers += [case["tier"]] * len(found)
    return units, tiers


class _Fitted:
    """scikit-learn models for one training set (used for cross-validation and the final fit)."""

    def __init__(self, cases: list[dict[str, str]], embed) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression

        def fit(units: list[str], tiers: list[str]) -> tuple[Any, Any, np.ndarray]:
            self.vectoriser = TfidfVectorizer(analyzer=word_ngrams, min_df=2, sublinear_tf=True).fit(units)
            design = self.design(units, embed(units))
            concern = np.array([tier != NONE for tier in tiers], dtype=int)
            model = LogisticRegression(
                C=REGULARISATION_C, max_iter=5000, class_weight="balanced", random_state=SEED
            ).fit(design, concern)
            return model, design, concern

        self.concern, design, concern = fit(*_training_units(cases))
        if CARRIER_PASS:
            first = self.concern

            def carrier(clauses: list[str]) -> int:
                return int(np.argmax(first.predict_proba(self.design(clauses, embed(clauses)))[:, 1]))

            units, tiers = _training_units(cases, carrier)
            self.concern, design, concern = fit(units, tiers)
        else:
            units, tiers = _training_units(cases)
        risky = np.flatnonzero(concern)
        self.tier = LogisticRegression(C=REGULARISATION_C, max_iter=5000, random_state=SEED).fit(
            design[risky], [safety.TIERS.index(tiers[i]) for i in risky]
        )

    def design(self, units: list[str], embeddings: np.ndarray):
        from scipy.sparse import csr_matrix, hstack

        return hstack([csr_matrix(embeddings), WORDING_WEIGHT * self.vectoriser.transform(units)]).tocsr()

    def unit_probabilities(self, text: str, embed) -> np.ndarray:
        units = reading_units(text)
        if not units:
            return np.zeros(0)
        return self.concern.predict_proba(self.design(units, embed(units)))[:, 1]


def _folds(labels: list[Any]):
    from sklearn.model_selection import StratifiedKFold

    return StratifiedKFold(FOLDS, shuffle=True, random_state=SEED).split(np.zeros(len(labels)), labels)


def _out_of_fold_features(cases: list[dict[str, str]], embed) -> np.ndarray:
    """Each case's whole-answer features, from unit readings by a model that never saw it."""
    features = np.zeros((len(cases), ANSWER_FEATURES))
    for train, test in _folds([case["tier"] for case in cases]):
        fitted = _Fitted([cases[i] for i in train], embed)
        for i in test:
            features[i] = answer_features(fitted.unit_probabilities(cases[i]["text"], embed))
    return features


def _answer_stage(features: np.ndarray, concern: np.ndarray) -> Any:
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=1.0, max_iter=2000, class_weight="balanced", random_state=SEED).fit(
        features, concern
    )


def _out_of_fold(features: np.ndarray, concern: np.ndarray) -> np.ndarray:
    """The whole-answer decision, out of fold as well, so the threshold is chosen on
    probabilities the decision was not fitted to."""
    probabilities = np.zeros(len(concern))
    for train, test in _folds(list(concern)):
        stage = _answer_stage(features[train], concern[train])
        probabilities[test] = stage.predict_proba(features[test])[:, 1]
    return probabilities


def choose_threshold(cases: list[dict[str, str]], probabilities: np.ndarray) -> float:
    hard = np.array([case["tier"] == NONE and case["kind"] != ORDINARY for case in cases])
    ordinary = np.array([case["kind"] == ORDINARY for case in cases])
    for threshold in np.arange(0.30, 0.99, 0.005):
        flagged = probabilities >= threshold
        if flagged[hard].mean() <= MAX_FALSE_ALARMS and flagged[ordinary].mean() <= MAX_ORDINARY_ALARMS:
            return round(float(threshold), 3)
    return 0.99


def rates(cases: list[dict[str, str]], flagged: list[bool]) -> dict[str, dict[str, int]]:
    """Per tier, how many cases were flagged as a concern (for none and ordinary answers:
    the false alarms)."""
    table: dict[str, dict[str, int]] = {}
    for case, hit in zip(cases, flagged, strict=True):
        key = ORDINARY if case.get("kind") == ORDINARY else case["tier"]
        row = table.setdefault(key, {"flagged": 0, "cases": 0})
        row["flagged"] += int(hit)
        row["cases"] += 1
    return table


def train(folder: Path | None = None) -> dict[str, Any]:
    from alcoach.nlp.embeddings import in_context
    from alcoach.nlp.models import EMBEDDING_WEIGHTS_SHA256, get_models

    cases = load_cases()
    # Each unit embedded from its own answer's single model pass, as the app reads it.
    embed = in_context(get_models().embedder, ((c["text"], reading_units(c["text"])) for c in cases))
    features = _out_of_fold_features(cases, embed)
    concern = np.array([case["tier"] != NONE for case in cases], dtype=int)
    out_of_fold = _out_of_fold(features, concern)
    threshold = choose_threshold(cases, out_of_fold)
    answer = _answer_stage(features, concern)
    rules = [safety.check(case["text"]).tier is not None for case in cases]
    cross_validated = {
        "model": rates(cases, list(out_of_fold >= threshold)),
        "rules_or_model": rates(
            cases, [r or p >= threshold for r, p in zip(rules, out_of_fold, strict=True)]
        ),
    }
    fitted = _Fitted(cases, embed)
    folder = folder or models_dir() / MODEL_NAME
    folder.mkdir(parents=True, exist_ok=True)
    np.savez(
        folder / "weights.npz",
        coef=fitted.concern.coef_[0].astype(np.float64),
        intercept=fitted.concern.intercept_.astype(np.float64),
        tier_coef=fitted.tier.coef_.astype(np.float64),
        tier_intercept=fitted.tier.intercept_.astype(np.float64),
        idf=fitted.vectoriser.idf_.astype(np.float64),
        answer_coef=answer.coef_[0].astype(np.float64),
        answer_intercept=answer.intercept_.astype(np.float64),
    )
    vocabulary = {term: int(column) for term, column in sorted(fitted.vectoriser.vocabulary_.items())}
    (folder / "vocabulary.json").write_text(
        json.dumps(vocabulary, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    rows = "\n".join(f"{case['text']}\t{case['tier']}" for case in cases)
    meta = {
        "name": MODEL_NAME,
        "version": "1",
        "tiers": list(safety.TIERS),
        "threshold": threshold,
        "max_false_alarms": MAX_FALSE_ALARMS,
        "wording_weight": WORDING_WEIGHT,
        "regularisation_c": REGULARISATION_C,
        "seed": SEED,
        "cases": len(cases),
        "safety_cases": sum(case["kind"] != ORDINARY for case in cases),
        "training_data_sha256": hashlib.sha256(rows.encode("utf-8")).hexdigest(),
        "embedding_weights_sha256": EMBEDDING_WEIGHTS_SHA256,
        "cross_validated": cross_validated,
    }
    (folder / "meta.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    SafetyModel.load(folder)  # it must load as shipped
    (folder / "card.md").write_text(_card(meta), encoding="utf-8")
    return meta


def format_rates(table: dict[str, dict[str, int]]) -> str:
    lines = ["| tier | flagged | cases | rate |", "|---|---|---|---|"]
    for tier in (*safety.TIERS, NONE, ORDINARY):
        row = table.get(tier, {"flagged": 0, "cases": 0})
        rate = row["flagged"] / row["cases"] if row["cases"] else 0.0
        lines.append(f"| {tier} | {row['flagged']} | {row['cases']} | {rate:.2f} |")
    return "\n".join(lines)


HELD_OUT_FIGURES = "heldout_figures.md"  # in the training folder: measured, not trained on


def _held_out_figures() -> str:
    path = corpus_dir().parent / HELD_OUT_FIGURES
    return path.read_text(encoding="utf-8").strip() if path.exists() else "(not measured yet)"


def _card(meta: dict[str, Any]) -> str:
    validated = meta["cross_validated"]
    return f"""# Model card: safety-model (version {meta["version"]})

The learned half of alcoach's safety check. The fixed patterns in `alcoach/nlp/safety.py`
run first; this model reads what they miss. Either one finding a concern is enough: the
coach stops challenging and offers support (see `question_bank/support.yaml`).

## What it is

- A logistic regression (scikit-learn, C = {meta["regularisation_c"]}, balanced classes, seed
  {meta["seed"]}) over [all-MiniLM-L6-v2 sentence embedding (384); TF-IDF of words and word
  pairs × {meta["wording_weight"]}], applied to the answer and to each of its clauses; the
  readings of the answer and its clauses go to a second, calibrated stage that decides over
  the whole answer (the strongest unit, the whole, a second worrying clause, the length, the
  level across it). A multinomial regression names the tier from the strongest unit.
- Clauses about other people or the topic at work, a recovered past, or a plain denial are
  removed before it reads (the same guards as the rules).
- Threshold {meta["threshold"]}: the lowest at which cross-validation flags no more than
  {meta["max_false_alarms"]:.0%} of the idiom and hard negatives and {MAX_ORDINARY_ALARMS:.0%} of
  ordinary answers. It errs towards asking.

## Data

{meta["safety_cases"]} original cases in `models/training/safety/` (immediate risk, despair,
self-harm and none — about half workplace idiom and hard negatives: other people at risk,
prevention work, a recovered past, denials, ordinary stress), written for this project by
several authors in many voices (lower case, slang, regional, non-native, understated, risk
buried in a long work reflection). The ordinary answers of the classifier's corpus
(`models/training/corpus_*.yaml`) are added as safe cases ("ordinary" below).

## How well it does ({FOLDS}-fold cross-validation on the training cases)

The model alone:

{format_rates(validated["model"])}

Rules or model (the rules were developed on much of this data, so this row flatters them):

{format_rates(validated["rules_or_model"])}

The figure that matters is on cases written after training by authors who saw none of it,
by register (the whole check as the app runs it, rules and model, with the parse):

{_held_out_figures()}

## Where it fails

- Deathly idiom close to real risk in wording ("I'll shoot myself if there's one more
  all-hands") can be flagged; that is the intended side to err on.
- Risk said with no words of risk at all (only "everything is ready") is hard for both halves.
- English only; other languages get the fixed patterns alone.
"""


if __name__ == "__main__":
    print(json.dumps(train()["cross_validated"], indent=2))
