"""Train the question checker's model: `python -m alcoach.nlp.train_checker`.

Data: the labelled development set (tests/data/checker_dev.yaml) and every question of
the shipped bank (all open, with a lower weight). The held-out set is never read here.
Deterministic: the same data and embedding model give the same weights.
Settings were chosen by 5-fold cross-validation on the part of the development set the
rules were never tuned on (see models/question-checker/card.md).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import yaml

from alcoach.nlp.checker_model import word_ngrams
from alcoach.paths import bank_dir, models_dir

DEV_SET = Path(__file__).resolve().parents[2] / "tests" / "data" / "checker_dev.yaml"
KINDS = ("open", "advice", "leading")
BANK_WEIGHT = 0.3
REGULARISATION_C = 4.0
WORDING_WEIGHT = 1.0
THRESHOLD = 0.4


def training_data() -> tuple[list[str], list[str], list[float]]:
    from alcoach.bank.loader import load_bank
    from alcoach.bank.templates import samples

    items = yaml.safe_load(DEV_SET.read_text(encoding="utf-8"))["items"]
    texts = [item["text"] for item in items]
    labels = [item["kind"] if item["kind"] in KINDS else "other" for item in items]
    weights = [1.0] * len(items)
    for question in load_bank(folders=[bank_dir()]).questions:
        # A frame with each set of sample words: "What kind of 'frustrated' is that?" is as
        # open as "What kind of 'stung' is that?" — the member's feeling word is no lean.
        filled = samples(question.text)
        for text in filled:
            texts.append(text)
            labels.append("open")
            weights.append(BANK_WEIGHT / len(filled))
    return texts, labels, weights


def fit(texts: list[str], labels: list[str], weights: list[float], embeddings: np.ndarray):
    """The vectoriser and the classifier, fitted on the given examples."""
    from scipy.sparse import csr_matrix, hstack
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vectoriser = TfidfVectorizer(analyzer=word_ngrams, min_df=2, sublinear_tf=True)
    wording = vectoriser.fit_transform(texts)
    features = hstack([csr_matrix(embeddings), WORDING_WEIGHT * wording]).tocsr()
    classifier = LogisticRegression(C=REGULARISATION_C, max_iter=5000, class_weight="balanced")
    classifier.fit(features, labels, sample_weight=np.asarray(weights))
    return vectoriser, classifier


def main() -> None:
    from alcoach.nlp.models import EMBEDDING_WEIGHTS_SHA256, get_models

    texts, labels, weights = training_data()
    vectoriser, classifier = fit(texts, labels, weights, get_models().embedder.encode(texts))
    folder = models_dir() / "question-checker"
    folder.mkdir(parents=True, exist_ok=True)
    vocabulary = {term: int(column) for term, column in sorted(vectoriser.vocabulary_.items())}
    np.savez(
        folder / "weights.npz",
        coef=classifier.coef_.astype(np.float32),
        intercept=classifier.intercept_.astype(np.float32),
        idf=vectoriser.idf_.astype(np.float64),
    )
    (folder / "vocabulary.json").write_text(
        json.dumps(vocabulary, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    rows = "\n".join(f"{t}\t{k}\t{w}" for t, k, w in zip(texts, labels, weights, strict=True))
    meta = {
        "name": "question-checker",
        "version": "2",
        "classes": [str(c) for c in classifier.classes_],
        "threshold": THRESHOLD,
        "wording_weight": WORDING_WEIGHT,
        "regularisation_c": REGULARISATION_C,
        "bank_weight": BANK_WEIGHT,
        "training_examples": len(texts),
        "vocabulary_size": len(vocabulary),
        "training_data_sha256": hashlib.sha256(rows.encode()).hexdigest(),
        "embedding_weights_sha256": EMBEDDING_WEIGHTS_SHA256,
    }
    (folder / "meta.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {folder} ({len(texts)} examples, {len(vocabulary)} terms)")


if __name__ == "__main__":
    main()
