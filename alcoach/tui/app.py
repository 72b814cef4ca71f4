"""The alcoach Textual app, built by `make_app` for the CLI and the tests alike."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from alcoach.bank.loader import load_default_bank
from alcoach.bank.scenarios import Scenario, load_scenarios
from alcoach.bank.schema import Bank
from alcoach.bank.support import FALLBACK, Support, load_support
from alcoach.coach.engine import Coach
from alcoach.coach.manager import SessionManager
from alcoach.paths import cache_dir, database_path, ensure_home
from alcoach.store import Store, StoreError
from alcoach.tui.guard import guarded
from alcoach.tui.messages import CoachFailed, CoachLoaded
from alcoach.tui.screens.challenge import ChallengeScreen, NewChallengeScreen
from alcoach.tui.screens.error import ErrorScreen
from alcoach.tui.screens.help import ANSWER_KEYS, HelpScreen, bindings_of
from alcoach.tui.screens.home import HomeScreen
from alcoach.tui.screens.lists import HistoryScreen, ResumeScreen
from alcoach.tui.screens.practice import PracticeScreen, ScenarioScreen
from alcoach.tui.screens.session import SessionScreen
from alcoach.tui.screens.support import SupportScreen

CoachLoader = Callable[[Bank], Coach]
LOADING = "loading language models… you can start writing"
UNSENT_WARNING = (
    "You have written an answer you have not sent. Press Enter to send it, or Ctrl+Q again "
    "to quit without it."
)


def load_real_coach(bank: Bank) -> Coach:
    return Coach.load(bank, cache_dir())


class AlcoachApp(App):
    CSS_PATH = "app.tcss"
    TITLE = "alcoach"
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", priority=True),
        Binding("f1", "help", "Keys", priority=True),
        # For terminals that swallow F1; only where "?" is not being typed into an answer.
        Binding("question_mark", "help", "Keys", show=False),
    ]

    def __init__(
        self,
        *,
        initial_mode: str | None = None,
        coach_loader: CoachLoader = load_real_coach,
        practice: str | None = None,
        practice_seed: int = 0,
        hide_feedback: bool = False,
        challenge_id: int | None = None,
        session_seed: int | None = None,
    ) -> None:
        super().__init__()
        self.session_seed = session_seed  # None: each session gets its own random seed
        self.initial_mode = initial_mode
        self.initial_challenge = challenge_id  # with initial_mode: start on it, no chooser
        self.initial_practice = practice  # "" opens the scenario chooser, an id that scenario
        self.practice_seed = practice_seed
        self.hide_feedback = hide_feedback  # a 'real' run; F2 in the practice room toggles it
        self.scenarios: list[Scenario] = []
        self.scenario_problems: list[str] = []
        self.coach_loader = coach_loader
        self.manager: SessionManager
        self.support: Support = FALLBACK
        self.quit_warned = False  # Ctrl+Q has warned about an unsent answer once

    async def action_quit(self) -> None:
        """Quit — but not silently past an answer typed and not yet sent: the first Ctrl+Q
        says so, a second one quits."""
        if self._unsent_text() and not self.quit_warned:
            self.quit_warned = True
            self.notify(UNSENT_WARNING, severity="warning", markup=False, timeout=8)
            return
        self.exit()

    def on_unmount(self) -> None:
        """Close the database on every way out (Ctrl+Q, Quit, an error screen): a closed
        connection folds its write-ahead log back into the file, leaving no -wal beside it."""
        manager = getattr(self, "manager", None)
        if manager is not None:
            manager.store.close()

    def _unsent_text(self) -> str:
        screen = self.screen
        if isinstance(screen, SessionScreen | PracticeScreen):
            return screen.draft().strip()
        return ""

    def on_mount(self) -> None:
        try:
            ensure_home()
            store = Store.open(database_path())
        except (StoreError, OSError) as error:
            self.push_screen(ErrorScreen(str(error)))
            return
        bank = load_default_bank()
        self.support, support_problem = load_support()
        self.manager = SessionManager(store, bank)
        self.scenarios, self.scenario_problems = load_scenarios()
        self.sub_title = LOADING
        self.push_screen(HomeScreen())
        for warning in store.warnings:
            self.notify(warning, severity="warning", timeout=15, markup=False)
        problems = bank.problems + ([support_problem] if support_problem else [])
        if problems:
            self.notify(
                f"{len(problems)} problem(s) in the question files; run `alcoach bank lint`. "
                f"First: {problems[0]}",
                severity="warning",
                timeout=10,
                markup=False,
            )
        if self.initial_mode and self.initial_challenge is not None:
            self.start_session(self.initial_mode, self.initial_challenge)
        elif self.initial_mode:
            self.choose_challenge(self.initial_mode)
        elif self.initial_practice is not None:
            self.open_scenarios()
            if self.initial_practice:
                self.open_practice(self.initial_practice)
        self.load_coach(bank)

    @work(thread=True, exclusive=True, group="models")
    def load_coach(self, bank: Bank) -> None:
        try:
            coach = self.coach_loader(bank)
        except Exception as error:
            self.post_message(CoachFailed(str(error)))
            return
        self.manager.coach = coach
        self.post_message(CoachLoaded())

    def on_coach_loaded(self, _: CoachLoaded) -> None:
        self.sub_title = "ready"
        for screen in self.screen_stack:
            if isinstance(screen, SessionScreen) and screen.waiting_for_models:
                screen.request_reply()
            elif isinstance(screen, PracticeScreen):
                screen.ask_pending()

    def on_coach_failed(self, message: CoachFailed) -> None:
        self.sub_title = "the coach could not start"
        self.notify(
            f"alcoach could not load its models: {message.error}. Your answers are saved.",
            severity="error",
            timeout=30,
            markup=False,
        )

    @guarded
    def start_session(self, mode: str, challenge_id: int | None = None) -> None:
        session, _ = self.manager.start(mode, seed=self.session_seed, challenge_id=challenge_id)
        self.open_session(session.id)

    def choose_challenge(self, mode: str) -> None:
        self._home_then(ChallengeScreen(mode))

    def open_session(self, session_id: int) -> None:
        self._home_then(SessionScreen(session_id))

    def open_resume(self) -> None:
        self._home_then(ResumeScreen())

    def open_history(self) -> None:
        self._home_then(HistoryScreen())

    def open_scenarios(self) -> None:
        self._home_then(ScenarioScreen())

    def scenario(self, scenario_id: str) -> Scenario | None:
        return next((scenario for scenario in self.scenarios if scenario.id == scenario_id), None)

    def open_practice(self, scenario_id: str) -> None:
        """A practice session sits on top of the chooser, so Esc comes back to it."""
        scenario = self.scenario(scenario_id)
        if scenario is None:
            self.notify(f"No scenario {scenario_id!r}.", severity="error", markup=False)
            return
        self.push_screen(PracticeScreen(scenario, self.practice_seed, self.hide_feedback))

    def _home_then(self, screen: object) -> None:
        while len(self.screen_stack) > 2:
            self.pop_screen()
        self.push_screen(screen)  # type: ignore[arg-type]

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        sections = [
            ("Everywhere", [*bindings_of(type(self)), ("Ctrl+P", "command palette: every main action")]),
            ("Home", bindings_of(HomeScreen)),
            ("Choosing a challenge", bindings_of(ChallengeScreen)),
            ("A new challenge", [*bindings_of(NewChallengeScreen), ("Tab", "next field")]),
            ("In a session", ANSWER_KEYS + bindings_of(SessionScreen)),
            ("When support is shown", bindings_of(SupportScreen)),
            ("Resume, History", bindings_of(ResumeScreen)),
            ("Practice: choosing a member", bindings_of(ScenarioScreen)),
            ("Practice: asking questions", [("Enter", "ask the question"), *bindings_of(PracticeScreen)]),
        ]
        self.push_screen(HelpScreen(sections))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Prepare for a set meeting", "A new prepare session", self._command("prepare"))
        yield SystemCommand("Reflect after taking action", "A new reflect session", self._command("reflect"))
        yield SystemCommand("Resume a session", "Carry on with an unfinished session", self.open_resume)
        yield SystemCommand("History", "Read your past sessions", self.open_history)
        yield SystemCommand(
            "Practise questioning", "Facilitators: a simulated set member", self.open_scenarios
        )
        yield SystemCommand("Keys", "Every key binding", self.action_help)

    def _command(self, mode: str) -> Callable[[], None]:
        return lambda: self.choose_challenge(mode)

    def action_go_home(self) -> None:
        while len(self.screen_stack) > 2:
            self.pop_screen()


# The one way the CLI and the tests build the app (ALCOACH_HOME picks the data folder);
# `practice` opens the practice room: "" on the scenario chooser, or a scenario's id.
make_app = AlcoachApp


__all__ = ["AlcoachApp", "make_app"]
