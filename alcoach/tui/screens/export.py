"""From a finished session: the member picks what goes into their presenting statement (after
preparing) or report back (after reflecting), and alcoach writes it as Markdown."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Checkbox

from alcoach.coach.export import DEFAULT_SECTIONS, HEADINGS, SECTIONS, TITLES
from alcoach.tui.screens.choice import ChoiceScreen


class ExportScreen(ChoiceScreen[list[str] | None]):
    """Returns the sections chosen, in order, or None when the member changes their mind."""

    def __init__(self, mode: str) -> None:
        super().__init__()
        self.mode = mode

    NAME = "export"
    HELP = (
        "Tick what goes in; all of it is in your own words. Patterns and questions stay "
        "private unless you tick them."
    )
    SAVE_LABEL = "Write it (ctrl+s)"

    def heading(self) -> str:
        return TITLES.get(self.mode, "My reflection")

    def rows(self) -> ComposeResult:
        for name in SECTIONS[self.mode]:
            ticked = name in DEFAULT_SECTIONS[self.mode]
            yield Checkbox(HEADINGS[name], value=ticked, id=f"section-{name}")

    def action_save(self) -> None:
        chosen = [
            name for name in SECTIONS[self.mode] if self.query_one(f"#section-{name}", Checkbox).value
        ]
        if not chosen:
            self.notify("Tick at least one part to write, or press Esc.", severity="warning")
            return
        self.dismiss(chosen)
