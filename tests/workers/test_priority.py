"""Background work yields to the GUI thread: nicer workers, a short GIL switch interval,
BLAS on the caller's thread (see digitgui.workers.priority).

These check the settings themselves, which is what can regress; how long the GUI thread
stalls is measured by ``python -m digitgui.bench_stalls --explain``, not asserted here.
"""

from __future__ import annotations

import os
import sys
import threading

import pytest
from threadpoolctl import threadpool_info

from digitgui.workers.priority import (
    BACKGROUND_NICE,
    SWITCH_INTERVAL_S,
    lower_this_thread,
    thread_nice,
)
from digitgui.workers.runner import JobRunner

TIMEOUT = 10_000
linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="nice is per thread")


@pytest.fixture
def runner(qtbot):
    runner = JobRunner("priority")
    yield runner
    assert runner.shutdown(5000), "worker thread did not stop"


def _own_nice(progress, should_stop) -> int | None:
    return thread_nice(threading.get_native_id())


@linux_only
def test_a_job_runs_nicer_than_the_main_thread(qtbot, runner):
    main = os.getpriority(os.PRIO_PROCESS, os.getpid())
    with qtbot.waitSignal(runner.finished, timeout=TIMEOUT) as blocker:
        runner.submit("nice", _own_nice)
    assert blocker.args[1] == min(main + BACKGROUND_NICE, 19)
    assert os.getpriority(os.PRIO_PROCESS, os.getpid()) == main  # the GUI thread kept its own


@linux_only
def test_lowering_is_once_per_thread_and_never_the_main_thread():
    main = os.getpriority(os.PRIO_PROCESS, os.getpid())
    assert not lower_this_thread()  # called on the main thread: refused
    assert os.getpriority(os.PRIO_PROCESS, os.getpid()) == main
    seen = []

    def twice() -> None:
        seen.append(lower_this_thread())
        seen.append(lower_this_thread())  # not lowered a second time
        seen.append(thread_nice(threading.get_native_id()))

    thread = threading.Thread(target=twice)
    thread.start()
    thread.join(5)
    assert seen == [True, True, min(main + BACKGROUND_NICE, 19)]


def test_with_runners_blas_is_single_threaded_and_the_switch_interval_short(runner):
    blas = [lib for lib in threadpool_info() if lib["user_api"] == "blas"]
    assert blas, "numpy's BLAS is loaded"
    assert all(lib["num_threads"] == 1 for lib in blas), blas
    assert sys.getswitchinterval() <= SWITCH_INTERVAL_S
