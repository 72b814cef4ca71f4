"""From a finished session: the member picks what goes into their presenting statement (after
preparing) or report back (after reflecting), and alcoach writes it as Markdown."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Static

from alcoach.coach.export import DEFAULT_SECTIONS, HEADINGS, SECTIONS, TITLES

WRITE, CANCEL = "write", "cancel"


class ExportScreen(ModalScreen[list[str] | None]):
    """Returns the sections chosen, in order, or None when the member changes their mind."""

    BINDINGS = [
        Binding("ctrl+s", "write", "Write it"),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, mode: str) -> None:
        super().__init__()
        self.mode = mode

    def compose(self) -> ComposeResult:
        with Vertical(id="export-box"):
            yield Static(TITLES.get(self.mode, "My reflection"), id="export-title")
            yield Static(
                "Tick what goes in; all of it is in your own words. Patterns and questions stay "
                "private unless you tick them.",
                id="export-help",
            )
            for name in SECTIONS[self.mode]:
                ticked = name in DEFAULT_SECTIONS[self.mode]
                yield Checkbox(HEADINGS[name], value=ticked, id=f"section-{name}")
            with Horizontal(id="export-buttons"):
                yield Button("Write it (ctrl+s)", id=WRITE, variant="primary")
                yield Button("Cancel (Esc)", id=CANCEL)

    def on_mount(self) -> None:
        self.query_one(Checkbox).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == WRITE:
            self.action_write()
        else:
            self.action_cancel()

    def action_write(self) -> None:
        chosen = [
            name for name in SECTIONS[self.mode] if self.query_one(f"#section-{name}", Checkbox).value
        ]
        if not chosen:
            self.notify("Tick at least one part to write, or press Esc.", severity="warning")
            return
        self.dismiss(chosen)

    def action_cancel(self) -> None:
        self.dismiss(None)
