"""Shown when an answer suggests the member may be at risk: calm words, support, a choice."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from alcoach.bank.support import Support

CONTINUE, SOMETHING_ELSE, END = "continue", "something-else", "end"


class SupportScreen(ModalScreen[str]):
    BINDINGS = [
        Binding("c", "choose('continue')", "Continue"),
        Binding("t", "choose('something-else')", "Talk about something else"),
        Binding("e", "choose('end')", "End the session"),
        Binding("escape", "choose('continue')", "Close", show=False),
    ]

    def __init__(self, support: Support) -> None:
        super().__init__()
        self.support = support

    def compose(self) -> ComposeResult:
        with Vertical(id="support-box"):
            yield Static("Before we go on", id="support-title")
            yield Static(Text(self.support.as_text()), id="support-text")
            yield Static(
                "alcoach will not challenge you now. What would you like to do?", id="support-choice"
            )
            with Horizontal(id="support-buttons"):
                yield Button("Continue (c)", id=CONTINUE, variant="primary")
                yield Button("Talk about something else (t)", id=SOMETHING_ELSE)
                yield Button("End the session (e)", id=END)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id or CONTINUE)

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice)
