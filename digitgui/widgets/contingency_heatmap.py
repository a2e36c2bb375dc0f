"""ContingencyHeatmap: how many samples of each true digit landed in each cluster."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QIcon, QPainter, QPen, QPixmap
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
    heat_colors,
    heat_rgb,
    is_palette_change,
    plot_colors,
)

NO_LABELS_MESSAGE = "No true labels in this data set"
_AnyIndex = QModelIndex | QPersistentModelIndex
_Role = Qt.ItemDataRole
_CENTRE = int(Qt.AlignmentFlag.AlignCenter)


def cell_colors(share: float, colors: PlotColors | None = None) -> tuple[QColor, QColor]:
    """Background and readable text colour of a cell holding ``share`` (0..1) of its row."""
    return heat_colors(share, colors or plot_colors())


class CountsModel(QAbstractTableModel):
    """Clusters × true digits counts as a Qt table model.

    A new clustering replaces the arrays and reports the change (rows added or removed
    when k changes, then one ``dataChanged`` for every cell): the view repaints what it
    shows instead of rebuilding hundreds of items.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._counts = np.zeros((0, 0), dtype=np.int64)
        self._classes = np.zeros(0, dtype=np.int64)
        self._digits = np.zeros(0, dtype=np.int64)
        self._texts: list[list[str]] = []
        self._backgrounds: list[list[QColor]] = []
        self._foregrounds: list[list[QColor]] = []
        self._colors = plot_colors()
        self._bold = QFont()
        self._bold.setBold(True)
        self._swatches: dict[int, QIcon] = {}

    def set_counts(self, counts: np.ndarray, classes: np.ndarray, digits: np.ndarray) -> None:
        """Show ``counts`` (k × classes); rows are added or removed, the cells updated."""
        counts = np.asarray(counts, dtype=np.int64)
        old_rows, old_columns = self._counts.shape
        rows, columns = counts.shape
        if columns != old_columns:
            self.beginResetModel()
            self._store(counts, classes, digits)
            self.endResetModel()
            return
        if rows > old_rows:
            self.beginInsertRows(QModelIndex(), old_rows, rows - 1)
            self._store(counts, classes, digits)
            self.endInsertRows()
        elif rows < old_rows:
            self.beginRemoveRows(QModelIndex(), rows, old_rows - 1)
            self._store(counts, classes, digits)
            self.endRemoveRows()
        else:
            self._store(counts, classes, digits)
        self._changed_all()

    def set_colors(self, colors: PlotColors) -> None:
        """Recolour every cell for a new palette."""
        self._colors = colors
        self._store(self._counts, self._classes, self._digits)
        self._changed_all()

    def counts(self) -> np.ndarray:
        return self._counts

    def rowCount(self, parent: _AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else self._counts.shape[0]

    def columnCount(self, parent: _AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else self._counts.shape[1]

    def data(self, index: _AnyIndex, role: int = _Role.DisplayRole):
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        # Painting asks for these for every visible cell: answered from lists made once.
        if role == _Role.DisplayRole:
            return self._texts[row][column]
        if role == _Role.BackgroundRole:
            return self._backgrounds[row][column]
        if role == _Role.ForegroundRole:
            return self._foregrounds[row][column]
        if role == _Role.TextAlignmentRole:
            return _CENTRE
        if role == _Role.FontRole:
            return self._bold if self._classes[column] == self._digits[row] else None
        count = int(self._counts[row, column])
        if role == _Role.ToolTipRole:
            total = int(self._counts[row].sum())
            share = count / max(total, 1)
            return (
                f"Cluster {row}: {count} of {total} samples "
                f"are {int(self._classes[column])}s ({100 * share:.0f} %)"
            )
        if role == _Role.AccessibleTextRole:
            return f"cluster {row}, digit {int(self._classes[column])}: {count}"
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _Role.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal:
            if role == _Role.DisplayRole and section < len(self._classes):
                return str(int(self._classes[section]))
            return None
        if section >= len(self._digits):
            return None
        digit = int(self._digits[section])
        if role == _Role.DisplayRole:
            return f"C{section} ({digit})" if digit >= 0 else f"C{section} (empty)"
        if role == _Role.DecorationRole:
            if section not in self._swatches:
                pixmap = QPixmap(10, 10)
                pixmap.fill(cluster_color(section))
                self._swatches[section] = QIcon(pixmap)
            return self._swatches[section]
        if role == _Role.ToolTipRole:
            return f"Cluster {section}; majority digit {digit}. Click to select."
        return None

    def _store(self, counts: np.ndarray, classes: np.ndarray, digits: np.ndarray) -> None:
        self._counts = counts
        self._classes = np.asarray(classes, dtype=np.int64)
        self._digits = np.asarray(digits, dtype=np.int64)
        shares = counts / np.maximum(counts.sum(axis=1, keepdims=True), 1)
        rgb, white_text = heat_rgb(shares, self._colors)
        white, black = QColor("white"), QColor("black")
        self._texts = [[str(count) for count in row] for row in counts.tolist()]
        self._backgrounds = [[QColor.fromRgbF(*cell) for cell in row] for row in rgb.tolist()]
        self._foregrounds = [
            [
                (white if light else black) if count else self._colors.muted
                for count, light in zip(counts_row, light_row, strict=True)
            ]
            for counts_row, light_row in zip(counts.tolist(), white_text.tolist(), strict=True)
        ]

    def _changed_all(self) -> None:
        rows, columns = self._counts.shape
        if rows and columns:
            self.dataChanged.emit(self.index(0, 0), self.index(rows - 1, columns - 1))
            self.headerDataChanged.emit(Qt.Orientation.Vertical, 0, rows - 1)


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
        self.table.verticalHeader().sectionClicked.connect(self._on_header_clicked)
        self._size_cells()
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
        evaluation = None if clustering is None else clustering.evaluation
        if evaluation is None or evaluation.contingency is None:
            self._has_counts = False
            self.set_selected(-1)
            self.model.set_counts(np.zeros((0, 0)), np.zeros(0), np.zeros(0))
            self._show_message("" if clustering is None else NO_LABELS_MESSAGE)
            return
        self._has_counts = True
        self.model.set_counts(evaluation.contingency, evaluation.classes, evaluation.cluster_digits)
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
