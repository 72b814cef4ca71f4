"""What the end-of-session dialogs share: Ctrl+S saves, Esc cancels, the first box has focus."""

from __future__ import annotations

from typing import TypeVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Static

SAVE, CANCEL = "save", "cancel"
Result = TypeVar("Result")


class ChoiceScreen(ModalScreen[Result]):
    """A dialog of boxes to tick: a title, a line of help, the rows, Save and Cancel.
    Subclasses give the rows (`rows`) and say what saving returns (`action_save`)."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save"),
        Binding("escape", "cancel", "Cancel"),
    ]
    NAME = "choice"  # the stylesheet's ids: NAME-box, NAME-title, NAME-help, NAME-buttons
    HELP = ""
    SAVE_LABEL = "Save (ctrl+s)"
    CANCEL_LABEL = "Cancel (Esc)"

    def heading(self) -> str:
        raise NotImplementedError

    def rows(self) -> ComposeResult:
        raise NotImplementedError

    def compose(self) -> ComposeResult:
        with Vertical(id=f"{self.NAME}-box"):
            yield Static(self.heading(), id=f"{self.NAME}-title")
            yield Static(self.HELP, id=f"{self.NAME}-help")
            yield from self.rows()
            with Horizontal(id=f"{self.NAME}-buttons"):
                yield Button(self.SAVE_LABEL, id=SAVE, variant="primary")
                yield Button(self.CANCEL_LABEL, id=CANCEL)

    def on_mount(self) -> None:
        boxes = self.query(Checkbox)
        if boxes:
            boxes.first().focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == SAVE:
            self.action_save()
        else:
            self.action_cancel()

    def action_save(self) -> None:
        raise NotImplementedError

    def action_cancel(self) -> None:
        self.dismiss(None)
