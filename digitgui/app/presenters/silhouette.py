"""Silhouette tab: per-sample silhouette values, computed in a worker thread."""

from __future__ import annotations

from functools import partial

import numpy as np
from PySide6.QtCore import QObject, Slot
from PySide6.QtWidgets import QWidget

from digitgui.app.state import AppState
from digitgui.model.clustering import Clustering
from digitgui.model.jobs import ProgressFn, StopFn, check_cancel
from digitgui.model.metrics import SILHOUETTE_MAX_SAMPLES, silhouette_values
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
) -> tuple[Clustering, SilhouetteBands]:
    """Silhouette of every sample (or of a seeded subsample) in the clustering's space,
    grouped into the plot's bands. Runs in the worker thread."""
    check_cancel(should_stop)
    features, labels = clustering.features, clustering.result.labels
    k = clustering.result.n_clusters
    if len(np.unique(labels)) < 2:
        note = "Only one cluster: no silhouette."
        return clustering, silhouette_bands(np.zeros(len(labels)), labels, k, note)
    progress(0, 1)
    # The sample the metrics panel's silhouette uses, so the plotted mean is that value.
    values, rows = silhouette_values(features, labels, max_samples)
    check_cancel(should_stop)
    progress(1, 1)
    if rows is None:
        return clustering, silhouette_bands(values, labels, k)
    note = f"Computed on a random subsample of {max_samples:,} of {len(labels):,} samples."
    return clustering, silhouette_bands(values, labels[rows], k, note)


class SilhouettePresenter(QObject):
    """Recomputes the silhouette for each new clustering and keeps the selection in step."""

    def __init__(self, state: AppState, view: SilhouettePlot) -> None:
        super().__init__(view)
        self.state = state
        self.runner = state.make_runner("silhouette")
        state.clustering_changed.connect(self._on_state_clustering_changed)
        state.dataset_changed.connect(self._on_state_dataset_changed)
        state.cluster_selected.connect(view.set_selected_cluster)
        view.cluster_clicked.connect(state.select_cluster)
        self.runner.finished.connect(self._on_runner_finished)
        self.runner.failed.connect(self._on_runner_failed)
        view.set_selected_cluster(state.selected_cluster)
        if state.clustering is not None:
            self._on_state_clustering_changed(state.clustering)

    @property
    def view(self) -> SilhouettePlot:
        # The view is this presenter's parent. Holding it in an attribute as well would
        # make a reference cycle, and the garbage collector could then delete a shown,
        # parentless view at any moment (even while it paints).
        return self.parent()

    @Slot(object)
    def _on_state_clustering_changed(self, clustering: Clustering) -> None:
        self.view.show_message("Computing silhouette values…")
        self.runner.submit("silhouette", partial(silhouette_job, clustering))

    @Slot(object)
    def _on_state_dataset_changed(self, _dataset: object) -> None:
        self.runner.cancel()  # its clustering belongs to the old data
        self.view.show_message("Waiting for a clustering of the new data…")

    @Slot(str, object)
    def _on_runner_finished(self, _tag: str, payload: object) -> None:
        clustering, bands = payload
        if clustering is not self.state.clustering:
            return  # a newer clustering (or data set) replaced it meanwhile
        self.view.show_bands(bands, clustering.views.digits)

    @Slot(str, str)
    def _on_runner_failed(self, _tag: str, message: str) -> None:
        self.view.show_message(f"Could not compute the silhouette: {message}")


def build(state: AppState) -> tuple[str, QWidget]:
    """The "Silhouette" tab: a :class:`SilhouettePlot` wired to ``state``."""
    view = SilhouettePlot()
    SilhouettePresenter(state, view)
    return "Silhouette", view
