"""Projection and silhouette tabs driven through AppState with real mouse events."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt

from digitgui.app.presenters import projection as projection_tab
from digitgui.app.presenters import silhouette as silhouette_tab
from digitgui.app.presenters.projection import ProjectionPresenter
from digitgui.app.presenters.silhouette import silhouette_job
from digitgui.app.state import AppState
from digitgui.model import KMeansConfig, load_digits_dataset
from digitgui.model.clustering import cluster_dataset
from digitgui.model.dataset import Dataset
from digitgui.widgets.palette import cluster_color

TIMEOUT_MS = 15_000
TSNE_CANCEL_TIMEOUT_MS = 60_000  # the next cancel point may be one 50-iteration block away


@pytest.fixture
def state(qtbot):
    pg.setConfigOptions(imageAxisOrder="row-major")
    app_state = AppState(load_digits_dataset())
    app_state.set_clustering(cluster_dataset(app_state.dataset, KMeansConfig()))
    yield app_state
    app_state.shutdown()


def _shown(qtbot, widget):
    qtbot.addWidget(widget)
    widget.resize(900, 650)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@pytest.fixture
def projection_view(qtbot, state):
    title, view = projection_tab.build(state)
    assert title == "Projection" and view.objectName() == "projectionView"
    _shown(qtbot, view)
    qtbot.waitUntil(lambda: view.shown_method == "PCA", timeout=TIMEOUT_MS)
    return view


def _presenter(view) -> ProjectionPresenter:
    presenter = view.findChild(ProjectionPresenter)
    assert presenter is not None
    return presenter


def _viewport_point(plot, x: float, y: float) -> QPoint:
    """Data coordinates → scene → the plot's viewport (where mouse events go)."""
    scene_point = plot.getPlotItem().getViewBox().mapViewToScene(QPointF(x, y))
    return plot.mapFromScene(scene_point)


def _assert_groups_drawn_in_their_colours(view) -> None:
    """Each plotted row is drawn once, at its own coordinates, in its listed colour."""
    coords, colours = view.plotted_coords(), view.point_colours()
    drawn = {}
    for points, colour in view.scatter.groups():
        for x, y in points:
            drawn.setdefault((x, y), set()).add(colour.name())
    assert sum(len(points) for points, _ in view.scatter.groups()) == len(coords)
    for (x, y), colour in zip(coords, colours, strict=True):
        assert colour in drawn[(x, y)]


def test_scatter_has_every_sample_coloured_by_cluster(projection_view, state):
    labels = state.clustering.result.labels
    digits = state.clustering.evaluation.cluster_digits
    names = [item[1].text for item in projection_view.legend.items]
    assert names == [f"cluster {c} · {digits[c]}" for c in range(10)]
    assert projection_view.scatter.count() == 1797
    np.testing.assert_array_equal(projection_view.plotted_samples(), np.arange(1797))
    expected = [cluster_color(int(c)).name() for c in labels]
    assert projection_view.point_colours() == expected
    _assert_groups_drawn_in_their_colours(projection_view)
    projection_view.colour_combo.setCurrentText("True digit")
    expected = [cluster_color(int(d)).name() for d in state.dataset.target]
    assert projection_view.point_colours() == expected
    _assert_groups_drawn_in_their_colours(projection_view)
    assert [item[1].text for item in projection_view.legend.items][:2] == ["digit 0", "digit 1"]


def test_legend_is_compact_for_many_clusters_and_can_be_hidden(projection_view, state):
    clustering = cluster_dataset(state.dataset, KMeansConfig(n_clusters=25, random_state=0))
    state.set_clustering(clustering)
    legend = projection_view.legend
    digits = clustering.evaluation.cluster_digits
    names = [item[1].text for item in legend.items]
    assert names == [f"{c} · {digits[c]}" for c in range(25)]
    assert legend.columnCount == 3 and legend.isVisible()
    toggle = projection_view.legend_toggle
    toggle.setChecked(False)
    assert not legend.isVisible()
    state.set_clustering(cluster_dataset(state.dataset, KMeansConfig(n_clusters=4)))
    assert not legend.isVisible(), "a new clustering keeps the legend hidden"
    toggle.setChecked(True)
    assert legend.isVisible() and legend.columnCount == 1
    assert [item[1].text for item in legend.items][0].startswith("cluster 0 · ")


