"""What the member takes away: their key sentences in their own words, the patterns noticed
(with counts and the words that showed them), their commitments, and the questions they
marked useful. Answers that raised a safety concern, and the answers to the questions asked
around one, are left out of all of it."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from alcoach.bank.support import CARE_PREFIX
from alcoach.coach.handback import asks_for_answers
from alcoach.nlp.heard_patterns import REFRAMES
from alcoach.nlp.hearing import Hearing
from alcoach.nlp.labels import THINKING_PATTERNS
from alcoach.nlp.safety import CONCERN
from alcoach.nlp.text import sentences
from alcoach.store.repository import MEMBER, TurnRecord


@dataclass(frozen=True)
class Summary:
    key_sentences: list[str] = field(default_factory=list)
    patterns: dict[str, int] = field(default_factory=dict)
    want_from_set: str | None = None
    next_step: str | None = None
    pattern_quotes: dict[str, list[str]] = field(default_factory=dict)  # label -> the member's words
    commitments: list[str] = field(default_factory=list)
    useful_questions: list[str] = field(default_factory=list)
    # Every answer by stage, in the member's words (for exports).
    answers_by_stage: dict[str, list[str]] = field(default_factory=dict)
    # What the member came to see, in their words ("it turns out she never got my email").
    insights: list[str] = field(default_factory=list)


def _sentence_containing(text: str, evidence: str | None) -> str:
    found = sentences(text)
    if not found:
        return text.strip()
    if evidence:
        for sentence in found:
            if evidence in sentence:
                return sentence
    return found[0]


MAX_KEY_SENTENCES = 6
# An answer that is no more than a request for the answer ("What should I do?") was handed
# back: it is not what the member wants from their set, nor their next step.
MAX_REQUEST_WORDS = 12


def _only_a_request(text: str) -> bool:
    return len(text.split()) <= MAX_REQUEST_WORDS and asks_for_answers(text)


# Answers to these stages are shown under their own headings, not among the key sentences.
OWN_HEADINGS = ("ask_of_set", "closing")


MAX_QUOTES_PER_PATTERN = 3
MAX_ASK_SENTENCE_WORDS = 30


# "What alcoach noticed" shows a pattern only where it was read with confidence: a reading
# near the threshold is for choosing a question, not for telling a member about their thinking.
CONFIDENT_SCORE = 0.6


def summarise(
    turns: list[TurnRecord],
    commitments: list[str] | None = None,
    useful_turns: set[int] | None = None,
    dismissed: set[tuple[str, str]] | None = None,
) -> Summary:
    """The challenge as first stated, then the sentences where something showed, in order;
    what the member wants from their set and what they came to see, read from what the coach
    heard in every answer (never a request to be told the answer, never "I don't know")."""
    key_sentences: list[str] = []
    patterns: Counter[str] = Counter()
    quotes: dict[str, list[str]] = {}
    answers_by_stage: dict[str, str] = {}
    all_answers: dict[str, list[str]] = {}
    asks: list[str] = []
    insights: list[str] = []
    useful = [turn.text for turn in turns if turn.id in (useful_turns or set())]
    stage = None
    around_concern = False
    for turn in turns:
        if turn.speaker != MEMBER:
            stage = turn.stage
            around_concern = (turn.question_id or "").startswith(CARE_PREFIX)
            continue
        if not turn.text.strip():
            continue
        if around_concern or (turn.analysis or {}).get("safety") == CONCERN:
            # What someone wrote when they may have been at risk, and their answer to the
            # question asked then ("I'm fine, really"), is theirs, in the history; it is
            # never a "pattern", a key sentence, or part of a document for the set.
            continue
        heard = Hearing.from_json((turn.analysis or {}).get("heard"))
        requesting = _only_a_request(turn.text)
        if stage and not requesting:
            answers_by_stage[stage] = turn.text.strip()
            all_answers.setdefault(stage, []).append(turn.text.strip())
        ask = _ask_in(turn.text, heard, stage)
        if ask and ask not in asks:
            asks.append(ask)
        for insight in _insights_in(turn, heard):
            if insight not in insights:
                insights.append(insight)
        labels = (turn.analysis or {}).get("labels", [])
        # Patterns of thinking only: feelings, insights and commitments are not patterns to
        # notice; they show in the key sentences and the commitments.
        shown = [
            label
            for label in labels
            if label["label"] in THINKING_PATTERNS
            and label.get("score", 1.0) >= CONFIDENT_SCORE
            and (label["label"], label["evidence"]) not in (dismissed or set())  # "not what I meant"
        ]
        patterns.update(label["label"] for label in shown)
        for label in shown:
            said = quotes.setdefault(label["label"], [])
            if label["evidence"] not in said and len(said) < MAX_QUOTES_PER_PATTERN:
                said.append(label["evidence"])
        if stage in OWN_HEADINGS or requesting or (key_sentences and not labels):
            continue
        sentence = _key_sentence(turn.text, heard, labels)
        if sentence and sentence not in key_sentences and len(key_sentences) < MAX_KEY_SENTENCES:
            key_sentences.append(sentence)
    return Summary(
        key_sentences=[k for k in key_sentences if k not in insights],
        patterns=dict(patterns.most_common()),
        want_from_set=asks[-1] if asks else None,
        next_step=_a_step(answers_by_stage.get("closing")),
        pattern_quotes=quotes,
        commitments=list(commitments or []),
        useful_questions=useful,
        answers_by_stage=all_answers,
        insights=insights,
    )


# "Nothing really", "not sure", "I don't know": an answer to "what do you want from your set?"
# that names nothing to want.
_NOTHING = re.compile(
    r"^\W*(?:nothing|not sure|no idea|i (?:do not|don't|dont) (?:know|need|want)|don't know|dunno|"
    r"not really|no)\b",
    re.IGNORECASE,
)
_NOT_KNOWING_ONLY = re.compile(
    r"^\W*(?:honestly,? )?(?:i )?(?:(?:really |just )?(?:do not|don't|dont) know|no idea|not sure|dunno)"
    r"(?: yet| really| either)?\W*$",
    re.IGNORECASE,
)


def _ask_in(text: str, heard: Hearing, stage: str | None) -> str | None:
    """What the member wants from their set, in their words: said in any answer ("what I want
    from the set is…"), or their answer when the coach asked for it."""
    if heard.asks_for_answers and _only_a_request(text):
        return None
    if heard.ask is not None and not asks_for_answers(heard.ask.source):
        # The sentence it was said in, whole ("I'd like the set to ask me what I'm avoiding.");
        # from the ask on when that sentence also carries much else.
        sentence = _sentence_containing(text, heard.ask.source)
        at = sentence.find(heard.ask.source)
        if len(sentence.split()) > MAX_ASK_SENTENCE_WORDS and at >= 0:
            sentence = sentence[at:]
        return sentence.strip() or heard.ask.source
    if stage != "ask_of_set" or asks_for_answers(text) or _NOTHING.search(text):
        return None
    found = sentences(text)
    return (found[0] if found else text).strip() or None


def _a_step(answer: str | None) -> str | None:
    """The answer to the closing question, unless it names no step ("Not sure, to be honest")."""
    if answer is None or _NOTHING.search(answer) or _NOT_KNOWING_ONLY.search(answer):
        return None
    return answer


def _insights_in(turn: TurnRecord, heard: Hearing) -> list[str]:
    """The sentences in which the member came to see something: heard as an insight, or
    labelled one by the classifier."""
    found = [
        _sentence_containing(turn.text, item.source)
        for item in (heard.insight, heard.old_assumption)  # "I'd assumed she'd say no": a view changed
        if item is not None
    ]
    for label in (turn.analysis or {}).get("labels", []):
        if label["label"] == "insight":
            found.append(_sentence_containing(turn.text, label["evidence"]))
    # Every changed view in the answer, not only the one a question takes up.
    found += [sentence for sentence in sentences(turn.text) if REFRAMES.search(sentence)]
    return list(dict.fromkeys(sentence for sentence in found if sentence))


def _key_sentence(text: str, heard: Hearing, labels: list[dict]) -> str | None:
    """The sentence of an answer that carries most: the assumption surfaced, then what the
    classifier read (strongest first), then its first sentence."""
    said = [heard.assumption, heard.limit, heard.duty]
    evidence = [item.source for item in said if item is not None]
    evidence += [label["evidence"] for label in labels]
    for words in [*evidence, None]:
        sentence = _sentence_containing(text, words)
        if _worth_keeping(sentence, heard):
            return sentence
    return None


def _worth_keeping(sentence: str, heard: Hearing) -> bool:
    """Not "I don't know", not a commitment or an ask (they have headings of their own)."""
    if not sentence or _NOT_KNOWING_ONLY.search(sentence) or asks_for_answers(sentence):
        return False
    if len(sentence.split()) < 3 and not any(f.source in sentence for f in heard.feelings):
        return False  # "OK.", "Did it.": an answer, not a sentence to take away ("Tired." is kept)
    held = [c.source for c in heard.commitments] + ([heard.ask.source] if heard.ask else [])
    return not any(words in sentence for words in held)
