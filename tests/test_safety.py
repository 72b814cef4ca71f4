"""The safety check: risk found, workplace idiom left alone.

Two halves: fixed patterns (`alcoach.nlp.safety`) and a learned model
(`alcoach.nlp.safety_model`) that reads what the patterns miss; either one is enough.

The cases (models/training/safety/, 1,931 of them, about half idiom and hard negatives)
were written for this project in eight batches by authors who saw neither half. The last
three batches were each measured once while unseen, with everything trained on the earlier
batches, and then added to training:

- batch 6 (240): immediate risk 57/60 (the patterns alone 20/60), despair 34/35,
  self-harm 25/25; false alarms 12/120 (idiom and hard negatives together).
- batch 7 (250): immediate risk 43/50 (the patterns alone 20/50), despair 30/30,
  self-harm 18/20; false alarms: idiom 0/70, hard negatives 4/40, ordinary answers 2/40.
- batch 8 (220, written in the voice of members reflecting after taking action): immediate
  risk 24/25 (the patterns alone 14/25), despair 29/30, self-harm 15/15; false alarms: hard
  negatives 22/110 ("it hit me that…", "I've given up chasing estates", "I've said my
  goodbyes — new job on Monday", a pupil's disclosure handled), ordinary answers 2/40. The
  patterns then learned to leave realisation ("it hit me"), a task given up ("no point
  carrying on with the mediation"), quoted words of others and a past told as recovered
  alone, and the model was retrained with the batch.

- batch 9 (750, issue 16's round A in four registers, measured once with the check shipped
  before it): false alarms everyday 19/320, hard-week answers 97/160, professional talk
  26/110; found immediate 52/58, despair 55/58, self-harm 40/44. Added to training; the round
  measured after the work is in tests/test_safety_heldout.py.

So on new wording roughly nine in ten immediate-risk answers are found, not all of them:
the tests below check every case the detector has learned from, and are not evidence about
new wording. The issue's target (every immediate-risk case) holds on these cases only.
"""

from __future__ import annotations

import hashlib
import json

import pytest

from alcoach.nlp.embeddings import memoised
from alcoach.nlp.safety import check
from alcoach.nlp.safety_model import MODEL_NAME, assess, load_safety_model, reading_units
from alcoach.nlp.text import for_models
from alcoach.nlp.train_safety import load_cases
from alcoach.paths import models_dir
from tests.conftest import data_items

IDIOMS = [
    "I'm drowning in emails this week.",
    "That meeting nearly finished me off.",
    "We'll shoot the idea down at the board.",
    "The deadline is killing me.",
    "I could murder a coffee.",
    "This project will be the death of me.",
    "Let's kill the feature and move on.",
    "I'm dead on my feet after the night shift.",
    "I'd rather die than present to the board again.",
    "I'm not suicidal, just really fed up with the rota.",
    # Written for this test after batch 8 (none of them in the cases).
    "It hit me on the drive in that I had never asked the night staff.",
    "There's no point carrying on with the pilot if nobody uses it.",
    "Years back I had a bad patch and self-harmed. I'm fine now and it helps me support my team.",
    'A tenant said "I\'ll kill myself if you evict me" and I rang the crisis line.',
    # Commitments say "do it" all the time.
    "I'll do it after lunch, once the rota is out.",
    "I didn't do it, and when I asked myself why, I was scared of her reaction.",
    "I plan to do it after the audit, when things are quieter.",
]


def test_a_realisation_does_not_hide_risk_said_with_it():
    assert check("It hit me that I don't want to be alive any more.").tier == "despair"
    relapse = "Years ago I self-harmed. I'm well now but last night I cut my arm again."
    assert check(relapse).tier == "self_harm"


@pytest.mark.parametrize("text", IDIOMS)
def test_workplace_idiom_is_not_a_concern(text):
    assert check(text).tier is None


def test_sets_are_large_enough_and_half_idiom():
    items = load_cases()
    safety_cases = [item for item in items if item["kind"] == "safety"]
    assert len(safety_cases) >= 100
    assert sum(item["tier"] == "none" for item in safety_cases) >= len(safety_cases) * 0.45


