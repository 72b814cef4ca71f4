"""Choosing the next question: the best fit, within the stage, to what the member just wrote.

score = LABEL_WEIGHT     × how strongly the answer shows a label the question targets
                           (or, weaker, leans towards one: LEANING_WEIGHT)
      + QUESTION_WEIGHT  × embedding similarity of the answer and the question
      + TARGET_WEIGHT    × embedding similarity of the answer and the targets' descriptions
      − LEVEL_WEIGHT     × distance between the question's level and the level wanted now
      − MISFIT_WEIGHT    when the question aims only at thinking patterns the answer does not show
      + TEMPLATE_BONUS   for a template filled with the member's own words
      − RECENT_WEIGHT    when it was asked in one of the member's last three sessions (novelty)
      − SIMILAR_WEIGHT   × how far it is closer than SIMILAR_FROM to the question just asked (diversity)
      + USEFUL_WEIGHT    × closeness to questions the member marked useful
      − REPLACED_WEIGHT  × closeness to questions the member asked to replace

The level wanted (`wanted_level`) rises from supportive (1) towards strongly challenging (3)
as the session goes on; it rises further as the member engages (a long answer, an insight,
an "I don't know" — the edge of their knowing, where learning starts) and falls when strong
feeling shows or the answer is very short. A safety concern sets it to supportive and
leaves only gentle questions. A question already asked in the session is never asked
again. Ties are broken by a seeded hash, so a given session always makes the same choices.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cache

import numpy as np

from alcoach.bank.schema import Question, Stage
from alcoach.bank.templates import SLOTS, fill, placeholders
from alcoach.coach.listening import heard_summary
from alcoach.coach.referents import Needs, needs, refers_only_to_known
from alcoach.coach.state import SessionState
from alcoach.nlp.labels import LABEL_NAMES, THINKING_PATTERNS
from alcoach.nlp.result import Analysis
from alcoach.nlp.safety import CONCERN

LABEL_WEIGHT = 1.0
QUESTION_WEIGHT = 0.8
TARGET_WEIGHT = 0.4
LEVEL_WEIGHT = 0.35
# A label the classifier leans towards but does not report (see Analysis.leanings) counts
# for fit at its leaning (under 0.5): enough to choose between questions that otherwise fit
# alike, never as much as a label found. Chosen on tests/data/reflect_dev.yaml.
LEANING_WEIGHT = 1.0
TIE_BREAK_WEIGHT = 0.01
# Asking "how would you weigh this success?" of someone who mentioned no success is a
# non-sequitur; a general question serves better when no targeted pattern is present.
MISFIT_WEIGHT = 0.3
MISFIT_SIMILARITY = 0.4
# A question in the member's own words, when their words allow one, is worth a little more.
TEMPLATE_BONUS = 0.1
# Novelty across sessions: enough to prefer a fresh question, not enough to refuse the
# one that fits best.
RECENT_WEIGHT = 0.3
# Diversity: two questions in a row that say nearly the same thing feel like not being heard.
SIMILAR_FROM = 0.6
SIMILAR_WEIGHT = 1.5
# The member's feedback; closeness is measured from FEEDBACK_FROM (unrelated questions
# sit around 0.2–0.4 in this embedding space).
FEEDBACK_FROM = 0.45
USEFUL_WEIGHT = 0.5
REPLACED_WEIGHT = 1.0
# Following the member: a later stage's question aimed at a pattern the answer clearly shows.
FOLLOW_SCORE = 0.5
OFF_STAGE_WEIGHT = 0.25
LAST_STAGES = ("ask_of_set", "closing")
# Listening: a frame that takes up something the member has just said is worth more than any
# stock question, by what it takes up. An insight or a stated assumption is the most valuable
# moment to ask about; a name in the story the least. Chosen on the development answers
# (never on a measured set).
HEARD_WEIGHT = 1.0
HEARD_PRIORITY = {
    "insight": 1.0,
    "assumption": 0.9,
    "old_assumption": 0.9,
    "unknown": 0.7,
    "commitment": 0.85,
    "liberating": 0.8,
    "duty": 0.8,
    "duty_act": 0.8,
    "not_done": 0.6,
    "feeling": 0.65,
    "feeling2": 0.65,
    "done": 0.55,
    "striking": 0.6,
    "ask": 0.6,
    "person": 0.3,
    "quote": 0.3,
    "phrase": 0.2,
    "phrase_you": 0.2,
}
# A frame that passes by a thinking pattern the answer clearly shows keeps this share of its worth.
PASSING_BY_FACTOR = 0.4
# Slots whose words carry no pattern of their own: a frame on them aimed at one pattern is
# asked only where the words showed it.
NEUTRAL_SLOTS = frozenset(["person", "quote", "phrase", "phrase_you"])
# A leaning this strong (0.5 is the label's threshold) counts as shown for that purpose.
LEANING_SHOWN = 0.4
# Words already taken up by an earlier question are worth little a second time.
TAKEN_UP_FACTOR = 0.2
# Two questions in a row on the same kind of thing (two feelings frames) feel like a script.
SAME_KIND_WEIGHT = 0.35
# A frame asked in another stage than its own costs less than a stock question would: it is
# built on what the member said, which is where the member is.
FRAME_OFF_STAGE_WEIGHT = 0.1
# Stages where the member is finding their next step: only frames filed there are asked.
CLOSING_STAGES = ("closing",)
# Engagement moves the level wanted (in levels, 1–3).
LONG_ANSWER_WORDS = 40
SHORT_ANSWER_WORDS = 6
ENGAGED_STEP = 0.4
LONG_ANSWER_STEP = 0.3
FEELING_STEP = -0.6
SHORT_ANSWER_STEP = -0.3
STRONG_FEELING = 0.5


@dataclass(frozen=True)
class Selection:
    question: Question
    text: str  # what the member sees: the bank text, or a template filled with their words
    why: str
    score: float


@dataclass(frozen=True)
class BankIndex:
    """The questions with their embeddings, and the embeddings of the label descriptions."""

    questions: list[Question]
    # None until the embedding model has loaded: the opening question needs no model.
    question_vectors: np.ndarray | None = None
    label_vectors: dict[str, np.ndarray] = field(default_factory=dict)
    position: dict[str, int] = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        self.position.update({question.id: i for i, question in enumerate(self.questions)})

    def closeness(self, i: int, question_ids: set[str] | list[str]) -> float:
        """The highest embedding similarity of question i to any of these questions."""
        if self.question_vectors is None:
            return 0.0
        others = [self.position[q] for q in question_ids if q in self.position and self.position[q] != i]
        if not others:
            return 0.0
        return float(np.max(self.question_vectors[others] @ self.question_vectors[i]))


def history_score(index: BankIndex, i: int, state: SessionState) -> float:
    """Novelty, diversity and the member's feedback: what the member's history says of question i."""
    question_id = index.questions[i].id
    score = -RECENT_WEIGHT if question_id in state.recent else 0.0
    if state.asked:
        score -= SIMILAR_WEIGHT * max(0.0, index.closeness(i, [state.asked[-1]]) - SIMILAR_FROM)
    if state.useful:
        score += USEFUL_WEIGHT * max(0.0, index.closeness(i, state.useful) - FEEDBACK_FROM)
    if question_id in state.replaced:
        score -= REPLACED_WEIGHT
    elif state.replaced:
        score -= REPLACED_WEIGHT * max(0.0, index.closeness(i, state.replaced) - FEEDBACK_FROM)
    return score


def wanted_level(state: SessionState, analysis: Analysis | None) -> float:
    if analysis is not None and analysis.safety == CONCERN:
        return 1.0
    level = 1.0 + 2.0 * state.progress
    if analysis is not None:
        words = len(analysis.text.split())
        if analysis.score("insight") > 0 or analysis.score("not_knowing") > 0:
            level += ENGAGED_STEP
        if words >= LONG_ANSWER_WORDS:
            level += LONG_ANSWER_STEP
        elif words < SHORT_ANSWER_WORDS:
            level += SHORT_ANSWER_STEP
        if analysis.score("feeling") >= STRONG_FEELING or analysis.score("emotional_reasoning") > 0:
            level += FEELING_STEP
    return min(max(level, 1.0), 3.0)


def _tie_break(seed: int, question_id: str) -> float:
    digest = hashlib.sha256(f"{seed}:{question_id}".encode()).digest()
    return digest[0] / 255.0


def _candidates(index: BankIndex, state: SessionState, stage: str, analysis: Analysis | None) -> list[int]:
    asked = set(state.asked)
    mode = state.flow.id
    chosen = [
        i for i, q in enumerate(index.questions) if q.stage == stage and mode in q.modes and q.id not in asked
    ]
    if analysis is not None and analysis.safety == CONCERN:
        # Never challenge someone who may be at risk: gentle, pattern-free, fixed questions only
        # (no templates: turning their words about their life into a question is not what
        # they need now), from this stage if it has one, else from anywhere in the flow.
        gentle = [i for i in chosen if _gentle(index.questions[i])]
        if gentle:
            return gentle
        return [
            i for i, q in enumerate(index.questions) if mode in q.modes and q.id not in asked and _gentle(q)
        ]
    return chosen + _following(index, state, stage, analysis)


def _following(index: BankIndex, state: SessionState, stage: str, analysis: Analysis | None) -> list[int]:
    """Questions from later stages of the flow that aim at what the answer
    clearly shows: the coach follows the member rather than the script (with a small
    OFF_STAGE_WEIGHT cost), and the question counts as this stage's turn. Never in the
    closing stages, where the member is finding their next step."""
    if analysis is None or stage in LAST_STAGES:
        return []
    shown = {f.label for f in analysis.labels if f.score >= FOLLOW_SCORE}
    if not shown:
        return []
    asked, mode = set(state.asked), state.flow.id
    later = {s.id for s in state.flow.stages[state.flow.stage_index(stage) + 1 :]} - set(LAST_STAGES)
    return [
        i
        for i, q in enumerate(index.questions)
        if q.stage in later and mode in q.modes and q.id not in asked and set(q.targets) & shown
    ]


def _gentle(question: Question) -> bool:
    patterns = set(question.targets) & set(THINKING_PATTERNS)
    return question.level == 1 and not patterns and not question.is_template


def score_question(index: BankIndex, i: int, analysis: Analysis | None, level: float, seed: int) -> float:
    question = index.questions[i]
    score = -LEVEL_WEIGHT * abs(question.level - level)
    score += TIE_BREAK_WEIGHT * _tie_break(seed, question.id)
    if analysis is None:
        return score
    targets = _heard_targets(question, analysis)
    fit = max(
        (
            max(analysis.score(target), LEANING_WEIGHT * analysis.leanings.get(target, 0.0))
            for target in targets
        ),
        default=0.0,
    )
    score += LABEL_WEIGHT * fit
    target_similarity = 0.0
    if analysis.embedding is not None and index.question_vectors is not None:
        score += QUESTION_WEIGHT * float(index.question_vectors[i] @ analysis.embedding)
        similarities = [
            float(index.label_vectors[t] @ analysis.embedding) for t in targets if t in index.label_vectors
        ]
        target_similarity = max(similarities, default=0.0)
        score += TARGET_WEIGHT * target_similarity
    only_patterns = bool(targets) and set(targets) <= set(THINKING_PATTERNS)
    if only_patterns and fit == 0.0:
        # Softened when the answer reads close to the pattern though no cue named it.
        score -= MISFIT_WEIGHT * max(0.0, 1.0 - target_similarity / MISFIT_SIMILARITY)
    return score


def select_next_question(
    index: BankIndex,
    state: SessionState,
    analysis: Analysis | None,
    may_ask: Callable[[Question, str], bool] | None = None,
    slots: dict[str, str] | None = None,
) -> Selection | None:
    """The best next question for this state, or None when the flow is complete.

    Templates and frames are considered only when the member's words fill every slot (those
    of the last answer, plus any `slots` given, such as the challenge's title); a frame that
    takes up what the member has just said is preferred (see HEARD_PRIORITY). No question
    asks for what the member has already told, or refers to anyone or anything the
    conversation does not hold. Every question passes `may_ask` (the question checker) before
    it is chosen: a question the checker calls anything but open is never shown; the next
    best is taken instead.
    """
    heard = analysis.heard if analysis is not None else None
    told = state.told(heard)
    stage = state.next_stage(told)
    if stage is None:
        return None
    slots = {**(slots or {}), **(analysis.slots if analysis is not None else {})}
    if stage.id in CLOSING_STAGES and "commitment" not in slots and state.last_commitment():
        # The close takes up the action the member already chose earlier in the session.
        slots["commitment"] = state.last_commitment() or ""
    level = wanted_level(state, analysis)
    conversation = state.conversation() + "\n" + (analysis.text.lower() if analysis else "")
    taken = _taken_up(state)
    last_kind = (
        _main_slot(index.questions[index.position[state.asked[-1]]].text)
        if _last_known(index, state)
        else None
    )
    scored = []
    known: dict[Needs, bool] = {}
    candidates = _candidates(index, state, stage.id, analysis) + _frames(index, state, stage.id, analysis)
    for i in dict.fromkeys(candidates):
        question = index.questions[i]
        text = fill(question.text, slots)
        if text is None or _asks_what_was_told(question, told, stage.id):
            continue
        required = needs(_guarded_words(question.text))
        if required not in known:  # many questions need the same (often nothing)
            known[required] = refers_only_to_known(_guarded_words(question.text), conversation)
        if not known[required]:
            continue
        if question.is_template and _aims_at_a_pattern_not_heard(question, analysis):
            continue
        score = score_question(index, i, analysis, level, state.seed) + history_score(index, i, state)
        if question.is_template:
            score += TEMPLATE_BONUS + _listening_score(question, analysis, slots, taken)
            if _main_slot(question.text) == last_kind:
                score -= SAME_KIND_WEIGHT
        if question.stage != stage.id:
            score -= FRAME_OFF_STAGE_WEIGHT if question.is_template else OFF_STAGE_WEIGHT
        scored.append((score, i, text))
    return _best_askable(index, scored, analysis, stage, may_ask, slots)


def _last_known(index: BankIndex, state: SessionState) -> bool:
    return bool(state.asked) and state.asked[-1] in index.position


def _frames(index: BankIndex, state: SessionState, stage: str, analysis: Analysis | None) -> list[int]:
    """Templates and frames from any stage of the flow, to take up what the member just said
    wherever the session is; in the closing stage only those filed there (the close is about
    the next step). Never in the opening, nor when a safety concern was raised."""
    if analysis is None or stage == "opening" or analysis.safety == CONCERN:
        return []
    asked, mode = set(state.asked), state.flow.id
    stages = {s.id for s in state.flow.stages} - {"opening"}
    return [
        i
        for i, q in enumerate(index.questions)
        if q.is_template
        and q.stage != stage
        and mode in q.modes
        and q.id not in asked
        and (q.stage in stages or stage not in CLOSING_STAGES)
        and (stage not in CLOSING_STAGES or q.stage in CLOSING_STAGES)
    ]


@cache
def _main_slot(text: str) -> str | None:
    return next((name for name in placeholders(text) if name in HEARD_PRIORITY), None)


def _taken_up(state: SessionState) -> set[str]:
    """Words of the member's that an earlier question already used."""
    asked = " ".join(state.asked_texts).lower()
    return {
        item.said.lower()
        for hearing in state.heard
        for item in (
            *hearing.people,
            *hearing.feelings,
            *hearing.striking,
            hearing.assumption,
            hearing.duty,
            hearing.insight,
            hearing.commitment,
            hearing.done,
            hearing.not_done,
            hearing.ask,
        )
        if item is not None and item.said.lower() in asked
    }


