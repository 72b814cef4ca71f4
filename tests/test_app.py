"""The app as a member uses it, driven by Textual's Pilot.

UI behaviour is tested with a quick stand-in coach (the real selection code over the real
bank, without the slow models); one test runs the real models end to end.
"""

from __future__ import annotations

import stat
import threading

import pytest
from textual.widgets import Checkbox, Input, OptionList

from alcoach.bank.schema import Bank
from alcoach.coach.export import SECTIONS
from alcoach.coach.manager import SessionManager
from alcoach.coach.selector import BankIndex, select_next_question
from alcoach.nlp.language import looks_english
from alcoach.nlp.result import Analysis
from alcoach.nlp.safety import check, level_of
from alcoach.paths import database_path, exports_dir
from alcoach.store import Store
from alcoach.tui.app import make_app
from alcoach.tui.screens.error import ErrorScreen
from alcoach.tui.screens.home import HomeScreen
from alcoach.tui.screens.lists import ResumeScreen
from alcoach.tui.screens.session import SessionScreen
from alcoach.tui.screens.support import SupportScreen
from alcoach.tui.widgets.answer_box import AnswerBox
from alcoach.tui.widgets.turn import TurnView


class QuickCoach:
    """The real selector and bank, no models: fast and deterministic for UI tests."""

    def __init__(self, bank: Bank) -> None:
        self.index = BankIndex(list(bank.questions))

    def analyse(self, text: str) -> Analysis:
        found = check(text)
        return Analysis(text=text, safety=found.status, safety_level=level_of(found.tier))

    def next_question(self, state, analysis):
        return select_next_question(self.index, state, analysis)

    def may_ask(self, question, text) -> bool:
        return True

    def step(self, text: str) -> str | None:
        return None


def quick_loader(bank: Bank) -> QuickCoach:
    return QuickCoach(bank)


class LanguageAwareCoach(QuickCoach):
    def analyse(self, text: str) -> Analysis:
        found = check(text)
        return Analysis(
            text=text, safety=found.status, safety_level=level_of(found.tier), english=looks_english(text)
        )


def real_analysis_loader(bank: Bank) -> QuickCoach:
    return LanguageAwareCoach(bank)


def _stored_texts() -> list[str]:
    store = Store.open(database_path())
    try:
        return [turn["text"] for session in store.history() for turn in session["turns"]]
    finally:
        store.close()


def _turn_texts(screen) -> list[str]:
    return [str(widget.render()) for widget in screen.query(TurnView)]


def _prepare_app(coach_loader):
    """The app opened on a new prepare session of an existing challenge."""
    store = Store.open(database_path())
    try:
        challenge = store.create_challenge("The rota on my ward")
    finally:
        store.close()
    return make_app(initial_mode="prepare", coach_loader=coach_loader, challenge_id=challenge.id)


async def _settle(app, pilot) -> None:
    """Let the workers finish (analysis, selection, storing) and the screen catch up."""
    await app.workers.wait_for_complete()
    await pilot.pause()


async def _answer(pilot, text: str) -> None:
    box = pilot.app.screen.query_one(AnswerBox)
    box.insert(text)
    await pilot.press("enter")
    await pilot.pause()


async def test_home_screen_offers_prepare_resume_history_practice():
    app = make_app(coach_loader=quick_loader)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        menu = app.screen.query_one(OptionList)
        labels = [str(menu.get_option_at_index(i).prompt) for i in range(menu.option_count)]
        assert labels == [
            "Prepare for a set meeting",
            "Reflect after taking action",
            "Resume a session",
            "History",
            "Practise questioning (for facilitators)",
            "Quit",
        ]


async def test_prepare_session_asks_saves_and_shows_markup_literally():
    app = make_app(coach_loader=quick_loader)
    async with app.run_test() as pilot:
        await pilot.press("enter")  # "Prepare for a set meeting"
        await pilot.pause()
        await pilot.press("enter")  # "A new challenge…" (there is none yet)
        await pilot.pause()
        app.screen.query_one("#field-title").value = "The rota on my ward"
        app.screen.query_one("#start").press()
        await _settle(app, pilot)
        assert isinstance(app.screen, SessionScreen)
        answer = "My team [bold]ignores[/bold] the rota \x1b[31mred\x1b[0m 😀"
        await _answer(pilot, answer)
        await _settle(app, pilot)
        shown = _turn_texts(app.screen)
        assert any("[bold]ignores[/bold]" in text and "\u241b[31m" in text for text in shown)
        assert len(app.screen.query(".coach")) == 2
        assert answer in _stored_texts()


