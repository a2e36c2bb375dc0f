"""JobRunner: jobs run off the GUI thread, newest wins, stale results never arrive."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QThread

from digitgui.model.jobs import FitCancelled, check_cancel
from digitgui.workers.runner import JobRunner

TIMEOUT = 10_000


@pytest.fixture
def runner(qtbot):
    runner = JobRunner("test")
    yield runner
    assert runner.shutdown(5000), "worker thread did not stop"


def test_job_runs_in_the_worker_thread_and_returns(qtbot, runner):
    seen = {}

    def job(progress, should_stop):
        seen["thread"] = QThread.currentThread()
        progress(1, 2)
        progress(2, 2)
        return 42

    progress = []
    runner.progress.connect(lambda tag, d, t: progress.append((d, t)))
    with qtbot.waitSignal(runner.finished, timeout=TIMEOUT) as blocker:
        runner.submit("answer", job)
    assert blocker.args == ["answer", 42]
    assert seen["thread"] is not QThread.currentThread()
    assert progress == [(1, 2), (2, 2)]
    assert not runner.busy


def test_newest_job_wins_and_the_old_result_is_dropped(qtbot, runner):
    release = threading.Event()
    entered = threading.Event()

    def slow(progress, should_stop):
        entered.set()
        release.wait(5)
        return "old"  # ignores cancel on purpose: its result must still be dropped

    results = []
    runner.finished.connect(lambda tag, payload: results.append(payload))
    runner.submit("slow", slow)
    assert entered.wait(5)
    with qtbot.waitSignal(runner.finished, timeout=TIMEOUT):
        runner.submit("fast", lambda p, s: "new")
        release.set()
    assert results == ["new"]


def test_cancel_stops_a_job_at_its_next_check(qtbot, runner):
    started = threading.Event()

    def loop(progress, should_stop):
        started.set()
        for _ in range(10_000):
            check_cancel(should_stop)
            threading.Event().wait(0.001)
        return "finished anyway"

    finished = []
    runner.finished.connect(lambda *a: finished.append(a))
    with qtbot.waitSignal(runner.cancelled, timeout=TIMEOUT):
        runner.submit("loop", loop)
        assert started.wait(5)
        runner.cancel()
    assert finished == []
    assert not runner.busy


def test_errors_are_reported_not_swallowed(qtbot, runner):
    def broken(progress, should_stop):
        raise ValueError("k is larger than the data")

    with qtbot.waitSignal(runner.failed, timeout=TIMEOUT) as blocker:
        runner.submit("broken", broken)
    assert blocker.args[0] == "broken"
    assert "ValueError: k is larger than the data" in blocker.args[1]


def test_busy_changed_brackets_a_run(qtbot, runner):
    states = []
    runner.busy_changed.connect(states.append)
    with qtbot.waitSignal(runner.finished, timeout=TIMEOUT):
        runner.submit("a", lambda p, s: 1)
    assert states == [True, False]


def test_cancelled_exception_type_is_the_models():
    with pytest.raises(FitCancelled):
        check_cancel(lambda: True)
