"""seed_stability refits with several seeds and compares the partitions."""

import dataclasses

import numpy as np
import pytest
from sklearn.metrics import adjusted_rand_score

from digitgui.model import FitCancelled, KMeansConfig, fit_kmeans
from digitgui.model.stability import pairwise_ari, seed_stability


@pytest.fixture(scope="module")
def report(digits):
    return seed_stability(digits.data, KMeansConfig(), n_seeds=4)


def test_each_seed_is_a_fit_kmeans_run(digits, report):
    assert list(report.seeds) == [0, 1, 2, 3]
    labels = []
    for seed, inertia in zip(report.seeds, report.inertia, strict=True):
        fit = fit_kmeans(digits.data, dataclasses.replace(KMeansConfig(), random_state=int(seed)))
        assert inertia == fit.inertia
        labels.append(fit.labels)
    assert report.ari[0, 1] == adjusted_rand_score(labels[0], labels[1])
    assert report.min_inertia == report.inertia.min()
    assert report.max_inertia == report.inertia.max()
    assert report.best_seed == int(report.seeds[np.argmin(report.inertia)])


def test_ari_matrix_and_summary(report):
    ari = report.ari
    assert ari.shape == (4, 4)
    np.testing.assert_array_equal(ari, ari.T)
    np.testing.assert_array_equal(np.diag(ari), 1.0)
    pairs = ari[np.triu_indices(4, k=1)]
    assert report.mean_ari == pytest.approx(pairs.mean())
    assert report.std_ari == pytest.approx(pairs.std())
    assert 0.3 < report.mean_ari < 1.0  # digits with k=10: similar, not identical
    with pytest.raises(ValueError):
        report.ari[0, 1] = 0.0


def test_identical_partitions_count_once():
    a = np.array([0, 0, 1, 1, 2])
    renamed = np.array([2, 2, 0, 0, 1])
    other = np.array([0, 1, 0, 1, 2])
    ari = pairwise_ari([a, renamed, other])
    assert ari[0, 1] == pytest.approx(1.0)
    from digitgui.model.stability import _count_partitions

    assert _count_partitions(ari) == 2


def test_progress_and_cancel(digits):
    seen = []
    with pytest.raises(FitCancelled):
        seed_stability(
            digits.data,
            KMeansConfig(),
            10,
            progress=lambda done, total: seen.append((done, total)),
            should_stop=lambda: len(seen) >= 3,
        )
    assert seen == [(1, 10), (2, 10), (3, 10)]


def test_explicit_seeds_and_no_seed(digits):
    custom = seed_stability(digits.data, KMeansConfig(n_clusters=3), seeds=[7, 9])
    assert list(custom.seeds) == [7, 9]
    with pytest.raises(ValueError):
        seed_stability(digits.data, KMeansConfig(), seeds=[])


def test_the_pairwise_scores_stop_when_asked():
    labelings = [np.arange(100) % 3 for _ in range(20)]
    rows = []

    def stop_on_the_third_row() -> bool:
        rows.append(1)
        return len(rows) >= 3

    with pytest.raises(FitCancelled):
        pairwise_ari(labelings, stop_on_the_third_row)
    assert len(rows) == 3
