"""kmeans_steps replays scikit-learn's Lloyd iterations one at a time."""

import warnings

import numpy as np
import pytest
from sklearn.cluster import KMeans, kmeans_plusplus
from sklearn.utils import check_random_state

from digitgui.model import FitCancelled, KMeansConfig, fit_kmeans, stepper
from digitgui.model.stepper import kmeans_steps, trace_kept_restart

CONFIGS = [
    KMeansConfig(n_init=1),
    KMeansConfig(n_clusters=8, init="random", n_init=1, random_state=0),
    KMeansConfig(n_clusters=30, n_init=1, random_state=5),
    KMeansConfig(n_clusters=6, n_init=1, tol=0.0, random_state=3),
]
IDS = ["default", "random-init", "k30", "tol0"]


def _sklearn(data, config, **overrides):
    kwargs = {**config.sklearn_kwargs(), "n_init": 1, "algorithm": "lloyd", **overrides}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # duplicate points: fewer distinct clusters than k
        return KMeans(**kwargs).fit(data)


@pytest.mark.parametrize("config", CONFIGS, ids=IDS)
def test_final_step_equals_kmeans(digits, config):
    trace = kmeans_steps(digits.data, config)
    km = _sklearn(digits.data, config)
    np.testing.assert_array_equal(trace.final_labels, km.labels_)
    np.testing.assert_allclose(trace.final_centroids, km.cluster_centers_, rtol=0, atol=1e-10)
    assert trace.final_inertia == pytest.approx(km.inertia_, rel=1e-12)
    assert trace.n_steps == km.n_iter_
    assert trace.converged


@pytest.mark.parametrize("config", CONFIGS, ids=IDS)
def test_inertia_never_increases(digits, config):
    trace = kmeans_steps(digits.data, config)
    curve = np.append(trace.inertia, trace.final_inertia)
    assert np.all(np.diff(curve) <= 1e-9 * curve[0])
    assert curve[-1] < curve[0]


def test_initial_centres_are_those_sklearn_draws(digits):
    config = KMeansConfig(n_clusters=10, random_state=11, n_init=1)
    trace = kmeans_steps(digits.data, config)
    centred = digits.data - digits.data.mean(axis=0)
    expected, _ = kmeans_plusplus(centred, 10, random_state=check_random_state(11))
    np.testing.assert_allclose(trace.initial_centroids, expected + digits.data.mean(axis=0))
    # Every initial centre is a data sample.
    for centre in trace.initial_centroids:
        assert np.min(np.abs(digits.data - centre).sum(axis=1)) < 1e-9


def test_shapes_and_changed_counts(digits):
    trace = kmeans_steps(digits.data, KMeansConfig(n_init=1))
    n, s = len(digits.data), trace.n_steps
    assert trace.centroids.shape == (s + 1, 10, 64)
    assert trace.labels.shape == (s, n)
    assert trace.changed[0] == n  # the first assignment places every sample
    for t in range(1, s):
        assert trace.changed[t] == np.count_nonzero(trace.labels[t] != trace.labels[t - 1])
    assert trace.changed[-1] == 0  # converged: labels did not change
    with pytest.raises(ValueError):
        trace.labels[0, 0] = 1


def test_max_steps_equals_a_capped_kmeans(digits):
    config = KMeansConfig(n_init=1, random_state=0)
    trace = kmeans_steps(digits.data, config, max_steps=3)
    km = _sklearn(digits.data, config, max_iter=3)
    assert trace.n_steps == 3 and not trace.converged
    np.testing.assert_array_equal(trace.final_labels, km.labels_)
    np.testing.assert_allclose(trace.final_centroids, km.cluster_centers_, rtol=0, atol=1e-10)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_later_restarts_and_the_kept_one_equal_fit_kmeans(digits, seed):
    config = KMeansConfig(n_clusters=9, init="random", n_init=5, random_state=seed)
    kept = trace_kept_restart(digits.data, config)
    fit = fit_kmeans(digits.data, config)
    np.testing.assert_array_equal(kept.final_labels, fit.labels)
    np.testing.assert_allclose(kept.final_centroids, fit.centroids, rtol=0, atol=1e-10)
    assert kept.n_steps == fit.n_iter
    same = kmeans_steps(digits.data, config, restart=kept.restart)
    np.testing.assert_array_equal(same.final_labels, kept.final_labels)


def test_a_later_restart_can_be_kept(digits):
    restarts = {
        trace_kept_restart(
            digits.data, KMeansConfig(n_clusters=9, init="random", n_init=5, random_state=seed)
        ).restart
        for seed in range(4)
    }
    assert restarts != {0}


def test_empty_clusters_are_relocated_like_sklearn(monkeypatch):
    # Many duplicated points: random init picks the same point twice, so a cluster
    # starts empty and is relocated to the farthest sample.
    rng = np.random.RandomState(0)
    data = np.vstack([np.zeros((30, 2)), np.full((30, 2), 5.0), rng.normal(2, 3, (20, 2))])
    empties = []
    original = stepper._update

    def counting_update(X, centers, labels):
        empties.append(np.any(np.bincount(labels, minlength=len(centers)) == 0))
        return original(X, centers, labels)

    monkeypatch.setattr(stepper, "_update", counting_update)
    for seed in range(3):
        config = KMeansConfig(n_clusters=6, init="random", n_init=1, random_state=seed)
        trace = kmeans_steps(data, config)
        km = _sklearn(data, config)
        np.testing.assert_array_equal(trace.final_labels, km.labels_)
        np.testing.assert_allclose(trace.final_centroids, km.cluster_centers_, rtol=0, atol=1e-10)
    assert any(empties)


def test_cancel_and_bad_restart(digits):
    with pytest.raises(FitCancelled):
        kmeans_steps(digits.data, KMeansConfig(n_init=1), should_stop=lambda: True)
    with pytest.raises(ValueError, match="restart"):
        kmeans_steps(digits.data, KMeansConfig(n_init=2), restart=2)


def test_progress_counts_steps_within_a_restart(digits, monkeypatch):
    monkeypatch.setattr(stepper, "STEP_REPORT_SECONDS", 0.0)  # every step
    config = KMeansConfig(n_clusters=10, init="random", n_init=2, max_iter=50, random_state=1)
    seen = []
    traces = list(stepper._traces(digits.data, config, None, None))
    trace_kept_restart(digits.data, config, progress=lambda *p: seen.append(p))
    assert {total for _, total in seen} == {2 * 50}
    done = [d for d, _ in seen]
    assert done == sorted(done), "never backwards"
    first, second = traces[0].n_steps, traces[1].n_steps
    expected = [*range(1, first + 1), 50, *range(51, 51 + second), 100]
    assert done == expected


def test_step_progress_is_throttled(digits):
    seen = []
    config = KMeansConfig(n_clusters=10, n_init=1, random_state=0)
    trace = trace_kept_restart(digits.data, config, progress=lambda *p: seen.append(p))
    assert trace.n_steps > 3
    assert seen[0] == (1, config.max_iter), "the first step is reported at once"
    assert len(seen) < trace.n_steps + 1, "steps 0.1 s apart at most"
    assert seen[-1] == (config.max_iter, config.max_iter)
