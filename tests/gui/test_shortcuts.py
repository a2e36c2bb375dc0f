"""Esc, Ctrl+Z and Ctrl+V act on the canvas wherever the focus is in the window, except in a
text or number field, which keeps its own meaning of the key."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QPen
from PySide6.QtWidgets import QApplication

CTRL = Qt.KeyboardModifier.ControlModifier


def _stroke(qtbot, canvas, points) -> None:
    side = canvas.width()
    path = [QPoint(int(x * side), int(y * side)) for x, y in points]
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=path[0])
    for point in path[1:]:
        qtbot.mouseMove(canvas, point)
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=path[-1])


@pytest.fixture
def drawn(window, qtbot):
    """The window with two strokes on the canvas and the focus elsewhere (the Run button)."""
    canvas = window.draw.canvas
    _stroke(qtbot, canvas, [(0.3, 0.2), (0.7, 0.2), (0.5, 0.8)])
    _stroke(qtbot, canvas, [(0.35, 0.5), (0.65, 0.5)])
    assert len(canvas.strokes) == 2
    window.activateWindow()
    window.params.run_button.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.params.run_button, timeout=5000)
    return window


def _focus(qtbot, widget) -> None:
    widget.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget, timeout=5000)


def test_esc_clears_from_another_widget(drawn, qtbot):
    canvas = drawn.draw.canvas
    with qtbot.waitSignal(canvas.cleared, timeout=5000):
        qtbot.keyClick(drawn.params.run_button, Qt.Key.Key_Escape)
    assert canvas.is_empty()
    assert "Empty canvas" in drawn.draw.assignment.label.text()


def test_ctrl_z_undoes_a_stroke_from_the_gallery(drawn, qtbot):
    canvas = drawn.draw.canvas
    gallery = drawn.gallery.view
    _focus(qtbot, gallery)
    qtbot.keyClick(gallery, Qt.Key.Key_Z, CTRL)
    assert len(canvas.strokes) == 1
    qtbot.keyClick(gallery, Qt.Key.Key_Z, CTRL)
    assert canvas.is_empty()


def test_ctrl_v_pastes_a_picture_from_another_widget(drawn, qtbot):
    picture = QImage(80, 80, QImage.Format.Format_RGB32)
    picture.fill(QColor("white"))
    painter = QPainter(picture)
    painter.setPen(QPen(QColor("black"), 10))
    painter.drawLine(40, 8, 40, 72)  # a "1"
    painter.end()
    QGuiApplication.clipboard().setImage(picture)
    canvas = drawn.draw.canvas
    with qtbot.waitSignal(canvas.picture_dropped, timeout=5000):
        qtbot.keyClick(drawn.params.run_button, Qt.Key.Key_V, CTRL)
    assert canvas.strokes == [] and not canvas.is_empty()
    assert drawn.draw.assignment.label.text().startswith("Cluster")


@pytest.mark.parametrize("field_name", ["k", "seed"])
def test_a_number_field_keeps_its_own_esc_and_ctrl_z(drawn, qtbot, field_name):
    canvas = drawn.draw.canvas
    field = getattr(drawn.params, field_name)
    _focus(qtbot, field)
    before = field.value()
    field.lineEdit().selectAll()
    qtbot.keyClicks(field, "7")
    assert field.value() == 7
    qtbot.keyClick(field, Qt.Key.Key_Escape)
    qtbot.keyClick(field, Qt.Key.Key_Z, CTRL)  # the field's own undo of the typing
    assert len(canvas.strokes) == 2, "a key meant for the field reached the canvas"
    assert field.value() == before
    assert QApplication.focusWidget() is field


def test_shortcuts_work_with_the_draw_dock_floating(drawn, qtbot):
    dock = drawn.docks["drawDock"]
    dock.setFloating(True)
    canvas = drawn.draw.canvas
    drawn.activateWindow()
    with qtbot.waitSignal(canvas.cleared, timeout=5000):
        qtbot.keyClick(drawn.params.run_button, Qt.Key.Key_Escape)
    dock.setFloating(False)
