"""The practice room for facilitators: choose a simulated member, question them, and see the
feedback per question, the scorecard at the end, and the trend across past sessions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, OptionList, Static
from textual.widgets.option_list import Option

from alcoach.bank.scenarios import LAYER_DEPTHS, Scenario
from alcoach.display import visible
from alcoach.tui.guard import guarded
from alcoach.tui.widgets.turn import TurnView

if TYPE_CHECKING:
    # The practice modules read questions with spaCy and embeddings: imported only once a
    # question is asked, so the first screen stays quick (see test_import_hygiene).
    from alcoach.practice.scorecard import Scorecard
    from alcoach.practice.session import Feedback, PracticeSession
    from alcoach.tui.app import AlcoachApp

MAX_QUESTION_CHARS = 1_000
TREND_ROWS = 8
TREND_LINE_SESSIONS = 4
PRACTICE_HINT = "Enter asks · F2 feedback on/off · F10 finish and score"
FINISHED_HINT = "This session is scored and saved · Esc back to the scenarios"
WAITING = "Your question is saved. The member will answer as soon as alcoach has finished loading."
NO_PRACTICE_YET = "No finished practice sessions yet: your trend will build up here."


def trend_line(history: list[dict[str, Any]], sessions: int = TREND_LINE_SESSIONS) -> Text:
    """One line for the chooser: how the last few scorecards moved, oldest to newest."""
    if not history:
        return Text(NO_PRACTICE_YET, style="italic")
    cards = [entry["scorecard"] for entry in history[-sessions:]]
    measures = {
        "open": [f"{card['open_share']:.0%}" for card in cards],
        "depth": [str(card["depth"]) for card in cards],
        "advice": [str(card["advice"]) for card in cards],
        "own words": [str(card["own_words"]) for card in cards],
    }
    line = Text(f"Your last {len(cards)} practice session(s), oldest → newest: ", style="bold")
    line.append(" · ".join(f"{name} {' → '.join(values)}" for name, values in measures.items()))
    return line


def trend_table(history: list[dict[str, Any]], names: dict[str, str], rows: int = TREND_ROWS) -> Table | Text:
    """The facilitator's last finished sessions, oldest first, so the trend reads downwards."""
    if not history:
        return Text(NO_PRACTICE_YET, style="italic")
    table = Table(title="Your practice so far", title_justify="left", expand=False)
    for heading in ("when", "member", "asked", "open", "advice", "depth", "own words"):
        table.add_column(heading, justify="left" if heading in ("when", "member") else "right")
    for entry in history[-rows:]:
        card = entry["scorecard"]
        table.add_row(
            Text(entry["started"].replace("T", " ")[5:16]),
            Text(visible(names.get(entry["scenario"], entry["scenario"]))),
            Text(str(card["questions"])),
            Text(f"{card['open_share']:.0%}"),
            Text(str(card["advice"])),
            Text(str(card["depth"])),
            Text(str(card["own_words"])),
        )
    return table


def scorecard_text(card: Scorecard) -> Text:
    # Open first: it is the kind the facilitator is practising towards.
    order = sorted(card.kinds, key=lambda kind: kind != "open")
    kinds = ", ".join(f"{kind} {card.kinds[kind]}" for kind in order if card.kinds[kind])
    reached = ", ".join(card.layers_reached) or "none yet"
    minutes, seconds = divmod(int(card.seconds), 60)
    lines = [
        ("Questions asked", f"{card.questions}  ({kinds})"),
        ("Open questions", f"{card.open_share:.0%} of the questions"),
        # As MI coding counts them: reflections beside questions (one to two is a fair balance).
        ("Reflections", f"{card.reflections} to {card.questions - card.reflections} question(s)"),
        ("Advice given", str(card.advice)),
        ("Mean question length", f"{card.mean_words} words"),
        ("Depth reached", f"{card.depth} layers: {reached}"),
        ("Used the member's own words", f"{card.own_words} question(s)"),
        ("Time taken", f"{minutes} min {seconds} s"),
    ]
    body = Text()
    for name, value in lines:
        body.append(f"{name}: ", style="bold")
        body.append(f"{value}\n")
    return body


