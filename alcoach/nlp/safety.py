"""A deterministic, tiered check for words that say someone may be at risk.

Reflection can surface distress. When this finds a concern, the coach stops challenging,
shows support resources and lets the member choose what happens next. It is deliberately
separate from the thinking-pattern classifier: crisis language is never a pattern to
challenge.

Tiers, most urgent first:
  immediate  intent or a plan to end one's life or harm oneself, means at hand, a time
             chosen, or being unable to keep oneself safe
  despair    hopelessness about going on, feeling a burden, wishing not to exist
  self_harm  harming oneself

Working life is full of violent and deathly idiom ("I'm drowning in emails", "that meeting
nearly finished me off", "we'll shoot the idea down", "the deadline is killing me"); none of
it is a concern. So the patterns below are about the writer's own life and body, and a
short list of guards removes negations ("I'm not suicidal"), other people ("a colleague's
suicide last year") and training or news ("suicide-prevention training").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OK, CONCERN = "ok", "concern"
IMMEDIATE, DESPAIR, SELF_HARM = "immediate", "despair", "self_harm"
TIERS = (IMMEDIATE, DESPAIR, SELF_HARM)

_ME = r"(?:my\s?self|me)"
_END_MY_LIFE = (
    r"(?:end(?:ing)?|take|taking|took)\s+my\s+(?:own\s+)?life"
    r"|kill(?:ing)?\s+my\s?self|end(?:ing)?\s+it\s+all|end(?:ing)?\s+(?:things|it)\b(?!\s+(?:with|for|on|at|there))"
    r"|suicide|top(?:ping)?\s+my\s?self"
)

_PATTERNS: dict[str, list[str]] = {
    IMMEDIATE: [
        # a plan, a time or the means
        r"\b(?:going|planning|plan|decided|ready|intend(?:ing)?|want(?:ing)?)\s+to\s+(?:" + _END_MY_LIFE + r")",
        r"\b(?:i'?ll|i\s+will|i'?m\s+going\s+to|gonna)\s+(?:" + _END_MY_LIFE + r")",
        r"\b(?:tonight|today|this\s+weekend|tomorrow)\b[^.!?]{0,40}\b(?:" + _END_MY_LIFE + r")",
        r"\b(?:" + _END_MY_LIFE + r")[^.!?]{0,30}\b(?:tonight|today|this\s+weekend|tomorrow)\b",
        r"\b(?:saving|saved|stockpil\w+|hoard\w+|collect\w+)\s+(?:up\s+)?(?:my\s+)?(?:tablets|pills|meds|medication|paracetamol)",
        r"\b(?:bought|got|have)\s+(?:a\s+)?(?:rope|the\s+rope)\b",
        r"\bwritten\s+(?:my\s+)?(?:a\s+)?(?:goodbye|farewell|suicide)?\s*(?:letters?|notes?)\s+(?:to|for)\b",
        r"\b(?:goodbye|suicide)\s+(?:letter|note)s?\b",
        r"\bwon'?t\s+be\s+(?:here|around|alive)\s+(?:by|for|when|next|much\s+longer|anymore|any\s+more)",
        r"\b(?:can'?t|cannot|don'?t\s+know\s+if\s+i\s+can)\s+keep\s+" + _ME + r"\s+safe",
        r"\bnot\s+safe\s+(?:from|with|around)\s+" + _ME,
        r"\bdon'?t\s+trust\s+" + _ME + r"\s+(?:near|around|with|on|at|not\s+to)",
        r"\b(?:jump|step|throw\s+my\s?self)\s+(?:off|in\s+front\s+of|under)\b",
        r"\bthinking\s+(?:about|of)\s+(?:how\s+to\s+)?(?:" + _END_MY_LIFE + r")",
        r"\b(?:" + _END_MY_LIFE + r")\b",
        r"\bsuicidal\b",
        r"\boverdos(?:e|ing)\b",
    ],
    SELF_HARM: [
        r"\b(?:cut|cutting|burn(?:ing|t|ed)?|hit(?:ting)?|punch(?:ing|ed)?|scratch(?:ing|ed)?|hurt(?:ing)?|harm(?:ing|ed)?)\s+"
        + _ME + r"\b(?!\s+(?:on|with)\s+(?:a|the)\s+(?:door|desk|cupboard|stapler|paper|printer|box|shelf|knife\s+while))",
        r"\bself[-\s]?harm\w*",
        r"\b(?:starv\w+|punish\w*)\s+" + _ME,
        r"\bmarks?\s+on\s+my\s+(?:arms?|legs?|wrists?)\b",
    ],
    DESPAIR: [
        r"\b(?:better\s+off|happier|easier)\s+without\s+me\b",
        r"\b(?:a|such\s+a|just\s+a)\s+burden\s+(?:to|on|for)\s+(?:everyone|them|my|people|the\s+family|others)",
        r"\bi'?m\s+(?:just\s+)?a\s+burden\b",
        r"\b(?:wish|wishing|want|wanting)\s+(?:i\s+)?(?:was|were|to\s+be|could\s+be)?\s*(?:dead|gone|not\s+here|not\s+alive|never\s+born)\b",
        r"\b(?:don'?t|do\s+not|didn'?t)\s+want\s+to\s+(?:be\s+(?:here|alive|around)|live|exist|wake\s+up|go\s+on)\b",
        r"\b(?:wish|hope)\s+i\s+(?:didn'?t|wouldn'?t|don'?t)\s+wake\s+up\b",
        r"\bno\s+(?:reason|point)\s+(?:in\s+)?(?:to\s+)?(?:living|live|being\s+alive|going\s+on|carrying\s+on|to\s+go\s+on)\b",
        r"\bcan'?t\s+(?:go|carry)\s+on\s+(?:any\s?more|living|like\s+this\s+(?:with|in)\s+(?:life|anything|everything))\b",
        r"\bcan'?t\s+see\s+(?:a|any)\s+(?:way\s+forward|future|point)\s+(?:with|in|for)\s+(?:anything|life|me|myself)\b",
        r"\bwhat'?s\s+the\s+point\s+(?:of|in)\s+(?:any\s+of\s+it|anything|living|life|me|carrying\s+on|going\s+on)\b",
        r"\b(?:disappear|vanish)\s+(?:for\s+good|forever|for\s+ever|and\s+never\s+come\s+back)\b",
        r"\b(?:nobody|no\s+one)\s+would\s+(?:miss|notice|care)\s+if\s+i\s+(?:was|were|wasn'?t|died|disappeared|went)\b",
        r"\b(?:life|living)\s+(?:isn'?t|is\s+not)\s+worth\b",
        r"\bhopeless\s+about\s+(?:everything|life|the\s+future|going\s+on)\b",
    ],
}

# Guards: a match inside one of these is not about the writer being at risk now.
_NEGATED = re.compile(
    r"\b(?:not|never|no\s+longer|wouldn'?t|would\s+never|don'?t\s+feel)\s+(?:\w+\s+){0,2}(?:suicidal|"
    r"(?:want\s+to\s+)?(?:kill|hurt|harm)\s+my\s?self)",
    re.IGNORECASE,
)
_OTHERS_OR_TOPIC = re.compile(
    r"\b(?:suicide|self[-\s]?harm)[-\s](?:prevention|awareness|training|policy|policies|risk\s+assessment|"
    r"screening|protocol|audit|rates?|figures|statistics|course|module|session|team|line)\b"
    r"|\b(?:his|her|their|a\s+colleague'?s|a\s+patient'?s|a\s+resident'?s|a\s+pupil'?s|a\s+student'?s|"
    r"a\s+client'?s|the\s+patient'?s|my\s+colleague'?s|my\s+friend'?s|an?\s+\w+'s)\s+(?:suicide|self[-\s]?harm|overdose)\b"
    r"|\b(?:patient|resident|client|pupil|student|prisoner|service\s+user|young\s+person|he|she|they)\s+"
    r"(?:had\s+|has\s+|was\s+|is\s+)?(?:took|taken|taking|attempted|tried|cut|cutting|self[-\s]?harm\w*|overdosed)",
    re.IGNORECASE,
)
_HYPERBOLE = re.compile(
    r"\b(?:i'?d|i\s+would)\s+rather\s+die\b|\bkill\s+me\s+now\b|\bshoot\s+me\b|\bthe\s+death\s+of\s+me\b"
    r"|\bkilling\s+me\b|\bkill(?:ed)?\s+(?:me|the|it|off)\b(?!\s*self)|\bdying\s+(?:to|for)\b|\bdead\s+on\s+my\s+feet\b"
    r"|\bdrop[-\s]dead\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class SafetyResult:
    tier: str | None  # None when there is no concern
    evidence: str = ""

    @property
    def status(self) -> str:
        return CONCERN if self.tier else OK


_COMPILED = {tier: [re.compile(p, re.IGNORECASE) for p in patterns] for tier, patterns in _PATTERNS.items()}


def _clauses(text: str) -> list[str]:
    return [part for part in re.split(r"(?<=[.!?;])\s+|\n+", text) if part.strip()]


def check(text: str) -> SafetyResult:
    """The most urgent tier found in the text, with the words that showed it."""
    normalised = text.replace("\u2019", "'").replace("\u2018", "'")
    for tier in TIERS:
        for clause in _clauses(normalised):
            if _NEGATED.search(clause) or _OTHERS_OR_TOPIC.search(clause):
                continue
            for pattern in _COMPILED[tier]:
                found = pattern.search(clause)
                if found and not _HYPERBOLE.search(found.group(0)):
                    return SafetyResult(tier, found.group(0).strip())
    return SafetyResult(None)


def assess(text: str) -> str:
    """"concern" when the text says the writer may be at risk, else "ok"."""
    return check(text).status