def _listening_score(
    question: Question, analysis: Analysis | None, slots: dict[str, str], taken: set[str]
) -> float:
    """How much a frame is worth for taking up what was heard (see HEARD_PRIORITY)."""
    kind = _main_slot(question.text)
    if kind is None:
        return 0.0
    words = slots.get(kind, "").lower()
    fresh = analysis is not None and kind in analysis.slots
    factor = TAKEN_UP_FACTOR if words in taken or not fresh else 1.0
    if kind == "commitment" and not fresh:
        factor = 1.0  # the close takes up the commitment made earlier
    if analysis is not None and _ignores_a_pattern_shown(question, analysis):
        # A mindset the member showed is what action learning is for: a frame that passes it
        # by (what surprised you, who else is in it) counts for less than one that takes it up.
        factor *= PASSING_BY_FACTOR
    return HEARD_WEIGHT * HEARD_PRIORITY[kind] * factor


def _aims_at_a_pattern_not_heard(question: Question, analysis: Analysis | None) -> bool:
    """A frame aimed at one thinking pattern ("Which exceptions to '…'?", "When you set
    yourself beside Priya…") is asked only when its words showed that pattern."""
    if len(question.targets) != 1 or question.targets[0] not in THINKING_PATTERNS:
        return False
    if _main_slot(question.text) not in NEUTRAL_SLOTS:
        return False  # a rule heard is the should/must itself; an assumption heard, the belief
    return (
        analysis is None
        or question.targets[0] not in _heard_targets(question, analysis)
        or (analysis.score(question.targets[0]) == 0.0)
    )


