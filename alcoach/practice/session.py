"""One practice session: a facilitator's questions to a simulated member, each stored as it
is asked, with feedback (kind, reasons, an open alternative from the bank) and a scorecard
at the end."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from alcoach.bank.scenarios import Scenario
from alcoach.coach.alternatives import intent_vector, open_alternatives
from alcoach.coach.engine import Coach
from alcoach.nlp.models import get_models
from alcoach.practice.member import MemberReply, SimulatedMember
from alcoach.practice.scorecard import Scorecard, score
from alcoach.store import Store


@dataclass(frozen=True)
class Feedback:
    reply: MemberReply
    alternative: str | None  # an open question from the bank, for a question that was not open


@dataclass
class PracticeSession:
    scenario: Scenario
    coach: Coach
    store: Store
    seed: int = 0
    turns: list[MemberReply] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._embedder = get_models().embedder
        self.member = SimulatedMember(self.scenario, self.coach.checker, self._embedder.encode, self.seed)
        self.id = self.store.create_practice(self.scenario.id, self.seed)
        self._started = time.monotonic()

    def ask(self, question: str) -> Feedback:
        reply = self.member.ask(question)
        self.turns.append(reply)
        self.store.add_practice_turn(
            self.id, question, reply.kind, list(reply.reasons), reply.reply, reply.layer
        )
        return Feedback(reply, self._alternative(reply))

    def _alternative(self, reply: MemberReply) -> str | None:
        if reply.kind in ("open", "reflection"):  # a reflection needs no open alternative
            return None
        encode = self._embedder.encode_one
        vector = intent_vector(reply.question, reply.kind, encode)
        found = open_alternatives(vector, self.coach.index, self.coach.is_open, exclude_text=reply.question)
        return found[0].text if found else None

    def finish(self) -> Scorecard:
        card = score(self.turns, self.scenario.presenting, time.monotonic() - self._started)
        self.store.finish_practice(self.id, card.as_dict())
        return card
