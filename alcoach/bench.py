"""`alcoach bench`: how fast and how big alcoach is, measured against the bare models.

Each part runs in a fresh Python process, so cold starts are cold and peak memory belongs
to that part alone:

- first screen: start the app (headless) until the home screen is up, then exit;
- bare: load spaCy and the embedding model only; per answer, one parse and one embedding
  (the floor no design can beat); peak memory of the bare models;
- worst paste: 20,000 characters of each kind a paste can be (one symbol repeated, emoji,
  random punctuation, random Unicode, prose, thousands of empty sentences), analysed as
  the app analyses an answer; the slowest must stay within WORST_PASTE_SECONDS;
- full: load the coach (models, classifier, safety model, bank); embed the bank with an
  empty cache (cold) and again (cached: nothing may be embedded); per answer, analyse it
  and choose the next question; peak memory.

The answers are 240 varied ones from the shipped training corpus. Medians and 95th
percentiles, and the ratios the targets are stated in.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ANSWERS = 240
TARGET_LATENCY_RATIO = 1.3
TARGET_MEMORY_RATIO = 1.15
TARGET_WORST_PASTE_SECONDS = 2.0
PASTE_CHARS = 20_000
WARM_UP = 5  # the first calls pay one-off costs (allocations, lazy imports)


def bench_answers(count: int = ANSWERS) -> list[str]:
    """Varied answers, short and long, spread over the whole corpus (deterministic)."""
    import yaml

    from alcoach.paths import models_dir

    texts = []
    for path in sorted((models_dir() / "training").glob("corpus_*.yaml")):
        texts += [item["text"] for item in yaml.safe_load(path.read_text(encoding="utf-8"))["items"]]
    step = max(len(texts) // count, 1)
    chosen = texts[::step][:count]
    # A few long, pasted answers too: real members write paragraphs.
    for i in range(0, len(chosen), 20):
        chosen[i] = " ".join(texts[i : i + 6])
    return chosen


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def _percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"p50_ms": round(statistics.median(ordered) * 1000, 2), "p95_ms": round(p95 * 1000, 2)}


def part_first_screen() -> dict[str, Any]:
    import asyncio

    started = time.perf_counter()
    from alcoach.tui.app import make_app
    from alcoach.tui.screens.home import HomeScreen

    async def until_home() -> float:
        app = make_app(coach_loader=_never)
        async with app.run_test() as pilot:
            while not isinstance(app.screen, HomeScreen):
                await pilot.pause(0.01)
            return time.perf_counter() - started

    seconds = asyncio.run(until_home())
    heavy = sorted(name for name in ("torch", "spacy", "sentence_transformers") if name in sys.modules)
    return {"first_screen_s": round(seconds, 3), "heavy_modules_at_first_screen": heavy}


def _never(bank: Any) -> Any:
    """A coach loader for the first-screen part: the models are not what is measured there."""
    raise RuntimeError("not loaded in this benchmark part")


def part_bare() -> dict[str, Any]:
    started = time.perf_counter()
    from alcoach.nlp.models import get_models

    models = get_models()
    load = time.perf_counter() - started
    answers = bench_answers()
    for text in answers[:WARM_UP]:
        models.nlp(text)
        models.embedder.encode_one(text)
    samples = []
    for text in answers:
        tick = time.perf_counter()
        models.nlp(text)
        models.embedder.encode_one(text)
        samples.append(time.perf_counter() - tick)
    return {
        "bare_load_s": round(load, 3),
        "floor": _percentiles(samples),
        "bare_peak_mib": round(_peak_mib(), 1),
    }


def part_full() -> dict[str, Any]:
    from alcoach.bank.loader import load_default_bank
    from alcoach.bank.templates import sample
    from alcoach.coach.engine import Coach
    from alcoach.coach.state import SessionState
    from alcoach.nlp.models import get_models

    bank = load_default_bank()
    with tempfile.TemporaryDirectory() as cache:
        started = time.perf_counter()
        coach = Coach.load(bank, Path(cache))  # models, classifier, safety, bank (cold cache)
        load = time.perf_counter() - started
        # A second start: the bank's embeddings and the guard's verdicts come from the cache.
        tick = time.perf_counter()
        coach = Coach.load(bank, Path(cache))
        reload_cached = time.perf_counter() - tick
        embedder = get_models().embedder  # the shared instance the coach loaded
        texts = [sample(question.text) for question in bank.questions]
        with tempfile.TemporaryDirectory() as empty:
            tick = time.perf_counter()
            embedder.encode_cached(texts, Path(empty))
            cold = time.perf_counter() - tick
            calls = _count_encodes(embedder)
            tick = time.perf_counter()
            embedder.encode_cached(texts, Path(empty))
            cached = time.perf_counter() - tick
            embedded_again = calls()
    answers = bench_answers()
    flow = bank.flows["prepare"]

    def one(text: str) -> None:
        state = SessionState(flow, seed=1)
        state.record_question("opening", "opening", 1)
        coach.next_question(state, coach.analyse(text))

    for text in answers[:WARM_UP]:
        one(text)
    samples = []
    for text in answers:
        tick = time.perf_counter()
        one(text)
        samples.append(time.perf_counter() - tick)
    return {
        "coach_load_s": round(load, 3),
        "coach_reload_cached_s": round(reload_cached, 3),
        "bank_questions": len(texts),
        "bank_embedding_cold_s": round(cold, 3),
        "bank_embedding_cached_s": round(cached, 4),
        "bank_texts_embedded_on_cached_start": embedded_again,
        "per_answer": _percentiles(samples),
        "full_peak_mib": round(_peak_mib(), 1),
    }


def worst_pastes() -> dict[str, str]:
    """Pastes of PASTE_CHARS characters that have been slow to read (seeded)."""
    import random
    import string

    rng = random.Random(17)
    n = PASTE_CHARS

    def drawn(alphabet: str) -> str:
        return "".join(rng.choice(alphabet) for _ in range(n))

    return {
        "one symbol": "=" * n,
        "one emoji": "\U0001f600" * n,
        "mixed emoji": drawn("\U0001f600\U0001f642\U0001f44d\U0001f3fd\u2764\ufe0f\U0001f525"),
        "punctuation": drawn(string.punctuation),
        "printable": drawn(string.printable),
        "unicode": "".join(chr(rng.randint(0x20, 0x2FFF)) for _ in range(n)),
        "prose": ("The rota changed again and I assume nobody asked the night staff. " * 400)[:n],
        "empty sentences": ". " * (n // 2),
    }


def part_paste() -> dict[str, Any]:
    from alcoach.nlp.analysis import Analyser
    from alcoach.nlp.models import get_models

    analyser = Analyser.shipped(get_models())
    analyser.analyse("A first answer, so one-off costs are paid before timing.")
    seconds = {}
    for name, text in worst_pastes().items():
        tick = time.perf_counter()
        analyser.analyse(text)
        seconds[name] = round(time.perf_counter() - tick, 3)
    return {"paste_s": seconds}


def _count_encodes(embedder: Any) -> Any:
    """Wrap `encode` to count the texts it embeds from now on."""
    counted = {"texts": 0}
    original = embedder.encode

    def encode(texts: Any) -> Any:
        counted["texts"] += len(texts)
        return original(texts)

    embedder.encode = encode
    return lambda: counted["texts"]


PARTS = {"first-screen": part_first_screen, "bare": part_bare, "paste": part_paste, "full": part_full}


def _run_part(name: str) -> dict[str, Any]:
    environment = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    with tempfile.TemporaryDirectory() as home:
        environment["ALCOACH_HOME"] = home
        run = subprocess.run(
            [sys.executable, "-m", "alcoach.bench", name],
            capture_output=True,
            text=True,
            env=environment,
            timeout=1800,
        )
    if run.returncode != 0:
        raise RuntimeError(f"benchmark part {name!r} failed:\n{run.stderr[-2000:]}")
    return json.loads(run.stdout.strip().splitlines()[-1])


def run_bench() -> dict[str, Any]:
    result: dict[str, Any] = {"answers": ANSWERS}
    for name in PARTS:
        result.update(_run_part(name))
    floor, per_answer = result["floor"], result["per_answer"]
    result["ratios"] = {
        "latency_p50_vs_floor": round(per_answer["p50_ms"] / floor["p50_ms"], 2),
        "latency_p95_vs_floor": round(per_answer["p95_ms"] / floor["p95_ms"], 2),
        "peak_memory_vs_bare_models": round(result["full_peak_mib"] / result["bare_peak_mib"], 2),
    }
    result["targets"] = {
        "latency_p50_vs_floor": f"<= {TARGET_LATENCY_RATIO}",
        "peak_memory_vs_bare_models": f"<= {TARGET_MEMORY_RATIO}",
        "heavy_modules_at_first_screen": "none",
        "bank_texts_embedded_on_cached_start": "0",
        "worst_paste_s": f"<= {TARGET_WORST_PASTE_SECONDS}",
    }
    result["worst_paste_s"] = max(result["paste_s"].values())
    result["met"] = {
        "latency": result["ratios"]["latency_p50_vs_floor"] <= TARGET_LATENCY_RATIO,
        "memory": result["ratios"]["peak_memory_vs_bare_models"] <= TARGET_MEMORY_RATIO,
        "first_screen_light": not result["heavy_modules_at_first_screen"],
        "bank_cached": result["bank_texts_embedded_on_cached_start"] == 0,
        "worst_paste": result["worst_paste_s"] <= TARGET_WORST_PASTE_SECONDS,
    }
    return result


def format_bench(result: dict[str, Any]) -> str:
    floor, per_answer, ratios = result["floor"], result["per_answer"], result["ratios"]
    lines = [
        f"first screen            {result['first_screen_s']:.2f} s "
        f"(heavy modules loaded: {', '.join(result['heavy_modules_at_first_screen']) or 'none'})",
        f"bare models load        {result['bare_load_s']:.2f} s",
        f"coach load (all models) {result['coach_load_s']:.2f} s cold cache; "
        f"{result['coach_reload_cached_s']:.2f} s more on a start with the cache (models loaded)",
        f"bank embedding          cold {result['bank_embedding_cold_s']:.2f} s, cached "
        f"{result['bank_embedding_cached_s'] * 1000:.1f} ms ({result['bank_texts_embedded_on_cached_start']} "
        "texts embedded again)",
        f"per answer ({result['answers']})      p50 {per_answer['p50_ms']} ms, p95 {per_answer['p95_ms']} ms",
        f"floor (parse + embed)   p50 {floor['p50_ms']} ms, p95 {floor['p95_ms']} ms",
        f"latency vs floor        p50 {ratios['latency_p50_vs_floor']}x, "
        f"p95 {ratios['latency_p95_vs_floor']}x (target <= {TARGET_LATENCY_RATIO}x)",
        f"peak memory             {result['full_peak_mib']} MiB vs bare models "
        f"{result['bare_peak_mib']} MiB: {ratios['peak_memory_vs_bare_models']}x "
        f"(target <= {TARGET_MEMORY_RATIO}x)",
        f"worst paste ({PASTE_CHARS} chars) {result['worst_paste_s']:.2f} s, slowest kind of "
        f"{len(result['paste_s'])} (target <= {TARGET_WORST_PASTE_SECONDS} s): "
        + ", ".join(f"{name} {s:.2f}" for name, s in result["paste_s"].items()),
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    print(json.dumps(PARTS[sys.argv[1]]()))
