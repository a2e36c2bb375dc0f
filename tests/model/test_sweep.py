"""sweep_k fits every k like fit_kmeans, scores it with sklearn.metrics, reports rows early."""

import dataclasses

import numpy as np
import pytest
from sklearn import metrics

from digitgui.model import FitCancelled, KMeansConfig, fit_kmeans
from digitgui.model.sweep import SweepRow, best_k_by_silhouette, elbow_k, sweep_k

CONFIG = KMeansConfig(random_state=0)


@pytest.fixture(scope="module")
def small_sweep(digits):
    rows_seen, progress_seen = [], []
    rows = sweep_k(
        digits.data,
        [2, 3, 4, 5],
        CONFIG,
        on_row=rows_seen.append,
        progress=lambda done, total: progress_seen.append((done, total)),
    )
    return rows, rows_seen, progress_seen


def test_each_row_is_the_fit_of_that_k_scored_by_sklearn(digits, small_sweep):
    rows, _, _ = small_sweep
    assert [row.k for row in rows] == [2, 3, 4, 5]
    for row in rows:
        fit = fit_kmeans(digits.data, dataclasses.replace(CONFIG, n_clusters=row.k))
        assert row.inertia == fit.inertia
        assert row.n_iter == fit.n_iter
        assert row.silhouette == pytest.approx(metrics.silhouette_score(digits.data, fit.labels))
        assert row.calinski_harabasz == pytest.approx(
            metrics.calinski_harabasz_score(digits.data, fit.labels)
        )
        assert row.davies_bouldin == pytest.approx(
            metrics.davies_bouldin_score(digits.data, fit.labels)
        )
        assert row.seconds > 0


def test_rows_arrive_one_by_one_with_progress(small_sweep):
    rows, rows_seen, progress_seen = small_sweep
    assert rows_seen == rows
    assert progress_seen == [(1, 4), (2, 4), (3, 4), (4, 4)]


def test_cancel_stops_before_the_next_k(digits):
    rows_seen = []

    def should_stop():
        return len(rows_seen) >= 2

    with pytest.raises(FitCancelled):
        sweep_k(digits.data, range(2, 30), CONFIG, should_stop=should_stop, on_row=rows_seen.append)
    assert [row.k for row in rows_seen] == [2, 3]


def _rows(inertia):
    return [SweepRow(k, value, 0.0, 0.0, 0.0, 0.0, 1) for k, value in enumerate(inertia, 2)]


def test_elbow_is_the_point_farthest_from_the_chord():
    # Falls steeply to k=4, then almost flat: the elbow is at k=4.
    assert elbow_k(_rows([100.0, 50.0, 20.0, 18.0, 16.0, 14.0])) == 4
    # Order of the rows does not matter.
    assert elbow_k(list(reversed(_rows([100.0, 50.0, 20.0, 18.0, 16.0, 14.0])))) == 4


def test_elbow_needs_three_points_and_a_varying_curve():
    assert elbow_k(_rows([10.0, 5.0])) is None
    assert elbow_k(_rows([3.0, 3.0, 3.0])) is None


def test_best_silhouette_picks_the_highest_and_the_smaller_k_on_ties():
    rows = [SweepRow(k, 0.0, s, 0.0, 0.0, 0.0, 1) for k, s in [(2, 0.1), (3, 0.3), (4, 0.3)]]
    assert best_k_by_silhouette(rows) == 3
    assert best_k_by_silhouette([]) is None
    assert best_k_by_silhouette([SweepRow(2, 0.0, np.nan, 0.0, 0.0, 0.0, 1)]) is None


def test_digits_elbow_and_silhouette_are_plausible(digits):
    rows = sweep_k(digits.data, range(2, 16), KMeansConfig())
    assert 5 <= elbow_k(rows) <= 12
    best = best_k_by_silhouette(rows)
    assert max(row.silhouette for row in rows) == next(r for r in rows if r.k == best).silhouette
