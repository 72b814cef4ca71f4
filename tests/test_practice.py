"""The practice room: scenarios, the simulated member, feedback and the scorecard."""

from __future__ import annotations

import json

import pytest

from alcoach.bank.scenarios import LAYER_DEPTHS, load_scenarios
from alcoach.practice.member import REPEATED, REPEATED_REASON, SimulatedMember
from alcoach.practice.scorecard import own_words, score
from tests.conftest import run_cli

SCENARIOS, PROBLEMS = load_scenarios()
SURFACE = {name for name, depth in LAYER_DEPTHS.items() if depth == 1}

# Generic questions a new facilitator might ask in any scenario, one per poor kind.
POOR_QUESTIONS = {
    "closed": "Do you feel angry about it?",
    "leading": "Surely you must feel let down by them?",
    "advice": "Have you thought about asking your sponsor to step in?",
    "stacked": "How do you feel about it, and what do you believe is really going on?",
}
FEELING_QUESTION = "How do you feel about all this?"
ASSUMPTION_QUESTION = "What are you assuming about the people involved?"
WANT_QUESTION = "What would you really like to have happen?"


@pytest.fixture(scope="module")
def member_for(checker, models):
    def make(scenario, seed=0):
        return SimulatedMember(scenario, checker, models.embedder.encode, seed)

    return make


def test_scenarios_load_and_vary():
    assert PROBLEMS == []
    assert len(SCENARIOS) >= 12
    assert len({scenario.setting for scenario in SCENARIOS}) >= 10
    assert len({scenario.name for scenario in SCENARIOS}) == len(SCENARIOS)
    for scenario in SCENARIOS:
        assert all(len(layer.replies) >= 3 for layer in scenario.layers), scenario.id


def test_a_broken_scenario_reports_file_and_line(tmp_path):
    good = SCENARIOS[0].path.read_text(encoding="utf-8")
    (tmp_path / f"{SCENARIOS[0].id}.yaml").write_text(
        good.replace("  feelings:", "  feelngs:"), encoding="utf-8"
    )
    (tmp_path / "broken.yaml").write_text("id: broken\ntitle: [unclosed\n", encoding="utf-8")
    scenarios, problems = load_scenarios(tmp_path)
    assert scenarios == []
    assert any("broken.yaml:" in problem and "invalid YAML" in problem for problem in problems)
    assert any(f"{SCENARIOS[0].id}.yaml:" in problem and "feelings" in problem for problem in problems)


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.id)
def test_only_open_questions_unlock_deep_layers(scenario, member_for):
    member = member_for(scenario)
    for kind, question in POOR_QUESTIONS.items():
        reply = member.ask(question)
        assert reply.kind == kind, question
        if kind == "stacked":
            assert reply.layer in SURFACE  # the last part only, and the surface only
        else:
            assert reply.layer is None
            assert reply.reply in scenario.deflections[kind]
    assert member.reached <= SURFACE
    deep = {member.ask(question).layer for question in (FEELING_QUESTION, ASSUMPTION_QUESTION)}
    assert deep & {"feelings", "assumptions"}, deep


def test_open_questions_reach_the_layer_they_aim_at(member_for):
    """On every scenario, with thresholds: the layers are written differently each time."""
    hits = {"feelings": 0, "assumptions": 0, "wants": 0}
    for scenario in SCENARIOS:
        member = member_for(scenario)
        hits["feelings"] += member.ask(FEELING_QUESTION).layer == "feelings"
        hits["assumptions"] += member.ask(ASSUMPTION_QUESTION).layer == "assumptions"
        hits["wants"] += member.ask(WANT_QUESTION).layer == "wants"
    for layer, count in hits.items():
        assert count >= 0.75 * len(SCENARIOS), (layer, count)


def test_wants_stay_hidden_until_feelings_or_assumptions_are_reached(member_for):
    for scenario in SCENARIOS:
        member = member_for(scenario)
        assert member.ask(WANT_QUESTION).layer != "wants"


