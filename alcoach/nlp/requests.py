"""Whether the member asks the coach to tell them what to do ("What should I do?")."""

from __future__ import annotations

import re

# Requests put to the coach for the answer. The classifier's seeking_answers label is wider
# ("I'm waiting for the head of service to tell me which option", "I want the set to ask me
# what I'm avoiding"): that is a pattern for questions to explore, not a request to decline.
_ASKING = re.compile(
    r"\b(what (should|shall|do|would|must|can) (i|we) do|what would you do|what do you (think|suggest|"
    r"recommend|advise)|tell me what to do|(give|got) (me )?(any |some )?(advice|tips|answers?)|"
    r"what'?s the (right )?answer|just tell me|what do you reckon i should|should i (just )?\w+ (or|it)\b|"
    r"any (advice|suggestions|ideas)|how (do|should) i (fix|solve|handle|deal with) (this|it)|"
    r"(do you think|would you say|do you reckon) (i|we) should|^\s*should (i|we)\b[^.!?]*\?)",
    re.IGNORECASE | re.MULTILINE,
)


def asks_for_answers(text: str) -> bool:
    """True when the member asks the coach to tell them what to do."""
    return bool(_ASKING.search(text))
