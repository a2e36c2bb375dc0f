"""compare_inits reproduces scikit-learn's plot_kmeans_digits benchmark."""

import numpy as np
import pytest
from sklearn import metrics
from sklearn.cluster import KMeans
from sklearn.decomposition import PCA
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from digitgui.model import Dataset, FitCancelled
from digitgui.model.compare import COLUMNS, compare_inits


@pytest.fixture(scope="module")
def rows(digits):
    return compare_inits(digits)


def _example_bench(kmeans, data, labels, scaled=True):
    """The example's bench_k_means, written out independently (silhouette seeded)."""
    estimator = make_pipeline(StandardScaler(), kmeans) if scaled else make_pipeline(kmeans)
    estimator.fit(data)
    labels_pred = estimator[-1].labels_
    return {
        "inertia": estimator[-1].inertia_,
        "homogeneity": metrics.homogeneity_score(labels, labels_pred),
        "completeness": metrics.completeness_score(labels, labels_pred),
        "v_measure": metrics.v_measure_score(labels, labels_pred),
        "ari": metrics.adjusted_rand_score(labels, labels_pred),
        "ami": metrics.adjusted_mutual_info_score(labels, labels_pred),
        "silhouette": metrics.silhouette_score(
            data, labels_pred, metric="euclidean", sample_size=300, random_state=0
        ),
    }


@pytest.mark.parametrize("scaled", [True, False])
def test_rows_equal_the_example_protocol(digits, rows, scaled):
    data, labels = digits.data, digits.target
    n_digits = np.unique(labels).size
    pca = PCA(n_components=n_digits).fit(data)
    expected = {
        "k-means++": _example_bench(
            KMeans(init="k-means++", n_clusters=n_digits, n_init=4, random_state=0),
            data,
            labels,
            scaled,
        ),
        "random": _example_bench(
            KMeans(init="random", n_clusters=n_digits, n_init=4, random_state=0),
            data,
            labels,
            scaled,
        ),
        "PCA-based": _example_bench(
            KMeans(init=pca.components_, n_clusters=n_digits, n_init=1), data, labels, scaled
        ),
    }
    chosen = [row for row in rows if row["scaled"] == scaled]
    assert [row["init"] for row in chosen] == ["k-means++", "random", "PCA-based"]
    for row in chosen:
        for key, value in expected[row["init"]].items():
            assert row[key] == value, (row["init"], key)


def test_rows_have_every_key_and_unscaled_rows_fit_raw_pixels(digits, rows):
    assert len(rows) == 6
    assert all(tuple(row) == COLUMNS for row in rows)
    assert [row["scaled"] for row in rows] == [True] * 3 + [False] * 3
    raw = KMeans(init="k-means++", n_clusters=10, n_init=4, random_state=0).fit(digits.data)
    assert rows[3]["inertia"] == raw.inertia_
    # Raw-pixel inertia is in other units than the scaled one.
    assert rows[3]["inertia"] > 10 * rows[0]["inertia"]
    assert all(row["seconds"] > 0 for row in rows)


def test_progress_and_cancel(digits):
    seen = []
    with pytest.raises(FitCancelled):
        compare_inits(
            digits,
            progress=lambda done, total: seen.append((done, total)),
            should_stop=lambda: len(seen) >= 2,
        )
    assert seen == [(1, 6), (2, 6)]


def test_needs_true_labels(digits):
    unlabelled = Dataset(digits.data, None, None, "no labels")
    with pytest.raises(ValueError, match="true labels"):
        compare_inits(unlabelled)
