"""Where a session is in its flow, rebuilt at any time from the turns it has stored."""

from __future__ import annotations

from dataclasses import dataclass, field

from alcoach.bank.schema import Flow, Stage


@dataclass
class SessionState:
    flow: Flow
    seed: int = 0
    asked: list[str] = field(default_factory=list)  # question ids, in order
    asked_stages: list[str] = field(default_factory=list)
    asked_levels: list[int] = field(default_factory=list)
    answers: list[str] = field(default_factory=list)
    # Across sessions: questions asked in the member's last few sessions (asked again only
    # rarely), and the member's feedback — questions marked useful, and questions they
    # asked to replace with another.
    recent: set[str] = field(default_factory=set)
    useful: set[str] = field(default_factory=set)
    replaced: set[str] = field(default_factory=set)

    def record_question(self, question_id: str, stage: str, level: int, counted: bool = True) -> None:
        """`counted` is False for a question the member set aside ("another question"): it
        is never asked again, but it does not use up its stage's turn."""
        self.asked.append(question_id)
        self.asked_stages.append(stage if counted else "")
        self.asked_levels.append(level)

    def record_answer(self, text: str) -> None:
        self.answers.append(text)

    def next_stage(self) -> Stage | None:
        """The first stage that still has questions to ask; None once the flow is done."""
        for stage in self.flow.stages:
            if self.asked_stages.count(stage.id) < stage.turns:
                return stage
        return None

    @property
    def progress(self) -> float:
        """0 at the start of the flow, 1 once every stage has had its questions."""
        counted = sum(1 for stage in self.asked_stages if stage)
        return min(counted / max(self.flow.total_turns, 1), 1.0)

    @property
    def finished(self) -> bool:
        return self.next_stage() is None and len(self.answers) >= len(self.asked)
