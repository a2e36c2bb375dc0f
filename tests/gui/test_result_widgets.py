"""The views of one clustering: gallery, members, metrics table, size chart, heatmap, panel."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt

from digitgui.model import KMeansConfig
from digitgui.model.clustering import cluster_dataset
from digitgui.model.dataset import Dataset
from digitgui.model.metrics import EXTERNAL_METRICS, INTERNAL_METRICS, METRIC_INFO, evaluate
from digitgui.widgets.centroid_gallery import HIGHLIGHT_COLOR, CentroidGallery
from digitgui.widgets.cluster_members import ClusterMembersView
from digitgui.widgets.cluster_size_chart import ClusterSizeChart
from digitgui.widgets.contingency_heatmap import NO_LABELS_MESSAGE, ContingencyHeatmap
from digitgui.widgets.metrics_panel import MetricsPanel
from digitgui.widgets.metrics_table import (
    EXTERNAL_GROUP,
    MetricsTable,
    format_metric,
)

SIGNAL_MS = 2000


@pytest.fixture(scope="module")
def clustering(digits):
    return cluster_dataset(digits, KMeansConfig())


@pytest.fixture(scope="module")
def unlabelled(digits):
    """The digits as plain 64-vectors: no images, no true labels."""
    return cluster_dataset(
        Dataset(digits.data, None, None, "unlabelled"), KMeansConfig(n_clusters=6)
    )


def _show(qtbot, widget, width=800, height=600):
    qtbot.addWidget(widget)
    widget.resize(width, height)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _gallery(qtbot, clustering):
    gallery = _show(qtbot, CentroidGallery())
    gallery.set_clustering(clustering)
    return gallery


# --------------------------------------------------------------------------- CentroidGallery
def test_gallery_has_one_tile_per_cluster_with_its_digit_purity_and_size(qtbot, clustering):
    gallery = _gallery(qtbot, clustering)
    evaluation = clustering.evaluation
    assert gallery.objectName() == "centroidGallery"
    assert gallery.tile_count() == clustering.result.n_clusters == 10
    for cluster in range(10):
        tile = gallery.tile(cluster)
        digit = int(evaluation.cluster_digits[cluster])
        size = int(evaluation.cluster_sizes[cluster])
        purity = round(100 * evaluation.cluster_purity[cluster])
        assert tile.text() == f"Cluster {cluster} · digit {digit}"
        accessible = tile.data(Qt.ItemDataRole.AccessibleTextRole)
        assert accessible.startswith(
            f"Cluster {cluster}, majority digit {digit}, purity {purity} %, {size} samples"
        )
        assert f"{size} samples" in tile.toolTip()


def test_clicking_a_tile_emits_its_cluster_and_selects_it(qtbot, clustering):
    gallery = _gallery(qtbot, clustering)
    centre = gallery.tile_rect(7).center()
    with qtbot.waitSignal(gallery.cluster_clicked, timeout=SIGNAL_MS) as blocker:
        qtbot.mouseClick(gallery.view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    assert blocker.args == [7]
    assert gallery.selected_cluster() == 7
    assert "selected" in gallery.tile(7).data(Qt.ItemDataRole.AccessibleTextRole)
    assert "selected" not in gallery.tile(0).data(Qt.ItemDataRole.AccessibleTextRole)


def test_arrow_then_enter_selects_the_next_tile(qtbot, clustering):
    gallery = _gallery(qtbot, clustering)
    gallery.view.setFocus()
    gallery.view.setCurrentRow(2)
    qtbot.keyClick(gallery.view, Qt.Key.Key_Right)
    with qtbot.waitSignal(gallery.cluster_clicked, timeout=SIGNAL_MS) as blocker:
        qtbot.keyClick(gallery.view, Qt.Key.Key_Return)
    assert blocker.args == [3]


def _left_border_color(gallery, cluster):
    rect = gallery.tile_rect(cluster)
    image = gallery.view.viewport().grab().toImage()
    return image.pixelColor(rect.left() + 2, rect.center().y())


def test_highlight_draws_an_orange_frame_on_exactly_one_tile(qtbot, clustering):
    gallery = _gallery(qtbot, clustering)
    gallery.set_selected(3)
    gallery.set_highlight(3)
    assert gallery.highlighted_cluster() == 3
    assert _left_border_color(gallery, 3) == HIGHLIGHT_COLOR
    assert _left_border_color(gallery, 5) != HIGHLIGHT_COLOR
    gallery.set_highlight(5)
    assert gallery.highlighted_cluster() == 5
    assert gallery.selected_cluster() == 3  # independent of the selection
    assert _left_border_color(gallery, 5) == HIGHLIGHT_COLOR
    assert _left_border_color(gallery, 3) != HIGHLIGHT_COLOR
    gallery.set_highlight(None)
    assert _left_border_color(gallery, 5) != HIGHLIGHT_COLOR


def test_gallery_thumbnails_are_the_centroids_not_transposed(qtbot, clustering):
    gallery = _gallery(qtbot, clustering)
    pixmap = gallery.tile(0).data(Qt.ItemDataRole.DecorationRole)
    image = pixmap.toImage()
    centroid = clustering.result.centroids[0].reshape(8, 8)
    block = image.width() // 8
    grey = np.array(
        [[image.pixelColor(c * block + 1, r * block + 1).red() for c in range(8)] for r in range(8)]
    )
    expected = np.round(255 * (1 - np.clip(centroid / 16, 0, 1)))
    np.testing.assert_allclose(grey, expected, atol=1)


# ------------------------------------------------------------------------ ClusterMembersView
def test_members_view_lists_the_cluster_nearest_first_and_marks_the_odd_ones(qtbot, clustering):
    view = _show(qtbot, ClusterMembersView())
    cluster = 9
    view.show_cluster(clustering, cluster)
    members = clustering.cluster_members(cluster)
    np.testing.assert_array_equal(view.shown_indices(), members)
    distances = clustering.result.distances(clustering.features[members])[:, cluster]
    assert np.all(np.diff(distances) >= 0)
    majority = int(clustering.evaluation.cluster_digits[cluster])
    odd = members[clustering.dataset.target[members] != majority]
    assert len(odd) > 0
    np.testing.assert_array_equal(view.marked_indices(), odd)
    assert view.header.text() == (
        f"Cluster {cluster} · digit {majority} · {len(members)} samples, "
        f"{len(odd)} not a {majority}"
    )


def test_members_view_pages_big_clusters_and_reports_clicks(qtbot, clustering):
    view = _show(qtbot, ClusterMembersView(page_size=50))
    view.show_cluster(clustering, 0)
    members = clustering.cluster_members(0)
    assert len(members) > 100
    np.testing.assert_array_equal(view.shown_indices(), members[:50])
    assert view.more_button.isVisible()
    qtbot.mouseClick(view.more_button, Qt.MouseButton.LeftButton)
    np.testing.assert_array_equal(view.shown_indices(), members[:100])
    centre = view.thumbnail_rect(4).center()
    with qtbot.waitSignal(view.sample_clicked, timeout=SIGNAL_MS) as blocker:
        qtbot.mouseClick(view.view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    assert blocker.args == [int(members[4])]
    while view.more_button.isVisible():
        view.show_more()
    np.testing.assert_array_equal(view.shown_indices(), members)


# ------------------------------------------------------------------------------ MetricsTable
@pytest.mark.parametrize(
    ("value", "text"),
    [
        (1187766.3, "1,187,766"),
        (162.41, "162.4"),
        (2.04512, "2.045"),
        (0.176549, "0.1765"),
        (-0.0123, "-0.0123"),
        (float("nan"), "—"),
    ],
)
def test_format_metric(value, text):
    assert format_metric(value) == text


def test_metrics_table_shows_every_metric_with_its_value_and_tooltip(qtbot, clustering):
    table = _show(qtbot, MetricsTable())
    table.set_clustering(clustering)
    metrics = clustering.evaluation.metrics
    assert table.shown_metrics() == [*INTERNAL_METRICS, *EXTERNAL_METRICS]
    for name, value in metrics.items():
        text = table.value_text(name)
        assert text == format_metric(value)
        assert float(text.replace(",", "")) == pytest.approx(value, rel=1e-3, abs=1e-4)
        tooltip = table.row_tooltip(name)
        assert METRIC_INFO[name].description in tooltip
        assert METRIC_INFO[name].value_range in tooltip
        direction = "Higher is better" if METRIC_INFO[name].higher_is_better else "Lower is better"
        assert direction in tooltip
    assert table.findItems(EXTERNAL_GROUP, Qt.MatchFlag.MatchExactly)


def test_metrics_table_shows_the_evaluation_notes(qtbot, clustering):
    # a silhouette computed on a sample: the evaluation says so, and the table shows it
    result = clustering.result
    evaluation = evaluate(
        clustering.features,
        result.labels,
        clustering.dataset.target,
        centroids=result.centroids,
        silhouette_max_samples=500,
    )
    assert evaluation.notes
    table = _show(qtbot, MetricsTable())
    table.set_clustering(replace(clustering, evaluation=evaluation))
    for note in evaluation.notes:
        assert table.findItems(note, Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive)


# -------------------------------------------------------------------------- ClusterSizeChart
def test_size_chart_bars_are_the_cluster_sizes_and_click_to_pick(qtbot, clustering):
    chart = _show(qtbot, ClusterSizeChart(), 700, 350)
    chart.set_clustering(clustering)
    np.testing.assert_array_equal(chart.bar_heights(), clustering.evaluation.cluster_sizes)
    point = chart.bar_center(6).toPoint()
    with qtbot.waitSignal(chart.cluster_clicked, timeout=SIGNAL_MS) as blocker:
        qtbot.mouseClick(chart.canvas.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert blocker.args == [6]


# ------------------------------------------------------------------------ ContingencyHeatmap
def test_heatmap_shows_the_contingency_table_and_rows_pick_clusters(qtbot, clustering):
    heatmap = _show(qtbot, ContingencyHeatmap())
    heatmap.set_clustering(clustering)
    evaluation = clustering.evaluation
    np.testing.assert_array_equal(heatmap.shown_counts(), evaluation.contingency)
    for cluster, digit in enumerate(evaluation.cluster_digits):
        assert heatmap.row_label(cluster) == f"C{cluster} ({digit})"
    centre = heatmap.cell_rect(4, 2).center()
    with qtbot.waitSignal(heatmap.cluster_clicked, timeout=SIGNAL_MS) as blocker:
        qtbot.mouseClick(heatmap.table.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    assert blocker.args == [4]


def test_heatmap_text_is_readable_on_dark_and_light_cells(qtbot, clustering):
    heatmap = _show(qtbot, ContingencyHeatmap())
    heatmap.set_clustering(clustering)
    model = heatmap.model
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            index = model.index(row, column)
            if index.data() == "0":
                continue
            background = index.data(Qt.ItemDataRole.BackgroundRole).lightnessF()
            text = index.data(Qt.ItemDataRole.ForegroundRole).lightnessF()
            assert abs(background - text) > 0.4


# ------------------------------------------------------------------------------ MetricsPanel
def test_metrics_panel_composes_and_forwards(qtbot, clustering):
    panel = _show(qtbot, MetricsPanel())
    assert panel.objectName() == "metricsPanel"
    panel.set_clustering(None)
    assert panel.is_fitting_shown()
    panel.set_clustering(clustering)
    assert not panel.is_fitting_shown()
    np.testing.assert_array_equal(panel.sizes.bar_heights(), clustering.evaluation.cluster_sizes)
    np.testing.assert_array_equal(panel.heatmap.shown_counts(), clustering.evaluation.contingency)
    assert panel.table.value_text("inertia") == format_metric(
        clustering.evaluation.metrics["inertia"]
    )
    panel.set_selected(2)
    assert panel.heatmap.selected_cluster() == 2
    with qtbot.waitSignal(panel.cluster_clicked, timeout=SIGNAL_MS) as blocker:
        panel.heatmap.cluster_clicked.emit(8)
    assert blocker.args == [8]
    panel.set_clustering(None)
    assert panel.is_fitting_shown()
    assert panel.heatmap.shown_counts() is None


# --------------------------------------------------------------------- other k and data sets
@pytest.mark.parametrize("k", [2, 30])
def test_every_view_renders_small_and_large_k(qtbot, digits, k):
    clustering = cluster_dataset(digits, KMeansConfig(n_clusters=k))
    gallery, panel = _gallery(qtbot, clustering), _show(qtbot, MetricsPanel())
    panel.set_clustering(clustering)
    assert gallery.tile_count() == k
    assert panel.heatmap.model.rowCount() == k
    assert len(panel.sizes.bar_heights()) == k
    last = gallery.tile_rect(k - 1)
    gallery.view.scrollToItem(gallery.tile(k - 1))
    assert not gallery.grab().isNull() and not panel.grab().isNull()
    assert last.width() > 0
    members = _show(qtbot, ClusterMembersView())
    members.show_cluster(clustering, k - 1)
    np.testing.assert_array_equal(
        members.shown_indices()[:300], clustering.cluster_members(k - 1)[:300]
    )


def test_unlabelled_data_without_images_renders_without_digits(qtbot, unlabelled):
    gallery = _gallery(qtbot, unlabelled)
    assert [gallery.tile(c).text() for c in range(6)] == [f"Cluster {c}" for c in range(6)]
    assert "digit" not in gallery.tile(0).data(Qt.ItemDataRole.AccessibleTextRole)
    assert not gallery.tile(0).data(Qt.ItemDataRole.DecorationRole).isNull()

    members = _show(qtbot, ClusterMembersView())
    members.show_cluster(unlabelled, 0)
    assert len(members.marked_indices()) == 0
    assert (
        members.header.text()
        == f"Cluster 0 · {int(unlabelled.evaluation.cluster_sizes[0])} samples"
    )

    panel = _show(qtbot, MetricsPanel())
    panel.set_clustering(unlabelled)
    assert panel.table.shown_metrics() == list(INTERNAL_METRICS)
    assert panel.heatmap.shown_counts() is None
    panel.tabs.setCurrentWidget(panel.heatmap)
    assert panel.heatmap.message.isVisible()
    assert panel.heatmap.message.text() == NO_LABELS_MESSAGE
    assert panel.sizes.bar_heights().tolist() == unlabelled.evaluation.cluster_sizes.tolist()
    panel.tabs.setCurrentWidget(panel.sizes)
    point = QPoint(3, 3)  # a click outside the axes picks nothing (QPoint(0, 0) means centre)
    with qtbot.assertNotEmitted(panel.cluster_clicked):
        qtbot.mouseClick(panel.sizes.canvas.viewport(), Qt.MouseButton.LeftButton, pos=point)
