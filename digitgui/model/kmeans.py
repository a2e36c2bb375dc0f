"""KMeans fitting with progress and cancellation, bit-for-bit equal to scikit-learn."""

from __future__ import annotations

import time
import warnings
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from digitgui.model.arrays import read_only, squared_distances
from digitgui.model.config import KMeansConfig
from digitgui.model.jobs import ProgressFn, StopFn, check_cancel

#: Work between two cancel points of a fit, in seconds (restarts are grouped up to this).
STEP_SECONDS = 0.1
#: The data are checked for NaN in slices of this many bytes, with a cancel point between
#: slices (a whole 70,000 × 784 array took 0.2–1.4 s on a busy 2-core machine).
CHECK_SLICE_BYTES = 8 * 2**20


@dataclass(frozen=True, eq=False)
class ClusteringResult:
    """One finished KMeans fit; arrays are read-only.

    Attributes
    ----------
    centroids : (k, d) cluster centres.
    labels : (n,) cluster id of each training sample.
    inertia : sum of squared distances of samples to their centre.
    n_iter : iterations of the winning restart.
    seconds : wall time of the whole fit (all restarts).
    config : the parameters that produced it.
    """

    centroids: np.ndarray
    labels: np.ndarray
    inertia: float
    n_iter: int
    seconds: float
    config: KMeansConfig

    def __post_init__(self) -> None:
        object.__setattr__(self, "centroids", read_only(self.centroids, np.float64))
        object.__setattr__(self, "labels", read_only(self.labels, np.int64))

    @property
    def n_clusters(self) -> int:
        return int(self.centroids.shape[0])

    def distances(self, X: np.ndarray) -> np.ndarray:
        """Euclidean distance of each row of ``X`` to every centroid, shape (m, k)."""
        X = np.atleast_2d(np.asarray(X, dtype=np.float64))
        if X.shape[1] != self.centroids.shape[1]:
            raise ValueError(
                f"expected {self.centroids.shape[1]} features per sample, got {X.shape[1]}"
            )
        return np.sqrt(squared_distances(X, self.centroids))

    def predict(self, X: np.ndarray) -> np.ndarray:
        """Cluster id of each row of ``X`` (nearest centroid), shape (m,)."""
        return np.argmin(self.distances(X), axis=1)


@dataclass(frozen=True, eq=False)
class RestartsOutcome:
    """The best of one group of restarts: what one ``KMeans(n_init=count).fit`` keeps.

    Attributes
    ----------
    centers : (k, d) cluster centres.
    labels : (n,) cluster id of each sample.
    inertia : sum of squared distances of the samples to their centre.
    n_iter : iterations of that restart.
    """

    centers: np.ndarray
    labels: np.ndarray
    inertia: float
    n_iter: int


class RestartsFn(Protocol):
    """Runs one group of restarts: ``(data, config, rng, count, should_stop) -> outcome``.

    It must give what :func:`restarts_in_process` gives, and leave ``rng`` (the
    ``RandomState`` shared by all the groups of a fit) advanced exactly as that would,
    so the next group draws the next initial centres. ``should_stop`` is the fit's own
    stop callback: a runner that computes elsewhere may poll it meanwhile and raise
    ``FitCancelled`` (:func:`restarts_in_process` cannot: one scikit-learn fit has no
    cancel point).
    """

    def __call__(
        self,
        data: np.ndarray,
        config: KMeansConfig,
        rng: np.random.RandomState,
        count: int,
        should_stop: StopFn | None,
    ) -> RestartsOutcome: ...


