"""Every view is listed in the tab bar's corner and in View → Tabs, on Ctrl+1…Ctrl+9."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QMenu, QToolButton

TIMEOUT_MS = 60_000


def _all_tabs(qtbot, window):
    if not window.explore_tabs_built:
        with qtbot.waitSignal(window.tabs_ready, timeout=TIMEOUT_MS):
            pass


def _entries(window):
    return [a.text() for a in window.tab_list.menu.actions() if a.isVisible()]


def test_the_list_names_every_tab_in_order_once_they_are_built(window, qtbot):
    tabs = window.tabs
    assert _entries(window) == [tabs.tabText(i) for i in range(tabs.count())]
    _all_tabs(qtbot, window)
    names = [tabs.tabText(i) for i in range(tabs.count())]
    assert len(names) >= 7, names
    assert _entries(window) == names
    button = window.findChild(QToolButton, "tabListButton")
    assert button is not None and button.isVisible() and button.menu() is window.tab_list.menu
    view_menu = next(m for m in window.menuBar().findChildren(QMenu) if m.title() == "&View")
    assert window.tab_list.menu.menuAction() in view_menu.actions()


def test_ctrl_and_a_number_shows_that_tab_and_the_list_checks_it(window, qtbot):
    _all_tabs(qtbot, window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
    canvas = window.draw.canvas
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=QPoint(40, 40))
    qtbot.mouseMove(canvas, QPoint(120, 160))
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=QPoint(120, 160))
    assert not canvas.is_empty()
    kept = window.draw.my_drawings.count()  # the test run shares one data folder
    last = min(window.tabs.count(), 9)
    qtbot.keyClick(
        window.draw.canvas, Qt.Key(Qt.Key.Key_0 + last), Qt.KeyboardModifier.ControlModifier
    )
    assert window.tabs.currentIndex() == last - 1
    checked = [a.text() for a in window.tab_list.menu.actions() if a.isChecked()]
    assert checked == [window.tabs.tabText(last - 1)]
    qtbot.keyClick(window.draw.canvas, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentIndex() == 0
    assert window.draw.my_drawings.count() == kept, "Ctrl+digit does not keep a drawing"
