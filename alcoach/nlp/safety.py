"""A first, deterministic check for words that say someone may be at risk.

Reflection can surface distress. When this fires, the coach stops challenging and shows
support resources. It looks for plain statements of wanting to die or to harm oneself;
workplace idiom ("this job is killing me", "I'm drowning in emails") is not a concern.
"""

from __future__ import annotations

import re

OK, CONCERN = "ok", "concern"

_CONCERN_PATTERNS = [
    r"\bkill(?:ing)?\s+my\s?self\b",
    r"\bend(?:ing)?\s+(?:my|it)\s+(?:own\s+)?life\b",
    r"\bend(?:ing)?\s+it\s+all\b",
    r"\btak(?:e|ing)\s+my\s+(?:own\s+)?life\b",
    r"\bsuicid\w*",
    r"\b(?:want|wanted|wanting|wish|wished)\s+(?:to\s+)?(?:be\s+)?(?:die|dead)\b",
    r"\bwish\s+i\s+(?:was|were)\s+dead\b",
    r"\bbetter\s+off\s+(?:dead|without\s+me)\b",
    r"\bno\s+(?:reason|point)\s+(?:in\s+)?(?:to\s+)?(?:living|live|being\s+alive|going\s+on)\b",
    r"\b(?:do\s*n[o']?t|don't|not)\s+want\s+to\s+(?:be\s+alive|live|exist|wake\s+up)\b",
    r"\bself[-\s]?harm\w*",
    r"\b(?:hurt|hurting|harm|harming|cut|cutting)\s+my\s?self\b",
    r"\boverdos\w*",
    r"\bcan'?t\s+keep\s+my\s?self\s+safe\b",
    r"\bnot\s+safe\s+(?:from|with)\s+my\s?self\b",
]
_CONCERN = re.compile("|".join(_CONCERN_PATTERNS), re.IGNORECASE)


def assess(text: str) -> str:
    """Return "concern" when the text says the writer may be at risk, else "ok"."""
    normalised = text.replace("\u2019", "'")
    return CONCERN if _CONCERN.search(normalised) else OK
