"""Groups of restarts: an injected runner gets the shared generator, and same_partition."""

import dataclasses

import numpy as np
import pytest
from sklearn.cluster import KMeans

from digitgui.model import FitCancelled, KMeansConfig, fit_kmeans
from digitgui.model.clustering import cluster_dataset
from digitgui.model.kmeans import RestartsOutcome, restarts_in_process, same_partition
from digitgui.model.stability import seed_stability
from digitgui.model.sweep import sweep_k


def same_partition_by_loop(labels1, labels2, n_clusters) -> bool:
    """The rule written out sample by sample (scikit-learn's ``_is_same_clustering``)."""
    mapping = [-1] * n_clusters
    for a, b in zip(labels1, labels2, strict=True):
        if mapping[a] == -1:
            mapping[a] = b
        elif mapping[a] != b:
            return False
    return True


@pytest.mark.parametrize("seed", range(40))
def test_same_partition_agrees_with_the_loop(seed):
    rng = np.random.default_rng(seed)
    k = int(rng.integers(2, 6))
    labels1 = rng.integers(0, k, int(rng.integers(1, 30)))
    renamed = rng.permutation(k)[labels1]
    for labels2 in (renamed, rng.integers(0, k, labels1.size), labels1 % 2):
        assert same_partition(labels1, labels2, k) == same_partition_by_loop(labels1, labels2, k)
    assert same_partition(labels1, renamed, k)


def test_same_partition_is_the_mapping_from_the_first_labels():
    # Cluster 0 of the first holds clusters 0 and 1 of the second: not a renaming.
    assert not same_partition(np.array([0, 0, 1]), np.array([0, 1, 2]), 3)
    # Each first cluster lies inside one second cluster: same by scikit-learn's rule.
    assert same_partition(np.array([0, 1, 2]), np.array([0, 0, 1]), 3)
    with pytest.raises(ValueError, match="length"):
        same_partition(np.array([0, 1]), np.array([0, 1, 1]), 2)


class Recorder:
    """A runner that records its calls and runs each group here."""

    def __init__(self):
        self.calls = []

    def __call__(self, data, config, rng, count, should_stop):
        self.calls.append((data, config, rng, count, should_stop))
        return restarts_in_process(data, config, rng, count)


def test_an_injected_runner_gets_every_group_and_the_shared_generator(digits, monkeypatch):
    import digitgui.model.kmeans as kmeans

    monkeypatch.setattr(kmeans, "STEP_SECONDS", 0.0)  # one restart per group
    config = KMeansConfig(n_clusters=9, n_init=5, random_state=3)
    runner = Recorder()

    def stop() -> bool:
        return False

    ours = fit_kmeans(digits.data, config, should_stop=stop, run_restarts=runner)
    theirs = KMeans(**config.sklearn_kwargs()).fit(digits.data)
    assert [call[3] for call in runner.calls] == [1] * 5
    assert len({id(call[2]) for call in runner.calls}) == 1, "one generator for all groups"
    assert all(call[4] is stop for call in runner.calls)
    np.testing.assert_array_equal(ours.labels, theirs.labels_)
    np.testing.assert_array_equal(ours.centroids, theirs.cluster_centers_)
    assert (ours.inertia, ours.n_iter) == (theirs.inertia_, theirs.n_iter_)


def test_the_runners_outcome_is_what_the_fit_keeps(digits):
    centers = np.arange(20.0).reshape(2, 10)
    labels = np.arange(30) % 2

    def fixed(data, config, rng, count, should_stop):
        return RestartsOutcome(centers, labels, 12.5, 7)

    result = fit_kmeans(digits.data[:30, :10], KMeansConfig(n_clusters=2), run_restarts=fixed)
    np.testing.assert_array_equal(result.centroids, centers)
    np.testing.assert_array_equal(result.labels, labels)
    assert (result.inertia, result.n_iter) == (12.5, 7)


def test_a_runners_cancel_ends_the_fit(digits):
    def cancelled(data, config, rng, count, should_stop):
        raise FitCancelled()

    with pytest.raises(FitCancelled):
        fit_kmeans(digits.data, KMeansConfig(), run_restarts=cancelled)


def test_sweep_stability_and_cluster_dataset_pass_the_runner_on(digits):
    config = KMeansConfig(n_clusters=4, n_init=2, random_state=0)
    runner = Recorder()
    rows = sweep_k(digits.data, [3, 4], config, run_restarts=runner)
    assert rows == [
        dataclasses.replace(row, seconds=ours.seconds)
        for row, ours in zip(sweep_k(digits.data, [3, 4], config), rows, strict=True)
    ]
    assert {call[1].n_clusters for call in runner.calls} == {3, 4}
    runner.calls.clear()
    report = seed_stability(digits.data, config, 3, run_restarts=runner)
    np.testing.assert_array_equal(report.inertia, seed_stability(digits.data, config, 3).inertia)
    assert {call[1].random_state for call in runner.calls} == {0, 1, 2}
    runner.calls.clear()
    clustering = cluster_dataset(digits, config, run_restarts=runner)
    assert runner.calls and clustering.result.inertia == fit_kmeans(digits.data, config).inertia


def test_nan_is_found_in_any_slice_and_the_check_can_be_cancelled(digits, monkeypatch):
    import digitgui.model.kmeans as kmeans

    monkeypatch.setattr(kmeans, "CHECK_SLICE_BYTES", 64 * 8 * 100)  # 100 rows a slice
    data = np.array(digits.data)
    data[1500, 3] = np.inf
    with pytest.raises(ValueError, match="NaN or infinite"):
        fit_kmeans(data)
    asked = []

    def stop_at_the_third_slice() -> bool:
        asked.append(1)
        return len(asked) == 2

    with pytest.raises(FitCancelled):
        fit_kmeans(data, should_stop=stop_at_the_third_slice)