def _same_sentence(text: str, a: int, b: int) -> bool:
    """No sentence end between two places in the text."""
    low, high = sorted((a, b))
    return not re.search(r"[.!?]\s", text[low:high])


def _ignores_a_pattern_shown(question: Question, analysis: Analysis) -> bool:
    shown = {f.label for f in analysis.labels if f.label in THINKING_PATTERNS and f.score >= FOLLOW_SCORE}
    shown |= {
        label for label, v in analysis.leanings.items() if label in THINKING_PATTERNS and v >= LEANING_SHOWN
    }
    return bool(shown) and not shown & set(_heard_targets(question, analysis))


def _asks_what_was_told(question: Question, told: set[str], stage: str) -> bool:
    """A stock question that asks for a feeling after the member named one, or for what they
    want from their set after they said it."""
    if question.is_template:
        return False
    if "feeling" in told and (question.stage == "feelings" or set(question.targets) == {"feeling"}):
        return True
    if "matters" in told and question.stage == "what_matters":
        return True
    return "ask" in told and question.stage == "ask_of_set"


@cache
def _guarded_words(text: str) -> str:
    """The question as the referent guard reads it: the member's own words (in its slots)
    stand for someone or something they mentioned."""
    return fill(text, dict.fromkeys(SLOTS, "someone")) or text