HEADINGS = {
    "statement": "a statement, not a question",
    "reflection": "a reflection of what they said",
}


def feedback_text(feedback: Feedback) -> Text:
    reply = feedback.reply
    body = Text()
    heading = HEADINGS.get(reply.kind, f"{reply.kind} question")
    body.append(heading, style="bold")
    if reply.gives_advice and reply.kind != "advice":
        body.append(" that gives advice", style="bold")
    if reply.layer:
        body.append(f"  ·  reached: {reply.layer} ({_depth_word(reply.layer)})", style="italic")
    for reason in reply.reasons:
        body.append(f"\n• {visible(reason)}")
    if feedback.alternative:
        body.append("\nAn open question instead: ", style="bold")
        body.append(visible(feedback.alternative))
    return body


def _depth_word(layer: str) -> str:
    return {1: "surface", 2: "deeper", 3: "deepest"}.get(LAYER_DEPTHS.get(layer, 1), "surface")


def member_heading(scenario: Scenario) -> str:
    return f"{scenario.name}, {scenario.role}"


class ScenarioScreen(Screen):
    """Choose a simulated member; the detail pane shows who they are, and the trend below."""

    BINDINGS = [("escape", "app.go_home", "Home")]
    app: AlcoachApp

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Practise questioning: choose a set member to work with", classes="screen-title")
        yield Static(id="practice-trend")
        with Horizontal(id="practice-choose"):
            yield OptionList(id="scenario-list")
            with VerticalScroll(id="scenario-detail"):
                yield Static(id="scenario-about")
        yield Footer()

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        for problem in self.app.scenario_problems:
            self.notify(visible(problem), severity="warning", timeout=10, markup=False)
        for scenario in self.app.scenarios:
            options.add_option(Option(Text(f"{scenario.name} — {scenario.title}"), id=scenario.id))
        if not self.app.scenarios:
            options.add_option(Option("No scenarios found in the question bank.", disabled=True))
        else:
            options.highlighted = 0
        options.focus()
        self.refresh_trend()

    def on_screen_resume(self) -> None:
        self.refresh_trend()

    @guarded
    def refresh_trend(self) -> None:
        self.query_one("#practice-trend", Static).update(
            trend_line(self.app.manager.store.practice_history())
        )

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        scenario = self.app.scenario(event.option.id or "")
        if scenario is None:
            return
        about = Text()
        about.append(member_heading(scenario), style="bold")
        about.append(f"\n{scenario.setting}\n\n")
        about.append(f"{scenario.context}\n\n")
        about.append("Sponsor: ", style="bold")
        about.append(f"{scenario.sponsor}\n\n")
        about.append("Press Enter to meet them.", style="italic")
        self.query_one("#scenario-about", Static).update(about)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.app.open_practice(event.option.id)


@dataclass
class PracticeReplied(Message):
    feedback: Feedback


