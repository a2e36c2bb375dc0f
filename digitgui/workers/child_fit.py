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
from multiprocessing.shared_memory import SharedMemory
from types import TracebackType

import numpy as np

from digitgui.model.config import KMeansConfig
from digitgui.model.jobs import StopFn, check_cancel
from digitgui.model.kmeans import RestartsOutcome, restarts_in_process
from digitgui.workers.child_jobs import kmeans_restarts_shared
from digitgui.workers.child_process import run_in_child

#: Work of one restart (samples × features × clusters) from which it runs in a child.
#: Measured on a 2-core machine (scripts in the branch notes): the digits' default, 1797 ×
#: 64 × 10 ≈ 1.2 million, fits in ~20 ms in-process and stays there, as does the whole
#: digits k range up to 50 (5.8 million); 10,000 × 784 × 10 = 78 million takes 0.5–2 s a
#: restart, and a child costs ~30 ms to start (plus copying the data once per job).
CHILD_WORK = 20_000_000
#: An in-process group slower than this per restart sends the rest of the job to a child
#: (the estimate above was wrong for this data or machine, e.g. a large ``max_iter``).
SLOW_RESTART_SECONDS = 0.25
#: The data are copied into shared memory in slices of this many bytes, with a cancel
#: point between slices (copying 439 MB takes a few hundred milliseconds).
COPY_SLICE_BYTES = 32 * 2**20


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
        self._segment: SharedMemory | None = None
        self._source: np.ndarray | None = None  # the array the segment holds a copy of
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
        return None if self._segment is None else self._segment.name

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
        name = self._share(data, should_stop)
        plain = run_in_child(
            kmeans_restarts_shared,
            name,
            tuple(data.shape),
            config,
            rng.get_state(),
            count,
            should_stop=should_stop,
        )
        self.groups_in_child += 1
        rng.set_state(plain["rng_state"])
        return RestartsOutcome(plain["centers"], plain["labels"], plain["inertia"], plain["n_iter"])

    def close(self) -> None:
        """Close and unlink the shared memory segment (children still reading keep their
        mapping until they end; the name is gone at once). Safe to call twice."""
        segment, self._segment, self._source = self._segment, None, None
        if segment is None:
            return
        try:
            segment.close()
        finally:
            segment.unlink()

    def _share(self, data: np.ndarray, should_stop: StopFn | None) -> str:
        """The name of a segment holding ``data`` as C-ordered float64, made on first use."""
        if self._segment is not None and self._source is data:
            return self._segment.name
        self.close()  # other data (a job fitting two arrays): one segment at a time
        segment = SharedMemory(create=True, size=max(1, data.size * 8))
        self._segment = segment  # from here on close() frees it, whatever happens next
        copy = np.ndarray(data.shape, dtype=np.float64, buffer=segment.buf)
        try:
            rows = max(1, COPY_SLICE_BYTES // max(1, data.shape[1] * 8))
            for start in range(0, data.shape[0], rows):
                check_cancel(should_stop)
                copy[start : start + rows] = data[start : start + rows]
        finally:
            del copy  # the segment cannot be closed while a view of it exists
        self._source = data
        return segment.name
