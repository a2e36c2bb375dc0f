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


def test_a_generator_job_delivers_partial_results_in_order_then_its_return(qtbot, runner):
    def rows(progress, should_stop):
        for k in range(3):
            yield {"k": k}
        return "all rows"

    seen = []
    runner.partial.connect(lambda tag, payload: seen.append((tag, payload)))
    runner.finished.connect(lambda tag, payload: seen.append(("finished", payload)))
    with qtbot.waitSignal(runner.finished, timeout=TIMEOUT):
        runner.submit("sweep", rows)
    assert seen == [("sweep", {"k": 0}), ("sweep", {"k": 1}), ("sweep", {"k": 2})] + [
        ("finished", "all rows")
    ]


def test_cancel_drops_partial_results_still_on_their_way_and_the_final_one(qtbot, runner):
    first_sent = threading.Event()
    go_on = threading.Event()

    def rows(progress, should_stop):
        yield 1
        first_sent.set()
        go_on.wait(5)
        yield 2  # emitted after Cancel: never shown
        return [1, 2]

    partials, ended = [], []
    runner.partial.connect(lambda tag, payload: partials.append(payload))
    runner.finished.connect(lambda tag, payload: ended.append("finished"))
    runner.cancelled.connect(lambda tag: ended.append("cancelled"))
    with qtbot.waitSignal(runner.partial, timeout=TIMEOUT):
        runner.submit("sweep", rows)
    assert first_sent.wait(5)
    with qtbot.waitSignal(runner.cancelled, timeout=TIMEOUT):
        runner.cancel()
        go_on.set()
    assert partials == [1] and ended == ["cancelled"]


def test_partials_of_a_replaced_job_never_arrive(qtbot, runner):
    release = threading.Event()

    def old(progress, should_stop):
        release.wait(5)
        yield "old row"
        return "old"

    def new(progress, should_stop):
        yield "new row"
        return "new"

    partials = []
    runner.partial.connect(lambda tag, payload: partials.append(payload))
    runner.submit("old", old)
    with qtbot.waitSignal(runner.finished, timeout=TIMEOUT) as finished:
        runner.submit("new", new)
        release.set()
    assert finished.args == ["new", "new"] and partials == ["new row"]


def test_stop_all_waits_for_every_runner_against_one_deadline(qtbot):
    import time

    from digitgui.workers.runner import abandoned_threads_running, stop_all

    release = threading.Event()
    entered = [threading.Event() for _ in range(3)]

    def stubborn(index, progress, should_stop):
        entered[index].set()
        release.wait(30)  # ignores the stop flag: only the deadline ends the waiting
        return index

    def polite(progress, should_stop):
        while not should_stop():
            threading.Event().wait(0.01)

    runners = [JobRunner(f"stubborn{i}") for i in range(3)] + [JobRunner("polite")]
    for index, runner in enumerate(runners[:3]):
        runner.submit("stubborn", lambda p, s, i=index: stubborn(i, p, s))
    runners[3].submit("polite", polite)
    assert all(event.wait(5) for event in entered)
    started = time.monotonic()
    left = stop_all(runners, 0.3)
    waited = time.monotonic() - started
    try:
        assert sorted(left) == ["stubborn0", "stubborn1", "stubborn2"]
        assert not runners[3].running
        assert abandoned_threads_running() == 3
        # One deadline for all: three stubborn threads did not add up to 3 × 0.3 s.
        assert waited < 0.3 * 3
    finally:
        release.set()
        for runner in runners[:3]:
            assert runner.shutdown(5000)
    assert abandoned_threads_running() == 0
