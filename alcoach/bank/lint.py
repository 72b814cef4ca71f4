"""`alcoach bank lint`: every problem in the bank files, as FILE:LINE: message.

Structural problems come from the loader; the question checker judges each text the way
facilitators are judged; embeddings catch two questions that say nearly the same thing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from alcoach.bank.loader import load_bank
from alcoach.bank.schema import Bank, Problem
from alcoach.bank.templates import asker_words, sample

if TYPE_CHECKING:
    from alcoach.nlp.checker import QuestionChecker
    from alcoach.nlp.embeddings import Embedder

# Two question texts whose embeddings are this close say the same thing.
NEAR_DUPLICATE_COSINE = 0.92


def lint_bank(bank: Bank, checker: QuestionChecker, embedder: Embedder | None) -> list[Problem]:
    problems = list(bank.problems)
    for question in bank.questions:
        # A template is judged as the guard judges it (Coach.may_ask): with neutral sample
        # words in its slots, since the member's own words in it (their feeling, their plan)
        # are theirs, not the coach's. tests/test_frames.py reads every frame with other fills.
        text = sample(question.text)
        verdict = checker.check(text)
        if not verdict.is_open:
            reason = "; ".join(verdict.reasons)
            message = f"question '{question.id}' is {verdict.kind}: {reason}"
            if text != question.text:
                message += f" (filled: \u201c{text}\u201d)"
            problems.append(Problem(question.path, question.line, message))
    problems += _near_duplicates(bank, embedder)
    return sorted(problems, key=lambda p: (str(p.path), p.line, p.message))


def _normalised(text: str) -> str:
    return re.sub(r"[^a-z0-9 ]", "", text.lower()).strip()


def _near_duplicates(bank: Bank, embedder: Embedder | None) -> list[Problem]:
    problems: list[Problem] = []
    questions = bank.questions
    flagged: set[int] = set()
    first_by_text: dict[str, int] = {}
    for index, question in enumerate(questions):
        key = _normalised(question.text)
        if key in first_by_text:
            other = questions[first_by_text[key]]
            problems.append(
                Problem(
                    question.path,
                    question.line,
                    f"question '{question.id}' repeats the text of '{other.id}' ({other.location})",
                )
            )
            flagged.add(index)
        else:
            first_by_text[key] = index
    if embedder is None or len(questions) < 2:
        return problems
    import numpy as np

    # A template is compared by the asker's own words: its slots will hold the member's.
    vectors = embedder.encode([asker_words(question.text) for question in questions])
    similarity = vectors @ vectors.T
    np.fill_diagonal(similarity, 0.0)
    earlier_rows, later_rows = np.nonzero(np.triu(similarity, k=1) >= NEAR_DUPLICATE_COSINE)
    for earlier, later in zip(earlier_rows.tolist(), later_rows.tolist(), strict=True):
        if later in flagged:
            continue
        question, other = questions[later], questions[earlier]
        problems.append(
            Problem(
                question.path,
                question.line,
                f"question '{question.id}' nearly duplicates '{other.id}' ({other.location}), "
                f"cosine {similarity[later, earlier]:.2f}",
            )
        )
        flagged.add(later)
    return problems


def lint_paths(
    paths: Iterable[Path], checker: QuestionChecker, embedder: Embedder | None, builtin: Path
) -> list[Problem]:
    """Lint files or folders; without flows of their own, the built-in flows name the stages."""
    paths = list(paths)
    folders = [path for path in paths if path.is_dir()]
    files = [path for path in paths if not path.is_dir()]
    bank = load_bank(folders=folders, files=files)
    if not bank.flows:
        builtin_flows = sorted((builtin / "flows").glob("*.yaml"))
        bank = load_bank(folders=folders, files=[*builtin_flows, *files])
    return lint_bank(bank, checker, embedder)