def fit_kmeans(
    data: np.ndarray,
    config: KMeansConfig | None = None,
    *,
    progress: ProgressFn | None = None,
    should_stop: StopFn | None = None,
    run_restarts: RestartsFn | None = None,
) -> ClusteringResult:
    """Fit KMeans on ``data`` exactly as ``sklearn.cluster.KMeans(**config)`` would.

    (With ``config.method == "minibatch"`` it fits mini-batch KMeans instead:
    :func:`digitgui.model.minibatch.fit_minibatch`.)

    The restarts (``n_init``) run in small groups, each a scikit-learn fit drawing its
    initial centres from one shared random generator in the order scikit-learn does, and
    the best is kept by scikit-learn's own rule, so labels, centroids and inertia are
    identical. The first group is one restart; later groups hold as many restarts as take
    about :data:`STEP_SECONDS`, so that the per-fit overhead stays small while Cancel still
    answers within that time. Between groups ``progress(done, total)`` is called and
    ``should_stop()`` is asked whether to give up (raising :class:`FitCancelled`).

    Parameters
    ----------
    data : (n, d) array of samples.
    config : parameters; defaults to ``KMeansConfig()`` (k=10, random_state=42).
    progress : called with (restarts done, restarts in all).
    should_stop : polled before each group of restarts (and passed to ``run_restarts``).
    run_restarts : runs each group of restarts; :func:`restarts_in_process` (here, in
        this thread) by default. The worker layer passes one that runs large groups in a
        child process, which Cancel can stop midway.
    """
    config = config or KMeansConfig()
    data = np.asarray(data, dtype=np.float64)
    if data.ndim != 2 or data.shape[0] < config.n_clusters:
        raise ValueError(
            f"need at least {config.n_clusters} samples for {config.n_clusters} clusters; "
            f"data has shape {data.shape}"
        )
    _check_finite(data, should_stop)
    if config.method == "minibatch":
        from digitgui.model.minibatch import fit_minibatch

        return fit_minibatch(data, config, progress=progress, should_stop=should_stop)
    from sklearn.utils import check_random_state  # here: importing sklearn takes a second

    run_restarts = run_restarts or restarts_in_process
    total = config.resolved_n_init
    rng = check_random_state(config.random_state)
    started = time.perf_counter()
    best = None
    done, group = 0, 1
    while done < total:
        check_cancel(should_stop)
        step_started = time.perf_counter()
        run = run_restarts(data, config, rng, group, should_stop)
        if best is None or (
            run.inertia < best.inertia
            and not same_partition(run.labels, best.labels, config.n_clusters)
        ):
            best = run
        done += group
        if progress is not None:
            progress(done, total)
        per_restart = (time.perf_counter() - step_started) / group
        group = int(np.clip(STEP_SECONDS / max(per_restart, 1e-9), 1, total - done or 1))
    assert best is not None
    return ClusteringResult(
        centroids=best.centers,
        labels=best.labels,
        inertia=float(best.inertia),
        n_iter=int(best.n_iter),
        seconds=time.perf_counter() - started,
        config=config,
    )


def _check_finite(data: np.ndarray, should_stop: StopFn | None) -> None:
    """Raise ``ValueError`` if ``data`` (n, d) holds NaN or infinity; cancellable."""
    rows = max(1, CHECK_SLICE_BYTES // max(1, data.shape[1] * data.itemsize))
    for start in range(0, data.shape[0], rows):
        if start:  # between slices only: small data cost no call
            check_cancel(should_stop)
        if not np.isfinite(data[start : start + rows]).all():
            raise ValueError("data contains NaN or infinite values")


def restarts_in_process(
    data: np.ndarray,
    config: KMeansConfig,
    rng: np.random.RandomState,
    count: int,
    should_stop: StopFn | None = None,
) -> RestartsOutcome:
    """``count`` restarts in one scikit-learn fit, keeping the best as sklearn does.

    ``rng`` is one RandomState shared by every call, so the restarts draw their initial
    centres in the order a single ``KMeans(n_init=total)`` would. ``should_stop`` is not
    polled: the fit has no cancel point.
    """
    from sklearn.cluster import KMeans
    from sklearn.exceptions import ConvergenceWarning

    kwargs = config.sklearn_kwargs()
    kwargs.update(n_init=count, random_state=rng)
    with warnings.catch_warnings():
        # A restart with fewer distinct clusters than k is reported by the caller's checks.
        warnings.simplefilter("ignore", ConvergenceWarning)
        fitted = KMeans(**kwargs).fit(data)
    return RestartsOutcome(
        fitted.cluster_centers_, fitted.labels_, float(fitted.inertia_), int(fitted.n_iter_)
    )


def same_partition(labels1: np.ndarray, labels2: np.ndarray, n_clusters: int) -> bool:
    """True when two labelings are the same clustering up to a renaming of the clusters.

    As scikit-learn's rule: each cluster of ``labels1`` holds samples of one cluster of
    ``labels2`` only (a mapping from the first labels to the second exists).
    """
    labels1, labels2 = np.asarray(labels1), np.asarray(labels2)
    if labels1.shape != labels2.shape:
        raise ValueError(f"labelings differ in length: {labels1.shape} and {labels2.shape}")
    mapping = np.full(n_clusters, -1, dtype=np.int64)
    mapping[labels1] = labels2  # one sample's label per cluster; any will do
    return bool(np.array_equal(mapping[labels1], labels2))
