"""Data with fewer samples than k: k is lowered for it, so a clustering is shown.

Before, opening five rows with k = 10 replaced the digits, the first fit failed ("need at
least 10 samples for 10 clusters", logged as an error with a traceback), and the draw
panel said "Waiting for the clustering to finish…" for ever.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLabel

from digitgui.model.dataset import Dataset, load_digits_dataset

TIMEOUT_MS = 30_000


def test_k_is_lowered_for_small_data_and_comes_back(qtbot, window):
    assert window.params.k.value() == 10
    digits = load_digits_dataset()
    small = Dataset(digits.data[:5], digits.images[:5], digits.target[:5], "five")
    with qtbot.waitSignal(window.state.clustering_changed, timeout=TIMEOUT_MS) as shown:
        window.state.set_dataset(small)
    assert shown.args[0].dataset is small and shown.args[0].result.n_clusters == 5
    assert window.params.k.value() == 5 and window.params.k.maximum() == 5
    # The drawing is placed among the five.
    canvas = window.draw.canvas
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=QPoint(80, 40))
    for step in range(20):
        qtbot.mouseMove(canvas, QPoint(80 + step, 40 + step * 8))
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=QPoint(100, 200))
    label = window.findChild(QLabel, "assignmentLabel")
    qtbot.waitUntil(lambda: "luster" in label.text(), timeout=5000)
    assert "Waiting" not in label.text()
    # Back to the digits: the k asked for returns.
    with qtbot.waitSignal(window.state.clustering_changed, timeout=TIMEOUT_MS) as shown:
        window.state.set_dataset(digits)
    assert window.params.k.value() == 10 and shown.args[0].result.n_clusters == 10


def test_a_k_chosen_on_small_data_stays(qtbot, window):
    digits = load_digits_dataset()
    small = Dataset(digits.data[:6], digits.images[:6], digits.target[:6], "six")
    with qtbot.waitSignal(window.state.clustering_changed, timeout=TIMEOUT_MS):
        window.state.set_dataset(small)
    window.params.k.setValue(3)  # the user's choice now
    with qtbot.waitSignal(window.state.clustering_changed, timeout=TIMEOUT_MS):
        window.state.set_dataset(digits)
    assert window.params.k.value() == 3


def _tab(qtbot, window, name):
    from PySide6.QtWidgets import QWidget

    if not window.explore_tabs_built:
        with qtbot.waitSignal(window.tabs_ready, timeout=60_000):
            pass
    return window.findChild(QWidget, name)


def test_exploration_tabs_on_five_samples_say_what_they_cannot_do(qtbot, window):
    # Before: the sweep and the comparison failed with scikit-learn's messages (logged as
    # errors), and the stability summary raised ZeroDivisionError (every inertia 0).
    digits = load_digits_dataset()
    small = Dataset(digits.data[:5], digits.images[:5], digits.target[:5], "five")
    with qtbot.waitSignal(window.state.clustering_changed, timeout=TIMEOUT_MS):
        window.state.set_dataset(small)
    assert window.state.clustering.result.n_clusters == 5

    sweep = _tab(qtbot, window, "kSweepView")
    sweep.set_k_range(2, 60)
    sweep.run_button.click()
    qtbot.waitUntil(lambda: sweep.status_label.text().startswith("Done"), timeout=TIMEOUT_MS)
    assert sorted(row.k for row in sweep.rows) == [2, 3, 4]  # k below the 5 samples

    comparison = _tab(qtbot, window, "initComparison")
    comparison.run_button.click()
    assert "5 labels, but this data allows 2 to 4" in comparison.status_label.text()
    assert comparison.run_button.isEnabled()

    stability = _tab(qtbot, window, "stabilityView")
    stability.seeds_spin.setValue(3)
    stability.run_button.click()  # k = 5 on 5 samples: every inertia is 0
    qtbot.waitUntil(lambda: "all equal" in stability.summary_label.text(), timeout=TIMEOUT_MS)


def test_stability_waits_for_the_fit_of_new_data(qtbot, window):
    stability = _tab(qtbot, window, "stabilityView")
    digits = load_digits_dataset()
    small = Dataset(digits.data[:5], digits.images[:5], digits.target[:5], "five")
    with qtbot.waitSignal(window.state.dataset_changed, timeout=TIMEOUT_MS):
        window.state.set_dataset(small)
    assert window.state.clustering is None  # its first fit is on its way
    stability.run_button.click()  # ran k = 10 on 5 samples: a failure, logged as an error
    assert stability.status_label.text().endswith("Wait for the current fit to finish, then run.")
    with qtbot.waitSignal(window.state.clustering_changed, timeout=TIMEOUT_MS):
        pass
