"""The home screen: prepare, resume, history, and the facilitators' practice room."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

if TYPE_CHECKING:
    from alcoach.tui.app import AlcoachApp

INTRO = (
    "A quiet place to think about your workplace challenge. alcoach asks open questions; "
    "it never tells you what to do. Everything you write stays on this computer."
)


class HomeScreen(Screen):
    BINDINGS = [
        ("p", "choose('prepare')", "Prepare"),
        ("r", "choose('resume')", "Resume"),
        ("h", "choose('history')", "History"),
        ("f", "choose('practise')", "Practise (facilitators)"),
    ]

    app: AlcoachApp

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="home"):
            yield Static("alcoach — action learning reflection", id="home-title")
            yield Static(INTRO, id="home-intro")
            yield OptionList(
                Option("Prepare for a set meeting", id="prepare"),
                Option("Resume a session", id="resume"),
                Option("History", id="history"),
                Option("Practise questioning (for facilitators)", id="practise"),
                Option("Quit", id="quit"),
                id="home-menu",
            )
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.action_choose(event.option.id or "")

    def action_choose(self, choice: str) -> None:
        if choice == "prepare":
            self.app.start_session("prepare")
        elif choice == "resume":
            self.app.open_resume()
        elif choice == "history":
            self.app.open_history()
        elif choice == "practise":
            self.app.open_scenarios()
        elif choice == "quit":
            self.app.exit()
