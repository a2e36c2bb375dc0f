"""FitScrollArea: a scroll area whose widget fills the view and scrolls only when squeezed."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QWidget


class FitScrollArea(QScrollArea):
    """Like ``QScrollArea.setWidgetResizable(True)``, but the widget gets the view's size
    (at least its minimum size), never its preferred height for a width.

    A resizable QScrollArea sizes a widget whose layout has a height-for-width (any
    word-wrapped label) to its *preferred* height, so the widget scrolls although it would
    fit. Here the widget scrolls only when the view is smaller than the widget's minimum
    (plus the height its wrapped text needs at the view's width).
    """

    def __init__(self, widget: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._fitting = False  # resizing the widget can resize the view: no re-entry
        self.setObjectName(f"{widget.objectName() or 'page'}Scroll")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWidgetResizable(False)
        self.setWidget(widget)  # also makes this area filter the widget's events
        self._fit()

    def _fit(self) -> None:
        widget = self.widget()
        if widget is None or self._fitting:
            return
        self._fitting = True
        try:
            for _ in range(3):  # a scroll bar coming or going changes the view: fit again
                view = self.viewport().size()
                self._fit_widget(widget)
                if self.viewport().size() == view:
                    break
        finally:
            self._fitting = False

    def _fit_widget(self, widget: QWidget) -> None:
        minimum = widget.minimumSizeHint().expandedTo(widget.minimumSize())
        size = self.viewport().size().expandedTo(minimum).boundedTo(widget.maximumSize())
        if self.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff:
            size.setWidth(self.viewport().width())
        if widget.hasHeightForWidth():
            size.setHeight(max(size.height(), _minimum_height_for_width(widget, size.width())))
        if widget.size() != size:
            widget.resize(size)

    def viewportEvent(self, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.Resize:
            self._fit()
        return super().viewportEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self._fit()
        return super().eventFilter(watched, event)

    def set_horizontal_scrolling(self, on: bool) -> None:
        """Allow (default) or forbid a horizontal scroll bar."""
        policy = Qt.ScrollBarPolicy
        self.setHorizontalScrollBarPolicy(
            policy.ScrollBarAsNeeded if on else policy.ScrollBarAlwaysOff
        )
        self._fit()


def _minimum_height_for_width(widget: QWidget, width: int) -> int:
    """The least height ``widget`` needs at ``width``, its wrapped text included.

    Qt's minimum size counts a word-wrapped label as one line and a form's wrapping rows
    as unwrapped; its height-for-width is a preferred height, not a minimum. So: the
    minimum, plus the larger of what wrapping adds to the preferred height (form rows) and
    the lines the visible word-wrapped labels need beyond one (labels).
    """
    minimum = widget.minimumSizeHint().expandedTo(widget.minimumSize()).height()
    rows = max(0, widget.heightForWidth(width) - widget.sizeHint().height())
    lines = 0
    laid_out = widget.isVisible()  # before that, the labels' widths mean nothing
    grow = width - widget.width()  # the labels widen or narrow with the widget
    for label in widget.findChildren(QLabel):
        if label.wordWrap() and label.isVisibleTo(widget):
            label_width = label.width() + grow if laid_out else width
            label_width = min(max(label_width, label.minimumSizeHint().width()), width)
            needed = label.heightForWidth(label_width)
            lines += max(0, needed - label.minimumSizeHint().height())
    return minimum + max(rows, lines)
