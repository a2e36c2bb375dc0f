"""JobRunner: one worker thread, one job at a time, the newest request wins.

Threading (DESIGN.md §4): a plain QThread runs a QObject worker moved to it before it
gets a parent. The GUI thread talks to it only through queued signals; results come back
as ``Signal(object)`` carrying a :class:`JobOutcome`, and a result whose generation is
not the newest is dropped here, on the GUI thread, so no view ever sees it.
"""

from __future__ import annotations

import itertools
import logging
import time
import traceback
import weakref

from PySide6.QtCore import QObject, QThread, Signal, Slot

from digitgui.model.io.errors import InputError
from digitgui.model.jobs import FitCancelled
from digitgui.workers.jobs import Job, JobOutcome, JobRequest

log = logging.getLogger(__name__)


class _Worker(QObject):
    """Lives in the worker thread; runs requests in the order they arrive."""

    progressed = Signal(int, int, int)  # generation, done, total
    done = Signal(object)  # JobOutcome

    @Slot(object)
    def run(self, request: JobRequest) -> None:
        # Runs in the worker thread.
        started = time.perf_counter()
        if request.cancel.is_set():  # superseded while it waited in the queue
            self.done.emit(JobOutcome(request.generation, request.tag, cancelled=True))
            return

        def progress(done: int, total: int) -> None:
            self.progressed.emit(request.generation, int(done), int(total))

        try:
            payload = request.job(progress, request.cancel.is_set)
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


class JobRunner(QObject):
    """Runs jobs in its own thread for the GUI; lives in the GUI thread.

    Signals carry only the newest job's events: ``started(tag)``, ``progress(tag, done,
    total)``, ``finished(tag, payload)``, ``failed(tag, message)``, ``cancelled(tag)``;
    ``busy_changed(bool)`` follows whether the newest job is still running.
    """

    started = Signal(str)
    progress = Signal(str, int, int)
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
        self._ids = itertools.count(1)
        self._current: JobRequest | None = None
        self._thread = QThread()
        self._thread.setObjectName(f"{name}Thread")
        self._worker = _Worker()  # no parent: it is moved to the thread
        self._worker.moveToThread(self._thread)
        self._thread.finished.connect(self._worker.deleteLater)
        self._submit.connect(self._worker.run)
        self._worker.progressed.connect(self._on_worker_progressed)
        self._worker.done.connect(self._on_worker_done)
        self._thread.start()

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

    def shutdown(self, timeout_ms: int = 5000) -> bool:
        """Cancel, stop the thread's event loop and wait for it (bounded). True if it ended."""
        self.cancel()
        self._current = None
        self._thread.quit()
        return self._thread.wait(timeout_ms)

    @Slot(int, int, int)
    def _on_worker_progressed(self, generation: int, done: int, total: int) -> None:
        if self._current is not None and generation == self._current.generation:
            self.progress.emit(self._current.tag, done, total)

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


def _describe(exc: BaseException) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
