"""Sentence embeddings (all-MiniLM-L6-v2), normalised so a dot product is the cosine."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from alcoach.nlp.models import EMBEDDING_WEIGHTS_SHA256

DIMENSIONS = 384


class Embedder:
    def __init__(self, model: Any) -> None:
        self._model = model

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        vectors = self._model.encode(
            list(texts),
            batch_size=64,
            convert_to_numpy=True,
            normalize_embeddings=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32)

    def encode_one(self, text: str) -> np.ndarray:
        return self.encode([text])[0]

    def encode_cached(self, texts: Sequence[str], cache_dir: Path | None) -> np.ndarray:
        """Embed `texts`, reusing a cache keyed by the model and the exact texts.

        The bank is the same on most starts, so a second start embeds nothing.
        A damaged cache file is treated as absent and rewritten.
        """
        if cache_dir is None:
            return self.encode(texts)
        key = hashlib.sha256(EMBEDDING_WEIGHTS_SHA256.encode())
        for text in texts:
            key.update(text.encode("utf-8", "surrogatepass"))
            key.update(b"\0")
        path = cache_dir / f"embeddings-{key.hexdigest()[:32]}.npy"
        try:
            cached = np.load(path, allow_pickle=False)
            if cached.shape == (len(texts), DIMENSIONS):
                return cached
        except (OSError, ValueError):
            pass
        vectors = self.encode(texts)
        try:
            cache_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
            temporary = path.with_suffix(".tmp.npy")
            np.save(temporary, vectors, allow_pickle=False)
            temporary.replace(path)
        except OSError:
            pass  # a read-only home still works, just without the cache
        return vectors


def memoised(embedder: Embedder) -> Callable[[list[str]], np.ndarray]:
    """`encode` that embeds each distinct text once (training and tests reread the same
    clauses many times; call it once on everything first to embed in one batch)."""
    cache: dict[str, np.ndarray] = {}

    def encode(texts: list[str]) -> np.ndarray:
        missing = [text for text in dict.fromkeys(texts) if text not in cache]
        if missing:
            cache.update(zip(missing, embedder.encode(missing), strict=True))
        return np.vstack([cache[text] for text in texts]) if texts else embedder.encode([])

    return encode


def cosine_matrix(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Cosine similarity of normalised rows."""
    return a @ b.T