class PracticeScreen(Screen):
    """One practice session. Each question is stored as it is asked; the reply and the
    feedback appear in the transcript. Feedback can be hidden for a 'real' run."""

    BINDINGS = [
        Binding("f2", "toggle_feedback", "Feedback on/off"),
        Binding("ctrl+f", "toggle_feedback", "Feedback on/off", show=False),
        Binding("f10", "finish", "Finish"),
        # priority: the question box would otherwise take Ctrl+E as "end of line".
        Binding("ctrl+e", "finish", "Finish", show=False, priority=True),
        Binding("escape", "leave", "Finish / home"),
    ]
    app: AlcoachApp

    def __init__(self, scenario: Scenario, seed: int = 0, hide_feedback: bool = False) -> None:
        super().__init__(classes="hide-feedback" if hide_feedback else "")
        self.scenario = scenario
        self.seed = seed
        self.session: PracticeSession | None = None
        self.pending: list[str] = []
        self.busy = False
        self.card: Scorecard | None = None
        self.finishing = False  # finish asked for while questions were still being answered

    def compose(self) -> ComposeResult:
        yield Header()
        yield VerticalScroll(id="conversation")
        yield Static(PRACTICE_HINT, id="hint")
        yield Input(
            placeholder=f"Ask {self.scenario.name} a question…",
            max_length=MAX_QUESTION_CHARS,
            id="question",
        )
        yield Footer()

    def on_mount(self) -> None:
        about = Text()
        about.append(self.scenario.title, style="bold")
        about.append(f"  ·  {self.scenario.setting}\n", style="italic")
        about.append(self.scenario.context)
        self._add(Static(about, classes="turn system"))
        self._add(TurnView("coach", self.scenario.presenting, who=member_heading(self.scenario)))
        self.query_one(Input).focus()

    @property
    def waiting_for_models(self) -> bool:
        return bool(self.pending) and self.session is None

    def draft(self) -> str:
        """The question typed and not yet asked."""
        box = self.query_one(Input)
        return "" if box.disabled else box.value

    @guarded
    def on_input_submitted(self, event: Input.Submitted) -> None:
        question = event.value.strip()
        if self.card is not None:
            self.notify("This practice session has ended. Press Esc to go back.")
            return
        if not question and self.pending and not self.busy:
            self.ask_pending()  # the last one could not be saved: ask it again
            return
        if not question:
            self.notify("Type a question first.", severity="warning")
            return
        event.input.clear()
        self._add(TurnView("member", question, who="You"))
        self.pending.append(question)
        if self.app.manager.coach is None:
            self._add(TurnView("system", WAITING, classes="waiting"))
            return
        self.ask_pending()

    @guarded
    def ask_pending(self) -> None:
        """Ask the next waiting question, one at a time, so replies keep their order."""
        if self.busy or not self.pending or self.app.manager.coach is None:
            return
        for waiting in self.query(".waiting"):
            waiting.remove()
        self.busy = True
        self._ask(self.pending.pop(0))

    @work(thread=True, group="practice", exclusive=False)
    @guarded(recover="_not_asked")
    def _ask(self, question: str) -> None:
        if self.session is None:
            from alcoach.practice.session import PracticeSession

            self.session = PracticeSession(
                self.scenario, self.app.manager.coach, self.app.manager.store, self.seed
            )
        self.post_message(PracticeReplied(self.session.ask(question)))

    def _not_asked(self, question: str) -> None:
        """The question could not be saved: it waits again, first, and is asked with the next."""
        self.busy = False
        self.pending.insert(0, question)

    def on_practice_replied(self, message: PracticeReplied) -> None:
        self.busy = False
        feedback = message.feedback
        self._add(Static(feedback_text(feedback), classes="turn system feedback"))
        self._add(TurnView("coach", feedback.reply.reply, who=self.scenario.name))
        if self.pending:
            self.ask_pending()
        elif self.finishing:
            self._show_scorecard()

    def action_toggle_feedback(self) -> None:
        self.toggle_class("hide-feedback")
        shown = not self.has_class("hide-feedback")
        self.notify("Feedback shown after each question." if shown else "Feedback hidden: a 'real' run.")

    @guarded
    def action_finish(self) -> None:
        if self.card is not None:
            return
        if self.session is None and not self.pending:
            self.notify("Ask at least one question first, or press Esc to go back.")
            return
        self.finishing = True
        if not self.busy and not self.pending:
            self._show_scorecard()
        elif self.app.manager.coach is None:
            self.notify("Still loading: the scorecard will appear once your questions are answered.")

    def action_leave(self) -> None:
        if self.card is None and (self.session is not None or self.pending):
            self.action_finish()
            return
        self.app.pop_screen()

    @guarded
    def _show_scorecard(self) -> None:
        assert self.session is not None
        self.card = self.session.finish()
        self.query_one(Input).disabled = True
        self.query_one("#hint", Static).update(FINISHED_HINT)
        history = self.app.manager.store.practice_history()
        summary = Text()
        summary.append("Scorecard\n", style="bold")
        summary.append_text(scorecard_text(self.card))
        summary.append("\nPress Esc to go back to the scenarios.", style="italic")
        names = {scenario.id: scenario.name for scenario in self.app.scenarios}
        self._add(Static(Group(summary, Text(), trend_table(history, names)), classes="turn system summary"))

    def _add(self, widget: Static) -> Static:
        conversation = self.query_one("#conversation", VerticalScroll)
        conversation.mount(widget)
        conversation.scroll_end(animate=False)
        return widget
