"""Making the member's text safe to show exactly as written.

Terminal escape sequences and control characters would move the cursor or recolour the
screen; they are shown as visible symbols instead (ESC becomes ␛), so nothing is hidden
and nothing is executed. Markup is never interpreted: screens render plain text objects.
"""

from __future__ import annotations

import sys
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TextIO

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


class VisibleStream:
    """A text stream that shows whatever is written to it with `visible`: the one place the
    CLI's output is made safe, so no command (history, export, search, a script's run) can
    forget to. JSON is unchanged by it (json.dumps escapes control characters itself)."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        return self._stream.write(visible(text))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


@contextmanager
def terminal_safe() -> Iterator[None]:
    """stdout and stderr made safe for a terminal while the block runs (Textual writes to
    the real streams, sys.__stdout__ and sys.__stderr__, so the app is not affected)."""
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = VisibleStream(sys.stdout), VisibleStream(sys.stderr)  # type: ignore[assignment]
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved
