"""evaluate() gives exactly what sklearn.metrics gives, plus the tables the views need."""

import itertools

import numpy as np
import pytest
from sklearn import metrics as skm

from digitgui.model import evaluate
from digitgui.model.metrics import SilhouetteUndefined, silhouette_values


@pytest.fixture(scope="module")
def evaluation(digits, default_fit):
    return evaluate(digits.data, default_fit.labels, digits.target, centroids=default_fit.centroids)


def test_metrics_equal_scikit_learn(digits, default_fit, evaluation):
    y, labels, X = digits.target, default_fit.labels, digits.data
    expected = {
        "silhouette": skm.silhouette_score(X, labels),
        "calinski_harabasz": skm.calinski_harabasz_score(X, labels),
        "davies_bouldin": skm.davies_bouldin_score(X, labels),
        "adjusted_rand": skm.adjusted_rand_score(y, labels),
        "adjusted_mutual_info": skm.adjusted_mutual_info_score(y, labels),
        "normalized_mutual_info": skm.normalized_mutual_info_score(y, labels),
        "homogeneity": skm.homogeneity_score(y, labels),
        "completeness": skm.completeness_score(y, labels),
        "v_measure": skm.v_measure_score(y, labels),
        "fowlkes_mallows": skm.fowlkes_mallows_score(y, labels),
    }
    for name, value in expected.items():
        assert evaluation.metrics[name] == value, name
    assert evaluation.metrics["inertia"] == pytest.approx(default_fit.inertia, rel=1e-12)


def test_classic_run_figures(evaluation):
    # What scikit-learn computes for KMeans(n_clusters=10, random_state=42) on the digits.
    assert evaluation.metrics["silhouette"] == pytest.approx(0.17647, abs=1e-5)
    assert evaluation.metrics["adjusted_rand"] == pytest.approx(0.72581, abs=1e-5)


def test_tables(digits, default_fit, evaluation):
    sizes = np.bincount(default_fit.labels, minlength=10)
    np.testing.assert_array_equal(evaluation.cluster_sizes, sizes)
    assert evaluation.contingency.shape == (10, 10)
    np.testing.assert_array_equal(evaluation.contingency.sum(axis=1), sizes)
    np.testing.assert_array_equal(evaluation.contingency.sum(axis=0), np.bincount(digits.target))
    for cluster in range(10):
        members = digits.target[default_fit.labels == cluster]
        counts = np.bincount(members, minlength=10)
        assert evaluation.cluster_digits[cluster] == counts.argmax()
        assert evaluation.cluster_purity[cluster] == pytest.approx(counts.max() / counts.sum())


def test_matched_accuracy_is_the_best_one_to_one_matching():
    rng = np.random.default_rng(0)
    target = rng.integers(0, 4, 200)
    labels = rng.integers(0, 4, 200)
    data = rng.normal(size=(200, 3))
    best = max(
        np.mean(np.array(perm)[labels] == target) for perm in itertools.permutations(range(4))
    )
    assert evaluate(data, labels, target).metrics["matched_accuracy"] == pytest.approx(best)


def test_without_target_only_internal_metrics(digits, default_fit):
    result = evaluate(digits.data, default_fit.labels)
    assert set(result.metrics) == {"silhouette", "calinski_harabasz", "davies_bouldin", "inertia"}
    assert result.contingency is None and result.cluster_digits is None


def test_silhouette_on_a_sample_says_so(digits, default_fit):
    result = evaluate(digits.data, default_fit.labels, silhouette_max_samples=500)
    assert result.silhouette_sample_size == 500
    assert "500" in result.notes[0]
    expected = skm.silhouette_score(
        digits.data, default_fit.labels, sample_size=500, random_state=0
    )
    assert result.metrics["silhouette"] == expected


def test_silhouette_values_use_the_sample_the_metric_uses(digits, default_fit):
    from digitgui.model.metrics import silhouette_values

    result = evaluate(digits.data, default_fit.labels, silhouette_max_samples=700)
    values, rows = silhouette_values(digits.data, default_fit.labels, max_samples=700)
    assert rows is not None and len(rows) == len(values) == 700
    assert values.mean() == pytest.approx(result.metrics["silhouette"], rel=1e-12)
    everything, none = silhouette_values(digits.data, default_fit.labels)
    assert none is None
    assert everything.mean() == pytest.approx(skm.silhouette_score(digits.data, default_fit.labels))


def test_pixel_centres_are_centroids_on_raw_pixels_else_cluster_means(digits):
    from digitgui.model import KMeansConfig
    from digitgui.model.clustering import cluster_dataset
    from digitgui.model.space import make_space

    raw = cluster_dataset(digits, KMeansConfig(n_clusters=5))
    np.testing.assert_array_equal(raw.pixel_centres(), raw.result.centroids)
    pca = cluster_dataset(digits, KMeansConfig(n_clusters=5), make_space("PCA (20 components)"))
    centres = pca.pixel_centres()
    assert centres.shape == (5, 64)
    for cluster in range(5):
        members = digits.data[pca.result.labels == cluster]
        np.testing.assert_allclose(centres[cluster], members.mean(axis=0))


@pytest.mark.parametrize("n_clusters", [1, 10])
def test_silhouette_of_one_cluster_or_one_sample_per_cluster_is_undefined(digits, n_clusters):
    data, target = digits.data[:10], digits.target[:10]
    labels = np.arange(10) % n_clusters
    with pytest.raises(SilhouetteUndefined, match="between 2 and n−1 clusters"):
        silhouette_values(data, labels)
    evaluation = evaluate(data, labels, target)  # no crash: the scores are left out, with why
    assert not {"silhouette", "calinski_harabasz", "davies_bouldin"} & set(evaluation.metrics)
    assert evaluation.metrics["inertia"] >= 0.0
    assert any(f"{n_clusters} cluster" in note for note in evaluation.notes)
