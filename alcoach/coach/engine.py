"""The coach with its models loaded: analyse an answer, choose the next question."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING

from alcoach.bank.schema import Bank, Question
from alcoach.bank.templates import sample
from alcoach.coach.selector import BankIndex, Selection, select_next_question
from alcoach.coach.state import SessionState
from alcoach.nlp.labels import LABEL_DESCRIPTIONS
from alcoach.nlp.result import Analysis
from alcoach.paths import write_private

if TYPE_CHECKING:
    from alcoach.nlp.analysis import Analyser
    from alcoach.nlp.checker import QuestionChecker


class Coach:
    def __init__(self, bank: Bank, analyser: Analyser, index: BankIndex, checker: QuestionChecker) -> None:
        self.bank = bank
        self.analyser = analyser
        self.index = index
        self.checker = checker
        self._verdicts: dict[str, bool] = {}

    @classmethod
    def load(cls, bank: Bank, cache_dir: Path | None = None) -> Coach:
        """Load the models (seconds) and embed the bank (cached by content)."""
        from alcoach.nlp.analysis import Analyser
        from alcoach.nlp.checker import QuestionChecker
        from alcoach.nlp.models import get_models

        models = get_models()
        texts = [sample(question.text) for question in bank.questions]
        vectors = models.embedder.encode_cached(texts, cache_dir)
        labels = list(LABEL_DESCRIPTIONS)
        label_vectors = models.embedder.encode_cached([LABEL_DESCRIPTIONS[x] for x in labels], cache_dir)
        index = BankIndex(list(bank.questions), vectors, dict(zip(labels, label_vectors, strict=True)))
        checker = QuestionChecker.with_model(models.nlp, models.embedder)
        analyser = Analyser.shipped(models)
        coach = cls(bank, analyser, index, checker)
        coach._verdicts = known_verdicts(checker, [_as_judged(q) for q in bank.questions], cache_dir)
        return coach

    def analyse(self, text: str) -> Analysis:
        return self.analyser.analyse(text)

    def step(self, text: str) -> str | None:
        """The member's next step in an answer to "what is your next step?", if it is one."""
        from alcoach.nlp.intentions import as_step  # spaCy: loaded with the models, not before

        return as_step(self.analyser.nlp, text)

    def is_open(self, text: str) -> bool:
        if text not in self._verdicts:
            self._verdicts[text] = self.checker.check(text).is_open
        return self._verdicts[text]

    def may_ask(self, question: Question, text: str) -> bool:
        """The guard: only questions the checker calls open are ever shown.

        A template is judged by the asker's words — the template with neutral stand-ins in
        its slots — because the member's own words in it ("… 'I can't raise it with HR' …")
        are theirs, not a course of action the coach proposes. The filled text must still
        be one question.
        """
        if question.is_template:
            return self.is_open(sample(question.text)) and text.count("?") == 1 and text.endswith("?")
        return self.is_open(text)

    def next_question(self, state: SessionState, analysis: Analysis | None) -> Selection | None:
        return select_next_question(self.index, state, analysis, self.may_ask)


def _as_judged(question: Question) -> str:
    """The text the guard judges for a question (see Coach.may_ask)."""
    return sample(question.text) if question.is_template else question.text


def known_verdicts(checker: QuestionChecker, texts: list[str], cache_dir: Path | None) -> dict[str, bool]:
    """Whether each bank question is open, judged once and kept on disk: a second start
    judges nothing, and no member waits for the guard. The cache key covers the checker's
    rules and model, so a new version judges afresh."""
    import hashlib
    import json

    from alcoach.nlp import checker as checker_module
    from alcoach.nlp.checker_model import shipped_folder

    key = hashlib.sha256(Path(checker_module.__file__).read_bytes())
    folder = shipped_folder(checker_module.MODEL_NAME)
    if folder is not None:
        key.update((folder / "weights.npz").read_bytes())
    path = cache_dir / f"verdicts-{key.hexdigest()[:32]}.json" if cache_dir else None
    verdicts: dict[str, bool] = {}
    if path is not None:
        try:
            verdicts = {str(k): bool(v) for k, v in json.loads(path.read_text(encoding="utf-8")).items()}
        except (OSError, ValueError, AttributeError):
            verdicts = {}
    missing = [text for text in dict.fromkeys(texts) if text not in verdicts]
    for text in missing:
        verdicts[text] = checker.check(text).is_open
    if missing and path is not None:
        with contextlib.suppress(OSError):  # a read-only home still works, just without the cache
            write_private(path, json.dumps(verdicts, ensure_ascii=False), atomic=True)
    return verdicts
