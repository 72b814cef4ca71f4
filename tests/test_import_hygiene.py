"""The core never imports Textual; `--help` and the first screen import neither torch nor spaCy."""

from __future__ import annotations

import subprocess
import sys

CORE = ["alcoach.coach", "alcoach.nlp", "alcoach.bank", "alcoach.practice", "alcoach.store"]
CORE_MODULES = [
    "alcoach.coach.manager",
    "alcoach.coach.engine",
    "alcoach.coach.selector",
    "alcoach.coach.summary",
    "alcoach.nlp.analysis",
    "alcoach.nlp.checker",
    "alcoach.nlp.cues",
    "alcoach.nlp.models",
    "alcoach.bank.loader",
    "alcoach.bank.lint",
    "alcoach.bank.support",
    "alcoach.store.repository",
    "alcoach.display",
    "alcoach.cli",
]


def _loaded_after(code: str) -> set[str]:
    script = f"{code}\nimport sys\nprint(' '.join(sorted(sys.modules)))"
    output = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    return set(output.stdout.split())


def test_core_packages_never_import_textual():
    imports = "\n".join(f"import {name}" for name in CORE + CORE_MODULES)
    loaded = _loaded_after(imports)
    assert "alcoach.store.repository" in loaded  # the imports really ran
    assert not {m for m in loaded if m == "textual" or m.startswith("textual.")}


def test_help_imports_neither_torch_nor_spacy():
    loaded = _loaded_after(
        "from alcoach.cli import main\n"
        "import contextlib, io\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n        main(['--help'])\n    except SystemExit:\n        pass"
    )
    assert "alcoach.cli" in loaded
    assert "torch" not in loaded
    assert "spacy" not in loaded
    assert "sentence_transformers" not in loaded


def test_first_screen_imports_neither_torch_nor_spacy():
    loaded = _loaded_after("import alcoach.tui.app")
    assert "alcoach.tui.app" in loaded
    assert "torch" not in loaded
    assert "spacy" not in loaded
