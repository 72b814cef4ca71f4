"""How well what the coach hears matches what a facilitator noted, on an annotated set.

Each item of the set has the member's text and, as exact substrings, the people, feelings,
stated assumption or limit, insight, commitment and ask a facilitator would hold in mind.
A heard item counts when its words overlap the annotated ones.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from alcoach.nlp.hearing import Heard, Hearing


@dataclass
class Tally:
    found: int = 0  # annotated items heard
    annotated: int = 0
    right: int = 0  # heard items that were annotated
    heard: int = 0

    @property
    def recall(self) -> float:
        return self.found / self.annotated if self.annotated else 1.0

    @property
    def precision(self) -> float:
        return self.right / self.heard if self.heard else 1.0


def _overlaps(a: str, b: str) -> bool:
    a, b = a.lower().strip(" .,!?'\""), b.lower().strip(" .,!?'\"")
    return bool(a) and bool(b) and (a in b or b in a)


def _count(tally: Tally, gold: Iterable[str], heard: Iterable[Heard]) -> None:
    gold, sources = [g for g in gold if g], [h.source for h in heard]
    tally.annotated += len(gold)
    tally.heard += len(sources)
    tally.found += sum(any(_overlaps(g, s) for s in sources) for g in gold)
    tally.right += sum(any(_overlaps(g, s) for g in gold) for s in sources)


FIELDS: dict[str, tuple[Callable[[dict[str, Any]], list[str]], Callable[[Hearing], list[Heard]]]] = {
    "people": (lambda item: item.get("people") or [], lambda h: list(h.people)),
    "feelings": (lambda item: item.get("feelings") or [], lambda h: list(h.feelings)),
    # A stated belief or limit, however the coach files it.
    "assumption": (
        lambda item: [x for x in (item.get("assumption"), item.get("limit")) if x],
        lambda h: [x for x in (h.assumption, h.limit, h.duty) if x],
    ),
    "insight": (
        lambda item: [item["insight"]] if item.get("insight") else [],
        lambda h: [h.insight] if h.insight else [],
    ),
    "commitment": (
        lambda item: [item["commitment"]] if item.get("commitment") else [],
        lambda h: [h.commitment] if h.commitment else [],
    ),
    "ask": (
        lambda item: [item["ask_of_set"]] if item.get("ask_of_set") else [],
        lambda h: [h.ask] if h.ask else [],
    ),
}


def evaluate(items: list[dict[str, Any]], hear: Callable[[str], Hearing]) -> dict[str, Tally]:
    tallies = {name: Tally() for name in [*FIELDS, "asks_for_answers"]}
    for item in items:
        hearing = hear(item["text"])
        for name, (gold, heard) in FIELDS.items():
            _count(tallies[name], gold(item), heard(hearing))
        asked = bool(item.get("asks_for_answers"))
        _count(
            tallies["asks_for_answers"],
            ["yes"] if asked else [],
            [Heard("yes", "yes")] if hearing.asks_for_answers else [],
        )
    return tallies
