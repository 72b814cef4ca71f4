"""The question-selection policy, on answers it was never tuned on, and the member's keys:
useful, another question, why this question; and requests for the answer handed back."""

from __future__ import annotations

import pytest

from alcoach.coach.handback import HAND_BACK
from alcoach.coach.manager import SessionManager
from alcoach.coach.selector import wanted_level
from alcoach.coach.state import SessionState
from tests.conftest import data_items

# Four sets of first answers written fresh by other authors, never tuned on (each measured
# once when it arrived; since then only re-measured). With the models and bank of this commit:
#   policy_heldout.yaml (140 answers that open a challenge; used for both flows):
#     prepare 0.84, reflect 0.84
#   policy_heldout_2.yaml (80 opening answers, 80 answers after taking action):
#     prepare 0.82, reflect 0.78
#   policy_heldout_3.yaml (30 opening answers, 90 after taking action):
#     prepare 0.67, reflect 0.81
#   policy_heldout_4.yaml (40 opening answers, 120 after taking action; measured once on
#   arrival: prepare 0.88, reflect 0.89; reflect 0.88 since the question checker was
#   retrained for four new opening questions, which changed one guard verdict)
# All four together: prepare 0.82 (290 answers), reflect 0.83 (430); the target is 0.80.
# Since the coach listens (issue 14: frames built on what the member said), a first answer
# that only tells what happened ("I asked my manager about compressed hours and she's
# considering it…") is met with a question on what they did, where no pattern was read in it:
#   set 1 prepare 0.84, reflect 0.84; set 2 prepare 0.81, reflect 0.65; set 3 prepare 0.73,
#   reflect 0.78; set 4 prepare 0.78, reflect 0.88; all four: prepare 0.81, reflect 0.80.
# Set 2's reflect answers are mostly such accounts, and its threshold was lowered with it.
# Per-set thresholds sit a little under the measured figures, so a regression fails.
MIN_FIRST_FIT = {
    ("policy_heldout.yaml", "prepare"): 0.8,
    ("policy_heldout.yaml", "reflect"): 0.8,
    ("policy_heldout_2.yaml", "prepare"): 0.78,
    ("policy_heldout_2.yaml", "reflect"): 0.62,
    ("policy_heldout_3.yaml", "prepare"): 0.6,
    ("policy_heldout_3.yaml", "reflect"): 0.76,
    ("policy_heldout_4.yaml", "prepare"): 0.75,
    ("policy_heldout_4.yaml", "reflect"): 0.85,
}
TARGET_FIRST_FIT = 0.8


def _first_fit(coach, bank, data: str, mode: str) -> tuple[int, int]:
    """(hits, total): first questions after a first answer that target a label it shows."""
    hits = total = 0
    for item in data_items(data):
        if item.get("mode", mode) != mode:
            continue
        state = SessionState(bank.flows[mode], seed=1)
        state.record_question("opening-question", "opening", 1)
        selection = coach.next_question(state, coach.analyse(item["text"]))
        assert selection is not None and selection.question.stage != "opening"
        total += 1
        hits += bool(set(selection.question.targets) & set(item["labels"]))
    return hits, total


@pytest.fixture(scope="module")
def first_fit(coach, builtin_bank) -> dict[tuple[str, str], tuple[int, int]]:
    return {key: _first_fit(coach, builtin_bank, *key) for key in MIN_FIRST_FIT}


@pytest.mark.parametrize(("data", "mode"), list(MIN_FIRST_FIT))
def test_first_question_targets_a_label_the_answer_shows(first_fit, data, mode):
    hits, total = first_fit[(data, mode)]
    assert total >= 30
    assert hits / total >= MIN_FIRST_FIT[(data, mode)], f"{hits}/{total}"


@pytest.mark.parametrize("mode", ["prepare", "reflect"])
def test_the_target_holds_over_every_untuned_answer(first_fit, mode):
    hits = sum(h for (_, m), (h, _) in first_fit.items() if m == mode)
    total = sum(t for (_, m), (_, t) in first_fit.items() if m == mode)
    assert total >= 250
    assert hits / total >= TARGET_FIRST_FIT, f"{hits}/{total}"


def test_a_leaning_counts_for_fit_but_less_than_a_label_found(coach):
    from dataclasses import replace

    from alcoach.coach.selector import score_question
    from alcoach.nlp.result import LabelFinding

    index = coach.index
    target = next(i for i, q in enumerate(index.questions) if q.targets == ("mind_reading",))
    plain = coach.analyse("We moved the team meeting to Thursdays.")
    leaning = replace(plain, leanings={"mind_reading": 0.4})
    found = replace(plain, labels=(LabelFinding("mind_reading", 0.6, "moved", 3, 8),))
    scores = [score_question(index, target, a, 2.0, 0) for a in (plain, leaning, found)]
    assert scores[0] < scores[1] < scores[2]


@pytest.fixture
def manager(store, coach, builtin_bank):
    return SessionManager(store, builtin_bank, coach)


def _started(manager, mode="prepare"):
    challenge = manager.store.create_challenge("The rota")
    session, first = manager.start(mode, seed=4, challenge_id=challenge.id)
    return session, first


