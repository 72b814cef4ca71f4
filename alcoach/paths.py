"""Where alcoach keeps things: the member's data folder and the shipped resources."""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def _resource_dir(name: str) -> Path:
    # In a wheel the folder is copied inside the package; in a checkout
    # (editable install, tests) it sits at the top of the repository.
    inside = _PACKAGE_DIR / name
    if inside.is_dir():
        return inside
    return _PACKAGE_DIR.parent / name


def bank_dir() -> Path:
    """The curated question bank shipped with alcoach."""
    return _resource_dir("question_bank")


def models_dir() -> Path:
    """Trained models and their cards shipped with alcoach."""
    return _resource_dir("models")


def home_dir() -> Path:
    """The member's own folder: `$ALCOACH_HOME`, else the platform's user-data folder."""
    configured = os.environ.get("ALCOACH_HOME")
    if configured:
        return Path(configured).expanduser()
    from platformdirs import user_data_path

    return user_data_path("alcoach", appauthor=False)


def write_private(path: Path, data: str | bytes, atomic: bool = False) -> None:
    """Write a file readable by its owner only, whatever the umask or an older file's mode.
    `atomic`: written beside it, then moved into place (a cache a reader may be loading)."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    target = path.with_name(path.name + ".tmp") if atomic else path
    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(descriptor, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        file.write(data.encode("utf-8") if isinstance(data, str) else data)
    if atomic:
        target.replace(path)


def ensure_home() -> Path:
    """Create the member's folder, readable by them only, and return it."""
    home = home_dir()
    home.mkdir(parents=True, exist_ok=True, mode=0o700)
    return home


def database_path() -> Path:
    return home_dir() / "alcoach.db"


def user_bank_dir() -> Path:
    """A facilitator's own question files, loaded after the built-in ones."""
    return home_dir() / "question_bank"


def cache_dir() -> Path:
    return home_dir() / "cache"


def exports_dir() -> Path:
    """Where the app writes the documents a member takes to their set or sponsor."""
    return home_dir() / "exports"
