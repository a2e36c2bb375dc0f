"""The main window: fitting through the worker, Cancel, repeated Run, close mid-fit, drawing."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QPen
from PySide6.QtWidgets import QLabel, QPushButton
from sklearn import metrics as skm
from sklearn.cluster import KMeans

from digitgui.model import KMeansConfig, features_from_strokes
from tests.model.drawn_digits import DRAWN_DIGITS

TIMEOUT = 30_000


def test_opens_on_the_classic_run(window, digits):
    clustering = window.state.clustering
    reference = KMeans(n_clusters=10, random_state=42).fit(digits.data)
    np.testing.assert_array_equal(clustering.result.labels, reference.labels_)
    metrics = clustering.evaluation.metrics
    assert metrics["silhouette"] == skm.silhouette_score(digits.data, reference.labels_)
    assert metrics["adjusted_rand"] == skm.adjusted_rand_score(digits.target, reference.labels_)
    for name in (
        "drawCanvas",
        "assignmentLabel",
        "runButton",
        "cancelButton",
        "centroidGallery",
        "metricsPanel",
    ):
        widget = window.findChild(object, name)
        assert widget is not None, name
        assert widget.accessibleName(), name
    assert "Fitted k=10" in window.statusBar().currentMessage()


def test_run_fits_in_the_worker_with_the_panel_parameters(window, qtbot):
    window.params.k.setValue(6)
    window.params.n_init.setValue(3)
    run = window.findChild(QPushButton, "runButton")
    with qtbot.waitSignal(window.state.clustering_changed, timeout=TIMEOUT) as blocker:
        qtbot.mouseClick(run, Qt.MouseButton.LeftButton)
        assert window.findChild(QPushButton, "cancelButton").isEnabled()
    clustering = blocker.args[0]
    assert clustering.result.n_clusters == 6
    assert clustering.result.config.n_init == 3
    assert window.params.progress.value() == 3


def test_cancel_keeps_the_previous_result(window, qtbot):
    before = window.state.clustering
    window.params.n_init.setValue(100)  # long enough to cancel between restarts
    window.params.k.setValue(30)
    with qtbot.waitSignal(window.state.fit_runner.cancelled, timeout=TIMEOUT):
        qtbot.mouseClick(window.params.run_button, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(window.params.cancel_button, Qt.MouseButton.LeftButton)
    assert window.state.clustering is before
    assert not window.params.cancel_button.isEnabled()


def test_run_pressed_repeatedly_shows_only_the_last(window, qtbot):
    shown = []
    window.state.clustering_changed.connect(lambda c: shown.append(c.result.n_clusters))
    for k in (3, 4, 5, 6, 7):
        window.params.k.setValue(k)
        qtbot.mouseClick(window.params.run_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(shown) and shown[-1] == 7, timeout=TIMEOUT)
    assert shown == [7], "stale fits must be dropped, not shown"


def test_closing_mid_fit_stops_the_thread(qtbot, settings):
    from digitgui.app.main_window import MainWindow

    win = MainWindow(settings=settings)
    qtbot.addWidget(win)
    win.show()
    win.fits.run(KMeansConfig(n_clusters=40, n_init=200), "Raw pixels")
    win.close()
    for runner in win.state._runners:
        assert runner._thread.isFinished()


def _drag(qtbot, canvas, strokes):
    """Draw ``strokes`` (in a 280×280 design space) with real mouse events."""
    scale = min(canvas.width(), canvas.height()) / 300
    for stroke in strokes:
        points = [QPoint(int(x * scale), int(y * scale)) for x, y in stroke]
        qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=points[0])
        for point in points[1:]:
            qtbot.mouseMove(canvas, point)
        qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=points[-1])


def test_drawing_with_the_mouse_assigns_a_cluster(window, qtbot):
    canvas = window.draw.canvas
    label = window.findChild(QLabel, "assignmentLabel")
    assert "Empty canvas" in label.text()
    _drag(qtbot, canvas, DRAWN_DIGITS[0])
    clustering = window.state.clustering
    cluster, _ = clustering.assign(window.state.drawing)
    digit = clustering.evaluation.cluster_digits[cluster]
    assert label.text() == f"Cluster {cluster} · digit {digit}"
    assert digit == 0
    bars = window.draw.assignment.bar_heights()
    assert bars.shape == (10,) and bars.argmin() == cluster
    _drag(qtbot, canvas, DRAWN_DIGITS[7])  # a second digit over the first changes it
    window.draw.canvas.clear()
    assert "Empty canvas" in label.text()
    _drag(qtbot, canvas, DRAWN_DIGITS[7])
    seven = clustering.evaluation.cluster_digits[clustering.assign(window.state.drawing)[0]]
    assert label.text().endswith("digit 7") and seven == 7


def test_undo_removes_the_last_stroke(window, qtbot):
    canvas = window.draw.canvas
    _drag(qtbot, canvas, DRAWN_DIGITS[4])
    assert len(canvas.strokes) == 2
    first_only = window.state.drawing.copy()
    canvas.undo()
    assert len(canvas.strokes) == 1
    assert not np.array_equal(window.state.drawing, first_only)
    canvas.undo()
    assert canvas.is_empty() and window.state.drawing is None


@pytest.mark.parametrize("k", [3])
def test_adopting_a_config_refits(window, qtbot, k):
    with qtbot.waitSignal(window.state.clustering_changed, timeout=TIMEOUT) as blocker:
        window.state.adopt_config(KMeansConfig(n_clusters=k))
    assert blocker.args[0].result.n_clusters == k
    assert window.params.k.value() == k


def test_settings_remember_parameters_and_layout(qtbot, settings):
    from digitgui.app.main_window import MainWindow

    win = MainWindow(settings=settings)
    qtbot.addWidget(win)
    win.params.k.setValue(7)
    win.docks["metricsDock"].hide()
    win.close()
    again = MainWindow(settings=settings)
    qtbot.addWidget(again)
    assert again.params.k.value() == 7
    assert again.docks["metricsDock"].isHidden()
    again.close()


def _picture_of(strokes, size=280) -> QImage:
    """A dark-on-white picture of a drawing, like a photo or a scan of one."""
    image = QImage(size, size, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    pen = QPen(QColor("black"), 16)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    for stroke in strokes:
        for (x0, y0), (x1, y1) in zip(stroke[:-1], stroke[1:], strict=True):
            painter.drawLine(QPointF(x0, y0), QPointF(x1, y1))
    painter.end()
    return image


def test_pasted_picture_goes_through_the_same_pipeline(window, qtbot):
    label = window.findChild(QLabel, "assignmentLabel")
    QGuiApplication.clipboard().setImage(_picture_of(DRAWN_DIGITS[0]))
    with qtbot.waitSignal(window.draw.canvas.picture_dropped, timeout=10_000):
        window.draw.canvas.paste()  # decoded in a worker
    assert window.state.drawing is not None
    assert label.text().endswith("digit 0")
    drawn = features_from_strokes(DRAWN_DIGITS[0], pen_width=16)
    clustering = window.state.clustering
    assert clustering.assign(window.state.drawing)[0] == clustering.assign(drawn)[0]


def test_blank_picture_is_reported_not_assigned(window, qtbot):
    blank = QImage(64, 64, QImage.Format.Format_RGB32)
    blank.fill(QColor("white"))
    window.draw.canvas.set_picture(blank)
    assert window.state.drawing is None
    assert "no ink" in window.findChild(QLabel, "assignmentLabel").text()
