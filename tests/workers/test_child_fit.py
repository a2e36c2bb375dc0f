"""ChildRestarts: large restarts in a child give scikit-learn's fit, and Cancel kills it.

The child path is forced on small data (``min_work=0``); the cancel cases use data large
enough that the child is still fitting when the stop request comes.
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import os
import signal
import sys
from multiprocessing.shared_memory import SharedMemory
from pathlib import Path

import numpy as np
import pytest
from sklearn.cluster import KMeans

from digitgui.model import FitCancelled, KMeansConfig, fit_kmeans
from digitgui.model.sweep import sweep_k
from digitgui.workers import child_fit, shared_array
from digitgui.workers.child_fit import ChildRestarts
from digitgui.workers.child_process import ChildDiedError

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")

CONFIGS = [
    KMeansConfig(),
    KMeansConfig(n_clusters=8, init="random", random_state=0),  # ten restarts
    KMeansConfig(n_clusters=12, n_init=4, random_state=7, algorithm="elkan"),
]


def assert_equals_scikit_learn(result, data, config) -> None:
    theirs = KMeans(**config.sklearn_kwargs()).fit(data)
    np.testing.assert_array_equal(result.labels, theirs.labels_)
    np.testing.assert_array_equal(result.centroids, theirs.cluster_centers_)
    assert result.inertia == theirs.inertia_
    assert result.n_iter == theirs.n_iter_


def assert_freed(name: str | None) -> None:
    """The shared memory segment ``name`` no longer exists."""
    assert name is not None
    with pytest.raises(FileNotFoundError):
        SharedMemory(name)
    if sys.platform.startswith("linux"):
        assert not (Path("/dev/shm") / name).exists()


@pytest.mark.parametrize("one_per_group", [True, False])
@pytest.mark.parametrize("config", CONFIGS, ids=lambda c: f"k{c.n_clusters}-{c.init}-{c.n_init}")
def test_the_child_path_equals_scikit_learn(digits, monkeypatch, config, one_per_group):
    import digitgui.model.kmeans as kmeans

    # Every restart its own group (the generator's state crosses to the child and back
    # each time), or the first alone and all the others in one group.
    monkeypatch.setattr(kmeans, "STEP_SECONDS", 0.0 if one_per_group else 1e6)
    seen = []
    with ChildRestarts(min_work=0) as run_restarts:
        result = fit_kmeans(
            digits.data, config, progress=lambda *p: seen.append(p), run_restarts=run_restarts
        )
        name = run_restarts.segment_name
    total = config.resolved_n_init
    groups = total if one_per_group else min(total, 2)
    assert run_restarts.groups_in_child == groups
    assert seen[-1] == (total, total) and len(seen) == groups
    assert_equals_scikit_learn(result, digits.data, config)
    assert_freed(name)


def test_one_segment_serves_every_fit_of_a_job(digits, monkeypatch):
    made = []

    class Counted(SharedMemory):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            made.append(self.name)

    monkeypatch.setattr(shared_array, "SharedMemory", Counted)
    config = KMeansConfig(n_init=2, random_state=1)
    with ChildRestarts(min_work=0) as run_restarts:
        rows = sweep_k(digits.data, [3, 5], config, run_restarts=run_restarts)
    assert len(made) == 1 and run_restarts.groups_in_child >= 4
    expected = sweep_k(digits.data, [3, 5], config)
    assert [row.inertia for row in rows] == [row.inertia for row in expected]
    assert_freed(made[0])


def test_small_work_stays_in_this_process_unchanged(digits):
    with ChildRestarts() as run_restarts:
        result = fit_kmeans(digits.data, KMeansConfig(), run_restarts=run_restarts)
        assert run_restarts.segment_name is None
    assert run_restarts.groups_in_child == 0
    assert_equals_scikit_learn(result, digits.data, KMeansConfig())


def test_a_slow_group_here_sends_the_next_ones_to_a_child(digits, monkeypatch):
    import digitgui.model.kmeans as kmeans

    monkeypatch.setattr(kmeans, "STEP_SECONDS", 0.0)
    monkeypatch.setattr(child_fit, "SLOW_RESTART_SECONDS", 0.0)  # every group is "slow"
    config = KMeansConfig(n_init=3, random_state=2)
    with ChildRestarts() as run_restarts:
        result = fit_kmeans(digits.data, config, run_restarts=run_restarts)
    assert run_restarts.groups_in_child == 2, "the first here, the other two in children"
    assert_equals_scikit_learn(result, digits.data, config)


def big_data() -> np.ndarray:
    """Uniform noise, 40,000 × 64: one restart with k = 50 runs for seconds."""
    return np.random.default_rng(0).random((40_000, 64))


BIG_CONFIG = KMeansConfig(n_clusters=50, n_init=1, tol=0.0, random_state=0)


def child_process() -> multiprocessing.Process | None:
    found = [p for p in multiprocessing.active_children() if p.name == "digitgui-job"]
    return found[0] if found else None


def fitting_child(run_restarts: ChildRestarts) -> int | None:
    """The pid of the child once it has mapped the job's segment (it is fitting)."""
    process, name = child_process(), run_restarts.segment_name
    if process is None or process.pid is None or name is None:
        return None
    try:
        maps = Path(f"/proc/{process.pid}/maps").read_text()
    except OSError:
        return None
    return process.pid if name in maps else None