FEELING_QUESTIONS = [
    FEELING_QUESTION,
    "What is it like for you, day to day?",
    "How does all this affect you?",
    "What feelings come up when you think about it?",
    "What worries you most about it?",
]


def test_same_seed_same_replies_and_no_verbatim_repeats(member_for):
    scenario = SCENARIOS[0]
    questions = [*FEELING_QUESTIONS, POOR_QUESTIONS["closed"], "Is it a problem every week?"]
    one, other = member_for(scenario, seed=3), member_for(scenario, seed=3)
    first = [one.ask(q).reply for q in questions]
    again = [other.ask(q).reply for q in questions]
    assert first == again
    layer_replies = first[:5]
    assert len(set(layer_replies)) == len(layer_replies)


def test_a_question_asked_again_reaches_nothing(member_for):
    member = member_for(SCENARIOS[0])
    first = member.ask(FEELING_QUESTION)
    again = member.ask(FEELING_QUESTION.upper())
    assert first.layer is not None
    assert again.layer is None and again.reply == REPEATED and REPEATED_REASON in again.reasons


def test_scorecard_counts_kinds_depth_and_own_words(member_for):
    scenario = SCENARIOS[0]
    member = member_for(scenario)
    questions = [*POOR_QUESTIONS.values(), FEELING_QUESTION, ASSUMPTION_QUESTION]
    turns = [member.ask(question) for question in questions]
    card = score(turns, scenario.presenting, seconds=12.0)
    assert card.questions == 6
    assert card.kinds["closed"] == card.kinds["leading"] == card.kinds["advice"] == card.kinds["stacked"] == 1
    assert card.kinds["open"] == 2 and card.open_share == pytest.approx(2 / 6, abs=0.001)
    assert card.advice == 1
    assert card.depth == f"{len(card.layers_reached)}/6" and len(card.layers_reached) >= 2
    assert own_words("What does 'a tidy plan' mean to you?", ["She wants a tidy plan by March."])
    assert not own_words("What does that mean to you?", ["She wants a tidy plan by March."])


@pytest.mark.parametrize(
    "statement", ["You could ask the inspector for two more staff.", "Maybe just cut it to twenty minutes."]
)
def test_advice_given_as_a_statement_counts_as_advice(member_for, statement):
    scenario = SCENARIOS[0]
    turn = member_for(scenario).ask(statement)
    assert turn.kind == "statement" and turn.gives_advice
    assert turn.reply in scenario.deflections["advice"]
    plain = member_for(scenario).ask("The team seems tired.")
    assert not plain.gives_advice and plain.reply in scenario.deflections["leading"]
    assert score([turn, plain], scenario.presenting, seconds=1.0).advice == 1


def test_practise_script_json_contract_and_trend(tmp_path):
    script = tmp_path / "questions.txt"
    script.write_text(
        "\n".join([*POOR_QUESTIONS.values(), FEELING_QUESTION, "[bold]What now?[/bold]"]) + "\n"
    )
    scenario = SCENARIOS[1].id
    for _ in range(2):
        result = run_cli("practise", "--scenario", scenario, "--script", str(script), "--json")
        assert result.returncode == 0, result.stderr
    output = json.loads(result.stdout)
    assert output["scenario"] == scenario
    assert [turn["kind"] for turn in output["turns"]][:4] == list(POOR_QUESTIONS)
    assert all(set(turn) >= {"question", "kind", "reply", "layer"} for turn in output["turns"])
    assert output["turns"][0]["alternative"]  # an open question offered instead
    assert output["scorecard"]["questions"] == 6 and output["scorecard"]["advice"] == 1
    from alcoach.paths import database_path
    from alcoach.store import Store

    store = Store.open(database_path())
    try:
        history = store.practice_history()
    finally:
        store.close()
    assert [entry["scenario"] for entry in history] == [scenario, scenario]
    assert history[-1]["scorecard"]["questions"] == 6
