"""Projection tab: 2-D maps of the data computed in a worker thread, cached per data set."""

from __future__ import annotations

from functools import partial

import numpy as np
from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QWidget

from digitgui.app.presenters.background import BackgroundPresenter
from digitgui.app.presenters.projection_options import ProjectionOptionsPresenter
from digitgui.app.state import AppState
from digitgui.model.clustering import Clustering
from digitgui.model.dataset import Dataset
from digitgui.model.jobs import ProgressFn, StopFn
from digitgui.model.projection import Projection, ProjectionCache, TsneSettings
from digitgui.widgets.projection_view import ProjectionView
from digitgui.workers.child_process import run_in_child

#: Computed as soon as it is picked; the others wait for the Compute button.
IMMEDIATE = ("PCA",)
#: Single scikit-learn calls with no cancel point: run in a child process that Cancel
#: terminates (PCA is quick and stays in the worker thread, saving the child's start).
IN_CHILD = frozenset({"t-SNE", "Isomap", "Spectral embedding"})


def projection_job(
    cache: ProjectionCache,
    dataset: Dataset,
    method: str,
    progress: ProgressFn,
    should_stop: StopFn,
    tsne: TsneSettings | None = None,
) -> Projection:
    """Runs in the worker thread: the (cached) projection of ``dataset`` by ``method``."""
    run = run_in_child if method in IN_CHILD else None
    return cache.project(
        dataset.data, method, progress=progress, should_stop=should_stop, tsne=tsne, run=run
    )


class ProjectionPresenter(BackgroundPresenter):
    """Keeps the projection view in step with the state: data, clustering, selection,
    drawing. Coordinates depend only on the data set, so a new clustering of the same
    data only recolours; work for a replaced data set is cancelled and its result dropped.

    ``projection_shown(Projection)`` is emitted when a map is put on screen.
    """

    projection_shown = Signal(object)

    def __init__(
        self, state: AppState, view: ProjectionView, cache: ProjectionCache | None = None
    ) -> None:
        super().__init__(state, view, "projection")
        self.cache = cache or ProjectionCache()
        self.projection: Projection | None = None
        self._centres: tuple[Clustering, np.ndarray] | None = None
        self._method = ""  # of the newest job
        state.clustering_changed.connect(self._on_state_clustering_changed)
        state.cluster_selected.connect(view.set_selected_cluster)
        state.sample_selected.connect(view.set_selected_sample)
        state.drawing_changed.connect(self._on_state_drawing_changed)
        view.method_changed.connect(self._on_view_method_changed)
        view.compute_requested.connect(self._compute)
        view.cancel_requested.connect(self.cancel)
        view.sample_clicked.connect(state.select_sample)
        self.show_new_data(state.dataset)

    @property
    def view(self) -> ProjectionView:
        return self._view

    def show_new_data(self, dataset: Dataset) -> None:
        self.projection, self._centres = None, None
        self.view.set_dataset(dataset.images, dataset.target)
        self.view.set_selected_cluster(self._state.selected_cluster)
        if self._state.clustering is not None:
            self._on_state_clustering_changed(self._state.clustering)
        self._on_view_method_changed(self.view.method)

    @Slot(object)
    def _on_state_clustering_changed(self, clustering: Clustering) -> None:
        if clustering.dataset is not self._state.dataset:
            return  # dataset_changed comes first and reloads everything
        evaluation = clustering.evaluation
        self.view.set_labels(clustering.result.labels, evaluation.cluster_digits)
        self._show_centres()

    @Slot(str)
    def _on_view_method_changed(self, method: str) -> None:
        found = self.cache.peek(self._state.dataset.data, method, tsne=self.tsne_settings())
        if found is not None:
            self._show(found)
        elif method in IMMEDIATE:
            self._compute(method)
        elif self.runner.current_tag != method:
            shown = self.view.shown_method
            still = f" Showing {shown}." if shown else ""
            self.view.show_status(f"Press Compute to run {method}.{still}")

    @Slot(str)
    def _compute(self, method: str) -> None:
        dataset = self._state.dataset
        self._method = method
        job = partial(projection_job, self.cache, dataset, method, tsne=self.tsne_settings())
        self.submit(method, job)
        self.view.set_busy(True, method)
        self.view.show_status(f"Computing {method} of {dataset.n_samples:,} samples…")

    def show_result(self, projection: Projection) -> None:
        if projection.method == self.view.method or self.view.shown_method is None:
            self._show(projection)
        else:
            self.view.show_status(f"{projection.method} is ready: pick it to see it.")

    def view_running(self, running: bool) -> None:
        if not running:
            self.view.set_busy(False)  # set busy (with the method) by _compute

    def view_progress(self, done: int, total: int) -> None:
        self.view.set_progress(done, total)

    def view_status(self, text: str) -> None:
        self.view.show_status(text)

    def failure_status(self, tag: str, message: str) -> str:
        return f"{tag} failed: {message}"

    def cancelled_status(self) -> str:
        shown = self.view.shown_method
        return f"{self._method} cancelled." + (f" Showing {shown}." if shown else "")

    def _show(self, projection: Projection) -> None:
        self.projection = projection
        n = len(projection.coords)
        text = f"{projection.method} of {n:,} samples · {projection.seconds:.2f} s"
        text = f"{text}. {projection.note}" if projection.note else text
        self.view.show_projection(
            projection.coords, projection.sample_indices, projection.method, text
        )
        if projection.can_transform:
            self.view.set_placement_note("")
        else:
            self.view.set_placement_note(
                f"{projection.method} cannot place new points: "
                "the cluster centres and your drawing are not shown."
            )
        self._show_centres()
        self._on_state_drawing_changed(self._state.drawing)
        self.view.set_selected_sample(self._state.selected_sample)
        self.projection_shown.emit(projection)

    def tsne_settings(self) -> TsneSettings:
        return TsneSettings(*self.view.tsne_settings.values())

    def _show_centres(self) -> None:
        clustering, projection = self._state.clustering, self.projection
        if clustering is None or projection is None or not projection.can_transform:
            self.view.set_centroids(None)
            return
        if self._centres is None or self._centres[0] is not clustering:
            self._centres = (clustering, clustering.pixel_centres())
        self.view.set_centroids(projection.transform(self._centres[1]))

    @Slot(object)
    def _on_state_drawing_changed(self, features: np.ndarray | None) -> None:
        projection = self.projection
        if features is None or projection is None or not projection.can_transform:
            self.view.set_drawing(None)
            return
        # One 64-vector: cheap enough for the GUI thread (DESIGN.md §4).
        self.view.set_drawing(projection.transform(np.asarray(features)[None])[0])


def build(state: AppState) -> tuple[str, QWidget]:
    """The "Projection" tab: a :class:`ProjectionView` wired to ``state``."""
    view = ProjectionView()
    ProjectionOptionsPresenter(state, view, ProjectionPresenter(state, view))
    return "Projection", view
