"""DrawingController: the canvas's drawing → features → the assigned cluster, live.

Turning one drawing into 64 features and finding its nearest centroid costs a few
milliseconds, so it runs on the GUI thread (DESIGN.md §4), throttled by the canvas.
So do the nearest-neighbour guess and the typicality of the drawing, but only when the
data's index (built in a worker: it grows with the data) measured a query under
:data:`GUI_QUERY_BUDGET`; on larger data the guess says it was skipped.

A dropped or pasted picture is read, decoded and shrunk in a worker of its own (a
4000×4000 PNG takes 150–200 ms to decode); the newest drop or paste wins.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from functools import partial

import numpy as np
from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtGui import QImage

from digitgui.app.state import AppState
from digitgui.model.clustering import Clustering
from digitgui.model.dataset import Dataset
from digitgui.model.features import (
    EmptyDrawingError,
    features_from_image,
    features_from_strokes,
    ink_from_picture,
)
from digitgui.model.guess import UNLIKE_THRESHOLD, DigitGuess, NeighbourIndex
from digitgui.widgets.draw_panel import DrawPanel
from digitgui.widgets.picture_reading import DecodedPicture, PictureSource, decode_picture

NEAREST = 5
GRID_FEATURES = 64  # what a drawing makes: only such data can be searched for one
GUI_QUERY_BUDGET = 0.005  # seconds: guess + typicality of one drawing on the GUI thread
#: Up to this many samples a query costs at most ~0.3 ms (0.18 ms on the digits, 0.26 ms at
#: 10,000): searched whatever the timing said. The timing runs in a low-priority worker, and
#: on a busy machine it once measured the digits over budget and switched the guess off.
ALWAYS_SEARCHABLE = 10_000
UNLIKE_TEXT = "Unlike the digits in the data"
GUESS_TOOLTIP = (
    "The digit most of the {k} data images nearest to the drawing carry (k-nearest "
    "neighbours). The cluster's answer is the majority digit of the whole cluster the "
    "drawing falls in, so the two can differ: a cluster mixes digits, the nearest images "
    "are the drawing's own closest matches.\nTypicality {typ:.2f}: distance to the nearest "
    "data image in units of a typical image's distance to its own nearest neighbour "
    "(above {limit:.1f} counts as unlike the data)."
)


@dataclass(frozen=True)
class PreparedIndex:
    """A data set's neighbour index, built in a worker, with its measured query time."""

    dataset: Dataset
    index: NeighbourIndex
    query_seconds: float

    @property
    def fits_gui_budget(self) -> bool:
        """Whether the GUI thread may search it while the user draws."""
        small = len(self.dataset.data) <= ALWAYS_SEARCHABLE
        return small or self.query_seconds <= GUI_QUERY_BUDGET


def prepare_index(dataset: Dataset, _progress=None, should_stop=None) -> PreparedIndex:
    """Runs in a worker thread: build the index (its typical scale costs O(n²)) and time
    a guess plus a typicality on it, so the GUI thread knows whether it may ask."""
    index = NeighbourIndex(dataset.data)
    index.prepare(should_stop)
    probe = dataset.data[0] + 0.5
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        if dataset.target is not None:
            index.guess(dataset.target, probe, NEAREST)
        index.typicality(probe)
        best = min(best, time.perf_counter() - start)
    return PreparedIndex(dataset, index, best)


def guess_text(guess: DigitGuess, neighbours: int) -> str:
    """ "Looks like a 5 · 5 of 5 nearest"."""
    return f"Looks like a {guess.digit} · {guess.count} of {neighbours} nearest"


