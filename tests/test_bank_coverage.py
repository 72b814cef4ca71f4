"""The shipped bank v1: size, coverage of labels, levels, stages and methods."""

from __future__ import annotations

import json
import subprocess
import sys

from alcoach.bank.stats import bank_stats
from alcoach.nlp.labels import CONTENT_LABELS, THINKING_PATTERNS


def test_bank_size_and_coverage(builtin_bank):
    stats = bank_stats(builtin_bank)
    assert stats["fixed"] >= 350
    assert stats["templates"] >= 60
    for label in THINKING_PATTERNS:
        counts = stats["labels"][label]
        assert counts["total"] >= 15, label
        assert sum(counts[level] > 0 for level in ("1", "2", "3")) >= 2, label
    for label in CONTENT_LABELS:
        assert stats["labels"][label]["total"] >= 8, label
    for flow in ("prepare", "reflect"):
        for stage, count in stats["stages"][flow].items():
            assert count >= 12, (flow, stage)
    assert sum(count > 0 for count in stats["methods"].values()) >= 5


def test_bank_stats_command_json():
    run = subprocess.run(
        [sys.executable, "-m", "alcoach", "bank", "stats", "--json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    stats = json.loads(run.stdout)
    assert set(stats) == {"questions", "fixed", "templates", "labels", "stages", "methods"}
    assert stats["stages"]["reflect"]["learning"] >= 12


def test_flows_are_yaml_a_facilitator_can_edit(builtin_bank):
    prepare = builtin_bank.flows["prepare"]
    assert next(stage.id for stage in prepare.stages) == "opening"
    assert prepare.closing_message
    assert builtin_bank.flows["reflect"].stages[-1].id == "closing"
