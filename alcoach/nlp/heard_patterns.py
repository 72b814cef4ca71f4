"""Word patterns for what the coach hears, importable without spaCy (the summary reads them
too, and it is loaded before the models are)."""

from __future__ import annotations

import re

# A changed view said without "I realised": "so it was never about the budget", "the problem
# might be partly me", "maybe it's how we receive them".
REFRAMES = re.compile(
    r"\b(?:(?:(?:it|this|that) (?:was|is)|it[’']s|that[’']s)(?: never| not| not really| never really)|"
    r"(?:it|this|that) (?:might|may|could) (?:never|not) have been)(?: really)? about\b|"
    r"\bthe (?:real )?(?:problem|issue)(?: here)? (?:is|was|might be|may be|could be|[’']s)"
    r"(?: partly| actually| really| maybe)? (?:me|us|mine|how (?:i|we)|what (?:i|we))\b|"
    r"\b(?:maybe|perhaps) (?:it[’']?s|it is|is|the problem is) (?:me|us|how (?:i|we))\b|"
    # "I've been treating them as the problem", "i kept treating it like a clash", "so I've
    # been the bottleneck".
    r"\bi(?:[’']ve| have|ve)? (?:been|kept) (?:treating|assuming|seeing|acting as if)\b|"
    r"\bi(?:[’']ve| have|ve) been the (?:problem|bottleneck|blocker|one (?:who|that))\b",
    re.IGNORECASE,
)
