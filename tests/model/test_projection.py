"""2-D projections: equal to scikit-learn, cancellable, cached, subsampled when big."""

from __future__ import annotations

import sys

import numpy as np
import pytest
from sklearn.decomposition import PCA

from digitgui.model import FitCancelled
from digitgui.model.projection import ProjectionCache, fingerprint, project


def test_pca_coords_equal_sklearn(digits):
    projection = project(digits.data, "PCA")
    expected = PCA(2, random_state=0).fit_transform(digits.data)
    np.testing.assert_allclose(projection.coords, expected, atol=1e-10)
    assert projection.sample_indices is None and projection.note == ""
    assert not projection.coords.flags.writeable
    np.testing.assert_allclose(projection.transform(digits.data[:3]), expected[:3], atol=1e-10)


def test_cancel_before_start_raises(digits):
    for method in ("PCA", "t-SNE", "Isomap", "Spectral embedding"):
        with pytest.raises(FitCancelled):
            project(digits.data, method, should_stop=lambda: True)


def test_tsne_reports_progress_and_stops_mid_run(digits):
    seen: list[tuple[int, int]] = []
    stdout = sys.stdout
    with pytest.raises(FitCancelled):
        project(
            digits.data[:400],
            "t-SNE",
            progress=lambda done, total: seen.append((done, total)),
            should_stop=lambda: bool(seen) and seen[-1][0] >= 100,
        )
    assert seen[-1] == (100, 1000)  # stopped at the first cancel point after 100 iterations
    assert sys.stdout is stdout  # the log tap is removed


def test_tsne_and_spectral_cannot_place_new_points(digits):
    for method, data in (("t-SNE", digits.data[:200]), ("Spectral embedding", digits.data)):
        projection = project(data, method)
        assert projection.coords.shape == (len(data), 2) and not projection.can_transform
        assert projection.note == ""  # all samples, one connected neighbour graph
        with pytest.raises(ValueError, match=f"{method} cannot place new points"):
            projection.transform(data[:1])


def test_isomap_places_training_rows_where_they_are(digits):
    isomap = project(digits.data, "Isomap")
    assert isomap.coords.shape == (1797, 2) and isomap.can_transform
    np.testing.assert_allclose(isomap.transform(digits.data[:5]), isomap.coords[:5], atol=1e-8)


@pytest.mark.filterwarnings("ignore:Graph is not fully connected")
def test_a_disconnected_neighbour_graph_is_reported():
    rng = np.random.default_rng(0)
    blobs = np.concatenate([rng.normal(0, 0.1, (60, 4)), rng.normal(50, 0.1, (60, 4))])
    projection = project(blobs, "Spectral embedding")
    assert "2 disconnected parts" in projection.note


def test_big_data_uses_a_seeded_subsample(digits):
    first = project(digits.data, "Spectral embedding", max_samples=500)
    again = project(digits.data, "Spectral embedding", max_samples=500)
    assert first.coords.shape == (500, 2) and len(first.sample_indices) == 500
    np.testing.assert_array_equal(first.sample_indices, again.sample_indices)
    assert "subsample of 500 of 1,797" in first.note
    assert project(digits.data, "PCA", max_samples=500).coords.shape == (1797, 2)


def test_cache_hit_returns_the_same_object(digits):
    cache = ProjectionCache()
    assert cache.peek(digits.data, "PCA") is None
    first = cache.project(digits.data, "PCA")
    assert cache.project(digits.data, "PCA") is first
    assert cache.peek(digits.data, "PCA") is first
    assert first.fingerprint == fingerprint(digits.data)
    equal_copy = np.array(digits.data)  # same bytes, another array: same key
    assert cache.project(equal_copy, "PCA") is first
    assert cache.project(digits.data[:100], "PCA") is not first


def test_cache_forgets_the_least_recently_used(digits):
    cache = ProjectionCache(capacity=2)
    a = cache.project(digits.data[:50], "PCA")
    cache.project(digits.data[:60], "PCA")
    cache.project(digits.data[:50], "PCA")  # touch a
    cache.project(digits.data[:70], "PCA")
    assert len(cache) == 2
    assert cache.project(digits.data[:50], "PCA") is a


def test_fingerprint_depends_on_values_and_shape():
    data = np.arange(12.0).reshape(3, 4)
    assert fingerprint(data) == fingerprint(data.copy())
    assert fingerprint(data) != fingerprint(data.reshape(4, 3))
    changed = data.copy()
    changed[0, 0] = -1
    assert fingerprint(data) != fingerprint(changed)
    assert fingerprint(np.ones((2, 2)), compute=False) is None
