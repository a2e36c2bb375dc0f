"""JobRunner: one worker thread, one job at a time, the newest request wins.

Threading (DESIGN.md §4): a plain QThread runs a QObject worker moved to it before it
gets a parent. The GUI thread talks to it only through queued signals; results come back
as ``Signal(object)`` carrying a :class:`JobOutcome`, and a result whose generation is
not the newest is dropped here, on the GUI thread, so no view ever sees it.

Shutdown: :meth:`JobRunner.stop` cancels and ends the thread's loop without waiting;
:func:`stop_all` waits for many runners against one shared deadline. A thread still
busy after its deadline is never destroyed while it runs: it is kept referenced here, at
module level, and ``main()`` leaves the process with ``os._exit``, without running the
interpreter's teardown that would destroy it.
"""

from __future__ import annotations

import inspect
import itertools
import logging
import time
import traceback
import weakref
from collections.abc import Generator, Iterable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal, Slot

from digitgui.model.io.errors import InputError
from digitgui.model.jobs import FitCancelled
from digitgui.workers.jobs import Job, JobOutcome, JobRequest
from digitgui.workers.priority import favour_gui_thread, lower_this_thread

log = logging.getLogger(__name__)

#: Threads (with their workers) still running after their shutdown deadline. Held here
#: so that no garbage collection destroys a running QThread (that aborts the process).
_abandoned: list[tuple[QThread, QObject]] = []


class _Worker(QObject):
    """Lives in the worker thread; runs requests in the order they arrive."""

    progressed = Signal(int, int, int)  # generation, done, total
    yielded = Signal(int, object)  # generation, partial result
    done = Signal(object)  # JobOutcome

    @Slot(object)
    def run(self, request: JobRequest) -> None:
        # Runs in the worker thread, which yields the CPU to the GUI thread (Linux nice).
        lower_this_thread()
        started = time.perf_counter()
        if request.cancel.is_set():  # superseded while it waited in the queue
            self.done.emit(JobOutcome(request.generation, request.tag, cancelled=True))
            return

        def progress(done: int, total: int) -> None:
            self.progressed.emit(request.generation, int(done), int(total))

        try:
            payload = request.job(progress, request.cancel.is_set)
            if inspect.isgenerator(payload):
                payload = self._drive(request, payload)
        except FitCancelled:
            outcome = JobOutcome(request.generation, request.tag, cancelled=True)
        except (InputError, OSError) as exc:  # a bad file, a full disk: the user's to fix
            log.warning("job %r: %s", request.tag, _describe(exc).replace("\n", " "))
            outcome = JobOutcome(request.generation, request.tag, error=_describe(exc))
        except Exception as exc:  # shown to the user by whoever listens
            log.error("job %r failed:\n%s", request.tag, traceback.format_exc())
            outcome = JobOutcome(request.generation, request.tag, error=_describe(exc))
        else:
            outcome = JobOutcome(
                request.generation,
                request.tag,
                payload,
                seconds=time.perf_counter() - started,
            )
        self.done.emit(outcome)

    def _drive(self, request: JobRequest, steps: Generator[object, Any, object]) -> object:
        """Run a generator job: each yielded value is a partial result and a cancel point.

        A generator job cancelled before it returned ends cancelled: its partial results
        stopped showing at Cancel, so its final one must not show either.
        """
        while True:
            try:
                value = next(steps)
            except StopIteration as finished:
                if request.cancel.is_set():
                    raise FitCancelled() from None
                return finished.value
            if request.cancel.is_set():
                steps.close()
                raise FitCancelled()
            self.yielded.emit(request.generation, value)


