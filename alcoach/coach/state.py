"""Where a session is in its flow, rebuilt at any time from the turns it has stored."""

from __future__ import annotations

from dataclasses import dataclass, field

from alcoach.bank.schema import Flow, Stage
from alcoach.nlp.hearing import Hearing

# Stages whose answer the member can give before they are asked: once told, not asked again.
TOLD_STAGES = {"feelings": "feeling", "ask_of_set": "ask", "what_matters": "matters"}


@dataclass
class SessionState:
    flow: Flow
    seed: int = 0
    asked: list[str] = field(default_factory=list)  # question ids, in order
    asked_stages: list[str] = field(default_factory=list)
    asked_levels: list[int] = field(default_factory=list)
    asked_texts: list[str] = field(default_factory=list)  # as the member saw them
    answers: list[str] = field(default_factory=list)
    # Across sessions: questions asked in the member's last few sessions (asked again only
    # rarely), and the member's feedback — questions marked useful, and questions they
    # asked to replace with another.
    recent: set[str] = field(default_factory=set)
    useful: set[str] = field(default_factory=set)
    replaced: set[str] = field(default_factory=set)
    # What was heard in each answer (alcoach.nlp.heard), in order; empty where not read yet.
    heard: list[Hearing] = field(default_factory=list)
    # The challenge as the member described it (title, context, sponsor), for the referent guard.
    context: str = ""

    def record_question(
        self, question_id: str, stage: str, level: int, counted: bool = True, text: str = ""
    ) -> None:
        """`counted` is False for a question the member set aside ("another question"): it
        is never asked again, but it does not use up its stage's turn."""
        self.asked.append(question_id)
        self.asked_texts.append(text)
        self.asked_stages.append(stage if counted else "")
        self.asked_levels.append(level)

    def record_answer(self, text: str, heard: Hearing | None = None) -> None:
        self.answers.append(text)
        self.heard.append(heard or Hearing())

    def told(self, extra: Hearing | None = None) -> set[str]:
        """What the member has already told without being asked: "feeling", "ask", "commitment"."""
        told: set[str] = set()
        for hearing in [*self.heard, *([extra] if extra else [])]:
            told |= {"feeling"} if hearing.feelings else set()
            told |= {"ask"} if hearing.ask else set()
            told |= {"commitment"} if hearing.commitment else set()
            told |= {"matters"} if hearing.matters else set()
        return told

    def next_stage(self, told: set[str] | None = None) -> Stage | None:
        """The first stage that still has questions to ask; None once the flow is done. A
        stage whose answer the member has already given (a feeling named, what they want from
        the set) is not asked, unless it was already under way."""
        told = self.told() if told is None else told
        for stage in self.flow.stages:
            asked = self.asked_stages.count(stage.id)
            if TOLD_STAGES.get(stage.id) in told and asked == 0:
                continue
            if asked < stage.turns:
                return stage
        return None

    def conversation(self) -> str:
        """Everything the member has written in this session and about their challenge, lower-case."""
        return "\n".join([self.context, *self.answers]).lower()

    def last_commitment(self) -> str | None:
        """The latest action the member said they would take in this session, said back."""
        return next((h.commitment.said for h in reversed(self.heard) if h.commitment), None)

    @property
    def progress(self) -> float:
        """0 at the start of the flow, 1 once every stage has had its questions."""
        counted = sum(1 for stage in self.asked_stages if stage)
        return min(counted / max(self.flow.total_turns, 1), 1.0)

    @property
    def finished(self) -> bool:
        return self.next_stage() is None and len(self.answers) >= len(self.asked)
