"""Messages that workers post back to the UI thread."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from alcoach.coach.manager import Reply


@dataclass
class CoachLoaded(Message):
    pass


@dataclass
class CoachFailed(Message):
    error: str


@dataclass
class CoachReplied(Message):
    session_id: int
    reply: Reply
