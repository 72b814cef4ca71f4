"""At the close: the member checks what alcoach kept as their commitments — keep, edit, drop.

What they keep (in the words they leave in the box) is what the next reflection opens on; what
they untick was never a commitment and is removed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Checkbox, Input

from alcoach.display import visible
from alcoach.store.repository import CommitmentRecord
from alcoach.tui.screens.choice import ChoiceScreen


@dataclass(frozen=True)
class CommitmentCheck:
    kept: dict[int, str] = field(default_factory=dict)  # id -> the words kept
    dropped: set[int] = field(default_factory=set)


class CommitmentsScreen(ChoiceScreen[CommitmentCheck | None]):
    """One row per commitment: its words, editable, and a box to keep it (ticked)."""

    def __init__(self, commitments: list[CommitmentRecord]) -> None:
        super().__init__()
        self.commitments = commitments

    NAME = "commitments"
    HELP = (
        "Edit the words if they are not quite yours; untick anything that is not something "
        "you mean to do. The next reflection starts from what you keep."
    )
    CANCEL_LABEL = "Leave them as they are (Esc)"

    def heading(self) -> str:
        return "Your commitments, as alcoach kept them"

    def rows(self) -> ComposeResult:
        with VerticalScroll(id="commitments-list"):
            for commitment in self.commitments:
                with Horizontal(classes="commitment-row"):
                    yield Checkbox("keep", value=True, id=f"keep-{commitment.id}")
                    yield Input(visible(commitment.text), id=f"text-{commitment.id}")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        check = CommitmentCheck()
        for commitment in self.commitments:
            keep = self.query_one(f"#keep-{commitment.id}", Checkbox).value
            words = self.query_one(f"#text-{commitment.id}", Input).value.strip()
            if keep and words:
                # Left as shown: the stored words stand (what is shown has control marks made visible).
                check.kept[commitment.id] = commitment.text if words == visible(commitment.text) else words
            else:
                check.dropped.add(commitment.id)  # unticked, or its words cleared
        self.dismiss(check)
