"""Practice scenarios (`question_bank/scenarios/*.yaml`): a simulated set member for
facilitators to question.

Each scenario is a member with context, characteristics, a presenting challenge and a
sponsor, and hidden layers of what they could say. Surface layers answer any fair open
question; the deep layers open only to open questions that reach them (see
`alcoach.practice.member`). Every problem is reported with its file and line.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alcoach.bank.yaml_lines import LineMap, YamlFileError, load_yaml_with_lines
from alcoach.paths import bank_dir

# Layer name → depth. Depth 1 answers any fair open question; depth 2 needs an open
# question that reaches it; depth 3 opens only after a depth-2 layer has been reached.
LAYER_DEPTHS: dict[str, int] = {
    "facts": 1,
    "tried": 1,
    "others": 1,
    "feelings": 2,
    "assumptions": 2,
    "wants": 3,
}
DEFLECTION_KINDS = ("closed", "leading", "advice", "stacked")
MIN_LAYER_REPLIES = 3
MIN_DEFLECTIONS = 2


@dataclass(frozen=True)
class Layer:
    name: str
    depth: int
    about: str
    replies: tuple[str, ...]


@dataclass(frozen=True)
class Scenario:
    id: str
    title: str
    setting: str
    name: str
    role: str
    context: str
    characteristics: str
    sponsor: str
    presenting: str
    layers: tuple[Layer, ...]
    deflections: dict[str, tuple[str, ...]]
    path: Path

    def layer(self, name: str) -> Layer:
        return next(layer for layer in self.layers if layer.name == name)


def scenario_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.yaml")) if folder.is_dir() else []


def load_scenarios(folder: Path | None = None) -> tuple[list[Scenario], list[str]]:
    """Every scenario that loads, and the problems (`file:line: message`) of those that do not."""
    scenarios, problems = [], []
    for path in scenario_files(folder or bank_dir() / "scenarios"):
        try:
            scenarios.append(_build(path, load_yaml_with_lines(path)))
        except YamlFileError as error:
            problems.append(str(error))
    seen: dict[str, Path] = {}
    for scenario in scenarios:
        if scenario.id in seen:
            problems.append(f"{scenario.path}:1: id {scenario.id!r} is also used by {seen[scenario.id]}")
        seen.setdefault(scenario.id, scenario.path)
    return scenarios, problems


def _text(path: Path, mapping: Any, key: str) -> str:
    if not isinstance(mapping, LineMap):
        raise YamlFileError(path, 1, "expected a mapping")
    value = mapping.get(key)
    if not isinstance(value, str) or not value.strip():
        raise YamlFileError(path, mapping.line_of(key), f"'{key}' must be non-empty text")
    return " ".join(value.split())


def _texts(path: Path, mapping: LineMap, key: str, minimum: int) -> tuple[str, ...]:
    value = mapping.get(key)
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise YamlFileError(path, mapping.line_of(key), f"'{key}' must be a list of non-empty texts")
    if len(value) < minimum:
        raise YamlFileError(path, mapping.line_of(key), f"'{key}' needs at least {minimum} entries")
    return tuple(" ".join(v.split()) for v in value)


def _build(path: Path, document: Any) -> Scenario:
    if not isinstance(document, LineMap):
        raise YamlFileError(path, 1, "a scenario file is one mapping (id, title, member, layers …)")
    member = document.get("member")
    layers_raw = document.get("layers")
    if not isinstance(layers_raw, LineMap):
        raise YamlFileError(path, document.line_of("layers"), "'layers' must be a mapping of layer names")
    layers = []
    for name, depth in LAYER_DEPTHS.items():
        raw = layers_raw.get(name)
        if not isinstance(raw, LineMap):
            raise YamlFileError(path, layers_raw.line, f"layer '{name}' is missing")
        layers.append(
            Layer(name, depth, _text(path, raw, "about"), _texts(path, raw, "replies", MIN_LAYER_REPLIES))
        )
    unknown = set(layers_raw) - set(LAYER_DEPTHS)
    if unknown:
        name = sorted(unknown)[0]
        raise YamlFileError(
            path, layers_raw.line_of(name), f"unknown layer '{name}' (known: {', '.join(LAYER_DEPTHS)})"
        )
    deflections_raw = document.get("deflections")
    if not isinstance(deflections_raw, LineMap):
        raise YamlFileError(path, document.line_of("deflections"), "'deflections' must be a mapping")
    deflections = {kind: _texts(path, deflections_raw, kind, MIN_DEFLECTIONS) for kind in DEFLECTION_KINDS}
    scenario_id = _text(path, document, "id")
    if scenario_id != path.stem:
        raise YamlFileError(
            path, document.line_of("id"), f"id {scenario_id!r} must match the file name {path.stem!r}"
        )
    return Scenario(
        id=scenario_id,
        title=_text(path, document, "title"),
        setting=_text(path, document, "setting"),
        name=_text(path, member, "name"),
        role=_text(path, member, "role"),
        context=_text(path, member, "context"),
        characteristics=_text(path, member, "characteristics"),
        sponsor=_text(path, document, "sponsor"),
        presenting=_text(path, document, "presenting"),
        layers=tuple(layers),
        deflections=deflections,
        path=path,
    )
