"""The practice room in the app, driven as a new facilitator would (real models, via the
session-wide coach): choose a scenario, ask a closed, a leading, an advice and two open
questions, read the feedback, finish, and see the scorecard in the trend next time."""

from __future__ import annotations

import io
import threading

from rich.console import Console
from textual.widgets import Input, OptionList, Static

from alcoach.bank.scenarios import load_scenarios
from alcoach.paths import database_path
from alcoach.store import Store
from alcoach.tui.app import make_app
from alcoach.tui.screens.practice import NO_PRACTICE_YET, PracticeScreen, ScenarioScreen
from alcoach.tui.widgets.turn import TurnView

SCENARIOS, _ = load_scenarios()
QUESTIONS = {
    "closed": "Is the handover longer than it was a year ago?",
    "leading": "Don't you think the night staff just need to be firmer?",
    "advice": "Why don't you cut the handover to twenty minutes?",
    "open": "What worries you most about shortening it?",
}
SECOND_OPEN = "What are you assuming the team would say if you changed it?"


def _text(widget: Static) -> str:
    """What the widget shows, as plain text (tables and groups included)."""
    console = Console(width=1_000, file=io.StringIO(), record=True)  # no wrapping
    console.print(widget.content)
    return console.export_text().rstrip()


async def _ask(pilot, question: str) -> None:
    field = pilot.app.screen.query_one(Input)
    field.value = question
    await pilot.press("enter")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def _practice_history() -> list[dict]:
    store = Store.open(database_path())
    try:
        return store.practice_history()
    finally:
        store.close()


async def test_a_facilitator_practises_and_sees_the_trend_next_time(coach):
    grace = SCENARIOS[0]
    app = make_app(coach_loader=lambda bank: coach)
    async with app.run_test(size=(100, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("f")
        assert isinstance(app.screen, ScenarioScreen)
        chooser = app.screen.query_one(OptionList)
        assert chooser.option_count == len(SCENARIOS)
        assert NO_PRACTICE_YET in _text(app.screen.query_one("#practice-trend", Static))
        await pilot.press("enter")
        assert isinstance(app.screen, PracticeScreen) and app.screen.scenario.id == grace.id
        for question in [*QUESTIONS.values(), SECOND_OPEN]:
            await _ask(pilot, question)

        feedback = [_text(widget) for widget in app.screen.query(".feedback")]
        assert [text.split(" question")[0] for text in feedback] == [
            "closed",
            "leading",
            "advice",
            "open",
            "open",
        ]
        assert all("An open question instead:" in text for text in feedback[:3])
        replies = [
            _text(widget) for widget in app.screen.query(TurnView) if _text(widget).startswith("Grace\n")
        ]
        said = [reply.split("\n", 1)[1] for reply in replies]
        # Each poor kind gets its own deflection (a yes/no, polite agreement, "yes, but");
        # the open questions reach the deeper layers.
        for kind, reply in zip(["closed", "leading", "advice"], said[:3], strict=True):
            assert reply in grace.deflections[kind], (kind, reply)
        deep = {reply for layer in grace.layers if layer.depth > 1 for reply in layer.replies}
        assert all(reply in deep for reply in said[3:])

        await pilot.press("f10")
        card = _practice_history()[-1]["scorecard"]
        assert card["questions"] == 5 and card["advice"] == 1 and card["open_share"] == 0.4
        assert {kind: n for kind, n in card["kinds"].items() if n} == {
            "closed": 1,
            "leading": 1,
            "advice": 1,
            "open": 2,
        }
        assert app.screen.query_one(Input).disabled
        assert "Scorecard" in _text(app.screen.query_one(".summary"))

    app = make_app(practice="", coach_loader=lambda bank: coach)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ScenarioScreen)
        trend = _text(app.screen.query_one("#practice-trend", Static))
        assert "open 40%" in trend and "advice 1" in trend


async def test_feedback_can_be_hidden_and_markup_is_shown_literally(coach):
    app = make_app(practice=SCENARIOS[1].id, coach_loader=lambda bank: coach)
    async with app.run_test(size=(100, 40)) as pilot:
        await app.workers.wait_for_complete()
        assert isinstance(app.screen, PracticeScreen)
        await pilot.press("f2")
        await _ask(pilot, "What [bold]matters[/bold] most to you here?")
        assert all(not widget.display for widget in app.screen.query(".feedback"))
        assert any("[bold]matters[/bold]" in _text(widget) for widget in app.screen.query(TurnView))
        await pilot.press("ctrl+f")
        assert all(widget.display for widget in app.screen.query(".feedback"))


async def test_questions_asked_while_models_load_are_answered_in_order(coach):
    release = threading.Event()

    def slow_loader(bank):
        release.wait(30)
        return coach

    app = make_app(practice=SCENARIOS[2].id, coach_loader=slow_loader)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        for question in ("Is this the first merger you've led?", "How do you feel about it?"):
            app.screen.query_one(Input).value = question
            await pilot.press("enter")
        assert app.screen.query(".waiting")
        await pilot.press("f10")  # finish asked for before anything was answered
        release.set()
        await app.workers.wait_for_complete()
        for _ in range(5):
            await app.workers.wait_for_complete()
            await pilot.pause()
        assert not app.screen.query(".waiting")
        kinds = [_text(widget).split(" question")[0] for widget in app.screen.query(".feedback")]
        assert kinds == ["closed", "open"]
        assert app.screen.query(".summary")
        assert _practice_history()[-1]["scorecard"]["questions"] == 2
