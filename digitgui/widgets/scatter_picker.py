"""ScatterPicker: hover previews and click-to-pick over the points of a pyqtgraph plot."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, Qt, QTimer, Signal

from digitgui.widgets.hover_card import HoverCard

HIT_RADIUS = 6.0  # pixels from a point's centre that still count as on it
HOVER_INTERVAL_MS = 30  # at most ~33 nearest-point searches a second
_EMPTY = np.empty((0, 2))


class ScatterPicker(QObject):
    """Finds the plotted point under the mouse of ``plot``, throttled to one search every
    :data:`HOVER_INTERVAL_MS`: rings it with ``marker`` and emits ``row_hovered(row, at)``
    for whoever fills ``card`` (a :class:`HoverCard`, shown with its corner at ``at``);
    a left click on a point emits ``row_clicked(row)``.

    The search is in screen space, over the coordinates given to :meth:`set_coords`
    (GUI thread, O(points) per search). Leaving the plot, or no point under the mouse,
    hides the card and the ring.
    """

    row_hovered = Signal(int, QPoint)
    row_clicked = Signal(int)

    def __init__(self, plot: pg.PlotWidget, marker: pg.ScatterPlotItem) -> None:
        super().__init__(plot)
        self._plot = plot
        self.marker = marker
        self.card = HoverCard(plot)
        self._coords = _EMPTY
        self._hover_pos: QPointF | None = None
        self._timer = QTimer(self, singleShot=True, interval=HOVER_INTERVAL_MS)
        self._timer.timeout.connect(self._on_timer_timeout)
        plot.scene().sigMouseMoved.connect(self._on_scene_mouse_moved)
        plot.scene().sigMouseClicked.connect(self._on_scene_clicked)
        plot.viewport().installEventFilter(self)  # to hide the card on leave

    def set_coords(self, coords: np.ndarray) -> None:
        """The plotted points (m, 2), row by row; hides the card."""
        self._coords = coords
        self.hide()

    def hide(self) -> None:
        self.card.hide()
        self.marker.setData(pos=_EMPTY)

    def nearest_row(self, scene_pos: QPointF) -> int:
        """Plotted row under ``scene_pos`` (within :data:`HIT_RADIUS` pixels), or -1."""
        view_box = self._plot.getPlotItem().getViewBox()
        if not len(self._coords) or not view_box.sceneBoundingRect().contains(scene_pos):
            return -1
        point = view_box.mapSceneToView(scene_pos)
        pixel_w, pixel_h = view_box.viewPixelSize()
        dx = (self._coords[:, 0] - point.x()) / pixel_w
        dy = (self._coords[:, 1] - point.y()) / pixel_h
        distance = dx * dx + dy * dy
        row = int(np.argmin(distance))
        return row if distance[row] <= HIT_RADIUS**2 else -1

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Leave:
            self._hover_pos = None
            self.hide()
        return super().eventFilter(watched, event)

    def _on_scene_mouse_moved(self, scene_pos: QPointF) -> None:
        self._hover_pos = QPointF(scene_pos)
        if not self._timer.isActive():
            self._timer.start()

    def _on_timer_timeout(self) -> None:
        if self._hover_pos is not None:
            self._show(self._hover_pos)

    def _show(self, scene_pos: QPointF) -> None:
        row = self.nearest_row(scene_pos)
        if row < 0:
            self.hide()
            return
        self.marker.setData(pos=np.asarray(self._coords[row], dtype=np.float64).reshape(1, 2))
        self.row_hovered.emit(row, self._plot.mapFromScene(scene_pos) + QPoint(14, 14))

    def _on_scene_clicked(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        row = self.nearest_row(event.scenePos())
        if row >= 0:
            event.accept()
            self.row_clicked.emit(row)
