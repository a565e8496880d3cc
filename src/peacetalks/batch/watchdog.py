"""A time limit per document: an extraction that overruns it is skipped, not waited on.

The limit is a POSIX interval timer (SIGALRM) armed around one document's extraction in the
main thread: when it fires, the running Python code raises TooSlow at its next bytecode, the
stages' state for that document is dropped, and the batch goes on with the next document.
Elsewhere (a worker thread, a system without setitimer) extraction runs unbounded, as before.
TooSlow derives from BaseException so that no stage's `except Exception` swallows it.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

DOC_TIMEOUT = 300.0  # seconds per document; the learned backend reads a 1.3 MB report in ~30 s


class TooSlow(BaseException):
    """One document's extraction ran past its time limit."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        super().__init__(f"extraction took over {seconds:g} s")


def enforceable() -> bool:
    """Whether a limit can be enforced here: the main thread, on a system with setitimer."""
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise TooSlow in this block after `seconds` (None or 0: no limit)."""
    if not seconds or not enforceable():
        yield
        return

    def fire(_signum: int, _frame: FrameType | None) -> None:
        raise TooSlow(seconds)

    previous = signal.signal(signal.SIGALRM, fire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def too_slow_message(seconds: float) -> str:
    """The outcome of an overrun, naming the limit and the option that raises it."""
    return (
        f"too slow (its extraction passed the limit of {seconds:g} s per document; "
        "raise it with --doc-timeout SECONDS, or split the document)"
    )
