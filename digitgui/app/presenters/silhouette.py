"""Silhouette tab: per-sample silhouette values, computed in a worker thread."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QWidget

from digitgui.app.presenters.background import BackgroundPresenter
from digitgui.app.state import AppState
from digitgui.model.clustering import Clustering
from digitgui.model.jobs import ProgressFn, StopFn, check_cancel
from digitgui.model.metrics import SILHOUETTE_MAX_SAMPLES, SilhouetteUndefined, silhouette_values
from digitgui.model.views import SilhouetteBands, silhouette_bands
from digitgui.widgets.silhouette_plot import SilhouettePlot

#: Above this many samples the silhouette (O(n²)) is computed on a seeded subsample:
#: the same bound, and so the same sample, as the metrics panel's silhouette.
MAX_SAMPLES = SILHOUETTE_MAX_SAMPLES


def silhouette_job(
    clustering: Clustering,
    progress: ProgressFn,
    should_stop: StopFn,
    max_samples: int = MAX_SAMPLES,
) -> tuple[Clustering, SilhouetteBands | str]:
    """Silhouette of every sample (or of a seeded subsample) in the clustering's space,
    grouped into the plot's bands; or, where the silhouette is undefined (one cluster, or
    as many clusters as samples), the sentence saying why. Runs in the worker thread."""
    check_cancel(should_stop)
    features, labels = clustering.features, clustering.result.labels
    k = clustering.result.n_clusters
    progress(0, 1)
    # The sample the metrics panel's silhouette uses, so the plotted mean is that value.
    try:
        values, rows = silhouette_values(features, labels, max_samples, should_stop=should_stop)
    except SilhouetteUndefined as undefined:
        return clustering, str(undefined)
    check_cancel(should_stop)
    progress(1, 1)
    if rows is None:
        return clustering, silhouette_bands(values, labels, k)
    note = f"Computed on a random subsample of {max_samples:,} of {len(labels):,} samples."
    return clustering, silhouette_bands(values, labels[rows], k, note)


class SilhouettePresenter(BackgroundPresenter):
    """Recomputes the silhouette for each new clustering and keeps the selection in step.

    The plot has no job controls: a running job shows as a message in the plot.
    """

    new_data_status = "Waiting for a clustering of the new data…"

    def __init__(self, state: AppState, view: SilhouettePlot) -> None:
        super().__init__(state, view, "silhouette")
        state.clustering_changed.connect(self._on_state_clustering_changed)
        state.cluster_selected.connect(view.set_selected_cluster)
        view.cluster_clicked.connect(state.select_cluster)
        view.set_selected_cluster(state.selected_cluster)
        if state.clustering is not None:
            self._on_state_clustering_changed(state.clustering)

    @property
    def view(self) -> SilhouettePlot:
        return self._view

    @Slot(object)
    def _on_state_clustering_changed(self, clustering: Clustering) -> None:
        self.view.show_message("Computing silhouette values…")
        self.submit("silhouette", partial(silhouette_job, clustering), clustering.dataset)

    def show_result(self, payload: tuple[Clustering, SilhouetteBands | str]) -> None:
        clustering, bands = payload
        if clustering is not self._state.clustering:
            return  # a newer clustering of the same data replaced it meanwhile
        if isinstance(bands, str):
            self.view.show_message(bands)  # undefined for this clustering: say why
        else:
            self.view.show_bands(bands, clustering.views.digits)

    def failure_status(self, tag: str, message: str) -> str:
        return f"Could not compute the silhouette: {message}"

    def cancelled_status(self) -> str:
        return "Silhouette cancelled."

    def view_running(self, running: bool) -> None:
        pass  # the message set when the job starts says it is running

    def view_progress(self, done: int, total: int) -> None:
        pass

    def view_status(self, text: str) -> None:
        self.view.show_message(text)

    def show_new_data(self, dataset) -> None:
        self.view_status(self.new_data_status)


def build(state: AppState) -> tuple[str, QWidget]:
    """The "Silhouette" tab: a :class:`SilhouettePlot` wired to ``state``."""
    view = SilhouettePlot()
    SilhouettePresenter(state, view)
    return "Silhouette", view
