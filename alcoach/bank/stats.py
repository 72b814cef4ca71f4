"""Coverage of the bank: labels × levels, stages × flows, methods (`alcoach bank stats`)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from alcoach.bank.schema import MAX_LEVEL, METHODS, MIN_LEVEL, Bank
from alcoach.nlp.labels import ALL_LABELS

LEVELS = [str(level) for level in range(MIN_LEVEL, MAX_LEVEL + 1)]


def bank_stats(bank: Bank) -> dict[str, Any]:
    labels: dict[str, dict[str, int]] = {}
    for label in ALL_LABELS:
        levels = Counter(str(q.level) for q in bank.questions if label in q.targets)
        labels[label] = {level: levels.get(level, 0) for level in LEVELS}
        labels[label]["total"] = sum(levels.values())
    stages = {
        flow.id: {stage.id: len(bank.for_stage(stage.id, flow.id)) for stage in flow.stages}
        for flow in bank.flows.values()
    }
    methods = Counter(q.method for q in bank.questions)
    return {
        "questions": len(bank.questions),
        "fixed": sum(not q.is_template for q in bank.questions),
        "templates": sum(q.is_template for q in bank.questions),
        "labels": labels,
        "stages": stages,
        "methods": {method: methods.get(method, 0) for method in METHODS},
    }


def format_stats(stats: dict[str, Any]) -> str:
    lines = [
        f"{stats['questions']} questions: {stats['fixed']} fixed, {stats['templates']} templates",
        "",
        f"{'label':22}" + "".join(f"{'L' + level:>6}" for level in LEVELS) + f"{'total':>7}",
    ]
    for label, counts in stats["labels"].items():
        cells = "".join(f"{counts[level]:>6}" for level in LEVELS)
        lines.append(f"{label:22}{cells}{counts['total']:>7}")
    for flow, stages in stats["stages"].items():
        lines += ["", f"flow '{flow}'"]
        lines += [f"  {stage:20}{count:>6}" for stage, count in stages.items()]
    lines += ["", "methods"]
    lines += [f"  {method:20}{count:>6}" for method, count in stats["methods"].items()]
    return "\n".join(lines)
