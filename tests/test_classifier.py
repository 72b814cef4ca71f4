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
