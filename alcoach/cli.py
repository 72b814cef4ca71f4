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
    if not args.jsonl and not " ".join(args.text).strip():
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
    from alcoach.bank.support import IMMEDIATE, load_support
    from alcoach.coach.engine import Coach
    from alcoach.coach.selector import BankIndex, select_next_question
    from alcoach.coach.state import SessionState
    from alcoach.paths import cache_dir, ensure_home

    ensure_home()
    bank = load_default_bank()
    coach = Coach.load(bank, cache_dir())
    support, _ = load_support()
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
            if analysis.safety == "concern":
                print(support.as_text(analysis.safety_level or IMMEDIATE) + "\n")
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


def cmd_bench(args: argparse.Namespace) -> int:
    from alcoach.bench import format_bench, run_bench

    result = run_bench()
    print(_dump(result) if args.json else format_bench(result))
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
    from alcoach.paths import cache_dir, ensure_home
    from alcoach.practice.session import PracticeSession

    ensure_home()
    coach = Coach.load(load_default_bank(), cache_dir())
    store = _open_store()
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
    store = _open_store()
    history = store.history()
    if args.json:
        print(_dump(history))
        return EXIT_OK
    for session in history:
        print(f"#{session['id']}  {session['mode']}  {session['started']}  ({session['status']})")
        for turn in session["turns"]:
            who = "Coach" if turn["speaker"] == "coach" else "You  "
            first, *rest = turn["text"].splitlines() or [""]
            print(f"  {who}  {first}")
            for line in rest:  # a turn of several lines stays in its column
                print(f"  {' ' * len(who)}  {line}")
    if not history:
        print("No sessions yet. Run `alcoach` to start one.")
    return EXIT_OK


def _open_store():
    """The member's database, with any warning about it on stderr."""
    from alcoach.paths import database_path
    from alcoach.store import Store

    store = Store.open(database_path())
    for warning in store.warnings:
        print(f"alcoach: {warning}", file=sys.stderr)
    return store


def cmd_doctor(args: argparse.Namespace) -> int:
    from alcoach.paths import database_path
    from alcoach.store import doctor

    path = database_path()
    checkup = doctor.check(path)
    if checkup.healthy:
        print(f"{path}: no damage found.")
        return EXIT_OK
    print(f"{path} is damaged ({len(checkup.problems)} problem(s) found); it has been left as it is.")
    for problem in checkup.problems[: doctor.MAX_PROBLEMS_SHOWN]:
        print(f"  {problem}")
    if not args.recover:
        print("Run `alcoach doctor --recover NEW_FILE` to copy what can be read into a new database.")
        return EXIT_ERROR
    recovery = doctor.recover(path, Path(args.recover))
    for table, copied in recovery.copied.items():
        skipped = recovery.skipped[table]
        lost = f", {skipped} unreadable stretch(es) skipped" if skipped else ""
        print(f"  {table}: {copied} row(s) copied{lost}")
    print(
        f"Recovered into {recovery.target}. To use it, move {path} aside and put the new file in its place."
    )
    return EXIT_OK


ALL_MATCHES = 1_000_000  # every answer that matches; --limit then keeps the newest


def cmd_search(args: argparse.Namespace) -> int:
    from alcoach.display import visible
    from alcoach.store.search import search

    store = _open_store()
    try:
        hits = search(store, " ".join(args.term), limit=ALL_MATCHES)
    finally:
        store.close()
    hits.sort(key=lambda hit: (hit.started, hit.turn_id), reverse=True)  # newest first
    shown = hits[: args.limit] if args.limit else hits
    if args.json:
        print(
            _dump(
                [
                    {
                        "session": hit.session_id,
                        "turn": hit.turn_id,
                        "mode": hit.mode,
                        "started": hit.started,
                        "text": hit.text,
                        "snippet": hit.snippet,
                    }
                    for hit in shown
                ]
            )
        )
        return EXIT_OK
    if not hits:
        print("None of your answers mention that. Try another word, or fewer words.")
        return EXIT_OK
    for hit in shown:
        snippet = " ".join(visible(hit.snippet).split())
        print(f"{hit.started[:10]}  {hit.mode:9}  #{hit.session_id:<4} {snippet}")
    if len(shown) < len(hits):
        print(f"… and {len(hits) - len(shown)} older (--limit 0 shows them all)")
    return EXIT_OK


def _removal_counts(counts: dict[str, int]) -> str:
    names = {
        "sessions": "session",
        "turns": "turn",
        "commitments": "commitment",
        "question_feedback": "question feedback mark",
        "challenges": "challenge",
        "practice_sessions": "practice session",
        "practice_turns": "practice turn",
    }
    parts = [f"{n} {names[key]}{'' if n == 1 else 's'}" for key, n in counts.items() if n]
    return ", ".join(parts) or "nothing"


