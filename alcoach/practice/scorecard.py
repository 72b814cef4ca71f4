"""The facilitator's scorecard for one practice session.

Counts per kind of question, the share that were open, advice given (in a question or a
statement), mean length, how deep
the questions reached (layers of the member's story unlocked, out of all), how many
questions used the member's own words, and the time taken.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from alcoach.bank.scenarios import LAYER_DEPTHS
from alcoach.nlp.labels import QUESTION_KINDS
from alcoach.practice.member import MemberReply

_WORD = re.compile(r"[a-z]+(?:'[a-z]+)*")
# Words too common to show that a question picked up the member's own language.
_COMMON = frozenset(
    """about after again also been before being could does doing done from have having here into
    just know like make more most much only other over really said says should some something
    than that their them then there these they thing things think this those very want what when
    where which while will with would your yours you're that's what's it's i'm i've don't can't
    happen happened feel felt tell more else going""".split()
)


def own_words(question: str, member_said: Sequence[str]) -> bool:
    """True when the question repeats two words in a row that the member said (both of
    them letters, at least one not a common word): "that 'tidy plan' you mentioned"."""
    said = set()
    for text in member_said:
        words = _WORD.findall(text.lower())
        said |= {pair for pair in itertools.pairwise(words) if not set(pair) <= _COMMON}
    words = _WORD.findall(question.lower())
    return any(pair in said for pair in itertools.pairwise(words))


@dataclass(frozen=True)
class Scorecard:
    questions: int
    kinds: dict[str, int]
    open_share: float  # of the questions (reflections are not questions)
    reflections: int
    advice: int
    mean_words: float
    layers_reached: list[str]
    depth: str  # "4/6"
    own_words: int
    seconds: float

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def score(turns: Sequence[MemberReply], presenting: str, seconds: float) -> Scorecard:
    kinds = Counter(turn.kind for turn in turns)
    reached = [name for name in LAYER_DEPTHS if any(turn.layer == name for turn in turns)]
    member_said = [presenting]
    used_own_words = 0
    for turn in turns:
        used_own_words += own_words(turn.question, member_said)
        member_said.append(turn.reply)
    count = len(turns)
    asked = count - kinds.get("reflection", 0)
    return Scorecard(
        questions=count,
        kinds={kind: kinds.get(kind, 0) for kind in QUESTION_KINDS},
        open_share=round(kinds.get("open", 0) / asked, 3) if asked else 0.0,
        reflections=kinds.get("reflection", 0),
        advice=sum(turn.gives_advice for turn in turns),
        mean_words=round(sum(len(turn.question.split()) for turn in turns) / count, 1) if count else 0.0,
        layers_reached=reached,
        depth=f"{len(reached)}/{len(LAYER_DEPTHS)}",
        own_words=used_own_words,
        seconds=round(seconds, 1),
    )
