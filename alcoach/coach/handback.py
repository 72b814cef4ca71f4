"""When the member asks the coach for the answer ("What should I do?").

The coach does not give answers: the member knows their situation best. It says so in one
plain line, then asks a question that hands the thinking back.
"""

from __future__ import annotations

import re

from alcoach.nlp.result import Analysis

HAND_BACK = (
    "alcoach doesn't give answers or advice: you know your situation best, so here is a "
    "question to help you find your own."
)
# Requests for the answer that the classifier may not label (a bare "what should I do?").
_ASKING = re.compile(
    r"\b(what (should|shall|do|would|must|can) (i|we) do|what would you do|what do you (think|suggest|"
    r"recommend|advise)|tell me what to do|(give|got) (me )?(any |some )?(advice|tips|answers?)|"
    r"what'?s the (right )?answer|just tell me|what do you reckon i should|should i (just )?\w+ (or|it)\b|"
    r"any (advice|suggestions|ideas)|how (do|should) i (fix|solve|handle|deal with) (this|it))",
    re.IGNORECASE,
)


def asks_for_answers(analysis: Analysis) -> bool:
    """True when the member asks the coach (or anyone) to tell them what to do."""
    return analysis.score("seeking_answers") > 0 or bool(_ASKING.search(analysis.text))