async def test_answer_is_saved_while_models_load_and_answered_after():
    release = threading.Event()

    def slow_loader(bank: Bank) -> QuickCoach:
        release.wait(30)
        return QuickCoach(bank)

    app = _prepare_app(coach_loader=slow_loader)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert "loading" in app.sub_title
        await _answer(pilot, "Written before the models were ready.")
        assert "Written before the models were ready." in _stored_texts()
        assert app.screen.query(".waiting")
        release.set()
        await _settle(app, pilot)
        assert not app.screen.query(".waiting")
        assert len(app.screen.query(".coach")) == 2


async def test_a_huge_paste_is_saved_whole_and_shown_in_part():
    huge = "The rota again. " * 65_000  # about 1 MB
    app = _prepare_app(coach_loader=quick_loader)
    async with app.run_test() as pilot:
        await app.workers.wait_for_complete()
        await _answer(pilot, huge)
        await _settle(app, pilot)
        assert huge in _stored_texts()
        assert any("all of it is saved" in text for text in _turn_texts(app.screen))


WORRYING = "Some days I wish I was not here at all."  # a possible concern
URGENT = "I have saved up my tablets and I am going to take them all tonight."  # immediate risk
FINE = "I'm fine, honestly, I'm not in any danger."


def _pending_questions(app) -> int:
    """Coach questions after the member's last answer: exactly one should ever wait."""
    store = app.manager.store
    turns = store.turns(app.screen.session_id)
    last_answer = max((i for i, t in enumerate(turns) if t.speaker == "member"), default=-1)
    return sum(1 for t in turns[last_answer + 1 :] if t.speaker == "coach")


def _support_screen_shows(app, *words: str) -> bool:
    assert isinstance(app.screen, SupportScreen), type(app.screen)
    text = str(app.screen.query_one("#support-title").render()) + str(
        app.screen.query_one("#support-text").render()
    )
    return all(word in text for word in words)


async def test_a_possible_concern_on_the_first_answer_checks_in_and_keeps_it_out_of_exports():
    app = _prepare_app(coach_loader=quick_loader)
    async with app.run_test() as pilot:
        await app.workers.wait_for_complete()
        await _answer(pilot, WORRYING)
        await _settle(app, pilot)
        # A short check-in with one line to call, and nothing asked until they choose.
        assert _support_screen_shows(app, "Checking in", "Samaritans")
        assert not _support_screen_shows(app, "999")
        await pilot.press("c")  # go on
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        assert _pending_questions(app) == 1
        care = [q.text for q in app.support.questions]
        assert _turn_texts(app.screen)[-1].endswith(tuple(care))
        await _answer(pilot, FINE)
        await _settle(app, pilot)
        assert _pending_questions(app) == 1
        await _answer(pilot, "The rota is the real problem: nobody owns it.")
        await _settle(app, pilot)
        session_id = app.screen.session_id
        app.manager.end(session_id)
        path = app.manager.export(session_id, list(SECTIONS["prepare"]), exports_dir())
        exported = path.read_text()
        assert "nobody owns it" in exported  # the ordinary answer is there
        assert "not here" not in exported and "not in any danger" not in exported
        assert "not here" not in str(app.manager.summary(session_id))


async def test_immediate_risk_in_the_middle_then_something_else_leaves_one_question_waiting():
    app = _prepare_app(coach_loader=quick_loader)
    async with app.run_test() as pilot:
        await app.workers.wait_for_complete()
        await _answer(pilot, "The rota on the ward slips every week.")
        await _settle(app, pilot)
        await _answer(pilot, URGENT)
        await _settle(app, pilot)
        assert _support_screen_shows(app, "Before we go on", "999", "Samaritans")
        await pilot.press("t")  # talk about something else
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        assert _pending_questions(app) == 1
        assert _turn_texts(app.screen)[-1].endswith(app.support.something_else.text)
        await _answer(pilot, "I want to stop thinking about it, I might end it all.")
        await _settle(app, pilot)
        assert isinstance(app.screen, SupportScreen)  # after 'something else' too
        await pilot.press("e")  # end the session
        await pilot.pause()
        assert app.screen.query(".summary")
        # Nothing more can be typed into an ended session, and it says so.
        assert not app.screen.query_one(AnswerBox).display
        assert "ended" in str(app.screen.query_one("#hint").render())
        summary = str(app.screen.query_one(".summary").render())
        assert "tablets" not in summary and "end it all" not in summary
    store = Store.open(database_path())
    assert store.sessions()[0].status == "finished"
    store.close()