def cmd_forget(args: argparse.Namespace) -> int:
    from alcoach.display import visible
    from alcoach.store import forget

    store = _open_store()
    try:
        if args.all:
            removal = forget.preview_all(store)
            print("Forget everything: every session, challenge, commitment and practice session.")
        elif args.challenge is not None:
            removal = forget.preview_challenge(store, args.challenge)
            title = visible(removal.challenge_title or "")
            print(f"Forget challenge #{args.challenge} “{title}” and all its sessions.")
        else:
            removal = forget.preview_session(store, args.session)
            session = store.session(args.session)
            print(f"Forget session #{session.id} ({session.mode}, started {session.started[:10]}).")
        if removal.first_answer is not None:
            print(f"  It begins: “{visible(removal.first_answer)[:100]}”")
        if removal.total == 0:
            print("There is nothing to forget.")
            return EXIT_OK
        print(f"  This removes {_removal_counts(removal.counts())}, for good.")
        if not args.yes:
            if not sys.stdin.isatty():
                print(
                    "alcoach: forget asks you to type 'forget' to confirm, and stdin is not a terminal; "
                    "add --yes to forget without asking. Nothing was removed.",
                    file=sys.stderr,
                )
                return EXIT_ERROR
            try:
                answer = input("Type 'forget' to remove it for good (anything else cancels): ")
            except EOFError:
                answer = ""
            if answer.strip().lower() != "forget":
                print("Cancelled; nothing was removed.")
                return EXIT_PROBLEMS
        if args.all:
            removal = forget.forget_all(store)
        elif args.challenge is not None:
            removal = forget.forget_challenge(store, args.challenge)
        else:
            removal = forget.forget_session(store, args.session)
    finally:
        store.close()
    print(f"Forgotten: {_removal_counts(removal.counts())}.")
    if not removal.scrubbed:
        print(
            "alcoach: removed, but another program had the database open, so old copies of the text may "
            "stay in the file until the next `alcoach forget` (close other alcoach windows first).",
            file=sys.stderr,
        )
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
    print("no problems found", file=sys.stderr)  # stdout stays one line per problem
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from alcoach.coach.export import ExportError, export_challenge, export_session, to_markdown
    from alcoach.paths import write_private

    include = [name.strip() for name in args.include.split(",") if name.strip()] if args.include else None
    store = _open_store()
    try:
        if args.challenge is not None:
            exports = export_challenge(store, store.challenge(args.challenge).id, include)
        else:
            exports = [export_session(store, _existing_session(store, args.session), include)]
    except ExportError as error:
        print(f"alcoach: {error}", file=sys.stderr)
        return EXIT_ERROR
    finally:
        store.close()
    if args.format == "json":
        text = _dump([export.as_dict() for export in exports] if args.challenge else exports[0].as_dict())
    else:
        text = to_markdown(exports)
    if args.output is None:
        print(text, end="" if text.endswith("\n") else "\n")
        return EXIT_OK
    write_private(Path(args.output), text)
    print(f"Written to {args.output}.")
    return EXIT_OK


def _existing_session(store: Any, session_id: int) -> int:
    from alcoach.store import StoreError

    if not any(session.id == session_id for session in store.sessions()):
        raise StoreError(f"There is no session {session_id}; `alcoach history` lists them.")
    return session_id


def cmd_session(args: argparse.Namespace) -> int:
    """`alcoach prepare|reflect`: the app on a new session, or a whole scripted session."""
    if args.script is None:
        from alcoach.tui.app import make_app

        if args.challenge is not None:
            from alcoach.paths import ensure_home

            ensure_home()
            store = _open_store()
            try:
                store.challenge(args.challenge)  # "There is no challenge 99." before the app opens
            finally:
                store.close()
        make_app(initial_mode=args.command, challenge_id=args.challenge, session_seed=args.seed).run()
        return EXIT_OK
    answers = [line for line in _read_script(args.script) if line.strip()]
    from alcoach.bank.loader import load_default_bank
    from alcoach.coach.engine import Coach
    from alcoach.coach.manager import SessionManager
    from alcoach.coach.scripted import NoChallenge, challenge_for, run_script
    from alcoach.display import visible
    from alcoach.paths import cache_dir, ensure_home

    ensure_home()
    store = _open_store()
    try:
        bank = load_default_bank()
        manager = SessionManager(store, bank)
        try:
            challenge = challenge_for(manager, args.command, args.challenge, answers)
        except NoChallenge as error:
            print(f"alcoach: {error}", file=sys.stderr)
            return EXIT_ERROR
        manager.coach = Coach.load(bank, cache_dir())
        result = run_script(manager, args.command, answers, challenge, seed=args.seed, show_support=True)
    finally:
        store.close()
    if args.json:
        print(_dump(result))
        return EXIT_OK
    for turn in result["turns"]:
        who = "coach" if turn["speaker"] == "coach" else "you"
        print(f"{who}: {visible(turn['text'])}\n")
    for commitment in result["commitments"]:
        print(f"commitment: {visible(commitment)}")
    return EXIT_OK


