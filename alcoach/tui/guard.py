"""The one error boundary for what the screens ask of the core.

A busy, full, read-only or damaged database, or a model that failed, is something a member
can meet on any key press; it must never close the app, print a traceback, or show the text
being saved (a traceback's local variables would put it in the terminal's scrollback).
Every handler and worker that reaches the store or the coach is wrapped in `guarded`: a
known failure (see `alcoach.errors.describe`) becomes a calm message on screen, the handler
stops where it was (so an answer not yet saved is still in its box), and a bug still
surfaces as one.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from textual.dom import DOMNode

from alcoach.errors import describe

Handler = TypeVar("Handler", bound=Callable[..., Any])
PROBLEM_TIMEOUT = 15.0


def report(
    node: DOMNode, message: str, recover: Callable[..., Any] | None = None, *args: Any, **kwargs: Any
) -> None:
    """Show a known failure (and run `recover`); safe from a worker thread too."""
    app = node.app

    def show() -> None:
        if recover is not None:
            recover(*args, **kwargs)
        app.notify(message, title="alcoach", severity="error", timeout=PROBLEM_TIMEOUT, markup=False)

    try:
        app.call_from_thread(show)  # from a worker thread
    except RuntimeError:  # already on the app's own thread
        show()


def guarded(handler: Handler | None = None, *, recover: str | None = None) -> Any:
    """`@guarded`, or `@guarded(recover="method")` to also call that method of the node, on
    the app's thread and with the handler's arguments, after a failure (a worker puts back
    what it had taken)."""

    def wrap(function: Handler) -> Handler:
        @functools.wraps(function)
        def run(node: DOMNode, *args: Any, **kwargs: Any) -> Any:
            try:
                return function(node, *args, **kwargs)
            except Exception as error:
                message = describe(error)
                if message is None:
                    raise
                report(node, message, getattr(node, recover) if recover else None, *args, **kwargs)
                return None

        return run  # type: ignore[return-value]

    return wrap(handler) if handler is not None else wrap
