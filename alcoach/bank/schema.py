"""Plain dataclasses for questions, flows and the problems found while loading them."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

METHODS: tuple[str, ...] = (
    "action-learning",
    "socratic",
    "clean-language",
    "incisive",
    "grow",
    "solution-focused",
)
MIN_LEVEL, MAX_LEVEL = 1, 3


@dataclass(frozen=True)
class Problem:
    """Something wrong in a bank file, located so an editor can jump to it."""

    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    stage: str
    targets: tuple[str, ...]
    level: int
    modes: tuple[str, ...]
    method: str
    path: Path = field(default=Path("?"), compare=False)
    line: int = field(default=0, compare=False)

    @property
    def location(self) -> str:
        return f"{self.path}:{self.line}"

    @property
    def is_template(self) -> bool:
        return "{" in self.text


@dataclass(frozen=True)
class Stage:
    id: str
    title: str
    turns: int
    purpose: str = ""


@dataclass(frozen=True)
class Flow:
    """An episodic journey (prepare, reflect …): ordered stages, each asked `turns` times."""

    id: str
    title: str
    stages: tuple[Stage, ...]
    closing_message: str = ""

    def stage_index(self, stage_id: str) -> int:
        return next(i for i, stage in enumerate(self.stages) if stage.id == stage_id)

    @property
    def total_turns(self) -> int:
        return sum(stage.turns for stage in self.stages)


@dataclass
class Bank:
    questions: list[Question] = field(default_factory=list)
    flows: dict[str, Flow] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    @property
    def stages(self) -> set[str]:
        return {stage.id for flow in self.flows.values() for stage in flow.stages}

    def by_id(self) -> dict[str, Question]:
        return {question.id: question for question in self.questions}

    def for_stage(self, stage: str, mode: str) -> list[Question]:
        return [q for q in self.questions if q.stage == stage and mode in q.modes]
