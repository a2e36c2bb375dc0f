"""Run work that has no cancel point in a child process that Cancel terminates for real.

scikit-learn's Isomap, spectral embedding and t-SNE, and reading a big file, are single
calls that cannot be interrupted from another thread: a worker thread running one cannot
stop until it returns. :func:`run_in_child` runs such a call in a child process while
the calling (worker) thread polls ``should_stop`` every :data:`POLL_SECONDS`; on a stop
request it terminates the child and raises :class:`FitCancelled`.

Children are started with the ``forkserver`` method where there is one (Linux; a server
process started once, with the model modules already imported, forks each child in
about 10 ms) and ``spawn`` elsewhere — never by forking this process, whose Qt threads
would be copied in an unknown state. The function and its arguments are pickled to the
child (our own code and arrays); the child sends back plain values (numpy arrays,
strings, numbers), progress as ``(done, total)``, or its error's type name and message.
No Qt is imported in the child. In a frozen bundle ``multiprocessing.freeze_support()``
must run first in ``main()``.
"""

from __future__ import annotations

import builtins
import logging
import multiprocessing
import signal
import sys
import threading
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

from digitgui.model.jobs import FitCancelled, ProgressFn, StopFn
from digitgui.workers.priority import lower_this_process

log = logging.getLogger(__name__)

#: How often the waiting thread asks ``should_stop`` (the cancel latency, in seconds).
POLL_SECONDS = 0.05
#: Imported once by the fork server, so each child starts with them already loaded.
PRELOAD = (
    "numpy",
    "digitgui.model.projection",
    "digitgui.model.io.datasets",
    "digitgui.model.compare",
    "digitgui.workers.child_jobs",
)

_context_lock = threading.Lock()
_context: Any = None


class ChildDiedError(RuntimeError):
    """The child process died without an answer (killed by the system, out of memory)."""


def _get_context():
    global _context
    with _context_lock:
        if _context is None:
            if "forkserver" in multiprocessing.get_all_start_methods():
                _context = multiprocessing.get_context("forkserver")
                _context.set_forkserver_preload(list(PRELOAD))
            else:
                _context = multiprocessing.get_context("spawn")
        return _context


def prestart() -> None:
    """Start the fork server now (it takes about a second), so a later job need not wait.

    Safe to call from any thread; does nothing where children are spawned directly.
    """
    context = _get_context()
    if context.get_start_method() == "forkserver":
        from multiprocessing import forkserver

        forkserver.ensure_running()


def run_in_child(
    function: Callable[..., Any],
    *args: Any,
    progress: ProgressFn | None = None,
    should_stop: StopFn | None = None,
) -> Any:
    """``function(*args, progress=…)`` computed in a child process; its return value.

    Runs in the calling (worker) thread, which waits for the child and polls
    ``should_stop`` meanwhile. ``function`` must be importable by name (a module-level
    function) and return plain values.

    Raises
    ------
    FitCancelled
        ``should_stop()`` answered True; the child has been terminated.
    Exception
        The child's own error, rebuilt as the same built-in or digitgui error type with
        the same message (a :class:`RuntimeError` naming it for other types).
    ChildDiedError
        The child ended without an answer.
    """
    if should_stop is not None and should_stop():
        raise FitCancelled()
    context = _get_context()
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(
        target=_child_main, args=(sender, function, args), name="digitgui-job", daemon=True
    )
    launched = _launch(process, sender)
    while not launched.wait(POLL_SECONDS):
        if should_stop is not None and should_stop():
            # Starting can wait on a busy fork server, or on a slow child reading its
            # arguments: leave it to a daemon thread, which ends the child once started.
            threading.Thread(
                target=_end_when_started, args=(launched, process, receiver), daemon=True
            ).start()
            raise FitCancelled()
    try:
        if launched.error is not None:
            raise launched.error
        return _wait_for_answer(process, receiver, progress, should_stop)
    finally:
        receiver.close()
        _end(process)


class _Launch(threading.Event):
    """Set once ``process.start()`` has returned; ``error`` is what it raised, if anything."""

    error: BaseException | None = None


def _launch(process, sender: Connection) -> _Launch:
    """Start ``process`` in a daemon thread (it may block); the event says when it has."""
    launched = _Launch()

    def start() -> None:
        try:
            process.start()
        except BaseException as error:  # reported by the waiting thread
            launched.error = error
        finally:
            sender.close()  # the child holds the only writing end: EOF when it dies
            launched.set()

    threading.Thread(target=start, name="digitgui-child-start", daemon=True).start()
    return launched


