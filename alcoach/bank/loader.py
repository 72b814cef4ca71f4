"""Load question files and flows from folders, collecting every problem with file:line.

Loading never stops at the first problem: an author fixing a file wants the whole list.
A question with a problem is left out of the bank, so the coach never asks it.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from alcoach.bank.schema import MAX_LEVEL, METHODS, MIN_LEVEL, Bank, Flow, Problem, Question, Stage
from alcoach.bank.templates import SLOTS, unknown_placeholders
from alcoach.bank.yaml_lines import LineMap, YamlFileError, load_yaml_with_lines
from alcoach.nlp.labels import ALL_LABELS

QUESTION_FIELDS = ("id", "text", "stage", "targets", "level", "modes", "method")
# Files with these top-level keys belong to other parts of alcoach (support resources,
# practice scenarios); the question loader leaves them alone.
OTHER_KINDS = ("support", "scenario")


def bank_files(folder: Path) -> list[Path]:
    """Question files at the top of a bank folder, then its flows, in a stable order."""
    if not folder.is_dir():
        return []
    return sorted(folder.glob("*.yaml")) + sorted((folder / "flows").glob("*.yaml"))


def load_bank(folders: Iterable[Path] = (), files: Iterable[Path] = ()) -> Bank:
    """Read every bank file in `folders` and `files`; problems are collected, not raised."""
    paths = [path for folder in folders for path in bank_files(Path(folder))]
    paths += [Path(path) for path in files]
    bank = Bank()
    raw_questions: list[tuple[Path, LineMap]] = []
    for path in paths:
        try:
            document = load_yaml_with_lines(path)
        except YamlFileError as error:
            bank.problems.append(Problem(error.path, error.line, error.message))
            continue
        _read_document(path, document, bank, raw_questions)
    seen: dict[str, Question] = {}
    for path, raw in raw_questions:
        question = _build_question(path, raw, bank)
        if question is None:
            continue
        if question.id in seen:
            first = seen[question.id]
            bank.problems.append(
                Problem(path, question.line, f"duplicate id '{question.id}' (first at {first.location})")
            )
            continue
        seen[question.id] = question
        bank.questions.append(question)
    return bank


def _read_document(path: Path, document: Any, bank: Bank, raw: list[tuple[Path, LineMap]]) -> None:
    if not isinstance(document, LineMap):
        bank.problems.append(Problem(path, 1, "expected a mapping with a 'questions' list or a 'flow'"))
        return
    _report_duplicate_keys(path, document, bank)
    if "questions" in document:
        items = document["questions"]
        if not isinstance(items, list):
            bank.problems.append(Problem(path, document.line_of("questions"), "'questions' must be a list"))
            return
        for item in items:
            if isinstance(item, LineMap):
                _report_duplicate_keys(path, item, bank)
                raw.append((path, item))
            else:
                line = document.line_of("questions")
                bank.problems.append(Problem(path, line, "each question must be a mapping of fields"))
    elif "flow" in document:
        flow = _build_flow(path, document["flow"], bank)
        if flow is not None:
            if flow.id in bank.flows:
                bank.problems.append(Problem(path, document.line, f"duplicate flow '{flow.id}'"))
            else:
                bank.flows[flow.id] = flow
    elif not any(kind in document for kind in OTHER_KINDS):
        bank.problems.append(Problem(path, document.line, "expected a 'questions' list or a 'flow'"))


def _report_duplicate_keys(path: Path, mapping: LineMap, bank: Bank) -> None:
    for key, line in mapping.duplicate_keys:
        bank.problems.append(Problem(path, line, f"key '{key}' appears twice; the first is ignored"))


def _build_question(path: Path, raw: LineMap, bank: Bank) -> Question | None:
    problems: list[Problem] = []

    def problem(key: str, message: str) -> None:
        problems.append(Problem(path, raw.line_of(key), message))

    label = f"question '{raw.get('id')}'" if isinstance(raw.get("id"), str) else "question"
    for key in QUESTION_FIELDS:
        if key not in raw:
            problem(key, f"{label}: missing field '{key}'")
    for key in raw.key_lines:
        if key not in QUESTION_FIELDS:
            problem(key, f"{label}: unknown field '{key}'")
    if problems:
        bank.problems.extend(problems)
        return None

    if not isinstance(raw["id"], str) or not raw["id"].strip():
        problem("id", "question: 'id' must be a non-empty string")
    if not isinstance(raw["text"], str) or not raw["text"].strip():
        problem("text", f"{label}: 'text' must be a non-empty string")
    else:
        for name in unknown_placeholders(raw["text"]):
            problem("text", f"{label}: unknown slot '{{{name}}}' (known: {', '.join(SLOTS)})")
    stage = raw["stage"]
    if not isinstance(stage, str):
        problem("stage", f"{label}: 'stage' must be a string")
    elif bank.flows and stage not in bank.stages:
        problem("stage", f"{label}: unknown stage '{stage}' (known: {', '.join(sorted(bank.stages))})")
    targets = _string_list(raw["targets"])
    if targets is None:
        problem("targets", f"{label}: 'targets' must be a list of labels")
    else:
        for target in targets:
            if target not in ALL_LABELS:
                problem("targets", f"{label}: unknown label '{target}'")
    level = raw["level"]
    if isinstance(level, bool) or not isinstance(level, int) or not MIN_LEVEL <= level <= MAX_LEVEL:
        problem("level", f"{label}: 'level' must be a whole number from {MIN_LEVEL} to {MAX_LEVEL}")
    modes = _string_list(raw["modes"])
    if not modes:
        problem("modes", f"{label}: 'modes' must be a non-empty list")
    elif bank.flows:
        for mode in modes:
            if mode not in bank.flows:
                problem("modes", f"{label}: unknown mode '{mode}' (known: {', '.join(sorted(bank.flows))})")
    if raw["method"] not in METHODS:
        problem("method", f"{label}: unknown method '{raw['method']}' (known: {', '.join(METHODS)})")
    if problems:
        bank.problems.extend(problems)
        return None
    return Question(
        id=raw["id"].strip(),
        text=" ".join(raw["text"].split()),
        stage=stage,
        targets=tuple(targets or ()),
        level=level,
        modes=tuple(modes or ()),
        method=raw["method"],
        path=path,
        line=raw.line,
    )


def _build_flow(path: Path, raw: Any, bank: Bank) -> Flow | None:
    if not isinstance(raw, LineMap):
        bank.problems.append(Problem(path, 1, "'flow' must be a mapping"))
        return None
    before = len(bank.problems)
    for key in ("id", "title", "stages"):
        if key not in raw:
            bank.problems.append(Problem(path, raw.line, f"flow: missing field '{key}'"))
    stages: list[Stage] = []
    for item in raw.get("stages") or []:
        if not isinstance(item, LineMap) or not isinstance(item.get("id"), str):
            bank.problems.append(Problem(path, raw.line_of("stages"), "flow: each stage needs an 'id'"))
            continue
        turns = item.get("turns", 1)
        if isinstance(turns, bool) or not isinstance(turns, int) or turns < 1:
            bank.problems.append(Problem(path, item.line_of("turns"), "stage: 'turns' must be 1 or more"))
            continue
        stages.append(
            Stage(item["id"], str(item.get("title", item["id"])), turns, str(item.get("purpose", "")))
        )
    if len(bank.problems) > before:
        return None
    if not stages:
        bank.problems.append(Problem(path, raw.line, "flow: needs at least one stage"))
        return None
    return Flow(str(raw["id"]), str(raw["title"]), tuple(stages), str(raw.get("closing_message", "")))


def _string_list(value: Any) -> list[str] | None:
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return value
    return None


def load_default_bank() -> Bank:
    """The built-in bank, then a facilitator's own files in $ALCOACH_HOME/question_bank/."""
    from alcoach.paths import bank_dir, user_bank_dir

    return load_bank(folders=[bank_dir(), user_bank_dir()])
