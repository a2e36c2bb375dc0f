"""Window placement rules and the draw panel's square canvas, without a real screen."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QRect, QSize

from digitgui.app.window_geometry import (
    DEFAULT_SIZE,
    centred,
    dock_widths,
    first_start_size,
    fit_rect,
)

LAPTOP = QRect(0, 0, 1366, 740)  # 1366×768 less a 28 px panel


def test_first_start_fits_the_available_screen():
    assert first_start_size(QRect(0, 0, 2560, 1400)) == DEFAULT_SIZE
    assert first_start_size(LAPTOP) == QSize(1366, 740)
    assert first_start_size(LAPTOP, QSize(0, 30)) == QSize(1366, 710)
    assert LAPTOP.contains(centred(first_start_size(LAPTOP), LAPTOP))


@pytest.mark.parametrize(
    ("saved", "expected"),
    [
        (QRect(300, 40, 1500, 700), QRect(0, 40, 1366, 700)),  # too wide: narrowed
        (QRect(1800, 900, 800, 600), QRect(566, 140, 800, 600)),  # off the corner: moved in
        (QRect(-50, -20, 2000, 1200), QRect(0, 0, 1366, 740)),  # bigger all round
        (QRect(100, 100, 800, 500), QRect(100, 100, 800, 500)),  # fits: left alone
    ],
)
def test_a_saved_rectangle_is_fitted_onto_the_screen(saved, expected):
    assert fit_rect(saved, LAPTOP) == expected
    assert LAPTOP.contains(fit_rect(saved, LAPTOP))


def test_fit_respects_a_screen_that_does_not_start_at_zero():
    second = QRect(1920, 0, 1280, 720)
    assert fit_rect(QRect(0, 0, 1400, 900), second) == QRect(1920, 0, 1280, 720)


def test_wide_windows_give_the_draw_dock_room_for_the_answer_beside():
    left, narrow = dock_widths(1024)
    assert narrow < 400 and left >= 280
    assert 500 <= dock_widths(1280)[1] <= 640
    assert dock_widths(1280, params_width=320)[0] == 324


@pytest.fixture
def panel(qtbot):
    from digitgui.widgets.draw_panel import DrawPanel

    widget = DrawPanel()
    qtbot.addWidget(widget)
    widget.show()
    return widget


@pytest.mark.parametrize(("size", "beside"), [((340, 660), False), ((570, 650), True)])
def test_canvas_is_square_and_the_answer_does_not_resize_it(panel, qtbot, size, beside):
    panel.resize(*size)
    qtbot.waitUntil(lambda: panel.canvas.width() == panel.canvas_side(), timeout=5000)
    side = panel.canvas.width()
    assert panel.canvas.height() == side and side >= 280
    assert panel.answer_beside() is beside
    long_text = "Drawings make 64 features; this data set has 16, so they cannot be placed. "
    panel.assignment.show_message(long_text * 3)
    assert (panel.canvas.width(), panel.canvas.height()) == (side, side)
    features = np.full(64, 8.0)
    images = [np.zeros((8, 8))] * 5
    panel.assignment.show_assignment(
        "Cluster 3 · digit 7", features, 3, np.arange(50.0), images, ["a"] * 5
    )
    assert (panel.canvas.width(), panel.canvas.height()) == (side, side)
    canvas = panel.canvas.geometry()
    assert panel.rect().contains(canvas)
    assert not canvas.intersects(panel.answer_area.geometry())
    assert not canvas.intersects(panel.controls.geometry())


def test_main_window_minimum_size_fits_a_small_laptop(window, qtbot):
    if window.tabs.count() == 1:  # the exploration tabs come after the first fit
        with qtbot.waitSignal(window.tabs_ready, timeout=60_000):
            pass
    minimum = window.minimumSizeHint().expandedTo(window.minimumSize())
    assert minimum.width() <= 1000 and minimum.height() <= 680


def _open_window(qtbot, settings, monkeypatch, screen: QRect):
    from digitgui.app import window_geometry
    from digitgui.app.main_window import MainWindow

    monkeypatch.setattr(window_geometry, "available_geometry", lambda _window: screen)
    win = MainWindow(settings=settings)
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.state.clustering_changed, timeout=60_000):
        win.show()
    return win


def test_a_layout_saved_on_a_bigger_screen_is_fitted_and_rearranged(qtbot, settings, monkeypatch):
    from digitgui.app.window_geometry import save_placement

    big = _open_window(qtbot, settings, monkeypatch, QRect(0, 0, 1920, 1080))
    assert big.size() == DEFAULT_SIZE
    save_placement(big, settings)
    big.close()

    small = _open_window(qtbot, settings, monkeypatch, QRect(0, 0, 1024, 740))
    assert small.frameGeometry() == QRect(0, 0, 1024, 740)
    assert small._layout_restored is False  # the big window's dock sizes do not apply
    params = small.docks["paramsDock"]
    qtbot.waitUntil(lambda: params.width() >= small.params.minimumSizeHint().width(), timeout=5000)
    assert small.draw.canvas.width() >= 280
    small.close()

    # The same screen again: the window and its dock layout come back as they were.
    save_placement(small, settings)
    again = _open_window(qtbot, settings, monkeypatch, QRect(0, 0, 1024, 740))
    assert again.frameGeometry() == QRect(0, 0, 1024, 740)
    assert again._layout_restored is True
    again.close()


def test_fit_scroll_area_scrolls_only_below_the_minimum(qtbot):
    from PySide6.QtWidgets import QLabel, QTextEdit, QVBoxLayout, QWidget

    from digitgui.widgets.fit_scroll_area import FitScrollArea

    page = QWidget()
    label = QLabel("a word-wrapped label that needs two lines or more when narrow " * 2)
    label.setWordWrap(True)
    table = QTextEdit()  # prefers ~190 px, can shrink to ~70
    table.setMinimumHeight(70)
    layout = QVBoxLayout(page)
    layout.addWidget(label)
    layout.addWidget(table)
    area = FitScrollArea(page)
    qtbot.addWidget(area)
    area.resize(260, 160)  # less than the page would like, more than it needs
    area.show()
    qtbot.waitUntil(lambda: page.width() == area.viewport().width(), timeout=5000)
    assert page.height() == area.viewport().height()
    assert not area.verticalScrollBar().isVisible()
    # Squeezed below what the page needs (wrapped label + the table's minimum): it scrolls,
    # and the label keeps the lines it needs.
    area.resize(260, 90)
    qtbot.waitUntil(area.verticalScrollBar().isVisible, timeout=5000)
    assert label.height() >= label.heightForWidth(label.width())
