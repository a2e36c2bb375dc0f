"""The Projection tab's options: decision regions over the PCA map, and t-SNE settings.

Decision regions are computed in a worker thread of their own (a KMeans fit and a mesh
of predictions) so that they never wait behind, or cancel, a projection job.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QObject, Slot

from digitgui.app.state import AppState
from digitgui.model.jobs import ProgressFn, StopFn
from digitgui.model.regions import DecisionRegions, decision_regions
from digitgui.widgets.projection_view import ProjectionView

if TYPE_CHECKING:  # projection.py imports this module
    from digitgui.app.presenters.projection import ProjectionPresenter

DEFAULT_K = 10  # before the first clustering arrives


def regions_job(
    coords: np.ndarray, n_clusters: int, key: object, progress: ProgressFn, should_stop: StopFn
) -> tuple[object, DecisionRegions]:
    """Runs in the worker thread."""
    regions = decision_regions(coords, n_clusters, progress=progress, should_stop=should_stop)
    return key, regions


class ProjectionOptionsPresenter(QObject):
    """Wires the view's regions check box and t-SNE settings.

    ``projection`` is the tab's ProjectionPresenter: its ``projection`` is the map on
    screen and ``projection_shown`` says when that changes.
    """

    def __init__(
        self, state: AppState, view: ProjectionView, projection: ProjectionPresenter
    ) -> None:
        super().__init__(view)
        self.state = state
        self._maps = projection
        self.runner = state.make_runner("regions")
        view.regions.toggle.toggled.connect(self._update_regions)
        view.method_changed.connect(self._on_view_method_changed)
        view.tsne_settings.changed.connect(self._on_tsne_settings_changed)
        projection.projection_shown.connect(self._update_regions)
        state.clustering_changed.connect(self._update_regions)
        self.runner.finished.connect(self._on_runner_finished)
        self.runner.failed.connect(self._on_runner_failed)
        self._on_view_method_changed(view.method)

    @property
    def view(self) -> ProjectionView:
        view = self.parent()  # not stored: see ProjectionPresenter.view
        assert isinstance(view, ProjectionView)
        return view

    def _wanted(self) -> tuple[object, np.ndarray, int] | None:
        """(key, coords, k) of the regions the view should show, or None for none."""
        projection = self._maps.projection
        layer = self.view.regions
        if not layer.toggle.isChecked() or projection is None or projection.method != "PCA":
            return None
        if self.view.method != "PCA" or self.view.shown_method != "PCA":
            return None
        clustering = self.state.clustering
        k = DEFAULT_K if clustering is None else clustering.result.n_clusters
        return (projection.fingerprint, id(projection), k), projection.coords, k

    def _update_regions(self, *_args) -> None:
        wanted = self._wanted()
        layer = self.view.regions
        if wanted is None:
            self.runner.cancel()
            layer.clear()
            return
        key, coords, k = wanted
        if layer.shown_key == key or self.runner.current_tag == repr(key):
            return
        self.runner.submit(repr(key), partial(regions_job, coords, k, key))

    @Slot(str, object)
    def _on_runner_finished(self, _tag: str, payload: tuple[object, DecisionRegions]) -> None:
        key, regions = payload
        wanted = self._wanted()
        if wanted is None or wanted[0] != key:
            return  # the map or k changed meanwhile; a newer job follows
        self.view.regions.show_regions(regions.labels, regions.extent, regions.centroids, key)

    @Slot(str, str)
    def _on_runner_failed(self, _tag: str, message: str) -> None:
        self.view.show_status(f"Decision regions failed: {message}")

    @Slot(str)
    def _on_view_method_changed(self, method: str) -> None:
        self.view.regions.toggle.setEnabled(method == "PCA")
        self.view.tsne_settings.setVisible(method == "t-SNE")
        self._update_regions()

    @Slot(float, int)
    def _on_tsne_settings_changed(self, perplexity: float, iterations: int) -> None:
        # Maps are cached per setting: show a cached one, or offer Compute for these.
        if self.view.method == "t-SNE":
            self._maps._on_view_method_changed("t-SNE")
            shown = self._maps.projection
            fresh = shown is not None and shown.method == "t-SNE" and shown is self._cached()
            self.view.compute_button.setEnabled(not fresh and not self._maps.runner.busy)
            if not fresh:
                self.view.show_status(
                    f"Press Compute to run t-SNE with perplexity {perplexity:g} and "
                    f"{iterations:,} iterations."
                )

    def _cached(self):
        maps = self._maps
        data = self.state.dataset.data
        return maps.cache.peek(data, "t-SNE", tsne=maps.tsne_settings())
