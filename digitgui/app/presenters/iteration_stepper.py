"""Algorithm step by step: traces the current clustering's fit in a worker thread.

A new clustering (or the Trace button) records every Lloyd iteration of the restart
KMeans kept, so the last step shown is exactly the clustering the other views show.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Slot
from PySide6.QtWidgets import QWidget

from digitgui.app.state import AppState
from digitgui.model.session import Clustering
from digitgui.model.space import RawPixels
from digitgui.model.stepper import trace_kept_restart
from digitgui.widgets.iteration_stepper import IterationStepper

TITLE = "Step by step"
TAG = "trace"


class IterationStepperPresenter(QObject):
    """Computes a trace for each new clustering and hands it to the view."""

    def __init__(self, state: AppState, view: IterationStepper) -> None:
        super().__init__(view)
        self._state = state
        self._view = view
        self.runner = state.make_runner("iterationStepper")
        self._dataset = state.dataset  # the data set of the newest trace job
        view.trace_requested.connect(self._on_view_trace_requested)
        view.cancel_requested.connect(self._on_view_cancel_requested)
        self.runner.progress.connect(self._on_runner_progress)
        self.runner.finished.connect(self._on_runner_finished)
        self.runner.failed.connect(self._on_runner_failed)
        self.runner.cancelled.connect(self._on_runner_cancelled)
        state.clustering_changed.connect(self._on_state_clustering_changed)
        state.dataset_changed.connect(self._on_state_dataset_changed)
        if state.clustering is not None:
            self.trace(state.clustering)
        else:
            view.set_status("Waiting for the first clustering…")

    def trace(self, clustering: Clustering) -> None:
        """Record every iteration of ``clustering``'s fit, in the background."""
        dataset = self._dataset = clustering.dataset
        features = clustering.features
        config = clustering.result.config
        self._view.set_running(True)
        self._view.set_progress(0, config.resolved_n_init)
        self._view.set_status(f"Tracing k = {config.n_clusters} ({config.init})…")

        def job(progress, should_stop):
            # Runs in the worker thread.
            trace = trace_kept_restart(features, config, progress=progress, should_stop=should_stop)
            # Brightness scale of the thumbnails (16 for the digits), off the GUI thread.
            value_max = float(dataset.data.max()) or 1.0
            return dataset, clustering, trace, value_max

        self.runner.submit(TAG, job)

    @Slot()
    def _on_view_trace_requested(self) -> None:
        clustering = self._state.clustering
        if clustering is None or clustering.dataset is not self._state.dataset:
            self._view.set_status("No clustering to trace yet.")
            return
        self.trace(clustering)

    @Slot()
    def _on_view_cancel_requested(self) -> None:
        self.runner.cancel()

    @Slot(object)
    def _on_state_clustering_changed(self, clustering: Clustering) -> None:
        self.trace(clustering)

    @Slot(str, int, int)
    def _on_runner_progress(self, tag: str, done: int, total: int) -> None:
        self._view.set_progress(done, total)

    @Slot(str, object)
    def _on_runner_finished(self, tag: str, payload: object) -> None:
        dataset, clustering, trace, value_max = payload
        self._view.set_running(False)
        if dataset is not self._state.dataset:
            return  # traced on data that has since been replaced
        config = clustering.result.config
        restarts = config.resolved_n_init
        kept = f"restart {trace.restart + 1} of {restarts} (the one KMeans kept)"
        self._view.set_status(
            f"k = {config.n_clusters}, {config.init}, seed {config.random_state}: "
            f"{trace.n_steps} iterations, {kept if restarts > 1 else 'one restart'}."
        )
        # Centroids are pictures only in the raw pixel space.
        side = dataset.image_side if isinstance(clustering.space, RawPixels) else None
        self._view.set_trace(trace, side, value_max)

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
        self._view.set_status("New data loaded: waiting for its clustering…")


def build(state: AppState) -> tuple[str, QWidget]:
    """The "Step by step" tab: its title and its view, wired to ``state``."""
    view = IterationStepper()
    IterationStepperPresenter(state, view)
    return TITLE, view
