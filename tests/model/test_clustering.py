"""fit_kmeans equals scikit-learn's KMeans, reports progress and can be cancelled."""

import numpy as np
import pytest
from sklearn.cluster import KMeans

from digitgui.model import ConfigError, FitCancelled, KMeansConfig, fit_kmeans

CONFIGS = [
    KMeansConfig(),
    KMeansConfig(n_clusters=8, init="random", random_state=0),  # n_init auto → 10 restarts
    KMeansConfig(n_clusters=12, n_init=4, random_state=7, algorithm="elkan"),
    KMeansConfig(n_clusters=5, n_init=3, max_iter=5, tol=0.0, random_state=1),
]


@pytest.mark.parametrize("config", CONFIGS, ids=lambda c: f"k{c.n_clusters}-{c.init}-{c.n_init}")
def test_fit_equals_scikit_learn(digits, config):
    ours = fit_kmeans(digits.data, config)
    theirs = KMeans(**config.sklearn_kwargs()).fit(digits.data)
    np.testing.assert_array_equal(ours.labels, theirs.labels_)
    np.testing.assert_array_equal(ours.centroids, theirs.cluster_centers_)
    assert ours.inertia == theirs.inertia_
    assert ours.n_iter == theirs.n_iter_


def test_default_config_is_the_classic_tutorial_run():
    params = KMeans(n_clusters=10, random_state=42).get_params()
    for key, value in KMeansConfig().sklearn_kwargs().items():
        assert params[key] == value, key


def test_result_is_read_only_and_predicts_its_own_labels(digits, default_fit):
    with pytest.raises(ValueError):
        default_fit.labels[0] = 3
    with pytest.raises(ValueError):
        default_fit.centroids[0, 0] = 1.0
    np.testing.assert_array_equal(default_fit.predict(digits.data), default_fit.labels)
    distances = default_fit.distances(digits.data[:5])
    assert distances.shape == (5, 10)
    expected = np.linalg.norm(digits.data[:5, None, :] - default_fit.centroids[None], axis=2)
    np.testing.assert_allclose(distances, expected, rtol=1e-9, atol=1e-9)


def test_predict_rejects_wrong_feature_count(default_fit):
    with pytest.raises(ValueError, match="64 features"):
        default_fit.predict(np.zeros((1, 63)))


def test_progress_counts_restarts_up_to_the_total(digits):
    seen = []
    fit_kmeans(digits.data, KMeansConfig(n_init=7), progress=lambda d, t: seen.append((d, t)))
    assert seen[0] == (1, 7), "the first restart runs alone and reports"
    assert seen[-1] == (7, 7)
    done = [d for d, _ in seen]
    assert done == sorted(set(done))


def test_restarts_are_grouped_to_keep_cancel_responsive(digits, monkeypatch):
    import digitgui.model.kmeans as clustering

    monkeypatch.setattr(clustering, "STEP_SECONDS", 0.0)  # every restart its own step
    seen = []
    fit_kmeans(digits.data, KMeansConfig(n_init=4), progress=lambda d, t: seen.append(d))
    assert seen == [1, 2, 3, 4]
    monkeypatch.setattr(clustering, "STEP_SECONDS", 1e6)  # all the rest in one step
    seen.clear()
    fit_kmeans(digits.data, KMeansConfig(n_init=4), progress=lambda d, t: seen.append(d))
    assert seen == [1, 4]


def test_cancel_between_restarts(digits, monkeypatch):
    import digitgui.model.kmeans as clustering

    monkeypatch.setattr(clustering, "STEP_SECONDS", 0.0)
    calls = []

    def should_stop():
        calls.append(1)
        return len(calls) > 2  # let two restarts run, then stop

    with pytest.raises(FitCancelled):
        fit_kmeans(digits.data, KMeansConfig(n_init=5), should_stop=should_stop)
    assert len(calls) == 3


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"n_clusters": 1}, "n_clusters must be from 2 to 50"),
        ({"n_clusters": 51}, "n_clusters must be from 2 to 50"),
        ({"n_clusters": 2.5}, "n_clusters must be a whole number"),
        ({"init": "kmeans"}, "init must be one of"),
        ({"n_init": 0}, "n_init must be from 1"),
        ({"n_init": "many"}, "n_init must be a whole number"),
        ({"max_iter": 0}, "max_iter must be from 1"),
        ({"tol": -1.0}, "tol must be a finite number"),
        ({"tol": "small"}, "tol must be a number"),
        ({"random_state": -3}, "random_state must be from 0"),
        ({"algorithm": "full"}, "algorithm must be one of"),
    ],
)
def test_bad_config_gives_a_clear_error(kwargs, message):
    with pytest.raises(ConfigError, match=message):
        KMeansConfig(**kwargs)


def test_fit_rejects_bad_data():
    with pytest.raises(ValueError, match="NaN"):
        fit_kmeans(np.full((20, 4), np.nan))
    with pytest.raises(ValueError, match="at least 10 samples"):
        fit_kmeans(np.zeros((5, 4)))


@pytest.mark.parametrize("step_seconds", [0.0, 1e6])
@pytest.mark.parametrize(
    "config",
    [
        KMeansConfig(n_clusters=9, init="random", random_state=3),
        KMeansConfig(n_clusters=11, n_init=6, random_state=5),
    ],
    ids=["random-auto", "kmeans++-6"],
)
def test_grouping_restarts_keeps_the_scikit_learn_result(digits, monkeypatch, config, step_seconds):
    import digitgui.model.kmeans as clustering

    monkeypatch.setattr(clustering, "STEP_SECONDS", step_seconds)
    ours = fit_kmeans(digits.data, config)
    theirs = KMeans(**config.sklearn_kwargs()).fit(digits.data)
    np.testing.assert_array_equal(ours.labels, theirs.labels_)
    np.testing.assert_array_equal(ours.centroids, theirs.cluster_centers_)
    assert ours.inertia == theirs.inertia_
