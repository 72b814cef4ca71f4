"""Support resources shown on a safety concern (`question_bank/support.yaml`, editable).

Two levels: immediate risk gets the full message and every resource; a possible concern
gets a short, warm acknowledgement with one line to call. After either, if the member
chooses to go on, the next question comes from a small curated set of plain, supportive
questions (never a challenge, never built on what they wrote)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from alcoach.bank.yaml_lines import LineMap, YamlFileError, load_yaml_with_lines
from alcoach.paths import bank_dir

IMMEDIATE, POSSIBLE = "immediate", "possible"
CARE_PREFIX = "care-"  # the question id of every question asked around a concern
# What the member can choose after a concern.
CONTINUE, SOMETHING_ELSE, END = "continue", "something-else", "end"


@dataclass(frozen=True)
class Resource:
    name: str
    contact: str
    when: str = ""

    def as_line(self) -> str:
        return f"• {self.name}: {self.contact}" + (f" — {self.when}" if self.when else "")


@dataclass(frozen=True)
class CareQuestion:
    id: str
    text: str
    level: str = POSSIBLE


DEFAULT_BRIEF = (
    "What you wrote sounds heavy to carry. alcoach will not challenge you on it. If it would help "
    "to talk to a person, you can, any time."
)
DEFAULT_QUESTIONS = (
    CareQuestion("care-01", "What would be most helpful to you right now?", POSSIBLE),
    CareQuestion("care-02", "What would you like to do with the rest of this session?", POSSIBLE),
    CareQuestion("care-04", "Who is around you today that you could talk to?", IMMEDIATE),
    CareQuestion("care-06", "What would be most helpful to you right now?", IMMEDIATE),
)
DEFAULT_SOMETHING_ELSE = CareQuestion("care-else", "What would you like to talk about instead?")


@dataclass(frozen=True)
class Support:
    message: str
    resources: list[Resource] = field(default_factory=list)
    brief: str = DEFAULT_BRIEF
    talk_line: str = ""  # the name of the resource shown with a possible concern
    questions: tuple[CareQuestion, ...] = DEFAULT_QUESTIONS
    something_else: CareQuestion = DEFAULT_SOMETHING_ELSE

    def as_text(self, level: str = IMMEDIATE) -> str:
        """What the member reads: everything for immediate risk, the short form otherwise."""
        if level != IMMEDIATE:
            line = self.talk_resource()
            return self.brief + (f"\n\n{line.as_line()}" if line else "")
        return "\n".join([self.message, "", *(r.as_line() for r in self.resources)])

    def talk_resource(self) -> Resource | None:
        named = [r for r in self.resources if r.name == self.talk_line]
        if named:
            return named[0]
        return self.resources[-1] if self.resources else None

    def care_question(self, level: str, asked: set[str]) -> CareQuestion:
        """The first question for this level not yet asked in the session (the first again
        when all have been)."""
        fitting = [q for q in self.questions if q.level == level] or list(DEFAULT_QUESTIONS)
        return next((q for q in fitting if q.id not in asked), fitting[0])


# Used when the file is missing or broken: a safety message must never fail to appear.
FALLBACK = Support(
    "It sounds as though things may be very hard right now. Please talk to someone you trust, "
    "or contact emergency services if you are in danger.",
    [Resource("Emergency services", "999"), Resource("Samaritans", "116 123")],
    talk_line="Samaritans",
)


def _care_question(raw: Any, where: str) -> CareQuestion:
    if not isinstance(raw, dict) or not all(isinstance(raw.get(key), str) for key in ("id", "text")):
        raise ValueError(f"{where}: expected a question with an 'id' and a 'text'")
    if not raw["id"].startswith(CARE_PREFIX):
        raise ValueError(f"{where}: a support question's id starts with '{CARE_PREFIX}'")
    level = str(raw.get("for", POSSIBLE))
    if level not in (IMMEDIATE, POSSIBLE):
        raise ValueError(f"{where}: 'for' is '{IMMEDIATE}' or '{POSSIBLE}', not '{level}'")
    return CareQuestion(raw["id"], " ".join(raw["text"].split()), level)


def _line(raw: Any, path: Path) -> str:
    return f"{path}:{raw.line if isinstance(raw, LineMap) else 1}"


def load_support(path: Path | None = None) -> tuple[Support, str | None]:
    """The support resources (by default the bank's `support.yaml`), and a problem
    (file:line) if the file could not be used."""
    if path is None:
        path = bank_dir() / "support.yaml"
    try:
        document = load_yaml_with_lines(path)
    except YamlFileError as error:
        return FALLBACK, str(error)
    raw = document.get("support") if isinstance(document, LineMap) else None
    if not isinstance(raw, dict) or not isinstance(raw.get("message"), str):
        return FALLBACK, f"{path}:1: expected 'support' with a 'message'"
    resources = [
        Resource(str(item.get("name", "")), str(item.get("contact", "")), str(item.get("when", "")))
        for item in raw.get("resources") or []
        if isinstance(item, dict)
    ]
    try:
        questions = tuple(_care_question(q, _line(q, path)) for q in raw.get("questions") or [])
        something_else = (
            _care_question(raw["something_else"], _line(raw["something_else"], path))
            if "something_else" in raw
            else DEFAULT_SOMETHING_ELSE
        )
    except ValueError as error:
        return FALLBACK, str(error)
    return (
        Support(
            " ".join(raw["message"].split()),
            resources,
            " ".join(str(raw.get("brief") or DEFAULT_BRIEF).split()),
            str(raw.get("talk_line", "")),
            questions or DEFAULT_QUESTIONS,
            something_else,
        ),
        None,
    )
