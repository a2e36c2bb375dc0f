"""Run a slot once at the next turn of the event loop, however often it is asked for."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer


def next_turn_timer(owner: QObject, slot: Callable[[], None]) -> QTimer:
    """A zero-interval single-shot timer owned by ``owner`` that calls ``slot``.

    Call ``start()`` as often as needed within one turn: ``slot`` runs once, after the
    events already queued. The timer is ``owner``'s child, so nothing fires once the owner
    is deleted. (``QTimer.singleShot(0, owner, callable)`` would do the same, but PySide6
    before 6.7 has no such overload.)
    """
    timer = QTimer(owner)
    timer.setSingleShot(True)
    timer.setInterval(0)
    timer.timeout.connect(slot)
    return timer
