"""Step by step on large data or after a mini-batch fit: traced on request, not by itself.

Small exact fits (the digits) are traced as soon as they arrive; large ones (lowered
threshold here) and mini-batch fits wait for "Trace the steps". Every wait listens for
the runner going idle, which a finished, failed or cancelled job all end in.
"""

from __future__ import annotations

import threading

import numpy as np
import pytest
from PySide6.QtCore import Qt

from digitgui.app.presenters import iteration_stepper
from digitgui.app.state import AppState
from digitgui.model import KMeansConfig, load_digits_dataset
from digitgui.model.clustering import cluster_dataset
from digitgui.widgets.iteration_stepper import IterationStepper

JOB_MS = 120_000
Presenter = iteration_stepper.IterationStepperPresenter


@pytest.fixture
def state(qtbot):
    app_state = AppState(load_digits_dataset())
    yield app_state
    app_state.shutdown()


def _tab(qtbot, state):
    _title, view = iteration_stepper.build(state)
    qtbot.addWidget(view)
    presenter = view.findChild(Presenter)
    assert presenter is not None
    return view, presenter


def _idle(qtbot, runner, start) -> list[str]:
    """Call ``start`` and wait until ``runner`` is idle again; how its jobs ended."""
    ended: list[str] = []
    runner.finished.connect(lambda tag, payload: ended.append("finished"))
    runner.failed.connect(lambda tag, message: ended.append(f"failed: {message}"))
    runner.cancelled.connect(lambda tag: ended.append("cancelled"))
    with qtbot.waitSignal(runner.busy_changed, timeout=JOB_MS, check_params_cb=lambda b: not b):
        start()
    return ended


def _offered_without_a_job(qtbot, view, presenter, state, clustering) -> None:
    """Set ``clustering``; the tab must offer the button and start no job."""
    started: list[str] = []
    presenter.runner.started.connect(started.append)
    state.set_clustering(clustering)
    assert started == [] and not presenter.runner.busy
    assert view.request_shown and view.trace is None
    assert view.request.button.isEnabled() and view.request.button.toolTip()
    assert view.request.button.focusPolicy() & Qt.FocusPolicy.TabFocus
    assert "Not traced yet" in view.status_label.text()


def test_large_data_waits_for_the_button_then_traces(qtbot, state, monkeypatch):
    monkeypatch.setattr(iteration_stepper, "AUTO_TRACE_WORK", 1_000)  # the digits are "large"
    view, presenter = _tab(qtbot, state)
    clustering = cluster_dataset(state.dataset, KMeansConfig())
    _offered_without_a_job(qtbot, view, presenter, state, clustering)
    reason = view.request.reason_label.text()
    assert "large" in reason and "1,797 samples × 64 features" in reason
    estimate = view.request.estimate_label.text()
    assert "17,970 distances in 64 dimensions" in estimate  # 1,797 × 10 per step
    assert f"stopped after {clustering.result.n_iter} steps" in estimate

    ended = _idle(
        qtbot,
        presenter.runner,
        lambda: qtbot.mouseClick(view.request.button, Qt.MouseButton.LeftButton),
    )
    assert ended == ["finished"]
    assert not view.request_shown
    np.testing.assert_array_equal(view.trace.final_labels, clustering.result.labels)
    assert view.slider.maximum() == view.trace.n_steps and view.step_button.isEnabled()
    assert "adjusted Rand" not in view.status_label.text()  # exact: the very same partition


def test_minibatch_fit_names_mini_batch_and_reports_agreement(qtbot, state):
    view, presenter = _tab(qtbot, state)
    clustering = cluster_dataset(state.dataset, KMeansConfig(method="minibatch"))
    _offered_without_a_job(qtbot, view, presenter, state, clustering)
    reason = view.request.reason_label.text()
    assert "mini-batch KMeans" in reason and "exact KMeans" in reason
    assert "k = 10, k-means++ init, seed 42" in reason and "can differ" in reason

    view.request.button.setFocus()  # the keyboard reaches and presses it
    ended = _idle(qtbot, presenter.runner, lambda: qtbot.keyClick(view.request.button, " "))
    assert ended == ["finished"]
    exact = cluster_dataset(state.dataset, KMeansConfig())
    np.testing.assert_array_equal(view.trace.final_labels, exact.result.labels)
    from sklearn.metrics import adjusted_rand_score

    agreement = adjusted_rand_score(clustering.result.labels, exact.result.labels)
    status = view.status_label.text()
    assert "mini-batch" in status and f"adjusted Rand {agreement:.3f}" in status