@pytest.mark.parametrize("request_text", ["What should I do?", "Just tell me what the right answer is here."])
def test_a_request_for_the_answer_is_handed_back(manager, request_text):
    session, _ = _started(manager)
    manager.record_answer(session.id, request_text)
    reply = manager.respond(session.id)
    assert reply.note == HAND_BACK
    assert reply.turn is not None and reply.turn.text.endswith("?")
    assert manager.coach.checker.check(reply.turn.text).is_open  # a question, never advice


def test_a_request_for_the_answer_at_the_close_is_handed_back_and_never_a_commitment(manager):
    session, _ = _started(manager)
    while manager.state(session.id).next_stage() is not None:  # up to the last question
        manager.record_answer(session.id, "The weekend rota keeps falling apart and I am tired of it.")
        assert manager.respond(session.id).turn is not None
    manager.record_answer(session.id, "What should I do?")
    reply = manager.respond(session.id)
    assert reply.note == HAND_BACK and reply.turn is not None  # the promised question is asked
    assert manager.coach.checker.check(reply.turn.text).is_open
    question = "Why do I keep reaching for systems when people want a voice?"
    manager.record_answer(session.id, question)
    assert manager.respond(session.id).turn is None  # and then the session closes
    kept = [c.text for c in manager.store.commitments(session_id=session.id)]
    assert "What should I do?" not in kept and question not in kept


def test_a_wish_for_answers_is_a_pattern_to_explore_not_a_request_to_decline(manager):
    session, _ = _started(manager)
    manager.record_answer(session.id, "I want the set to ask me what I'm avoiding.")
    assert manager.respond(session.id).note != HAND_BACK


def test_another_question_replaces_it_and_it_is_avoided_later(manager):
    session, _ = _started(manager)
    manager.record_answer(session.id, "My manager has already decided I'm not good enough.")
    asked = manager.respond(session.id).turn
    replacement = manager.another_question(session.id)
    assert replacement is not None and replacement.turn.question_id != asked.question_id
    state = manager.state(session.id)
    assert asked.question_id in state.replaced
    # The replaced question did not use up the stage's turn.
    assert state.asked_stages.count(replacement.turn.stage) == 1
    assert manager.another_question(session.id) is not None  # still possible before answering


def test_useful_is_stored_and_draws_similar_questions(manager, coach):
    session, _ = _started(manager)
    manager.record_answer(session.id, "My manager has already decided I'm not good enough.")
    marked = manager.respond(session.id).turn
    assert manager.mark_useful(session.id) == marked
    state = manager.state(session.id)
    assert state.useful == {marked.question_id}
    from alcoach.coach.selector import history_score

    index = coach.index
    close = max(
        (i for i, q in enumerate(index.questions) if q.id != marked.question_id),
        key=lambda i: index.closeness(i, {marked.question_id}),
    )
    far = min(range(len(index.questions)), key=lambda i: index.closeness(i, {marked.question_id}))
    state.asked = []  # compare the feedback term alone
    assert history_score(index, close, state) > history_score(index, far, state)


def test_why_names_the_pattern_quotes_the_member_and_gives_a_purpose(manager):
    session, _ = _started(manager)
    answer = "Everyone on the team thinks I'm out of my depth."
    manager.record_answer(session.id, answer)
    manager.respond(session.id)
    why = manager.why(session.id)
    assert "\u201c" in why
    assert why.split("\u201c")[1].split("\u201d")[0] in answer
    assert any(word in why.lower() for word in ("aim", "invites", "so this question"))


def test_more_challenge_as_the_member_engages_less_with_strong_feeling(coach, builtin_bank):
    state = SessionState(builtin_bank.flows["prepare"], seed=1)
    state.record_question("q", "opening", 1)
    plain = wanted_level(state, coach.analyse("We have a rota problem on the ward at weekends."))
    engaged = wanted_level(
        state, coach.analyse("I've realised I don't actually know what the night team need from me.")
    )
    upset = wanted_level(state, coach.analyse("I'm so upset and angry about it, I was in tears last night."))
    assert engaged > plain > upset


def test_a_followed_question_is_headed_by_its_own_stage(manager):
    session, _ = _started(manager)
    flow = manager.flow("prepare")
    titles = {stage.id: stage.title for stage in flow.stages}
    feelings = next(q for q in manager.bank.questions if q.stage == "feelings" and "prepare" in q.modes)
    store = manager.store
    turn = store.add_turn(session.id, "coach", feelings.text, question_id=feelings.id, stage="situation")
    assert manager.stage_title(session.id, turn) == titles["feelings"]
    plain = manager.store.add_turn(session.id, "coach", "A note.", stage="situation")
    assert manager.stage_title(session.id, plain) == titles["situation"]


def test_a_request_handed_back_is_not_what_the_member_wants_from_the_set(manager):
    session, _ = _started(manager)
    while manager.state(session.id).asked_stages[-1] != "ask_of_set":  # the question now asked
        manager.record_answer(session.id, "The weekend rota keeps falling apart and I am tired of it.")
        manager.respond(session.id)
    manager.record_answer(session.id, "What should I do?")
    assert manager.respond(session.id).note == HAND_BACK
    assert manager.summary(session.id).want_from_set is None
