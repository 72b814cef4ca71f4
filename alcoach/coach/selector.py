"""Choosing the next question: the best fit, within the stage, to what the member just wrote.

score = LABEL_WEIGHT    × how strongly the answer shows a label the question targets
      + QUESTION_WEIGHT × embedding similarity of the answer and the question
      + TARGET_WEIGHT   × embedding similarity of the answer and the targets' descriptions
      − LEVEL_WEIGHT    × distance between the question's level and the level wanted now
      − MISFIT_WEIGHT   when the question aims only at thinking patterns the answer does not show
      + TEMPLATE_BONUS  for a template filled with the member's own words

The level wanted rises from supportive (1) towards strongly challenging (3) as the session
goes on, and drops back to supportive when the answer raises a safety concern. A question
already asked in the session is never asked again. Ties are broken by a seeded hash, so a
given session always makes the same choices.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from alcoach.bank.schema import Question
from alcoach.bank.templates import fill
from alcoach.coach.state import SessionState
from alcoach.nlp.labels import LABEL_NAMES, THINKING_PATTERNS
from alcoach.nlp.result import Analysis
from alcoach.nlp.safety import CONCERN

LABEL_WEIGHT = 1.0
QUESTION_WEIGHT = 0.8
TARGET_WEIGHT = 0.4
LEVEL_WEIGHT = 0.35
TIE_BREAK_WEIGHT = 0.01
# Asking "how would you weigh this success?" of someone who mentioned no success is a
# non-sequitur; a general question serves better when no targeted pattern is present.
MISFIT_WEIGHT = 0.3
MISFIT_SIMILARITY = 0.4
# A question in the member's own words, when their words allow one, is worth a little more.
TEMPLATE_BONUS = 0.1


@dataclass(frozen=True)
class Selection:
    question: Question
    text: str  # what the member sees: the bank text, or a template filled with their words
    why: str
    score: float


@dataclass(frozen=True)
class BankIndex:
    """The questions with their embeddings, and the embeddings of the label descriptions."""

    questions: list[Question]
    # None until the embedding model has loaded: the opening question needs no model.
    question_vectors: np.ndarray | None = None
    label_vectors: dict[str, np.ndarray] = field(default_factory=dict)


def wanted_level(state: SessionState, analysis: Analysis | None) -> float:
    if analysis is not None and analysis.safety == CONCERN:
        return 1.0
    return 1.0 + 2.0 * state.progress


def _tie_break(seed: int, question_id: str) -> float:
    digest = hashlib.sha256(f"{seed}:{question_id}".encode()).digest()
    return digest[0] / 255.0


def _candidates(index: BankIndex, state: SessionState, stage: str, analysis: Analysis | None) -> list[int]:
    asked = set(state.asked)
    mode = state.flow.id
    chosen = [
        i for i, q in enumerate(index.questions) if q.stage == stage and mode in q.modes and q.id not in asked
    ]
    if analysis is not None and analysis.safety == CONCERN:
        # Never challenge someone who may be at risk: gentle, pattern-free, fixed questions only
        # (no templates: turning their words about their life into a question is not what
        # they need now), from this stage if it has one, else from anywhere in the flow.
        gentle = [i for i in chosen if _gentle(index.questions[i])]
        if gentle:
            return gentle
        return [
            i for i, q in enumerate(index.questions) if mode in q.modes and q.id not in asked and _gentle(q)
        ]
    return chosen


def _gentle(question: Question) -> bool:
    patterns = set(question.targets) & set(THINKING_PATTERNS)
    return question.level == 1 and not patterns and not question.is_template


def score_question(index: BankIndex, i: int, analysis: Analysis | None, level: float, seed: int) -> float:
    question = index.questions[i]
    score = -LEVEL_WEIGHT * abs(question.level - level)
    score += TIE_BREAK_WEIGHT * _tie_break(seed, question.id)
    if analysis is None:
        return score
    fit = max((analysis.score(target) for target in question.targets), default=0.0)
    score += LABEL_WEIGHT * fit
    target_similarity = 0.0
    if analysis.embedding is not None and index.question_vectors is not None:
        score += QUESTION_WEIGHT * float(index.question_vectors[i] @ analysis.embedding)
        similarities = [
            float(index.label_vectors[t] @ analysis.embedding)
            for t in question.targets
            if t in index.label_vectors
        ]
        target_similarity = max(similarities, default=0.0)
        score += TARGET_WEIGHT * target_similarity
    only_patterns = bool(question.targets) and set(question.targets) <= set(THINKING_PATTERNS)
    if only_patterns and fit == 0.0:
        # Softened when the answer reads close to the pattern though no cue named it.
        score -= MISFIT_WEIGHT * max(0.0, 1.0 - target_similarity / MISFIT_SIMILARITY)
    return score


def select_next_question(
    index: BankIndex,
    state: SessionState,
    analysis: Analysis | None,
    may_ask: Callable[[Question, str], bool] | None = None,
) -> Selection | None:
    """The best next question for this state, or None when the flow is complete.

    Templates are considered only when the member's words fill every slot. Every question
    passes `may_ask` (the question checker) before it is chosen: a question the checker
    calls anything but open is never shown; the next best is taken instead.
    """
    stage = state.next_stage()
    if stage is None:
        return None
    slots = analysis.slots if analysis is not None else {}
    level = wanted_level(state, analysis)
    scored = []
    for i in _candidates(index, state, stage.id, analysis):
        text = fill(index.questions[i].text, slots)
        if text is not None:
            score = score_question(index, i, analysis, level, state.seed)
            if index.questions[i].is_template:
                score += TEMPLATE_BONUS
            scored.append((score, i, text))
    for score, i, text in sorted(scored, reverse=True):
        if may_ask is None or may_ask(index.questions[i], text):
            question = index.questions[i]
            return Selection(question, text, explain_choice(question, analysis, stage.title), score)
    return None


def explain_choice(question: Question, analysis: Analysis | None, stage_title: str) -> str:
    """Why this question: the pattern noticed, in the member's words — never the answer."""
    if analysis is not None and analysis.safety == CONCERN:
        return (
            "Something you wrote suggests things may be very hard for you right now, so alcoach "
            "is not challenging you; this is a gentle question, and you can stop at any time."
        )
    if analysis is not None:
        noticed = [f for f in analysis.labels if f.label in question.targets]
        if noticed:
            finding = max(noticed, key=lambda f: f.score)
            return (
                f"You wrote \u201c{finding.evidence}\u201d, which sounded like "
                f"{LABEL_NAMES[finding.label]}. This question invites you to look at it more closely."
            )
        if analysis.phrases:
            return (
                f"It follows on from what you wrote about \u201c{analysis.phrases[0]}\u201d, "
                f"and moves the session on to: {stage_title.lower()}."
            )
    return f"It opens the next part of the session: {stage_title.lower()}."
