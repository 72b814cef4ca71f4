"""The safety detector: risk found, workplace idiom left alone.

Both sets were written for this project by authors who did not see the detector:
- safety_cases.yaml (417): the patterns were developed on it (two batches, each first
  measured unseen: immediate recall 22/50, then 13/34). It now checks they keep working.
- safety_heldout.yaml (202) was written afterwards and never tuned on. Measured once:
  immediate recall 26/39, despair 17/30, self-harm 17/20, false alarms on idiom 3/113.
  The issue's target (every immediate-risk case found) is NOT met on unseen wording;
  the thresholds below only guard against going backwards.
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
    assert rates["immediate"] >= 26 / 39
    assert rates["despair"] >= 17 / 30
    assert rates["self_harm"] >= 17 / 20
    assert rates["none"] <= 0.05


def test_tiers_and_evidence():
    result = check("I've been saving up my tablets and tonight I'm going to take them all.")
    assert result.tier == "immediate" and result.evidence
    assert check("Everyone would honestly be better off without me.").tier == "despair"
    assert check("I've started cutting my arms again to get through the week.").tier == "self_harm"
