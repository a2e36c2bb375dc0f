"""ClusterSizeChart: how many samples each cluster holds, one coloured bar per cluster."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QPointF, Qt, Signal
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import QSizePolicy, QVBoxLayout, QWidget

from digitgui.model.clustering import Clustering
from digitgui.widgets.category_axis import CategoryAxis
from digitgui.widgets.palette import (
    cluster_color,
    is_palette_change,
    plot_colors,
    style_plot_widget,
)


class ClusterSizeChart(QWidget):
    """Bar chart of cluster sizes, coloured like the clusters everywhere else.

    Each bar is labelled with its size while the bars are wide enough for the number; the
    x axis names the cluster and (when the data has true labels) its majority digit: every
    cluster when the labels fit, if need be on two lines or in a smaller font, else every
    2nd, 5th… cluster (large k, small widths; see :class:`CategoryAxis`). Clicking
    a bar, or the space above it, picks the cluster. Colours follow the palette. Drawn
    with pyqtgraph: a redraw after each fit costs a few milliseconds.

    Signals
    -------
    cluster_clicked(int) : the user clicked the bar of this cluster.
    """

    cluster_clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("clusterSizeChart")
        self.setAccessibleName("Cluster sizes")
        self.axis = CategoryAxis("bottom")
        self.canvas = pg.PlotWidget(axisItems={"bottom": self.axis})
        self.canvas.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.canvas.setMinimumHeight(160)
        self.canvas.setMouseEnabled(False, False)
        self.canvas.hideButtons()
        self.canvas.setMenuEnabled(False)
        self.canvas.setLabel("left", "samples")
        self.canvas.scene().sigMouseClicked.connect(self._on_scene_clicked)
        self._plot = self.canvas.getPlotItem()
        self._plot.getViewBox().sigResized.connect(self._on_view_resized)
        self._colors = plot_colors(self)
        self._sizes = np.zeros(0)
        self._bars: pg.BarGraphItem | None = None
        self._labels: list[pg.TextItem] = []
        self._selected = -1
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.canvas)
        self._apply_colors()
        self.set_clustering(None)

    def set_clustering(self, clustering: Clustering | None) -> None:
        """Draw the sizes of ``clustering``'s clusters (None: an empty chart).

        The bars and the size labels are updated in place (labels added or dropped at
        the end; hidden, not deleted, while there is no clustering): rebuilding them cost
        6-8 ms of the GUI thread at every new result.
        """
        self._selected = -1
        if clustering is None:  # bars and labels are hidden, kept for the next clustering
            self._sizes = np.zeros(0)
            for item in [self._bars, *self._labels]:
                if item is not None:
                    item.setVisible(False)
            self.axis.set_labels([])
            self.setAccessibleDescription("No clustering yet.")
            return
        evaluation = clustering.evaluation
        self._sizes = np.asarray(evaluation.cluster_sizes, dtype=np.float64)
        k = len(self._sizes)
        brushes, pens = self._bar_styles()
        if self._bars is None:
            self._bars = pg.BarGraphItem(
                x=np.arange(k), height=self._sizes, width=0.8, brushes=brushes, pens=pens
            )
            self._plot.addItem(self._bars)
        else:
            self._bars.setOpts(x=np.arange(k), height=self._sizes, brushes=brushes, pens=pens)
            self._bars.setVisible(True)
        while len(self._labels) > k:
            self._plot.removeItem(self._labels.pop())
        while len(self._labels) < k:
            label = pg.TextItem("", color=self._colors.foreground, anchor=(0.5, 1.0))
            self._plot.addItem(label)
            self._labels.append(label)
        for cluster, (label, size) in enumerate(zip(self._labels, self._sizes, strict=True)):
            label.setText(str(int(size)))  # re-laid out only when the text changed
            label.setPos(cluster, size)
        digits = evaluation.cluster_digits
        self.axis.set_labels(
            [
                str(c) if digits is None or digits[c] < 0 else f"{c} ({int(digits[c])})"
                for c in range(k)
            ]
        )
        self._plot.setLabel(
            "bottom", "cluster (majority digit)" if digits is not None else "cluster"
        )
        self._plot.setXRange(-0.6, k - 0.4, padding=0)
        self._plot.setYRange(0, self._sizes.max() * 1.15 + 1, padding=0)
        self._update_value_labels()
        sizes_text = ", ".join(f"cluster {c}: {int(n)}" for c, n in enumerate(self._sizes))
        self.setAccessibleDescription(f"Samples per cluster: {sizes_text}.")

    def set_selected(self, cluster: int) -> None:
        """Outline the bar of ``cluster`` and dim the others (-1: none). Emits nothing."""
        self._selected = cluster if 0 <= cluster < len(self._sizes) else -1
        self._paint_bars()

    def bar_heights(self) -> np.ndarray:
        """The heights of the bars drawn, one per cluster."""
        if self._bars is None or not len(self._sizes):
            return np.zeros(0)
        return np.asarray(self._bars.opts["height"], dtype=np.float64)

    def value_labels_shown(self) -> bool:
        """True when each bar carries its size (the bars are wide enough for the numbers)."""
        return bool(self._labels) and self._labels[0].isVisible()

    def bar_center(self, cluster: int) -> QPointF:
        """The middle of ``cluster``'s bar in ``canvas.viewport()`` coordinates."""
        view = self._plot.getViewBox()
        scene_point = view.mapViewToScene(QPointF(cluster, self._sizes[cluster] / 2))
        return QPointF(self.canvas.mapFromScene(scene_point))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        super().changeEvent(event)
        if is_palette_change(event):
            self._apply_colors()

    def _apply_colors(self) -> None:
        self._colors = plot_colors(self)
        style_plot_widget(self.canvas, self._colors)
        for label in self._labels:
            label.setColor(self._colors.foreground)
        self._paint_bars()

    def _update_value_labels(self) -> None:
        """Show the size over each bar only while every number fits over its bar."""
        if not self._labels or not len(self._sizes):
            return
        view = self._plot.getViewBox()
        low, high = view.viewRange()[0]
        per_bar = view.width() / max(high - low, 1e-9)
        metrics = QFontMetricsF(self._labels[0].textItem.font())
        widest = metrics.horizontalAdvance(str(int(self._sizes.max())))
        fits = widest + 2 <= per_bar * 0.95
        for label in self._labels:
            label.setVisible(fits)

    def _paint_bars(self) -> None:
        if self._bars is None or not len(self._sizes):
            return
        brushes, pens = self._bar_styles()
        self._bars.setOpts(brushes=brushes, pens=pens)

    def _bar_styles(self) -> tuple[list, list]:
        """Brush and pen of each bar: the cluster's colour, dimmed beside a selected one."""
        brushes, pens = [], []
        for cluster in range(len(self._sizes)):
            chosen = cluster == self._selected
            color = cluster_color(cluster)
            if self._selected >= 0 and not chosen:
                color.setAlphaF(0.45)
            brushes.append(pg.mkBrush(color))
            pens.append(pg.mkPen(self._colors.foreground, width=2) if chosen else pg.mkPen(None))
        return brushes, pens

    def _on_view_resized(self, _view=None) -> None:
        self._update_value_labels()

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
