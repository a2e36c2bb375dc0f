"""Ctrl+C in the terminal, ``kill`` and a closed terminal end the app like File → Quit.

Python's default SIGINT handler raises ``KeyboardInterrupt``, which cannot happen while
Qt's event loop waits in C++: an idle window ignored Ctrl+C for ever, then printed a
traceback at the next slot. SIGTERM and SIGHUP killed the process at once, without
cancelling jobs or saving settings. Here each of them only sets a flag (Python side) and
writes a byte to a socket Qt watches (``signal.set_wakeup_fd``), so the event loop wakes
at once and closes the windows the ordinary way: jobs cancelled, settings saved, exit 0.

:func:`catch_quit_signals` runs first thing in ``main()`` (a signal during the imports
is remembered, not lost); :func:`connect_quit_signals` runs once the QApplication exists.
"""

from __future__ import annotations

import logging
import signal
import socket
from collections.abc import Callable

log = logging.getLogger(__name__)

#: The signals that mean "please quit": Ctrl+C, ``kill``, the terminal closing.
QUIT_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)
)

_received: list[int] = []  # signal numbers, in arrival order
_on_quit: Callable[[], None] | None = None


def _handle(signum: int, _frame: object) -> None:
    # Runs in the main thread between two Python bytecodes; the wake-up byte has
    # already been written by the C handler, so Qt's loop wakes even when idle.
    _received.append(signum)


def catch_quit_signals() -> None:
    """Replace the default actions of :data:`QUIT_SIGNALS` by "remember to quit".

    Does nothing outside the main thread (Python allows handlers only there).
    """
    try:
        for number in QUIT_SIGNALS:
            if signal.getsignal(number) is signal.SIG_IGN:
                continue  # e.g. SIGHUP under nohup: the user asked to ignore it
            signal.signal(number, _handle)
    except ValueError:  # not the main thread (an embedding host)
        pass


def quit_requested() -> bool:
    """Whether a quit signal has arrived."""
    return bool(_received)


def connect_quit_signals(on_quit: Callable[[], None]) -> bool:
    """Call ``on_quit()`` in Qt's event loop whenever a quit signal arrives.

    Needs a running QCoreApplication (its loop watches a socket). A signal that came
    before this call is handled as soon as the loop runs. Returns False where a wake-up
    socket cannot be set up (then signals are still caught, but only noticed when
    Python code next runs).
    """
    global _on_quit
    from PySide6.QtCore import QSocketNotifier, QTimer

    _on_quit = on_quit
    if _received:
        QTimer.singleShot(0, _dispatch)
    try:
        reader, writer = socket.socketpair()
        for end in (reader, writer):
            end.setblocking(False)
        signal.set_wakeup_fd(writer.fileno(), warn_on_full_buffer=False)
    except (OSError, ValueError):
        return False
    notifier = QSocketNotifier(reader.fileno(), QSocketNotifier.Type.Read)

    def on_readable() -> None:
        numbers = b""
        try:
            while chunk := reader.recv(64):
                numbers += chunk
        except OSError:  # drained (BlockingIOError) or closed
            pass
        # Each byte is a signal number (written by the C handler); the Python handler
        # has usually run by now too, but need not have.
        if not _received:
            _received.extend(n for n in numbers if n in QUIT_SIGNALS)
        _dispatch()

    notifier.activated.connect(on_readable)
    # Kept alive with the application: the sockets must outlive every signal.
    _keep.extend((reader, writer, notifier, on_readable))
    return True


_keep: list[object] = []


def _dispatch() -> None:
    if not _received or _on_quit is None:
        return
    names = ", ".join(signal.Signals(number).name for number in _received)
    _received.clear()
    log.info("%s received: quitting", names)
    _on_quit()
