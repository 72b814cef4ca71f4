"""After a session: the member can say a pattern alcoach noticed is not what they meant."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Checkbox

from alcoach.display import visible
from alcoach.nlp.labels import LABEL_NAMES
from alcoach.tui.screens.choice import ChoiceScreen


class PatternsScreen(ChoiceScreen[list[tuple[str, str]] | None]):
    """One box per pattern and the words it was read in; ticked ones are dismissed."""

    def __init__(self, quotes: dict[str, list[str]]) -> None:
        super().__init__()
        self.readings = [(label, words) for label, said in quotes.items() for words in said]

    NAME = "patterns"
    HELP = (
        "Tick any that are not what you meant. alcoach leaves them out and reads that "
        "pattern more carefully in what you write from now on."
    )

    def heading(self) -> str:
        return "What alcoach noticed"

    def rows(self) -> ComposeResult:
        with VerticalScroll(id="patterns-list"):
            for number, (label, words) in enumerate(self.readings):
                name = LABEL_NAMES.get(label, label)
                # Content, not a string: "[bold]" in the member's words is shown, never applied.
                label = Content(f"not what I meant — {name}: \u201c{visible(words)}\u201d")
                yield Checkbox(label, id=f"reading-{number}")

    def action_save(self) -> None:
        self.dismiss(
            [
                reading
                for number, reading in enumerate(self.readings)
                if self.query_one(f"#reading-{number}", Checkbox).value
            ]
        )
