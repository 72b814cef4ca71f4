"""One turn of the conversation, shown literally: no markup, no escape sequences."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from alcoach.display import visible

# A 1 MB paste is saved whole; the screen shows its start, so the app stays responsive.
MAX_SHOWN_CHARS = 5_000


class TurnView(Static):
    def __init__(
        self, speaker: str, text: str, note: str = "", classes: str = "", who: str | None = None
    ) -> None:
        """`speaker` is coach, member or system (it picks the style); `who` overrides the
        name shown, as in the practice room where the member is a named character."""
        if who is None:
            who = {"coach": "Coach", "member": "You"}.get(speaker, "")
        super().__init__(self._compose_text(who, text, note), classes=f"turn {speaker} {classes}")

    @staticmethod
    def _compose_text(who: str, text: str, note: str) -> Text:
        body = Text()
        if who:
            body.append(visible(who), style="bold")
            if note:
                body.append(f"  ·  {visible(note)}", style="italic dim")
            body.append("\n")
        if len(text) > MAX_SHOWN_CHARS:
            body.append(visible(text[:MAX_SHOWN_CHARS]))
            body.append(
                f"\n… showing the first {MAX_SHOWN_CHARS:,} of {len(text):,} characters; all of it is saved.",
                style="italic dim",
            )
        else:
            body.append(visible(text))
        return body
