"""Choosing a session to resume, and reading past sessions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from alcoach.display import visible
from alcoach.store.repository import SessionRecord
from alcoach.tui.guard import guarded
from alcoach.tui.widgets.turn import TurnView

if TYPE_CHECKING:
    from alcoach.tui.app import AlcoachApp

MODE_NAMES = {"prepare": "Prepare", "reflect": "Reflect"}


def session_label(app: AlcoachApp, session: SessionRecord) -> Text:
    turns = app.manager.store.turns(session.id)
    first_answer = next((t.text for t in turns if t.speaker == "member"), "(no answer yet)")
    first_line = visible(first_answer.strip().splitlines()[0] if first_answer.strip() else "")
    preview = first_line[:60] + ("…" if len(first_line) > 60 else "")
    started = session.started.replace("T", " ")[:16]
    label = Text(f"{started}  {MODE_NAMES.get(session.mode, session.mode)}  {preview}")
    if session.challenge_id is not None:
        # Which challenge it belonged to: most members bring more than one over a programme.
        title = visible(app.manager.store.challenge(session.challenge_id).title)
        label.append(f"\n  {title[:70]}", style="dim")
    return label


def list_sessions(app: AlcoachApp, options: OptionList, sessions: list[SessionRecord], empty: str) -> None:
    """Fill a session list, highlight the newest, and say plainly when there is none."""
    for session in sessions:
        options.add_option(Option(session_label(app, session), id=str(session.id)))
    if sessions:
        options.highlighted = 0
    else:
        options.add_option(Option(empty, disabled=True))
    options.focus()


class ResumeScreen(Screen):
    BINDINGS = [("escape", "app.go_home", "Home")]
    app: AlcoachApp

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Choose a session to carry on with:", classes="screen-title")
        yield OptionList(id="resume-list")
        yield Footer()

    @guarded
    def on_mount(self) -> None:
        sessions = self.app.manager.store.sessions(status="open")
        list_sessions(
            self.app, self.query_one(OptionList), sessions, "No unfinished sessions. Press Esc to go home."
        )

    @guarded
    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.app.open_session(int(event.option.id))


class HistoryScreen(Screen):
    BINDINGS = [("escape", "app.go_home", "Home")]
    app: AlcoachApp

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal():
            yield OptionList(id="history-list")
            yield VerticalScroll(id="history-detail")
        yield Footer()

    @guarded
    def on_mount(self) -> None:
        sessions = self.app.manager.store.sessions()
        list_sessions(self.app, self.query_one(OptionList), sessions, "No sessions yet.")

    @guarded
    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        detail = self.query_one("#history-detail", VerticalScroll)
        detail.remove_children()
        if event.option.id:
            for turn in self.app.manager.store.turns(int(event.option.id)):
                detail.mount(TurnView(turn.speaker, turn.text))

    @guarded
    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.app.open_session(int(event.option.id))
