"""compare_algorithms: every number equals what scikit-learn gives for the same estimator."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn import metrics
from sklearn.cluster import (
    HDBSCAN,
    AgglomerativeClustering,
    BisectingKMeans,
    KMeans,
    MiniBatchKMeans,
    SpectralClustering,
)
from sklearn.mixture import GaussianMixture

from digitgui.model.algorithms import (
    ALGORITHMS,
    FitCancelled,
    compare_algorithms,
    run_algorithm,
)
from digitgui.model.clustering import clustering_from_labels
from digitgui.model.space import RawPixels

# Written out by hand, not taken from the module: the test checks the module's choice.
DIRECT = {
    "KMeans": lambda: KMeans(n_clusters=10, random_state=0),
    "MiniBatchKMeans": lambda: MiniBatchKMeans(n_clusters=10, random_state=0),
    "BisectingKMeans": lambda: BisectingKMeans(n_clusters=10, random_state=0),
    "Gaussian mixture": lambda: GaussianMixture(10, covariance_type="spherical", random_state=0),
    "Agglomerative (ward)": lambda: AgglomerativeClustering(n_clusters=10, linkage="ward"),
    "Agglomerative (average)": lambda: AgglomerativeClustering(n_clusters=10, linkage="average"),
    "Spectral clustering": lambda: SpectralClustering(
        n_clusters=10, affinity="nearest_neighbors", random_state=0
    ),
    "HDBSCAN": lambda: HDBSCAN(copy=True),
}


@pytest.fixture(scope="module")
def rows(digits):
    seen = []
    result = compare_algorithms(digits.data, digits.target, 10, on_row=seen.append)
    assert [row.name for row in seen] == [row.name for row in result]
    return result


def test_one_row_per_algorithm_in_order(rows):
    assert [row.name for row in rows] == list(ALGORITHMS)
    assert len(ALGORITHMS) == 8  # seven kinds; agglomerative twice (ward, average)


@pytest.mark.parametrize("name", ALGORITHMS)
def test_row_equals_direct_scikit_learn(rows, digits, name):
    row = next(row for row in rows if row.name == name)
    labels = DIRECT[name]().fit_predict(digits.data)
    np.testing.assert_array_equal(row.labels, labels)
    y = digits.target
    assert row.ari == metrics.adjusted_rand_score(y, labels)
    assert row.ami == metrics.adjusted_mutual_info_score(y, labels)
    assert row.v_measure == metrics.v_measure_score(y, labels)
    kept = labels >= 0
    assert row.silhouette == metrics.silhouette_score(digits.data[kept], labels[kept])
    assert row.n_clusters == len(set(labels[kept]))
    assert row.noise == int((~kept).sum())
    assert row.seconds > 0


def test_hdbscan_finds_its_own_k_and_noise(rows):
    row = rows[-1]
    assert row.name == "HDBSCAN" and row.noise > 0 and row.n_clusters != 10


def test_progress_and_cancel_between_algorithms(digits):
    calls = []
    asked = []

    def should_stop():
        asked.append(1)
        return len(asked) > 2  # the first algorithm runs, then stop

    done = []
    with pytest.raises(FitCancelled):
        compare_algorithms(
            digits.data,
            digits.target,
            10,
            on_row=done.append,
            progress=lambda d, t: calls.append((d, t)),
            should_stop=should_stop,
        )
    assert [row.name for row in done] == ["KMeans"]
    assert calls[0] == (0, len(ALGORITHMS))


def test_without_targets_scores_are_nan_but_shape_scores_stay(digits):
    row = run_algorithm("KMeans", digits.data, None, 5)
    assert np.isnan(row.ari) and np.isnan(row.ami) and np.isnan(row.v_measure)
    assert row.silhouette > 0 and row.n_clusters == 5


def test_quadratic_algorithms_skip_big_data():
    data = np.random.default_rng(0).normal(size=(10_001, 2))
    row = run_algorithm("Agglomerative (ward)", data, None, 3)
    assert row.labels is None and "skipped" in row.note


def test_unknown_algorithm_is_refused(digits):
    with pytest.raises(ValueError, match="unknown algorithm"):
        run_algorithm("DBSCAN", digits.data, None, 3)


def test_clustering_from_labels_makes_noise_a_cluster(rows, digits):
    row = rows[-1]
    clustering = clustering_from_labels(
        digits, RawPixels(), digits.data, row.labels, method=row.code
    )
    assert clustering.result.n_clusters == row.n_clusters + 1
    assert clustering.evaluation.cluster_sizes[-1] == row.noise
    assert clustering.method == row.code
    assert any("noise" in note for note in clustering.evaluation.notes)
    # The same partition: label-based scores do not change.
    assert clustering.evaluation.metrics["adjusted_rand"] == pytest.approx(row.ari, abs=1e-12)
    means = digits.data[clustering.result.labels == 0].mean(axis=0)
    np.testing.assert_allclose(clustering.pixel_centres()[0], means)
