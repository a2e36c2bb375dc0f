"""MyDrawingsController: keeps, stores, scores and exports the user's labelled drawings.

The drawings live as strokes in one JSON file in the app's data folder
(:func:`drawings_file`), rewritten atomically after every change. Scoring re-measures every
drawing, so it runs in a worker (it grows with the number of drawings).
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import numpy as np
from PySide6.QtCore import QObject, QStandardPaths, Qt, QTimer, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QMessageBox, QWidget

from digitgui.app.dialogs import ask_save_path
from digitgui.app.drawing_controller import NEAREST, DrawingController
from digitgui.app.settings import Settings
from digitgui.app.state import AppState
from digitgui.model.clustering import Clustering
from digitgui.model.guess import NeighbourIndex
from digitgui.model.io.drawings import (
    KeptDrawing,
    export_csv,
    keep_unreadable_copy,
    load_drawings,
    save_drawings,
)
from digitgui.widgets.draw_canvas import DrawCanvas
from digitgui.widgets.drawing_scores import DrawingScoresDialog
from digitgui.widgets.my_drawings import MyDrawingsStrip

log = logging.getLogger(__name__)
FILE_NAME = "my_drawings.json"


def drawings_file() -> Path:
    """Where the user's drawings are kept: ``$XDG_DATA_HOME/digitgui/my_drawings.json``
    (``~/.local/share/digitgui`` on Linux; the system's data folder elsewhere)."""
    data_home = os.environ.get("XDG_DATA_HOME")
    if data_home:
        return Path(data_home) / "digitgui" / FILE_NAME
    location = QStandardPaths.StandardLocation.GenericDataLocation
    return Path(QStandardPaths.writableLocation(location)) / "digitgui" / FILE_NAME


@dataclass(frozen=True)
class DrawingScores:
    """Per digit: (digit, drawings, cluster answer right, guess right or -1)."""

    rows: tuple[tuple[int, int, int, int], ...]
    skipped: int


def score_drawings(
    drawings: tuple[KeptDrawing, ...],
    clustering: Clustering,
    index: NeighbourIndex | None,
    _progress=None,
    _should_stop=None,
) -> DrawingScores:
    """Runs in a worker: the cluster answer (majority digit of the drawing's cluster) and
    the nearest-neighbour guess for every drawing, counted per digit."""
    cluster_digits = clustering.evaluation.cluster_digits
    target = clustering.dataset.target
    counts = np.zeros((10, 3), dtype=np.int64)
    skipped = 0
    for drawing in drawings:
        try:
            features = drawing.features()
            cluster, _ = clustering.assign(features)
        except ValueError:
            skipped += 1
            continue
        counts[drawing.digit, 0] += 1
        if cluster_digits is not None and cluster_digits[cluster] == drawing.digit:
            counts[drawing.digit, 1] += 1
        if index is not None and target is not None:
            counts[drawing.digit, 2] += (
                index.guess(target, features, NEAREST).digit == drawing.digit
            )
    has_guess = index is not None and target is not None
    rows = tuple(
        (digit, int(c[0]), int(c[1]), int(c[2]) if has_guess else -1)
        for digit, c in enumerate(counts)
        if c[0]
    )
    return DrawingScores(rows, skipped)


class MyDrawingsController(QObject):
    """Wires the canvas, the strip and the digit keys to the stored drawings."""

    def __init__(
        self,
        state: AppState,
        canvas: DrawCanvas,
        strip: MyDrawingsStrip,
        drawing: DrawingController,
        window: QWidget,
        settings: Settings,
        path: Path | None = None,
    ) -> None:
        super().__init__(window)
        self._state = state
        self._settings = settings  # the folder file dialogs open in
        self._canvas = canvas
        self._strip = strip
        self._drawing = drawing
        self._window = window
        self.path = path or drawings_file()
        self.drawings: list[KeptDrawing] = []
        self._cleared: list[KeptDrawing] = []
        self._file_unreadable = False
        self.last_scores: DrawingScores | None = None
        self.load_problems: tuple[str, ...] = ()
        self.score_dialog: DrawingScoresDialog | None = None
        self._score_runner = state.make_runner("score-drawings")
        self._score_runner.finished.connect(self._on_score_runner_finished)
        self._score_runner.failed.connect(self._on_score_runner_failed)
        strip.keep_requested.connect(self.keep)
        strip.remove_requested.connect(self.remove)
        strip.clear_requested.connect(self._on_strip_clear_requested)
        strip.undo_clear_requested.connect(self.undo_clear)
        strip.score_requested.connect(self.score)
        strip.export_requested.connect(self._on_strip_export_requested)
        canvas.drawing_changed.connect(self._on_canvas_changed)
        canvas.cleared.connect(self._on_canvas_changed)
        canvas.picture_dropped.connect(self._on_canvas_changed)
        for digit in range(10):
            # Window-wide, but a focused text or number field takes the key first
            # (it accepts the ShortcutOverride of a printable key).
            shortcut = QShortcut(QKeySequence(str(digit)), window)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(partial(self.keep, digit))
        self._load()

    # -- actions ------------------------------------------------------------------------
    @Slot(int)
    def keep(self, digit: int) -> None:
        """Keep the canvas's drawing labelled ``digit`` (nothing on the canvas: say so)."""
        strokes = self._canvas.strokes
        if not strokes:
            self._state.message.emit("Draw a digit first, then press its key to keep it")
            return
        try:
            drawing = KeptDrawing.make(digit, strokes, self._canvas.pen_width)
        except ValueError as exc:
            self._state.message.emit(f"This drawing cannot be kept: {exc}")
            return
        self.drawings.append(drawing)
        self._save()
        self._state.message.emit(f"Kept as a {digit} ({len(self.drawings)} in My drawings)")

    @Slot(int)
    def remove(self, position: int) -> None:
        if 0 <= position < len(self.drawings):
            del self.drawings[position]
            self._save()

    def clear_all(self) -> None:
        """Remove every drawing; :meth:`undo_clear` brings them back."""
        if self.drawings:
            self._cleared = self.drawings
            self.drawings = []
            self._save()
            self._state.message.emit("My drawings cleared (My drawings ▾ → Undo clear)")

    @Slot()
    def undo_clear(self) -> None:
        if self._cleared:
            self.drawings = self._cleared + self.drawings
            self._cleared = []
            self._save()

    @Slot()
    def score(self) -> None:
        clustering = self._state.clustering
        if not self.drawings:
            self._state.message.emit("Keep a few drawings first (press a digit key)")
            return
        if clustering is None:
            self._state.message.emit("Wait for the clustering to finish, then score")
            return
        prepared = self._drawing.prepared
        index = prepared.index if prepared and prepared.dataset is clustering.dataset else None
        job = partial(score_drawings, tuple(self.drawings), clustering, index)
        self._score_runner.submit("score", job)

    def export_to(self, path: str | Path) -> bool:
        """Write the drawings as an optdigits CSV; True when written."""
        try:
            export_csv(path, self.drawings)
        except (OSError, ValueError) as exc:
            self._warn("Export failed", f"{path} could not be written: {_why(exc)}")
            return False
        self._state.message.emit(f"Exported {len(self.drawings)} drawings to {path}")
        return True

    # -- reactions ----------------------------------------------------------------------
    @Slot()
    def _on_canvas_changed(self, *_args) -> None:
        self._strip.set_can_keep(bool(self._canvas.strokes))

    @Slot()
    def _on_strip_clear_requested(self) -> None:
        answer = QMessageBox.question(
            self._window,
            "Clear my drawings",
            f"Remove all {len(self.drawings)} kept drawings? (Undo clear brings them back "
            "until you quit.)",
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.clear_all()

    @Slot()
    def _on_strip_export_requested(self) -> None:
        path = ask_save_path(
            self._window,
            self._settings,
            "Export my drawings",
            "my_drawings.csv",
            "CSV, optdigits columns with a header row (*.csv);;UCI optdigits file (*.tra)",
        )
        if path:
            self.export_to(path)

    @Slot(str, object)
    def _on_score_runner_finished(self, _tag: str, scores: DrawingScores) -> None:
        self.last_scores = scores
        clustering = self._state.clustering
        k = clustering.result.n_clusters if clustering is not None else 0
        note = (
            f"Each drawing, measured as the app measures drawings: the cluster answer is the "
            f"majority digit of its cluster (current KMeans, k = {k}); the guess is the digit "
            f"most of its {NEAREST} nearest data images carry."
        )
        if scores.skipped:
            note += f" {scores.skipped} drawing(s) could not be placed in this data."
        if self.score_dialog is not None:
            self.score_dialog.close()
        self.score_dialog = DrawingScoresDialog(scores.rows, note, self._window)
        self.score_dialog.show()

    @Slot(str, str)
    def _on_score_runner_failed(self, _tag: str, message: str) -> None:
        self._warn("Scoring failed", message)

    # -- storage ------------------------------------------------------------------------
    def _load(self) -> None:
        loaded = load_drawings(self.path)
        self.drawings = list(loaded.drawings)
        self._file_unreadable = loaded.unreadable
        for problem in loaded.problems:
            log.warning("My drawings: %s", problem)
        self.load_problems = loaded.problems
        if loaded.problems:
            # Shown once the window is up (a status line would be overwritten at once).
            QTimer.singleShot(0, self._report_load_problems)
        self._show()

    @Slot()
    def _report_load_problems(self) -> None:
        problems = self.load_problems
        kept = f"{len(self.drawings)} kept drawings were loaded. " if self.drawings else ""
        more = f"\n(and {len(problems) - 3} more)" if len(problems) > 3 else ""
        self._warn("Some of My drawings could not be read", kept + "\n".join(problems[:3]) + more)

    def _save(self) -> None:
        self._show()
        try:
            if self._file_unreadable:
                keep_unreadable_copy(self.path)  # never overwrite what we could not read
                self._file_unreadable = False
            save_drawings(self.path, self.drawings)
        except OSError as exc:
            self._warn("My drawings not saved", f"{self.path} could not be written: {_why(exc)}")

    def _show(self) -> None:
        self._strip.set_drawings([(d.digit, d.strokes) for d in self.drawings])
        self._strip.set_can_undo_clear(bool(self._cleared))

    def _warn(self, title: str, message: str) -> None:
        log.warning("%s: %s", title, message)
        self._state.message.emit(f"{title}: {message}")
        box = QMessageBox(QMessageBox.Icon.Warning, title, message, parent=self._window)
        box.setObjectName("myDrawingsErrorDialog")
        box.open()


def _why(exc: BaseException) -> str:
    """Why a write failed, in words, without the path the message already names."""
    reason = getattr(exc, "reason", None)  # SaveError: "the disk is full", ...
    return reason or getattr(exc, "strerror", None) or str(exc)
