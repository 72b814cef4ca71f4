"""What the end-of-session dialogs share: Ctrl+S saves, Esc cancels, the first box has focus."""

from __future__ import annotations

from typing import TypeVar

from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox

SAVE, CANCEL = "save", "cancel"
Result = TypeVar("Result")


class ChoiceScreen(ModalScreen[Result]):
    """A dialog of boxes to tick; subclasses say what saving returns (`action_save`)."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save"),
        Binding("escape", "cancel", "Cancel"),
    ]

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
