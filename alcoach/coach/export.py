"""What a member chooses to take out of alcoach: a presenting statement for the set (after
preparing) or a report back for the sponsor (after reflecting), in Markdown or JSON.

Nothing leaves the database except through an explicit export, and only the sections the
member includes. Everything in it is the member's own words, arranged under headings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from alcoach.coach.summary import Summary, summarise
from alcoach.nlp.labels import LABEL_NAMES
from alcoach.paths import write_private
from alcoach.store.repository import SessionRecord, Store

# The sections each kind of export can hold, in order; the member picks any of them.
SECTIONS = {
    "prepare": ("challenge", "situation", "want_from_set", "next_step", "patterns", "useful_questions"),
    "reflect": ("commitment", "what_happened", "learned", "next_step", "patterns", "useful_questions"),
}
# Without a choice: what a set or a sponsor would expect. Thinking patterns are private
# unless the member adds them.
DEFAULT_SECTIONS = {
    "prepare": ("challenge", "situation", "want_from_set", "next_step"),
    "reflect": ("commitment", "what_happened", "learned", "next_step"),
}
TITLES = {
    "prepare": "Presenting statement for my set",
    "reflect": "Report back for my sponsor",
}
HEADINGS = {
    "challenge": "My challenge",
    "situation": "The situation, in brief",
    "want_from_set": "What I want from the set",
    "next_step": "My next step",
    "patterns": "Patterns I noticed in my thinking",
    "useful_questions": "Questions I found useful",
    "commitment": "What I set out to do",
    "what_happened": "What happened",
    "learned": "What I learned",
}
LEARNING_STAGES = ("assumptions", "learning")


class ExportError(ValueError):
    """An export that cannot be made as asked (an unknown section, say)."""


@dataclass
class Export:
    kind: str  # prepare or reflect
    title: str
    session_id: int
    started: str
    challenge: str | None = None
    sponsor: str | None = None
    sections: dict[str, list[str]] = field(default_factory=dict)  # heading key -> paragraphs

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "title": self.title,
            "session": self.session_id,
            "started": self.started,
            "challenge": self.challenge,
            "sponsor": self.sponsor,
            "sections": self.sections,
        }


def choose_sections(mode: str, include: list[str] | None) -> tuple[str, ...]:
    if not include:
        return DEFAULT_SECTIONS[mode]
    unknown = [name for name in include if name not in SECTIONS[mode]]
    if unknown:
        raise ExportError(
            f"no section {', '.join(unknown)} in a {mode} export; choose from {', '.join(SECTIONS[mode])}"
        )
    return tuple(name for name in SECTIONS[mode] if name in include)


def export_session(store: Store, session_id: int, include: list[str] | None = None) -> Export:
    session = store.session(session_id)
    sections = choose_sections(session.mode, include)
    useful = {turn_id for turn_id, _, kind in store.feedback(session_id) if kind == "useful"}
    commitments = [c.text for c in store.commitments(session_id=session_id)]
    summary = summarise(store.turns(session_id), commitments, useful)
    challenge = store.challenge(session.challenge_id) if session.challenge_id is not None else None
    export = Export(
        kind=session.mode,
        title=TITLES.get(session.mode, "My reflection"),
        session_id=session.id,
        started=session.started,
        challenge=challenge.title if challenge else None,
        sponsor=challenge.sponsor if challenge and challenge.sponsor else None,
    )
    for name in sections:
        paragraphs = _section(name, store, session, summary, challenge.context if challenge else "")
        if paragraphs:
            export.sections[name] = paragraphs
    return export


def _section(name: str, store: Store, session: SessionRecord, summary: Summary, context: str) -> list[str]:
    stages = summary.answers_by_stage
    if name == "challenge":
        return [part for part in (context, *stages.get("opening", [])) if part]
    if name == "situation":
        opening = set(stages.get("opening", []))
        found = [s for s in summary.key_sentences if not any(s in answer for answer in opening)]
        return found + [s for s in summary.insights if s not in found]
    if name == "want_from_set":
        return [summary.want_from_set] if summary.want_from_set else []
    if name == "next_step":
        return summary.commitments or ([summary.next_step] if summary.next_step else [])
    if name == "patterns":
        return [
            f"{LABEL_NAMES.get(label, label)} ({count}): " + "; ".join(f"\u201c{q}\u201d" for q in quotes)
            for label, count in summary.patterns.items()
            if (quotes := summary.pattern_quotes.get(label, []))
        ]
    if name == "useful_questions":
        return summary.useful_questions
    if name == "commitment":
        if session.reviews_commitment_id is None:
            return stages.get("opening", [])
        commitment = next(c for c in store.commitments() if c.id == session.reviews_commitment_id)
        return [f"\u201c{commitment.text}\u201d (now: {commitment.status})", *stages.get("opening", [])]
    if name == "what_happened":
        return stages.get("what_happened", []) + stages.get("feelings", [])
    if name == "learned":
        answers = [answer for stage in LEARNING_STAGES for answer in stages.get(stage, [])]
        seen = [s for s in summary.insights if not any(s in answer for answer in answers)]
        return seen + answers  # what they came to see anywhere in the session, then their learning
    raise ExportError(f"unknown section {name!r}")


def export_challenge(store: Store, challenge_id: int, include: list[str] | None = None) -> list[Export]:
    """Every session of the challenge, oldest first; sections the mode lacks are skipped."""
    exports = []
    for session in reversed(store.challenge_sessions(challenge_id)):
        chosen = [name for name in include or [] if name in SECTIONS[session.mode]] or None
        exports.append(export_session(store, session.id, chosen))
    return exports


def to_markdown(exports: list[Export]) -> str:
    lines: list[str] = []
    for export in exports:
        lines.append(f"# {export.title}")
        details = [export.started[:10]]
        if export.challenge:
            details.insert(0, f"Challenge: {export.challenge}")
        if export.sponsor and export.kind == "reflect":
            details.append(f"For: {export.sponsor}")
        lines += ["", " · ".join(details), ""]
        for name, paragraphs in export.sections.items():
            lines += [f"## {HEADINGS[name]}", ""]
            bullet = name in ("patterns", "useful_questions", "situation", "next_step")
            lines += [(f"- {p}" if bullet else p) + ("" if bullet else "\n") for p in paragraphs]
            lines.append("")
    return "\n".join(line.rstrip() for line in lines).strip() + "\n"


def export_to_file(store: Store, session_id: int, include: list[str], folder: Path) -> Path:
    """The session's export as Markdown in `folder` (the app's "export"): its path."""
    session = store.session(session_id)
    name = "presenting-statement" if session.mode == "prepare" else "report-back"
    path = folder / f"{name}-session-{session_id}.md"
    write_private(path, to_markdown([export_session(store, session_id, include)]))
    return path