def test_cancel_offers_the_button_again_and_new_fit_resets(qtbot, state, monkeypatch):
    monkeypatch.setattr(iteration_stepper, "AUTO_TRACE_WORK", 1_000)
    view, presenter = _tab(qtbot, state)
    slow = KMeansConfig(init="random", n_init=200)  # 200 restarts: long enough to cancel
    state.set_clustering(cluster_dataset(state.dataset, slow))
    assert view.request_shown

    def press_then_cancel() -> None:
        view.request.button.click()
        assert presenter.runner.busy and not view.request_shown
        assert view.cancel_button.isEnabled()
        qtbot.mouseClick(view.cancel_button, Qt.MouseButton.LeftButton)

    assert _idle(qtbot, presenter.runner, press_then_cancel) == ["cancelled"]
    assert view.trace is None and view.request_shown
    assert view.status_label.text() == "Cancelled."
    assert view.request.button.isEnabled()

    # A new fit while a trace runs: the trace stops, the tab offers the new fit.
    newer = cluster_dataset(state.dataset, KMeansConfig(n_clusters=5))
    ended = _idle(
        qtbot,
        presenter.runner,
        lambda: (view.request.button.click(), state.set_clustering(newer)),
    )
    assert ended == ["cancelled"] and view.trace is None and view.request_shown
    assert "k = 5" in view.request.reason_label.text()
    assert "Not traced yet" in view.status_label.text()


def test_small_exact_fit_traces_by_itself(qtbot, state):
    view, presenter = _tab(qtbot, state)
    clustering = cluster_dataset(state.dataset, KMeansConfig())
    ended = _idle(qtbot, presenter.runner, lambda: state.set_clustering(clustering))
    assert ended == ["finished"] and not view.request_shown
    np.testing.assert_array_equal(view.trace.final_labels, clustering.result.labels)


def test_default_window_run_traces_automatically(qtbot, window):
    qtbot.waitUntil(lambda: window.explore_tabs_built, timeout=JOB_MS)
    view = window.findChild(IterationStepper, "iterationStepper")
    presenter = view.findChild(Presenter)
    # Built with the default fit in the state, the tab started its trace at once.
    qtbot.waitUntil(lambda: not presenter.runner.busy, timeout=JOB_MS)
    assert view.trace is not None and not view.request_shown
    np.testing.assert_array_equal(view.trace.final_labels, window.state.clustering.result.labels)


def test_a_trace_that_finishes_as_a_minibatch_fit_arrives_is_not_shown(qtbot, state, monkeypatch):
    """The auto trace of the fit before is done (its result queued) when a mini-batch fit
    replaces it: the tab keeps offering the new fit's trace, never the old trace."""
    traced = threading.Event()
    original = iteration_stepper._trace_job

    def trace_then_tell(*args, **kwargs):
        payload = original(*args, **kwargs)
        traced.set()  # runs in the worker thread; its result crosses as a queued signal
        return payload

    monkeypatch.setattr(iteration_stepper, "_trace_job", trace_then_tell)
    view, presenter = _tab(qtbot, state)
    minibatch = cluster_dataset(state.dataset, KMeansConfig(method="minibatch"))

    def trace_then_replace() -> None:
        state.set_clustering(cluster_dataset(state.dataset, KMeansConfig()))
        assert traced.wait(JOB_MS / 1000)  # the GUI thread holds the result back meanwhile
        state.set_clustering(minibatch)

    assert _idle(qtbot, presenter.runner, trace_then_replace) == ["finished"]
    assert view.trace is None and view.request_shown
    assert "mini-batch" in view.request.reason_label.text()
    assert "Not traced yet" in view.status_label.text()
