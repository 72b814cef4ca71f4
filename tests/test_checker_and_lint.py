"""Each lint rule, with several examples, through the checker and `alcoach bank lint`."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from alcoach.bank.lint import lint_paths
from alcoach.paths import bank_dir
from tests.conftest import run_jsonl

# Clear cases of each kind; the checker must call every one of them right.
KINDS = {
    "advice": [
        "Have you tried talking to your manager about it?",
        "Why not delegate the rota to someone else?",
        "What if you asked HR for help?",
        "Would it help to write it all down first?",
        "Is it worth speaking to her before the meeting?",
        "Couldn't you simply say no?",
        "Might it help to take a week off?",
        "Could you delegate some of it?",
        "What about sharing the budget papers?",
        "Shouldn't you raise it with the board?",
    ],
    "leading": [
        "Don't you think she has a point?",
        "Surely that was unfair on you?",
        "That was a hard meeting, wasn't it?",
        "You'd agree it's time to move on?",
        "Isn't it obvious they were wrong?",
        "How angry did that make you?",
    ],
    "stacked": [
        "What happened and how did you feel about it?",
        "What do you want? What is stopping you?",
        "Who else knows about this, and what do they think?",
        "Where did it start, and when did you first notice it?",
    ],
    "closed": [
        "Did you ask her about it?",
        "Is this the right job for you?",
        "Which matters more, the deadline or the team?",
        "You feel angry about it?",
        "Are you going to apply?",
        "Anything else?",
    ],
    "statement": [
        "I think you should talk to her.",
        "That sounds really difficult.",
    ],
    "open": [
        "What is happening right now that makes this a challenge for you?",
        "Tell me more about the team.",
        "If you knew they would listen, what would you say?",
        "To what extent is that true for you?",
        "What kind of stuck is that stuck?",
        "What makes it matter to you?",
        "Where did that rule come from?",
        "When you say 'stuck', what happens just before?",
        "What do you know about how the decision was made?",
        "Whereabouts do you feel that?",
    ],
}


# The whole turn is read: what comes before the question (a preamble, a reflection) is
# context, and the question proper is judged (issue 18). Written for this test.
WHOLE_TURNS = {
    "open": [
        "The audit came back twice. What did you make of the second one?",
        "You mentioned the night porters. What would they say is going on?",
        "so, um, the rota again... whats different about this month?",
        "It sounds like you're carrying both teams. How is that for you?",
    ],
    "closed": [
        "You've been at it since March. Did anyone from finance reply?",
        "Okay, the numbers first. How many people are on the bank list?",
        "On a scale of one to ten, how ready are you to raise it?",
    ],
    "advice": [
        "One option might be to pilot it on one ward. How would the sister take that?",
    ],
    "reflection": [
        "So you've asked three times and each time it came back to you.",
        "It sounds like the deadline matters more to them than the people doing it.",
        "Part of you wants to stay, and part of you has already gone.",
        "So the lorries queue from six and the yard can take four at a time.",
    ],
    "statement": [
        "Take a minute before you answer.",
        "So, have a think and come back to it.",
        "When I ran a depot we had exactly the same thing.",
    ],
}


@pytest.mark.parametrize(("kind", "text"), [(k, t) for k, texts in WHOLE_TURNS.items() for t in texts])
def test_the_whole_turn_is_read_and_the_question_proper_judged(checker, kind, text):
    verdict = checker.check(text)
    assert verdict.kind == kind, verdict.reasons


@pytest.mark.parametrize(("kind", "text"), [(k, t) for k, texts in KINDS.items() for t in texts])
def test_checker_kinds(checker, kind, text):
    verdict = checker.check(text)
    assert verdict.kind == kind, verdict.reasons
    assert verdict.reasons and all(isinstance(r, str) and r for r in verdict.reasons)


def test_reasons_quote_the_words(checker):
    verdict = checker.check("Have you tried talking to your manager?")
    assert any("Have you tried" in reason for reason in verdict.reasons)


def test_checker_survives_hard_input(checker):
    for text in ["", "   ", "?", "😀?", "[bold]What[/bold] now?", "\x1b[31mWhat?\x1b[0m", "é" * 5000 + "?"]:
        assert checker.check(text).kind in {"statement", "advice", "leading", "stacked", "closed", "open"}


def _write(tmp_path: Path, questions: list[tuple[str, str]], **fields) -> Path:
    lines = ["questions:"]
    for qid, text in questions:
        lines += [
            f"  - id: {qid}",
            f'    text: "{text}"',
            f"    stage: {fields.get('stage', 'situation')}",
            f"    targets: {fields.get('targets', '[]')}",
            "    level: 2",
            "    modes: [prepare]",
            "    method: socratic",
        ]
    path = tmp_path / "facilitator.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _lint(path: Path, checker, models) -> list[str]:
    return [str(p) for p in lint_paths([path], checker, models.embedder, bank_dir())]


@pytest.mark.parametrize("kind", ["advice", "leading", "stacked", "closed"])
def test_lint_flags_each_bad_kind_with_file_and_line(tmp_path, checker, models, kind):
    texts = KINDS[kind]
    path = _write(tmp_path, [(f"q-{i}", t) for i, t in enumerate(texts)])
    problems = _lint(path, checker, models)
    for i, _ in enumerate(texts):
        line = 2 + 7 * i
        assert any(p.startswith(f"{path}:{line}: question 'q-{i}' is {kind}") for p in problems), problems


def test_lint_passes_open_questions(tmp_path, checker, models):
    path = _write(tmp_path, [(f"q-{i}", t) for i, t in enumerate(KINDS["open"]) if "'" not in t])
    assert _lint(path, checker, models) == []


def test_lint_flags_near_duplicates(tmp_path, checker, models):
    path = _write(
        tmp_path,
        [
            ("a", "What do you think is really going on here?"),
            ("b", "What do you think is actually going on here?"),
            ("c", "Who first noticed the problem on the ward?"),
        ],
    )
    problems = _lint(path, checker, models)
    assert len(problems) == 1 and "'b' nearly duplicates 'a'" in problems[0]
    assert problems[0].startswith(f"{path}:9: ")


def test_lint_flags_unknown_label_and_stage(tmp_path, checker, models):
    path = _write(tmp_path, [("a", "What do you notice first?")], stage="daydream", targets="[gloom]")
    problems = _lint(path, checker, models)
    assert f"{path}:4: question 'a': unknown stage 'daydream'" in problems[0]
    assert any(p.startswith(f"{path}:5: question 'a': unknown label 'gloom'") for p in problems)


def test_builtin_bank_lints_clean(builtin_bank, checker, models):
    problems = lint_paths([bank_dir()], checker, models.embedder, bank_dir())
    assert problems == []


def test_lint_command_exit_codes_and_output(tmp_path):
    bad = _write(tmp_path, [("a", "Have you tried asking her?")])
    run = subprocess.run(
        [sys.executable, "-m", "alcoach", "bank", "lint", str(bad)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 1
    assert run.stdout.startswith(f"{bad}:2: question 'a' is advice")
    good = tmp_path / "good.yaml"
    good.write_text(bad.read_text().replace("Have you tried asking her?", "Who else is involved?"))
    bad.unlink()
    run = subprocess.run(
        [sys.executable, "-m", "alcoach", "bank", "lint", str(good)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout == "" and "no problems" in run.stderr


def test_check_question_command_contract():
    lines = "Have you tried asking HR for more staff?\nWhat matters most to you here?\n\n"
    results = run_jsonl("check-question", lines)
    assert [r["kind"] for r in results] == ["advice", "open", "statement"]
    for result in results:
        assert set(result) == {"text", "kind", "reasons", "alternatives"}
        assert result["reasons"]
    advice = results[0]
    assert 1 <= len(advice["alternatives"]) <= 3
    for alternative in advice["alternatives"]:
        assert set(alternative) == {"id", "text"}
        assert "{" not in alternative["text"]  # a template needs the member's words; never offered
    assert results[1]["alternatives"] == []


def test_alternatives_stand_alone_without_pointing_at_what_was_never_said():
    # Poor questions written for this test; an alternative is offered out of context, so it
    # must not refer to "that decision", "they" or "that success" the member never mentioned.
    lines = "\n".join(
        [
            "Why don't you just talk to HR?",
            "Don't you think you should escalate it?",
            "How about asking your team?",
            "I think you're being too hard on yourself.",
            "Is it getting worse?",
            "What happened and how did you feel and what will you do?",
        ]
    )
    pointing = re.compile(r"\b(they|them|their|he|she|that decision|that success|call yourself)\b", re.I)
    for result in run_jsonl("check-question", lines + "\n"):
        assert result["alternatives"], result["text"]
        for alternative in result["alternatives"]:
            assert not pointing.search(alternative["text"]), (result["text"], alternative["text"])
