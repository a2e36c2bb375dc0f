"""SilhouettePlot: per-sample silhouette values as one horizontal band per cluster."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from digitgui.widgets.palette import cluster_color

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
    is a dashed line. Clicking a band emits :attr:`cluster_clicked`. Computes nothing.

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
        self.plot = pg.PlotWidget(background="w")
        self.plot.setObjectName("silhouettePlotArea")
        self.plot.setAccessibleName("Silhouette bands, one per cluster")
        self.plot.setToolTip("Click a band to select its cluster")
        self.plot.setMenuEnabled(False)
        self.plot.hideButtons()
        self.plot.setMouseEnabled(x=False, y=True)
        self.plot.invertY(True)
        self.plot.setLabel("bottom", "silhouette coefficient")
        self.plot.setLabel("left", "cluster · majority digit")
        for name in ("left", "bottom"):
            axis = self.plot.getAxis(name)
            axis.setPen("k")
            axis.setTextPen("k")
        self.plot.scene().sigMouseClicked.connect(self._on_scene_clicked)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.summary)
        layout.addWidget(self.plot, 1)
        self.bands: list[Band] = []
        self._bars: dict[int, pg.BarGraphItem] = {}
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
        self.show_message("No clustering yet")

    @property
    def selected_cluster(self) -> int:
        return self._selected

    def show_message(self, text: str) -> None:
        """Clear the plot and say why (no fit yet, computing, failed)."""
        self._remove_bars()
        self._highlight.hide()
        self.mean_line.hide()
        self.summary.setText(text)

    def _remove_bars(self) -> None:
        for bars in self._bars.values():
            self.plot.removeItem(bars)
        self.bands, self._bars = [], {}

    def set_values(
        self,
        values: np.ndarray,
        labels: np.ndarray,
        cluster_digits: np.ndarray | None = None,
        note: str = "",
    ) -> None:
        """Show silhouette ``values`` (m,) of samples whose clusters are ``labels`` (m,).

        ``cluster_digits`` (k,) names each cluster's majority digit on the axis; ``note``
        is appended to the summary (e.g. that a subsample was used).
        """
        values = np.asarray(values, dtype=np.float64)
        labels = np.asarray(labels, dtype=np.int64)
        self._remove_bars()
        n_clusters = int(labels.max()) + 1 if len(labels) else 0
        if cluster_digits is not None:
            n_clusters = max(n_clusters, len(cluster_digits))
        top, ticks = 0.0, []
        for cluster in range(n_clusters):
            members = np.sort(values[labels == cluster])[::-1]  # widest bar on top
            band = Band(cluster, top, len(members))
            self.bands.append(band)
            ticks.append((band.centre, _tick_text(cluster, cluster_digits)))
            if len(members):
                bars = pg.BarGraphItem(
                    x0=np.minimum(members, 0.0),
                    width=np.abs(members),
                    y0=top + np.arange(len(members)),
                    height=1.0,
                    pen=None,
                    brush=cluster_color(cluster),
                )
                self.plot.addItem(bars)
                self._bars[cluster] = bars
            top += len(members) + GAP
        self.plot.getAxis("left").setTicks([ticks])
        mean = float(values.mean()) if len(values) else 0.0
        self.mean_line.show()  # first: a hidden line's label ignores new values
        self.mean_line.setValue(mean)
        self.mean_line.label.setFormat("mean {value:.3f}")
        low = min(-0.1, float(values.min()) - 0.05) if len(values) else -0.1
        self.plot.setXRange(low, 1.0, padding=0.02)
        self.plot.setYRange(0, max(top - GAP, 1), padding=0.01)
        text = f"Mean silhouette {mean:.3f} over {len(values):,} samples in {n_clusters} clusters."
        self.summary.setText(f"{text} {note}".strip() + " Click a band to select its cluster.")
        self.set_selected_cluster(self._selected)

    def set_selected_cluster(self, cluster: int) -> None:
        """Highlight ``cluster``'s band and fade the others (-1: none selected)."""
        self._selected = cluster
        for other, bars in self._bars.items():
            colour = QColor(cluster_color(other))
            if cluster >= 0 and other != cluster:
                colour.setAlpha(FADED_ALPHA)
            bars.setOpts(brush=colour)
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
