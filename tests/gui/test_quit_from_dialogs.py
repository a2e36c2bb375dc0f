"""Ctrl+Q quits from any of the app's windows, not only from the main window.

Getting started opens beside the window at the first start and takes the focus; Ctrl+Q
pressed there did nothing.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QWidget


def test_ctrl_q_in_getting_started_quits(window, qtbot):
    window.show_getting_started()
    dialog = window.findChild(QWidget, "gettingStarted")
    assert dialog is not None
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=5000)
    if window.quit_action.shortcut().isEmpty():  # offscreen knows no Quit key: Linux's
        window.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
    combination = window.quit_action.shortcut()[0]
    qtbot.keyClick(dialog, combination.key(), combination.keyboardModifiers())
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=5000)
    assert window.state.is_shut_down
    assert window.quit_action.shortcutContext() == Qt.ShortcutContext.ApplicationShortcut
