"""ContingencyHeatmap: how many samples of each true digit landed in each cluster."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QRect,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QIcon,
    QPainter,
    QPen,
    QPixmap,
    QStandardItem,
    QStandardItemModel,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QStackedLayout,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from digitgui.model.clustering import Clustering
from digitgui.widgets.palette import (
    PlotColors,
    cluster_color,
    heat_rgb,
    is_palette_change,
    plot_colors,
)

NO_LABELS_MESSAGE = "No true labels in this data set"
#: At most this many columns: with thousands of label values (an id column taken as
#: labels) writing every cell froze the GUI thread for seconds, and nobody reads them.
MAX_SHOWN_CLASSES = 30
OTHER = -(2**62)  # the class id of the column that sums the classes not shown
CAPTION = (
    "Rows: clusters (majority digit). Columns: true digits. Shade: share of the cluster's samples."
)
_Role = Qt.ItemDataRole


class CountsModel(QStandardItemModel):
    """Clusters × true digits counts as a Qt table model whose cells are updated in place.

    The items live in C++, so painting and scrolling never call into Python. A new
    clustering adds or removes rows when k changes, rewrites the existing items with the
    model's signals blocked, then reports one ``dataChanged`` for every cell: nothing is
    rebuilt, and the view repaints once.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._counts = np.zeros((0, 0), dtype=np.int64)
        self._classes = np.zeros(0, dtype=np.int64)
        self._digits = np.zeros(0, dtype=np.int64)
        self._colors = plot_colors()
        self._bold = QFont()
        self._bold.setBold(True)
        self._swatches: dict[int, QIcon] = {}

    def set_counts(self, counts: np.ndarray, classes: np.ndarray, digits: np.ndarray) -> None:
        """Show ``counts`` (k × classes): rows added or removed, every cell rewritten."""
        self._counts = np.asarray(counts, dtype=np.int64)
        self._classes = np.asarray(classes, dtype=np.int64)
        self._digits = np.asarray(digits, dtype=np.int64)
        rows, columns = self._counts.shape
        if columns != self.columnCount():
            self.setColumnCount(columns)
            self.setHorizontalHeaderLabels([_class_name(c) for c in self._classes])
        if rows != self.rowCount():
            self.setRowCount(rows)
        self._write_cells()

    def set_colors(self, colors: PlotColors) -> None:
        """Recolour every cell for a new palette."""
        self._colors = colors
        self._write_cells()

    def counts(self) -> np.ndarray:
        return self._counts

    def _write_cells(self) -> None:
        counts, classes, digits = self._counts, self._classes, self._digits
        rows, columns = counts.shape
        if not rows or not columns:
            return
        shares = counts / np.maximum(counts.sum(axis=1, keepdims=True), 1)
        rgb, white_text = heat_rgb(shares, self._colors)
        white, black, muted = QColor("white"), QColor("black"), self._colors.muted
        totals = counts.sum(axis=1).tolist()
        class_names = [_class_name(c) for c in classes]
        self.blockSignals(True)  # one dataChanged at the end instead of one per setData
        try:
            for row, (cells, colours, lights) in enumerate(
                zip(counts.tolist(), rgb.tolist(), white_text.tolist(), strict=True)
            ):
                self._write_header(row, int(digits[row]))
                for column, (count, colour, light) in enumerate(
                    zip(cells, colours, lights, strict=True)
                ):
                    item = self.item(row, column)
                    if item is None:
                        item = QStandardItem()
                        item.setEditable(False)
                        item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                        self.setItem(row, column, item)
                    share = 100 * count / max(totals[row], 1)
                    item.setData(str(count), _Role.DisplayRole)
                    item.setData(QColor.fromRgbF(*colour), _Role.BackgroundRole)
                    item.setData(
                        (white if light else black) if count else muted, _Role.ForegroundRole
                    )
                    item.setData(
                        self._bold if classes[column] == digits[row] else None, _Role.FontRole
                    )
                    item.setData(
                        f"Cluster {row}: {count} of {totals[row]} samples are "
                        f"{class_names[column]}s ({share:.0f} %)",
                        _Role.ToolTipRole,
                    )
                    item.setData(
                        f"cluster {row}, digit {class_names[column]}: {count}",
                        _Role.AccessibleTextRole,
                    )
        finally:
            self.blockSignals(False)
        self.dataChanged.emit(self.index(0, 0), self.index(rows - 1, columns - 1))
        self.headerDataChanged.emit(Qt.Orientation.Vertical, 0, rows - 1)

    def _write_header(self, row: int, digit: int) -> None:
        header = self.verticalHeaderItem(row)
        if header is None:
            header = QStandardItem()
            self.setVerticalHeaderItem(row, header)
        if row not in self._swatches:
            pixmap = QPixmap(10, 10)
            pixmap.fill(cluster_color(row))
            self._swatches[row] = QIcon(pixmap)
        header.setIcon(self._swatches[row])
        header.setText(f"C{row} ({digit})" if digit >= 0 else f"C{row} (empty)")
        header.setToolTip(f"Cluster {row}; majority digit {digit}. Click to select.")


