"""Robustness: any text in, sensible results out; nothing committed is ever lost.

Property-based tests (hypothesis) for the analyser, the question checker, the selector and
the store; a process killed mid-session; two instances writing to one database at once; a
whole session with the network blocked.
"""

from __future__ import annotations

import json
import os
import random
import signal
import socket
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from alcoach.coach.manager import SessionManager
from alcoach.coach.state import SessionState
from alcoach.paths import database_path
from alcoach.store import Store

ROOT = Path(__file__).resolve().parent.parent

# The models take milliseconds per text: keep the example counts modest. No example
# database: nothing is written into the working tree.
PROPERTY = settings(
    max_examples=50,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

ONE_MB = 1_000_000

# Every Unicode character Python can encode (lone surrogates cannot reach a UTF-8 file).
UNICODE = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300)
# Answers that light up labels, slots and safety, so offsets and templates get exercised.
SNIPPETS = [
    "My boss thinks I'm useless and there's nothing I can do about it.",
    "I should be able to sort this on my own; a good lead always would.",
    "I feel anxious every Sunday night and a bit ashamed that I can't fix it.",
    "Honestly I don't know where to start.",
    "I will talk to two of the team on Tuesday.",
    "The meeting was a car crash, like a pressure cooker.",
    "If I raise it at the meeting they'll say I'm making excuses, I just know it.",
    "I realised that I had been avoiding the conversation.",
    "What should I do?",
    "I can't go on, I keep thinking about ending my life.",
    "Everyone always ignores me, it never changes.",
]
ODD = [
    "\x00",
    "\x1b[31m",
    "\x1b[0m",
    "\u2019",
    "\u201c",
    "\u201d",
    "\n",
    "\t",
    "\r\n",
    "\u200b",
    "\ufeff",
    "\u202e",
    "😀",
    "👩‍👩‍👧",
    "[bold]",
    "[/bold]",
    "{phrase}",
    "?",
    "مرحبا",
    "我的老板",
    "e\u0301",
]
MIXED = st.lists(
    st.one_of(st.sampled_from(SNIPPETS), st.sampled_from(ODD), UNICODE.map(lambda s: s[:40])),
    max_size=8,
).map("".join)
ANY_TEXT = st.one_of(UNICODE, MIXED)

KINDS = {"statement", "advice", "leading", "stacked", "closed", "open"}

# One answer per question of the prepare flow (ten), each told apart by its number.
ANSWERS = [
    "1. I lead a small district nursing team and the new rota has everyone at each other's throats.",
    "2. Honestly I don't know where to start. The matron thinks I'm not up to it.",
    "3. Two of the team have asked to move to days, and the bank staff budget is frozen.",
    "4. It matters because the patients feel it first when we are short.",
    "5. I feel anxious every Sunday night and a bit ashamed that I can't fix it.",
    "6. I should be able to sort this on my own; a good lead always would.",
    "7. If I raise it at the meeting they'll say I'm making excuses, I just know it.",
    "8. Maybe the other leads see it differently, I've never actually asked them.",
    "9. I'd like the set to ask me what I'm avoiding.",
    "10. I will talk to two of the team on Tuesday and listen before I decide anything.",
]


def _child_env(home: Path) -> dict[str, str]:
    env = os.environ.copy()
    env["ALCOACH_HOME"] = str(home)
    env.pop("ALCOACH_PASSPHRASE", None)
    env["PYTHONPATH"] = str(ROOT)
    # One torch thread: on a busy two-core machine, two threads spinning against other
    # processes made one embedding 50 times slower, and this test's time is not the point.
    env.setdefault("OMP_NUM_THREADS", "1")
    return env


# 1. Properties ------------------------------------------------------------------------


