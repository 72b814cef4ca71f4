"""The loader reports every problem with its file and line, and the built-in bank is sound."""

from __future__ import annotations

from pathlib import Path

from alcoach.bank.loader import load_bank
from alcoach.nlp.labels import THINKING_PATTERNS
from alcoach.paths import bank_dir

GOOD = """\
questions:
  - id: t-01
    text: "What matters most to you about this?"
    stage: what_matters
    targets: []
    level: 1
    modes: [prepare]
    method: action-learning
"""


def _bank_with(tmp_path: Path, body: str):
    path = tmp_path / "mine.yaml"
    path.write_text(body, encoding="utf-8")
    flows = sorted((bank_dir() / "flows").glob("*.yaml"))
    return path, load_bank(files=[*flows, path])


def _problems_in(path: Path, bank) -> list[tuple[int, str]]:
    return [(p.line, p.message) for p in bank.problems if p.path == path]


def test_a_good_file_loads_without_problems(tmp_path):
    path, bank = _bank_with(tmp_path, GOOD)
    assert _problems_in(path, bank) == []
    assert [q.id for q in bank.questions] == ["t-01"]
    assert bank.questions[0].line == 2


def test_broken_yaml_reports_file_and_line(tmp_path):
    path, bank = _bank_with(tmp_path, GOOD + "  - id: t-02\n    text: [unclosed\n")
    problems = _problems_in(path, bank)
    assert len(problems) == 1
    line, message = problems[0]
    assert line >= 10 and "invalid YAML" in message
    assert str(bank.problems[-1]).startswith(f"{path}:{line}: ")


def test_unknown_label_points_at_the_targets_line(tmp_path):
    path, bank = _bank_with(tmp_path, GOOD.replace("targets: []", "targets: [mind_raeding]"))
    assert _problems_in(path, bank) == [(5, "question 't-01': unknown label 'mind_raeding'")]
    assert bank.questions == []  # a question with a problem is never asked


def test_unknown_stage_mode_method_and_level(tmp_path):
    body = (
        GOOD.replace("stage: what_matters", "stage: musings")
        .replace("modes: [prepare]", "modes: [ponder]")
        .replace("method: action-learning", "method: telepathy")
        .replace("level: 1", "level: 7")
    )
    path, bank = _bank_with(tmp_path, body)
    problems = dict(_problems_in(path, bank))
    assert "unknown stage 'musings'" in problems[4]
    assert "'level' must be a whole number from 1 to 3" in problems[6]
    assert "unknown mode 'ponder'" in problems[7]
    assert "unknown method 'telepathy'" in problems[8]


def test_missing_and_unknown_fields(tmp_path):
    body = GOOD.replace('    text: "What matters most to you about this?"\n', "    txet: oops\n")
    path, bank = _bank_with(tmp_path, body)
    messages = [m for _, m in _problems_in(path, bank)]
    assert "question 't-01': missing field 'text'" in messages
    assert "question 't-01': unknown field 'txet'" in messages


def test_duplicate_id_names_both_places(tmp_path):
    second = GOOD.split("\n", 1)[1].replace("What matters most", "What else matters")
    path, bank = _bank_with(tmp_path, GOOD + second)
    assert _problems_in(path, bank) == [(9, f"duplicate id 't-01' (first at {path}:2)")]


def test_duplicate_key_is_reported(tmp_path):
    path, bank = _bank_with(tmp_path, GOOD.replace("    level: 1\n", "    level: 1\n    level: 2\n"))
    assert (7, "key 'level' appears twice; the first is ignored") in _problems_in(path, bank)


def test_not_a_bank_file(tmp_path):
    path, bank = _bank_with(tmp_path, "- just\n- a list\n")
    assert _problems_in(path, bank) == [(1, "expected a mapping with a 'questions' list or a 'flow'")]


def test_not_utf8(tmp_path):
    path = tmp_path / "latin.yaml"
    path.write_bytes("questions: []\n# caf\xe9\n".encode("latin-1"))
    bank = load_bank(files=[path])
    assert bank.problems and bank.problems[0].line == 1 and "UTF-8" in bank.problems[0].message


def test_builtin_bank_is_large_enough_and_covers_the_flow(builtin_bank):
    assert builtin_bank.problems == []
    assert len(builtin_bank.questions) >= 120
    prepare = builtin_bank.flows["prepare"]
    for stage in prepare.stages:
        asked = [q for q in builtin_bank.for_stage(stage.id, "prepare")]
        assert len(asked) >= max(stage.turns, 3), stage.id
        # Enough at the supportive level to open gently.
        assert any(q.level == 1 for q in asked), stage.id
    targeted = {t for q in builtin_bank.questions for t in q.targets}
    assert set(THINKING_PATTERNS) <= targeted


def test_user_bank_files_are_loaded_after_the_builtin_ones(alcoach_home):
    from alcoach.bank.loader import load_default_bank

    mine = alcoach_home / "question_bank"
    mine.mkdir(parents=True)
    (mine / "extra.yaml").write_text(GOOD.replace("t-01", "mine-01"), encoding="utf-8")
    bank = load_default_bank()
    assert bank.questions[-1].id == "mine-01"
    assert bank.problems == []