async def test_a_concern_on_the_last_answer_still_offers_the_choice():
    app = _prepare_app(coach_loader=quick_loader)
    async with app.run_test() as pilot:
        await app.workers.wait_for_complete()
        session_id = app.screen.session_id
        for _ in range(30):  # answer until the question waiting is the flow's last
            state = app.manager.state(session_id)
            if state.next_stage() is None:
                break
            await _answer(pilot, "The rota slips and I end up covering the gaps myself.")
            await _settle(app, pilot)
        assert app.manager.store.session(session_id).status != "finished"
        await _answer(pilot, WORRYING)
        await _settle(app, pilot)
        assert isinstance(app.screen, SupportScreen)  # the choice, not the summary
        await pilot.press("c")
        await pilot.pause()
        assert _pending_questions(app) == 1 and not app.screen.query(".summary")
        await _answer(pilot, FINE)
        await _settle(app, pilot)
        assert app.screen.query(".summary")  # the session closes after the care question
        summary = str(app.screen.query_one(".summary").render())
        assert "not here" not in summary and "not in any danger" not in summary


async def test_an_answer_not_in_english_gets_a_note_and_is_saved():
    app = _prepare_app(coach_loader=real_analysis_loader)
    async with app.run_test() as pilot:
        await app.workers.wait_for_complete()
        await _answer(pilot, "Je ne sais pas quoi faire avec mon équipe.")
        await _settle(app, pilot)
        assert any("reads English" in text for text in _turn_texts(app.screen))
        assert len(app.screen.query(".coach")) == 2
    assert "Je ne sais pas quoi faire avec mon équipe." in _stored_texts()


async def test_empty_answer_is_not_sent():
    app = _prepare_app(coach_loader=quick_loader)
    async with app.run_test() as pilot:
        await app.workers.wait_for_complete()
        await _answer(pilot, "   ")
        assert len(_stored_texts()) == 1  # only the opening question
        assert app.screen.query_one(AnswerBox).text == "   "


async def test_quitting_with_an_unsent_answer_warns_once():
    app = _prepare_app(coach_loader=quick_loader)
    async with app.run_test() as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("h", "i")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert app.is_running and app.screen.query_one(AnswerBox).text == "hi"
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert not app.is_running


async def test_ctrl_j_starts_a_new_line():
    app = _prepare_app(coach_loader=quick_loader)
    async with app.run_test() as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("a", "ctrl+j", "b")
        assert app.screen.query_one(AnswerBox).text == "a\nb"


async def test_resume_restores_the_conversation():
    app = _prepare_app(coach_loader=quick_loader)
    async with app.run_test() as pilot:
        await app.workers.wait_for_complete()
        await _answer(pilot, "First answer, to come back to.")
        await app.workers.wait_for_complete()
    app = make_app(coach_loader=quick_loader)
    async with app.run_test() as pilot:
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ResumeScreen)
        await pilot.press("enter")
        await _settle(app, pilot)
        assert isinstance(app.screen, SessionScreen)
        assert any("First answer, to come back to." in text for text in _turn_texts(app.screen))


async def test_a_corrupt_database_shows_a_clear_error(alcoach_home):
    alcoach_home.mkdir(parents=True)
    database_path().write_bytes(b"not a database" * 10)
    app = make_app(coach_loader=quick_loader)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ErrorScreen)
    assert database_path().read_bytes() == b"not a database" * 10


@pytest.mark.slow
async def test_real_models_end_to_end(coach):
    app = _prepare_app(coach_loader=lambda bank: coach)
    async with app.run_test() as pilot:
        await app.workers.wait_for_complete()
        await _answer(pilot, "I can't get the consultants to agree to the new handover and I feel stuck.")
        await _settle(app, pilot)
        assert len(app.screen.query(".coach")) == 2
        assert app.sub_title == "ready"