def _best_askable(
    index: BankIndex,
    scored: list[tuple[float, int, str]],
    analysis: Analysis | None,
    stage: Stage,
    may_ask: Callable[[Question, str], bool] | None,
    slots: dict[str, str] | None = None,
) -> Selection | None:
    """The highest-scoring question the guard lets through, asked as this stage's turn
    whatever stage the bank files it under."""
    for score, i, text in sorted(scored, reverse=True):
        question = index.questions[i]
        if may_ask is None or may_ask(question, text):
            why = explain_choice(question, analysis, stage, slots or {})
            if analysis is not None and analysis.safety != CONCERN and heard_summary(analysis.heard):
                why += "\n" + heard_summary(analysis.heard)
            targets = _heard_targets(question, analysis)
            if question.stage != stage.id or targets != question.targets:
                question = replace(question, stage=stage.id, targets=targets)
            return Selection(question, text, why, score)
    return None


def _heard_targets(question: Question, analysis: Analysis | None) -> tuple[str, ...]:
    """A frame built on the words that showed a pattern addresses that pattern too."""
    kind = _main_slot(question.text)
    if analysis is None or kind is None or kind not in analysis.slot_sources:
        return question.targets
    source = analysis.slot_sources[kind]
    shown = [f.label for f in analysis.labels if source in f.evidence or f.evidence in source]
    if kind == "person":
        # Someone named next to the words that showed a pattern ("Yusuf closed two of these
        # last quarter; I'm nowhere near") is part of it.
        at = analysis.text.find(source)
        shown += [f.label for f in analysis.labels if at >= 0 and _same_sentence(analysis.text, at, f.start)]
    if kind in ("person", "quote"):
        # "When you set yourself beside Priya…" helps with comparing only when the comparison
        # was with Priya (named in the same sentence); "What would you say to a colleague who
        # told you '…'?" helps with self-blame only when the words quoted are the self-blame.
        return tuple(t for t in question.targets if t in shown)
    return tuple(dict.fromkeys([*question.targets, *shown]))


