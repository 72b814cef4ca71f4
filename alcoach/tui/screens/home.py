"""The home screen: prepare, resume, history, and the facilitators' practice room."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from alcoach.display import visible
from alcoach.tui.guard import guarded

if TYPE_CHECKING:
    from alcoach.tui.app import AlcoachApp

MAX_CHALLENGES_SHOWN = 4
INTRO = (
    "A quiet place to think about your workplace challenge. alcoach asks open questions; "
    "it never tells you what to do. Everything you write stays on this computer."
)


class HomeScreen(Screen):
    BINDINGS = [
        ("p", "choose('prepare')", "Prepare"),
        ("a", "choose('reflect')", "Reflect"),
        ("r", "choose('resume')", "Resume"),
        ("h", "choose('history')", "History"),
        ("f", "choose('practise')", "Practise"),
    ]

    app: AlcoachApp

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="home"):
            yield Static("alcoach — action learning reflection", id="home-title")
            yield Static(INTRO, id="home-intro")
            yield OptionList(
                Option("Prepare for a set meeting", id="prepare"),
                Option("Reflect after taking action", id="reflect"),
                Option("Resume a session", id="resume"),
                Option("History", id="history"),
                Option("Practise questioning (for facilitators)", id="practise"),
                Option("Quit", id="quit"),
                id="home-menu",
            )
            yield Static(id="home-challenges")
        yield Footer()

    @guarded
    def on_mount(self) -> None:
        self.query_one(OptionList).focus()
        self.show_challenges()

    def on_screen_resume(self) -> None:
        self.show_challenges()

    @guarded
    def show_challenges(self) -> None:
        """Each challenge with its last session and its open actions, newest first."""
        listing = Text()
        for challenge, last, open_actions in self.app.manager.store.challenge_overview()[
            :MAX_CHALLENGES_SHOWN
        ]:
            listing.append(f"\n{visible(challenge.title)}", style="bold")
            listing.append(f"  · last session {last or '—'}")
            for action in open_actions[-2:]:
                listing.append(f"\n   open: {visible(action.text)}", style="italic")
        if listing:
            listing = Text("Your challenges", style="underline") + listing
        self.query_one("#home-challenges", Static).update(listing)

    @guarded
    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.action_choose(event.option.id or "")

    def action_choose(self, choice: str) -> None:
        if choice in ("prepare", "reflect"):
            self.app.choose_challenge(choice)
        elif choice == "resume":
            self.app.open_resume()
        elif choice == "history":
            self.app.open_history()
        elif choice == "practise":
            self.app.open_scenarios()
        elif choice == "quit":
            self.app.exit()
