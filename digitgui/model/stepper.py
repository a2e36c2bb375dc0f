"""KMeans one Lloyd iteration at a time, recording every step for the step-by-step view.

The steps reproduce what ``sklearn.cluster.KMeans(algorithm="lloyd")`` does inside
``fit`` (scikit-learn 1.4–1.9, ``_kmeans.py`` and ``_k_means_lloyd.pyx``):

- the data are centred on their mean first (centroids are shifted back at the end);
- the initial centres come from the same shared ``RandomState`` in the same order:
  ``kmeans_plusplus`` for "k-means++", ``rng.choice(n, k, replace=False, p=w / w.sum())``
  for "random", one draw per restart;
- one iteration assigns every sample to the centre minimising ``|c|² - 2 x·c``, then
  moves each centre to the mean of its samples (an empty cluster takes the sample
  farthest from its centre, as ``_relocate_empty_clusters_dense`` does);
- it stops when the labels did not change, or when the summed squared centre shift is
  at most ``tol × mean(variance of each feature)``; in the second case (and after
  ``max_iter``) the samples are assigned once more to the final centres.

Results equal scikit-learn's up to floating-point summation order (about 1e-12).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np
from sklearn.cluster import kmeans_plusplus
from sklearn.utils import check_random_state
from sklearn.utils.extmath import row_norms

from digitgui.model.arrays import cluster_sums, read_only, sum_of_squares
from digitgui.model.config import KMeansConfig
from digitgui.model.jobs import ProgressFn, StopFn, check_cancel
from digitgui.model.kmeans import same_partition

#: Progress within a restart is reported at most this often (seconds): a step of the
#: digits takes a millisecond, one of 70,000 × 784 data up to a second.
STEP_REPORT_SECONDS = 0.1


@dataclass(frozen=True, eq=False)
class KMeansTrace:
    """Every Lloyd iteration of one KMeans restart; arrays are read-only.

    Attributes
    ----------
    centroids : (s + 1, k, d) centres: ``centroids[0]`` the initial ones,
        ``centroids[t + 1]`` those after the update of step ``t``.
    labels : (s, n) the assignment of step ``t`` (to ``centroids[t]``); int16 for k < 32768.
    inertia : (s,) sum of squared distances of the samples to their centre at step ``t``
        (``labels[t]`` against ``centroids[t]``: what ``KMeans(verbose=1)`` prints).
    changed : (s,) samples whose cluster differs from the step before (all at step 0).
    center_shift : (s,) sum of the squared moves of the centres during step ``t``.
    final_labels, final_centroids, final_inertia : what ``KMeans.fit`` reports.
    converged : False when ``max_iter`` (or ``max_steps``) ended the run.
    tol : the absolute tolerance on ``center_shift``.
    restart : which restart (0-based) this is.
    """

    centroids: np.ndarray
    labels: np.ndarray
    inertia: np.ndarray
    changed: np.ndarray
    center_shift: np.ndarray
    final_labels: np.ndarray
    final_centroids: np.ndarray
    final_inertia: float
    converged: bool
    tol: float
    restart: int

    def __post_init__(self) -> None:
        for name in ("centroids", "labels", "inertia", "changed", "center_shift"):
            object.__setattr__(self, name, read_only(getattr(self, name)))
        object.__setattr__(self, "final_labels", read_only(self.final_labels))
        object.__setattr__(self, "final_centroids", read_only(self.final_centroids))

    @property
    def n_steps(self) -> int:
        return int(self.labels.shape[0])

    @property
    def initial_centroids(self) -> np.ndarray:
        return self.centroids[0]


def kmeans_steps(
    data: np.ndarray,
    config: KMeansConfig | None = None,
    max_steps: int | None = None,
    *,
    restart: int = 0,
    should_stop: StopFn | None = None,
) -> KMeansTrace:
    """Trace restart ``restart`` of ``KMeans(**config)`` one Lloyd iteration at a time.

    Parameters
    ----------
    data : (n, d) samples.
    config : parameters (``algorithm`` is ignored: the steps are always Lloyd's, whose
        result Elkan's algorithm reproduces).
    max_steps : at most this many iterations (default ``config.max_iter``); the result
        then equals ``KMeans(max_iter=max_steps)``.
    restart : 0 traces the first restart (what ``n_init=1`` fits).
    should_stop : polled before every iteration; raises ``FitCancelled``.
    """
    config = config or KMeansConfig()
    for trace in _traces(data, config, max_steps, should_stop):
        if trace.restart == restart:
            return trace
    raise ValueError(f"restart must be from 0 to {config.resolved_n_init - 1}; got {restart}")


def trace_kept_restart(
    data: np.ndarray,
    config: KMeansConfig | None = None,
    max_steps: int | None = None,
    *,
    progress: ProgressFn | None = None,
    should_stop: StopFn | None = None,
) -> KMeansTrace:
    """Trace every restart and return the one ``KMeans`` keeps (lowest inertia).

    The kept restart is chosen by scikit-learn's rule (a lower inertia that is not the
    same partition), so its final labels and centroids are those of ``fit_kmeans``.
    ``progress(done, total)`` counts Lloyd steps against the most there can be
    (restarts × ``max_steps``): a restart that converges early counts in full.
    """
    config = config or KMeansConfig()
    steps = config.max_iter if max_steps is None else int(max_steps)
    total = config.resolved_n_init * steps
    on_step = None if progress is None else _step_reporter(progress, steps, total)
    best: KMeansTrace | None = None
    for trace in _traces(data, config, max_steps, should_stop, on_step):
        if best is None or (
            trace.final_inertia < best.final_inertia
            and not same_partition(trace.final_labels, best.final_labels, config.n_clusters)
        ):
            best = trace
        if progress is not None:
            progress((trace.restart + 1) * steps, total)
    assert best is not None
    return best


def _step_reporter(progress: ProgressFn, steps: int, total: int) -> StepFn:
    """``on_step(restart, step)`` that passes steps on to ``progress``, throttled."""
    last = [-float("inf")]

    def on_step(restart: int, step: int) -> None:
        now = time.monotonic()
        if now - last[0] >= STEP_REPORT_SECONDS:
            last[0] = now
            progress(restart * steps + step, total)

    return on_step


#: ``on_step(restart, steps_done)``, called after each Lloyd step.
StepFn = Callable[[int, int], None]


def _traces(
    data: np.ndarray,
    config: KMeansConfig,
    max_steps: int | None,
    should_stop: StopFn | None,
    on_step: StepFn | None = None,
) -> Iterator[KMeansTrace]:
    """Every restart in order, drawing initial centres from one shared generator."""
    data = np.asarray(data, dtype=np.float64)
    if data.ndim != 2 or data.shape[0] < config.n_clusters:
        raise ValueError(f"need at least {config.n_clusters} samples; data is {data.shape}")
    tol = float(np.mean(np.var(data, axis=0)) * config.tol) if config.tol else 0.0
    mean = data.mean(axis=0)
    X = data - mean
    squared_norms = row_norms(X, squared=True)
    rng = check_random_state(config.random_state)
    steps = config.max_iter if max_steps is None else int(max_steps)
    for restart in range(config.resolved_n_init):
        check_cancel(should_stop)
        initial = _initial_centers(X, squared_norms, config, rng)
        yield _lloyd(X, mean, initial, steps, tol, restart, should_stop, on_step)


def _initial_centers(
    X: np.ndarray, squared_norms: np.ndarray, config: KMeansConfig, rng: np.random.RandomState
) -> np.ndarray:
    if config.init == "k-means++":
        centers, _ = kmeans_plusplus(
            X, config.n_clusters, x_squared_norms=squared_norms, random_state=rng
        )
        return centers
    weight = np.ones(X.shape[0], dtype=X.dtype)
    seeds = rng.choice(X.shape[0], size=config.n_clusters, replace=False, p=weight / weight.sum())
    return X[seeds]


def _lloyd(
    X: np.ndarray,
    mean: np.ndarray,
    centers: np.ndarray,
    max_steps: int,
    tol: float,
    restart: int,
    should_stop: StopFn | None,
    on_step: StepFn | None = None,
) -> KMeansTrace:
    history, labels_seen, inertias, changed, shifts = [centers], [], [], [], []
    labels_old = np.full(X.shape[0], -1, dtype=np.int64)
    strict = converged = False
    for _ in range(max_steps):
        check_cancel(should_stop)
        labels = _assign(X, centers)
        new_centers = _update(X, centers, labels)
        shift = float(np.sum((new_centers - centers) ** 2))
        labels_seen.append(labels)
        inertias.append(_inertia(X, centers, labels))
        changed.append(int(np.count_nonzero(labels != labels_old)))
        shifts.append(shift)
        history.append(new_centers)
        centers = new_centers
        if on_step is not None:
            on_step(restart, len(history) - 1)
        if np.array_equal(labels, labels_old):
            strict = converged = True
            break
        if shift <= tol:
            converged = True
            break
        labels_old = labels
    final_labels = labels_seen[-1] if strict else _assign(X, centers)
    return KMeansTrace(
        centroids=np.stack(history) + mean,
        # Compact: one label per sample and step adds up (300 steps × n samples).
        labels=np.stack(labels_seen).astype(np.int16 if len(centers) < 2**15 else np.int64),
        inertia=np.array(inertias),
        changed=np.array(changed),
        center_shift=np.array(shifts),
        final_labels=final_labels,
        final_centroids=centers + mean,
        final_inertia=_inertia(X, centers, final_labels),
        converged=converged,
        tol=tol,
        restart=restart,
    )


def _assign(X: np.ndarray, centers: np.ndarray) -> np.ndarray:
    """Nearest centre of each sample, by ``|c|² - 2 x·c`` as scikit-learn computes it."""
    distances = row_norms(centers, squared=True)[None, :] - 2.0 * (X @ centers.T)
    return np.argmin(distances, axis=1).astype(np.int64)


def _update(X: np.ndarray, centers_old: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Mean of each cluster's samples; an empty cluster takes the farthest sample."""
    k = centers_old.shape[0]
    sums = cluster_sums(X, labels, k)
    weight = np.bincount(labels, minlength=k).astype(np.float64)
    empty = np.flatnonzero(weight == 0)
    if empty.size:
        distances = ((X - centers_old[labels]) ** 2).sum(axis=1)
        if distances.max() > 0:
            far = np.argpartition(distances, -empty.size)[: -empty.size - 1 : -1]
            for cluster, sample in zip(empty, far, strict=True):
                sums[labels[sample]] -= X[sample]
                sums[cluster] = X[sample]
                weight[cluster] = 1.0
                weight[labels[sample]] -= 1.0
    # In place and in this order, like scikit-learn's ``_average_centers``.
    biggest = int(np.argmax(weight))
    for j in range(k):
        if weight[j] > 0:
            sums[j] *= 1.0 / weight[j]
        else:
            sums[j] = sums[biggest]
    return sums


def _inertia(X: np.ndarray, centers: np.ndarray, labels: np.ndarray) -> float:
    return sum_of_squares(X - centers[labels])
