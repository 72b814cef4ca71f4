"""Open questions from the bank with a similar intent to a question that was not open."""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np

from alcoach.bank.schema import Question
from alcoach.coach.selector import BankIndex

MAX_ALTERNATIVES = 3
# What an asker of each kind was usually reaching for, said openly. Blended with the
# question's own meaning, it steers alternatives from "same topic" to "same purpose, asked well".
KIND_INTENTS = {
    "advice": "What options do you see for what you could do yourself?",
    "leading": "How do you see it yourself?",
    "closed": "What more can you tell me about that?",
    "statement": "What is your own view of this?",
}
INTENT_WEIGHT = 0.6
# An alternative is offered out of context, so it must stand alone: no pointing back at
# something the member may never have said ("that decision", "they", "that success").
_POINTS_BACK = re.compile(
    r"\b(?:that|this|the|those) (?:decision|success|step|feeling|word|words|rule|moment|change|action|"
    r"commitment|story|idea|plan|choice|conversation|meeting|person|picture|image|sense)s?\b"
    r"|\b(?:they|them|their|theirs|he|she|him|her)\b|\bcall yourself\b|\bthat (?:happened|worked|went)\b"
    r"|\bwent about it\b|\bdid not happen\b",
    re.IGNORECASE,
)


def intent_vector(text: str, kind: str, encode: Callable[[str], np.ndarray]) -> np.ndarray:
    vector = encode(text)
    if kind in KIND_INTENTS:
        vector = vector + INTENT_WEIGHT * encode(KIND_INTENTS[kind])
        vector = vector / np.linalg.norm(vector)
    return vector


def open_alternatives(
    vector: np.ndarray, index: BankIndex, is_open: Callable[[str], bool], exclude_text: str = ""
) -> list[Question]:
    """Up to three fixed bank questions closest in meaning to `vector`, each checked open
    and able to stand alone."""
    if index.question_vectors is None:
        return []
    similarity = index.question_vectors @ vector
    chosen: list[Question] = []
    for i in np.argsort(-similarity):
        question = index.questions[int(i)]
        if question.is_template or question.text.lower() == exclude_text.strip().lower():
            continue
        if _POINTS_BACK.search(question.text):
            continue
        if is_open(question.text):
            chosen.append(question)
        if len(chosen) == MAX_ALTERNATIVES:
            break
    return chosen