def test_hover_shows_the_sample_and_click_selects_it(qtbot, projection_view, state):
    coords = _presenter(projection_view).projection.coords
    gaps = np.linalg.norm(coords[:, None, :] - coords[None, :, :], axis=2)
    np.fill_diagonal(gaps, np.inf)
    index = int(np.argmax(gaps.min(axis=1)))  # the most isolated point: unambiguous
    viewport = projection_view.plot.viewport()
    where = _viewport_point(projection_view.plot, *coords[index])

    qtbot.mouseMove(viewport, where)
    qtbot.waitUntil(projection_view.hover_card.isVisible, timeout=TIMEOUT_MS)
    text = projection_view.hover_card.text.text()
    assert f"sample {index}" in text and f"digit {state.dataset.target[index]}" in text

    with qtbot.waitSignal(state.sample_selected, timeout=TIMEOUT_MS) as selected:
        qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=where)
    assert selected.args == [index]
    assert state.selected_cluster == state.clustering.result.labels[index]
    assert len(projection_view.selection_marker.data) == 1


def test_cancelling_tsne_keeps_the_pca_coordinates(qtbot, projection_view, state):
    presenter = _presenter(projection_view)
    pca = presenter.projection
    shown_before = projection_view.plotted_coords()
    projection_view.method_combo.setCurrentText("t-SNE")
    assert "Press Compute" in projection_view.status.text()
    with qtbot.waitSignal(presenter.runner.progress, timeout=TIMEOUT_MS):
        qtbot.mouseClick(projection_view.compute_button, Qt.MouseButton.LeftButton)
    assert projection_view.cancel_button.isVisible()
    with qtbot.waitSignal(presenter.runner.cancelled, timeout=TSNE_CANCEL_TIMEOUT_MS) as cancelled:
        qtbot.mouseClick(projection_view.cancel_button, Qt.MouseButton.LeftButton)
    assert cancelled.args == ["t-SNE"]
    assert presenter.projection is pca and projection_view.shown_method == "PCA"
    np.testing.assert_array_equal(projection_view.plotted_coords(), shown_before)
    assert presenter.cache.peek(state.dataset.data, "t-SNE") is None
    assert "cancelled" in projection_view.status.text()
    assert not projection_view.cancel_button.isVisible()


def test_drawing_is_a_star_where_the_map_can_place_it(qtbot, projection_view, state):
    presenter = _presenter(projection_view)
    assert len(projection_view.centroid_markers.data) == 10
    state.set_drawing(state.dataset.data[7])
    star = projection_view.drawing_marker.getData()
    expected = presenter.projection.transform(state.dataset.data[7:8])[0]
    np.testing.assert_allclose([star[0][0], star[1][0]], expected)
    state.set_drawing(None)
    assert len(projection_view.drawing_marker.data) == 0

    state.set_drawing(state.dataset.data[7])
    projection_view.method_combo.setCurrentText("Spectral embedding")
    qtbot.mouseClick(projection_view.compute_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: projection_view.shown_method == "Spectral embedding", timeout=30_000)
    assert len(projection_view.drawing_marker.data) == 0
    assert len(projection_view.centroid_markers.data) == 0
    assert not projection_view.placement_label.isHidden()
    assert "Spectral embedding cannot place new points" in projection_view.placement_label.text()
    projection_view.method_combo.setCurrentText("PCA")  # cached: back at once
    assert projection_view.shown_method == "PCA"
    assert len(projection_view.drawing_marker.data) == 1


def test_tsne_says_it_cannot_place_new_points(qtbot, projection_view, state, monkeypatch):
    import digitgui.model.projection as projection_model

    # The real t-SNE takes half a minute here; the view only needs a t-SNE-shaped result.
    monkeypatch.setattr(projection_model, "_tsne", lambda data, *args: data[:, :2])
    monkeypatch.setattr(projection_tab, "IN_CHILD", frozenset())  # the patch is ours only
    state.set_drawing(state.dataset.data[3])
    projection_view.method_combo.setCurrentText("t-SNE")
    qtbot.mouseClick(projection_view.compute_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: projection_view.shown_method == "t-SNE", timeout=TIMEOUT_MS)
    assert projection_view.placement_label.text().startswith("t-SNE cannot place new points")
    assert len(projection_view.drawing_marker.data) == 0


