"""When the member asks the coach for the answer ("What should I do?").

The coach does not give answers: the member knows their situation best. It says so in one
plain line, then asks a question that hands the thinking back.
"""

from __future__ import annotations

# Whether a member is asking for the answer is read in alcoach.nlp (the coach hears it too).
from alcoach.nlp.requests import asks_for_answers

HAND_BACK = (
    "alcoach doesn't give answers or advice: you know your situation best, so here is a "
    "question to help you find your own."
)
# When the session has no question left to hand the thinking back with.
HAND_BACK_AT_END = (
    "alcoach doesn't give answers or advice: you know your situation best. That question is "
    "worth taking to your set."
)

__all__ = ["HAND_BACK", "HAND_BACK_AT_END", "asks_for_answers"]