def _end_when_started(launched: _Launch, process, receiver: Connection) -> None:
    launched.wait()
    receiver.close()
    _end(process)


def _wait_for_answer(process, receiver: Connection, progress, should_stop) -> Any:
    while True:
        if should_stop is not None and should_stop():
            raise FitCancelled()
        if not receiver.poll(POLL_SECONDS):
            continue
        try:
            message = receiver.recv()
        except EOFError:
            process.join(1.0)
            raise ChildDiedError(
                f"the worker process ended without an answer (exit code {process.exitcode})"
            ) from None
        kind = message[0]
        if kind == "progress":
            if progress is not None:
                progress(message[1], message[2])
        elif kind == "log":  # e.g. a library's warning: into the app's log, one line
            _, level, name, text = message
            logging.getLogger(name).log(level, "in a child process: %s", _one_line(text))
        elif kind == "result":
            return message[1]
        else:
            raise _rebuild_error(message[1], message[2], message[3])


def _end(process) -> None:
    """Make sure the child is gone: terminate it, then kill it if it lingers."""
    if process.pid is None:  # never started
        return
    if process.is_alive():
        process.terminate()
        process.join(0.5)
    if process.is_alive():
        process.kill()
        process.join(0.5)
    if not process.is_alive():
        process.close()


class _ForwardToParent(logging.Handler):
    """Runs in the child: sends each log record (Python warnings included) to the parent,
    which logs it into the app's log; the child itself prints nothing to the terminal."""

    def __init__(self, send: Callable[[tuple], None]) -> None:
        super().__init__(logging.WARNING)
        self._send = send

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self._send(("log", record.levelno, record.name, record.getMessage()))
        except Exception:  # the parent stopped listening: nobody to tell
            pass


def _forward_logging(send: Callable[[tuple], None]) -> None:
    """Runs in the child: warnings and log records go to the parent, not to stderr.

    scikit-learn and SciPy warn through :mod:`warnings` (Isomap's "number of connected
    components", SciPy's ``SparseEfficiencyWarning``), which printed to the terminal the
    app was started from, and logging's last-resort handler would print a record too.
    """
    root = logging.getLogger()
    for handler in list(root.handlers):  # none are expected; a forked copy is not ours
        root.removeHandler(handler)
    root.addHandler(_ForwardToParent(send))
    root.setLevel(logging.WARNING)
    logging.captureWarnings(True)


def _child_main(sender: Connection, function: Callable[..., Any], args: tuple) -> None:
    """Runs in the child process: call ``function`` and send back what happened."""
    _die_with_parent()
    lower_this_process()
    lock = threading.Lock()  # a library may warn from a thread of its own

    def send(message: tuple) -> None:
        with lock:
            sender.send(message)

    _forward_logging(send)

    def progress(done: int, total: int) -> None:
        send(("progress", int(done), int(total)))

    try:
        try:
            result = function(*args, progress=progress)
        except BaseException as exc:  # everything goes back to the parent, which decides
            detail = traceback.format_exc()
            send(("error", type(exc).__module__, type(exc).__name__, (str(exc), detail)))
        else:
            send(("result", result))
    except OSError:  # the parent stopped listening (cancelled, or gone): nobody to tell
        pass
    finally:
        sender.close()


def _die_with_parent() -> None:
    """Linux: have the kernel kill this child when the process that started it dies
    (the fork server, which itself ends when the app ends), so no orphan keeps working."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGKILL)
    except (OSError, AttributeError):
        pass  # only a safety net


def _one_line(text: str) -> str:
    """A warning as one log line (the warnings module adds the source line below it)."""
    return " | ".join(line.strip() for line in str(text).splitlines() if line.strip())


def _rebuild_error(module: str, name: str, text: tuple[str, str]) -> Exception:
    """The parent-side exception for a child's error of type ``module.name``."""
    message, detail = text
    if module == "builtins":
        error_type = getattr(builtins, name, None)
        if isinstance(error_type, type) and issubclass(error_type, Exception):
            try:
                return error_type(message)
            except Exception:  # a constructor that wants other arguments
                pass
    if module.startswith("digitgui.model"):
        from digitgui.model.io.errors import DatasetError
        from digitgui.model.io.model_file import ModelFileError

        for error_type in (DatasetError, ModelFileError, FitCancelled):
            if name == error_type.__name__:
                return error_type(message)
    log.error("child process failed:\n%s", detail)
    return RuntimeError(f"{name}: {message}" if message else name)
