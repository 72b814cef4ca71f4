"""The coach never shows a question the checker calls anything but open."""

from __future__ import annotations

from alcoach.bank.loader import load_bank
from alcoach.bank.templates import sample
from alcoach.coach.engine import Coach
from alcoach.coach.manager import SessionManager
from alcoach.coach.selector import BankIndex, select_next_question
from alcoach.coach.state import SessionState
from alcoach.paths import bank_dir
from tests.conftest import data_items

TEMPTING_ADVICE = """\
questions:
  - id: bad-01
    text: "Feeling '{feeling}', have you tried talking to {person} about what is going on?"
    stage: situation
    targets: [cant_helpless, mind_reading, feeling, not_knowing]
    level: 1
    modes: [prepare]
    method: action-learning
"""


def test_a_non_open_question_in_a_bank_is_never_asked(tmp_path, coach):
    extra = tmp_path / "facilitator.yaml"
    extra.write_text(TEMPTING_ADVICE, encoding="utf-8")
    bank = load_bank(folders=[bank_dir()], files=[extra])
    assert "bad-01" in bank.by_id()
    index = BankIndex(
        bank.questions,
        coach.analyser._embedder.encode([sample(q.text) for q in bank.questions]),
        coach.index.label_vectors,
    )
    guarded = Coach(bank, coach.analyser, index, coach.checker)
    text = "I can't get my manager to listen and I don't know what is going on; I feel awful."
    state = SessionState(bank.flows["prepare"], seed=1)
    state.record_question("open-01", "opening", 1)
    analysis = guarded.analyse(text)
    # Without the guard the advice question would win; with it, the next best is asked.
    assert select_next_question(index, state, analysis).question.id == "bad-01"
    assert guarded.next_question(state, analysis).question.id != "bad-01"


def test_whole_sessions_only_show_open_questions(store, coach, builtin_bank, checker):
    answers = [item["text"] for item in data_items("analyse_heldout.yaml")]
    manager = SessionManager(store, builtin_bank, coach)
    by_id = builtin_bank.by_id()
    shown = templated = 0
    for seed in range(6):
        session, _ = manager.start("prepare", seed=seed)
        for n in range(12):
            manager.record_answer(session.id, answers[(seed * 12 + n) % len(answers)])
            if manager.respond(session.id).finished:
                break
        for turn in manager.store.turns(session.id):
            if turn.speaker != "coach":
                continue
            assert "{" not in turn.text and "}" not in turn.text, turn.text  # slots always filled
            question = by_id[turn.question_id]
            judged = sample(question.text) if question.is_template else turn.text
            templated += question.is_template
            assert checker.check(judged).is_open, turn.text
            shown += 1
    assert shown >= 50
    assert templated >= 3  # the member's own words were used somewhere


def test_the_questions_asked_around_a_concern_are_open(checker):
    from alcoach.bank.support import load_support

    support, problem = load_support()
    assert problem is None
    questions = [*support.questions, support.something_else]
    assert {q.level for q in support.questions} == {"immediate", "possible"}
    for question in questions:
        assert checker.check(question.text).is_open, question.text
