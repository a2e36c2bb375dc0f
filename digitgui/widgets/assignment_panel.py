"""AssignmentPanel: which cluster the drawing falls into, and why."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from digitgui.widgets.digit_image import digit_pixmap
from digitgui.widgets.distance_chart import DistanceChart

PREVIEW_SIZE = 96
NEAREST_SIZE = 48
CHART_BESIDE_WIDTH = 300  # narrower than this, the distance chart goes under the preview


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

        self.guess = QLabel()
        self.guess.setObjectName("digitGuess")
        self.guess.setAccessibleName("Digit guess from the nearest data images")
        self.guess.setTextFormat(Qt.TextFormat.PlainText)

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

        # The answer on top, full width; the distance chart beside the preview when there
        # is room, else under it (see resizeEvent).
        top = QGridLayout()
        top.addWidget(self.label, 0, 0, 1, 2)
        top.addWidget(self.guess, 1, 0, 1, 2)
        # Row 2 is for a caller's extra (see add_under_answer), empty by default.
        top.addWidget(self.preview, 3, 0, Qt.AlignmentFlag.AlignTop)
        caption = QLabel("Model's view (8×8)")
        caption.setStyleSheet("color: #666")
        top.addWidget(caption, 4, 0, Qt.AlignmentFlag.AlignTop)
        top.setColumnStretch(1, 1)
        top.setRowStretch(5, 1)  # the chart's row, or the room under the preview's caption
        self._top = top
        self._chart_beside: bool | None = None
        self._place_chart(beside=True)
        layout = QVBoxLayout(self)
        layout.addLayout(top, 1)
        nearest_caption = QLabel("Nearest training images")
        nearest_caption.setStyleSheet("color: #666")
        layout.addWidget(nearest_caption)
        layout.addLayout(nearest_row)
        self.show_message("Draw a digit to see its cluster")

    def _place_chart(self, beside: bool) -> None:
        if beside == self._chart_beside:
            return
        self._chart_beside = beside
        self._top.removeWidget(self.distance_plot)
        if beside:
            self._top.addWidget(self.distance_plot, 3, 1, 3, 1)
        else:
            self._top.addWidget(self.distance_plot, 5, 0, 1, 2)

    def add_under_answer(self, widget: QWidget) -> None:
        """Show ``widget`` right under the answer and the guess, full width (it stays in
        view when the panel scrolls least)."""
        self._top.addWidget(widget, 2, 0, 1, 2)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        self._place_chart(beside=self.width() >= CHART_BESIDE_WIDTH)

    def show_message(self, text: str) -> None:
        """Nothing to assign (empty canvas, no fit yet, a space that cannot place it)."""
        self.label.setText(text)
        self.show_guess("", "")
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

    def show_guess(self, text: str, tooltip: str) -> None:
        """The nearest-neighbour answer beside the cluster's (``digitGuess``), as given."""
        self.guess.setText(text)
        self.guess.setToolTip(tooltip)
        self.guess.setAccessibleDescription(tooltip)

    def bar_heights(self) -> np.ndarray:
        """The distances currently drawn (for tests and screen readers)."""
        return self.distance_plot.bar_heights()

    def _set_bars(self, distances: np.ndarray, cluster: int) -> None:
        self.distance_plot.set_distances(distances, cluster)
