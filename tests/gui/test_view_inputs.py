"""The cluster views draw from typed inputs and never compute over the data set.

Every per-sample array of the inputs is wrapped in :class:`DataSized`: a widget may take a
slice of it (a view, O(1)), read one sample, or gather a page of rows, but any numpy
computation over it (a comparison, a min, a sort, a sum), a loop over it or a large copy
raises. The widgets then render, paint and answer clicks with those inputs.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import Qt

from digitgui.model import KMeansConfig
from digitgui.model.clustering import cluster_dataset
from digitgui.model.views import SilhouetteBands, silhouette_bands
from digitgui.widgets.centroid_gallery import CentroidGallery
from digitgui.widgets.cluster_members import ClusterMembersView
from digitgui.widgets.projection_view import ProjectionView
from digitgui.widgets.silhouette_plot import SilhouettePlot

PAGE = 400  # the most rows a widget may copy out of a per-sample array at once


class DataSized(np.ndarray):
    """A per-sample array that a view may index but never compute over."""

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        raise AssertionError(f"numpy {ufunc.__name__} over a per-sample array in a widget")

    def __array_function__(self, func, types, args, kwargs):
        raise AssertionError(f"numpy {func.__name__} over a per-sample array in a widget")

    def __iter__(self):
        raise AssertionError("a loop over a per-sample array in a widget")

    def __getitem__(self, key):
        item = super().__getitem__(key)
        if not isinstance(item, np.ndarray):
            return item  # one value
        if isinstance(key, (int, np.integer)):
            return item.view(np.ndarray)  # one sample's picture
        if isinstance(key, slice):
            return item  # a view of a range: still guarded
        if item.size > PAGE * max(1, item[0].size if item.ndim > 1 and len(item) else 1):
            raise AssertionError(f"a copy of {len(item)} rows of a per-sample array")
        return item.view(np.ndarray)


def _guarded(array):
    return None if array is None else np.asarray(array).view(DataSized)


@pytest.fixture(scope="module")
def clustering(digits):
    return cluster_dataset(digits, KMeansConfig(n_clusters=10))


@pytest.fixture
def views(clustering):
    v = clustering.views
    return replace(
        v,
        member_order=_guarded(v.member_order),
        member_distances=_guarded(v.member_distances),
        member_mismatch=_guarded(v.member_mismatch),
        labels=_guarded(v.labels),
        target=_guarded(v.target),
        digit_order=_guarded(v.digit_order),
        pictures=_guarded(v.pictures),
    )


def test_the_guard_catches_data_sized_work(views):
    with pytest.raises(AssertionError):
        views.labels == 3  # noqa: B015
    with pytest.raises(AssertionError):
        views.pictures.max()
    with pytest.raises(AssertionError):
        views.member_order[np.arange(1000)]
    with pytest.raises(AssertionError):
        list(views.target)
    assert views.pictures[5].shape == (8, 8) and int(views.labels[5]) >= 0


def test_gallery_and_members_draw_from_the_inputs(qtbot, views, clustering):
    gallery, members = CentroidGallery(), ClusterMembersView()
    for widget in (gallery, members):
        qtbot.addWidget(widget)
        widget.resize(700, 500)
        widget.show()
    gallery.set_views(views)
    members.show_cluster(views, 3)
    gallery.grab(), members.grab()  # paints the thumbnails: each reads its own sample
    assert gallery.tile_count() == 10
    expected = clustering.cluster_members(3)
    np.testing.assert_array_equal(members.shown_indices(), expected[: members.page_size])
    wrong = int(views.mismatch_counts[3])
    assert f"{len(expected)} samples, {wrong} not a {views.digits[3]}" in members.header.text()
    tip = members.view.model().index(0).data(Qt.ItemDataRole.ToolTipRole)
    assert f"Sample {expected[0]}" in tip
    members.show_more()
    members.grab()
    with qtbot.waitSignal(gallery.cluster_clicked, timeout=5_000) as picked:
        where = gallery.tile_rect(6).center()
        qtbot.mouseClick(gallery.view.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert picked.args == [6]


def test_a_new_result_keeps_the_selection_and_the_drawing_highlight(qtbot, views):
    gallery = CentroidGallery()
    qtbot.addWidget(gallery)
    gallery.set_views(views)
    gallery.set_selected(4)
    gallery.set_highlight(2)
    gallery.set_views(views)  # a refit with the same k
    assert gallery.selected_cluster() == 4 and gallery.highlighted_cluster() == 2
    fewer = replace(views, sizes=views.sizes[:3], digits=views.digits[:3])
    fewer = replace(fewer, purity=views.purity[:3], centre_images=views.centre_images[:3])
    gallery.set_views(fewer)
    assert gallery.tile_count() == 3
    assert gallery.selected_cluster() == -1 and gallery.highlighted_cluster() == 2


def test_projection_recolours_from_the_inputs(qtbot, views, clustering, digits):
    pg.setConfigOptions(imageAxisOrder="row-major")
    view = ProjectionView()
    qtbot.addWidget(view)
    view.resize(800, 600)
    view.show()
    view.set_dataset(_guarded(digits.images), _guarded(digits.target))
    coords = digits.data[:, 20:22] + np.arange(digits.n_samples)[:, None] * 1e-3
    view.show_projection(coords, None, "PCA", "")
    view.set_clusters(views)
    view.set_selected_cluster(2)
    view.colour_combo.setCurrentText("True digit")
    view.set_selected_sample(17)
    view.grab()
    assert view.scatter.count() == digits.n_samples
    assert view.highlight_points.count() == clustering.evaluation.cluster_sizes[2]
    names = [item[1].text for item in view.legend.items]
    assert names == [f"digit {d}" for d in range(10)]
    view.colour_combo.setCurrentText("Cluster")
    labels = clustering.result.labels
    assert view.point_colours()[17] == pg.mkColor(_palette(labels[17])).name()


def _palette(cluster: int):
    from digitgui.widgets.palette import cluster_color

    return cluster_color(int(cluster))


def test_silhouette_draws_bands_without_their_values(qtbot):
    values = np.linspace(-0.2, 0.9, 600)
    labels = np.arange(600) % 4
    bands = silhouette_bands(values, labels, 4, "a note")
    guarded = SilhouetteBands(
        _guarded(bands.values), bands.starts, bands.outlines, bands.mean, bands.low, bands.note
    )
    plot = SilhouettePlot()
    qtbot.addWidget(plot)
    plot.show_bands(guarded, np.array([3, 1, 4, 1]))
    plot.set_selected_cluster(1)
    plot.grab()
    assert [band.count for band in plot.bands] == [150] * 4
    assert plot.cluster_at(plot.band_point(2).y()) == 2
    assert "Mean silhouette 0.350" in plot.summary.text() and "a note" in plot.summary.text()
    plot.show_bands(silhouette_bands(values[:10], labels[:10] % 2, 2))  # fewer clusters
    assert len(plot.bands) == 2
    assert sum(path.isVisible() for path in plot._paths) == 2
