"""The one API the screens and the CLI call: start, answer, respond, resume, summarise.

The member's answer is committed before anything slow happens, so nothing they write is
lost if the models are still loading or the process dies.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from alcoach.bank.schema import Bank, Flow
from alcoach.coach.engine import Coach
from alcoach.coach.selector import BankIndex, Selection, select_next_question
from alcoach.coach.state import SessionState
from alcoach.coach.summary import Summary, summarise
from alcoach.store.repository import COACH, MEMBER, SessionRecord, Store, TurnRecord

NOT_ENGLISH = (
    "alcoach reads English, so it may not follow everything you wrote here. Your answer is "
    "saved, and the questions will stay general."
)


class CoachNotReady(RuntimeError):
    """The models are still loading."""


@dataclass(frozen=True)
class Reply:
    """What the coach says after an answer: a question, or the end of the session."""

    turn: TurnRecord | None
    safety: str = "ok"
    note: str | None = None  # something to tell the member before the question

    @property
    def finished(self) -> bool:
        return self.turn is None


class SessionManager:
    def __init__(self, store: Store, bank: Bank, coach: Coach | None = None) -> None:
        self.store = store
        self.bank = bank
        self.coach = coach
        # Enough to choose an opening question before the models have loaded.
        self._bare_index = BankIndex(list(bank.questions))

    def flow(self, mode: str) -> Flow:
        return self.bank.flows[mode]

    def start(self, mode: str, seed: int | None = None) -> tuple[SessionRecord, TurnRecord]:
        """A new session and its opening question, stored at once (no model needed)."""
        seed = random.SystemRandom().randrange(1 << 30) if seed is None else seed
        session = self.store.create_session(mode, seed)
        state = SessionState(self.flow(mode), seed=seed)
        selection = select_next_question(self._bare_index, state, None)
        if selection is None:
            raise RuntimeError(f"the '{mode}' flow has no opening question in the bank")
        return session, self._ask(session.id, selection)

    def state(self, session_id: int) -> SessionState:
        session = self.store.session(session_id)
        state = SessionState(self.flow(session.mode), seed=session.seed)
        for turn in self.store.turns(session_id):
            if turn.speaker == COACH and turn.question_id:
                state.record_question(turn.question_id, turn.stage or "", turn.level or 1)
            elif turn.speaker == MEMBER:
                state.record_answer(turn.text)
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
            analysis = self.coach.analyse(last.text)
            self.store.set_analysis(last.id, analysis.to_json())
        state = self.state(session_id)
        selection = self.coach.next_question(state, analysis)
        safety = analysis.safety if analysis else "ok"
        note = NOT_ENGLISH if analysis is not None and not analysis.english else None
        if selection is None:
            self.store.finish_session(session_id)
            return Reply(None, safety, note)
        return Reply(self._ask(session_id, selection), safety, note)

    def end(self, session_id: int) -> None:
        """The member chose to stop here; everything they wrote is already saved."""
        self.store.finish_session(session_id)

    def ask_instead(self, session_id: int, text: str) -> TurnRecord:
        """A gentle turn the member asked for (e.g. to talk about something else)."""
        stage = self.state(session_id).next_stage()
        return self.store.add_turn(session_id, COACH, text, stage=stage.id if stage else None, level=1)

    def _ask(self, session_id: int, selection: Selection) -> TurnRecord:
        question = selection.question
        return self.store.add_turn(
            session_id,
            COACH,
            selection.text,
            question_id=question.id,
            stage=question.stage,
            level=question.level,
            why=selection.why,
        )

    def summary(self, session_id: int) -> Summary:
        return summarise(self.store.turns(session_id))

    def stage_title(self, session_id: int, stage_id: str | None) -> str:
        flow = self.flow(self.store.session(session_id).mode)
        return next((s.title for s in flow.stages if s.id == stage_id), "")
