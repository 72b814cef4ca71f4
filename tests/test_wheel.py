"""A plain (non-editable) install carries the question bank and models and works."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_wheel_ships_bank_and_models_and_runs(tmp_path):
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path / "dist"),
            str(ROOT),
        ],
        check=True,
        timeout=300,
    )
    [wheel] = (tmp_path / "dist").glob("alcoach-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "alcoach/question_bank/flows/prepare.yaml" in names
    assert "alcoach/question_bank/support.yaml" in names
    assert "alcoach/models/README.md" in names
    assert sum(n.startswith("alcoach/question_bank/") and n.endswith(".yaml") for n in names) >= 10

    target = tmp_path / "installed"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
        check=True,
        timeout=300,
    )
    env = {**os.environ, "PYTHONPATH": str(target), "ALCOACH_HOME": str(tmp_path / "home")}
    # Run from elsewhere so the checkout cannot be picked up by accident.
    code = (
        "import alcoach, alcoach.paths as p; print(alcoach.__file__); print(p.bank_dir()); "
        "from alcoach.bank.loader import load_default_bank; b = load_default_bank(); "
        "print(len(b.questions), len(b.problems))"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stderr
    module_file, bank_folder, counts = run.stdout.splitlines()
    assert module_file.startswith(str(target))
    assert bank_folder.startswith(str(target))
    questions, problems = map(int, counts.split())
    assert questions >= 120 and problems == 0
