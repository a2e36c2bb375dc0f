"""The Projection tab's options: decision regions over the PCA map, and t-SNE settings.

Decision regions are computed in a worker thread of their own (a KMeans fit and a mesh
of predictions) so that they never wait behind, or cancel, a projection job; they run
as the jobs of a :class:`BackgroundPresenter`, like every tab's work.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import Slot

from digitgui.app.presenters.background import BackgroundPresenter
from digitgui.app.state import AppState
from digitgui.model.dataset import Dataset
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


class ProjectionOptionsPresenter(BackgroundPresenter):
    """Wires the view's regions check box and t-SNE settings.

    ``projection`` is the tab's ProjectionPresenter: its ``projection`` is the map on
    screen and ``projection_shown`` says when that changes. Regions run as this
    presenter's background jobs: the newest request wins, regions for a map, k or data
    set since replaced are dropped, and a failure is said in the view's status line.
    """

    def __init__(
        self, state: AppState, view: ProjectionView, projection: ProjectionPresenter
    ) -> None:
        super().__init__(state, view, "regions")
        self._maps = projection
        self._pending: object = None  # key of the regions being computed, if any
        view.regions.toggle.toggled.connect(self._update_regions)
        view.method_changed.connect(self._on_view_method_changed)
        view.tsne_settings.changed.connect(self._on_tsne_settings_changed)
        projection.projection_shown.connect(self._update_regions)
        state.clustering_changed.connect(self._update_regions)
        self._on_view_method_changed(view.method)

    @property
    def view(self) -> ProjectionView:
        return self._view  # not stored: see BackgroundPresenter._view

    def _wanted(self) -> tuple[object, np.ndarray, int] | None:
        """(key, coords, k) of the regions the view should show, or None for none."""
        projection = self._maps.projection
        layer = self.view.regions
        if not layer.toggle.isChecked() or projection is None or projection.method != "PCA":
            return None
        if self.view.method != "PCA" or self.view.shown_method != "PCA":
            return None
        clustering = self._state.clustering
        k = DEFAULT_K if clustering is None else clustering.result.n_clusters
        return (projection.fingerprint, id(projection), k), projection.coords, k

    def _update_regions(self, *_args) -> None:
        wanted = self._wanted()
        layer = self.view.regions
        if wanted is None:
            self.cancel()
            layer.clear()
            return
        key, coords, k = wanted
        if key in (layer.shown_key, self._pending):
            return
        self._pending = key
        self.submit(repr(key), partial(regions_job, coords, k, key))

    @Slot()
    def cancel(self) -> None:
        self._pending = None  # wanted again later: computed again
        super().cancel()

    # -- BackgroundPresenter ------------------------------------------------------------
    def show_result(self, payload: tuple[object, DecisionRegions]) -> None:
        key, regions = payload
        wanted = self._wanted()
        if wanted is None or wanted[0] != key:
            return  # the map or k changed meanwhile; a newer job follows
        self.view.regions.show_regions(regions.labels, regions.extent, regions.centroids, key)

    def show_new_data(self, dataset: Dataset) -> None:
        # The job, if any, was cancelled; the map of the new data may be on screen already.
        self._pending = None
        self.view.regions.clear()
        self._update_regions()

    def view_running(self, running: bool) -> None:
        if not running:
            self._pending = None  # the projection's own job shows the busy bar

    def view_progress(self, done: int, total: int) -> None:
        pass  # quick (a second at most): no progress of its own

    def view_status(self, text: str) -> None:
        if text:
            self.view.show_status(text)

    def failure_status(self, tag: str, message: str) -> str:
        return f"Decision regions failed: {message}"

    def cancelled_status(self) -> str:
        return ""  # only cancelled when unwanted: nothing to say

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
        data = self._state.dataset.data
        return maps.cache.peek(data, "t-SNE", tsne=maps.tsne_settings())