def _run_app(initial_mode: str | None) -> int:
    from alcoach.tui.app import make_app

    make_app(initial_mode=initial_mode).run()
    return EXIT_OK


# textual-serve's page asks Google Fonts for Roboto Mono; the package ships the font itself.
_GOOGLE_FONTS = r'<link\s+rel="stylesheet"\s+href="https://fonts\.googleapis\.com/[^"]*"\s*/>'
_LOCAL_FONTS = """<link rel="preload" as="font" type="font/ttf" crossorigin
      href="{{ config.static.url }}fonts/RobotoMono-VariableFont_wght.ttf" />
    <style>
      @font-face { font-family: "Roboto Mono"; font-style: normal; font-weight: 100 700;
        src: url("{{ config.static.url }}fonts/RobotoMono-VariableFont_wght.ttf") format("truetype"); }
      @font-face { font-family: "Roboto Mono"; font-style: italic; font-weight: 100 700;
        src: url("{{ config.static.url }}fonts/RobotoMono-Italic-VariableFont_wght.ttf") format("truetype"); }
    </style>"""


LOOPBACK = ("127.0.0.1", "localhost", "::1")


def cmd_serve(args: argparse.Namespace) -> int:
    """`alcoach serve`: the app in a browser (textual-serve); every page runs its own `alcoach`."""
    import re
    import shlex
    import tempfile

    import textual_serve
    from textual_serve.server import Server

    packaged = Path(textual_serve.__file__).parent / "templates" / "app_index.html"
    page = re.sub(_GOOGLE_FONTS, lambda _: _LOCAL_FONTS, packaged.read_text(encoding="utf-8"))
    if args.host not in LOOPBACK:
        # One database per person is the privacy promise: served to others, everyone would
        # write into this member's database and read each other's reflections.
        print(
            f"alcoach: will not listen on {args.host}. alcoach keeps one private database per "
            "person, so anyone reaching this port would read and write yours. For a workshop, each "
            "person runs `alcoach serve` on their own machine (it listens on that machine only), or "
            "under their own login with their own ALCOACH_HOME.",
            file=sys.stderr,
        )
        return EXIT_ERROR
    with tempfile.TemporaryDirectory(prefix="alcoach-serve-") as templates:
        (Path(templates) / "app_index.html").write_text(page, encoding="utf-8")
        command = f"{shlex.quote(sys.executable)} -m alcoach"
        server = Server(command, host=args.host, port=args.port, title="alcoach", templates_path=templates)
        print(f"alcoach: open {server.public_url} in a browser (Ctrl+C stops)", flush=True)
        server.serve()
    return EXIT_OK


