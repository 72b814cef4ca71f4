"""What the coach heard in an answer, as plain data (see alcoach.nlp.heard for how it is read).

Importable without spaCy, so session state and the first screen stay light.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from typing import Any


@dataclass(frozen=True)
class Heard:
    """One thing heard: the member's exact words and the form a question can use."""

    source: str
    said: str
    start: int = 0
    end: int = 0


@dataclass(frozen=True)
class Person(Heard):
    group: bool = False  # "the pharmacists", "the board": questions say "they"


@dataclass(frozen=True)
class Limit(Heard):
    freeing: str = ""  # "you can push back on him"


@dataclass(frozen=True)
class Hearing:
    """Everything heard in one answer (see the module docstring)."""

    people: tuple[Person, ...] = ()
    feelings: tuple[Heard, ...] = ()
    striking: tuple[Heard, ...] = ()
    assumption: Heard | None = None
    old_assumption: Heard | None = None  # "I'd assumed she'd defend the old way": held, looked back on
    limit: Limit | None = None
    duty: Heard | None = None
    insight: Heard | None = None
    commitment: Heard | None = None
    done: Heard | None = None
    not_done: Heard | None = None
    ask: Heard | None = None
    matters: Heard | None = None  # why it matters, when they said it unasked
    unknown: Heard | None = None  # what they say they do not know: "which risk is worse"
    asks_for_answers: bool = False
    pronouns: tuple[str, ...] = field(default=())  # she, he, they … as the member used them
    # Every commitment in the answer, in the member's own words (alcoach.nlp.intentions): what
    # the takeaway keeps. `commitment` above is the one a frame takes up.
    commitments: tuple[Heard, ...] = ()

    def to_json(self) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, value in self.__dict__.items():
            if isinstance(value, tuple):
                result[key] = [asdict(v) if isinstance(v, Heard) else v for v in value]
            elif isinstance(value, Heard):
                result[key] = asdict(value)
            else:
                result[key] = value
        return result

    def without(self, spoken: Callable[[Heard], bool]) -> Hearing:
        """The same hearing with every item for which `spoken` is true left out (what was
        said about risk is never taken up as content)."""
        changes: dict[str, Any] = {}
        for key, value in self.__dict__.items():
            if isinstance(value, tuple) and value and isinstance(value[0], Heard):
                changes[key] = tuple(item for item in value if not spoken(item))
            elif isinstance(value, Heard) and spoken(value):
                changes[key] = None
        return replace(self, **changes)

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> Hearing:
        """Rebuilt from what `to_json` stored (missing or odd fields are simply left out)."""
        if not isinstance(data, dict):
            return cls()
        kinds = {"people": Person, "limit": Limit}

        def one(key: str, value: Any) -> Any:
            kind = kinds.get(key, Heard)
            try:
                return kind(**value) if isinstance(value, dict) else None
            except TypeError:
                return None

        values: dict[str, Any] = {}
        for key in cls.__dataclass_fields__:
            value = data.get(key)
            if key in ("people", "feelings", "striking", "commitments"):
                values[key] = tuple(x for x in (one(key, v) for v in value or []) if x is not None)
            elif key == "pronouns":
                values[key] = tuple(str(v) for v in value or [])
            elif key == "asks_for_answers":
                values[key] = bool(value)
            else:
                values[key] = one(key, value)
        return cls(**values)
