"""The checker's shipped model: reproducible, and read at run time exactly as trained."""

from __future__ import annotations

import json

import numpy as np

from alcoach.nlp.checker_model import MODEL_NAME, CheckerModel
from alcoach.nlp.models import EMBEDDING_WEIGHTS_SHA256
from alcoach.nlp.train_checker import fit, training_data
from alcoach.paths import models_dir

FOLDER = models_dir() / MODEL_NAME


def test_meta_records_what_the_model_was_built_from():
    meta = json.loads((FOLDER / "meta.json").read_text())
    assert meta["embedding_weights_sha256"] == EMBEDDING_WEIGHTS_SHA256
    assert len(meta["training_data_sha256"]) == 64
    assert set(meta["classes"]) >= {"open", "advice", "leading"}
    assert (FOLDER / "card.md").is_file()


def test_training_again_gives_the_shipped_model(models):
    texts, labels, weights = training_data()
    vectoriser, classifier = fit(texts, labels, weights, models.embedder.encode(texts))
    shipped = CheckerModel.load(FOLDER)
    # Seeded and deterministic; across versions of torch and sentence-transformers the
    # embeddings differ in their last digits, which moves coefficients of size ~5 by < 1e-3.
    assert np.allclose(classifier.coef_, shipped.coef, atol=2e-3)
    # The run-time TF-IDF is the same computation as scikit-learn's.
    sample = ["Have you thought about asking the ward manager for help?", "What matters most here?"]
    expected = vectoriser.transform(sample).toarray()
    assert np.allclose(np.vstack([shipped.wording(text) for text in sample]), expected, atol=1e-6)
