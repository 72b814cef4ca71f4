"""A coaching session: the conversation, the answer box, and the closing summary."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from alcoach.bank.support import CONTINUE, END, POSSIBLE
from alcoach.coach.manager import Reply
from alcoach.coach.summary import Summary
from alcoach.nlp.labels import LABEL_NAMES
from alcoach.paths import exports_dir
from alcoach.store.repository import COACH
from alcoach.tui.guard import guarded
from alcoach.tui.messages import CoachReplied
from alcoach.tui.screens.commitments import CommitmentCheck, CommitmentsScreen
from alcoach.tui.screens.export import ExportScreen
from alcoach.tui.screens.patterns import PatternsScreen
from alcoach.tui.screens.support import SupportScreen
from alcoach.tui.widgets.answer_box import AnswerBox
from alcoach.tui.widgets.turn import TurnView

if TYPE_CHECKING:
    from alcoach.tui.app import AlcoachApp

HINT = "Enter sends · Ctrl+J new line · F2 why this question · F3 useful · F4 another question · Esc home"
FINISHED_HINT = (
    "This session has ended and is saved. Ctrl+E exports it · Ctrl+D: a pattern is not what you meant · "
    "Esc home"
)
WAITING = "Saved. Your next question will appear as soon as alcoach has finished loading."


class SessionScreen(Screen):
    # F-keys first; the Ctrl aliases are for terminals that swallow F-keys (TextArea keeps
    # Ctrl+U, Ctrl+W and friends for editing).
    BINDINGS = [
        ("escape", "app.go_home", "Home"),
        Binding("f2", "why", "Why this question?", priority=True),
        Binding("ctrl+t", "why", "Why this question?", show=False, priority=True),
        Binding("f3", "useful", "Useful", priority=True),
        Binding("ctrl+g", "useful", "Useful", show=False, priority=True),
        Binding("f4", "another", "Another question", priority=True),
        Binding("ctrl+n", "another", "Another question", show=False, priority=True),
        # Once the session has ended (the summary and the hint line say so; F1 lists them).
        Binding("ctrl+e", "export", "Export", show=False, priority=True),
        Binding("ctrl+d", "dismiss_patterns", "Not what I meant", show=False, priority=True),
    ]

    app: AlcoachApp

    def __init__(self, session_id: int) -> None:
        super().__init__()
        self.session_id = session_id
        self.waiting_for_models = False
        self.finished = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield VerticalScroll(id="conversation")
        yield Static(HINT, id="hint")
        yield AnswerBox(id="answer")
        yield Footer()

    @guarded
    def on_mount(self) -> None:
        manager = self.app.manager
        conversation = self.query_one("#conversation", VerticalScroll)
        for turn in manager.store.turns(self.session_id):
            note = manager.stage_title(self.session_id, turn) if turn.speaker == COACH else ""
            conversation.mount(TurnView(turn.speaker, turn.text, note))
        conversation.scroll_end(animate=False)
        self.query_one(AnswerBox).focus()
        if manager.store.session(self.session_id).status == "finished":
            self._show_summary(manager.summary(self.session_id))
        elif manager.awaiting_reply(self.session_id):
            self.request_reply()

    @guarded
    def on_answer_box_submitted(self, event: AnswerBox.Submitted) -> None:
        if self.finished:
            self.notify("This session has ended. Press Esc for home.")
            return
        if self.app.manager.awaiting_reply(self.session_id):
            if self._thinking():
                self.notify(
                    "One moment: the coach is still thinking about your last answer. What you have "
                    "written here is kept; press Enter again once the question appears."
                )
                if event.text.strip() and not event.text.endswith("\n"):
                    # What is typed next starts on its own line, after what is there.
                    event.answer_box.insert("\n", location=event.answer_box.document.end)
            else:  # the last reply failed (the database was busy): ask for it again
                self.request_reply()
            return
        if not event.text.strip():
            self.notify("Write an answer first. Ctrl+J starts a new line.", severity="warning")
            return
        self.app.manager.record_answer(self.session_id, event.text)
        self._add(TurnView("member", event.text))
        event.answer_box.clear()
        self.request_reply()

    def _thinking(self) -> bool:
        return self.waiting_for_models or any(
            worker.node is self and worker.group == "respond" and worker.is_running for worker in self.workers
        )

    def draft(self) -> str:
        """What the member has typed and not yet sent."""
        answer_box = self.query_one(AnswerBox)
        return "" if answer_box.disabled else answer_box.text

    def request_reply(self) -> None:
        if self.app.manager.coach is None:
            self.waiting_for_models = True
            self._add(TurnView("system", WAITING, classes="waiting"))
            return
        self.waiting_for_models = False
        for waiting in self.query(".waiting"):
            waiting.remove()
        self._respond()

    @work(thread=True, group="respond", exclusive=True)
    @guarded
    def _respond(self) -> None:
        reply = self.app.manager.respond(self.session_id)
        self.post_message(CoachReplied(self.session_id, reply))

    @guarded
    def on_coach_replied(self, message: CoachReplied) -> None:
        reply: Reply = message.reply
        if reply.note:
            self._add(TurnView("system", reply.note))
        if reply.concern:
            # The support stays in the conversation; nothing is asked until they choose.
            level = reply.safety_level or POSSIBLE
            self._add(TurnView("system", self.app.support.as_text(level), classes="support"))
            self.app.push_screen(SupportScreen(self.app.support, level), self._after_support)
            return
        if reply.finished:
            self._check_commitments()
            return
        self._show_question(reply)

    def _show_question(self, reply: Reply) -> None:
        assert reply.turn is not None
        note = self.app.manager.stage_title(self.session_id, reply.turn)
        self._add(TurnView(COACH, reply.turn.text, note))

    @guarded
    def _after_support(self, choice: str | None) -> None:
        reply = self.app.manager.after_concern(self.session_id, choice or CONTINUE)
        if choice == END or reply.turn is None:
            self._show_summary(self.app.manager.summary(self.session_id))
            return
        self._show_question(reply)
        self.query_one(AnswerBox).focus()

    @guarded
    def _check_commitments(self) -> None:
        """At the close, the member sees what was kept as a commitment and can correct it."""
        commitments = self.app.manager.session_commitments(self.session_id)
        if not commitments:
            self._show_summary(self.app.manager.summary(self.session_id))
            return

        def corrected(check: CommitmentCheck | None) -> None:
            if check is not None:
                self.app.manager.correct_commitments(self.session_id, check.kept, check.dropped)
            self._show_summary(self.app.manager.summary(self.session_id))

        self.app.push_screen(CommitmentsScreen(commitments), corrected)

    @guarded
    def action_export(self) -> None:
        if not self.finished:
            self.notify("Export is there once the session has ended (or from the CLI: alcoach export).")
            return
        mode = self.app.manager.store.session(self.session_id).mode

        def chosen(sections: list[str] | None) -> None:
            if sections is None:
                return
            path = self.app.manager.export(self.session_id, sections, exports_dir())
            self._add(TurnView("system", f"Written to {path} (readable by you only)."))

        self.app.push_screen(ExportScreen(mode), chosen)

    @guarded
    def action_dismiss_patterns(self) -> None:
        if not self.finished:
            self.notify("Once the session has ended you can say which patterns are not what you meant.")
            return
        quotes = self.app.manager.summary(self.session_id).pattern_quotes
        if not quotes:
            self.notify("alcoach noticed no patterns in this session.")
            return

        def chosen(readings: list[tuple[str, str]] | None) -> None:
            if readings:
                self.app.manager.dismiss_patterns(self.session_id, readings)
                for old in self.query(".summary"):
                    old.remove()
                self._show_summary(self.app.manager.summary(self.session_id))

        self.app.push_screen(PatternsScreen(quotes), chosen)

    def _show_summary(self, summary: Summary) -> None:
        self.finished = True
        flow = self.app.manager.flow(self.app.manager.store.session(self.session_id).mode)
        lines = [flow.closing_message or "Here is what you wrote, in your own words.", ""]
        lines += [f"• {sentence}" for sentence in summary.key_sentences]
        if summary.insights:
            lines += ["", "What you came to see:"] + [f"  • {sentence}" for sentence in summary.insights]
        if summary.want_from_set:
            lines += ["", "What you want from your set:", f"  {summary.want_from_set}"]
        if summary.next_step and not any(c in summary.next_step for c in summary.commitments):
            lines += ["", "Your next step:", f"  {summary.next_step}"]
        if summary.commitments:
            lines += ["", "What you committed to:"] + [f"  • {text}" for text in summary.commitments]
        if summary.patterns:
            lines += ["", "What alcoach noticed in what you wrote (Ctrl+D if one is not what you meant):"]
            for label, count in summary.patterns.items():
                quotes = "; ".join(f"\u201c{q}\u201d" for q in summary.pattern_quotes.get(label, [])[:2])
                lines.append(f"  • {LABEL_NAMES.get(label, label)} ({count}): {quotes}")
        if summary.useful_questions:
            lines += ["", "Questions you marked useful:"] + [f"  • {q}" for q in summary.useful_questions]
        lines += [
            "",
            "This session is saved. To take it to your set or sponsor, press Ctrl+E "
            f"(or run: alcoach export {self.session_id}).",
            "Press Esc to go home.",
        ]
        self._add(TurnView("system", "\n".join(lines), classes="summary"))
        # Nothing more can be written here: no box to type into, and the hint says so.
        answer_box = self.query_one(AnswerBox)
        answer_box.disabled = True
        answer_box.display = False
        self.query_one("#hint", Static).update(FINISHED_HINT)

    @guarded
    def action_why(self) -> None:
        why = self.app.manager.why(self.session_id)
        self._add(TurnView("system", f"Why this question? {why}" if why else "There is no question yet."))

    @guarded
    def action_useful(self) -> None:
        turn = self.app.manager.mark_useful(self.session_id)
        if turn is not None:
            self.notify("Marked useful: alcoach will lean towards questions like it.", markup=False)

    @guarded
    def action_another(self) -> None:
        if self.finished or self.app.manager.coach is None:
            self.notify("Another question is possible once the coach is ready and the session is open.")
            return
        reply = self.app.manager.another_question(self.session_id)
        if reply is None or reply.turn is None:
            self.notify("Answer this question, or press Esc; there is no other question to offer here.")
            return
        self._add(TurnView("system", "Here is a different question; the last one will not be asked again."))
        self._add(TurnView(COACH, reply.turn.text, self.app.manager.stage_title(self.session_id, reply.turn)))

    def _add(self, widget: TurnView) -> None:
        conversation = self.query_one("#conversation", VerticalScroll)
        conversation.mount(widget)
        conversation.scroll_end(animate=False)
