"""ClusterSizeChart: how many samples each cluster holds, one coloured bar per cluster."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtWidgets import QSizePolicy, QVBoxLayout, QWidget

from digitgui.model.clustering import Clustering
from digitgui.widgets.palette import cluster_color

_SELECTED_EDGE = "#1a1a1a"
_LABELS_UP_TO = 30  # above this many clusters the size labels would overlap


class ClusterSizeChart(QWidget):
    """Bar chart of cluster sizes, coloured like the clusters everywhere else.

    Each bar is labelled with its size; the x axis names the cluster and (when the data has
    true labels) its majority digit. Clicking a bar, or the space above it, picks the
    cluster. Drawn with pyqtgraph: a redraw after each fit costs a few milliseconds.

    Signals
    -------
    cluster_clicked(int) : the user clicked the bar of this cluster.
    """

    cluster_clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("clusterSizeChart")
        self.setAccessibleName("Cluster sizes")
        self.canvas = pg.PlotWidget(background="w")
        self.canvas.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.canvas.setMinimumHeight(160)
        self.canvas.setMouseEnabled(False, False)
        self.canvas.hideButtons()
        self.canvas.setMenuEnabled(False)
        self.canvas.setLabel("left", "samples")
        self.canvas.scene().sigMouseClicked.connect(self._on_scene_clicked)
        self._plot = self.canvas.getPlotItem()
        self._sizes = np.zeros(0)
        self._bars: pg.BarGraphItem | None = None
        self._labels: list[pg.TextItem] = []
        self._selected = -1
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.canvas)
        self.set_clustering(None)

    def set_clustering(self, clustering: Clustering | None) -> None:
        """Draw the sizes of ``clustering``'s clusters (None: an empty chart)."""
        self._plot.clear()
        self._bars, self._labels, self._selected = None, [], -1
        if clustering is None:
            self._sizes = np.zeros(0)
            self.setAccessibleDescription("No clustering yet.")
            return
        evaluation = clustering.evaluation
        self._sizes = np.asarray(evaluation.cluster_sizes, dtype=np.float64)
        k = len(self._sizes)
        self._bars = pg.BarGraphItem(x=np.arange(k), height=self._sizes, width=0.8)
        self._plot.addItem(self._bars)
        self._paint_bars()
        if k <= _LABELS_UP_TO:
            for cluster, size in enumerate(self._sizes):
                label = pg.TextItem(str(int(size)), color="#333", anchor=(0.5, 1.0))
                label.setPos(cluster, size)
                self._plot.addItem(label)
                self._labels.append(label)
        digits = evaluation.cluster_digits
        step = max(1, k // 20)
        ticks = [
            (c, str(c) if digits is None or digits[c] < 0 else f"{c} ({int(digits[c])})")
            for c in range(0, k, step)
        ]
        self._plot.getAxis("bottom").setTicks([ticks])
        self._plot.setLabel(
            "bottom", "cluster (majority digit)" if digits is not None else "cluster"
        )
        self._plot.setXRange(-0.6, k - 0.4, padding=0)
        self._plot.setYRange(0, self._sizes.max() * 1.15 + 1, padding=0)
        sizes_text = ", ".join(f"cluster {c}: {int(n)}" for c, n in enumerate(self._sizes))
        self.setAccessibleDescription(f"Samples per cluster: {sizes_text}.")

    def set_selected(self, cluster: int) -> None:
        """Outline the bar of ``cluster`` and dim the others (-1: none). Emits nothing."""
        self._selected = cluster if 0 <= cluster < len(self._sizes) else -1
        self._paint_bars()

    def bar_heights(self) -> np.ndarray:
        """The heights of the bars drawn, one per cluster."""
        if self._bars is None:
            return np.zeros(0)
        return np.asarray(self._bars.opts["height"], dtype=np.float64)

    def bar_center(self, cluster: int) -> QPointF:
        """The middle of ``cluster``'s bar in ``canvas.viewport()`` coordinates."""
        view = self._plot.getViewBox()
        scene_point = view.mapViewToScene(QPointF(cluster, self._sizes[cluster] / 2))
        return QPointF(self.canvas.mapFromScene(scene_point))

    def _paint_bars(self) -> None:
        if self._bars is None:
            return
        brushes, pens = [], []
        for cluster in range(len(self._sizes)):
            chosen = cluster == self._selected
            color = cluster_color(cluster)
            if self._selected >= 0 and not chosen:
                color.setAlphaF(0.45)
            brushes.append(pg.mkBrush(color))
            pens.append(pg.mkPen(_SELECTED_EDGE, width=2) if chosen else pg.mkPen(None))
        self._bars.setOpts(brushes=brushes, pens=pens)

    def _on_scene_clicked(self, event) -> None:
        if self._bars is None or event.button() != Qt.MouseButton.LeftButton:
            return
        view = self._plot.getViewBox()
        if not view.sceneBoundingRect().contains(event.scenePos()):
            return
        x = view.mapSceneToView(event.scenePos()).x()
        cluster = int(round(x))
        if 0 <= cluster < len(self._sizes) and abs(x - cluster) <= 0.45:
            self.cluster_clicked.emit(cluster)
