"""DistanceChart: the distance from one drawing to every centroid, the winner coloured."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QWidget

from digitgui.widgets.category_axis import CategoryAxis
from digitgui.widgets.palette import (
    cluster_color,
    is_palette_change,
    mix,
    plot_colors,
    style_plot_widget,
)


class DistanceChart(pg.PlotWidget):
    """One grey bar per centroid, the assigned cluster's in its colour; shorter wins.

    The cluster numbers under the bars are thinned to fit (every 2nd, 5th… at large k or
    small widths); colours follow the palette. Hidden while there is nothing to show, so
    no empty axes stand under an empty canvas.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        self.axis = CategoryAxis("bottom")
        super().__init__(parent, axisItems={"bottom": self.axis})
        self.setObjectName("distancePlot")
        self.setAccessibleName("Distance to every centroid")
        self.setToolTip("Distance from the drawing to each centroid (shorter wins)")
        self.setMinimumHeight(120)
        self.setMouseEnabled(False, False)
        self.setMenuEnabled(False)
        self.hideButtons()
        self.setLabel("bottom", "cluster")
        self.setLabel("left", "distance")
        self._bars = pg.BarGraphItem(x=[], height=[], width=0.7)
        self.addItem(self._bars)
        self._distances = np.zeros(0)
        self._cluster = -1
        self._apply_colors()
        self.set_distances(np.zeros(0), -1)

    def set_distances(self, distances: np.ndarray, cluster: int) -> None:
        """Draw ``distances`` (one per centroid), ``cluster``'s bar highlighted; empty hides."""
        self._distances = np.asarray(distances, dtype=np.float64)
        self._cluster = int(cluster)
        self.setVisible(self._distances.size > 0)
        k = self._distances.size
        if k != len(self.axis.labels()):
            self.axis.set_labels([str(i) for i in range(k)])
        self._bars.setOpts(x=np.arange(k), height=self._distances, brushes=self._brushes())
        if k:
            self.setXRange(-0.6, k - 0.4, padding=0)

    def bar_heights(self) -> np.ndarray:
        """The distances currently drawn (for tests and screen readers)."""
        return np.asarray(self._bars.opts["height"], dtype=np.float64)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        super().changeEvent(event)
        # Not during __init__; asked through __dict__, because pyqtgraph 0.13.3's
        # PlotWidget.__getattr__ recurses for a name asked before its plot item exists.
        if is_palette_change(event) and "_bars" in self.__dict__:
            self._apply_colors()

    def _apply_colors(self) -> None:
        colors = plot_colors(self)
        style_plot_widget(self, colors)
        self._plain_brush = pg.mkBrush(mix(colors.background, colors.foreground, 0.3))
        self._bars.setOpts(brushes=self._brushes())

    def _brushes(self) -> list:
        return [
            pg.mkBrush(cluster_color(i)) if i == self._cluster else self._plain_brush
            for i in range(self._distances.size)
        ]
