"""MetricsPanel: the scores, cluster sizes and cluster × digit table of one clustering."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QSplitter, QStackedLayout, QTabWidget, QVBoxLayout, QWidget

from digitgui.model.clustering import Clustering
from digitgui.widgets.cluster_size_chart import ClusterSizeChart
from digitgui.widgets.contingency_heatmap import ContingencyHeatmap
from digitgui.widgets.metrics_table import MetricsTable

FITTING_TEXT = "Fitting…"


class MetricsPanel(QWidget):
    """How good one clustering is: a metrics table above tabs with the sizes and the heatmap.

    While no clustering is shown (a fit is running) a "Fitting…" placeholder stands in.

    Attributes
    ----------
    table : MetricsTable
    sizes : ClusterSizeChart
    heatmap : ContingencyHeatmap

    Signals
    -------
    cluster_clicked(int) : the user picked a cluster in the size chart or the heatmap.
    """

    cluster_clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("metricsPanel")
        self.setAccessibleName("Clustering metrics")

        self.summary = QLabel(self)
        self.summary.setObjectName("metricsSummary")
        self.summary.setWordWrap(True)
        self.table = MetricsTable(self)
        self.sizes = ClusterSizeChart(self)
        self.heatmap = ContingencyHeatmap(self)
        self.sizes.cluster_clicked.connect(self.cluster_clicked)
        self.heatmap.cluster_clicked.connect(self.cluster_clicked)

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("metricsTabs")
        self.tabs.addTab(self.sizes, "Cluster sizes")
        self.tabs.addTab(self.heatmap, "Clusters × digits")
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.table)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(0, 0)  # the table keeps its height; the plots take the rest
        splitter.setStretchFactor(1, 1)

        content = QWidget(self)
        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(0, 0, 0, 0)
        content_layout.addWidget(self.summary)
        content_layout.addWidget(splitter, 1)
        self._content = content
        self.placeholder = QLabel(FITTING_TEXT, self)
        self.placeholder.setObjectName("metricsPlaceholder")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._stack = QStackedLayout()
        self._stack.addWidget(self.placeholder)
        self._stack.addWidget(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._stack)

    def set_clustering(self, clustering: Clustering | None) -> None:
        """Show ``clustering`` in every child; None clears them and shows "Fitting…"."""
        self.table.set_clustering(clustering)
        self.sizes.set_clustering(clustering)
        self.heatmap.set_clustering(clustering)
        if clustering is None:
            self.summary.clear()
            self._stack.setCurrentWidget(self.placeholder)
            return
        self.summary.setText(self._summary_text(clustering))
        self._stack.setCurrentWidget(self._content)

    def set_selected(self, cluster: int) -> None:
        """Mark ``cluster`` (-1: none) in the size chart and the heatmap. Emits nothing."""
        self.sizes.set_selected(cluster)
        self.heatmap.set_selected(cluster)

    def is_fitting_shown(self) -> bool:
        """True while the "Fitting…" placeholder stands in for the results."""
        return self._stack.currentWidget() is self.placeholder

    @staticmethod
    def _summary_text(clustering: Clustering) -> str:
        result = clustering.result
        iterations = "iteration" if result.n_iter == 1 else "iterations"
        # Another algorithm's clusters: its name, no KMeans iterations.
        made_by = clustering.method.split("(", 1)[0] or f"{result.n_iter} {iterations}"
        return (
            f"{result.n_clusters} clusters of {clustering.dataset.n_samples:,} samples · "
            f"{made_by} · {result.seconds:.2f} s"
        )