async def test_help_lists_every_binding_and_the_palette_has_the_main_actions():
    from textual.binding import Binding

    from alcoach.tui.screens.help import HelpScreen, _key_name, bindings_of
    from alcoach.tui.screens.practice import PracticeScreen

    app = make_app(coach_loader=quick_loader)
    async with app.run_test(size=(100, 60)) as pilot:
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        shown = " ".join(str(cell) for _, rows in app.screen.sections for row in rows for cell in row)
        for screen in (HomeScreen, SessionScreen, PracticeScreen, SupportScreen):
            listed = dict(bindings_of(screen))
            for binding in screen.BINDINGS:
                key = binding.key if isinstance(binding, Binding) else binding[0]
                assert any(_key_name(key) in keys.split(" / ") for keys in listed), (screen.__name__, key)
            assert all(keys in shown and what in shown for keys, what in listed.items())
        assert "Ctrl+T" in shown and "F2" in shown  # a key and its alias for terminals that swallow F-keys
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)
        titles = [command.title for command in app.get_system_commands(app.screen)]
        for action in (
            "Prepare for a set meeting",
            "Reflect after taking action",
            "Practise questioning",
            "Keys",
        ):
            assert action in titles


@pytest.mark.slow
async def test_at_the_close_the_member_corrects_commitments_and_exports(coach, alcoach_home):
    """What was kept as a commitment is shown at the close: the member drops one, edits the
    other, and the next reflection opens on the one they kept; the export is written from the
    app, owner-readable, with the sections they ticked."""
    from alcoach.tui.screens.commitments import CommitmentsScreen
    from alcoach.tui.screens.export import ExportScreen
    from alcoach.tui.screens.patterns import PatternsScreen

    answers = [
        "The night team skip the fluid charts and I keep chasing them.",
        "I'll ring the night sister on Tuesday to ask what gets in the way.",
        "Frustrated, mostly.",
        "I should be able to sort this out on my own.",
        "I'm going to put a reminder on the board, I suppose.",
    ]
    app = _prepare_app(coach_loader=lambda bank: coach)
    async with app.run_test(size=(110, 40)) as pilot:
        await app.workers.wait_for_complete()
        for turn in range(16):
            if isinstance(app.screen, CommitmentsScreen):
                break
            await _answer(pilot, answers[turn] if turn < len(answers) else "Not sure, to be honest.")
            await _settle(app, pilot)
        assert isinstance(app.screen, CommitmentsScreen)
        shown = [widget.value for widget in app.screen.query(Input)]
        assert "I'll ring the night sister on Tuesday to ask what gets in the way." in shown
        rows = {c.text: c.id for c in app.screen.commitments}
        ring = rows["I'll ring the night sister on Tuesday to ask what gets in the way."]
        board = next((i for text, i in rows.items() if "reminder" in text), None)
        ring_box = app.screen.query_one(f"#text-{ring}", Input)
        ring_box.value = "Ring the night sister on Tuesday and ask what gets in the way"
        if board is not None:
            app.screen.query_one(f"#keep-{board}", Checkbox).value = False
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen) and app.screen.finished
        summary = "\n".join(_turn_texts(app.screen))
        assert "Ring the night sister on Tuesday and ask what gets in the way" in summary
        committed = summary.split("What you committed to:")[-1].split("\n\n")[0]
        assert "reminder on the board" not in committed
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("ctrl+d")  # "that's not what I meant", on the 'should'
        await pilot.pause()
        assert isinstance(app.screen, PatternsScreen)
        should = [n for n, (label, _) in enumerate(app.screen.readings) if label == "should_must"]
        assert should, app.screen.readings
        app.screen.query_one(f"#reading-{should[0]}", Checkbox).value = True
        await pilot.press("ctrl+s")
        await pilot.pause()
        noticed = "\n".join(_turn_texts(app.screen)).split("What alcoach noticed")[-1]
        assert "sort this out on my own" not in noticed
    written = list((alcoach_home / "exports").glob("presenting-statement-session-*.md"))
    assert len(written) == 1 and stat.S_IMODE(written[0].stat().st_mode) == 0o600
    assert "Ring the night sister on Tuesday and ask what gets in the way" in written[0].read_text()
    store = Store.open(database_path())
    try:
        kept = store.commitments()
        assert [c.text for c in kept] == ["Ring the night sister on Tuesday and ask what gets in the way"]
        manager = SessionManager(store, coach.bank)
        later, opening = manager.start("reflect", seed=1, challenge_id=kept[0].challenge_id)
        assert "Ring the night sister on Tuesday" in opening.text
        assert ("should_must", "I should be able to sort this out on my own") in store.dismissed_patterns()
        manager.coach = coach  # the same words are not read as a 'should' again, for this member
        manager.record_answer(later.id, "I should be able to sort this out on my own.")
        manager.respond(later.id)
        labels = [found["label"] for found in store.turns(later.id)[-2].analysis["labels"]]
        assert "should_must" not in labels
    finally:
        store.close()
