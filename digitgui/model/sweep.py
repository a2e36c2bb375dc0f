"""Choosing k: fit KMeans for a range of k and score each fit.

Plain numpy + scikit-learn; the GUI runs :func:`sweep_k` in a worker thread and plots each
:class:`SweepRow` as it arrives through ``on_row``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from digitgui.model.config import KMeansConfig
from digitgui.model.jobs import ProgressFn, StopFn, check_cancel
from digitgui.model.kmeans import RestartsFn, fit_kmeans
from digitgui.model.metrics import evaluate

RowFn = Callable[["SweepRow"], None]


@dataclass(frozen=True)
class SweepRow:
    """Scores of one KMeans fit in a sweep over k.

    Attributes
    ----------
    k : number of clusters.
    inertia : sum of squared distances to the nearest centre (lower is better).
    silhouette : mean silhouette coefficient over all samples (higher is better).
    calinski_harabasz : between/within dispersion ratio (higher is better).
    davies_bouldin : mean similarity to the most similar cluster (lower is better).
    seconds : wall time of the fit (all restarts), without the scoring.
    n_iter : Lloyd iterations of the kept restart.
    """

    k: int
    inertia: float
    silhouette: float
    calinski_harabasz: float
    davies_bouldin: float
    seconds: float
    n_iter: int


def sweep_k(
    data: np.ndarray,
    ks: Sequence[int],
    config: KMeansConfig | None = None,
    *,
    progress: ProgressFn | None = None,
    should_stop: StopFn | None = None,
    on_row: RowFn | None = None,
    run_restarts: RestartsFn | None = None,
) -> list[SweepRow]:
    """Fit KMeans once per k in ``ks`` (everything else from ``config``) and score each fit.

    Each fit is :func:`~digitgui.model.clustering.fit_kmeans` with
    ``dataclasses.replace(config, n_clusters=k)``, so it equals scikit-learn's ``KMeans``
    for those parameters. Scores come from :func:`~digitgui.model.metrics.evaluate`
    (``sklearn.metrics`` on all samples).

    Parameters
    ----------
    data : (n, d) samples.
    ks : the k values, fitted in the given order.
    config : every other parameter; defaults to ``KMeansConfig()``.
    progress : called with (k values done, k values in all) after each k.
    should_stop : polled before each k and between restarts; raises ``FitCancelled``.
    on_row : called with each :class:`SweepRow` as soon as its k is scored, in the
        caller's thread (the worker thread when run by the GUI).
    run_restarts : runs each group of KMeans restarts (see :func:`fit_kmeans`).

    Returns
    -------
    list of SweepRow, one per k, in the order of ``ks``.
    """
    config = config or KMeansConfig()
    ks = [int(k) for k in ks]
    rows: list[SweepRow] = []
    for done, k in enumerate(ks):
        check_cancel(should_stop)
        result = fit_kmeans(
            data,
            dataclasses.replace(config, n_clusters=k),
            should_stop=should_stop,
            run_restarts=run_restarts,
        )
        check_cancel(should_stop)
        evaluation = evaluate(
            data, result.labels, centroids=result.centroids, should_stop=should_stop
        )
        scores = evaluation.metrics
        row = SweepRow(
            k=k,
            inertia=result.inertia,
            silhouette=scores.get("silhouette", float("nan")),
            calinski_harabasz=scores.get("calinski_harabasz", float("nan")),
            davies_bouldin=scores.get("davies_bouldin", float("nan")),
            seconds=result.seconds,
            n_iter=result.n_iter,
        )
        rows.append(row)
        if on_row is not None:
            on_row(row)
        if progress is not None:
            progress(done + 1, len(ks))
    return rows


def elbow_k(rows: Sequence[SweepRow]) -> int | None:
    """The k at the elbow of the inertia curve, or None with fewer than three k values.

    Both axes are scaled to 0..1 (k over its range, inertia between its extremes), and the
    elbow is the point farthest from the straight line joining the first and the last
    point (the "kneedle" idea). Rows are sorted by k first.
    """
    ordered = sorted(rows, key=lambda row: row.k)
    if len(ordered) < 3:
        return None
    k = np.array([row.k for row in ordered], dtype=np.float64)
    inertia = np.array([row.inertia for row in ordered], dtype=np.float64)
    x = (k - k[0]) / (k[-1] - k[0])
    span = inertia.max() - inertia.min()
    if span == 0:
        return None
    y = (inertia - inertia.min()) / span
    # Distance of (x, y) to the line through the end points, up to a constant factor.
    dx, dy = x[-1] - x[0], y[-1] - y[0]
    distance = np.abs(dy * (x - x[0]) - dx * (y - y[0])) / np.hypot(dx, dy)
    return int(k[int(np.argmax(distance))])


def best_k_by_silhouette(rows: Sequence[SweepRow]) -> int | None:
    """The k with the highest silhouette (the smallest such k on a tie), or None."""
    scored = [row for row in rows if np.isfinite(row.silhouette)]
    if not scored:
        return None
    return max(scored, key=lambda row: (row.silhouette, -row.k)).k