class JobRunner(QObject):
    """Runs jobs in its own thread for the GUI; lives in the GUI thread.

    Signals carry only the newest job's events: ``started(tag)``, ``progress(tag, done,
    total)``, ``partial(tag, payload)`` (each value a generator job yields, dropped once
    the job is cancelled), ``finished(tag, payload)``, ``failed(tag, message)``,
    ``cancelled(tag)``; ``busy_changed(bool)`` follows whether the newest job still runs.
    """

    started = Signal(str)
    progress = Signal(str, int, int)
    partial = Signal(str, object)
    finished = Signal(str, object)
    failed = Signal(str, str)
    cancelled = Signal(str)
    busy_changed = Signal(bool)
    _submit = Signal(object)

    #: Every live runner, so tests can check that none is left with a running thread.
    instances: weakref.WeakSet[JobRunner] = weakref.WeakSet()

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        JobRunner.instances.add(self)
        self.name = name
        self._ids = itertools.count(1)
        self._current: JobRequest | None = None
        self._stopped_tag: str | None = None  # the job running when stop() was called
        self._stop_requested = False
        self._thread = QThread()  # no parent: only this object (or _abandoned) owns it
        self._thread.setObjectName(f"{name}Thread")
        self._worker = _Worker()  # no parent: it is moved to the thread
        self._worker.moveToThread(self._thread)
        self._thread.finished.connect(self._worker.deleteLater)
        self._submit.connect(self._worker.run)
        self._worker.progressed.connect(self._on_worker_progressed)
        self._worker.yielded.connect(self._on_worker_yielded)
        self._worker.done.connect(self._on_worker_done)
        # Background work runs below the GUI thread: QThread's priority where the system
        # honours it, nice values on Linux; a short GIL switch interval, and BLAS calls
        # on their caller's thread (see digitgui.workers.priority).
        favour_gui_thread()
        self._thread.start(QThread.Priority.LowPriority)

    @property
    def busy(self) -> bool:
        return self._current is not None

    @property
    def current_tag(self) -> str | None:
        return None if self._current is None else self._current.tag

    def submit(self, tag: str, job: Job) -> int:
        """Queue ``job``; any job still running is told to stop. Returns its generation."""
        if self._current is not None:
            self._current.cancel.set()
        request = JobRequest(next(self._ids), tag, job)
        was_busy = self._current is not None
        self._current = request
        self._submit.emit(request)
        self.started.emit(tag)
        if not was_busy:
            self.busy_changed.emit(True)
        return request.generation

    def cancel(self) -> None:
        """Ask the running job to stop at its next cancel point."""
        if self._current is not None:
            self._current.cancel.set()

    @property
    def running(self) -> bool:
        """Whether its thread is still running (until :meth:`shutdown`)."""
        return self._thread.isRunning()

    @property
    def stopped(self) -> bool:
        """Whether :meth:`stop` was called (its thread ends once the job returns)."""
        return self._stop_requested

    def stop(self) -> None:
        """Cancel the job and end the thread's event loop once it returns; no waiting."""
        self.cancel()
        self._stop_requested = True
        self._stopped_tag = self.current_tag
        self._current = None
        self._thread.quit()

    def wait_until(self, deadline: float) -> bool:
        """Wait for the thread until ``deadline`` (a ``time.monotonic()`` value).

        True if it ended. A thread still running is kept alive at module level, never
        destroyed while it runs (see :func:`abandoned_threads_running`).
        """
        remaining_ms = round((deadline - time.monotonic()) * 1000)
        # Past the deadline, only look: Qt 6.6 reports "cv wait failure" for a wait of 0 ms.
        ended = self._thread.wait(remaining_ms) if remaining_ms > 0 else self._thread.isFinished()
        if ended:
            return True
        job = f" with job {self._stopped_tag!r} unfinished" if self._stopped_tag else ""
        log.warning("worker thread %r still busy at shutdown%s; leaving it", self.name, job)
        _abandoned.append((self._thread, self._worker))
        return False

    def shutdown(self, timeout_ms: int = 2000) -> bool:
        """Cancel, stop the thread's event loop and wait for it (bounded). True if it ended."""
        self.stop()
        return self.wait_until(time.monotonic() + timeout_ms / 1000)

    @Slot(int, int, int)
    def _on_worker_progressed(self, generation: int, done: int, total: int) -> None:
        if self._current is not None and generation == self._current.generation:
            self.progress.emit(self._current.tag, done, total)

    @Slot(int, object)
    def _on_worker_yielded(self, generation: int, value: object) -> None:
        current = self._current
        if current is not None and generation == current.generation:
            if not current.cancel.is_set():  # Cancel pressed: nothing more is shown
                self.partial.emit(current.tag, value)

    @Slot(object)
    def _on_worker_done(self, outcome: JobOutcome) -> None:
        if self._current is None or outcome.generation != self._current.generation:
            return  # stale: a newer job was submitted meanwhile
        self._current = None
        self.busy_changed.emit(False)
        if outcome.cancelled:
            self.cancelled.emit(outcome.tag)
        elif outcome.error is not None:
            self.failed.emit(outcome.tag, outcome.error)
        else:
            self.finished.emit(outcome.tag, outcome.payload)


def stop_all(runners: Iterable[JobRunner], seconds: float) -> list[str]:
    """Stop every runner at once and wait for all of them against one deadline.

    Returns the names of the runners whose thread was still busy at the deadline (they
    are kept alive, see :func:`abandoned_threads_running`).
    """
    runners = list(runners)
    for runner in runners:
        runner.stop()
    deadline = time.monotonic() + seconds
    return [runner.name for runner in runners if not runner.wait_until(deadline)]


def abandoned_threads_running() -> int:
    """How many threads left busy at a shutdown deadline are still running.

    If any are, the process must end with ``os._exit`` (after flushing what it needs):
    normal interpreter shutdown would destroy their QThread objects while they run,
    which makes Qt abort the process.
    """
    return sum(1 for thread, _worker in _abandoned if thread.isRunning())


def _describe(exc: BaseException) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
