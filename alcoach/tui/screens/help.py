"""Every key binding in the app, screen by screen, read from the screens themselves so the
list cannot drift from what the keys do."""

from __future__ import annotations

import re

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

# Typing keys of the answer box (a TextArea), which are not bindings of any screen.
ANSWER_KEYS = [
    ("enter", "send your answer"),
    ("ctrl+j, shift+enter, alt+enter", "a new line inside an answer"),
]


_NAMES = {
    "ctrl": "Ctrl",
    "shift": "Shift",
    "alt": "Alt",
    "escape": "Esc",
    "enter": "Enter",
    "tab": "Tab",
    "question_mark": "?",
}


def _key_name(key: str) -> str:
    """ "ctrl+t" -> "Ctrl+T", "f2" -> "F2", "escape" -> "Esc"; a lone letter stays as typed."""
    parts = key.split("+")
    named = [
        _NAMES.get(part, part.upper() if len(parts) > 1 or re.fullmatch(r"f\d+", part) else part)
        for part in parts
    ]
    return "+".join(named)


def bindings_of(screen: type[Screen] | type) -> list[tuple[str, str]]:
    """(keys, what they do) for a screen class; aliases of one action are listed together."""
    grouped: dict[str, tuple[list[str], str]] = {}
    for binding in getattr(screen, "BINDINGS", []):
        key, action, description = (
            (binding.key, binding.action, binding.description)
            if isinstance(binding, Binding)
            else (binding[0], binding[1], binding[2] if len(binding) > 2 else "")
        )
        keys, known = grouped.setdefault(action, ([], description))
        keys.extend(_key_name(k.strip()) for k in key.split(","))
        if not known and description:
            grouped[action] = (keys, description)
    return [(" / ".join(keys), description or action) for keys, description in grouped.values()]


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape", "dismiss", "Close"), Binding("f1", "dismiss", "Close", show=False)]

    def __init__(self, sections: list[tuple[str, list[tuple[str, str]]]]) -> None:
        super().__init__()
        self.sections = sections

    def compose(self) -> ComposeResult:
        table = Table(show_header=False, box=None, padding=(0, 2, 0, 0))
        table.add_column(style="bold")
        table.add_column()
        for title, rows in self.sections:
            table.add_row(Text(title, style="underline"), Text(""))
            for keys, what in rows:
                table.add_row(Text(keys), Text(what))
            table.add_row(Text(""), Text(""))
        with VerticalScroll(id="help-box"):
            yield Static("Keys — Esc closes this", id="help-title")
            yield Static(table)
