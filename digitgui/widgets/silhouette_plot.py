"""SilhouettePlot: per-sample silhouette values as one horizontal band per cluster."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QPointF, Qt, Signal
from PySide6.QtGui import QColor, QPen
from PySide6.QtWidgets import QGraphicsPathItem, QLabel, QVBoxLayout, QWidget

from digitgui.model.views import SilhouetteBands
from digitgui.widgets.palette import (
    cluster_color,
    is_palette_change,
    plot_colors,
    style_plot_widget,
    with_alpha,
)

GAP = 10  # empty rows between two bands, as in scikit-learn's silhouette example
FADED_ALPHA = 70


@dataclass(frozen=True)
class Band:
    """Where one cluster's band sits: rows ``top`` to ``top + count`` (data units)."""

    cluster: int
    top: float
    count: int

    @property
    def centre(self) -> float:
        return self.top + self.count / 2.0


class SilhouettePlot(QWidget):
    """Classic silhouette plot: each sample's silhouette as a horizontal bar, grouped by
    cluster (cluster 0 at the top) and sorted within it, in the cluster's colour; the mean
    is a dashed line. Clicking a band emits :attr:`cluster_clicked`. Computes nothing:
    :class:`~digitgui.model.views.SilhouetteBands` (from the worker) holds each band's
    outline, drawn as one filled path per cluster; the paths are reused from one result
    to the next.

    Signals
    -------
    cluster_clicked(int) : the user clicked the band of this cluster.
    """

    cluster_clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("silhouettePlot")
        self.setAccessibleName("Silhouette plot: how well each sample fits its cluster")
        self.summary = QLabel()
        self.summary.setObjectName("silhouetteSummary")
        self.summary.setAccessibleName("Silhouette summary")
        self.summary.setWordWrap(True)
        self.plot = pg.PlotWidget()
        self.plot.setObjectName("silhouettePlotArea")
        self.plot.setAccessibleName("Silhouette bands, one per cluster")
        self.plot.setToolTip("Click a band to select its cluster")
        self.plot.setMenuEnabled(False)
        self.plot.hideButtons()
        self.plot.setMouseEnabled(x=False, y=True)
        self.plot.invertY(True)
        self.plot.setLabel("bottom", "silhouette coefficient")
        self.plot.setLabel("left", "cluster · majority digit")
        self.plot.scene().sigMouseClicked.connect(self._on_scene_clicked)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.summary)
        layout.addWidget(self.plot, 1)
        self.bands: list[Band] = []
        self._paths: list[QGraphicsPathItem] = []  # one per cluster, reused
        self._selected = -1
        # Lasting items, moved rather than recreated (selection happens inside a scene
        # mouse event, where adding and removing items is best avoided).
        self._highlight = pg.LinearRegionItem(
            orientation="horizontal",
            movable=False,
            brush=pg.mkBrush(0, 0, 0, 22),
            pen=pg.mkPen("#333", width=1),
        )
        self._highlight.setZValue(-10)
        self.mean_line = pg.InfiniteLine(
            angle=90,
            pen=pg.mkPen("#c0392b", width=2, style=Qt.PenStyle.DashLine),
            label="mean {value:.3f}",
            labelOpts={"position": 0.97, "color": "#c0392b", "fill": (255, 255, 255, 200)},
        )
        self._zero_line = pg.InfiniteLine(pos=0.0, angle=90, pen=pg.mkPen("#888"))
        for item in (self._highlight, self.mean_line, self._zero_line):
            self.plot.addItem(item)
        self._apply_colors()
        self.show_message("No clustering yet")

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        super().changeEvent(event)
        if is_palette_change(event):
            self._apply_colors()

    def _apply_colors(self) -> None:
        """Background, axes, the selection shade and the mean label in the palette's colours."""
        colors = plot_colors(self)
        style_plot_widget(self.plot, colors)
        self._highlight.setBrush(pg.mkBrush(with_alpha(colors.foreground, 28)))
        self._highlight.update()
        for line in self._highlight.lines:
            line.setPen(pg.mkPen(colors.muted, width=1))
        self.mean_line.label.fill = pg.mkBrush(with_alpha(colors.background, 200))
        self.mean_line.label.update()
        self._zero_line.setPen(pg.mkPen(colors.muted))

    @property
    def selected_cluster(self) -> int:
        return self._selected

    def show_message(self, text: str) -> None:
        """Clear the plot and say why (no fit yet, computing, failed)."""
        self._hide_bands(0)
        self._highlight.hide()
        self.mean_line.hide()
        self.summary.setText(text)

    def _hide_bands(self, keep: int) -> None:
        for path in self._paths[keep:]:
            path.hide()
        self.bands = self.bands[:keep]

    def _path(self, cluster: int) -> QGraphicsPathItem:
        while len(self._paths) <= cluster:
            path = QGraphicsPathItem()
            path.setPen(QPen(Qt.PenStyle.NoPen))
            self.plot.addItem(path)
            self._paths.append(path)
        return self._paths[cluster]

    def show_bands(self, bands: SilhouetteBands, cluster_digits: np.ndarray | None = None) -> None:
        """Show the silhouette ``bands`` (one per cluster); ``cluster_digits`` (k,) names
        each cluster's majority digit on the axis. Costs O(k) items here."""
        n_clusters = bands.n_clusters
        if cluster_digits is not None:
            n_clusters = max(n_clusters, len(cluster_digits))
        top, ticks, self.bands = 0.0, [], []
        for cluster in range(n_clusters):
            count = (
                int(bands.starts[cluster + 1] - bands.starts[cluster])
                if (cluster < bands.n_clusters)
                else 0
            )
            band = Band(cluster, top, count)
            self.bands.append(band)
            ticks.append((band.centre, _tick_text(cluster, cluster_digits)))
            path = self._path(cluster)
            if count:
                path.setPath(pg.arrayToQPath(*bands.outlines[cluster], connect="all"))
                path.setPos(0.0, top)
                path.show()
            else:
                path.hide()
            top += count + GAP
        for path in self._paths[n_clusters:]:
            path.hide()
        self.plot.getAxis("left").setTicks([ticks])
        self.mean_line.show()  # first: a hidden line's label ignores new values
        self.mean_line.setValue(bands.mean)
        self.mean_line.label.setFormat("mean {value:.3f}")
        low = min(-0.1, bands.low - 0.05) if bands.n_samples else -0.1
        self.plot.setXRange(low, 1.0, padding=0.02)
        self.plot.setYRange(0, max(top - GAP, 1), padding=0.01)
        text = (
            f"Mean silhouette {bands.mean:.3f} over {bands.n_samples:,} samples "
            f"in {n_clusters} clusters."
        )
        self.summary.setText(
            f"{text} {bands.note}".strip() + " Click a band to select its cluster."
        )
        self.set_selected_cluster(self._selected)

    def set_selected_cluster(self, cluster: int) -> None:
        """Highlight ``cluster``'s band and fade the others (-1: none selected)."""
        self._selected = cluster
        for other, path in enumerate(self._paths):
            colour = QColor(cluster_color(other))
            if cluster >= 0 and other != cluster:
                colour.setAlpha(FADED_ALPHA)
            path.setBrush(colour)
        band = next((b for b in self.bands if b.cluster == cluster), None)
        if band is None:
            self._highlight.hide()
            return
        self._highlight.setRegion((band.top - GAP / 3, band.top + band.count + GAP / 3))
        self._highlight.show()

    def band_point(self, cluster: int) -> QPointF:
        """A point (data coordinates) in the middle of ``cluster``'s band, for tests."""
        band = next(b for b in self.bands if b.cluster == cluster)
        return QPointF(0.0, band.centre)

    def cluster_at(self, y: float) -> int:
        """The cluster whose band (with half the gaps around it) contains row ``y``."""
        for band in self.bands:
            if band.top - GAP / 2 <= y < band.top + band.count + GAP / 2:
                return band.cluster
        return -1

    def _on_scene_clicked(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        view_box = self.plot.getViewBox()
        if not view_box.sceneBoundingRect().contains(event.scenePos()):
            return
        cluster = self.cluster_at(view_box.mapSceneToView(event.scenePos()).y())
        if cluster >= 0:
            event.accept()
            self.cluster_clicked.emit(cluster)


def _tick_text(cluster: int, cluster_digits: np.ndarray | None) -> str:
    if cluster_digits is None or cluster >= len(cluster_digits) or cluster_digits[cluster] < 0:
        return str(cluster)
    return f"{cluster} · {int(cluster_digits[cluster])}"
