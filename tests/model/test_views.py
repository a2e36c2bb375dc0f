"""ClusterViews and SilhouetteBands: what the views draw equals what they computed before."""

from __future__ import annotations

import numpy as np
import pytest

from digitgui.model import KMeansConfig
from digitgui.model.clustering import cluster_dataset
from digitgui.model.dataset import Dataset
from digitgui.model.metrics import cluster_means
from digitgui.model.space import PCASpace
from digitgui.model.views import band_outline, group_by, silhouette_bands


@pytest.fixture(scope="module")
def raw(digits):
    return cluster_dataset(digits, KMeansConfig(n_clusters=10))


@pytest.fixture(scope="module")
def pca(digits):
    return cluster_dataset(digits, KMeansConfig(n_clusters=7), PCASpace())


def _nearest_first(clustering, cluster: int) -> np.ndarray:
    """How the members view ordered a cluster before (on the GUI thread, per click)."""
    members = np.flatnonzero(clustering.result.labels == cluster)
    distances = clustering.result.distances(clustering.features[members])[:, cluster]
    return members[np.argsort(distances, kind="stable")]


def test_centres_are_centroids_on_raw_pixels(raw, digits):
    views = raw.views
    np.testing.assert_array_equal(views.centres, raw.result.centroids)
    np.testing.assert_array_equal(views.centre_images, raw.result.centroids.reshape(10, 8, 8))
    assert not views.centres_are_means and views.has_pictures


def test_centres_are_member_means_in_another_space(pca, digits):
    views = pca.views
    expected = cluster_means(digits.data, pca.result.labels, 7)
    np.testing.assert_allclose(views.centres, expected, rtol=1e-12, atol=1e-12)
    assert views.centres_are_means
    assert views.centroids.shape == (7, 20)  # the fitted space's own centroids
    lo, hi = views.centroid_range
    assert (lo, hi) == (pca.features.min(), pca.features.max())


@pytest.mark.parametrize("name", ["raw", "pca"])
def test_members_are_nearest_first_as_before(name, request):
    clustering = request.getfixturevalue(name)
    views = clustering.views
    for cluster in range(views.n_clusters):
        expected = _nearest_first(clustering, cluster)
        np.testing.assert_array_equal(views.members(cluster), expected)
        distances = clustering.result.distances(clustering.features[expected])[:, cluster]
        np.testing.assert_allclose(views.member_distances[views.member_slice(cluster)], distances)
    assert views.member_starts[-1] == clustering.dataset.n_samples
    np.testing.assert_array_equal(np.diff(views.member_starts), clustering.evaluation.cluster_sizes)


def test_mismatch_marks_members_that_are_not_the_majority_digit(raw, digits):
    views = raw.views
    for cluster in range(views.n_clusters):
        members = views.members(cluster)
        majority = raw.evaluation.cluster_digits[cluster]
        expected = digits.target[members] != majority
        np.testing.assert_array_equal(views.member_mismatch[views.member_slice(cluster)], expected)
        assert views.mismatch_counts[cluster] == expected.sum()
    contingency = raw.evaluation.contingency
    np.testing.assert_array_equal(
        views.mismatch_counts, contingency.sum(axis=1) - contingency.max(axis=1)
    )


def test_display_ranges_and_digit_groups(raw, digits):
    views = raw.views
    assert views.picture_range == (digits.images.min(), digits.images.max())
    assert views.pictures is digits.images  # a reference, read one sample at a time
    for digit in range(10):
        rows = views.digit_order[views.digit_starts[digit] : views.digit_starts[digit + 1]]
        np.testing.assert_array_equal(rows, np.flatnonzero(digits.target == digit))


def test_unlabelled_features_that_are_no_pictures():
    rng = np.random.default_rng(0)
    data = rng.normal(size=(300, 5))
    clustering = cluster_dataset(Dataset(data, None, None, "blobs"), KMeansConfig(n_clusters=3))
    views = clustering.views
    assert views.centre_images is None and not views.has_pictures
    assert views.member_mismatch is None and views.mismatch_counts is None
    assert views.digit_order is None and views.digits is None
    assert views.pictures is clustering.dataset.data
    assert views.picture_range == (data.min(), data.max())


def test_per_sample_arrays_are_read_only(raw):
    views = raw.views
    for array in (views.member_order, views.member_distances, views.member_mismatch):
        with pytest.raises(ValueError):
            array[0] = 0


def test_nearest_samples_equal_a_brute_force_search(raw, digits):
    sample = digits.data[11] + 0.5
    distances = np.linalg.norm(raw.features - sample, axis=1)
    found = raw.nearest_samples(sample, 5)
    # The same five distances, nearest first (equally near samples may swap places).
    np.testing.assert_allclose(distances[found], np.sort(distances)[:5], rtol=1e-9)
    assert len(set(found.tolist())) == 5


def test_group_by_keeps_the_order_within_a_class():
    order, starts = group_by(np.array([2, 0, 2, 1, 0]), 4)
    np.testing.assert_array_equal(order, [1, 4, 3, 0, 2])
    np.testing.assert_array_equal(starts, [0, 2, 3, 5, 5])


def test_silhouette_bands_sort_each_cluster_widest_first():
    values = np.array([0.1, 0.5, -0.2, 0.3, 0.9, 0.0])
    labels = np.array([1, 0, 1, 0, 2, 1])
    bands = silhouette_bands(values, labels, n_clusters=4, note="n")
    np.testing.assert_array_equal(bands.band(0), [0.5, 0.3])
    np.testing.assert_array_equal(bands.band(1), [0.1, 0.0, -0.2])
    np.testing.assert_array_equal(bands.band(2), [0.9])
    assert len(bands.band(3)) == 0 and bands.n_clusters == 4
    assert bands.mean == pytest.approx(values.mean()) and bands.low == -0.2
    assert bands.note == "n"


def test_band_outline_covers_one_bar_per_value():
    values = np.array([0.8, 0.4, 0.0, -0.3])
    x, y = band_outline(values)
    area = 0.5 * abs(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1)))  # shoelace
    assert area == pytest.approx(np.abs(values).sum())
    assert y.min() == 0 and y.max() == len(values)
    assert x.max() == 0.8 and x.min() == -0.3
