"""Templated questions filled with the member's words, on sentences written separately."""

from __future__ import annotations

import re

import pytest

from alcoach.bank.templates import fill, sample
from tests.conftest import data_items

FIRST_PERSON = re.compile(r"\b(I|I'm|I’m|my|me|mine|myself|we|our|us|ourselves)\b")
# First measured on template_heldout.yaml: precision 0.92, recall 0.97 (three general fixes
# to turns of phrase and reported speech came after that look). Thresholds leave a margin.
MIN_INCISIVE_PRECISION = 0.85
MIN_INCISIVE_RECALL = 0.8


@pytest.fixture(scope="module")
def templates(builtin_bank):
    return [q for q in builtin_bank.questions if q.is_template]


@pytest.fixture(scope="module", params=["template_sentences.yaml", "template_heldout.yaml"])
def filled(request, analyser):
    return [(item, analyser.analyse(item["text"], embed=False).slots) for item in data_items(request.param)]


def test_enough_templates_of_each_kind(templates):
    assert len(templates) >= 60
    for slot in ("{phrase}", "{quote}", "{liberating}"):
        assert sum(slot in q.text for q in templates) >= 12, slot


def test_incisive_only_where_a_limit_was_stated(filled):
    turned = [(item["limiting"], "liberating" in slots) for item, slots in filled]
    true_positive = sum(limiting and found for limiting, found in turned)
    precision = true_positive / max(sum(found for _, found in turned), 1)
    recall = true_positive / sum(limiting for limiting, _ in turned)
    assert precision >= MIN_INCISIVE_PRECISION, precision
    assert recall >= MIN_INCISIVE_RECALL, recall


def test_slots_are_the_members_own_words(filled):
    for item, slots in filled:
        text = item["text"]
        if "quote" in slots:
            assert slots["quote"] in text
            assert 3 <= len(slots["quote"].split()) <= 12
        if "phrase" in slots:
            assert slots["phrase"].lower() in text.lower()
            assert len(slots["phrase"].split()) <= 4


def test_filled_templates_read_as_one_question_to_you(filled, templates):
    shown = 0
    for _, slots in filled:
        for template in templates:
            text = fill(template.text, slots)
            if text is None:
                continue
            shown += 1
            assert text.count("?") == 1 and text.endswith("?"), text
            assert text[0].isupper(), text
            # Outside the member's quoted words, the coach speaks to "you", never as "I".
            outside = text.replace(slots.get("quote", "\0"), "")
            assert not FIRST_PERSON.search(outside), text
    assert shown > 500


def test_liberating_alternatives_speak_to_you(filled):
    for _, slots in filled:
        if "liberating" in slots:
            assert not FIRST_PERSON.search(slots["liberating"]), slots["liberating"]


def test_every_template_is_open_with_sample_words(checker, templates):
    for template in templates:
        assert checker.check(sample(template.text)).is_open, template.id


def test_examples_read_well(analyser):
    cases = {
        "I can't ask for more staff because the budget is already overspent.": "you can ask for more staff",
        "My manager will never agree to flexible rotas.": "your manager might agree to flexible rotas",
        "I'm not senior enough to challenge them.": "you are senior enough to challenge them",
    }
    for text, liberating in cases.items():
        slots = analyser.analyse(text, embed=False).slots
        assert slots["liberating"] == liberating
    slots = analyser.analyse("By four o'clock the ward feels like a pressure cooker.", embed=False).slots
    assert fill("What kind of {phrase} is that {phrase}?", slots) == (
        "What kind of pressure cooker is that pressure cooker?"
    )
