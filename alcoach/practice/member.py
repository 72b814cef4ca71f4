"""The simulated set member a facilitator practises questioning.

How it answers depends on what kind of question it gets (from the same checker the coach
uses on itself):

- open: a reply from the layer the question reaches best (its meaning compared with each
  layer's `about`, nudged by words that aim at feelings, assumptions or wishes). Surface
  layers (facts, what was tried, other people) answer any open question; feelings and
  assumptions answer only open questions; what the member really wants opens only once
  feelings or assumptions have been reached.
- stacked: an answer to the last question only, and from the surface layers only — the
  easy part is the one that gets answered.
- closed: a short yes or no that opens nothing; leading: polite agreement that reveals
  nothing; advice, in a question or a statement: "yes, but …" resistance (the scenario's
  own deflections); any other statement: polite agreement.

A question asked again word for word gets "as I said" and reaches nothing. It never repeats
a reply while others are left, and for a given scenario and seed it always answers the same
questions the same way.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from alcoach.bank.scenarios import LAYER_DEPTHS, Scenario
from alcoach.nlp.checker import QuestionChecker

SURFACE_DEPTH, DEEP_DEPTH, DEEPEST_DEPTH = 1, 2, 3

# Words that aim a question at a layer (a small nudge on top of meaning).
_AIMS: dict[str, re.Pattern[str]] = {
    name: re.compile(rf"\b(?:{words})\b", re.IGNORECASE)
    for name, words in {
        "feelings": r"feel\w*|felt|emotion\w*|like for you|affect\w* you|upset\w*|worr\w*",
        "assumptions": r"assum\w*|believ\w*|belief|true|sure|certain|evidence|know that|for granted|story",
        "wants": r"want|wish|hope|like to (?:have )?happen|matters?|important|ideally",
    }.items()
}
AIM_BOOST = 0.25
# Said when every reply of every layer the question could reach has been used.
EXHAUSTED = "I think I've told you everything I can about that, honestly."
# Said to a question already asked, word for word: nothing new comes of it.
REPEATED = "As I said, I think I've answered that one already."
REPEATED_REASON = (
    "asked before: the same question again tells the member they were not heard, and opens nothing new"
)


@dataclass(frozen=True)
class MemberReply:
    question: str
    kind: str
    reasons: tuple[str, ...]
    reply: str
    layer: str | None  # the layer the reply came from; None for a deflection
    gives_advice: bool = False  # an advice question, or a statement that advises


@dataclass
class SimulatedMember:
    scenario: Scenario
    checker: QuestionChecker
    encode: Callable[[list[str]], np.ndarray]
    seed: int = 0
    reached: set[str] = field(default_factory=set)
    _used: dict[str, set[int]] = field(default_factory=dict)
    _asked: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self._rng = random.Random(f"{self.scenario.id}:{self.seed}")
        self._layer_vectors = self.encode([layer.about for layer in self.scenario.layers])

    def ask(self, question: str) -> MemberReply:
        verdict = self.checker.check(question)
        reasons = tuple(verdict.reasons)
        said = " ".join(re.findall(r"\w+", question.lower()))
        if said and said in self._asked:
            return MemberReply(question, verdict.kind, (*reasons, REPEATED_REASON), REPEATED, None)
        self._asked.add(said)
        if verdict.kind == "open":
            layer, reply = self._from_layers(question, DEEPEST_DEPTH)
            return MemberReply(question, verdict.kind, reasons, reply, layer)
        if verdict.kind == "stacked":
            last = last_question(question)
            layer, reply = self._from_layers(last, SURFACE_DEPTH)
            return MemberReply(question, verdict.kind, reasons, reply, layer)
        if verdict.kind == "reflection":
            # Heard back, the member goes on — but only an open question takes them deeper.
            layer, reply = self._from_layers(question, SURFACE_DEPTH)
            return MemberReply(question, verdict.kind, reasons, reply, layer)
        pool = verdict.kind
        if verdict.kind == "statement":
            pool = "advice" if verdict.gives_advice else "leading"
        reply = self._pick(pool, self.scenario.deflections[pool])
        return MemberReply(question, verdict.kind, reasons, reply, None, verdict.gives_advice)

    def _from_layers(self, question: str, deepest: int) -> tuple[str | None, str]:
        for name in self._ranked_layers(question, deepest):
            layer = self.scenario.layer(name)
            if len(self._used.get(name, ())) < len(layer.replies):
                self.reached.add(name)
                return name, self._pick(name, layer.replies)
        return None, EXHAUSTED

    def _ranked_layers(self, question: str, deepest: int) -> list[str]:
        similarity = self._layer_vectors @ self.encode([question])[0]
        deep_reached = any(LAYER_DEPTHS[name] == DEEP_DEPTH for name in self.reached)
        scored = []
        for layer, score in zip(self.scenario.layers, similarity, strict=True):
            if layer.depth > deepest or (layer.depth == DEEPEST_DEPTH and not deep_reached):
                continue
            aim = _AIMS.get(layer.name)
            scored.append((float(score) + (AIM_BOOST if aim and aim.search(question) else 0.0), layer.name))
        return [name for _, name in sorted(scored, reverse=True)]

    def _pick(self, pool: str, replies: tuple[str, ...]) -> str:
        used = self._used.setdefault(pool, set())
        if len(used) == len(replies):
            used.clear()  # only deflections come round again; layers move on when spent
        index = self._rng.choice([i for i in range(len(replies)) if i not in used])
        used.add(index)
        return replies[index]


def last_question(text: str) -> str:
    """The last of several questions ("What happened? And who else was there?" → the second)."""
    parts = [part.strip() for part in re.split(r"(?<=\?)", text) if part.strip()]
    return parts[-1] if parts else text
