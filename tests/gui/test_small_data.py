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
