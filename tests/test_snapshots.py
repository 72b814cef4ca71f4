"""Snapshots of every screen at 80×24 (pytest-textual-snapshot). The clock is fixed and
sessions are seeded, so a snapshot changes only when the screen does. After a deliberate
change of the look: `pytest tests/test_snapshots.py --snapshot-update`, then look at them."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest

from alcoach.paths import database_path, ensure_home
from alcoach.store import Store
from alcoach.tui.app import make_app
from tests.test_app import quick_loader

FIXED_NOW = "2026-01-05T09:30:00+00:00"


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch):
    monkeypatch.setattr("alcoach.store.repository.now", lambda: FIXED_NOW)


def _with_challenge() -> int:
    ensure_home()
    store = Store.open(database_path())
    try:
        challenge = store.create_challenge("Night handover on the ward overruns", sponsor="Deputy director")
        store.add_commitment(
            store.create_session("prepare", 1, challenge.id).id, "I will talk to the day sister."
        )
        return challenge.id
    finally:
        store.close()


def _app(**options):
    return make_app(coach_loader=quick_loader, session_seed=3, **options)


async def _settled(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def test_home(snap_compare):
    _with_challenge()
    assert snap_compare(_app(), run_before=_settled)


def test_challenge_chooser(snap_compare):
    _with_challenge()
    assert snap_compare(_app(), press=["a"], run_before=_settled)


def test_new_challenge_form(snap_compare):
    assert snap_compare(_app(), press=["p", "_", "enter"], run_before=_settled)


def _answering(text: str, *then: str):
    """run_before: send `text` as the first answer, let the coach reply, press `then`."""

    async def answer(pilot) -> None:
        await _settled(pilot)
        pilot.app.screen.query_one("#answer").insert(text)
        await pilot.press("enter")
        await _settled(pilot)
        for key in then:
            await pilot.press(key)
            await pilot.pause()

    return answer


def test_session_with_an_answer_and_why(snap_compare):
    app = _app(initial_mode="prepare", challenge_id=_with_challenge())
    assert snap_compare(app, run_before=_answering("My manager has [bold]written me off[/bold].", "f2"))


def test_support_screen(snap_compare):
    app = _app(initial_mode="prepare", challenge_id=_with_challenge())
    assert snap_compare(app, run_before=_answering("I can't go on, I want to end my life."))


def test_resume_and_history(snap_compare):
    _with_challenge()
    assert snap_compare(_app(), press=["r"], run_before=_settled)
    assert snap_compare(_app(), press=["h"], run_before=_settled)


def test_practice_chooser(snap_compare):
    assert snap_compare(_app(), press=["f"], run_before=_settled)


def test_help(snap_compare):
    assert snap_compare(_app(), press=["f1"], run_before=_settled)


def test_error_screen_for_a_damaged_database(snap_compare, monkeypatch):
    # The message names the file, so its folder must be the same on every run.
    home = Path(tempfile.gettempdir()) / "alcoach-snapshot-home"
    shutil.rmtree(home, ignore_errors=True)
    monkeypatch.setenv("ALCOACH_HOME", str(home))
    ensure_home()
    database_path().write_bytes(b"this is not a database " * 100)
    assert snap_compare(make_app(coach_loader=quick_loader), run_before=_settled)


def test_practice_session(snap_compare, coach):
    async def ask(pilot) -> None:
        await _settled(pilot)
        pilot.app.screen.query_one("#question").value = "Surely the night staff should be firmer?"
        await pilot.press("enter")
        await _settled(pilot)

    app = make_app(coach_loader=lambda bank: coach, practice="acute-ward-handover")
    assert snap_compare(app, run_before=ask)


def test_session_in_the_light_theme(snap_compare):
    challenge = _with_challenge()

    async def light(pilot) -> None:
        await _settled(pilot)
        pilot.app.theme = "textual-light"
        await pilot.pause()

    assert snap_compare(_app(initial_mode="reflect", challenge_id=challenge), run_before=light)
