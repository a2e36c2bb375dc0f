"""HoverCard: a small floating card over a plot with a sample's picture and who it is."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QWidget

from digitgui.widgets.digit_image import digit_pixmap
from digitgui.widgets.palette import PlotColors

THUMB = 64  # pixels per side of the sample's picture


class HoverCard(QFrame):
    """A card floating over ``parent`` (a plot) near the pointer; ignores the mouse."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("projectionHoverCard")
        self.setAccessibleName("Hovered sample")
        self.setFrameShape(QFrame.Shape.Box)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.image, self.text = QLabel(self), QLabel(self)
        self.image.setFixedSize(THUMB, THUMB)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 4, 6, 4)
        layout.addWidget(self.image)
        layout.addWidget(self.text)
        self.hide()

    def show_sample(self, lines: list[str], picture: np.ndarray | None, at: QPoint) -> None:
        """Show ``lines`` of text and ``picture`` (h, w; None: no picture) with the card's
        top-left corner at ``at`` (parent coordinates), kept inside the parent."""
        self.text.setText("\n".join(lines))
        self.image.setVisible(picture is not None)
        if picture is not None:
            self.image.setPixmap(digit_pixmap(picture, THUMB))
        self.adjustSize()
        parent = self.parentWidget()
        if parent is not None:  # kept inside the plot it floats over
            limit = parent.rect().bottomRight() - QPoint(*self.size().toTuple())
            at = QPoint(min(at.x(), limit.x()), min(at.y(), limit.y()))
        self.move(at)
        self.show()
        self.raise_()

    def apply_colors(self, colors: PlotColors) -> None:
        """The card's background, text and border in the plot's colours."""
        self.setStyleSheet(
            f"#projectionHoverCard {{ background: {colors.hex('background')};"
            f" color: {colors.hex('foreground')}; border: 1px solid {colors.hex('muted')}; }}"
        )
