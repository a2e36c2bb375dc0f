"""Large KMeans restarts in a child process that Cancel stops for real.

One scikit-learn ``KMeans.fit`` has no cancel point, and on MNIST-sized data (70,000 ×
784) a single restart runs for seconds. :class:`ChildRestarts` is a
:class:`~digitgui.model.kmeans.RestartsFn` for :func:`~digitgui.model.kmeans.fit_kmeans`
(and ``cluster_dataset``, ``sweep_k``, ``seed_stability``) that decides per group of
restarts:

- small work (samples × features × clusters below :data:`CHILD_WORK`, e.g. the digits)
  runs here, in the worker thread, exactly as without it;
- large work runs in a child process (:func:`~digitgui.workers.child_process.run_in_child`),
  which is terminated within one poll (50 ms) of Cancel.

The data go to the child through one shared memory segment per job, made at the first
large group and read in place by every child of the job (no pickling, no copy per group);
the segment is closed and unlinked when the job ends, however it ends (result, Cancel,
error, a killed child). The shared ``RandomState`` travels as its state and comes back
advanced, so the fit is bit-for-bit the one scikit-learn's ``KMeans`` gives.

Memory: the segment is one more copy of the data (70,000 × 784 float64 = 439 MB) for the
length of the job; scikit-learn copies the data once more inside each fit, in the child
as it does in-process.
"""

from __future__ import annotations

import time
from types import TracebackType
from typing import TYPE_CHECKING

import numpy as np

from digitgui.model.config import KMeansConfig
from digitgui.model.jobs import ProgressFn, StopFn
from digitgui.model.kmeans import RestartsOutcome, restarts_in_process
from digitgui.workers.child_jobs import kmeans_restarts_shared, trace_kept_restart_shared
from digitgui.workers.child_process import run_in_child
from digitgui.workers.shared_array import SharedArray

if TYPE_CHECKING:  # imports scikit-learn, which the app loads after its window is up
    from digitgui.model.stepper import KMeansTrace

#: Work of one restart (samples × features × clusters) from which it runs in a child.
#: Measured on the 2-core build machine while busy (load 4; one OpenMP thread): the digits
#: (1797 × 64: 1.2 million at k = 10, 5.8 million at k = 50) fit a restart in 20–40 ms
#: and stay here; 10,000 × 100 × 10 = 10 million took 0.33 s, 70,000 × 64 × 10 = 45
#: million 1.6 s, 70,000 × 784 × 10 = 550 million 20–40 s. Starting a child cost 0.1–0.2 s
#: on that busy machine, copying 70,000 × 784 to shared memory 0.4–0.5 s (once per job).
CHILD_WORK = 10_000_000
#: An in-process group slower than this per restart sends the rest of the job to a child
#: (the estimate above was wrong for this data or machine, e.g. a large ``max_iter``).
SLOW_RESTART_SECONDS = 0.25


def restart_work(data: np.ndarray, config: KMeansConfig) -> int:
    """The size of one restart: samples × features × clusters."""
    n_samples, n_features = data.shape
    return int(n_samples) * int(n_features) * int(config.n_clusters)


class ChildRestarts:
    """A :class:`~digitgui.model.kmeans.RestartsFn` that runs large groups in a child.

    Use one per job, as a context manager, and pass it as ``run_restarts``; it runs in
    the worker thread::

        with ChildRestarts() as run_restarts:
            result = fit_kmeans(data, config, should_stop=stop, run_restarts=run_restarts)

    Parameters
    ----------
    min_work : groups whose :func:`restart_work` is at least this run in a child;
        :data:`CHILD_WORK` by default (0 sends every group there: the tests do).
    """

    def __init__(self, min_work: int | None = None) -> None:
        self.min_work = CHILD_WORK if min_work is None else int(min_work)
        self.groups_in_child = 0  # how many groups ran in a child (for tests and figures)
        self._shared: SharedArray | None = None
        self._source: np.ndarray | None = None  # the array it holds a copy of
        self._slow = False

    def __enter__(self) -> ChildRestarts:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    @property
    def segment_name(self) -> str | None:
        """The name of the job's shared memory segment, or None when there is none."""
        return None if self._shared is None else self._shared.name

    def __call__(
        self,
        data: np.ndarray,
        config: KMeansConfig,
        rng: np.random.RandomState,
        count: int,
        should_stop: StopFn | None = None,
    ) -> RestartsOutcome:
        """``count`` restarts of ``config`` on ``data``, here or in a child (see the class)."""
        if not self._slow and restart_work(data, config) < self.min_work:
            started = time.perf_counter()
            outcome = restarts_in_process(data, config, rng, count)
            self._slow = (time.perf_counter() - started) / count > SLOW_RESTART_SECONDS
            return outcome
        shared = self._share(data, should_stop)
        plain = run_in_child(
            kmeans_restarts_shared,
            shared.name,
            shared.shape,
            config,
            rng.get_state(),
            count,
            should_stop=should_stop,
        )
        self.groups_in_child += 1
        rng.set_state(plain["rng_state"])
        return RestartsOutcome(plain["centers"], plain["labels"], plain["inertia"], plain["n_iter"])

    def close(self) -> None:
        """Free the job's shared memory (see :meth:`SharedArray.close`). Safe to call twice."""
        shared, self._shared, self._source = self._shared, None, None
        if shared is not None:
            shared.close()

    def _share(self, data: np.ndarray, should_stop: StopFn | None) -> SharedArray:
        """A shared copy of ``data``, made on first use and kept for the job."""
        if self._shared is not None and self._source is data:
            return self._shared
        self.close()  # other data (a job fitting two arrays): one segment at a time
        self._shared = SharedArray(data, should_stop)
        self._source = data
        return self._shared


def trace_kept_restart_stoppable(
    data: np.ndarray,
    config: KMeansConfig,
    *,
    progress: ProgressFn | None = None,
    should_stop: StopFn | None = None,
) -> KMeansTrace:
    """:func:`~digitgui.model.stepper.trace_kept_restart`, in a child process for large
    data (its k-means++ start and each Lloyd step run for seconds without a cancel point
    at 70,000 × 784), reading the data from shared memory; here otherwise."""
    from digitgui.model.stepper import KMeansTrace, trace_kept_restart

    if restart_work(data, config) < CHILD_WORK:
        return trace_kept_restart(data, config, progress=progress, should_stop=should_stop)
    with SharedArray(data, should_stop) as shared:
        plain = run_in_child(
            trace_kept_restart_shared,
            shared.name,
            shared.shape,
            config,
            progress=progress,
            should_stop=should_stop,
        )
    return KMeansTrace(**plain)
