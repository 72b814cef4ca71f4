"""The curated question bank and flows: schema, loader with file:line errors, linter."""

from alcoach.bank.loader import load_bank
from alcoach.bank.schema import Bank, Flow, Problem, Question, Stage

__all__ = ["Bank", "Flow", "Problem", "Question", "Stage", "load_bank"]
