"""ClusterSizeChart: how many samples each cluster holds, one coloured bar per cluster."""

from __future__ import annotations

import numpy as np
from matplotlib.backend_bases import MouseEvent
from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from PySide6.QtCore import QPointF, Signal
from PySide6.QtWidgets import QSizePolicy, QVBoxLayout, QWidget

from digitgui.model.session import Clustering
from digitgui.widgets.palette import cluster_hex

_SELECTED_EDGE = "#1a1a1a"


class ClusterSizeChart(QWidget):
    """Bar chart of cluster sizes, coloured like the clusters everywhere else.

    Each bar is labelled with its size; the x axis names the cluster and (when the data has
    true labels) its majority digit. Clicking a bar, or the space above it, picks the cluster.

    Signals
    -------
    cluster_clicked(int) : the user clicked the bar of this cluster.
    """

    cluster_clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("clusterSizeChart")
        self.setAccessibleName("Cluster sizes")
        self.figure = Figure(figsize=(5, 3), layout="constrained")
        self.canvas = FigureCanvasQTAgg(self.figure)
        self.canvas.setParent(self)
        self.canvas.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.canvas.setMinimumHeight(160)
        self.axes = self.figure.add_subplot()
        self._bars: list[Rectangle] = []
        self._selected = -1
        self.canvas.mpl_connect("button_press_event", self._on_canvas_pressed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.canvas)
        self.set_clustering(None)

    def set_clustering(self, clustering: Clustering | None) -> None:
        """Draw the sizes of ``clustering``'s clusters (None: an empty chart)."""
        self.axes.clear()
        self._bars, self._selected = [], -1
        if clustering is None:
            self.axes.set_axis_off()
            self.setAccessibleDescription("No clustering yet.")
            self.canvas.draw_idle()
            return
        evaluation = clustering.evaluation
        sizes = np.asarray(evaluation.cluster_sizes)
        k = len(sizes)
        positions = np.arange(k)
        colors = [cluster_hex(cluster) for cluster in range(k)]
        container = self.axes.bar(positions, sizes, width=0.8, color=colors, edgecolor="none")
        self._bars = list(container.patches)
        small = k > 16
        self.axes.bar_label(
            container,
            labels=[str(int(size)) for size in sizes],
            fontsize=7 if small else 9,
            rotation=90 if small else 0,
            padding=2,
        )
        self.axes.set_xticks(
            positions, self._tick_labels(clustering, k), fontsize=7 if small else 9
        )
        self.axes.set_xlim(-0.6, k - 0.4)
        self.axes.set_ylim(0, sizes.max() * (1.22 if small else 1.12) + 1)
        digits_known = evaluation.cluster_digits is not None
        self.axes.set_xlabel("cluster (majority digit)" if digits_known else "cluster", fontsize=9)
        self.axes.set_ylabel("samples", fontsize=9)
        self.axes.tick_params(axis="y", labelsize=8)
        self.axes.spines[["top", "right"]].set_visible(False)
        sizes_text = ", ".join(f"cluster {c}: {int(n)}" for c, n in enumerate(sizes))
        self.setAccessibleDescription(f"Samples per cluster: {sizes_text}.")
        self.canvas.draw_idle()

    def set_selected(self, cluster: int) -> None:
        """Outline the bar of ``cluster`` (-1: none). Emits nothing."""
        self._selected = cluster if 0 <= cluster < len(self._bars) else -1
        for index, bar in enumerate(self._bars):
            chosen = index == self._selected
            bar.set_edgecolor(_SELECTED_EDGE if chosen else "none")
            bar.set_linewidth(2.0 if chosen else 0.0)
            bar.set_alpha(1.0 if self._selected < 0 or chosen else 0.55)
        self.canvas.draw_idle()

    def bar_heights(self) -> np.ndarray:
        """The heights of the bars drawn, one per cluster."""
        return np.array([bar.get_height() for bar in self._bars])

    def bar_center(self, cluster: int) -> QPointF:
        """The middle of ``cluster``'s bar in the canvas' widget coordinates."""
        self.canvas.draw()  # transforms are only final after a draw at the current size
        bar = self._bars[cluster]
        x, y = bar.get_x() + bar.get_width() / 2, bar.get_height() / 2
        px, py = self.axes.transData.transform((x, y))
        ratio = self.canvas.device_pixel_ratio or 1.0
        return QPointF(px / ratio, self.canvas.height() - py / ratio)

    def _tick_labels(self, clustering: Clustering, k: int) -> list[str]:
        digits = clustering.evaluation.cluster_digits
        if digits is None:
            return [str(cluster) for cluster in range(k)]
        return [
            f"{cluster}\n({int(digit)})" if digit >= 0 else f"{cluster}\n(–)"
            for cluster, digit in enumerate(digits)
        ]

    def _on_canvas_pressed(self, event: MouseEvent) -> None:
        if event.inaxes is not self.axes or event.xdata is None or not self._bars:
            return
        if event.button is not None and event.button != 1:
            return
        cluster = int(round(event.xdata))
        if 0 <= cluster < len(self._bars) and abs(event.xdata - cluster) <= 0.45:
            self.cluster_clicked.emit(cluster)