def test_new_clustering_recolours_without_recomputing(qtbot, projection_view, state):
    presenter = _presenter(projection_view)
    pca = presenter.projection
    clustering = cluster_dataset(state.dataset, KMeansConfig(n_clusters=4))
    state.set_clustering(clustering)
    assert presenter.projection is pca and not presenter.runner.busy
    expected = [cluster_color(int(c)).name() for c in clustering.result.labels]
    assert projection_view.point_colours() == expected
    assert len(projection_view.centroid_markers.data) == 4
    names = [item[1].text for item in projection_view.legend.items]
    digits = clustering.evaluation.cluster_digits
    assert names == [f"cluster {c} · {digits[c]}" for c in range(4)]


def test_new_dataset_drops_the_old_work(qtbot, projection_view, state):
    presenter = _presenter(projection_view)
    projection_view.method_combo.setCurrentText("t-SNE")
    with qtbot.waitSignal(presenter.runner.progress, timeout=TIMEOUT_MS):
        qtbot.mouseClick(projection_view.compute_button, Qt.MouseButton.LeftButton)
    old = state.dataset
    subset = Dataset(old.data[:500], old.images[:500], old.target[:500], "first 500")
    projection_view.method_combo.setCurrentText("PCA")  # the new data opens on PCA
    state.set_dataset(subset)
    qtbot.waitUntil(lambda: projection_view.scatter.count() == 500, timeout=TIMEOUT_MS)
    assert projection_view.shown_method == "PCA"
    assert presenter.cache.peek(old.data, "t-SNE") is None


def test_silhouette_bands_cover_every_sample_and_select_a_cluster(qtbot, state):
    title, view = silhouette_tab.build(state)
    assert title == "Silhouette" and view.objectName() == "silhouettePlot"
    _shown(qtbot, view)
    qtbot.waitUntil(lambda: len(view.bands) == 10, timeout=TIMEOUT_MS)
    sizes = np.bincount(state.clustering.result.labels, minlength=10)
    assert sum(band.count for band in view.bands) == state.dataset.n_samples
    assert [band.count for band in view.bands] == sizes.tolist()
    assert "Mean silhouette 0.176" in view.summary.text()
    assert view.mean_line.value() == pytest.approx(0.176, abs=5e-4)
    assert view.mean_line.label.textItem.toPlainText() == "mean 0.176"

    band = view.band_point(4)
    where = _viewport_point(view.plot, 0.3, band.y())
    with qtbot.waitSignal(state.cluster_selected, timeout=TIMEOUT_MS) as selected:
        qtbot.mouseClick(view.plot.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert selected.args == [4]
    assert view.selected_cluster == 4 and state.selected_cluster == 4


def test_silhouette_job_subsamples_big_data(state):
    clustering = state.clustering
    _, bands = silhouette_job(clustering, lambda done, total: None, lambda: False, max_samples=500)
    assert bands.values.shape == (500,) and bands.starts[-1] == 500
    assert "subsample of 500 of 1,797" in bands.note
    assert -1.0 <= bands.values.min() and bands.values.max() <= 1.0


def test_silhouette_of_ten_samples_in_ten_clusters_says_it_is_undefined(qtbot, caplog):
    digits = load_digits_dataset()
    tiny = Dataset(digits.data[:10], digits.images[:10], digits.target[:10], "ten rows")
    app_state = AppState(tiny)
    try:
        title, view = silhouette_tab.build(app_state)
        _shown(qtbot, view)
        with caplog.at_level("WARNING"):
            app_state.set_clustering(cluster_dataset(tiny, KMeansConfig(n_clusters=10)))
            qtbot.waitUntil(lambda: "between 2 and n−1" in view.summary.text(), timeout=TIMEOUT_MS)
        assert "10 clusters for 10 samples" in view.summary.text()
        assert view.bands == [] and not view.mean_line.isVisible()
        assert not [r for r in caplog.records if r.levelname in ("ERROR", "CRITICAL")]
        assert not [r for r in caplog.records if r.exc_info]
    finally:
        app_state.shutdown()
