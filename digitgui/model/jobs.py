"""The protocol every long model computation follows: report progress, stop when asked.

A computation takes ``progress(done, total)`` and ``should_stop()`` callbacks (both
optional) and calls :func:`check_cancel` at its cancel points; a cancelled computation
raises :class:`FitCancelled`. Plain Python, so a test can drive it without threads.
"""

from __future__ import annotations

from collections.abc import Callable

ProgressFn = Callable[[int, int], None]
StopFn = Callable[[], bool]


class FitCancelled(Exception):
    """Raised inside a computation when its ``should_stop`` callback answered True."""


def check_cancel(should_stop: StopFn | None) -> None:
    """Raise :class:`FitCancelled` if the caller asked to stop."""
    if should_stop is not None and should_stop():
        raise FitCancelled()