def unlike_guess_text(guess: DigitGuess, neighbours: int) -> str:
    """For a drawing far from every data image: the vote, said to be weak."""
    return f"Far from every data image (nearest: {guess.count} of {neighbours} are {guess.digit}s)"


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
        panel.canvas.picture_offered.connect(self._on_canvas_picture_offered)
        panel.canvas.picture_dropped.connect(self._on_canvas_picture_dropped)
        panel.canvas.picture_refused.connect(self._on_canvas_picture_refused)
        panel.canvas.cleared.connect(self._on_canvas_cleared)
        state.drawing_changed.connect(self._on_state_drawing_changed)
        state.clustering_changed.connect(self._on_state_clustering_changed)
        state.dataset_changed.connect(self._on_state_dataset_changed)
        state.fit_runner.busy_changed.connect(self._on_fit_runner_busy_changed)
        self._prepared: PreparedIndex | None = None
        self._index_runner = state.make_runner("neighbours")
        self._index_runner.finished.connect(self._on_index_runner_finished)
        self._index_runner.failed.connect(self._on_index_runner_failed)
        self._index_failure = ""
        self._offered: PictureSource | None = None
        self.picture_runner = state.make_runner("pictures")
        self.picture_runner.finished.connect(self._on_picture_runner_finished)
        self.picture_runner.failed.connect(self._on_picture_runner_failed)
        self._prepare_index()

    @Slot(list, float)
    def _on_canvas_drawing_changed(self, strokes: list, pen_width: float) -> None:
        try:
            features = features_from_strokes(strokes, pen_width)
        except EmptyDrawingError:
            features = None
        self._state.set_drawing(features)

    @Slot(object)
    def _on_canvas_picture_offered(self, source: PictureSource) -> None:
        self._offered = source
        self.picture_runner.submit("picture", partial(decode_picture, source))

    @Slot(str, object)
    def _on_picture_runner_finished(self, _tag: str, decoded: DecodedPicture) -> None:
        self._panel.canvas.show_decoded(decoded)

    @Slot(str, str)
    def _on_picture_runner_failed(self, _tag: str, message: str) -> None:
        if self._offered is not None:
            self._panel.canvas.show_decoded(DecodedPicture(self._offered, QImage(), None, message))

    @Slot(object)
    def _on_canvas_picture_dropped(self, grey: np.ndarray) -> None:
        try:
            features = features_from_image(ink_from_picture(grey))
        except EmptyDrawingError:
            self._state.set_drawing(None)
            self._panel.assignment.show_message("The picture has no ink to classify")
            return
        self._state.set_drawing(features)

    @Slot(str)
    def _on_canvas_picture_refused(self, why: str) -> None:
        self._state.message.emit(f"Not used as a drawing: {why}")

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
        self._prepare_index()
        self._refresh()

    def _prepare_index(self) -> None:
        dataset = self._state.dataset
        self._prepared = None
        self._index_failure = ""
        if dataset.n_features != GRID_FEATURES:
            return  # drawings cannot be placed in this data: nothing to search
        self._index_runner.submit("neighbours", partial(prepare_index, dataset))

    @Slot(str, object)
    def _on_index_runner_finished(self, _tag: str, prepared: PreparedIndex) -> None:
        if prepared.dataset is self._state.dataset:
            self._prepared = prepared
            self._refresh()

    @Slot(str, str)
    def _on_index_runner_failed(self, _tag: str, message: str) -> None:
        self._index_failure = message
        self._refresh()

    @Slot(bool)
    def _on_fit_runner_busy_changed(self, busy: bool) -> None:
        if not busy and self._state.clustering is None:  # the fit failed or was cancelled
            self._refresh()

    @property
    def prepared(self) -> PreparedIndex | None:
        """The current data's neighbour index, once built (None before)."""
        return self._prepared

    def _refresh(self) -> None:
        features = self._state.drawing
        clustering = self._state.clustering
        assignment = self._panel.assignment
        if features is None:
            assignment.show_message("Empty canvas: draw a digit to see its cluster")
        elif clustering is None and not self._state.fit_runner.busy:
            assignment.show_message("No clustering of this data yet: press Run")
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
        text, guess, tooltip = self._answers(clustering, features, cluster)
        panel = self._panel.assignment
        panel.show_assignment(text, features, cluster, distances, images, captions)
        panel.show_guess(guess, tooltip)

    def _answers(self, clustering: Clustering, features, cluster: int) -> tuple[str, str, str]:
        """(assignment text, guess text, guess tooltip) for one drawing."""
        cluster_text = assignment_text(clustering, cluster)
        prepared = self._prepared
        if prepared is None or prepared.dataset is not clustering.dataset:
            if self._index_failure:
                return cluster_text, "No digit guess", self._index_failure
            return cluster_text, "Finding the nearest data images…", ""
        if not prepared.fits_gui_budget:
            return (
                cluster_text,
                "No digit guess: this data set is too large to search while drawing",
                f"One search takes {prepared.query_seconds * 1000:.0f} ms here.",
            )
        typicality = prepared.index.typicality(features)
        unlike = typicality > UNLIKE_THRESHOLD
        if unlike:
            cluster_text = f"{UNLIKE_TEXT} · closest is {cluster_text[0].lower()}{cluster_text[1:]}"
        target = clustering.dataset.target
        tooltip = GUESS_TOOLTIP.format(k=NEAREST, typ=typicality, limit=UNLIKE_THRESHOLD)
        if target is None:
            return cluster_text, "The data has no labels, so there is no digit guess", tooltip
        guess = prepared.index.guess(target, features, NEAREST)
        text = unlike_guess_text(guess, NEAREST) if unlike else guess_text(guess, NEAREST)
        return cluster_text, text, tooltip
