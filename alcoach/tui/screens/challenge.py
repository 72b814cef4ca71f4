"""Choosing the challenge a session belongs to, or describing a new one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Input, Label, OptionList
from textual.widgets.option_list import Option

from alcoach.display import visible
from alcoach.tui.guard import guarded

if TYPE_CHECKING:
    from alcoach.tui.app import AlcoachApp

NEW = "new"
MODE_TITLES = {
    "prepare": "Prepare for a set meeting: which challenge?",
    "reflect": "Reflect after taking action: which challenge?",
}
FIELDS = (
    ("title", "Your challenge in a line (required)", "e.g. Handover on my ward overruns every morning"),
    ("context", "The context: where, who, what is at stake", ""),
    ("particular", "What is particular about you in it", "e.g. new in post; I used to be one of the team"),
    ("sponsor", "Your sponsor (a name or a role)", ""),
    ("sponsor_agreement", "What you agreed with your sponsor", ""),
)
MAX_FIELD_CHARS = 2_000


class ChallengeScreen(Screen):
    """A list of the member's challenges (with their open actions), and 'a new challenge'."""

    BINDINGS = [("escape", "app.go_home", "Home")]
    app: AlcoachApp

    def __init__(self, mode: str) -> None:
        super().__init__()
        self.mode = mode

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label(MODE_TITLES[self.mode], classes="screen-title")
        yield OptionList(id="challenge-list")
        yield Footer()

    @guarded
    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        for challenge, last, open_actions in self.app.manager.store.challenge_overview():
            label = Text(visible(challenge.title), style="bold")
            when = f"last session {last}" if last else "no sessions yet"
            label.append(f"\n  {when} · {len(open_actions)} open action(s)", style="dim")
            options.add_option(Option(label, id=str(challenge.id)))
        options.add_option(Option("➕ A new challenge…", id=NEW))
        options.highlighted = 0
        options.focus()

    @guarded
    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id == NEW:
            self.app.push_screen(NewChallengeScreen(self.mode))
        elif event.option.id:
            self.app.start_session(self.mode, int(event.option.id))


class NewChallengeScreen(Screen):
    BINDINGS = [("escape", "app.pop_screen", "Back")]
    app: AlcoachApp

    def __init__(self, mode: str) -> None:
        super().__init__()
        self.mode = mode

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="challenge-form"):
            yield Label("A new challenge. Only the first line is needed; you can add the rest later.")
            for name, label, placeholder in FIELDS:
                with Vertical(classes="field"):
                    yield Label(label)
                    yield Input(placeholder=placeholder, max_length=MAX_FIELD_CHARS, id=f"field-{name}")
            yield Button("Start", variant="primary", id="start")
        yield Footer()

    @guarded
    def on_mount(self) -> None:
        self.query_one("#field-title", Input).focus()

    def on_input_submitted(self, _: Input.Submitted) -> None:
        self.focus_next()

    @guarded
    def on_button_pressed(self, _: Button.Pressed) -> None:
        values = {name: self.query_one(f"#field-{name}", Input).value.strip() for name, _, _ in FIELDS}
        if not values["title"]:
            self.notify("Give your challenge a line first.", severity="warning")
            self.query_one("#field-title", Input).focus()
            return
        title = values.pop("title")
        challenge = self.app.manager.store.create_challenge(title, **{k: v for k, v in values.items() if v})
        self.app.start_session(self.mode, challenge.id)
