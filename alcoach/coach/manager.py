"""The one API the screens and the CLI call: start, answer, respond, resume, summarise.

The member's answer is committed before anything slow happens, so nothing they write is
lost if the models are still loading or the process dies.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

from alcoach.bank.schema import Bank, Flow
from alcoach.bank.support import CARE_PREFIX, END, POSSIBLE, SOMETHING_ELSE, Support, load_support
from alcoach.coach.commitments import MAX_COMMITMENT_CHARS, STATUS_CHECK, read_status
from alcoach.coach.engine import Coach
from alcoach.coach.export import export_to_file
from alcoach.coach.handback import HAND_BACK, HAND_BACK_AT_END, asks_for_answers
from alcoach.coach.selector import BankIndex, Selection, select_hand_back, select_next_question
from alcoach.coach.state import SessionState
from alcoach.coach.summary import Summary, summarise
from alcoach.display import visible
from alcoach.nlp.hearing import Hearing
from alcoach.nlp.result import Analysis
from alcoach.nlp.safety import CONCERN, OK
from alcoach.store.repository import COACH, MEMBER, CommitmentRecord, SessionRecord, Store, TurnRecord

NOT_ENGLISH = (
    "alcoach reads English, so it may not follow everything you wrote here. Your answer is "
    "saved, and the questions will stay general."
)
# The reflect journey opens with the member's own words from last time.
LAST_TIME = "Last time you said: \u201c{commitment}\u201d"
# Without a commitment on record, the reflect journey opens on what they set out to do.
NO_COMMITMENT_OPENING = "What action have you taken on your challenge since you last thought it through?"
NO_COMMITMENT_OPENING_ID = "no-commitment-opening"
NO_COMMITMENT_WHY = (
    "It opens the session: what you have done about your challenge since you last thought it through."
)
STATUS_CHECK_ID = "status-check"
CARE_WHY = (
    "Something you wrote suggests things may be very hard for you right now, so alcoach is not "
    "challenging you; this is a plain question, and you can stop at any time."
)
MAX_TITLE_IN_QUESTION = 80
# Stages whose answer is the member's next step, kept as a commitment even without "I will".
NEXT_STEP_STAGES = ("closing",)
# A dismissed pattern: the score a reading needs rises by a step per dismissal, up to a limit.
DISMISSED_BASE, DISMISSAL_STEP, DISMISSAL_LIMIT = 0.5, 0.1, 0.3


class CoachNotReady(RuntimeError):
    """The models are still loading."""


@dataclass(frozen=True)
class Reply:
    """What the coach says after an answer: a question, or the end of the session."""

    turn: TurnRecord | None
    safety: str = OK
    note: str | None = None  # something to tell the member before the question
    safety_level: str | None = None  # IMMEDIATE or POSSIBLE on a concern

    @property
    def concern(self) -> bool:
        """The answer raised a concern: no question yet, the member chooses what happens
        next (`SessionManager.after_concern`)."""
        return self.safety == CONCERN

    @property
    def finished(self) -> bool:
        return self.turn is None and not self.concern


class SessionManager:
    def __init__(
        self, store: Store, bank: Bank, coach: Coach | None = None, support: Support | None = None
    ) -> None:
        self.store = store
        self.bank = bank
        self.coach = coach
        self.support = support if support is not None else load_support()[0]
        # Enough to choose an opening question before the models have loaded.
        self._bare_index = BankIndex(list(bank.questions))

    def flow(self, mode: str) -> Flow:
        return self.bank.flows[mode]

    def start(
        self, mode: str, seed: int | None = None, challenge_id: int | None = None, quote_title: bool = True
    ) -> tuple[SessionRecord, TurnRecord]:
        """A new session and its opening question, stored at once (no model needed).

        A prepare session on a challenge the member has named opens on its title, in their
        words (unless `quote_title` is False). A reflect session opens with the member's last
        open commitment on the challenge, in their own words, and reads their answer for what
        became of it.
        """
        if challenge_id is not None:
            self.store.challenge(challenge_id)  # an unknown one is an error before anything is made
        seed = random.SystemRandom().randrange(1 << 30) if seed is None else seed
        commitment = self.last_open_commitment(challenge_id) if mode == "reflect" else None
        session = self.store.create_session(
            mode, seed, challenge_id, reviews_commitment_id=commitment.id if commitment else None
        )
        state = self.state(session.id)
        slots = None
        if challenge_id is not None and quote_title and mode == "prepare":
            # A challenge named in the form is not asked for again: the opening takes up its title.
            slots = {"challenge": _title_slot(self.store.challenge(challenge_id).title)}
        selection = select_next_question(self._bare_index, state, None, slots=slots)
        if selection is None:
            raise RuntimeError(f"the '{mode}' flow has no opening question in the bank")
        if mode == "reflect" and commitment is None:
            # Its own id, so it counts as the opening stage's question like any other.
            turn = self.store.add_turn(
                session.id,
                COACH,
                NO_COMMITMENT_OPENING,
                question_id=NO_COMMITMENT_OPENING_ID,
                stage=selection.question.stage,
                level=1,
                why=NO_COMMITMENT_WHY,
            )
            return session, turn
        prefix = LAST_TIME.format(commitment=commitment.text) + "\n" if commitment else ""
        return session, self._ask(session.id, selection, prefix)

    def last_open_commitment(self, challenge_id: int | None) -> CommitmentRecord | None:
        if challenge_id is None:
            return None
        open_ones = self.store.commitments(challenge_id=challenge_id, status="open")
        kept = [c for c in open_ones if c.kept]  # the one the member chose at the close, if they did
        return (kept or open_ones)[-1] if open_ones else None

    def export(self, session_id: int, include: list[str], folder: Path) -> Path:
        """The member's chosen parts of this session, as Markdown in `folder`; its path."""
        return export_to_file(self.store, session_id, include, folder)

    def session_commitments(self, session_id: int) -> list[CommitmentRecord]:
        """What this session kept as commitments, for the member to check at the close."""
        return self.store.commitments(session_id=session_id)

    def correct_commitments(self, session_id: int, kept: dict[int, str], dropped: set[int]) -> None:
        """The member's check at the close: these kept (in their words, edited or not), those
        dropped (never a commitment). Only this session's commitments can be changed here."""
        own = {c.id for c in self.store.commitments(session_id=session_id)}
        for commitment_id in dropped & own:
            self.store.drop_commitment(commitment_id)
        for commitment_id, text in kept.items():
            words = " ".join(text.split())[:MAX_COMMITMENT_CHARS]
            if commitment_id in own and commitment_id not in dropped and words:
                self.store.keep_commitment(commitment_id, words)

    def state(self, session_id: int) -> SessionState:
        session = self.store.session(session_id)
        state = SessionState(self.flow(session.mode), seed=session.seed)
        feedback = self.store.feedback()
        replaced_turns = {turn_id for turn_id, _, kind in feedback if kind == "another"}
        state.useful = {question for _, question, kind in feedback if kind == "useful" and question}
        state.replaced = {question for _, question, kind in feedback if kind == "another" and question}
        state.recent = self.store.recent_question_ids(session_id)
        if session.challenge_id is not None:
            challenge = self.store.challenge(session.challenge_id)
            state.context = "\n".join(
                [challenge.title, challenge.context, challenge.particular, challenge.sponsor]
            )
            if challenge.sponsor:
                state.context += "\nsponsor"
        for turn in self.store.turns(session_id):
            if turn.speaker == COACH and turn.question_id and turn.question_id != STATUS_CHECK_ID:
                counted = turn.id not in replaced_turns
                state.record_question(turn.question_id, turn.stage or "", turn.level or 1, counted, turn.text)
            elif turn.speaker == MEMBER:
                state.record_answer(turn.text, Hearing.from_json((turn.analysis or {}).get("heard")))
        return state

    def record_answer(self, session_id: int, text: str) -> TurnRecord:
        return self.store.add_turn(session_id, MEMBER, text)

    def awaiting_reply(self, session_id: int) -> bool:
        """True when the last word is the member's: the coach owes them a question."""
        turns = self.store.turns(session_id)
        return bool(turns) and turns[-1].speaker == MEMBER

    def respond(self, session_id: int) -> Reply:
        """Analyse the member's last answer and ask the next question (or finish)."""
        if self.coach is None:
            raise CoachNotReady("the models are still loading")
        turns = self.store.turns(session_id)
        last = turns[-1] if turns else None
        analysis = None
        if last is not None and last.speaker == MEMBER:
            analysis = self._heeding_dismissals(self.coach.analyse(last.text))
            self.store.set_analysis(last.id, analysis.to_json())
            if analysis.safety == CONCERN:
                # No question until the member has chosen what happens next.
                return Reply(None, CONCERN, None, analysis.safety_level or POSSIBLE)
            status_check = self._keep_commitments(session_id, turns, analysis)
            if status_check is not None:
                return Reply(status_check, analysis.safety)
        state = self.state(session_id)
        note = NOT_ENGLISH if analysis is not None and not analysis.english else None
        selection = None
        if analysis is not None and self._answers_care(turns):
            # Just after a concern the coach stays gentle, whatever the answer says.
            analysis = replace(analysis, safety=CONCERN)
        elif analysis is not None and asks_for_answers(analysis.text):
            note = HAND_BACK
            selection = select_hand_back(self.coach.index, state, analysis, self.coach.may_ask)
        if selection is None:
            selection = self.coach.next_question(state, analysis)
        if selection is None:
            self.store.finish_session(session_id)
            return Reply(None, OK, HAND_BACK_AT_END if note == HAND_BACK else note)
        return Reply(self._ask(session_id, selection), OK, note)

    def after_concern(self, session_id: int, choice: str) -> Reply:
        """What the member chose after a concern: END finishes the session; CONTINUE asks a
        plain, supportive question from the curated set; SOMETHING_ELSE asks what they would
        like to talk about instead. Exactly one question waits afterwards."""
        if choice == END:
            self.end(session_id)
            return Reply(None)
        turns = self.store.turns(session_id)
        pending = self._current_question(session_id)
        if turns and pending is not None and turns[-1].id == pending.id:
            return Reply(pending)  # already chosen (a second press, or a resumed screen)
        last = next((t for t in reversed(turns) if t.speaker == MEMBER), None)
        level = str((last.analysis or {}).get("safety_level") or POSSIBLE) if last else POSSIBLE
        asked = {t.question_id for t in turns if t.question_id}
        question = (
            self.support.something_else
            if choice == SOMETHING_ELSE
            else self.support.care_question(level, asked)
        )
        # No stage: a question around a concern does not move the session's arc on.
        turn = self.store.add_turn(
            session_id, COACH, question.text, question_id=question.id, level=1, why=CARE_WHY
        )
        return Reply(turn)

    @staticmethod
    def _answers_care(turns: list[TurnRecord]) -> bool:
        """The last answer replies to a question asked around a concern."""
        asked = next((t for t in reversed(turns[:-1]) if t.speaker == COACH), None)
        return bool(asked and (asked.question_id or "").startswith(CARE_PREFIX))

    def _keep_commitments(
        self, session_id: int, turns: list[TurnRecord], analysis: Analysis
    ) -> TurnRecord | None:
        """Store what the member commits to in their last answer, and read what became of the
        commitment under review. Returns the status check to ask when the answer leaves that
        unclear (asked, never guessed)."""
        if analysis.safety == CONCERN or self._answers_care(turns):
            return None  # not the moment for record-keeping
        answer, asked = turns[-1], (turns[-2] if len(turns) > 1 else None)
        session = self.store.session(session_id)
        found = [c.source[:MAX_COMMITMENT_CHARS] for c in analysis.heard.commitments]
        if not found and asked is not None and asked.stage in NEXT_STEP_STAGES and self.coach is not None:
            # "Ring Dave on Monday." said in answer to "what is your next step?" is one too.
            step = None if asks_for_answers(analysis.text) else self.coach.step(analysis.text)
            found = [step[:MAX_COMMITMENT_CHARS]] if step else []
        on_record = (
            self.store.commitments(challenge_id=session.challenge_id)
            if session.challenge_id is not None
            else self.store.commitments(session_id=session_id)
        )
        known = {c.text for c in on_record}
        for text in found:
            if text and text not in known:
                self.store.add_commitment(session_id, text)
        under_review = session.reviews_commitment_id
        if under_review is None or asked is None:
            return None
        answered_check = asked.question_id == STATUS_CHECK_ID
        first_answer = [t.speaker for t in turns].count(MEMBER) == 1
        if not (answered_check or first_answer):
            return None
        status = read_status(answer.text)
        if status is not None:
            self.store.set_commitment_status(under_review, status, session_id)
            return None
        if answered_check:
            return None  # still unclear: the commitment stays as it was
        return self.store.add_turn(
            session_id, COACH, STATUS_CHECK, question_id=STATUS_CHECK_ID, stage=asked.stage, level=1
        )

    def mark_useful(self, session_id: int) -> TurnRecord | None:
        """The member found the current question useful: stored; it draws similar ones later."""
        turn = self._current_question(session_id)
        if turn is not None:
            self.store.add_feedback(turn, "useful")
        return turn

    def another_question(self, session_id: int) -> Reply | None:
        """The member would like a different question in place of the one just asked.
        Stored; that question and close ones are avoided from now on. None when there is
        no unanswered question to replace."""
        turns = self.store.turns(session_id)
        current = self._current_question(session_id)
        if self.coach is None or current is None or turns[-1].id != current.id:
            return None
        if (current.question_id or "").startswith(CARE_PREFIX):
            return None  # around a concern, the plain question stays
        self.store.add_feedback(current, "another")
        answers = [turn for turn in turns if turn.speaker == MEMBER]
        analysis = self.coach.analyse(answers[-1].text) if answers else None
        selection = self.coach.next_question(self.state(session_id), analysis)
        if selection is None:
            return None
        return Reply(self._ask(session_id, selection))

    def why(self, session_id: int) -> str | None:
        """Why the current question was asked: what was noticed, in the member's words, and
        the question's purpose — never what the answer should be."""
        turn = self._current_question(session_id)
        return turn.why if turn is not None else None

    def _current_question(self, session_id: int) -> TurnRecord | None:
        coach_turns = [
            turn for turn in self.store.turns(session_id) if turn.speaker == COACH and turn.question_id
        ]
        return coach_turns[-1] if coach_turns else None

    def end(self, session_id: int) -> None:
        """The member chose to stop here; everything they wrote is already saved."""
        self.store.finish_session(session_id)

    def _ask(self, session_id: int, selection: Selection, prefix: str = "") -> TurnRecord:
        question = selection.question
        return self.store.add_turn(
            session_id,
            COACH,
            prefix + selection.text,
            question_id=question.id,
            stage=question.stage,
            level=question.level,
            why=selection.why,
        )

    def summary(self, session_id: int) -> Summary:
        useful = {turn_id for turn_id, _, kind in self.store.feedback(session_id) if kind == "useful"}
        commitments = [c.text for c in self.store.commitments(session_id=session_id)]
        dismissed = set(self.store.dismissed_patterns(session_id))
        return summarise(self.store.turns(session_id), commitments, useful, dismissed)

    def dismiss_patterns(self, session_id: int, patterns: list[tuple[str, str]]) -> None:
        """The member said these (label, the words it was read in) are not what they meant:
        remembered, left out of the summary, and read more cautiously in later answers."""
        for label, evidence in patterns:
            self.store.dismiss_pattern(session_id, label, evidence)

    def _heeding_dismissals(self, analysis: Analysis) -> Analysis:
        """A pattern this member has dismissed before needs a clearer reading to count again:
        each dismissal raises the score it needs (up to a limit); the same words never do."""
        dismissed = self.store.dismissed_patterns()
        if not dismissed or not analysis.labels:
            return analysis
        times = Counter(label for label, _ in dismissed)
        words = set(dismissed)
        kept = tuple(
            finding
            for finding in analysis.labels
            if (finding.label, finding.evidence) not in words
            and finding.score >= DISMISSED_BASE + min(times[finding.label] * DISMISSAL_STEP, DISMISSAL_LIMIT)
        )
        return replace(analysis, labels=kept) if len(kept) != len(analysis.labels) else analysis

    def stage_title(self, session_id: int, turn: TurnRecord) -> str:
        """The heading over a coach turn: the stage the question belongs to in the bank (when
        the coach follows the member into a later stage's question, that stage, so a
        feelings question is not headed "Assumptions"), else the stage it was asked in."""
        flow = self.flow(self.store.session(session_id).mode)
        question = self._bare_index.position.get(turn.question_id or "")
        own = self._bare_index.questions[question].stage if question is not None else None
        titles = {s.id: s.title for s in flow.stages}
        return titles.get(own or "", titles.get(turn.stage or "", ""))


def _title_slot(title: str) -> str:
    """The challenge's title as it can sit inside a question: one line, no closing stop."""
    return " ".join(visible(title).split())[:MAX_TITLE_IN_QUESTION].rstrip(" .!?")
