"""DrawingScoresDialog: how many of the user's drawings each answer gets right, per digit."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

HEADERS = ("Digit", "Drawings", "Cluster answer right", "Guess right")


class DrawingScoresDialog(QDialog):
    """A small table: one row per digit (``rows`` of (digit, drawings, cluster right,
    guess right), a guess of -1 meaning "no guess"), then the totals."""

    def __init__(
        self, rows: Sequence[tuple[int, int, int, int]], note: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("drawingScoresDialog")
        self.setWindowTitle("Score my drawings")
        self.table = QTableWidget(len(rows) + 1, len(HEADERS))
        self.table.setObjectName("drawingScoresTable")
        self.table.setAccessibleName("Scores of my drawings per digit")
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        totals = [0, 0, 0]
        for row, (digit, count, cluster_right, guess_right) in enumerate(rows):
            self._fill(row, str(digit), count, cluster_right, guess_right)
            totals[0] += count
            totals[1] += cluster_right
            totals[2] += max(guess_right, 0)
        has_guess = all(r[3] >= 0 for r in rows)
        self._fill(len(rows), "All", totals[0], totals[1], totals[2] if has_guess else -1)
        for column in range(len(HEADERS)):
            item = self.table.item(len(rows), column)
            assert item is not None  # _fill just made it
            font = item.font()
            font.setBold(True)
            item.setFont(font)
        explanation = QLabel(note)
        explanation.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        # Tall enough for ten digits and the totals without scrolling.
        rows_height = (len(rows) + 2) * (self.fontMetrics().height() + 8)
        self.resize(480, rows_height + 130)

    def _fill(self, row: int, digit: str, count: int, cluster_right: int, guess_right: int) -> None:
        cells = (
            digit,
            str(count),
            _fraction(cluster_right, count),
            "—" if guess_right < 0 else _fraction(guess_right, count),
        )
        for column, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            self.table.setItem(row, column, item)

    def cell_text(self, row: int, column: int) -> str:
        """The text of one cell (for tests and screen readers)."""
        item = self.table.item(row, column)
        assert item is not None, f"no cell at row {row}, column {column}"
        return item.text()


def _fraction(right: int, count: int) -> str:
    if count == 0:
        return "—"
    return f"{right} of {count} ({100 * right / count:.0f} %)"