def select_hand_back(
    index: BankIndex,
    state: SessionState,
    analysis: Analysis,
    may_ask: Callable[[Question, str], bool] | None = None,
) -> Selection | None:
    """After a request for the answer: the best question that hands the thinking back (one
    that targets seeking answers), from any stage of the flow; None if none is left. Asked
    even after the last stage (as one more turn of it): a request for the answer at the close
    deserves the thinking handed back, not silence."""
    stage = state.next_stage() or state.flow.stages[-1]
    asked = set(state.asked)
    level = wanted_level(state, analysis)
    scored = []
    for i, question in enumerate(index.questions):
        if (
            "seeking_answers" not in question.targets
            or state.flow.id not in question.modes
            or question.id in asked
        ):
            continue
        text = fill(question.text, analysis.slots)
        if text is not None:
            scored.append((score_question(index, i, analysis, level, state.seed), i, text))
    return _best_askable(index, scored, analysis, stage, may_ask)


METHOD_PURPOSES = {
    "action-learning": "to help you see your challenge afresh and find your own next step",
    "socratic": "to test what you take to be true, and on what evidence",
    "clean-language": "to explore your own words and images without adding anyone else's",
    "incisive": "to question an assumption that may be limiting you, and what would change without it",
    "grow": "to move from where you are towards what you want",
    "solution-focused": "to notice what already works, and build on it",
}


