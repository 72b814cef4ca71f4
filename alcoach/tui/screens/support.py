"""Shown when an answer suggests the member may be at risk: calm words, support, a choice.

Immediate risk gets the full message and every resource; a possible concern a short, warm
acknowledgement with one line to call. Either way, nothing is asked until they choose."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from alcoach.bank.support import CONTINUE, END, IMMEDIATE, SOMETHING_ELSE, Support

TITLES = {IMMEDIATE: "Before we go on"}
CHECKING_IN = "Checking in"


class SupportScreen(ModalScreen[str]):
    BINDINGS = [
        Binding("c", "choose('continue')", "Continue"),
        Binding("t", "choose('something-else')", "Talk about something else"),
        Binding("e", "choose('end')", "End the session"),
        Binding("escape", "choose('continue')", "Close", show=False),
    ]

    def __init__(self, support: Support, level: str = IMMEDIATE) -> None:
        super().__init__()
        self.support = support
        self.level = level

    def compose(self) -> ComposeResult:
        with Vertical(id="support-box"):
            yield Static(TITLES.get(self.level, CHECKING_IN), id="support-title")
            yield Static(Text(self.support.as_text(self.level)), id="support-text")
            yield Static("What would you like to do?", id="support-choice")
            with Horizontal(id="support-buttons"):
                # Compact, so the choice stays whole on an 80×24 terminal under the full support.
                yield Button("Go on (c)", id=CONTINUE, variant="primary", compact=True)
                yield Button("Talk about something else (t)", id=SOMETHING_ELSE, compact=True)
                yield Button("End the session (e)", id=END, compact=True)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id or CONTINUE)

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice)
