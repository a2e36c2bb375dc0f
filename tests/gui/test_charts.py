"""Charts stay readable from k=2 to 50, follow a dark palette, and digit pixmaps are HiDPI."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPalette
from PySide6.QtTest import QSignalSpy

from digitgui.model import KMeansConfig
from digitgui.model.clustering import cluster_dataset
from digitgui.model.stability import seed_stability
from digitgui.model.sweep import SweepRow
from digitgui.model.views import silhouette_bands
from digitgui.widgets.category_axis import SMALL_FONT_MIN_POINTS
from digitgui.widgets.cluster_size_chart import ClusterSizeChart
from digitgui.widgets.contingency_heatmap import ContingencyHeatmap
from digitgui.widgets.digit_image import digit_pixmap
from digitgui.widgets.distance_chart import DistanceChart
from digitgui.widgets.k_sweep_view import KSweepView
from digitgui.widgets.metrics_table import MetricsTable, short_range
from digitgui.widgets.projection_view import ProjectionView
from digitgui.widgets.silhouette_plot import SilhouettePlot
from digitgui.widgets.stability_view import StabilityView

DARK_BASE, DARK_TEXT = QColor("#1e1e1e"), QColor("#e6e6e6")


@pytest.fixture(scope="module")
def clusterings(digits):
    return {k: cluster_dataset(digits, KMeansConfig(n_clusters=k)) for k in (2, 10, 50)}


def _show(qtbot, widget, width, height):
    qtbot.addWidget(widget)
    widget.resize(width, height)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def dark_palette() -> QPalette:
    palette = QPalette()
    for role, colour in (
        (QPalette.ColorRole.Window, "#2b2b2b"),
        (QPalette.ColorRole.WindowText, "#e6e6e6"),
        (QPalette.ColorRole.Base, DARK_BASE.name()),
        (QPalette.ColorRole.Text, DARK_TEXT.name()),
        (QPalette.ColorRole.Button, "#353535"),
        (QPalette.ColorRole.ButtonText, "#e6e6e6"),
    ):
        palette.setColor(role, QColor(colour))
    return palette


def _assert_labels_fit(axis, labels):
    """The labels drawn would not overlap: their widths fit the axis, a gap each."""
    metrics = QFontMetrics(axis.style.get("tickFont") or axis.font())
    spacing = axis.geometry().width() / len(axis.labels())
    shown = [
        int(round(v))
        for v in axis.tickValues(*axis.linkedView().viewRange()[0], axis.geometry().width())[0][1]
    ]
    gaps = np.diff(shown) * spacing
    widest = max(metrics.horizontalAdvance(text) for text in labels)
    assert gaps.size == 0 or gaps.min() > widest


# ----------------------------------------------------------------------- tick labels
@pytest.mark.parametrize("width", [420, 700])
def test_size_chart_thins_its_cluster_labels_at_k50(qtbot, clusterings, width):
    chart = _show(qtbot, ClusterSizeChart(), width, 260)
    chart.set_clustering(clusterings[50])
    shown = chart.axis.shown_labels()
    assert 2 <= len(shown) < 50
    assert shown[0] == f"0 ({clusterings[50].evaluation.cluster_digits[0]})"
    _assert_labels_fit(chart.axis, shown)
    assert not chart.value_labels_shown()  # 50 numbers cannot stand over 8-pixel bars


def test_size_chart_labels_every_cluster_and_size_when_there_is_room(qtbot, clusterings):
    chart = _show(qtbot, ClusterSizeChart(), 700, 260)
    for k in (2, 10):
        chart.set_clustering(clusterings[k])
        assert len(chart.axis.shown_labels()) == k
        assert chart.value_labels_shown()


@pytest.mark.parametrize("width", [286, 250])
def test_size_chart_labels_all_ten_clusters_in_the_metrics_dock(qtbot, clusterings, width):
    # 286 px: the chart in the 290 px metrics dock at 1024×768 and 1366×768, where one
    # line per label ("3 (2)") only fits every 2nd cluster; narrower, the font shrinks.
    chart = _show(qtbot, ClusterSizeChart(), width, 200)
    chart.set_clustering(clusterings[10])
    axis = chart.axis
    qtbot.waitUntil(lambda: bool(axis.drawn_labels()), timeout=5000)
    drawn = axis.drawn_labels()
    assert [text.replace("\n", " ") for _, text in drawn] == axis.labels()
    assert all("\n" in text for _, text in drawn)  # "3" over "(2)"
    lefts = [rect.left() for rect, _ in drawn]
    rights = [rect.right() for rect, _ in drawn]
    assert all(right < left for right, left in zip(rights, lefts[1:], strict=False))
    size = axis.shown_layout().font.pointSizeF()
    assert SMALL_FONT_MIN_POINTS <= size <= axis.font().pointSizeF()


@pytest.mark.parametrize(("k", "width"), [(25, 286), (50, 420), (50, 286)])
def test_thinned_size_labels_draw_the_first_cluster_inside_the_axis(
    qtbot, digits, clusterings, k, width
):
    # The first label, centred under bar 0, sticks out past the axis' left end: pyqtgraph
    # left it out; it is drawn, moved right to start at the axis' end.
    clustering = clusterings.get(k) or cluster_dataset(digits, KMeansConfig(n_clusters=k))
    chart = _show(qtbot, ClusterSizeChart(), width, 200)
    chart.set_clustering(clustering)
    axis = chart.axis
    qtbot.waitUntil(lambda: bool(axis.drawn_labels()), timeout=5000)
    drawn = axis.drawn_labels()
    assert 2 <= len(drawn) < k  # thinned
    first, text = drawn[0]
    assert text.replace("\n", " ") == f"0 ({clustering.evaluation.cluster_digits[0]})"
    length = axis.geometry().width()
    assert all(0 <= rect.left() and rect.right() <= length for rect, _ in drawn)
    centre = length * 0.6 / (k + 0.2)  # bar 0 in the range -0.6 … k - 0.4
    assert first.left() == 0 and first.center().x() > centre  # moved in, not cut
    lefts = [rect.left() for rect, _ in drawn]
    rights = [rect.right() for rect, _ in drawn]
    assert all(right < left for right, left in zip(rights, lefts[1:], strict=False))


def test_size_chart_updates_its_bars_and_labels_in_place(qtbot, clusterings):
    chart = _show(qtbot, ClusterSizeChart(), 700, 260)
    chart.set_clustering(clusterings[10])
    bars, first = chart._bars, chart._labels[0]
    for k in (50, 2, 10):  # more clusters, fewer, then back
        chart.set_clustering(clusterings[k])
        sizes = clusterings[k].evaluation.cluster_sizes
        np.testing.assert_array_equal(chart.bar_heights(), sizes)
        assert [label.toPlainText() for label in chart._labels] == [str(n) for n in sizes]
        assert [label.pos().y() for label in chart._labels] == list(map(float, sizes))
        assert chart._bars is bars and chart._labels[0] is first  # reused, not rebuilt
    chart.set_selected(3)
    chart.set_clustering(clusterings[2])  # a new clustering starts unselected
    assert chart._selected == -1
    chart.set_clustering(None)  # new data: nothing drawn, the items kept for later
    assert chart.bar_heights().size == 0 and not chart.value_labels_shown()
    assert not chart._bars.isVisible()
    chart.resize(500, 260)  # resizing and restyling with nothing to draw
    chart.setPalette(dark_palette())
    chart.set_selected(1)
    chart.set_clustering(clusterings[10])
    assert chart._bars is bars and chart._bars.isVisible() and chart.value_labels_shown()
    np.testing.assert_array_equal(chart.bar_heights(), clusterings[10].evaluation.cluster_sizes)


def test_legend_rows_are_kept_while_there_is_nothing_to_list(qtbot):
    import pyqtgraph as pg

    from digitgui.widgets.point_cloud import sync_legend

    legend = pg.LegendItem()
    sync_legend(legend, [f"cluster {c}" for c in range(10)])
    first = legend.items[0][1]
    sync_legend(legend, [])  # new data, no clustering yet: hidden, not emptied
    assert not legend.isVisible() and len(legend.items) == 10
    sync_legend(legend, ["cluster 0 · 7", "cluster 1 · 3", "cluster 2 · 1"])
    assert legend.isVisible() and legend.items[0][1] is first
    assert [label.text for _, label in legend.items] == [
        "cluster 0 · 7",
        "cluster 1 · 3",
        "cluster 2 · 1",
    ]


def test_distance_chart_thins_its_labels_at_k50(qtbot, clusterings, digits):
    chart = _show(qtbot, DistanceChart(), 340, 160)
    result = clusterings[50].result
    chart.set_distances(result.distances(digits.data[:1])[0], int(result.labels[0]))
    shown = chart.axis.shown_labels()
    assert 2 <= len(shown) <= 12 and shown[:2] == ["0", str(int(shown[1]))]
    _assert_labels_fit(chart.axis, shown)
    chart.set_distances(np.zeros(0), -1)
    assert not chart.isVisible()


# ----------------------------------------------------------------------- heatmap
def test_heatmap_at_k50_has_ten_columns_wide_enough_for_three_digits(qtbot, clusterings):
    heatmap = _show(qtbot, ContingencyHeatmap(), 300, 300)
    heatmap.set_clustering(clusterings[50])
    counts = clusterings[50].evaluation.contingency
    assert heatmap.model.columnCount() == 10
    np.testing.assert_array_equal(heatmap.shown_counts(), counts)
    bold = QFont(heatmap.table.font())
    bold.setBold(True)
    needed = QFontMetrics(bold).horizontalAdvance("888")
    header = heatmap.table.horizontalHeader()
    assert all(header.sectionSize(c) > needed for c in range(10))
    # Too narrow for ten such columns: it scrolls sideways to the last one instead.
    bar = heatmap.table.horizontalScrollBar()
    assert bar.maximum() > 0
    bar.setValue(bar.maximum())
    last = heatmap.cell_rect(0, 9)
    assert heatmap.table.viewport().rect().contains(last)


def test_heatmap_updates_its_cells_in_place(qtbot, digits, clusterings):
    heatmap = _show(qtbot, ContingencyHeatmap(), 500, 400)
    heatmap.set_clustering(clusterings[50])
    other = cluster_dataset(digits, KMeansConfig(n_clusters=50, random_state=1))
    resets, changes = QSignalSpy(heatmap.model.modelReset), QSignalSpy(heatmap.model.dataChanged)
    heatmap.set_clustering(other)
    assert resets.count() == 0 and changes.count() == 1
    np.testing.assert_array_equal(heatmap.shown_counts(), other.evaluation.contingency)
    heatmap.set_clustering(clusterings[10])  # fewer clusters: rows removed, not rebuilt
    assert resets.count() == 0 and heatmap.model.rowCount() == 10
    np.testing.assert_array_equal(heatmap.shown_counts(), clusterings[10].evaluation.contingency)


# ----------------------------------------------------------------------- metrics table
def test_metrics_range_column_is_short_and_unclipped(qtbot, clusterings):
    table = _show(qtbot, MetricsTable(), 360, 340)
    table.set_clustering(clusterings[10])
    assert short_range("0 to ∞ (0 is best)") == "0 … ∞"
    assert short_range("about 0 to 1 (0 = chance)") == "≈0 … 1"
    item = table._rows["adjusted_rand"]
    assert item.text(2) == "↑ -0.5 … 1"
    assert "(0 = chance)" in item.toolTip(2)
    metrics = table.fontMetrics()
    widest = max(metrics.horizontalAdvance(row.text(2)) for row in table._rows.values())
    assert table.columnWidth(2) >= widest
    assert table.columnViewportPosition(2) + table.columnWidth(2) <= table.viewport().width()


# ----------------------------------------------------------------------- Choosing k
def test_k_sweep_grid_reflows_instead_of_cutting_plots(qtbot):
    view = _show(qtbot, KSweepView(), 1100, 600)
    for k in range(2, 9):
        view.add_row(SweepRow(k, 1e6 / k, 0.1 + k / 100, 100.0 + k, 2.0 - k / 10, 0.1, 5))
    assert view.columns() == 3
    seen = []
    for width in (1100, 640, 500):
        view.resize(width, 600)
        qtbot.waitUntil(lambda w=width: view.width() == w, timeout=2000)
        seen.append(view.columns())
        graphics = view._graphics
        for plot in view._plots.values():
            right = graphics.mapFromScene(plot.sceneBoundingRect()).boundingRect().right()
            assert right <= graphics.viewport().width() + 1
    assert seen[0] == 3 and seen[-1] < 3 and seen == sorted(seen, reverse=True)


def test_cancelled_sweep_bar_counts_the_k_values_shown(qtbot):
    view = _show(qtbot, KSweepView(), 900, 600)
    view.set_progress(0, 49)
    for k in range(2, 18):  # 16 rows arrive; the 17th finished after Cancel and is dropped
        view.add_row(SweepRow(k, 1e6 / k, 0.1, 100.0, 2.0, 0.1, 5))
    view.set_progress(17, 49)
    assert view.progress_bar.value() == 16 == len(view.rows)


# ----------------------------------------------------------------------- dark palette
def test_plots_follow_a_dark_palette(qtbot, clusterings, digits):
    sizes = _show(qtbot, ClusterSizeChart(), 500, 260)
    sizes.set_clustering(clusterings[10])
    distances = _show(qtbot, DistanceChart(), 300, 160)
    distances.set_distances(clusterings[10].result.distances(digits.data[:1])[0], 0)
    heatmap = _show(qtbot, ContingencyHeatmap(), 400, 300)
    heatmap.set_clustering(clusterings[10])
    for widget in (sizes, distances, heatmap):
        widget.setPalette(dark_palette())
    for canvas in (sizes.canvas, distances):
        assert canvas.backgroundBrush().color() == DARK_BASE
        axis = canvas.getPlotItem().getAxis("left")
        assert axis.textPen().color() == DARK_TEXT
    zero = np.argwhere(clusterings[10].evaluation.contingency == 0)[0]
    cell = heatmap.model.index(int(zero[0]), int(zero[1]))
    assert cell.data(Qt.ItemDataRole.BackgroundRole).lightnessF() < 0.3  # no white boxes


def test_silhouette_and_projection_plots_follow_a_dark_palette(qtbot, clusterings, digits):
    silhouette = _show(qtbot, SilhouettePlot(), 400, 300)
    labels = clusterings[10].result.labels
    silhouette.show_bands(silhouette_bands(np.linspace(-0.2, 0.9, len(labels)), labels, 10))
    projection = _show(qtbot, ProjectionView(), 500, 400)
    projection.set_dataset(digits.images, digits.target)
    projection.show_projection(digits.data[:, 20:22], None, "PCA", "")
    projection.set_clusters(clusterings[10].views)
    light = QPalette(projection.palette())
    for widget in (silhouette, projection):
        widget.setPalette(dark_palette())
    for canvas in (silhouette.plot, projection.plot):
        assert canvas.backgroundBrush().color() == DARK_BASE
        assert canvas.getPlotItem().getAxis("bottom").textPen().color() == DARK_TEXT
    assert projection.legend.opts["labelTextColor"] == DARK_TEXT
    assert projection.selection_marker.opts["pen"].color() == DARK_TEXT
    card = projection.hover_card.grab().toImage()
    assert card.pixelColor(card.width() // 2, 2).lightnessF() < 0.3  # no white card
    projection.setPalette(light)
    assert projection.plot.backgroundBrush().color() == light.color(QPalette.ColorRole.Base)


def test_stability_plots_follow_the_palette_and_bars_start_at_zero(qtbot, digits):
    view = _show(qtbot, StabilityView(), 900, 480)
    view.setPalette(dark_palette())
    report = seed_stability(digits.data[:400], KMeansConfig(n_clusters=5), seeds=range(4))
    view.set_report(report)
    assert view.graphics.backgroundBrush().color() == DARK_BASE
    bars = view.bar_plot
    assert bars.vb.viewRange()[1][0] == 0.0
    assert pg.mkColor(bars.titleLabel.opts["color"]) == DARK_TEXT
    assert bars.getAxis("left").textPen().color() == DARK_TEXT
    assert view.color_bar.axis.textPen().color() == DARK_TEXT


@pytest.fixture(scope="module")
def ten_seeds(digits):
    return seed_stability(digits.data[:300], KMeansConfig(n_clusters=5), seeds=range(10))


def _cell_pixels(view) -> float:
    """The width of one cell of the ARI matrix on screen."""
    return view.heat_plot.vb.width() / len(view.report.seeds)


def _painted_texts(view) -> bool:
    """Paint the plots; True when the ARI was written in the cells."""
    view.graphics.grab()
    return view.cell_texts.painted_pixels() > 0


def _widest_text_pixels(view) -> float:
    """How wide the widest ARI written in a cell is drawn, 0 when none is."""
    pixels = view.cell_texts.painted_pixels()
    if pixels <= 0:
        return 0.0
    font = view.cell_texts.text_font()
    font.setPixelSize(round(pixels))
    metrics = QFontMetrics(font)
    return max(metrics.horizontalAdvance(t) for row in view.cell_texts.texts() for t in row)


@pytest.mark.parametrize(("width", "stacked"), [(380, True), (900, False)])
def test_stability_plots_stack_in_a_narrow_tab_and_cell_texts_fit(qtbot, ten_seeds, width, stacked):
    view = _show(qtbot, StabilityView(), width, 560)
    view.set_report(ten_seeds)
    qtbot.waitUntil(lambda: _painted_texts(view), timeout=3000)
    heat, bars = view.heat_plot.sceneBoundingRect(), view.bar_plot.sceneBoundingRect()
    assert bool(heat.bottom() <= bars.top()) is stacked  # the matrix above the bars
    assert bool(heat.right() <= bars.left()) is not stacked  # or beside them
    texts = [t for row in view.cell_texts.texts() for t in row]
    assert len(texts) == 100  # every ARI written, each inside its cell
    assert 0 < _widest_text_pixels(view) < _cell_pixels(view)
    # Across the threshold: the plots switch back and forth as the view is resized.
    view.resize(1000 if stacked else 360, 560)
    qtbot.waitUntil(lambda: view.plots_stacked() is not stacked, timeout=5000)


def test_stability_cell_texts_follow_the_canvas_size(qtbot, ten_seeds):
    # Reported while cramped (cells too small to write in), then given room: the texts
    # come, sized to the larger cells (a report arrives while its tab is hidden).
    view = _show(qtbot, StabilityView(), 260, 500)
    view.set_report(ten_seeds)
    view.graphics.grab()
    assert view.cell_texts.painted_pixels() == 0
    view.resize(900, 800)
    qtbot.waitUntil(lambda: _painted_texts(view), timeout=5000)
    assert 0 < _widest_text_pixels(view) < _cell_pixels(view)


def test_widgets_made_under_a_dark_application_palette_are_dark(qtbot, qapp, clusterings):
    before = qapp.palette()
    qapp.setPalette(dark_palette())
    try:
        chart = _show(qtbot, ClusterSizeChart(), 400, 240)
        chart.set_clustering(clusterings[2])
        assert chart.canvas.backgroundBrush().color() == DARK_BASE
    finally:
        qapp.setPalette(before)
    base = before.color(QPalette.ColorRole.Base)
    qtbot.waitUntil(lambda: chart.canvas.backgroundBrush().color() == base, timeout=2000)


# ----------------------------------------------------------------------- HiDPI pixmaps
@pytest.mark.parametrize("ratio", [1.0, 1.5, 2.0])
def test_digit_pixmap_is_rendered_for_the_device_pixel_ratio(digits, ratio):
    image = digits.images[0]
    pixmap = digit_pixmap(image, 48, ratio=ratio)
    assert pixmap.devicePixelRatio() == ratio
    assert pixmap.width() == round(48 * ratio)
    assert pixmap.deviceIndependentSize().width() == pytest.approx(48)
    # Crisp: every device pixel is one of the image's own grey levels, none blended.
    qimage = pixmap.toImage()
    levels = {qimage.pixelColor(x, y).red() for x in range(qimage.width()) for y in (0, 20, 47)}
    allowed = set(np.round(255 * (1 - np.clip(image / 16, 0, 1))).astype(int).ravel().tolist())
    assert levels <= allowed


def test_digit_pixmap_follows_the_screen_scale_by_default(tmp_path):
    code = (
        "from PySide6.QtWidgets import QApplication; app = QApplication([]);"
        "import numpy as np; from digitgui.widgets.digit_image import digit_pixmap;"
        "p = digit_pixmap(np.eye(8) * 16, 40); print(p.devicePixelRatio(), p.width())"
    )
    env = {"QT_QPA_PLATFORM": "offscreen", "QT_SCALE_FACTOR": "2"}
    import os

    out = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert out.stdout.split() == ["2.0", "80"]
