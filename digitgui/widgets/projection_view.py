"""ProjectionView: a 2-D map of every sample, coloured by cluster or by true digit."""

from __future__ import annotations

from typing import TypeVar

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QPoint, Signal
from PySide6.QtGui import QBrush, QColor, QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from digitgui.model.projection import METHODS
from digitgui.model.views import ClusterViews, group_by
from digitgui.widgets.decision_regions import DecisionRegionsLayer
from digitgui.widgets.flow_layout import FlowLayout, together
from digitgui.widgets.palette import (
    cluster_color,
    is_palette_change,
    plot_colors,
    style_plot_widget,
    with_alpha,
)
from digitgui.widgets.point_cloud import PointCloud, sync_legend
from digitgui.widgets.projection_colours import colour_groups, is_plain, legend_names
from digitgui.widgets.scatter_picker import ScatterPicker
from digitgui.widgets.tsne_settings import TsneSettingsBox

COLOUR_MODES = ("Cluster", "True digit")
POINT_SIZE = 6
DIMMED_OPACITY = 0.25  # of the other points while a cluster is selected
_EMPTY = np.empty((0, 2))
WidgetT = TypeVar("WidgetT", bound=QWidget)


class ProjectionView(QWidget):
    """Scatter plot of a projection with hover previews and click-to-select (its
    :class:`ScatterPicker`), the cluster centres and the current drawing. Renders what the
    presenter gives it: the points come grouped by colour from
    :class:`~digitgui.model.views.ClusterViews` (computed in the worker), so a new
    clustering or colour mode re-sorts no labels here; what grows with the data is a copy
    of the coordinates for the painter and a nearest-point search in screen space on
    hover (throttled). The legend is updated in place.

    Signals
    -------
    method_changed(str) : the user picked another method in the combo box.
    compute_requested(str) : the user asked to compute the picked method.
    cancel_requested() : the user pressed Cancel.
    sample_clicked(int) : the user clicked the point of this sample index.
    """

    method_changed = Signal(str)
    compute_requested = Signal(str)
    cancel_requested = Signal()
    sample_clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("projectionView")
        self.setAccessibleName("Projection of the samples onto two dimensions")
        self.method_combo = _named(QComboBox(), "projectionMethod", "Projection method")
        self.method_combo.addItems(METHODS)
        self.compute_button = _named(
            QPushButton("Compute"), "projectionComputeButton", "Compute the projection"
        )
        self.progress = _named(QProgressBar(), "projectionProgress", "Projection progress")
        self.cancel_button = _named(
            QPushButton("Cancel"), "projectionCancelButton", "Cancel the projection"
        )
        self.colour_combo = _named(QComboBox(), "projectionColour", "Colour points by")
        self.colour_combo.addItems(COLOUR_MODES)
        self.status = _named(QLabel(wordWrap=True), "projectionStatus", "Projection status")
        self.placement_label = _named(
            QLabel(wordWrap=True), "projectionPlacement", "Where new points can go"
        )
        self.placement_label.setStyleSheet("color: #a04000")
        self.plot = _named(
            pg.PlotWidget(),
            "projectionPlot",
            "Scatter plot: hover for the image, click to select",
        )
        self.plot.setMenuEnabled(False)
        # Drawn bottom to top: every point, the selected cluster, hover ring, selection
        # ring, cluster centres, the drawing.
        self.scatter = self._cloud(PointCloud(POINT_SIZE))
        self.highlight_points = self._cloud(PointCloud(POINT_SIZE + 1, QColor(0, 0, 0, 110)))
        self.hover_marker = self._layer(size=12, pen=pg.mkPen("#222", width=1.5), brush=None)
        self.selection_marker = self._layer(size=14, pen=pg.mkPen("k", width=2.5), brush=None)
        self.centroid_markers = self._layer(size=18, symbol="d", pen=pg.mkPen("k", width=2))
        self.drawing_marker = self._layer(
            size=26, symbol="star", pen=pg.mkPen("k", width=1.5), brush=pg.mkBrush("#ffd700")
        )
        self.legend_toggle = _named(QCheckBox("Legend"), "projectionLegendToggle", "Legend")
        self.legend_toggle.setChecked(True)
        self.legend_toggle.setToolTip(
            "Show which colour is which cluster (number · its majority digit) or digit.\n"
            "Drag the legend to move it off the points."
        )
        self.legend = pg.LegendItem(offset=(-8, 8))
        self.legend.setParentItem(self.plot.getPlotItem().getViewBox())
        self.picker = ScatterPicker(self.plot, self.hover_marker)  # hover card, clicks
        self.hover_card = self.picker.card
        self.regions = DecisionRegionsLayer(self.plot)  # PCA only; filled by its presenter
        self.tsne_settings = TsneSettingsBox()

        self.progress.setFixedWidth(220)
        # Both rows flow onto more lines in a narrow tab rather than cut their controls.
        header = FlowLayout()
        header.add_widget(together(QLabel("Method:"), self.method_combo))
        widget: QWidget
        for widget in (self.compute_button, self.progress, self.cancel_button):
            header.add_widget(widget)
        header.add_stretch()
        header.add_widget(together(QLabel("Colour by:"), self.colour_combo))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(header)
        options = FlowLayout()  # method options: t-SNE settings, PCA decision regions
        for widget in (self.legend_toggle, self.tsne_settings, self.regions.toggle):
            options.add_widget(widget)
        layout.addLayout(options)
        layout.addWidget(self.status)
        layout.addWidget(self.placement_label)
        layout.addWidget(self.plot, 1)

        self._images: np.ndarray | None = None
        self._target: np.ndarray | None = None
        self._views: ClusterViews | None = None
        self._coords = np.empty((0, 2))
        self._indices = np.empty(0, dtype=np.int64)  # sample index of each plotted row
        self._all_samples = True  # row i is sample i
        self._grouping: tuple[np.ndarray, np.ndarray] | None = None  # (rows, starts) by colour
        self._centroids: np.ndarray | None = None
        self._default_brush = QBrush(QColor("#4e79a7"))
        self._selected_cluster = -1
        self._selected_sample = -1
        self.shown_method: str | None = None
        self._busy = False
        self.method_combo.currentTextChanged.connect(self._on_method_combo_changed)
        self.compute_button.clicked.connect(self._on_compute_button_clicked)
        self.cancel_button.clicked.connect(self.cancel_requested)
        self.colour_combo.currentTextChanged.connect(self._recolour)
        self.legend_toggle.toggled.connect(self._update_legend)
        self.picker.row_hovered.connect(self._on_picker_row_hovered)
        self.picker.row_clicked.connect(self._on_picker_row_clicked)
        self.set_busy(False)
        self._apply_colors()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        super().changeEvent(event)
        if is_palette_change(event):
            self._apply_colors()

    def _apply_colors(self) -> None:
        """Plot, axes, legend and the hover and selection rings in the palette's colours."""
        colors = plot_colors(self)
        style_plot_widget(self.plot, colors)
        self.legend.setBrush(pg.mkBrush(with_alpha(colors.background, 210)))
        self.legend.setLabelTextColor(colors.foreground)
        for _, label in self.legend.items:
            label.setText(label.text)  # the new colour shows once the text is set again
        self.hover_marker.setPen(pg.mkPen(colors.foreground, width=1.5))
        self.selection_marker.setPen(pg.mkPen(colors.foreground, width=2.5))
        self.hover_card.apply_colors(colors)

    def _cloud(self, item: PointCloud) -> PointCloud:
        item.setZValue(len(self.plot.getPlotItem().items))
        self.plot.addItem(item)
        return item

    def _layer(self, **opts) -> pg.ScatterPlotItem:
        item = pg.ScatterPlotItem(pxMode=True, **opts)
        item.setZValue(len(self.plot.getPlotItem().items))
        self.plot.addItem(item)
        return item

    @property
    def method(self) -> str:
        return self.method_combo.currentText()

    def set_dataset(self, images: np.ndarray | None, target: np.ndarray | None) -> None:
        """New samples: hover pictures (n, h, w) and true digits (n,); clears the plot."""
        self._images, self._target, self._views = images, target, None
        model = self.colour_combo.model()
        assert isinstance(model, QStandardItemModel)  # a QComboBox's own model
        item = model.item(1)
        if item is not None:
            item.setEnabled(target is not None)
        if target is None:
            self.colour_combo.setCurrentIndex(0)
        self.show_projection(np.empty((0, 2)), None, None, "")

    def show_projection(
        self, coords: np.ndarray, sample_indices: np.ndarray | None, method: str | None, text: str
    ) -> None:
        """Plot ``coords`` (m, 2); row i is sample ``sample_indices[i]`` (or i when None)."""
        self._coords = np.asarray(coords, dtype=np.float64)
        m = len(self._coords)
        self._all_samples = sample_indices is None
        self._indices = np.arange(m) if sample_indices is None else np.asarray(sample_indices)
        self.shown_method = method
        self.status.setText(text)
        self._recolour()
        self.set_centroids(None)
        self.set_drawing(None)
        self.set_selected_sample(self._selected_sample)
        self._update_compute_button()
        self.picker.set_coords(self._coords)
        if m:
            self.plot.getPlotItem().getViewBox().autoRange(padding=0.04, items=[self.scatter])

    def plotted_samples(self) -> np.ndarray:
        """Sample index of every plotted row."""
        return self._indices.copy()

    def plotted_coords(self) -> np.ndarray:
        """Coordinates of every plotted row."""
        return self._coords.copy()

    def show_status(self, text: str) -> None:
        self.status.setText(text)

    def set_clusters(self, views: ClusterViews | None) -> None:
        """The clustering to colour by (samples grouped by cluster and by digit), or None."""
        self._views = views
        self._recolour()

    def set_centroids(self, coords: np.ndarray | None) -> None:
        """Cluster centres in map coordinates (k, 2), or None to hide them."""
        self._centroids = None if coords is None else np.asarray(coords, dtype=np.float64)
        if self._centroids is None:
            self.centroid_markers.setData(pos=_EMPTY)
            return
        by_digit = self.colour_combo.currentText() == "True digit"
        count = len(self._centroids)
        brushes = [pg.mkBrush("w" if by_digit else cluster_color(i)) for i in range(count)]
        self.centroid_markers.setData(pos=self._centroids, brush=brushes)

    def set_drawing(self, point: np.ndarray | None) -> None:
        """Where the drawing lands (2,), or None to hide the star."""
        self.drawing_marker.setData(pos=_EMPTY if point is None else _pos_of(point))

    def set_placement_note(self, text: str) -> None:
        """Say why centres and the drawing are missing ("" when they can be shown)."""
        self.placement_label.setText(text)
        self.placement_label.setVisible(bool(text))

    def set_selected_sample(self, index: int) -> None:
        self._selected_sample = index
        if index < 0:
            rows: np.ndarray | list = []
        elif self._all_samples:
            rows = [index] if index < len(self._coords) else []
        else:
            rows = np.flatnonzero(self._indices == index)
        self.selection_marker.setData(
            pos=_EMPTY if len(rows) == 0 else _pos_of(self._coords[rows[0]])
        )

    def set_selected_cluster(self, cluster: int) -> None:
        """Draw ``cluster``'s points on top at full colour, dim the rest (-1: none)."""
        self._selected_cluster = cluster
        self._update_highlight()

    def set_busy(self, busy: bool, method: str = "") -> None:
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy)
        self.progress.setRange(0, 0)  # busy indicator until the first progress report
        self.progress.setFormat(f"{method} %p%")
        self._busy = busy
        self._update_compute_button()

    def set_progress(self, done: int, total: int) -> None:
        if total > 1:
            self.progress.setRange(0, total)
            self.progress.setValue(done)

    def point_colours(self) -> list[str]:
        """The colour name of every plotted row, in row order (for tests)."""
        names = np.empty(len(self._coords), dtype=object)
        rows, starts = self._colour_groups()
        for group, (a, b) in enumerate(zip(starts[:-1], starts[1:], strict=True)):
            names[rows[a:b]] = self._colours(len(starts) - 1)[group].name()
        return list(names)

    def _by_digit(self) -> bool:
        return self.colour_combo.currentText() == "True digit"

    def _colours(self, count: int) -> list[QColor]:
        if count == 1 and self._plain():
            return [self._default_brush.color()]
        return [cluster_color(c) for c in range(count)]

    def _plain(self) -> bool:
        return is_plain(self._views, self._by_digit())

    def _colour_groups(self) -> tuple[np.ndarray, np.ndarray]:
        """Plotted rows grouped by colour class: (rows, starts), cached until a recolour."""
        if self._grouping is None:
            self._grouping = colour_groups(
                self._views, self._indices, self._all_samples, self._by_digit()
            )
        return self._grouping

    def _update_highlight(self) -> None:
        # O(size of the cluster): the other points only change opacity, not colours.
        cluster, views = self._selected_cluster, self._views
        if cluster < 0 or views is None or cluster >= views.n_clusters or not len(self._coords):
            self.highlight_points.clear()
            self.scatter.setOpacity(1.0)
            return
        if self._all_samples and len(self._coords) == views.n_samples:
            rows = views.members(cluster)
        else:
            rows = np.flatnonzero(views.labels[self._indices] == cluster)
        target = views.target
        if self._by_digit() and views.digit_starts is not None and target is not None:
            digits = len(views.digit_starts) - 1
            order, starts = group_by(target[self._indices[rows]], digits)
            rows, colours = rows[order], self._colours(digits)
        else:
            starts, colours = np.array([0, len(rows)]), [cluster_color(cluster)]
        self.highlight_points.set_groups(self._coords[rows], starts, colours)
        self.scatter.setOpacity(DIMMED_OPACITY)

    def _recolour(self) -> None:
        self._grouping = None
        rows, starts = self._colour_groups()
        self.scatter.set_groups(self._coords[rows], starts, self._colours(len(starts) - 1))
        self._update_highlight()
        self.set_centroids(self._centroids)
        self._update_legend()

    def _update_legend(self) -> None:
        shown = len(self._coords) and self.legend_toggle.isChecked()
        names = legend_names(self._views, self._by_digit()) if shown else []
        sync_legend(self.legend, names)

    def _update_compute_button(self) -> None:
        shown = self.method == self.shown_method
        self.compute_button.setEnabled(not self._busy and not shown)

    def _on_method_combo_changed(self, method: str) -> None:
        self._update_compute_button()
        self.method_changed.emit(method)

    def _on_compute_button_clicked(self) -> None:
        self.compute_requested.emit(self.method)

    def _on_picker_row_hovered(self, row: int, at: QPoint) -> None:
        index = int(self._indices[row])
        parts = [f"sample {index}"]
        if self._target is not None:
            parts.append(f"digit {int(self._target[index])}")
        if self._views is not None:
            parts.append(f"cluster {int(self._views.labels[index])}")
        picture = None if self._images is None else self._images[index]
        self.hover_card.show_sample(parts, picture, at)

    def _on_picker_row_clicked(self, row: int) -> None:
        self.sample_clicked.emit(int(self._indices[row]))


def _pos_of(point: np.ndarray) -> np.ndarray:
    return np.asarray(point, dtype=np.float64).reshape(1, 2)


def _named(widget: WidgetT, name: str, accessible: str) -> WidgetT:
    widget.setObjectName(name)
    widget.setAccessibleName(accessible)
    return widget
