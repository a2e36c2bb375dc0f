"""Algorithm step by step: traces the current clustering's fit in a worker thread.

A new clustering (or the Trace button) records every Lloyd iteration of the restart
KMeans kept, so the last step shown is exactly the clustering the other views show.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QWidget

from digitgui.app.presenters.background import BackgroundPresenter
from digitgui.app.state import AppState
from digitgui.model.clustering import Clustering
from digitgui.model.space import RawPixels
from digitgui.widgets.iteration_stepper import IterationStepper
from digitgui.workers.child_fit import trace_kept_restart_stoppable

TITLE = "Step by step"
TAG = "trace"


class IterationStepperPresenter(BackgroundPresenter):
    """Computes a trace for each new clustering and hands it to the view."""

    def __init__(self, state: AppState, view: IterationStepper) -> None:
        super().__init__(state, view, "iterationStepper")
        view.trace_requested.connect(self._on_view_trace_requested)
        view.cancel_requested.connect(self.cancel)
        state.clustering_changed.connect(self._on_state_clustering_changed)
        if state.clustering is not None:
            self.trace(state.clustering)
        else:
            view.set_status("Waiting for the first clustering…")

    def trace(self, clustering: Clustering) -> None:
        """Record every iteration of ``clustering``'s fit, in the background."""
        config = clustering.result.config
        self._view.set_progress(0, config.resolved_n_init)
        self._view.set_status(f"Tracing k = {config.n_clusters} ({config.init})…")
        self.submit(TAG, partial(_trace_job, clustering), clustering.dataset)

    @Slot()
    def _on_view_trace_requested(self) -> None:
        clustering = self._state.clustering
        if clustering is None or clustering.dataset is not self._state.dataset:
            self._view.set_status("No clustering to trace yet.")
            return
        self.trace(clustering)

    @Slot(object)
    def _on_state_clustering_changed(self, clustering: Clustering) -> None:
        self.trace(clustering)

    def show_result(self, payload: tuple) -> None:
        clustering, trace, value_max = payload
        dataset = clustering.dataset
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

    new_data_status = "New data loaded: waiting for its clustering…"


def _trace_job(clustering: Clustering, progress, should_stop) -> tuple:
    """Runs in the worker thread: the trace, and the thumbnails' brightness scale.

    Large data are traced in a child process that Cancel terminates.
    """
    config = clustering.result.config
    trace = trace_kept_restart_stoppable(
        clustering.features, config, progress=progress, should_stop=should_stop
    )
    value_max = float(clustering.dataset.data.max()) or 1.0  # 16 for the digits
    return clustering, trace, value_max


def build(state: AppState) -> tuple[str, QWidget]:
    """The "Step by step" tab: its title and its view, wired to ``state``."""
    view = IterationStepper()
    IterationStepperPresenter(state, view)
    return TITLE, view
