"""BackgroundPresenter: what every exploration tab shares — one job kind, its own worker
thread, progress, Cancel, failures, and dropping results that belong to replaced data.

The view offers ``set_running(bool)``, ``set_progress(done, total)``, ``set_status(str)``
and ``clear()``. A subclass starts work with :meth:`submit` and shows it in
:meth:`show_result`.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QObject, Slot
from PySide6.QtWidgets import QWidget

from digitgui.app.state import AppState
from digitgui.model.dataset import Dataset
from digitgui.model.jobs import ProgressFn, StopFn
from digitgui.workers.jobs import Job


def _with_dataset(dataset: Dataset, compute: Job, progress: ProgressFn, should_stop: StopFn):
    """Runs in the worker thread: the payload, tagged with the data it was computed on."""
    return dataset, compute(progress=progress, should_stop=should_stop)


class BackgroundPresenter(QObject):
    """Wires ``view`` to ``state`` and a runner of its own named ``runner_name``."""

    #: Status shown when new data replaces what the view showed.
    new_data_status = "New data loaded: run again."

    def __init__(self, state: AppState, view: QWidget, runner_name: str) -> None:
        super().__init__(view)  # owned by the view: it lives exactly as long
        self._state = state
        self.runner = state.make_runner(runner_name)
        self._dataset = state.dataset  # the data set of the newest job
        self.runner.progress.connect(self._on_runner_progress)
        self.runner.finished.connect(self._on_runner_finished)
        self.runner.failed.connect(self._on_runner_failed)
        self.runner.cancelled.connect(self._on_runner_cancelled)
        state.dataset_changed.connect(self._on_state_dataset_changed)

    @property
    def _view(self) -> QWidget:
        # Reached through parent(), not stored: a Python reference back to the view would
        # form a cycle whose collection can delete a shown top-level view mid-paint.
        return self.parent()

    def submit(self, tag: str, compute: Job, dataset: Dataset | None = None) -> None:
        """Run ``compute(progress=…, should_stop=…)`` in the worker for ``dataset`` (current)."""
        dataset = self._dataset = dataset or self._state.dataset
        self._view.set_running(True)
        self.runner.submit(tag, partial(_with_dataset, dataset, compute))

    def show_result(self, payload: object) -> None:
        """Render a finished job's payload (its data set is still the current one)."""
        raise NotImplementedError

    def cancelled_status(self) -> str:
        return "Cancelled."

    @Slot()
    def cancel(self) -> None:
        self.runner.cancel()

    @Slot(str, int, int)
    def _on_runner_progress(self, _tag: str, done: int, total: int) -> None:
        self._view.set_progress(done, total)

    @Slot(str, object)
    def _on_runner_finished(self, _tag: str, tagged: object) -> None:
        dataset, payload = tagged
        self._view.set_running(False)
        if dataset is self._state.dataset:  # else computed on data since replaced
            self.show_result(payload)

    @Slot(str, str)
    def _on_runner_failed(self, _tag: str, message: str) -> None:
        self._view.set_running(False)
        self._view.set_status(f"Failed: {message}")

    @Slot(str)
    def _on_runner_cancelled(self, _tag: str) -> None:
        self._view.set_running(False)
        if self._dataset is self._state.dataset:
            self._view.set_status(self.cancelled_status())

    @Slot(object)
    def _on_state_dataset_changed(self, _dataset: object) -> None:
        self.runner.cancel()
        self._view.clear()
        self._view.set_status(self.new_data_status)
