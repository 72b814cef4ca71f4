"""Sentence embeddings (all-MiniLM-L6-v2), normalised so a dot product is the cosine."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from alcoach.nlp.models import EMBEDDING_WEIGHTS_SHA256
from alcoach.nlp.text import clauses
from alcoach.paths import write_private

DIMENSIONS = 384


@dataclass(frozen=True)
class TokenVectors:
    """One pass of the model over one text: every token's vector and the characters it
    covers. The whole text's embedding and any part's (a clause) come from the same pass,
    so a four-sentence answer costs one model call, not five."""

    text: str
    vectors: np.ndarray  # (tokens, DIMENSIONS), special tokens included
    offsets: np.ndarray  # (tokens, 2) character spans; (0, 0) for special tokens

    def whole(self) -> np.ndarray:
        """The sentence embedding: the mean of all tokens, normalised (as the model defines it)."""
        return _normalised(self.vectors.mean(axis=0))

    def span(self, spans: list[tuple[int, int]]) -> np.ndarray | None:
        """The mean of the tokens inside these character spans, normalised; None when the
        model never saw them (text beyond its 256-piece window)."""
        starts, ends = self.offsets[:, 0], self.offsets[:, 1]
        inside = np.zeros(len(self.offsets), dtype=bool)
        for start, end in spans:
            inside |= (ends > starts) & (starts < end) & (ends > start)
        if not inside.any():
            return None
        return _normalised(self.vectors[inside].mean(axis=0))


def _normalised(vector: np.ndarray) -> np.ndarray:
    norm = float(np.linalg.norm(vector))
    return (vector / norm if norm else vector).astype(np.float32)


class Embedder:
    def __init__(self, model: Any) -> None:
        self._model = model

    def read(self, text: str) -> TokenVectors:
        """One forward pass with token vectors and offsets (straight through the transformer:
        the same numbers as `encode`, without its per-call overhead)."""
        import torch

        transformer = self._model[0].auto_model
        encoded = self._model.tokenizer(
            text,
            return_offsets_mapping=True,
            truncation=True,
            max_length=self._model.max_seq_length,
            return_tensors="pt",
        )
        offsets = encoded.pop("offset_mapping")[0].numpy()
        with torch.inference_mode():
            hidden = transformer(**encoded).last_hidden_state[0].numpy()
        return TokenVectors(text, hidden.astype(np.float32), offsets)

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
        return self.read(text).whole()

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
            buffer = io.BytesIO()
            np.save(buffer, vectors, allow_pickle=False)
            write_private(path, buffer.getvalue(), atomic=True)
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


class SpanEmbeddings:
    """`embed(units)` for the parts of one answer (its clauses, or the answer without some
    of them), taken from the answer's single model pass. A unit that is not found in the
    answer, or lies beyond what the model read, is embedded on its own."""

    def __init__(self, embedder: Embedder, tokens: TokenVectors) -> None:
        self._embedder = embedder
        self._tokens = tokens
        # Same-length straightening of quotes, so a unit normalised by a reader is found.
        self._canonical = _canonical(tokens.text)
        self._whole = tokens.whole()

    def __call__(self, units: list[str]) -> np.ndarray:
        vectors: list[np.ndarray | None] = [self._find(unit) for unit in units]
        missing = [unit for unit, vector in zip(units, vectors, strict=True) if vector is None]
        if missing:
            found = iter(self._embedder.encode(missing))
            vectors = [vector if vector is not None else next(found) for vector in vectors]
        if not units:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        return np.vstack(vectors)

    def _find(self, unit: str) -> np.ndarray | None:
        unit = _canonical(unit.strip())
        if not unit:
            return None
        if unit == self._canonical.strip():
            return self._whole
        spans = self._spans(unit)
        return self._tokens.span(spans) if spans else None

    def _spans(self, unit: str) -> list[tuple[int, int]]:
        at = self._canonical.find(unit)
        if at >= 0:
            return [(at, at + len(unit))]
        # A unit made of several clauses joined by spaces: find each of them in order.
        spans, position = [], 0
        for part in clauses(unit):
            at = self._canonical.find(part.strip(), position)
            if at < 0:
                return []
            spans.append((at, at + len(part.strip())))
            position = at + len(part.strip())
        return spans


def in_context(
    embedder: Embedder, texts_and_units: Iterable[tuple[str, list[str]]]
) -> Callable[[list[str]], np.ndarray]:
    """For training: `embed(units)` where each unit's vector comes from its own text's single
    pass, exactly as the app will compute it (see SpanEmbeddings). Units never registered
    are embedded on their own, once."""
    table: dict[str, np.ndarray] = {}
    for text, units in texts_and_units:
        if units:
            found = SpanEmbeddings(embedder, embedder.read(text))(units)
            for unit, vector in zip(units, found, strict=True):
                table.setdefault(unit, vector)
    alone = memoised(embedder)

    def embed(units: list[str]) -> np.ndarray:
        missing = [unit for unit in units if unit not in table]
        if missing:
            table.update(zip(missing, alone(missing), strict=True))
        return np.vstack([table[unit] for unit in units]) if units else embedder.encode([])

    return embed


def _canonical(text: str) -> str:
    return text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')


def cosine_matrix(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Cosine similarity of normalised rows."""
    return a @ b.T