def _class_name(value: int | np.integer) -> str:
    return "other" if value == OTHER else str(int(value))


def shown_columns(
    counts: np.ndarray, classes: np.ndarray, limit: int = MAX_SHOWN_CLASSES
) -> tuple[np.ndarray, np.ndarray]:
    """The columns to show: all of them, or past ``limit`` the clusters' majority labels
    and the most common others (in label order) and one column summing the rest."""
    counts, classes = np.asarray(counts), np.asarray(classes)
    if len(classes) <= limit:
        return counts, classes
    majority = np.zeros(len(classes), dtype=bool)
    majority[counts.argmax(axis=1)] = True
    rank = np.lexsort((-counts.sum(axis=0), ~majority))  # majorities first, then by size
    kept = np.sort(rank[: limit - 1])
    rest = np.setdiff1d(np.arange(len(classes)), kept)
    shown = np.column_stack([counts[:, kept], counts[:, rest].sum(axis=1)])
    return shown, np.append(classes[kept], OTHER)


class _RowFrame(QWidget):
    """Two lines above and below the selected row, drawn over the cells (which keep their
    heat colour). An overlay instead of a Python item delegate: painting stays in C++."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.hide()

    def paintEvent(self, _event) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setPen(QPen(self.palette().text().color(), 2))
        painter.drawLine(0, 1, self.width(), 1)
        painter.drawLine(0, self.height() - 1, self.width(), self.height() - 1)


class ContingencyHeatmap(QWidget):
    """Clusters (rows, "C3 (7)": cluster 3, majority digit 7) × true digits (columns).

    Each cell shows the whole count; its colour is the share of the cluster's samples (so
    a pure cluster is one dark cell). Every column is wide enough for three digits: when
    the ten columns do not fit, the table scrolls sideways (and down for large k). Clicking
    a row, or its header, picks that cluster. Colours follow the palette.

    Signals
    -------
    cluster_clicked(int) : the user clicked the row of this cluster.
    """

    cluster_clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("contingencyHeatmap")
        self.setAccessibleName("Clusters by true digit")
        self.model = CountsModel(self)
        self._has_counts = False

        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName("Counts of true digits per cluster")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # The selected cluster is framed by an overlay, not Qt's selection (which would
        # paint over the heat colours).
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self._selected = -1
        self._frame = _RowFrame(self.table.viewport())
        self.table.verticalScrollBar().valueChanged.connect(self._place_frame)
        self.table.horizontalHeader().geometriesChanged.connect(self._place_frame)
        self.table.horizontalHeader().sectionResized.connect(self._place_frame)
        self.table.setShowGrid(False)
        self.table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.clicked.connect(self._on_table_clicked)
        self.table.activated.connect(self._on_table_clicked)  # Enter on a cell picks it too
        self.table.verticalHeader().sectionClicked.connect(self._on_header_clicked)
        self._size_cells()
        self.message = QLabel(NO_LABELS_MESSAGE, self)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)

        self.caption = QLabel(CAPTION, self)
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
        evaluation = None if clustering is None else clustering.evaluation
        if (
            evaluation is None
            or evaluation.contingency is None
            or evaluation.classes is None  # set together with the contingency
            or evaluation.cluster_digits is None
        ):
            self._has_counts = False
            self.set_selected(-1)
            self.model.set_counts(np.zeros((0, 0)), np.zeros(0), np.zeros(0))
            self._show_message("" if clustering is None else NO_LABELS_MESSAGE)
            return
        self._has_counts = True
        counts, classes = shown_columns(evaluation.contingency, evaluation.classes)
        self.model.set_counts(counts, classes, evaluation.cluster_digits)
        self.caption.setText(
            CAPTION
            if len(classes) == len(evaluation.classes)
            else f"Rows: clusters (majority label). Columns: the {len(classes) - 1} most "
            f"common of {len(evaluation.classes):,} true labels, then the others summed. "
            "Shade: share of the cluster's samples."
        )
        if self._selected >= self.model.rowCount():
            self.set_selected(-1)
        self._stack.setCurrentWidget(self._page)

    def set_selected(self, cluster: int) -> None:
        """Frame the row of ``cluster`` (-1: none). Emits nothing."""
        self._selected = cluster if 0 <= cluster < self.model.rowCount() else -1
        if self._selected >= 0:
            self.table.scrollTo(self.model.index(self._selected, 0))
        self._place_frame()

    def selected_cluster(self) -> int:
        """The framed cluster, -1 for none."""
        return self._selected

    def shown_counts(self) -> np.ndarray | None:
        """The counts written in the cells, read back through the model (None when empty)."""
        if not self._has_counts:
            return None
        rows, columns = self.model.rowCount(), self.model.columnCount()
        return np.array(
            [[int(self.model.index(r, c).data()) for c in range(columns)] for r in range(rows)]
        )

    def row_label(self, cluster: int) -> str:
        """The header text of ``cluster``'s row."""
        return self.model.headerData(cluster, Qt.Orientation.Vertical)

    def cell_rect(self, cluster: int, column: int) -> QRect:
        """Where a cell is drawn, in ``table.viewport()`` coordinates."""
        return self.table.visualRect(self.model.index(cluster, column))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        super().changeEvent(event)
        if is_palette_change(event):
            self.model.set_colors(plot_colors(self))
        elif event.type() == QEvent.Type.FontChange:
            self._size_cells()

    def _size_cells(self) -> None:
        """Columns never narrower than a three-digit count; rows as tall as the text."""
        metrics = self.table.fontMetrics()
        bold = QFont(self.table.font())
        bold.setBold(True)  # the majority digit's cell is bold
        widest = QFontMetrics(bold).horizontalAdvance("888")
        self.table.horizontalHeader().setMinimumSectionSize(widest + 12)
        self.table.horizontalHeader().setDefaultSectionSize(widest + 12)
        self.table.verticalHeader().setDefaultSectionSize(metrics.height() + 8)

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._place_frame()

    def _place_frame(self, *_args) -> None:
        if self._selected < 0:
            self._frame.hide()
            return
        row = self.table.visualRect(self.model.index(self._selected, 0))
        self._frame.setGeometry(0, row.top(), self.table.viewport().width(), row.height())
        self._frame.show()
        self._frame.raise_()

    def _show_message(self, text: str) -> None:
        self.message.setText(text)
        self._stack.setCurrentWidget(self.message)

    def _on_table_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self.cluster_clicked.emit(index.row())

    def _on_header_clicked(self, row: int) -> None:
        if row >= 0:
            self.cluster_clicked.emit(row)
