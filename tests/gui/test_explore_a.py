"""Offline exploration tabs (part a): choosing k, initialisations, step by step, stability.

Each tab is built by its presenter's ``build`` from a real AppState, and its jobs run in
real worker threads. Every wait ends on ``busy_changed(False)``, which the runner emits
for a finished, failed or cancelled job alike, so a failure cannot hang a test.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt

from digitgui.app.presenters import init_comparison, iteration_stepper, k_sweep, stability
from digitgui.app.state import AppState
from digitgui.model import KMeansConfig, load_digits_dataset
from digitgui.model.clustering import cluster_dataset
from digitgui.model.compare import compare_inits
from digitgui.model.dataset import Dataset
from digitgui.model.stability import seed_stability
from digitgui.model.sweep import best_k_by_silhouette, elbow_k, sweep_k
from digitgui.widgets.digit_image import digit_qimage
from digitgui.widgets.init_comparison import COLUMNS

JOB_MS = 120_000


@pytest.fixture
def state(qtbot):
    """A real AppState on the digits; every worker thread is stopped afterwards."""
    app_state = AppState(load_digits_dataset())
    yield app_state
    app_state.shutdown()


def _tab(qtbot, module, state, presenter_class):
    title, view = module.build(state)
    qtbot.addWidget(view)
    assert isinstance(title, str) and title
    presenter = view.findChild(presenter_class)
    assert presenter is not None, "the presenter is parented to its view"
    return view, presenter


def _run(qtbot, runner, start):
    """Call ``start`` and wait until the runner is idle; returns how the job ended."""
    ended = []
    runner.finished.connect(lambda tag, payload: ended.append("finished"))
    runner.failed.connect(lambda tag, message: ended.append(f"failed: {message}"))
    runner.cancelled.connect(lambda tag: ended.append("cancelled"))
    with qtbot.waitSignal(
        runner.busy_changed, timeout=JOB_MS, check_params_cb=lambda busy: not busy
    ):
        start()
    return ended[-1]


# --------------------------------------------------------------------------- choosing k
def test_small_sweep_plots_the_model_rows(qtbot, state):
    view, presenter = _tab(qtbot, k_sweep, state, k_sweep.KSweepPresenter)
    assert view.objectName() == "kSweepView" and view.accessibleName()
    view.set_k_range(2, 5)
    assert _run(qtbot, presenter.runner, view.run_button.click) == "finished"

    expected = sweep_k(state.dataset.data, [2, 3, 4, 5], KMeansConfig())
    assert [row.k for row in view.rows] == [2, 3, 4, 5]
    for key in ("inertia", "silhouette", "calinski_harabasz", "davies_bouldin", "n_iter"):
        ks, values = view.plotted(key)
        np.testing.assert_array_equal(ks, [2, 3, 4, 5])
        np.testing.assert_allclose(values, [getattr(row, key) for row in expected], rtol=1e-12)
    assert f"k = {elbow_k(expected)}" in view.summary_label.text()
    assert f"k = {best_k_by_silhouette(expected)}" in view.summary_label.text()
    assert view.selected_k == elbow_k(expected)
    assert view.run_button.isEnabled() and not view.cancel_button.isEnabled()
    assert view.progress_bar.value() == 4


def test_cancel_mid_sweep_shows_no_further_rows(qtbot, state):
    view, presenter = _tab(qtbot, k_sweep, state, k_sweep.KSweepPresenter)
    view.set_k_range(2, 50)
    ended = []
    presenter.runner.cancelled.connect(lambda tag: ended.append("cancelled"))
    presenter.runner.finished.connect(lambda tag, payload: ended.append("finished"))
    view.run_button.click()
    assert view.cancel_button.isEnabled() and not view.run_button.isEnabled()
    qtbot.waitUntil(lambda: len(view.rows) >= 1 or bool(ended), timeout=JOB_MS)
    shown = len(view.rows)
    with qtbot.waitSignal(
        presenter.runner.busy_changed, timeout=JOB_MS, check_params_cb=lambda busy: not busy
    ):
        qtbot.mouseClick(view.cancel_button, Qt.MouseButton.LeftButton)
    assert ended == ["cancelled"]
    assert len(view.rows) == shown < 49
    assert "Cancelled" in view.status_label.text()
    assert view.run_button.isEnabled() and not view.cancel_button.isEnabled()


def test_adopting_k_proposes_the_current_config_with_that_k(qtbot, state):
    view, presenter = _tab(qtbot, k_sweep, state, k_sweep.KSweepPresenter)
    state.set_clustering(cluster_dataset(state.dataset, KMeansConfig(init="random", n_init=2)))
    view.set_k_range(2, 4)
    assert _run(qtbot, presenter.runner, view.run_button.click) == "finished"
    view.resize(900, 600)
    view.show()
    qtbot.waitExposed(view)
    # Click the silhouette plot at k = 3 to select it.
    plot = view._plots["silhouette"]
    y = float(np.mean(view.plotted("silhouette")[1]))
    scene_point = plot.vb.mapViewToScene(QPointF(3.0, y))
    widget_point = view._graphics.mapFromScene(scene_point)
    qtbot.mouseClick(view._graphics.viewport(), Qt.MouseButton.LeftButton, pos=widget_point)
    assert view.selected_k == 3
    assert view.adopt_button.text() == "Use k = 3"
    with qtbot.waitSignal(state.config_adopted, timeout=2000) as blocker:
        qtbot.mouseClick(view.adopt_button, Qt.MouseButton.LeftButton)
    assert blocker.args[0] == KMeansConfig(n_clusters=3, init="random", n_init=2)


def test_new_data_cancels_the_sweep_and_drops_its_rows(qtbot, state):
    view, presenter = _tab(qtbot, k_sweep, state, k_sweep.KSweepPresenter)
    view.set_k_range(2, 50)
    view.run_button.click()
    smaller = Dataset(state.dataset.data[:600], None, state.dataset.target[:600], "subset")
    assert _run(qtbot, presenter.runner, lambda: state.set_dataset(smaller)) == "cancelled"
    assert view.rows == ()
    assert "New data" in view.status_label.text()


# --------------------------------------------------------------------------- initialisations
def test_comparison_table_shows_the_model_numbers(qtbot, state):
    view, presenter = _tab(qtbot, init_comparison, state, init_comparison.InitComparisonPresenter)
    assert view.objectName() == "initComparison" and view.accessibleName()
    assert _run(qtbot, presenter.runner, view.run_button.click) == "finished"
    expected = compare_inits(state.dataset)
    assert view.table.rowCount() == 6
    formats = {key: fmt for key, _, fmt, *_ in COLUMNS}
    for r, row in enumerate(expected):
        assert view.cell_text(r, "init") == row["init"]
        for key in ("inertia", "homogeneity", "completeness", "v_measure", "ari", "ami"):
            assert view.cell_text(r, key) == formats[key].format(row[key]), (r, key)
            assert view.rows[r][key] == row[key]
    best_v = int(np.argmax([row["v_measure"] for row in expected]))
    assert view.is_bold(best_v, "v_measure")
    assert sum(view.is_bold(r, "v_measure") for r in range(6)) == 1
    # Inertia is compared within each scaling: one bold cell per group.
    assert sum(view.is_bold(r, "inertia") for r in range(3)) == 1
    assert sum(view.is_bold(r, "inertia") for r in range(3, 6)) == 1


# --------------------------------------------------------------------------- step by step
def test_stepper_traces_the_clustering_and_steps(qtbot, state):
    view, presenter = _tab(
        qtbot, iteration_stepper, state, iteration_stepper.IterationStepperPresenter
    )
    assert view.objectName() == "iterationStepper" and view.accessibleName()
    clustering = cluster_dataset(state.dataset, KMeansConfig())
    assert _run(qtbot, presenter.runner, lambda: state.set_clustering(clustering)) == "finished"
    trace = view.trace
    np.testing.assert_array_equal(trace.final_labels, clustering.result.labels)
    np.testing.assert_allclose(trace.final_centroids, clustering.result.centroids, atol=1e-10)
    assert view.position == 0
    np.testing.assert_array_equal(view.shown_centroids(), trace.initial_centroids)

    qtbot.mouseClick(view.step_button, Qt.MouseButton.LeftButton)
    assert view.position == 1
    np.testing.assert_array_equal(view.shown_centroids(), trace.centroids[1])
    assert "iteration 1 of" in view.position_label.text()

    view.play_button.click()
    assert view.is_playing and view.play_button.text() == "Pause"
    qtbot.waitUntil(lambda: not view.is_playing, timeout=JOB_MS)
    assert view.position == trace.n_steps
    assert not view.step_button.isEnabled()
    assert "Converged" in view.position_label.text()
    assert view.thumbnails.pixmap() is not None and not view.thumbnails.pixmap().isNull()


def test_thumbnails_keep_row_zero_at_the_top():
    pixels = np.zeros((8, 8))
    pixels[0, :] = 16.0  # ink along the top row only
    pixels[:, 7] = 8.0  # half ink down the right column
    image = digit_qimage(pixels, 16.0)  # what the stepper draws its thumbnails with
    assert image.width() == 8 and image.height() == 8
    assert image.pixelColor(3, 0).value() == 0  # top row: black ink
    assert image.pixelColor(3, 5).value() == 255  # blank paper below it
    assert 120 < image.pixelColor(7, 5).value() < 135  # grey on the right, not the bottom


# --------------------------------------------------------------------------- stability
def test_stability_with_three_seeds(qtbot, state):
    view, presenter = _tab(qtbot, stability, state, stability.StabilityPresenter)
    assert view.objectName() == "stabilityView" and view.accessibleName()
    view.seeds_spin.setValue(3)
    assert _run(qtbot, presenter.runner, view.run_button.click) == "finished"
    expected = seed_stability(state.dataset.data, KMeansConfig(), 3)
    report = view.report
    np.testing.assert_array_equal(report.seeds, [0, 1, 2])
    np.testing.assert_array_equal(report.inertia, expected.inertia)
    np.testing.assert_array_equal(report.ari, expected.ari)
    assert f"mean {expected.mean_ari:.3f}" in view.summary_label.text()
    np.testing.assert_array_equal(view.shown_ari(), expected.ari)  # the heatmap
    np.testing.assert_array_equal(view.bar_heights(), expected.inertia)  # the bars


def test_stability_uses_the_current_clustering_parameters(qtbot, state):
    view, presenter = _tab(qtbot, stability, state, stability.StabilityPresenter)
    config = KMeansConfig(n_clusters=4, random_state=9)
    state.set_clustering(cluster_dataset(state.dataset, config))
    view.seeds_spin.setValue(2)
    assert _run(qtbot, presenter.runner, view.run_button.click) == "finished"
    assert view.report.config == config
    expected = seed_stability(state.dataset.data, dataclasses.replace(config), 2)
    np.testing.assert_array_equal(view.report.inertia, expected.inertia)
