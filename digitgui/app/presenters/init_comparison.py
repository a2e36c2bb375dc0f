"""Method comparison: wires InitComparison to AppState and a worker running ``compare_inits``."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QObject, Slot
from PySide6.QtWidgets import QWidget

from digitgui.app.state import AppState
from digitgui.model.compare import compare_inits
from digitgui.widgets.init_comparison import InitComparison

TITLE = "Initialisations"
TAG = "compare-inits"


class InitComparisonPresenter(QObject):
    """Runs the benchmark on the current data set and shows its rows."""

    def __init__(self, state: AppState, view: InitComparison) -> None:
        super().__init__(view)
        self._state = state
        self._view = view
        self.runner = state.make_runner("initComparison")
        self._dataset = state.dataset  # the data set of the newest run
        view.run_requested.connect(self._on_view_run_requested)
        view.cancel_requested.connect(self._on_view_cancel_requested)
        self.runner.progress.connect(self._on_runner_progress)
        self.runner.finished.connect(self._on_runner_finished)
        self.runner.failed.connect(self._on_runner_failed)
        self.runner.cancelled.connect(self._on_runner_cancelled)
        state.dataset_changed.connect(self._on_state_dataset_changed)

    @Slot()
    def _on_view_run_requested(self) -> None:
        dataset = self._state.dataset
        if dataset.target is None:
            self._view.set_status("This data set has no true labels to compare against.")
            return
        # As in the example: k is the number of distinct true labels.
        n_clusters = int(np.unique(dataset.target).size)
        self._dataset = dataset
        self._view.clear()
        self._view.set_running(True)
        self._view.set_progress(0, 6)
        self._view.set_status(f"Fitting 6 set-ups with k = {n_clusters}…")

        def job(progress, should_stop):
            # Runs in the worker thread.
            rows = compare_inits(dataset, n_clusters, progress=progress, should_stop=should_stop)
            return dataset, rows

        self.runner.submit(TAG, job)

    @Slot()
    def _on_view_cancel_requested(self) -> None:
        self.runner.cancel()
        self._view.set_status("Cancelling after the current fit…")

    @Slot(str, int, int)
    def _on_runner_progress(self, tag: str, done: int, total: int) -> None:
        self._view.set_progress(done, total)

    @Slot(str, object)
    def _on_runner_finished(self, tag: str, payload: object) -> None:
        dataset, rows = payload
        self._view.set_running(False)
        if dataset is not self._state.dataset:
            return  # computed on data that has since been replaced
        self._view.set_rows(rows)
        seconds = sum(row["seconds"] for row in rows)
        self._view.set_status(f"Done: 6 fits, {seconds:.2f} s of fitting.")

    @Slot(str, str)
    def _on_runner_failed(self, tag: str, message: str) -> None:
        self._view.set_running(False)
        self._view.set_status(f"Failed: {message}")

    @Slot(str)
    def _on_runner_cancelled(self, tag: str) -> None:
        self._view.set_running(False)
        if self._dataset is self._state.dataset:
            self._view.set_status("Cancelled.")

    @Slot(object)
    def _on_state_dataset_changed(self, dataset: object) -> None:
        self.runner.cancel()
        self._view.clear()
        self._view.set_status("New data loaded: run the comparison again.")


def build(state: AppState) -> tuple[str, QWidget]:
    """The "Initialisations" tab: its title and its view, wired to ``state``."""
    view = InitComparison()
    InitComparisonPresenter(state, view)
    return TITLE, view
