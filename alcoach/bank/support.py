"""Support resources shown on a safety concern (`question_bank/support.yaml`, editable)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from alcoach.bank.yaml_lines import LineMap, YamlFileError, load_yaml_with_lines
from alcoach.paths import bank_dir


@dataclass(frozen=True)
class Resource:
    name: str
    contact: str
    when: str = ""


@dataclass(frozen=True)
class Support:
    message: str
    resources: list[Resource] = field(default_factory=list)

    def as_text(self) -> str:
        lines = [self.message, ""]
        lines += [f"• {r.name}: {r.contact}" + (f" — {r.when}" if r.when else "") for r in self.resources]
        return "\n".join(lines)


# Used when the file is missing or broken: a safety message must never fail to appear.
FALLBACK = Support(
    "It sounds as though things may be very hard right now. Please talk to someone you trust, "
    "or contact emergency services if you are in danger.",
    [Resource("Emergency services", "999"), Resource("Samaritans", "116 123")],
)


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
    return Support(" ".join(raw["message"].split()), resources), None
