"""The alcoach Textual app, built by `make_app` for the CLI and the tests alike."""

from __future__ import annotations

from collections.abc import Callable

from textual import work
from textual.app import App
from textual.binding import Binding

from alcoach.bank.loader import load_default_bank
from alcoach.bank.schema import Bank
from alcoach.bank.support import FALLBACK, Support, load_support
from alcoach.coach.engine import Coach
from alcoach.coach.manager import SessionManager
from alcoach.paths import bank_dir, cache_dir, database_path, ensure_home
from alcoach.store import Store, StoreError
from alcoach.tui.messages import CoachFailed, CoachLoaded
from alcoach.tui.screens.error import ErrorScreen
from alcoach.tui.screens.home import HomeScreen
from alcoach.tui.screens.lists import HistoryScreen, ResumeScreen
from alcoach.tui.screens.session import SessionScreen

CoachLoader = Callable[[Bank], Coach]
LOADING = "loading language models… you can start writing"


def load_real_coach(bank: Bank) -> Coach:
    return Coach.load(bank, cache_dir())


class AlcoachApp(App):
    CSS_PATH = "app.tcss"
    TITLE = "alcoach"
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", priority=True)]

    def __init__(self, initial_mode: str | None = None, coach_loader: CoachLoader = load_real_coach) -> None:
        super().__init__()
        self.initial_mode = initial_mode
        self.coach_loader = coach_loader
        self.manager: SessionManager
        self.support: Support = FALLBACK

    def on_mount(self) -> None:
        try:
            ensure_home()
            store = Store.open(database_path())
        except (StoreError, OSError) as error:
            self.push_screen(ErrorScreen(str(error)))
            return
        bank = load_default_bank()
        self.support, support_problem = load_support(bank_dir() / "support.yaml")
        self.manager = SessionManager(store, bank)
        self.sub_title = LOADING
        self.push_screen(HomeScreen())
        problems = bank.problems + ([support_problem] if support_problem else [])
        if problems:
            self.notify(
                f"{len(problems)} problem(s) in the question files; run `alcoach bank lint`. "
                f"First: {problems[0]}",
                severity="warning",
                timeout=10,
                markup=False,
            )
        if self.initial_mode:
            self.start_session(self.initial_mode)
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

    def on_coach_failed(self, message: CoachFailed) -> None:
        self.sub_title = "the coach could not start"
        self.notify(
            f"alcoach could not load its models: {message.error}. Your answers are saved.",
            severity="error",
            timeout=30,
            markup=False,
        )

    def start_session(self, mode: str) -> None:
        session, _ = self.manager.start(mode)
        self.open_session(session.id)

    def open_session(self, session_id: int) -> None:
        self._home_then(SessionScreen(session_id))

    def open_resume(self) -> None:
        self._home_then(ResumeScreen())

    def open_history(self) -> None:
        self._home_then(HistoryScreen())

    def _home_then(self, screen: object) -> None:
        while len(self.screen_stack) > 2:
            self.pop_screen()
        self.push_screen(screen)  # type: ignore[arg-type]

    def action_go_home(self) -> None:
        while len(self.screen_stack) > 2:
            self.pop_screen()


def make_app(initial_mode: str | None = None, coach_loader: CoachLoader = load_real_coach) -> AlcoachApp:
    """The one way the CLI and the tests build the app (ALCOACH_HOME picks the data folder)."""
    return AlcoachApp(initial_mode=initial_mode, coach_loader=coach_loader)


__all__ = ["AlcoachApp", "make_app"]
