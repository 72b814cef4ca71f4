"""The benchmark's own parts (the figures themselves come from `alcoach bench`, not tests)."""

from __future__ import annotations

import json
import subprocess
import sys

from alcoach.bench import ANSWERS, bench_answers


def test_bench_answers_are_many_varied_and_some_long():
    answers = bench_answers()
    assert len(answers) == ANSWERS >= 200
    assert len(set(answers)) == len(answers)
    lengths = sorted(len(answer.split()) for answer in answers)
    assert lengths[0] < 15 and lengths[-1] > 80  # short answers and pasted paragraphs


def test_first_screen_part_reports_no_heavy_imports():
    run = subprocess.run(
        [sys.executable, "-m", "alcoach.bench", "first-screen"], capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert result["heavy_modules_at_first_screen"] == []
    assert 0 < result["first_screen_s"] < 60


def test_the_worst_pastes_are_each_as_long_as_the_issue_asks():
    from alcoach.bench import PASTE_CHARS, worst_pastes

    pastes = worst_pastes()
    assert len(pastes) >= 6
    assert all(len(text) == PASTE_CHARS for text in pastes.values()), {k: len(v) for k, v in pastes.items()}
