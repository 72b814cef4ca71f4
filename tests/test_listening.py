"""The coach listens: what it hears in an answer, and first questions built on it.

Measured on tests/data/heard_heldout.yaml: 100 answers written and annotated by a separate
author who saw no code (what a facilitator would hold in mind: people, feelings, the stated
assumption or limit, the insight, the commitment, the ask). Nothing was tuned on it: only
its totals were read, after each round of tuning on a separate development set (first,
before any tuning: people 0.57/0.73, feelings 0.44/0.88, assumption 0.66/0.58, insight
0.33/0.83, commitment 0.73/1.00, ask 0.71/1.00). Thresholds sit a little under the figures
measured at this commit:

  field        recall  precision
  people        0.62    0.79      (pronouns are held apart, so "she" counts as missed)
  feelings      0.50    0.85
  assumption    0.62    0.56      (a belief or limit stated; the annotator marked one per answer)
  insight       0.33    0.83      (an insight said without "I realised", "it turns out"… is missed)
  commitment    0.73    1.00
  ask           1.00    1.00
  asks for the answer 0.83 1.00

First questions on the same 100 answers: 0.66 take up a content word of the answer (the
issue's target is 0.70; it was 0.68 before the templates that garbled a noun phrase — "What
do you still not know about rates?" — were dropped after the second blind round), 0.92 differ.
"""

from __future__ import annotations

import pytest

from alcoach.coach.state import SessionState
from alcoach.nlp.heard_eval import evaluate
from tests.conftest import data_items

MIN_RECALL = {
    "people": 0.55,
    "feelings": 0.45,
    "assumption": 0.6,
    "insight": 0.3,
    "commitment": 0.65,
    "ask": 0.6,
    "asks_for_answers": 0.75,
}
MIN_PRECISION = {
    "people": 0.72,
    "feelings": 0.8,
    "assumption": 0.5,
    "insight": 0.8,
    "commitment": 0.9,
    "ask": 0.9,
    "asks_for_answers": 0.9,
}
# Words any question may use whatever was said: taking one up is not listening.
GENERIC = frozenset(
    "situation challenge thing way time work people set meeting feel feeling make get go happen"
    " know think want say see look come take need change part matter sort kind next step".split()
)


@pytest.fixture(scope="module")
def heldout() -> list[dict]:
    return data_items("heard_heldout.yaml")


@pytest.fixture(scope="module")
def tallies(analyser, heldout):
    return evaluate(heldout, lambda text: analyser.analyse(text).heard)


@pytest.mark.parametrize("field", list(MIN_RECALL))
def test_what_is_heard_matches_what_a_facilitator_noted(tallies, field):
    tally = tallies[field]
    assert tally.annotated >= 6
    assert tally.recall >= MIN_RECALL[field], f"recall {tally.found}/{tally.annotated}"
    assert tally.precision >= MIN_PRECISION[field], f"precision {tally.right}/{tally.heard}"


@pytest.fixture(scope="module")
def first_questions(coach, builtin_bank, heldout):
    """The coach's first question after each answer, in the answer's own mode."""
    asked = []
    for item in heldout:
        state = SessionState(builtin_bank.flows[item["mode"]], seed=2)
        state.record_question("opening-question", "opening", 1)
        analysis = coach.analyse(item["text"])
        selection = coach.next_question(state, analysis)
        assert selection is not None
        asked.append((item, analysis, selection))
    return asked


def _content(nlp, text: str) -> set[str]:
    return {
        token.lemma_.lower()
        for token in nlp(text)
        if token.pos_ in ("NOUN", "PROPN", "VERB", "ADJ")
        and not token.is_stop
        and len(token.text) > 2
        and token.lemma_.lower() not in GENERIC
    }


def test_most_first_questions_take_up_the_members_own_words(models, first_questions):
    taken = sum(
        bool(_content(models.nlp, selection.text) & _content(models.nlp, item["text"]))
        for item, _, selection in first_questions
    )
    assert taken / len(first_questions) >= 0.65, f"{taken}/{len(first_questions)}"


def test_different_answers_get_different_first_questions(first_questions):
    texts = {selection.text for _, _, selection in first_questions}
    assert len(texts) / len(first_questions) >= 0.9, f"{len(texts)}/{len(first_questions)}"


def test_no_feelings_question_after_an_answer_that_names_a_feeling(first_questions):
    for item, analysis, selection in first_questions:
        if analysis.heard.feelings:
            question = selection.question
            asks_for_one = not question.is_template and (
                question.stage == "feelings" or set(question.targets) == {"feeling"}
            )
            assert not asks_for_one, f"{item['text']!r} -> {selection.text!r}"


def test_every_first_question_passes_the_guard(coach, first_questions):
    for _, _, selection in first_questions:
        assert coach.may_ask(selection.question, selection.text), selection.text


def test_why_quotes_the_words_the_question_takes_up(first_questions):
    """A frame's "why" quotes the member's words it was built on, which the question says back."""
    from alcoach.bank.templates import heard_slot

    checked = 0
    for item, analysis, selection in first_questions:
        kind = heard_slot(selection.question.text)
        if kind is None or kind not in analysis.slot_sources:
            continue
        source = analysis.slot_sources[kind]
        assert f"\u201c{source}\u201d" in selection.why and source in item["text"]
        assert analysis.slots[kind] in selection.text
        checked += 1
    assert checked >= 40


@pytest.mark.parametrize(
    ("answer", "field", "expected"),
    [
        ("I don't know which risk is worse.", "unknown", "which risk is worse"),
        ("no idea if the board will back me tbh", "unknown", "whether the board will back you"),
        ("I don't know what to do.", "unknown", None),
        ("I'm not sure that was ever true.", "assumption", None),  # what "that" is lives elsewhere
        ("I keep hoping it'll blow over but it clearly won't.", "assumption", None),  # verb left out
        ("I have to decide whether to stay or go.", "duty", None),  # a choice, not a rule
        ("I didn't know what to say to her.", "not_done", None),  # a state, not a task left undone
    ],
)
def test_what_is_heard_reads_whole_or_not_at_all(analyser, answer, field, expected):
    heard = getattr(analyser.analyse(answer).heard, field)
    assert (heard.said if heard else None) == expected
