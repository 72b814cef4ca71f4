"""Train the question checker's model: `python -m alcoach.nlp.train_checker`.

Data: the labelled development set (tests/data/checker_dev.yaml) and every question of
the shipped bank (all open, with a lower weight). The held-out set is never read here.
Deterministic: the same data and embedding model give the same weights.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import yaml

from alcoach.paths import bank_dir, models_dir

DEV_SET = Path(__file__).resolve().parents[2] / "tests" / "data" / "checker_dev.yaml"
KINDS = ("open", "advice", "leading")
BANK_WEIGHT = 0.3
REGULARISATION_C = 4.0
THRESHOLD = 0.6


def training_data() -> tuple[list[str], list[str], list[float]]:
    from alcoach.bank.loader import load_bank
    from alcoach.bank.templates import sample

    items = yaml.safe_load(DEV_SET.read_text(encoding="utf-8"))["items"]
    texts = [item["text"] for item in items]
    labels = [item["kind"] if item["kind"] in KINDS else "other" for item in items]
    weights = [1.0] * len(items)
    bank = load_bank(folders=[bank_dir()])
    for question in bank.questions:
        texts.append(sample(question.text))
        labels.append("open")
        weights.append(BANK_WEIGHT)
    return texts, labels, weights


def main() -> None:
    from sklearn.linear_model import LogisticRegression

    from alcoach.nlp.models import EMBEDDING_WEIGHTS_SHA256, get_models

    texts, labels, weights = training_data()
    vectors = get_models().embedder.encode(texts)
    model = LogisticRegression(C=REGULARISATION_C, max_iter=5000, class_weight="balanced")
    model.fit(vectors, labels, sample_weight=np.asarray(weights))
    folder = models_dir() / "question-checker"
    folder.mkdir(parents=True, exist_ok=True)
    np.savez(folder / "weights.npz", coef=model.coef_.astype(np.float32),
             intercept=model.intercept_.astype(np.float32))
    data_hash = hashlib.sha256("\n".join(f"{t}\t{k}\t{w}" for t, k, w in zip(texts, labels, weights,
                                                                                strict=True)).encode())
    meta = {
        "name": "question-checker",
        "version": "1",
        "classes": [str(c) for c in model.classes_],
        "threshold": THRESHOLD,
        "regularisation_c": REGULARISATION_C,
        "bank_weight": BANK_WEIGHT,
        "training_examples": len(texts),
        "training_data_sha256": data_hash.hexdigest(),
        "embedding_weights_sha256": EMBEDDING_WEIGHTS_SHA256,
    }
    (folder / "meta.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {folder} ({len(texts)} examples)")


if __name__ == "__main__":
    main()