# What a frame does with what was heard, for "why this question".
HEARD_PURPOSES = {
    "feeling": "you named a feeling, so this question stays with it, in your own word, rather than "
    "asking for it again",
    "feeling2": "you named more than one feeling, so this question stays with them, in your own words",
    "striking": "those are your own words for it, so this question explores them without adding "
    "anyone else's (Clean Language)",
    "assumption": "that sounds like an assumption, so this question tests it: what it rests on, and "
    "how you could know",
    "old_assumption": "that was an expectation you held, so this question looks at where it came from "
    "and what it tells you",
    "unknown": "that is something you do not know yet, so this question explores it: what you already "
    "know, who else might, and how you could find out",
    "duty": "that sounds like a rule you hold yourself to, so this question looks at where it comes from",
    "duty_act": "that sounds like a rule you hold yourself to, so this question looks at what it does "
    "for you",
    "insight": "that sounds like something you have come to see, so this question takes it further "
    "rather than questioning it",
    "commitment": "that is an action you have chosen, so this question helps you get ready for it",
    "done": "that is something you did, so this question asks what you noticed and learned in it",
    "not_done": "that is something you meant to do, so this question looks at what it would take, "
    "without judging",
    "person": "they are part of your story, so this question invites you to see it from where they stand",
    "ask": "that is what you want from your set, so this question helps you make the most of it",
    "liberating": "that sounds like a limit you may have accepted, so this question asks what you would "
    "do if the freeing opposite were true (an incisive question)",
}


def explain_choice(
    question: Question, analysis: Analysis | None, stage: Stage, slots: dict[str, str] | None = None
) -> str:
    """Why this question: the pattern noticed, quoting the member's words, and the question's
    purpose — never what the answer should be. A frame names what was heard, quoting the
    same words the question uses."""
    purpose = METHOD_PURPOSES.get(question.method, "to help you think it through")
    if analysis is not None and analysis.safety == CONCERN:
        return (
            "Something you wrote suggests things may be very hard for you right now, so alcoach "
            "is not challenging you; this is a gentle question, and you can stop at any time."
        )
    kind = _main_slot(question.text)
    if kind in HEARD_PURPOSES:
        source = _source_words(kind, analysis, slots or {})
        if source:
            return f"You said \u201c{source}\u201d: {HEARD_PURPOSES[kind]}."
    if analysis is not None:
        noticed = [f for f in analysis.labels if f.label in question.targets]
        if noticed:
            finding = max(noticed, key=lambda f: f.score)
            return (
                f"You wrote \u201c{finding.evidence}\u201d, which sounded like "
                f"{LABEL_NAMES[finding.label]}. This question invites you to look at it more closely: "
                f"{purpose}."
            )
        if analysis.phrases:
            return (
                f"It follows on from what you wrote about \u201c{analysis.phrases[0]}\u201d, "
                f"and moves the session on to {_stage_phrase(stage)}. Its aim: {purpose}."
            )
    return f"It opens the next part of the session: {_stage_phrase(stage)}. Its aim: {purpose}."


def _source_words(kind: str, analysis: Analysis | None, slots: dict[str, str]) -> str | None:
    """The member's words a frame's slot was filled from."""
    if analysis is not None and kind in analysis.slot_sources:
        return analysis.slot_sources[kind]
    if kind == "liberating" and analysis is not None and analysis.heard.limit is not None:
        return analysis.heard.limit.source
    if kind == "commitment" and slots.get("commitment"):
        return slots["commitment"]  # made earlier in the session: said back as it was heard
    return None


def _stage_phrase(stage: Stage) -> str:
    return f"{stage.title.lower()} ({stage.purpose})" if stage.purpose else stage.title.lower()
