"""Projection tab: 2-D maps of the data computed in a worker thread, cached per data set."""

from __future__ import annotations

from functools import partial

import numpy as np
from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QWidget

from digitgui.app.presenters.projection_options import ProjectionOptionsPresenter
from digitgui.app.state import AppState
from digitgui.model.clustering import Clustering
from digitgui.model.dataset import Dataset
from digitgui.model.jobs import ProgressFn, StopFn
from digitgui.model.projection import Projection, ProjectionCache, TsneSettings
from digitgui.widgets.projection_view import ProjectionView

#: Computed as soon as it is picked; the others wait for the Compute button.
IMMEDIATE = ("PCA",)


def projection_job(
    cache: ProjectionCache,
    dataset: Dataset,
    method: str,
    progress: ProgressFn,
    should_stop: StopFn,
    tsne: TsneSettings | None = None,
) -> tuple[Dataset, Projection]:
    """Runs in the worker thread: the (cached) projection of ``dataset`` by ``method``."""
    projection = cache.project(
        dataset.data, method, progress=progress, should_stop=should_stop, tsne=tsne
    )
    return dataset, projection


class ProjectionPresenter(QObject):
    """Keeps the projection view in step with the state: data, clustering, selection,
    drawing. Coordinates depend only on the data set, so a new clustering of the same
    data only recolours; work for a replaced data set is cancelled and its result dropped.

    ``projection_shown(Projection)`` is emitted when a map is put on screen.
    """

    projection_shown = Signal(object)

    def __init__(
        self, state: AppState, view: ProjectionView, cache: ProjectionCache | None = None
    ) -> None:
        super().__init__(view)
        self.state = state
        self.cache = cache or ProjectionCache()
        self.runner = state.make_runner("projection")
        self.projection: Projection | None = None
        self._dataset: Dataset | None = None
        self._centres: tuple[Clustering, np.ndarray] | None = None
        state.dataset_changed.connect(self._on_state_dataset_changed)
        state.clustering_changed.connect(self._on_state_clustering_changed)
        state.cluster_selected.connect(view.set_selected_cluster)
        state.sample_selected.connect(view.set_selected_sample)
        state.drawing_changed.connect(self._on_state_drawing_changed)
        view.method_changed.connect(self._on_view_method_changed)
        view.compute_requested.connect(self._compute)
        view.cancel_requested.connect(self.runner.cancel)
        view.sample_clicked.connect(state.select_sample)
        self.runner.busy_changed.connect(self._on_runner_busy_changed)
        self.runner.progress.connect(self._on_runner_progress)
        self.runner.finished.connect(self._on_runner_finished)
        self.runner.failed.connect(self._on_runner_failed)
        self.runner.cancelled.connect(self._on_runner_cancelled)
        self._on_state_dataset_changed(state.dataset)

    @property
    def view(self) -> ProjectionView:
        # The view is this presenter's parent. Holding it in an attribute as well would
        # make a reference cycle, and the garbage collector could then delete a shown,
        # parentless view at any moment (even while it paints).
        return self.parent()

    @Slot(object)
    def _on_state_dataset_changed(self, dataset: Dataset) -> None:
        self.runner.cancel()  # its coordinates would belong to the old data
        self._dataset, self.projection, self._centres = dataset, None, None
        self.view.set_dataset(dataset.images, dataset.target)
        self.view.set_selected_cluster(self.state.selected_cluster)
        if self.state.clustering is not None:
            self._on_state_clustering_changed(self.state.clustering)
        self._on_view_method_changed(self.view.method)

    @Slot(object)
    def _on_state_clustering_changed(self, clustering: Clustering) -> None:
        if clustering.dataset is not self._dataset:
            return  # dataset_changed comes first and reloads everything
        evaluation = clustering.evaluation
        self.view.set_labels(clustering.result.labels, evaluation.cluster_digits)
        self._show_centres()

    @Slot(str)
    def _on_view_method_changed(self, method: str) -> None:
        found = self.cache.peek(self._dataset.data, method, tsne=self.tsne_settings())
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
        job = partial(projection_job, self.cache, self._dataset, method, tsne=self.tsne_settings())
        self.runner.submit(method, job)
        self.view.set_busy(True, method)
        self.view.show_status(f"Computing {method} of {self._dataset.n_samples:,} samples…")

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
        self._on_state_drawing_changed(self.state.drawing)
        self.view.set_selected_sample(self.state.selected_sample)
        self.projection_shown.emit(projection)

    def tsne_settings(self) -> TsneSettings:
        return TsneSettings(*self.view.tsne_settings.values())

    def _show_centres(self) -> None:
        clustering, projection = self.state.clustering, self.projection
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

    @Slot(bool)
    def _on_runner_busy_changed(self, busy: bool) -> None:
        if not busy:
            self.view.set_busy(False)

    @Slot(str, int, int)
    def _on_runner_progress(self, _tag: str, done: int, total: int) -> None:
        self.view.set_progress(done, total)

    @Slot(str, object)
    def _on_runner_finished(self, _tag: str, payload: object) -> None:
        dataset, projection = payload
        if dataset is not self._dataset:
            return  # computed for data that has since been replaced
        if projection.method == self.view.method or self.view.shown_method is None:
            self._show(projection)
        else:
            self.view.show_status(f"{projection.method} is ready: pick it to see it.")

    @Slot(str, str)
    def _on_runner_failed(self, tag: str, message: str) -> None:
        self.view.show_status(f"{tag} failed: {message}")

    @Slot(str)
    def _on_runner_cancelled(self, tag: str) -> None:
        shown = self.view.shown_method
        self.view.show_status(f"{tag} cancelled." + (f" Showing {shown}." if shown else ""))


def build(state: AppState) -> tuple[str, QWidget]:
    """The "Projection" tab: a :class:`ProjectionView` wired to ``state``."""
    view = ProjectionView()
    ProjectionOptionsPresenter(state, view, ProjectionPresenter(state, view))
    return "Projection", view