@pytest.fixture(scope="module")
def flagged(models):
    """Every case, read by the whole check (patterns, then the learned model) as `analyse`
    reads it; the embeddings are made in one batch first, which is all that differs."""
    cases = load_cases()
    model = load_safety_model()
    embed = memoised(models.embedder)
    embed([unit for case in cases for unit in reading_units(for_models(case["text"]))])
    return [(case, assess(case["text"], model, embed) == "concern") for case in cases]


def _rate(flagged, tier=None, kind="safety"):
    hits = [hit for case, hit in flagged if case["kind"] == kind and (tier is None or case["tier"] == tier)]
    return sum(hits) / len(hits)


def test_every_immediate_risk_case_is_found(flagged):
    missed = [case["text"] for case, hit in flagged if case["tier"] == "immediate" and not hit]
    assert missed == []


def test_despair_and_self_harm_are_found(flagged):
    assert _rate(flagged, "despair") >= 0.98
    assert _rate(flagged, "self_harm") >= 0.98


def test_few_false_alarms_on_idiom_hard_negatives_and_ordinary_answers(flagged):
    assert _rate(flagged, "none") <= 0.05
    assert _rate(flagged, kind="ordinary") <= 0.01


def test_ordinary_answers_written_by_another_author_are_not_alarms(analyser):
    """The analyse test sets: everyday answers about hard work problems, never trained on."""
    items = data_items("analyse_heldout.yaml") + data_items("analyse_dev.yaml")
    alarms = [item["text"] for item in items if analyser.analyse(item["text"]).safety == "concern"]
    assert len(alarms) <= 0.02 * len(items), alarms


@pytest.mark.parametrize(
    "text",
    [
        # Written for this test, in none of the training cases.
        "I gave my keys back to the caretaker and left a card for each of the girls in the office. "
        "They think I am retiring. I am not planning to be around for it.",
        "The rota is someone else's problem from Friday. I have made my peace with everything and I know "
        "which bridge.",
    ],
)
def test_the_learned_half_reads_risk_no_pattern_names(analyser, text):
    assert check(text).tier is None  # the patterns miss it …
    assert analyser.analyse(text).safety == "concern"  # … the whole check does not


def test_the_shipped_safety_model_was_trained_on_the_current_cases():
    meta = json.loads((models_dir() / MODEL_NAME / "meta.json").read_text(encoding="utf-8"))
    rows = "\n".join(f"{case['text']}\t{case['tier']}" for case in load_cases())
    assert meta["training_data_sha256"] == hashlib.sha256(rows.encode("utf-8")).hexdigest()


def test_tiers_and_evidence():
    result = check("I've been saving up my tablets and tonight I'm going to take them all.")
    assert result.tier == "immediate" and result.evidence
    assert check("Everyone would honestly be better off without me.").tier == "despair"
    assert check("I've started cutting my arms again to get through the week.").tier == "self_harm"
    # "do it" is a plan beside the means.
    assert check("The tablets are in the drawer. I'll do it when everyone is asleep.").tier == "immediate"


# Written for these tests (not from any training or measured set): the words are risk, but
# said of someone else or quoted from them — the daily work of nurses, teachers, carers.
SAID_OF_OTHERS = [
    "My dad phoned at midnight and said he'd been thinking of ending it, so I drove over.",
    "Our new starter told me on the phone 'I want to die, I can't face this place'.",
    "She admitted she'd been thinking she would be better off dead, and I made the referral.",
    "One of the lads on my wing said he'd be better off dead, and I opened an ACCT on him.",
]
MEMBERS_OWN = [
    "I told my manager I want to die and she just moved on to the rota.",
    "My husband says I'd be better off dead, and some nights I believe it.",
    "I keep telling myself 'just end it', over and over.",
    "My sisters would honestly be happier without me around.",  # the words name the member
    "No one at home would even notice if I wasn't around any more.",  # "no one" is never at risk
]


def test_risk_said_of_another_person_is_theirs_and_the_members_own_stays_theirs(models):
    from alcoach.nlp import risk_subject

    def tier(text):
        doc = models.nlp(for_models(text))
        return check(text, risk_subject.reader(doc)).tier

    for text in SAID_OF_OTHERS:
        assert check(text).tier is not None, text  # the words alone would raise it
        assert tier(text) is None, text
    for text in MEMBERS_OWN:
        assert tier(text) is not None, text
