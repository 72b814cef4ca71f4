"""The trained answer classifier: shipped with its card, reproducible, measured."""

from __future__ import annotations

import json

import numpy as np

from alcoach.nlp.classifier import MODEL_NAME, MemberClassifier
from alcoach.nlp.labels import ALL_LABELS
from alcoach.nlp.models import EMBEDDING_WEIGHTS_SHA256
from alcoach.nlp.train_classifier import corpus_hash, is_held_back, load_corpus, train
from alcoach.paths import models_dir

FOLDER = models_dir() / MODEL_NAME


def test_the_shipped_model_matches_its_corpus_and_card():
    meta = json.loads((FOLDER / "meta.json").read_text())
    items = load_corpus()
    training = [item for item in items if not is_held_back(item["text"])]
    assert meta["training_data_sha256"] == corpus_hash(training)
    assert meta["embedding_weights_sha256"] == EMBEDDING_WEIGHTS_SHA256
    assert meta["labels"] == list(ALL_LABELS)
    assert set(meta["thresholds"]) == set(ALL_LABELS)
    assert "| **macro** |" in (FOLDER / "card.md").read_text()


def test_corpus_has_fifty_examples_per_label():
    items = load_corpus()
    for label in ALL_LABELS:
        assert sum(label in item["labels"] for item in items) >= 50, label
    assert sum(not item["labels"] for item in items) >= 100  # hard negatives


def test_training_is_reproducible(tmp_path):
    train(tmp_path)
    again = MemberClassifier.load(tmp_path)
    shipped = MemberClassifier.load(FOLDER)
    assert np.allclose(again.coef, shipped.coef, atol=1e-4)
    assert again.thresholds == shipped.thresholds


def test_held_back_figures_no_worse_than_measured():
    """Targets in the issue: macro-F1 ≥ 0.80 and no label below 0.65 on the held-back part.
    Measured when trained (2,798 answers, 597 held back): macro-F1 0.78, lowest label
    comparing 0.67 — the macro target is NOT met yet (see the card). These thresholds only
    guard against going backwards."""
    from alcoach.nlp.train_classifier import held_back_metrics

    metrics = held_back_metrics()
    assert metrics["macro_f1"] >= 0.77
    assert min(row["f1"] for row in metrics["labels"].values()) >= 0.65
    assert metrics["classify_ms_median"] < 5.0
