"""FitScrollArea: a scroll area whose widget fills the view and scrolls only when squeezed."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QFrame, QScrollArea, QWidget


class FitScrollArea(QScrollArea):
    """Like ``QScrollArea.setWidgetResizable(True)``, but the widget gets the view's size
    (at least its minimum size), never its preferred height for a width.

    A resizable QScrollArea sizes a widget whose layout has a height-for-width (any
    word-wrapped label) to its *preferred* height, so the widget scrolls although it would
    fit. Here the widget scrolls only when the view is smaller than the widget's minimum.
    """

    def __init__(
        self, widget: QWidget, parent: QWidget | None = None, *, wrapping_rows: bool = False
    ) -> None:
        """``wrapping_rows``: the widget's height for a width is what it needs (a form whose
        rows wrap), not merely what it would like (a word-wrapped label over a table).
        """
        super().__init__(parent)
        self._wrapping_rows = wrapping_rows
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
            self._fit_widget(widget)
        finally:
            self._fitting = False

    def _fit_widget(self, widget: QWidget) -> None:
        minimum = widget.minimumSizeHint().expandedTo(widget.minimumSize())
        size = self.viewport().size().expandedTo(minimum).boundedTo(widget.maximumSize())
        if self.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff:
            size.setWidth(self.viewport().width())
        if self._wrapping_rows and widget.hasHeightForWidth():
            size.setHeight(max(size.height(), widget.heightForWidth(size.width())))
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
