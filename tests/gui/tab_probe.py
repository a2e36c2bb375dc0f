"""Measure every tab of the main window's view tabs: run by ``window_probe.py``.

For each tab (made current in turn): does its scroll area need a horizontal scroll bar,
and is each control (button, combo box, spin box, label, progress bar, slider, table,
plot) wholly inside the visible area, not clipped by a parent, not squeezed below its
minimum width; does each plot's scene fit its view (pyqtgraph clips a scene wider than
its view without a scroll bar); is the projection legend inside its plot.
"""

from __future__ import annotations

from collections.abc import Callable

SETTLE_MS = 400


def hidden_area(widget) -> int:
    """Pixels of ``widget`` not shown: clipped by its ancestors or covered by widgets
    that are not its children (its visible children count as shown)."""
    from PySide6.QtGui import QRegion
    from PySide6.QtWidgets import QWidget

    hidden = QRegion(widget.rect()).subtracted(widget.visibleRegion())
    for child in widget.findChildren(QWidget):
        if child.isVisible():
            shown = child.visibleRegion().boundingRect()  # clipped by its ancestors
            hidden = hidden.subtracted(
                QRegion(shown.translated(child.mapTo(widget, shown.topLeft()) - shown.topLeft()))
            )
    return sum(r.width() * r.height() for r in hidden)


def _name(widget) -> str:
    if widget.objectName():
        return widget.objectName()
    text = widget.text() if hasattr(widget, "text") and callable(widget.text) else ""
    return f"{type(widget).__name__}({str(text)[:30]!r})"


def _controls(page) -> list:
    """Visible controls of ``page``, leaving out what scrolls inside a nested scroll
    area (table cells, thumbnail strips) but keeping the nested area itself."""
    import pyqtgraph as pg
    from PySide6.QtWidgets import (
        QAbstractButton,
        QAbstractScrollArea,
        QAbstractSlider,
        QAbstractSpinBox,
        QComboBox,
        QLabel,
        QProgressBar,
        QScrollBar,
        QWidget,
    )

    kinds = (QAbstractButton, QComboBox, QAbstractSpinBox, QLabel, QProgressBar)
    kinds += (QAbstractSlider, QAbstractScrollArea)
    found = []
    for widget in page.findChildren(QWidget):
        if not widget.isVisible() or not isinstance(widget, kinds):
            continue
        if isinstance(widget, QScrollBar) or isinstance(widget.parentWidget(), QScrollBar):
            continue
        parent, nested = widget.parentWidget(), False
        while parent is not None and parent is not page:
            if isinstance(parent, QAbstractScrollArea) or isinstance(parent, pg.GraphicsView):
                nested = True
                break
            parent = parent.parentWidget()
        if nested:
            continue
        if isinstance(widget, QLabel) and not (widget.text() or widget.pixmap()):
            continue
        found.append(widget)
    return found


def _squeezed(widget) -> bool:
    """A control narrower than its minimum (its text cut), wrapped labels excepted."""
    from PySide6.QtWidgets import QAbstractButton, QAbstractSpinBox, QComboBox, QLabel

    if isinstance(widget, QLabel) and widget.wordWrap():
        return False
    if not isinstance(widget, (QAbstractButton, QComboBox, QAbstractSpinBox, QLabel)):
        return False
    return widget.width() < widget.minimumSizeHint().width()


def _graphics_cut(page) -> list[str]:
    """Plots whose scene needs more width than their view has."""
    import pyqtgraph as pg
    from PySide6.QtCore import Qt

    cut = []
    for view in page.findChildren(pg.GraphicsView):
        central = getattr(view, "centralWidget", None)
        if not view.isVisible() or central is None:
            continue
        needed = central.effectiveSizeHint(Qt.SizeHint.MinimumSize).width()
        if needed > view.viewport().width() + 1:
            cut.append(f"{_name(view)} needs {needed:.0f} px of {view.viewport().width()}")
    return cut


def _legend_inside(page, viewport) -> bool | None:
    """Is the projection legend wholly inside the tab's visible area (None: no legend)?"""
    from PySide6.QtCore import QRect

    view = getattr(page, "legend", None)
    plot = getattr(page, "plot", None)
    if view is None or plot is None or not view.isVisible() or not view.items:
        return None
    in_plot = plot.mapFromScene(view.sceneBoundingRect()).boundingRect()
    top_left = plot.mapTo(viewport, in_plot.topLeft())
    rect = QRect(top_left, in_plot.size())
    return plot.viewport().rect().contains(in_plot) and viewport.rect().contains(rect)


def _measure(area) -> dict:
    from PySide6.QtCore import QRect
    from PySide6.QtWidgets import QScrollArea

    if not isinstance(area, QScrollArea):  # the Clusters tab: a splitter, no scrolling
        page, viewport, scroll_h, scroll_v = area, area, False, False
    else:
        page, viewport = area.widget(), area.viewport()
        scroll_h = area.horizontalScrollBar().isVisible()
        scroll_v = area.verticalScrollBar().isVisible()
    cut = []
    for widget in _controls(page):
        rect = QRect(widget.mapTo(viewport, widget.rect().topLeft()), widget.size())
        across = viewport.rect().left() <= rect.left() and rect.right() <= viewport.rect().right()
        whole = viewport.rect().contains(rect) and hidden_area(widget) == 0
        if not across or (not scroll_v and not whole) or _squeezed(widget):
            cut.append(f"{_name(widget)} at {[rect.x(), rect.y(), rect.width(), rect.height()]}")
    return {
        "scroll_h": scroll_h,
        "scroll_v": scroll_v,
        "page_width": page.width(),
        "view_width": viewport.width(),
        "cut": cut,
        "graphics_cut": _graphics_cut(page),
        "legend_inside": _legend_inside(page, viewport),
    }


def tour_tabs(app, window, settle: Callable[[object, int], None], shot) -> dict:
    """Each tab's measures (by title), made current in turn; the first tab again after."""
    tabs = window.tabs
    found = {}
    for index in range(tabs.count()):
        tabs.setCurrentIndex(index)
        settle(app, SETTLE_MS)
        title = tabs.tabText(index)
        found[title] = _measure(tabs.widget(index))
        found[title]["shot"] = shot(f"tab{index}")
    tabs.setCurrentIndex(0)
    settle(app, SETTLE_MS)
    return found
