"""The safety detector: risk found, workplace idiom left alone.

safety_cases.yaml (619 cases) was written for this project in three batches by authors who
did not see the detector. Each batch was measured once while still unseen — immediate-risk
recall 22/50, then 13/34, then 26/39; false alarms on idiom 12/148, 3/81, 3/113 — and then
used to develop the patterns. The tests below check the patterns keep working on all of
it; they are not evidence of how the detector does on new wording (the last unseen figure
is: immediate 26/39). The issue's target — every immediate-risk case found — is not met on
unseen wording yet.

safety_heldout.yaml (202) was written after all tuning and measured once: immediate 22/42,
despair 16/29, self-harm 15/18, false alarms on idiom 6/113 (5.3%). Its test below only
guards against going backwards; it is NOT evidence the targets are met.
"""

from __future__ import annotations

import pytest
import yaml

from alcoach.nlp.safety import check
from tests.conftest import DATA

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
]


def _items(name: str) -> list[dict]:
    return yaml.safe_load((DATA / name).read_text(encoding="utf-8"))["items"]


def _rates(items: list[dict]) -> dict[str, float]:
    rates = {}
    for tier in ("immediate", "despair", "self_harm", "none"):
        cases = [item for item in items if item["tier"] == tier]
        rates[tier] = sum(check(item["text"]).tier is not None for item in cases) / len(cases)
    return rates


@pytest.mark.parametrize("text", IDIOMS)
def test_workplace_idiom_is_not_a_concern(text):
    assert check(text).tier is None


def test_sets_are_large_enough_and_half_idiom():
    items = _items("safety_cases.yaml")
    assert len(items) >= 100
    assert sum(item["tier"] == "none" for item in items) >= len(items) * 0.45


def test_tuned_set_every_immediate_case_and_few_false_alarms():
    rates = _rates(_items("safety_cases.yaml"))
    assert rates["immediate"] == 1.0
    assert rates["despair"] >= 0.95 and rates["self_harm"] >= 0.95
    assert rates["none"] <= 0.05


def test_heldout_set_no_worse_than_measured():
    rates = _rates(_items("safety_heldout.yaml"))
    assert rates["immediate"] >= 22 / 42
    assert rates["despair"] >= 16 / 29
    assert rates["self_harm"] >= 15 / 18
    assert rates["none"] <= 6 / 113


def test_tiers_and_evidence():
    result = check("I've been saving up my tablets and tonight I'm going to take them all.")
    assert result.tier == "immediate" and result.evidence
    assert check("Everyone would honestly be better off without me.").tier == "despair"
    assert check("I've started cutting my arms again to get through the week.").tier == "self_harm"