@PROPERTY
@given(text=ANY_TEXT)
@example(text="")
@example(text="   \n\t  \r\n ")
@example(text="x" * ONE_MB)
@example(text="My boss thinks I'm useless and I can't change anything. \x00\x1b[31m " * 17_000)
@example(text="\x1b[31mred\x1b[0m")
@example(text="[bold]x[/bold]")
@example(text="😀 I feel sad 👩‍👩‍👧 and my boss thinks I'm useless 😀")
@example(text="مدیر من فکر می‌کند من بی‌فایده هستم")
@example(text="我的老板认为我没用，我什么也做不了。")
@example(text="\x00\x00My\x00 boss thinks\x00 I'm useless\x00")
@example(text="\u201cMy boss\u201d thinks I\u2019m useless\u2026 and I can\u2019t do anything")
def test_analyse_takes_any_text_and_keeps_it(analyser, text):
    analysis = analyser.analyse(text)
    assert analysis.text == text  # nothing lost, nothing changed
    assert analysis.safety in ("ok", "concern")
    for finding in analysis.labels:
        assert 0 <= finding.start < finding.end <= len(text), finding
        assert text[finding.start : finding.end] == finding.evidence, finding
        assert 0.0 <= finding.score <= 1.0, finding
    json.dumps(analysis.to_json(), ensure_ascii=False)  # what is stored must serialise


