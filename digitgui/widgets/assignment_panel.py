"""AssignmentPanel: which cluster the drawing falls into, and why."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from digitgui.widgets.digit_image import digit_pixmap
from digitgui.widgets.distance_chart import DistanceChart

PREVIEW_SIZE = 96
NEAREST_SIZE = 48


class AssignmentPanel(QWidget):
    """Shows the assigned cluster, the 8×8 features the model sees, the distance to every
    centroid and the nearest training images. Renders what it is given; computes nothing.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("assignmentPanel")
        self.setAccessibleName("Assignment of the drawing")
        self.label = QLabel()
        self.label.setObjectName("assignmentLabel")
        self.label.setAccessibleName("Assigned cluster")
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        font = self.label.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.label.setFont(font)

        self.preview = QLabel()
        self.preview.setObjectName("featurePreview")
        self.preview.setAccessibleName("What the model sees: the drawing as 8 by 8 features")
        self.preview.setToolTip("The drawing as the model sees it: 8×8 block counts, 0–16")
        self.preview.setFixedSize(PREVIEW_SIZE, PREVIEW_SIZE)
        self.preview.setFrameShape(QLabel.Shape.Box)

        self.distance_plot = DistanceChart()

        self.nearest_labels = [QLabel() for _ in range(5)]
        nearest_row = QHBoxLayout()
        for label in self.nearest_labels:
            label.setFixedSize(NEAREST_SIZE, NEAREST_SIZE + 16)
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            nearest_row.addWidget(label)
        nearest_row.addStretch(1)

        top = QGridLayout()
        top.addWidget(self.preview, 0, 0, 2, 1)
        top.addWidget(self.label, 0, 1)
        caption = QLabel("Model's view (8×8)")
        caption.setStyleSheet("color: #666")
        top.addWidget(caption, 2, 0)
        top.setColumnStretch(1, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.distance_plot, 1)
        nearest_caption = QLabel("Nearest training images")
        nearest_caption.setStyleSheet("color: #666")
        layout.addWidget(nearest_caption)
        layout.addLayout(nearest_row)
        self.show_message("Draw a digit to see its cluster")

    def show_message(self, text: str) -> None:
        """Nothing to assign (empty canvas, no fit yet, a space that cannot place it)."""
        self.label.setText(text)
        self.preview.clear()
        self._set_bars(np.zeros(0), -1)
        for label in self.nearest_labels:
            label.clear()
            label.setToolTip("")

    def show_assignment(
        self,
        text: str,
        features: np.ndarray,
        cluster: int,
        distances: np.ndarray,
        nearest_images: list[np.ndarray],
        nearest_captions: list[str],
    ) -> None:
        """Render one assignment: ``text`` goes to ``assignmentLabel`` as it is."""
        self.label.setText(text)
        side = int(round(np.sqrt(features.size)))
        if side * side == features.size:
            self.preview.setPixmap(digit_pixmap(features.reshape(side, side), PREVIEW_SIZE - 2))
        self._set_bars(distances, cluster)
        for label, image, caption in zip(
            self.nearest_labels, nearest_images, nearest_captions, strict=False
        ):
            label.setPixmap(digit_pixmap(image, NEAREST_SIZE - 8))
            label.setToolTip(caption)
            label.setAccessibleName(f"Nearest training image: {caption}")

    def bar_heights(self) -> np.ndarray:
        """The distances currently drawn (for tests and screen readers)."""
        return self.distance_plot.bar_heights()

    def _set_bars(self, distances: np.ndarray, cluster: int) -> None:
        self.distance_plot.set_distances(distances, cluster)