@linux_only
def test_cancel_terminates_the_fitting_child_and_frees_the_memory():
    data = big_data()
    pids, names = [], []
    with ChildRestarts(min_work=0) as run_restarts:

        def should_stop() -> bool:
            names.append(run_restarts.segment_name)
            pid = pids[0] if pids else fitting_child(run_restarts)
            if pid is not None and not pids:
                pids.append(pid)
            return bool(pids)

        with pytest.raises(FitCancelled):
            fit_kmeans(data, BIG_CONFIG, should_stop=should_stop, run_restarts=run_restarts)
        assert child_process() is None
    with pytest.raises(ProcessLookupError):  # gone and reaped
        os.kill(pids[0], 0)
    assert_freed(next(name for name in names if name))


@linux_only
def test_a_killed_child_is_an_error_and_frees_the_memory():
    data = big_data()
    pids, names = [], []
    with pytest.raises(ChildDiedError), ChildRestarts(min_work=0) as run_restarts:

        def should_stop() -> bool:
            names.append(run_restarts.segment_name)
            pid = fitting_child(run_restarts)
            if pid is not None and not pids:
                pids.append(pid)
                os.kill(pid, signal.SIGKILL)  # as the system's out-of-memory killer would
            return False

        fit_kmeans(data, BIG_CONFIG, should_stop=should_stop, run_restarts=run_restarts)
    assert pids
    assert_freed(next(name for name in names if name))


def test_a_cancel_while_copying_the_data_starts_no_child(digits, monkeypatch):
    monkeypatch.setattr(shared_array, "COPY_SLICE_BYTES", 64 * 100)  # 100 rows a slice
    asked = []

    def should_stop() -> bool:
        asked.append(1)
        return len(asked) > 3  # the fit's own check, then two slices copied

    with pytest.raises(FitCancelled), ChildRestarts(min_work=0) as run_restarts:
        fit_kmeans(digits.data, KMeansConfig(), should_stop=should_stop, run_restarts=run_restarts)
    name = run_restarts.segment_name
    assert name is None and run_restarts.groups_in_child == 0


def test_an_error_in_the_child_keeps_its_type_and_message(digits):
    config = KMeansConfig(n_clusters=5)
    object.__setattr__(config, "algorithm", "bogus")  # past the config's own checks
    message = "The 'algorithm' parameter of KMeans must be .* Got 'bogus' instead"
    with pytest.raises(ValueError, match=message):  # scikit-learn's InvalidParameterError
        fit_kmeans(digits.data, config)
    with pytest.raises(ValueError, match=message) as there:
        with ChildRestarts(min_work=0) as run_restarts:
            try:
                fit_kmeans(digits.data, config, run_restarts=run_restarts)
            finally:
                name = run_restarts.segment_name
    assert type(there.value) is ValueError  # rebuilt in this process, not a RuntimeError
    assert_freed(name)


def test_the_app_jobs_use_the_child_for_large_work(digits, monkeypatch):
    from digitgui.app.fit_controller import fit_job
    from digitgui.app.presenters.k_sweep import sweep_rows
    from digitgui.app.presenters.stability import stability_job

    monkeypatch.setattr(child_fit, "CHILD_WORK", 0)
    created = []
    monkeypatch.setattr(ChildRestarts, "__enter__", lambda self: created.append(self) or self)
    config = KMeansConfig(n_clusters=6, n_init=2, random_state=4)
    seen = []
    clustering = fit_job(digits, config, "Raw pixels", lambda *p: seen.append(p), lambda: False)
    assert_equals_scikit_learn(clustering.result, digits.data, config)
    assert seen[-1] == (2, 2)
    steps = sweep_rows(digits.data, [4, 6], config, lambda *p: None, lambda: False)
    rows = list(steps)
    assert rows[1].inertia == clustering.result.inertia
    report = stability_job(digits.data, config, 2, lambda *p: None, lambda: False)
    seed_0 = dataclasses.replace(config, random_state=0)
    assert report.inertia[0] == fit_kmeans(digits.data, seed_0).inertia
    assert len(created) == 3 and all(runner.groups_in_child > 0 for runner in created)
    for runner in created:
        assert runner.segment_name is None  # closed with the job


def test_a_shared_array_is_read_by_the_child_and_freed(digits):
    from digitgui.workers.child_process import run_in_child
    from digitgui.workers.shared_array import SharedArray
    from tests.workers import child_helpers

    with SharedArray(digits.data) as shared:
        total, writeable = run_in_child(child_helpers.shared_sum, shared.name, shared.shape)
    assert total == digits.data.sum() and not writeable
    assert shared.closed
    assert_freed(shared.name)
    with pytest.raises(ValueError, match="2-D"):
        SharedArray(digits.data[0])


def test_a_large_trace_runs_in_a_child_and_equals_the_one_here(digits, monkeypatch):
    from digitgui.model.stepper import trace_kept_restart
    from digitgui.workers.child_fit import trace_kept_restart_stoppable

    config = KMeansConfig(n_clusters=6, n_init=3, random_state=5)
    here = trace_kept_restart(digits.data, config)
    monkeypatch.setattr(child_fit, "CHILD_WORK", 0)
    seen = []
    there = trace_kept_restart_stoppable(digits.data, config, progress=lambda *p: seen.append(p))
    assert seen[-1] == (3 * config.max_iter, 3 * config.max_iter)
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)
    for field in dataclasses.fields(here):
        ours, theirs = getattr(here, field.name), getattr(there, field.name)
        if isinstance(ours, np.ndarray):
            np.testing.assert_array_equal(theirs, ours)
            assert not theirs.flags.writeable
        else:
            assert theirs == ours, field.name
