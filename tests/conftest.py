"""Shared fixtures: the real models load once per test session; every test gets its own home."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

DATA = Path(__file__).parent / "data"


def data_items(name: str) -> list[dict]:
    """The `items` of a YAML file in tests/data."""
    import yaml

    return yaml.safe_load((DATA / name).read_text(encoding="utf-8"))["items"]


@pytest.fixture(autouse=True)
def alcoach_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("ALCOACH_HOME", str(home))
    monkeypatch.delenv("ALCOACH_PASSPHRASE", raising=False)  # a developer's own must not leak in
    return home


@pytest.fixture(scope="session")
def models():
    from alcoach.nlp.models import get_models

    return get_models()


@pytest.fixture(scope="session")
def analyser(models):
    from alcoach.nlp.analysis import Analyser

    return Analyser.shipped(models)


@pytest.fixture(scope="session")
def checker(models):
    from alcoach.nlp.checker import QuestionChecker

    return QuestionChecker.with_model(models.nlp, models.embedder)


@pytest.fixture(scope="session")
def builtin_bank():
    from alcoach.bank.loader import load_bank
    from alcoach.paths import bank_dir

    return load_bank(folders=[bank_dir()])


@pytest.fixture(scope="session")
def coach(models, builtin_bank, tmp_path_factory):
    from alcoach.coach.engine import Coach

    return Coach.load(builtin_bank, tmp_path_factory.mktemp("cache"))


@pytest.fixture
def store(alcoach_home: Path):
    from alcoach.paths import database_path, ensure_home
    from alcoach.store import Store

    ensure_home()
    store = Store.open(database_path())
    yield store
    store.close()


def run_jsonl(command: str, lines: str) -> list[dict]:
    """Run `alcoach COMMAND --jsonl` as a user would, one text per stdin line; parse its output."""
    run = subprocess.run(
        [sys.executable, "-m", "alcoach", command, "--jsonl"],
        input=lines,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    return [json.loads(line) for line in run.stdout.splitlines()]


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    """Run `alcoach ARGS…` as a user would (the test's own ALCOACH_HOME)."""
    return subprocess.run(
        [sys.executable, "-m", "alcoach", *args], capture_output=True, text=True, timeout=300
    )
