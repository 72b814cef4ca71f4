"""Choosing questions: fit to the answer, never repeated, support first then challenge."""

from __future__ import annotations

import pytest

from alcoach.coach.manager import SessionManager
from alcoach.coach.state import SessionState
from alcoach.nlp.labels import THINKING_PATTERNS
from tests.conftest import data_items, run_jsonl

# Measured: of held-out answers showing a thinking pattern, the share that got, in the
# assumptions stage, a question aimed at one of their patterns (11 patterns to choose from):
# 0.63 with the cue matchers alone, 0.82 with the trained classifier.
MIN_ASSUMPTIONS_FIT = 0.75

# One answer per question of the prepare flow, in stage order.
ANSWERS = [
    "I lead a small district nursing team and the new rota has everyone at each other's throats.",
    "Honestly I don't know where to start. The matron thinks I'm not up to it.",
    "Two of the team have asked to move to days, and the bank staff budget is frozen.",
    "It matters because the patients feel it first when we are short.",
    "I feel anxious every Sunday night and a bit ashamed that I can't fix it.",
    "I should be able to sort this on my own; a good lead always would.",
    "If I raise it at the meeting they'll say I'm making excuses, I just know it.",
    "Maybe the other leads see it differently, I've never actually asked them.",
    "I'd like the set to ask me what I'm avoiding.",
    "I will talk to two of the team on Tuesday and listen before I decide anything.",
]


@pytest.fixture
def manager(store, coach, builtin_bank):
    return SessionManager(store, builtin_bank, coach)


def _run_session(manager: SessionManager, seed: int) -> tuple[int, list]:
    session, _ = manager.start("prepare", seed=seed)
    for answer in ANSWERS:
        manager.record_answer(session.id, answer)
        if manager.respond(session.id).finished:
            break
    return session.id, manager.store.turns(session.id)


def test_a_whole_session_follows_the_flow_and_never_repeats(manager, builtin_bank):
    session_id, turns = _run_session(manager, seed=3)
    asked = [t for t in turns if t.speaker == "coach"]
    flow = builtin_bank.flows["prepare"]
    assert len(asked) == flow.total_turns
    ids = [t.question_id for t in asked]
    assert len(set(ids)) == len(ids)
    expected_stages = [stage.id for stage in flow.stages for _ in range(stage.turns)]
    assert [t.stage for t in asked] == expected_stages
    assert manager.store.session(session_id).status == "finished"
    levels = [t.level for t in asked]
    third = len(levels) // 3
    assert sum(levels[-third:]) / third > sum(levels[:third]) / third
    assert levels[0] == 1


def test_every_answer_is_stored_with_its_analysis(manager):
    _, turns = _run_session(manager, seed=5)
    answers = [t for t in turns if t.speaker == "member"]
    assert [t.text for t in answers] == ANSWERS
    assert all(t.analysis is not None and t.analysis["text"] == t.text for t in answers)


def test_same_seed_and_history_same_questions(manager, coach, builtin_bank, tmp_path):
    from alcoach.store import Store

    _, first = _run_session(manager, seed=11)
    other = Store.open(tmp_path / "other.db")  # the same (empty) history, another file
    try:
        _, second = _run_session(SessionManager(other, builtin_bank, coach), seed=11)
    finally:
        other.close()
    assert [t.question_id for t in first] == [t.question_id for t in second]


def test_questions_from_the_last_sessions_are_rarely_asked_again(manager):
    _, first = _run_session(manager, seed=11)
    _, second = _run_session(manager, seed=11)
    before = {t.question_id for t in first if t.question_id}
    again = [t.question_id for t in second if t.question_id in before]
    assert len(again) <= 2, again  # the same seed alone would repeat all ten


def test_summary_uses_the_members_own_words(manager):
    session_id, _ = _run_session(manager, seed=2)
    summary = manager.summary(session_id)
    assert 1 <= len(summary.key_sentences) <= 6
    assert summary.key_sentences[0] in ANSWERS[0]  # the challenge as first stated
    for sentence in summary.key_sentences:
        assert any(sentence in answer for answer in ANSWERS)
    assert summary.next_step == ANSWERS[-1]
    assert summary.want_from_set == ANSWERS[-2]
    # Patterns of thinking, each with the member's words; feelings and commitments are not among them.
    assert summary.patterns
    assert set(summary.patterns) <= set(THINKING_PATTERNS)
    for label in summary.patterns:
        assert all(any(quote in answer for answer in ANSWERS) for quote in summary.pattern_quotes[label])


def test_questions_fit_patterns_in_unseen_answers(coach, builtin_bank):
    items = data_items("analyse_heldout.yaml")
    flow = builtin_bank.flows["prepare"]
    before = ["opening", "situation", "situation", "what_matters", "feelings"]
    hits = total = 0
    for item in items:
        patterns = set(item["labels"]) & set(THINKING_PATTERNS)
        if not patterns:
            continue
        state = SessionState(flow, seed=1)
        for n, stage in enumerate(before):
            state.record_question(f"earlier-{n}", stage, 1)
            state.record_answer("…")
        selection = coach.next_question(state, coach.analyse(item["text"]))
        assert selection is not None and selection.question.stage == "assumptions"
        total += 1
        hits += bool(set(selection.question.targets) & patterns)
    assert total >= 50
    assert hits / total >= MIN_ASSUMPTIONS_FIT, f"{hits}/{total}"


def test_why_quotes_the_member_and_never_answers(coach, builtin_bank):
    state = SessionState(builtin_bank.flows["prepare"], seed=1)
    state.record_question("earlier", "opening", 1)
    text = "My manager thinks I'm useless at budgets."
    selection = coach.next_question(state, coach.analyse(text))
    assert "\u201c" in selection.why
    quoted = selection.why.split("\u201c")[1].split("\u201d")[0]
    assert quoted in text


def test_safety_concern_gets_a_gentle_question_at_every_stage(coach, builtin_bank):
    flow = builtin_bank.flows["prepare"]
    analysis = coach.analyse("I can't go on, I keep thinking about ending my life.")
    assert analysis.safety == "concern"
    stages = [stage.id for stage in flow.stages for _ in range(stage.turns)]
    for asked in range(1, len(stages)):
        state = SessionState(flow, seed=1)
        for n, stage in enumerate(stages[:asked]):
            state.record_question(f"q-{n}", stage, 2)
        selection = coach.next_question(state, analysis)
        assert selection is not None, stages[asked]
        assert selection.question.level == 1
        assert not set(selection.question.targets) & set(THINKING_PATTERNS)
        assert not selection.question.is_template


def test_ask_command_contract():
    lines = "My boss has written me off and there's nothing I can do.\n\n😀 [bold]hi[/bold]\n"
    results = run_jsonl("ask", lines)
    assert len(results) == 3
    for result in results:
        assert set(result) == {"text", "question", "why", "safety"}
        assert set(result["question"]) == {"id", "text", "stage", "targets", "level"}
        assert result["question"]["stage"] == "situation"
        assert result["safety"] == "ok"
    assert set(results[0]["question"]["targets"]) & {"mind_reading", "cant_helpless"}
