"""TabList: every tab of a tab widget in a menu and on Ctrl+1…Ctrl+9.

On a laptop screen the view tabs do not all fit their bar: the last ones hide behind the
bar's scroll arrows, where nobody finds them. The list is a button in the bar's corner
and a View submenu, each tab with its shortcut.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QObject, Qt, Slot
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu, QTabWidget, QToolButton, QWidget

#: Tabs reachable by Ctrl+1 … Ctrl+SHORTCUTS.
SHORTCUTS = 9


class TabList(QObject):
    """Keeps :attr:`menu` and the corner button in step with ``tabs``.

    Call :meth:`sync` after adding or removing tabs (a tab widget tells nobody).
    The shortcuts work wherever the focus is in ``window``.
    """

    def __init__(self, tabs: QTabWidget, window: QWidget) -> None:
        super().__init__(tabs)
        self._tabs = tabs
        self.menu = QMenu("&Tabs", window)
        self.menu.setObjectName("tabListMenu")
        self._group = QActionGroup(self)
        self._actions: list[QAction] = []
        for index in range(SHORTCUTS):
            action = QAction(self)  # not the menu's: clearing the menu keeps it
            action.setCheckable(True)
            action.setShortcut(QKeySequence(f"Ctrl+{index + 1}"))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(partial(self._go_to, index))
            self._group.addAction(action)
            window.addAction(action)  # the shortcut works while the menu is closed
            self._actions.append(action)
        self.button = QToolButton(tabs)
        self.button.setObjectName("tabListButton")
        self.button.setText("Tabs")
        self.button.setToolTip("Every view, with its shortcut (Ctrl+1 … Ctrl+9)")
        self.button.setAccessibleName("List of views")
        self.button.setMenu(self.menu)
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.button.setAutoRaise(True)
        tabs.setCornerWidget(self.button, Qt.Corner.TopRightCorner)
        tabs.currentChanged.connect(self.sync)
        self.sync()

    @Slot()
    def sync(self) -> None:
        """Name, show and check the entries after the tabs changed."""
        tabs = self._tabs
        for index, action in enumerate(self._actions):
            present = index < tabs.count()
            action.setVisible(present)
            if present:
                action.setText(tabs.tabText(index))
                action.setChecked(index == tabs.currentIndex())
        self.menu.clear()
        self.menu.addActions(self._actions)
        for index in range(SHORTCUTS, tabs.count()):  # more tabs than shortcuts
            extra = self.menu.addAction(tabs.tabText(index), partial(self._go_to, index))
            extra.setCheckable(True)
            extra.setChecked(index == tabs.currentIndex())

    def _go_to(self, index: int) -> None:
        if index < self._tabs.count():
            self._tabs.setCurrentIndex(index)
