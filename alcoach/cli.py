"""The `alcoach` command. Subcommands are thin wrappers over the core packages.

Heavy libraries (spaCy, torch, Textual) are imported inside the subcommand that needs
them, so `alcoach --help` and the first screen appear at once.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

EXIT_OK, EXIT_PROBLEMS, EXIT_ERROR = 0, 1, 2


def _dump(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False)


def _texts(args: argparse.Namespace) -> Iterator[str]:
    if args.jsonl:
        for line in sys.stdin:
            yield line.rstrip("\n")
    else:
        yield " ".join(args.text)


def _require_text(args: argparse.Namespace, parser: argparse.ArgumentParser) -> None:
    if not args.jsonl and not args.text:
        parser.error("give the text to read, or --jsonl to read one text per line from stdin")


def cmd_analyse(args: argparse.Namespace) -> int:
    from alcoach.nlp.analysis import Analyser
    from alcoach.nlp.models import get_models

    models = get_models()
    analyser = Analyser.shipped(models)
    for text in _texts(args):
        result = analyser.analyse(text).to_json()
        if args.json or args.jsonl:
            print(_dump(result), flush=True)
        else:
            for label in result["labels"]:
                print(f"{label['label']:22} {label['score']:.2f}  \u201c{label['evidence']}\u201d")
            print("phrases:", ", ".join(result["phrases"]) or "-")
            print("safety:", result["safety"])
    return EXIT_OK


def cmd_ask(args: argparse.Namespace) -> int:
    from alcoach.bank.loader import load_default_bank
    from alcoach.coach.engine import Coach
    from alcoach.coach.selector import BankIndex, select_next_question
    from alcoach.coach.state import SessionState
    from alcoach.paths import cache_dir, ensure_home

    ensure_home()
    bank = load_default_bank()
    coach = Coach.load(bank, cache_dir())
    flow = bank.flows["prepare"]
    opening = select_next_question(BankIndex(list(bank.questions)), SessionState(flow, seed=args.seed), None)
    for text in _texts(args):
        state = SessionState(flow, seed=args.seed)
        if opening is not None:
            state.record_question(opening.question.id, opening.question.stage, opening.question.level)
        state.record_answer(text)
        analysis = coach.analyse(text)
        selection = coach.next_question(state, analysis)
        question = selection.question if selection else None
        result = {
            "text": text,
            "question": None
            if question is None
            else {
                "id": question.id,
                "text": selection.text,
                "stage": question.stage,
                "targets": list(question.targets),
                "level": question.level,
            },
            "why": selection.why if selection else "",
            "safety": analysis.safety,
        }
        if args.json or args.jsonl:
            print(_dump(result), flush=True)
        else:
            print(selection.text if selection else "(no question)")
            print(f"  why: {result['why']}")
    return EXIT_OK


def cmd_check_question(args: argparse.Namespace) -> int:
    from alcoach.bank.loader import load_default_bank
    from alcoach.coach.alternatives import intent_vector, open_alternatives
    from alcoach.coach.engine import Coach
    from alcoach.nlp.models import get_models
    from alcoach.paths import cache_dir, ensure_home

    ensure_home()
    coach = Coach.load(load_default_bank(), cache_dir())
    embedder = get_models().embedder
    for text in _texts(args):
        verdict = coach.checker.check(text)
        alternatives = []
        if not verdict.is_open:
            vector = intent_vector(text, verdict.kind, embedder.encode_one)
            alternatives = open_alternatives(vector, coach.index, coach.is_open, exclude_text=text)
        result = {
            "text": text,
            "kind": verdict.kind,
            "reasons": verdict.reasons,
            "alternatives": [{"id": q.id, "text": q.text} for q in alternatives],
        }
        if args.json or args.jsonl:
            print(_dump(result), flush=True)
        else:
            print(f"{verdict.kind}: " + "; ".join(verdict.reasons))
            for question in alternatives:
                print(f"  instead: {question.text}")
    return EXIT_OK


def cmd_bank_stats(args: argparse.Namespace) -> int:
    from alcoach.bank.loader import load_bank, load_default_bank
    from alcoach.bank.stats import bank_stats, format_stats
    from alcoach.paths import bank_dir

    if args.paths:
        paths = [Path(p) for p in args.paths]
        flows = sorted((bank_dir() / "flows").glob("*.yaml"))
        bank = load_bank([p for p in paths if p.is_dir()], [*flows, *(p for p in paths if p.is_file())])
    else:
        bank = load_default_bank()
    stats = bank_stats(bank)
    print(_dump(stats) if args.json else format_stats(stats))
    return EXIT_OK


def cmd_train(args: argparse.Namespace) -> int:
    if args.model in ("classifier", "all"):
        from alcoach.nlp.train_classifier import format_table, train

        metrics = train()
        print(format_table(metrics))
        print("\nwritten to models/member-classifier (held-back figures above)")
    if args.model in ("safety", "all"):
        from alcoach.nlp.train_safety import format_rates
        from alcoach.nlp.train_safety import train as train_safety

        meta = train_safety()
        print(f"\nsafety model, threshold {meta['threshold']}, cross-validated, the model alone:")
        print(format_rates(meta["cross_validated"]["model"]))
        print("written to models/safety-model")
    return EXIT_OK


def cmd_eval(args: argparse.Namespace) -> int:
    from alcoach.nlp.train_classifier import format_table, held_back_metrics

    metrics = held_back_metrics()
    print(_dump(metrics) if args.json else format_table(metrics))
    return EXIT_OK


def cmd_practise(args: argparse.Namespace) -> int:
    from alcoach.bank.scenarios import load_scenarios

    scenarios, problems = load_scenarios()
    for problem in problems:
        print(f"alcoach: {problem}", file=sys.stderr)
    by_id = {scenario.id: scenario for scenario in scenarios}
    if args.list:
        for scenario in scenarios:
            print(f"{scenario.id:28} {scenario.title} ({scenario.setting})")
        return EXIT_OK
    if args.scenario is not None and args.scenario not in by_id:
        print(
            f"alcoach: no scenario {args.scenario!r}; `alcoach practise --list` lists them", file=sys.stderr
        )
        return EXIT_ERROR
    if args.script is None:
        from alcoach.tui.app import make_app

        make_app(
            practice=args.scenario or "", practice_seed=args.seed, hide_feedback=args.hide_feedback
        ).run()
        return EXIT_OK
    if args.scenario is None:
        print("alcoach: --script needs --scenario ID (`alcoach practise --list` lists them)", file=sys.stderr)
        return EXIT_ERROR
    questions = [line.strip() for line in _read_script(args.script) if line.strip()]
    from alcoach.bank.loader import load_default_bank
    from alcoach.coach.engine import Coach
    from alcoach.paths import cache_dir, database_path, ensure_home
    from alcoach.practice.session import PracticeSession
    from alcoach.store import Store

    ensure_home()
    coach = Coach.load(load_default_bank(), cache_dir())
    store = Store.open(database_path())
    try:
        session = PracticeSession(by_id[args.scenario], coach, store, seed=args.seed)
        feedback = [session.ask(question) for question in questions]
        card = session.finish()
    finally:
        store.close()
    result = {
        "scenario": args.scenario,
        "turns": [
            {
                "question": item.reply.question,
                "kind": item.reply.kind,
                "reasons": list(item.reply.reasons),
                "alternative": item.alternative,
                "reply": item.reply.reply,
                "layer": item.reply.layer,
            }
            for item in feedback
        ],
        "scorecard": card.as_dict(),
    }
    if args.json:
        print(_dump(result))
        return EXIT_OK
    for item in feedback:
        print(f"you ({item.reply.kind}): {item.reply.question}")
        if not args.hide_feedback and item.reply.kind != "open":
            print("  why: " + "; ".join(item.reply.reasons))
            if item.alternative:
                print(f"  open instead: {item.alternative}")
        print(f"member: {item.reply.reply}\n")
    print(_dump(card.as_dict()))
    return EXIT_OK


def _read_script(path: str) -> list[str]:
    with open(path, encoding="utf-8", errors="replace") as file:
        return file.read().splitlines()


def cmd_history(args: argparse.Namespace) -> int:
    from alcoach.paths import database_path
    from alcoach.store import Store

    store = Store.open(database_path())
    history = store.history()
    if args.json:
        print(_dump(history))
        return EXIT_OK
    for session in history:
        print(f"#{session['id']}  {session['mode']}  {session['started']}  ({session['status']})")
        for turn in session["turns"]:
            who = "Coach" if turn["speaker"] == "coach" else "You  "
            print(f"  {who}  {turn['text']}")
    if not history:
        print("No sessions yet. Run `alcoach` to start one.")
    return EXIT_OK


def cmd_bank_lint(args: argparse.Namespace) -> int:
    from alcoach.bank.lint import lint_paths
    from alcoach.nlp.checker import QuestionChecker
    from alcoach.nlp.models import get_models
    from alcoach.paths import bank_dir, user_bank_dir

    paths = [Path(p) for p in args.paths] or [bank_dir(), user_bank_dir()]
    missing = [p for p in paths if not p.exists() and p != user_bank_dir()]
    for path in missing:
        print(f"{path}:1: no such file or folder", file=sys.stderr)
    models = get_models()
    existing = [p for p in paths if p.exists()]
    checker = QuestionChecker.with_model(models.nlp, models.embedder)
    problems = lint_paths(existing, checker, models.embedder, bank_dir())
    for problem in problems:
        print(problem)
    if problems or missing:
        print(f"{len(problems) + len(missing)} problem(s)", file=sys.stderr)
        return EXIT_PROBLEMS
    return EXIT_OK


def _run_app(initial_mode: str | None) -> int:
    from alcoach.tui.app import make_app

    make_app(initial_mode=initial_mode).run()
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="alcoach",
        description="An offline reflection coach for Action Learning. Run without a command to open the app.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    commands.add_parser("prepare", help="open the app on a new 'prepare for a set meeting' session")

    for name, helptext in (
        ("analyse", "show what alcoach reads in a text: labels with evidence, phrases, safety"),
        ("ask", "show the question the coach would ask after TEXT as a first answer"),
        ("check-question", "judge a question: open, closed, leading, stacked, advice or statement"),
    ):
        sub = commands.add_parser(name, help=helptext, description=helptext)
        sub.add_argument("text", nargs="*", help="the text (quote it)")
        sub.add_argument("--json", action="store_true", help="print one JSON object")
        sub.add_argument(
            "--jsonl", action="store_true", help="read one text per stdin line; print JSON lines"
        )
        if name == "ask":
            sub.add_argument("--seed", type=int, default=0, help="seed for a reproducible choice")

    training = commands.add_parser("train", help="train the answer classifier and safety model (seeded)")
    training.add_argument(
        "--model", choices=("all", "classifier", "safety"), default="all", help="which model (default: both)"
    )
    evaluate = commands.add_parser("eval", help="the answer classifier on the held-back part of its corpus")
    evaluate.add_argument("--json", action="store_true", help="print JSON")

    practise = commands.add_parser(
        "practise", aliases=["practice"], help="facilitators: question a simulated set member"
    )
    practise.add_argument("--list", action="store_true", help="list the scenarios and exit")
    practise.add_argument("--scenario", help="scenario id (without it: the app's scenario chooser)")
    practise.add_argument("--script", help="a file with one question per line: run them all, no app")
    practise.add_argument("--json", action="store_true", help="print one JSON object")
    practise.add_argument("--seed", type=int, default=0, help="seed for reproducible replies")
    practise.add_argument(
        "--hide-feedback", action="store_true", help="a 'real' run: no feedback per question"
    )

    history = commands.add_parser("history", help="list your sessions with every turn")
    history.add_argument("--json", action="store_true", help="print JSON")

    bank = commands.add_parser("bank", help="work with the question bank")
    bank_commands = bank.add_subparsers(dest="bank_command", metavar="BANK_COMMAND", required=True)
    lint = bank_commands.add_parser("lint", help="check question files; print FILE:LINE: message per problem")
    lint.add_argument("paths", nargs="*", help="files or folders (default: the built-in and your own bank)")
    stats = bank_commands.add_parser("stats", help="coverage: labels by level, stages by flow, methods")
    stats.add_argument("paths", nargs="*", help="files or folders (default: the built-in and your own bank)")
    stats.add_argument("--json", action="store_true", help="print JSON")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handlers: dict[str, Callable[[argparse.Namespace], int]] = {
        "analyse": cmd_analyse,
        "ask": cmd_ask,
        "history": cmd_history,
        "check-question": cmd_check_question,
        "train": cmd_train,
        "eval": cmd_eval,
        "practise": cmd_practise,
        "practice": cmd_practise,
    }
    try:
        if args.command is None:
            return _run_app(None)
        if args.command == "prepare":
            return _run_app("prepare")
        if args.command == "bank":
            return cmd_bank_stats(args) if args.bank_command == "stats" else cmd_bank_lint(args)
        if args.command in ("analyse", "ask", "check-question"):
            _require_text(args, parser)
        return handlers[args.command](args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as error:
        from alcoach.errors import describe

        message = describe(error)
        if message is None:
            raise
        print(f"alcoach: {message}", file=sys.stderr)
        return EXIT_ERROR
