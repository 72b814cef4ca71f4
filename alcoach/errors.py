"""Turning the failures a member can meet into one clear sentence."""

from __future__ import annotations


def describe(error: BaseException) -> str | None:
    """A readable message for known failures; None for a bug, which should surface."""
    from alcoach.nlp.models import ModelError
    from alcoach.store.database import StoreError

    if isinstance(error, StoreError | ModelError):
        return str(error)
    if isinstance(error, ModuleNotFoundError) and error.name in ("sklearn", "scipy"):
        return "training needs scikit-learn: pip install 'alcoach[train]' (make test installs it)"
    if isinstance(error, PermissionError):
        return f"permission denied: {error.filename}"
    return None
