"""ContingencyHeatmap: how many samples of each true digit landed in each cluster."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QIcon, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QStackedLayout,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from digitgui.model.clustering import Clustering
from digitgui.widgets.palette import blues, cluster_color

NO_LABELS_MESSAGE = "No true labels in this data set"
_ZERO_TEXT = QColor("#9a9a9a")
_AnyIndex = QModelIndex | QPersistentModelIndex


def cell_colors(share: float) -> tuple[QColor, QColor]:
    """Background and readable text colour of a cell holding ``share`` (0..1) of its row."""
    red, green, blue = blues(0.05 + 0.95 * float(share))
    background = QColor.fromRgbF(red, green, blue)
    luminance = 0.2126 * red + 0.7152 * green + 0.0722 * blue
    return background, QColor("white" if luminance < 0.5 else "black")


class _RowFrameDelegate(QStyledItemDelegate):
    """Keeps each cell's heat colour when its row is selected; frames the row instead."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _AnyIndex) -> None:
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        option.state &= ~QStyle.StateFlag.State_Selected
        option.state &= ~QStyle.StateFlag.State_HasFocus
        super().paint(painter, option, index)
        if selected:
            painter.save()
            painter.setPen(QPen(option.palette.text().color(), 2))
            rect: QRect = option.rect
            painter.drawLine(rect.topLeft(), rect.topRight())
            painter.drawLine(rect.bottomLeft(), rect.bottomRight())
            painter.restore()


class ContingencyHeatmap(QWidget):
    """Clusters (rows, "C3 (7)": cluster 3, majority digit 7) × true digits (columns).

    Each cell shows the count; its colour is the share of the cluster's samples (so a pure
    cluster is one dark cell). Clicking a row, or its header, picks that cluster.

    Signals
    -------
    cluster_clicked(int) : the user clicked the row of this cluster.
    """

    cluster_clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("contingencyHeatmap")
        self.setAccessibleName("Clusters by true digit")
        self._counts: np.ndarray | None = None

        self.table = QTableWidget(self)
        self.table.setAccessibleName("Counts of true digits per cluster")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setItemDelegate(_RowFrameDelegate(self.table))
        self.table.setShowGrid(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setMinimumSectionSize(30)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(22)
        self.table.cellClicked.connect(self._on_table_cell_clicked)
        self.table.verticalHeader().sectionClicked.connect(self._on_table_cell_clicked)
        self.message = QLabel(NO_LABELS_MESSAGE, self)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)

        self.caption = QLabel(
            "Rows: clusters (majority digit). Columns: true digits. "
            "Shade: share of the cluster's samples.",
            self,
        )
        self.caption.setWordWrap(True)

        page = QWidget(self)
        page_layout = QVBoxLayout(page)
        page_layout.setContentsMargins(0, 0, 0, 0)
        page_layout.addWidget(self.caption)
        page_layout.addWidget(self.table, 1)
        self._page = page
        self._stack = QStackedLayout()
        self._stack.addWidget(page)
        self._stack.addWidget(self.message)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._stack)
        self.set_clustering(None)

    def set_clustering(self, clustering: Clustering | None) -> None:
        """Show ``clustering``'s cluster × digit counts (None: empty; no labels: a message)."""
        self.table.clear()
        self.table.setRowCount(0)
        self.table.setColumnCount(0)
        self._counts = None
        if clustering is None:
            self._show_message("")
            return
        evaluation = clustering.evaluation
        if evaluation.contingency is None:
            self._show_message(NO_LABELS_MESSAGE)
            return
        self._counts = np.asarray(evaluation.contingency)
        self._fill(self._counts, evaluation.classes, evaluation.cluster_digits)
        self._stack.setCurrentWidget(self._page)

    def set_selected(self, cluster: int) -> None:
        """Frame the row of ``cluster`` (-1: none). Emits nothing."""
        self.table.blockSignals(True)
        self.table.clearSelection()
        if 0 <= cluster < self.table.rowCount():
            self.table.selectRow(cluster)
            self.table.scrollToItem(self.table.item(cluster, 0))
        self.table.blockSignals(False)

    def shown_counts(self) -> np.ndarray | None:
        """The counts written in the cells, read back from the table (None when empty)."""
        if self._counts is None:
            return None
        rows, columns = self.table.rowCount(), self.table.columnCount()
        return np.array(
            [[int(self.table.item(r, c).text()) for c in range(columns)] for r in range(rows)]
        )

    def row_label(self, cluster: int) -> str:
        """The header text of ``cluster``'s row."""
        return self.table.verticalHeaderItem(cluster).text()

    def _show_message(self, text: str) -> None:
        self.message.setText(text)
        self._stack.setCurrentWidget(self.message)

    def _fill(self, counts: np.ndarray, classes: np.ndarray, digits: np.ndarray) -> None:
        k, n_classes = counts.shape
        self.table.setRowCount(k)
        self.table.setColumnCount(n_classes)
        self.table.setHorizontalHeaderLabels([str(int(c)) for c in classes])
        shares = counts / np.maximum(counts.sum(axis=1, keepdims=True), 1)
        bold = QFont(self.table.font())
        bold.setBold(True)
        for cluster in range(k):
            digit = int(digits[cluster])
            label = f"C{cluster} ({digit})" if digit >= 0 else f"C{cluster} (empty)"
            header = QTableWidgetItem(self._swatch(cluster), label)
            header.setToolTip(f"Cluster {cluster}; majority digit {digit}. Click to select.")
            self.table.setVerticalHeaderItem(cluster, header)
            for column in range(n_classes):
                count, share = int(counts[cluster, column]), float(shares[cluster, column])
                item = QTableWidgetItem(str(count))
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                background, text = cell_colors(share)
                item.setBackground(QBrush(background))
                item.setForeground(QBrush(text if count else _ZERO_TEXT))
                if int(classes[column]) == digit:
                    item.setFont(bold)
                true_digit = int(classes[column])
                item.setToolTip(
                    f"Cluster {cluster}: {count} of {int(counts[cluster].sum())} samples "
                    f"are {true_digit}s ({100 * share:.0f} %)"
                )
                item.setData(
                    Qt.ItemDataRole.AccessibleTextRole,
                    f"cluster {cluster}, digit {true_digit}: {count}",
                )
                self.table.setItem(cluster, column, item)

    @staticmethod
    def _swatch(cluster: int) -> QIcon:
        pixmap = QPixmap(10, 10)
        pixmap.fill(cluster_color(cluster))
        return QIcon(pixmap)

    def _on_table_cell_clicked(self, row: int, _column: int = 0) -> None:
        if row >= 0:
            self.cluster_clicked.emit(row)
