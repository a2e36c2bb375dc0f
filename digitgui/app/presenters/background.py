"""BackgroundPresenter: the one way a presenter runs background work.

What every tab shares: one job kind, its own worker thread, progress, Cancel, failures,
partial results as they come, and dropping results that belong to replaced data.

A subclass starts work with :meth:`submit` and shows it in :meth:`show_result` (and
:meth:`show_partial` for what a generator job yields, e.g. one row of a sweep). By
default the view offers the :class:`~digitgui.widgets.job_controls.JobView` calls
``set_running(bool)``, ``set_progress(done, total)``, ``set_status(str)`` and
``clear()``; a view with other controls overrides :meth:`view_running`,
:meth:`view_progress`, :meth:`view_status` and :meth:`show_new_data`.

Threading: ``compute`` runs in the worker thread; every method here runs in the GUI
thread. A result is shown only if it is the newest job's (the runner drops stale
generations) and its data set is still the current one.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Generator
from functools import partial
from typing import Any, cast

from PySide6.QtCore import QObject, Slot
from PySide6.QtWidgets import QWidget

from digitgui.app.state import AppState
from digitgui.model.dataset import Dataset
from digitgui.model.jobs import ProgressFn, StopFn

#: ``compute(progress=…, should_stop=…)``: a plain or generator function (keywords).
Compute = Callable[..., Any]


def _with_dataset(
    dataset: Dataset, compute: Compute, progress: ProgressFn, should_stop: StopFn
) -> Generator[Any, None, tuple[Dataset, Any]]:
    """Runs in the worker thread: the payload, tagged with the data it was computed on.

    A generator ``compute`` passes on what it yields (partial results) and its return value.
    """
    payload = compute(progress=progress, should_stop=should_stop)
    if inspect.isgenerator(payload):
        payload = yield from payload
    return dataset, payload


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
        self.runner.partial.connect(self._on_runner_partial)
        self.runner.finished.connect(self._on_runner_finished)
        self.runner.failed.connect(self._on_runner_failed)
        self.runner.cancelled.connect(self._on_runner_cancelled)
        state.dataset_changed.connect(self._on_state_dataset_changed)

    @property
    def _view(self) -> Any:
        # Reached through parent(), not stored: a Python reference back to the view would
        # form a cycle whose collection can delete a shown top-level view mid-paint.
        return self.parent()

    # -- what a subclass calls and overrides ------------------------------------------
    def submit(self, tag: str, compute: Compute, dataset: Dataset | None = None) -> None:
        """Run ``compute(progress=…, should_stop=…)`` in the worker for ``dataset`` (current).

        ``compute`` may be a generator function: each value it yields reaches
        :meth:`show_partial`, and the value it returns :meth:`show_result`.
        """
        dataset = self._dataset = dataset or self._state.dataset
        self.view_running(True)
        self.runner.submit(tag, partial(_with_dataset, dataset, compute))

    def show_result(self, payload: Any) -> None:
        """Render a finished job's payload (its data set is still the current one)."""
        raise NotImplementedError

    def show_partial(self, payload: Any) -> None:
        """Render one value a generator job yielded (the newest job's, data current)."""

    def cancelled_status(self) -> str:
        return "Cancelled."

    def failure_status(self, tag: str, message: str) -> str:
        return f"Failed: {message}"

    def view_running(self, running: bool) -> None:
        self._view.set_running(running)

    def view_progress(self, done: int, total: int) -> None:
        self._view.set_progress(done, total)

    def view_status(self, text: str) -> None:
        self._view.set_status(text)

    def show_new_data(self, dataset: Dataset) -> None:
        """New data replaced what the view showed (its job, if any, is cancelled)."""
        self._view.clear()
        self.view_status(self.new_data_status)

    def is_current(self, dataset: Dataset) -> bool:
        """Whether work computed on ``dataset`` may still be shown."""
        return dataset is self._state.dataset

    @Slot()
    def cancel(self) -> None:
        self.runner.cancel()

    # -- runner signals ---------------------------------------------------------------
    @Slot(str, int, int)
    def _on_runner_progress(self, _tag: str, done: int, total: int) -> None:
        self.view_progress(done, total)

    @Slot(str, object)
    def _on_runner_partial(self, _tag: str, payload: object) -> None:
        if self.is_current(self._dataset):
            self.show_partial(payload)

    @Slot(str, object)
    def _on_runner_finished(self, _tag: str, tagged: object) -> None:
        dataset, payload = cast(tuple[Dataset, Any], tagged)
        self.view_running(False)
        if self.is_current(dataset):  # else computed on data since replaced
            self.show_result(payload)

    @Slot(str, str)
    def _on_runner_failed(self, tag: str, message: str) -> None:
        self.view_running(False)
        self.view_status(self.failure_status(tag, message))

    @Slot(str)
    def _on_runner_cancelled(self, _tag: str) -> None:
        self.view_running(False)
        if self.is_current(self._dataset):
            self.view_status(self.cancelled_status())

    @Slot(object)
    def _on_state_dataset_changed(self, dataset: Dataset) -> None:
        self.runner.cancel()
        self.show_new_data(dataset)
