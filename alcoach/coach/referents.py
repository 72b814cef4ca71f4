"""The referent guard: a question refers only to people and things in this conversation.

"What have they actually said to you about it?" after an answer about one colleague, "your
sponsor" when none was named, "that success" when none was told: each makes the member feel
unheard. A stock question names what it refers to in fixed words; this module lists what each
needs and checks the conversation (every answer so far and the challenge the member
described) has it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

# What a question's words refer to, and the words in the conversation that introduce it.
# Checked on the lower-cased conversation.
_NEEDS: tuple[tuple[str, re.Pattern[str], re.Pattern[str]], ...] = tuple(
    (name, re.compile(in_question), re.compile(in_conversation))
    for name, in_question, in_conversation in (
        ("sponsor", r"\byour sponsor\b", r"\bsponsor"),
        ("manager", r"\byour (?:line )?manager\b|\byour boss\b", r"\b(?:manager|boss|line manager)\b"),
        (
            "success",
            r"\b(?:that|this|the) success\b|\bpast successes\b",
            r"success|went well|worked|achiev|\bwon\b|proud|pleased|praise|promot|thank|nailed|"
            r"pulled (?:it )?off|managed to|got it done|delivered",
        ),
        ("decision", r"\b(?:that|this|the) decision\b", r"decid|decision|\bchose\b|choice|opted"),
        (
            "rule",
            r"\b(?:that|this|the) rule\b",
            r"\brule|should|must|have to|has to|got to|supposed to|expected to|ought",
        ),
        (
            "judgement",
            r"\bthat (?:word|judgement|label) about yourself\b|\bthat judgement\b",
            r"useless|stupid|failure|idiot|hopeless|rubbish|\bbad at\b|not good enough|my fault|"
            r"incompetent|pathetic|weak|fraud|imposter|impostor|\bdumb\b",
        ),
        (
            "conversation",
            r"\b(?:that|this|the) conversation\b",
            r"talk|spoke|speak|conversation|said|told|asked|discuss|chat|rang|\bcall|meeting|email",
        ),
        ("mistake", r"\b(?:that|this|the) mistake\b", r"mistake|error|wrong|messed|slip|missed"),
        ("step", r"\b(?:that|this) step\b", r"will|'ll|going to|plan|next|step|intend|decided"),
        ("meeting", r"\b(?:that|the) meeting\b(?! with your set)", r"meeting|set|met\b|session|call"),
        ("email", r"\b(?:that|the) email\b", r"email|e-mail|message"),
    )
)
# Pronouns that need someone: a group ("they", "them"), or one person ("she", "he").
_PLURAL = re.compile(r"\b(?:they|them|their|theirs|themselves)\b")
_SHE = re.compile(r"\b(?:she|her|hers|herself)\b")
_HE = re.compile(r"\b(?:he|him|his|himself)\b")
# Inside the question itself these name the group a "they" can point to.
_GROUP_IN_QUESTION = re.compile(
    r"\b(?:set|others|other people|people|colleagues|everyone|everybody|team|someone|somebody|"
    r"person|anyone|who)\b"
)
# Words in the conversation that introduce a group.
_GROUP_IN_CONVERSATION = re.compile(
    r"\b(?:they|them|their|team|staff|everyone|everybody|people|colleagues|managers|nurses|"
    r"board|directors|the \w+s|[a-z]+s\b(?= (?:are|were|have|think|say|said|won't|don't|never)))"
)


@dataclass(frozen=True)
class Needs:
    concepts: tuple[str, ...] = ()
    group: bool = False
    she: bool = False
    he: bool = False

    @property
    def anything(self) -> bool:
        return bool(self.concepts) or self.group or self.she or self.he


@cache
def needs(question: str) -> Needs:
    """What a question refers to that the conversation must already hold."""
    text = question.lower()
    concepts = tuple(name for name, pattern, _ in _NEEDS if pattern.search(text))
    plural = _PLURAL.search(text)
    group = bool(plural) and not _GROUP_IN_QUESTION.search(text[: plural.start()])
    return Needs(concepts, group, bool(_SHE.search(text)), bool(_HE.search(text)))


def refers_only_to_known(question: str, conversation: str) -> bool:
    """True when everything the question refers to is in the conversation (lower-case text of
    the member's answers and their challenge)."""
    required = needs(question)
    if not required.anything:
        return True
    for name, _, introduced in _NEEDS:
        if name in required.concepts and not introduced.search(conversation):
            return False
    if required.group and not _GROUP_IN_CONVERSATION.search(conversation):
        return False
    if required.she and not _SHE.search(conversation):
        return False
    return not (required.he and not _HE.search(conversation))
