"""Making the member's text safe to show exactly as written.

Terminal escape sequences and control characters would move the cursor or recolour the
screen; they are shown as visible symbols instead (ESC becomes ␛), so nothing is hidden
and nothing is executed. Markup is never interpreted: screens render plain text objects.
"""

from __future__ import annotations

import unicodedata

_KEEP = {"\n", "\t"}


def visible(text: str) -> str:
    out = []
    for ch in text:
        if ch in _KEEP:
            out.append(ch)
        elif ord(ch) < 0x20:
            out.append(chr(0x2400 + ord(ch)))  # the Unicode "control picture" for it
        elif ord(ch) == 0x7F:
            out.append("\u2421")
        elif unicodedata.category(ch) in ("Cc", "Cf", "Cs") and ch not in ("\u200d", "\ufe0f"):
            out.append("\ufffd")
        else:
            out.append(ch)
    return "".join(out)