@PROPERTY
@given(text=ANY_TEXT)
@example(text="")
@example(text="\x00?")
@example(text="?" * 1000)
@example(text="What\x1b[31m do you\x00 want?")
@example(text="Why?" * 5000)
@example(text="What do you want? " * (ONE_MB // 18))
@example(text="[bold]What do you want?[/bold]")
@example(text="هل يمكنك أن تخبرني؟")
@example(text="你想要什么？")
def test_checker_judges_any_text(checker, text):
    verdict = checker.check(text)
    assert verdict.kind in KINDS
    assert verdict.reasons and all(isinstance(reason, str) and reason for reason in verdict.reasons)
    assert verdict.text == text


def _pool(bank, mode: str, stage: str, asked: list[str]) -> list[str]:
    return [q.id for q in bank.questions if q.stage == stage and mode in q.modes and q.id not in asked]


@settings(PROPERTY, max_examples=40)
@given(
    mode=st.sampled_from(["prepare", "reflect"]),
    answer=ANY_TEXT,
    seed=st.integers(0, 2**30),
    data=st.data(),
)
# Without `data`: every earlier question is the coach's own choice, up to the last stage.
@example(mode="prepare", answer="", seed=0, data=None)
@example(mode="reflect", answer="I can't go on, I keep thinking about ending my life.", seed=1, data=None)
def test_selector_always_asks_a_new_question(coach, builtin_bank, mode, answer, seed, data):
    flow = builtin_bank.flows[mode]
    slots = [stage.id for stage in flow.stages for _ in range(stage.turns)]
    analysis = coach.analyse(answer)
    draw = data.draw if data is not None else None
    asked_count = draw(st.integers(0, len(slots) - 1)) if data is not None else len(slots) - 1
    state = SessionState(flow, seed=seed)
    # The questions already asked: the coach's own choices (so its favourites are taken)
    # mixed with any others from the right stage.
    for stage in slots[:asked_count]:
        own = coach.next_question(state, analysis) if data is None or draw(st.booleans()) else None
        if own is not None:
            state.record_question(own.question.id, own.question.stage, own.question.level)
        else:
            pool = _pool(builtin_bank, mode, stage, state.asked)
            state.record_question(pool[0] if data is None else draw(st.sampled_from(pool)), stage, 1)
        state.record_answer(answer)
    # The stage the coach is on: one whose answer the member has just given ("ANXIOUS" names
    # the feeling) is passed over, as the coach does.
    stage = state.next_stage(state.told(analysis.heard))
    assert stage is not None
    before = list(state.asked)
    selection = coach.next_question(state, analysis)
    assert selection is not None, (mode, stage.id, before)
    assert selection.question.id not in before
    assert selection.text.endswith("?"), selection.text
    assert selection.question.stage == stage.id  # it counts as this stage's turn
    assert state.asked == before  # choosing does not change the state


@PROPERTY
@given(text=st.one_of(ANY_TEXT, st.text(max_size=2000)))
@example(text="")
@example(text="\x00" * ONE_MB)
@example(text="é\x1b[2J\x00\x07😀" * (ONE_MB // 5))
@example(text="\ufeff\u202e\r\n\r")
def test_store_keeps_any_text_exactly(store, text):
    path = database_path()  # created and migrated by the `store` fixture
    writer = Store.open(path)
    try:
        session = writer.create_session("prepare")
        turn = writer.add_turn(session.id, "member", text)
        assert turn.text == text
        assert writer.turns(session.id)[-1].text == text
        writer.add_turn(session.id, "coach", text, question_id=text[:50] or None, why=text)
    finally:
        writer.close()
    # As the next run of alcoach would see it: closed, then opened afresh.
    reader = Store.open(path)
    try:
        member, coach_turn = reader.turns(session.id)
    finally:
        reader.close()
    assert member.text == text and member.seq == 1
    assert coach_turn.text == text and coach_turn.why == text
    assert coach_turn.question_id == (text[:50] or None)


# 2. A killed process loses no committed turn -------------------------------------------

DRIVER = textwrap.dedent(
    """
    import json, sys
    from pathlib import Path
    from alcoach.bank.loader import load_default_bank
    from alcoach.coach.engine import Coach
    from alcoach.coach.manager import SessionManager
    from alcoach.paths import database_path, ensure_home
    from alcoach.store import Store

    answers = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    ensure_home()
    bank = load_default_bank()
    coach = Coach.load(bank, Path(sys.argv[2]))
    manager = SessionManager(Store.open(database_path()), bank, coach)
    session, _ = manager.start("prepare", seed=5)
    print("session", session.id, flush=True)
    for n, answer in enumerate(answers, 1):
        manager.record_answer(session.id, answer)
        reply = manager.respond(session.id)
        print("committed", n, flush=True)
        if reply.finished:
            break
    print("finished", flush=True)
    """
)


@pytest.fixture(scope="module")
def warm_cache(tmp_path_factory):
    """A cache folder shared by the subprocesses that load the coach (bank embeddings)."""
    return tmp_path_factory.mktemp("robust-cache")


def test_killing_the_process_mid_session_loses_no_committed_turn(tmp_path, alcoach_home, warm_cache):
    driver = tmp_path / "driver.py"
    driver.write_text(DRIVER, encoding="utf-8")
    answers_file = tmp_path / "answers.json"
    answers_file.write_text(json.dumps(ANSWERS), encoding="utf-8")
    stderr = (tmp_path / "driver.err").open("w", encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, str(driver), str(answers_file), str(warm_cache)],
        stdout=subprocess.PIPE,
        stderr=stderr,
        text=True,
        env=_child_env(alcoach_home),
    )
    watchdog = threading.Timer(240, process.kill)  # a hung driver fails the test, not the run
    watchdog.start()
    acknowledged = 0
    try:
        while acknowledged < 4:
            line = process.stdout.readline()
            assert line, "the driver stopped early: " + (tmp_path / "driver.err").read_text()
            if line.startswith("committed"):
                acknowledged = int(line.split()[1])
        # Mid-way through the next answer: analysing it, or writing it.
        time.sleep(random.uniform(0.0, 0.05))
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        watchdog.cancel()
        if process.poll() is None:
            process.kill()
            process.wait()
        process.stdout.close()
        stderr.close()
    assert process.returncode == -signal.SIGKILL
    # Whatever the driver printed before the kill (it may have got further).
    path = database_path()
    check = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        check.close()
    store = Store.open(path)
    try:
        [session] = store.sessions()
        turns = store.turns(session.id)
    finally:
        store.close()
    assert [t.seq for t in turns] == list(range(1, len(turns) + 1))
    assert [t.speaker for t in turns[: 2 * acknowledged + 1]] == ["coach"] + [
        "member",
        "coach",
    ] * acknowledged
    members = [t for t in turns if t.speaker == "member"]
    # Every acknowledged answer is there, in order, with its analysis; at most the one being
    # written at the kill comes after them.
    assert [t.text for t in members[:acknowledged]] == ANSWERS[:acknowledged]
    assert all(t.analysis is not None and t.analysis["text"] == t.text for t in members[:acknowledged])
    assert [t.text for t in members] == ANSWERS[: len(members)]


# 3. Two instances writing to one database ----------------------------------------------

WRITER = textwrap.dedent(
    """
    import os, sys, time
    from pathlib import Path
    from alcoach.store import Store, StoreError

    path, go, name, count = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], int(sys.argv[4])
    session_id = int(sys.argv[5]) if len(sys.argv) > 5 else None
    (go.parent / f"{go.name}-ready-{name}").touch()  # imported and waiting
    while not go.exists():
        time.sleep(0.001)
    try:
        store = Store.open(path)
    except StoreError as error:
        print("open-error", error, flush=True)
        sys.exit(0)
    if session_id is None:
        session_id = store.create_session("prepare").id
    print("session", session_id, flush=True)
    print("start", time.time(), flush=True)
    for n in range(count):
        text = f"{name} {n} " + "x" * (n % 7) * 5000
        try:
            store.add_turn(session_id, "member", text)
        except StoreError as error:
            print("error", n, error, flush=True)
        else:
            print("ok", n, flush=True)
    print("end", time.time(), flush=True)
    """
)


def _run_writers(tmp_path: Path, home: Path, count: int, session_id: int | None = None) -> list[dict]:
    """Two writer processes released at the same moment; what each reported."""
    writer = tmp_path / "writer.py"
    writer.write_text(WRITER, encoding="utf-8")
    go = tmp_path / f"go-{time.monotonic_ns()}"
    extra = [str(session_id)] if session_id is not None else []
    processes = {
        name: subprocess.Popen(
            [sys.executable, str(writer), str(database_path()), str(go), name, str(count), *extra],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=_child_env(home),
        )
        for name in ("first", "second")
    }
    # Released together only once both have imported and are waiting (a busy machine can
    # take seconds to start a Python process; a fixed pause let one writer run alone).
    ready = [go.parent / f"{go.name}-ready-{name}" for name in processes]
    deadline = time.monotonic() + 120
    while not all(path.exists() for path in ready) and time.monotonic() < deadline:
        time.sleep(0.01)
    go.touch()
    reports = []
    for name, process in processes.items():
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        assert "Traceback" not in err, err
        report = {"name": name, "ok": [], "errors": [], "opened": True, "session": None, "window": []}
        for line in out.splitlines():
            word, _, rest = line.partition(" ")
            if word == "ok":
                report["ok"].append(int(rest))
            elif word == "error":
                report["errors"].append(rest)
            elif word == "open-error":
                report["opened"] = False
                report["errors"].append(rest)
            elif word == "session":
                report["session"] = int(rest)
            elif word in ("start", "end"):
                report["window"].append(float(rest))
        reports.append(report)
    return reports


def _assert_nothing_lost(reports: list[dict]) -> None:
    store = Store.open(database_path())
    try:
        for report in reports:
            for message in report["errors"]:
                assert "busy" in message, message  # says why, in words
            if not report["opened"]:
                continue
            texts = [
                t.text for t in store.turns(report["session"]) if t.text.startswith(report["name"] + " ")
            ]
            numbers = [int(text.split()[1]) for text in texts]
            # Exactly the writes it was told succeeded, in the order it made them.
            assert numbers == report["ok"], report["name"]
    finally:
        store.close()


def test_two_instances_write_to_one_database_at_once(tmp_path, alcoach_home):
    alcoach_home.mkdir(parents=True)
    Store.open(database_path()).close()  # an existing member's database
    reports = _run_writers(tmp_path, alcoach_home, count=1500)
    assert all(report["opened"] for report in reports), reports
    (a_start, a_end), (b_start, b_end) = (report["window"] for report in reports)
    assert a_start < b_end and b_start < a_end, "the writers did not overlap: no concurrency was tested"
    _assert_nothing_lost(reports)
    assert sum(len(report["ok"]) for report in reports) > 0
    assert reports[0]["session"] != reports[1]["session"]


def test_two_instances_starting_on_a_new_home_at_once(tmp_path, monkeypatch):
    """Both apps find no database and create it at the same moment: the schema is created
    once, and each instance either works or says the file is busy."""
    for attempt in range(5):
        home = tmp_path / f"home-{attempt}"
        monkeypatch.setenv("ALCOACH_HOME", str(home))
        home.mkdir()
        reports = _run_writers(tmp_path, home, count=20)
        assert any(report["opened"] for report in reports), reports
        _assert_nothing_lost(reports)
        applied = Store.open(database_path())
        try:
            names = [row["name"] for row in applied.db["_sqlite_migrations"].rows]
        finally:
            applied.close()
        assert len(names) == len(set(names)) == 4


def test_two_instances_on_the_same_session_keep_every_turn(tmp_path, alcoach_home):
    """The member resumed one session in two windows: both write to it."""
    alcoach_home.mkdir(parents=True)
    store = Store.open(database_path())
    session = store.create_session("prepare")
    store.close()
    reports = _run_writers(tmp_path, alcoach_home, count=300, session_id=session.id)
    assert all(report["opened"] for report in reports), reports
    (a_start, a_end), (b_start, b_end) = (report["window"] for report in reports)
    assert a_start < b_end and b_start < a_end, "the writers did not overlap: no concurrency was tested"
    _assert_nothing_lost(reports)
    store = Store.open(database_path())
    try:
        seqs = [t.seq for t in store.turns(session.id)]
    finally:
        store.close()
    assert seqs == list(range(1, len(seqs) + 1))


# 4. Network blocked -------------------------------------------------------------------


class _NoNetwork:
    """Stand-ins for the socket module's ways out: each records the attempt and refuses."""

    def __init__(self) -> None:
        self.attempts: list[str] = []
        outer = self

        class Socket(socket.socket):  # a class still, so `class SSLSocket(socket)` imports
            def __init__(self, *args, **kwargs):
                outer.attempts.append("socket")
                raise OSError("network blocked by the test (socket)")

        self.socket = Socket

    def refuse(self, name: str):
        def call(*args, **kwargs):
            self.attempts.append(name)
            raise OSError(f"network blocked by the test ({name})")

        return call


def test_a_whole_session_with_the_network_blocked(store, coach, builtin_bank, monkeypatch):
    blocked = _NoNetwork()
    monkeypatch.setattr(socket, "socket", blocked.socket)
    for name in ("create_connection", "getaddrinfo", "socketpair"):
        monkeypatch.setattr(socket, name, blocked.refuse(name))
    manager = SessionManager(store, builtin_bank, coach)
    session, first = manager.start("prepare", seed=4)
    assert first.text.endswith("?")
    replies = []
    for answer in ANSWERS:
        manager.record_answer(session.id, answer)
        replies.append(manager.respond(session.id))
        if replies[-1].finished:
            break
    assert replies[-1].finished
    turns = store.turns(session.id)
    assert [t.text for t in turns if t.speaker == "member"] == ANSWERS
    assert len([t for t in turns if t.speaker == "coach"]) == builtin_bank.flows["prepare"].total_turns
    assert manager.summary(session.id).next_step == ANSWERS[-1]
    assert blocked.attempts == []


OFFLINE_LOAD = textwrap.dedent(
    """
    import json, socket, sys
    attempts = []
    def refuse(name):
        def call(*args, **kwargs):
            attempts.append(name)
            raise OSError("network blocked by the test (" + name + ")")
        return call
    class Socket(socket.socket):
        def __init__(self, *args, **kwargs):
            # Who asked: urllib3 opens (never connects) a socket on import to see if IPv6 works.
            attempts.append("socket from " + sys._getframe(1).f_code.co_name)
            raise OSError("network blocked by the test (socket)")
    socket.socket = Socket
    for name in ("create_connection", "getaddrinfo", "socketpair"):
        setattr(socket, name, refuse(name))

    from alcoach.bank.loader import load_default_bank
    from alcoach.coach.engine import Coach
    from alcoach.paths import cache_dir, ensure_home

    ensure_home()
    coach = Coach.load(load_default_bank(), cache_dir())
    analysis = coach.analyse("My boss thinks I'm useless and there's nothing I can do.")
    print("labels", " ".join(analysis.label_names))
    print("attempts", json.dumps(attempts))
    """
)


def test_models_load_from_scratch_with_the_network_blocked(tmp_path, alcoach_home):
    script = tmp_path / "offline.py"
    script.write_text(OFFLINE_LOAD, encoding="utf-8")
    env = _child_env(alcoach_home)
    # As a member runs it: nothing in their environment says "offline".
    for name in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "HF_DATASETS_OFFLINE"):
        env.pop(name, None)
    run = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=300, env=env, cwd=tmp_path
    )
    assert run.returncode == 0, run.stderr
    lines = dict(line.split(" ", 1) for line in run.stdout.splitlines())
    assert "mind_reading" in lines["labels"].split()
    # Nothing tried to reach the network: the one socket asked for is urllib3's import-time
    # probe for IPv6 support (it binds to ::1 and never connects), refused like any other.
    attempts = json.loads(lines["attempts"])
    assert set(attempts) <= {"socket from _has_ipv6"}, attempts
