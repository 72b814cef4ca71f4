"""A problem the member must know about before anything else (e.g. a damaged database)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Static


class ErrorScreen(Screen):
    BINDINGS = [("q", "app.quit", "Quit"), ("escape", "app.quit", "Quit")]

    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message

    def compose(self) -> ComposeResult:
        with Vertical(id="error"):
            yield Static("alcoach cannot start", id="error-title")
            yield Static(Text(self.message))
            yield Static("Press q to quit.")
        yield Footer()
