"""DecisionRegionsLayer: a shaded plane of KMeans regions under a projection's points."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF
from PySide6.QtWidgets import QCheckBox

from digitgui.widgets.palette import cluster_color

REGION_ALPHA = 80  # of 255: the points stay readable on top
TOOLTIP = (
    "Fit KMeans (the current k, n_init=4) on the two PCA coordinates and shade the plane "
    "by the cluster each place would join, as scikit-learn's digits demo does. White "
    "crosses are its centres. The shading is that 2-D KMeans' own clusters: its colours "
    "need not match the points', which keep the clustering of all features."
)


class DecisionRegionsLayer:
    """An image of cluster regions and a marker per centre, below the points of ``plot``,
    with the check box that asks for them (``toggle``; the presenter computes them)."""

    def __init__(self, plot: pg.PlotWidget) -> None:
        self.toggle = QCheckBox("Decision regions")
        self.toggle.setObjectName("projectionRegionsToggle")
        self.toggle.setAccessibleName("Shade the plane by KMeans decision regions")
        self.toggle.setToolTip(TOOLTIP)
        self.image = pg.ImageItem(axisOrder="row-major")
        self.image.setZValue(-100)  # under every scatter layer
        self.centres = pg.ScatterPlotItem(
            size=16, symbol="x", pen=pg.mkPen("k", width=1), brush=pg.mkBrush("w"), pxMode=True
        )
        self.centres.setZValue(1000)
        plot.addItem(self.image, ignoreBounds=True)
        plot.addItem(self.centres, ignoreBounds=True)
        self.shown_key: object = None  # what the shown regions were computed for
        self.clear()

    @property
    def is_shown(self) -> bool:
        return self.image.isVisible() and self.image.image is not None

    def show_regions(
        self,
        labels: np.ndarray,
        extent: tuple[float, float, float, float],
        centroids: np.ndarray,
        key: object = None,
    ) -> None:
        """Paint ``labels`` (rows = y upwards, columns = x) over ``extent`` and the centres."""
        count = int(labels.max()) + 1
        lut = np.array(
            # PySide6's stub types getRgb() as object; it is a 4-tuple of ints
            [[*cluster_color(c).getRgb()[:3], REGION_ALPHA] for c in range(count)],  # type: ignore[index]
            np.uint8,
        )
        self.image.setImage(lut[labels], autoLevels=False)
        x0, x1, y0, y1 = extent
        self.image.setRect(QRectF(x0, y0, x1 - x0, y1 - y0))
        self.image.setVisible(True)
        self.centres.setData(pos=np.asarray(centroids, dtype=np.float64))
        self.shown_key = key

    def clear(self) -> None:
        self.image.clear()
        self.image.setVisible(False)
        self.centres.setData(pos=np.empty((0, 2)))
        self.shown_key = None

    def colour_at(self, x: float, y: float) -> tuple[int, int, int, int] | None:
        """RGBA painted at plane point (x, y), or None outside the regions (for tests)."""
        if not self.is_shown:
            return None
        rect = self.image.mapRectToParent(self.image.boundingRect())
        if not rect.contains(x, y):
            return None
        rows, columns = self.image.image.shape[:2]
        column = min(int((x - rect.left()) / rect.width() * columns), columns - 1)
        row = min(int((y - rect.top()) / rect.height() * rows), rows - 1)
        red, green, blue, alpha = (int(v) for v in self.image.image[row, column])
        return red, green, blue, alpha
