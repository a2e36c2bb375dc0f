"""DrawingController: the canvas's drawing → features → the assigned cluster, live.

Turning one drawing into 64 features and finding its nearest centroid costs a few
milliseconds, so it runs on the GUI thread (DESIGN.md §4), throttled by the canvas.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QObject, Signal, Slot

from digitgui.app.state import AppState
from digitgui.model.clustering import Clustering
from digitgui.model.features import (
    EmptyDrawingError,
    features_from_image,
    features_from_strokes,
    ink_from_picture,
)
from digitgui.widgets.draw_panel import DrawPanel

NEAREST = 5


def assignment_text(clustering: Clustering, cluster: int) -> str:
    """ "Cluster 3 · digit 7", or "Cluster 3" when the data has no true digits."""
    digits = clustering.evaluation.cluster_digits
    if digits is None or digits[cluster] < 0:
        return f"Cluster {cluster}"
    return f"Cluster {cluster} · digit {int(digits[cluster])}"


class DrawingController(QObject):
    """Keeps the assignment panel and the state's drawing in step with the canvas.

    ``assigned(int)`` carries the drawing's cluster, -1 when there is none to show.
    """

    assigned = Signal(int)

    def __init__(self, state: AppState, panel: DrawPanel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._state = state
        self._panel = panel
        panel.canvas.drawing_changed.connect(self._on_canvas_drawing_changed)
        panel.canvas.picture_dropped.connect(self._on_canvas_picture_dropped)
        panel.canvas.cleared.connect(self._on_canvas_cleared)
        state.drawing_changed.connect(self._on_state_drawing_changed)
        state.clustering_changed.connect(self._on_state_clustering_changed)
        state.dataset_changed.connect(self._on_state_dataset_changed)

    @Slot(list, float)
    def _on_canvas_drawing_changed(self, strokes: list, pen_width: float) -> None:
        try:
            features = features_from_strokes(strokes, pen_width)
        except EmptyDrawingError:
            features = None
        self._state.set_drawing(features)

    @Slot(object)
    def _on_canvas_picture_dropped(self, grey: np.ndarray) -> None:
        try:
            features = features_from_image(ink_from_picture(grey))
        except EmptyDrawingError:
            self._state.set_drawing(None)
            self._panel.assignment.show_message("The picture has no ink to classify")
            return
        self._state.set_drawing(features)

    @Slot()
    def _on_canvas_cleared(self) -> None:
        self._state.set_drawing(None)

    @Slot(object)
    def _on_state_clustering_changed(self, _clustering: Clustering) -> None:
        self._refresh()

    @Slot(object)
    def _on_state_drawing_changed(self, _features: object) -> None:
        self._refresh()

    @Slot(object)
    def _on_state_dataset_changed(self, _dataset: object) -> None:
        self._refresh()

    def _refresh(self) -> None:
        features = self._state.drawing
        clustering = self._state.clustering
        assignment = self._panel.assignment
        if features is None:
            assignment.show_message("Empty canvas: draw a digit to see its cluster")
        elif clustering is None:
            assignment.show_message("Waiting for the clustering to finish…")
        elif clustering.dataset.n_features != features.size:
            assignment.show_message(
                f"Drawings make {features.size} features; this data set has "
                f"{clustering.dataset.n_features}, so drawings cannot be placed in it."
            )
            features = None
        else:
            try:
                cluster, distances = clustering.assign(features)
            except ValueError as exc:
                assignment.show_message(str(exc))
                features = None
            else:
                self._show(clustering, features, cluster, distances)
                self.assigned.emit(cluster)
                return
        self.assigned.emit(-1)

    def _show(self, clustering: Clustering, features, cluster: int, distances) -> None:
        dataset = clustering.dataset
        nearest = clustering.nearest_samples(features, NEAREST)
        images = [dataset.data[i].reshape(dataset.image_side or 8, -1) for i in nearest]
        labels = clustering.result.labels
        captions = [
            f"sample {i}, cluster {labels[i]}"
            + ("" if dataset.target is None else f", digit {dataset.target[i]}")
            for i in nearest
        ]
        self._panel.assignment.show_assignment(
            assignment_text(clustering, cluster), features, cluster, distances, images, captions
        )
