"""Frames and the referent guard: every frame reads as one natural question with any fill,
and no question refers to someone or something the conversation does not hold.

The fills and conversations here were written for these tests, not taken from the material
the coach was tuned on.
"""

from __future__ import annotations

import re

import pytest

from alcoach.bank.templates import HEARD_SLOTS, OTHER_SAMPLES, SAMPLE_SLOTS, fill, heard_slot, placeholders
from alcoach.coach.referents import needs, refers_only_to_known

# Fills a frame must read well with: a name, a group, a role; short and long clauses;
# feelings as adjectives, nouns and past participles.
FILLS: list[dict[str, str]] = [
    SAMPLE_SLOTS,
    *({**SAMPLE_SLOTS, **other} for other in OTHER_SAMPLES),
    {
        **SAMPLE_SLOTS,
        "feeling": "anxious",
        "feeling2": "resentment",
        "striking": "a black hole",
        "assumption": "the trustees won't fund it",
        "duty": "need to keep the trustees happy",
        "duty_act": "'ve got to reply to every parent the same evening",
        "insight": "nobody had ever explained the care plan to her",
        "commitment": "ask Ann for half an hour on Thursday",
        "done": "you sat down with the day shift",
        "not_done": "raise it with the head of estates",
        "person": "our CFO",
        "ask": "challenge on whether you are avoiding the real issue",
    },
]


def _frames(bank) -> list:
    return [q for q in bank.questions if heard_slot(q.text) is not None]


def test_the_bank_has_frames_for_every_kind_of_thing_heard(builtin_bank):
    kinds = {heard_slot(q.text) for q in _frames(builtin_bank)}
    assert kinds >= set(HEARD_SLOTS) - {"feeling2", "duty"}
    assert len(_frames(builtin_bank)) >= 50


@pytest.mark.parametrize("fills", FILLS, ids=[f"fill{i}" for i in range(len(FILLS))])
def test_every_frame_reads_as_one_question_with_any_fill(builtin_bank, fills):
    for question in _frames(builtin_bank):
        text = fill(question.text, fills)
        assert text is not None, question.id
        assert text.endswith("?") and text.count("?") == 1, text
        assert "{" not in text and "}" not in text, text
        assert text[0].isupper(), text
        assert not re.search(r"\b(\w+) \1\b", text.lower()), f"a doubled word: {text}"
        assert not re.search(r"\byou (?:i|me|my)\b|\b(?:i|me|my)\b", text.lower()), f"first person: {text}"


def test_no_frame_uses_a_slot_the_loader_does_not_know(builtin_bank):
    known = set(SAMPLE_SLOTS)
    for question in builtin_bank.questions:
        assert set(placeholders(question.text)) <= known, question.id


# --- the referent guard ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "conversation", "allowed"),
    [
        ("What have they actually said to you about it?", "my manager sue keeps moving the deadline.", False),
        ("What have they actually said to you about it?", "the pharmacists never answer my emails.", True),
        ("What have they actually said to you about it?", "they ignore the new sheet.", True),
        ("How might your sponsor use what you have learned?", "i ran the pilot with the porters.", False),
        ("How might your sponsor use what you have learned?", "my sponsor is the deputy chief nurse.", True),
        ("What did you do that made that success possible?", "it all fell apart on the day.", False),
        ("What did you do that made that success possible?", "the launch went well in the end.", True),
        ("What would she say if she heard this?", "he never replies before friday.", False),
        ("What would she say if she heard this?", "she cancelled our one-to-one again.", True),
        ("What might get in the way of that step?", "i don't know what to do.", False),
        ("What might get in the way of that step?", "i'll phone the supplier on monday.", True),
        ("What would you ask the set to help you see?", "nothing in particular.", True),
        ("Who else has a view on this?", "nothing in particular.", True),
    ],
)
def test_the_guard_admits_only_what_the_conversation_holds(question, conversation, allowed):
    assert refers_only_to_known(question, conversation) is allowed


def test_they_that_points_inside_the_question_needs_nothing():
    inner = "If you knew the set would challenge you kindly, what would you ask them to probe?"
    assert not needs(inner).group
    assert needs("How might they describe your contribution to the problem?").group


def test_no_question_the_coach_asks_refers_to_anyone_not_mentioned(coach, builtin_bank):
    """Whole sessions with no group, no sponsor and no success in them: the coach never says
    "they", "your sponsor" or "that success"."""
    from alcoach.coach.state import SessionState

    answers = [
        "My line manager, Sue, keeps moving the deadline for the audit.",
        "She changed it again on Friday without telling me.",
        "I feel stupid for not seeing it coming.",
        "I have to get it right first time.",
        "I'm going to ask Sue for the deadline in writing.",
    ]
    for mode in ("prepare", "reflect"):
        state = SessionState(builtin_bank.flows[mode], seed=3)
        state.record_question("opening-question", "opening", 1)
        for answer in answers:
            analysis = coach.analyse(answer)
            state.record_answer(answer, analysis.heard)
            selection = coach.next_question(state, analysis)
            if selection is None:
                break
            text = selection.text.lower()
            assert not re.search(r"\b(they|them|their)\b", text), text
            assert "sponsor" not in text and "success" not in text
            assert re.search(r"\bhe\b|\bhim\b", text) is None, text
            state.record_question(
                selection.question.id, selection.question.stage, selection.question.level, text=selection.text
            )
