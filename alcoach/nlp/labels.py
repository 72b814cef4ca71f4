"""The labels alcoach knows (fixed names from DESIGN.md) and what each one means.

The descriptions are written for members: they appear in "why this question?" and
are embedded so a question's targets can be compared with what the member wrote.
"""

from __future__ import annotations

THINKING_PATTERNS: dict[str, str] = {
    "should_must": "a rigid rule about how I or other people ought to be: should, must, have to",
    "cant_helpless": "feeling there is no choice and nothing I can do, that it is out of my hands",
    "all_or_nothing": "seeing it in extremes: always, never, everyone, nobody, a total failure",
    "mind_reading": "being sure what other people think of me or intend, without asking them",
    "fortune_telling": "predicting that it will go badly, expecting the worst outcome",
    "blaming_others": "the problem is entirely someone else's fault, not mine",
    "self_blame": "it is all my fault, I am useless, harsh words about myself",
    "emotional_reasoning": "because I feel it so strongly it must be true",
    "discounting_positive": "the things that went well do not count, it was just luck",
    "comparing": "measuring myself against colleagues and coming off worse",
    "seeking_answers": "waiting for someone to tell me the right answer or what to do",
}

CONTENT_LABELS: dict[str, str] = {
    "feeling": "an emotion about the situation: worried, angry, frustrated, relieved, upset",
    "not_knowing": "not knowing, being unsure or uncertain about what is going on",
    "action_commitment": "a decision to act: I will do something, with a plan and a time",
    "insight": "realising something new, seeing the situation differently",
}

LABEL_DESCRIPTIONS: dict[str, str] = {**THINKING_PATTERNS, **CONTENT_LABELS}
ALL_LABELS: tuple[str, ...] = tuple(LABEL_DESCRIPTIONS)

# Short names for the member-facing "why" line.
LABEL_NAMES: dict[str, str] = {
    "should_must": "a firm 'should' or 'must'",
    "cant_helpless": "a sense of having no choice",
    "all_or_nothing": "all-or-nothing words",
    "mind_reading": "a guess at what others think",
    "fortune_telling": "a prediction of how it will go",
    "blaming_others": "the cause placed with someone else",
    "self_blame": "blame placed on yourself",
    "emotional_reasoning": "a feeling taken as a fact",
    "discounting_positive": "a success set aside",
    "comparing": "a comparison with others",
    "seeking_answers": "a wish for someone to give the answer",
    "feeling": "a feeling",
    "not_knowing": "not knowing",
    "action_commitment": "a commitment to act",
    "insight": "a new realisation",
}

# Question kinds the checker returns, in order of precedence (first that applies wins).
# A reflection is what a statement is when it hands back what the member said.
QUESTION_KINDS: tuple[str, ...] = (
    "statement", "advice", "leading", "stacked", "closed", "open", "reflection"
)