def _session_or_challenge(command: argparse.ArgumentParser, challenge_help: str) -> Any:
    """SESSION or --challenge ID, exactly one (the group, for a command to add to)."""
    target = command.add_mutually_exclusive_group(required=True)
    target.add_argument("session", nargs="?", type=int, help="the session's number (see `alcoach history`)")
    target.add_argument("--challenge", type=int, metavar="ID", help=challenge_help)
    return target


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="alcoach",
        description="An offline reflection coach for Action Learning. Run without a command to open the app.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    for mode, helptext in (
        ("prepare", "prepare for a set meeting: open the app on a new session, or run a --script"),
        ("reflect", "reflect after taking action: open the app on a new session, or run a --script"),
    ):
        sub = commands.add_parser(mode, help=helptext, description=helptext)
        sub.add_argument("--script", help="a file with one answer per line: run the whole session, no app")
        sub.add_argument("--json", action="store_true", help="print one JSON object (with --script)")
        sub.add_argument("--challenge", type=int, help="the challenge's id (default: a new one / the latest)")
        sub.add_argument("--seed", type=int, help="seed for a reproducible session")

    for name, helptext in (
        ("analyse", "show what alcoach reads in a text: labels with evidence, phrases, safety"),
        ("ask", "show the question the coach would ask after TEXT as a first answer"),
        (
            "check-question",
            "judge a question: open, closed, leading, stacked, advice, statement or reflection",
        ),
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
    benching = commands.add_parser(
        "bench", help="measure start-up, per-answer latency against the bare models, and memory"
    )
    benching.add_argument("--json", action="store_true", help="print one JSON object")
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

    serving = commands.add_parser(
        "serve", help="run the app in a web browser (textual-serve), e.g. for a workshop"
    )
    serving.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on: 127.0.0.1 (the default), localhost or ::1 — this machine only; "
        "alcoach refuses others, since everyone reaching the port would share your database",
    )
    serving.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000)")

    doctoring = commands.add_parser(
        "doctor",
        help="check your database for damage; --recover copies what can be read into a new file",
        description="Check your database for damage (read-only). With --recover, copy every readable "
        "row into a new file, leaving the damaged one as it is.",
    )
    doctoring.add_argument("--recover", metavar="NEW_FILE", help="the new database to copy into")

    history = commands.add_parser("history", help="list your sessions with every turn")
    history.add_argument("--json", action="store_true", help="print JSON")

    searching = commands.add_parser("search", help="find words in your past answers (newest first)")
    searching.add_argument("term", nargs="+", help="the words to find (every one must appear)")
    searching.add_argument("--json", action="store_true", help="print JSON")
    searching.add_argument(
        "--limit", type=int, default=20, metavar="N", help="show the newest N answers (default 20; 0 for all)"
    )

    forgetting = commands.add_parser(
        "forget", help="remove a session, a challenge or everything from your database, for good"
    )
    target = _session_or_challenge(forgetting, "a challenge and all its sessions")
    target.add_argument("--all", action="store_true", help="every session, challenge and practice session")
    forgetting.add_argument("--yes", action="store_true", help="do not ask for confirmation (for scripts)")

    exporting = commands.add_parser(
        "export", help="a presenting statement (prepare) or a report back (reflect), in Markdown or JSON"
    )
    _session_or_challenge(exporting, "every session of a challenge")
    exporting.add_argument(
        "--format", choices=("md", "json"), default="md", help="Markdown (default) or JSON"
    )
    exporting.add_argument(
        "--include",
        help="comma-separated sections to include (prepare: challenge, situation, want_from_set, next_step, "
        "patterns, useful_questions; reflect: commitment, what_happened, learned, next_step, patterns, "
        "useful_questions). Default: all but patterns and useful_questions",
    )
    exporting.add_argument("--output", help="write to this file (created readable by you only)")

    bank = commands.add_parser("bank", help="work with the question bank")
    bank_commands = bank.add_subparsers(dest="bank_command", metavar="BANK_COMMAND", required=True)
    lint = bank_commands.add_parser("lint", help="check question files; print FILE:LINE: message per problem")
    lint.add_argument("paths", nargs="*", help="files or folders (default: the built-in and your own bank)")
    stats = bank_commands.add_parser("stats", help="coverage: labels by level, stages by flow, methods")
    stats.add_argument("paths", nargs="*", help="files or folders (default: the built-in and your own bank)")
    stats.add_argument("--json", action="store_true", help="print JSON")
    _describe_from_help(parser)
    return parser


def _describe_from_help(parser: argparse.ArgumentParser) -> None:
    """Every subcommand's --help opens with what it does: its one-line help, unless it was
    given a longer description."""
    for action in parser._actions:
        if not isinstance(action, argparse._SubParsersAction):
            continue
        helps = {choice.dest: choice.help for choice in action._choices_actions}
        for name, command in action.choices.items():
            if command.description is None and helps.get(name):
                text = helps[name]
                command.description = text[0].upper() + text[1:] + ("" if text.endswith(".") else ".")
            _describe_from_help(command)


def _dispatch(
    args: argparse.Namespace,
    parser: argparse.ArgumentParser,
    handlers: dict[str, Callable[[argparse.Namespace], int]],
) -> int:
    if args.command is None:
        return _run_app(None)
    if args.command in ("prepare", "reflect"):
        return cmd_session(args)
    if args.command == "bank":
        return cmd_bank_stats(args) if args.bank_command == "stats" else cmd_bank_lint(args)
    if args.command in ("analyse", "ask", "check-question"):
        _require_text(args, parser)
    return handlers[args.command](args)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handlers: dict[str, Callable[[argparse.Namespace], int]] = {
        "analyse": cmd_analyse,
        "ask": cmd_ask,
        "history": cmd_history,
        "doctor": cmd_doctor,
        "search": cmd_search,
        "forget": cmd_forget,
        "export": cmd_export,
        "check-question": cmd_check_question,
        "train": cmd_train,
        "eval": cmd_eval,
        "bench": cmd_bench,
        "practise": cmd_practise,
        "practice": cmd_practise,
        "serve": cmd_serve,
    }
    from alcoach.display import terminal_safe, visible

    try:
        with terminal_safe():
            return _dispatch(args, parser, handlers)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as error:
        from alcoach.errors import describe

        message = describe(error)
        if message is None:
            raise
        print(f"alcoach: {visible(message)}", file=sys.stderr)
        return EXIT_ERROR
