"""AlgorithmComparison: other clustering algorithms beside KMeans, one table row each."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from digitgui.widgets.job_controls import JobControls, JobView
from digitgui.widgets.table_columns import ColumnFitter

if TYPE_CHECKING:
    from digitgui.model.algorithms import AlgorithmRow

#: (row attribute, header, number format, tooltip)
COLUMNS = (
    ("name", "Algorithm", None, "The scikit-learn estimator (hover a name for its code)"),
    ("ari", "ARI", "{:.3f}", "Adjusted Rand index against the true digits (1 = identical)"),
    ("ami", "AMI", "{:.3f}", "Adjusted mutual information against the true digits"),
    ("v_measure", "V-measure", "{:.3f}", "Harmonic mean of homogeneity and completeness"),
    ("silhouette", "Silhouette", "{:.3f}", "Mean silhouette of the non-noise samples"),
    ("n_clusters", "Clusters", "{:d}", "Clusters found (noise not counted)"),
    ("noise", "Noise", "{:d}", "Samples left out as noise (HDBSCAN only)"),
    ("seconds", "Time (s)", "{:.2f}", "Wall time of fit_predict"),
)

NOTE = (
    "Each algorithm clusters the current data in the current feature space with the "
    "current k (HDBSCAN chooses its own number of clusters and leaves noise out), seeded "
    "with the Parameters panel's seed (0 when it has none): with default parameters the "
    "KMeans row is the app's own fit. Scores are scikit-learn's; noise counts as one group "
    "in ARI, AMI and V-measure. Pick a row and press “Show this clustering” to see it in "
    "the other views (cluster pictures are then the mean of each cluster's members)."
)


class AlgorithmComparison(JobView, QWidget):
    """Table of algorithms with Run / Cancel, filled row by row as each one finishes.

    Signals
    -------
    run_requested() : the user pressed Run.
    cancel_requested() : the user pressed Cancel.
    show_requested(int) : the user asked to show the clustering of this table row.
    """

    run_requested = Signal()
    cancel_requested = Signal()
    show_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("algorithmComparison")
        self.setAccessibleName("Comparison of clustering algorithms")
        self._rows: list[AlgorithmRow] = []
        self.job = JobControls(
            "algorithmComparison",
            "Run all",
            "Algorithm comparison",
            "%v / %m algorithms",
            "Press Run all to cluster the data with eight algorithms.",
        )
        self.run_button.clicked.connect(self.run_requested)
        self.cancel_button.clicked.connect(self.cancel_requested)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("algorithmComparisonTable")
        self.table.setAccessibleName("One row per algorithm")
        self.table.setHorizontalHeaderLabels([header for _, header, *_ in COLUMNS])
        for column, (*_, tip) in enumerate(COLUMNS):
            header_item = self.table.horizontalHeaderItem(column)
            assert header_item is not None  # setHorizontalHeaderLabels made it
            header_item.setToolTip(tip)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        self.columns = ColumnFitter(self.table, stretch=0, text_columns=(0,))  # elide names
        self.show_button = QPushButton("Show this clustering")
        self.show_button.setObjectName("algorithmShowButton")
        self.show_button.setToolTip("Put the picked row's clusters in the gallery and metrics")
        self.show_button.setEnabled(False)
        self.show_button.clicked.connect(self._on_show_button_clicked)
        self.table.itemSelectionChanged.connect(self._update_show_button)
        self.table.cellDoubleClicked.connect(self._on_table_double_clicked)
        note = QLabel(NOTE)
        note.setWordWrap(True)
        note.setObjectName("algorithmComparisonNote")
        actions = QHBoxLayout()
        actions.addWidget(self.show_button)
        actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.job)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)
        layout.addWidget(note)
        self.set_running(False)

    # ----------------------------------------------------------------- input
    def clear(self) -> None:
        self._rows = []
        self.table.setRowCount(0)
        self.progress_bar.reset()
        self._update_show_button()

    def add_row(self, row: AlgorithmRow) -> None:
        """Append one finished algorithm (an ``AlgorithmRow``)."""
        self._rows.append(row)
        r = self.table.rowCount()
        self.table.insertRow(r)
        for c, (key, _, fmt, _) in enumerate(COLUMNS):
            value = getattr(row, key)
            if fmt is None:
                text = str(value)
            elif isinstance(value, float) and not math.isfinite(value):
                text = "—"
            else:
                text = fmt.format(value)
            if row.labels is None and key != "name":
                text = "—"
            item = QTableWidgetItem(text)
            if fmt is not None:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            tip = row.code + (f"\n{row.note}" if row.note else "")
            item.setToolTip(tip)
            self.table.setItem(r, c, item)
        self._update_show_button()

    # ----------------------------------------------------------------- output
    @property
    def rows(self) -> tuple:
        """The rows shown, in table order."""
        return tuple(self._rows)

    def cell_text(self, row: int, key: str) -> str:
        column = [name for name, *_ in COLUMNS].index(key)
        item = self.table.item(row, column)
        assert item is not None, f"no cell at row {row}, column {key}"
        return item.text()

    def selected_row(self) -> int:
        """Index of the picked row, or -1."""
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else -1

    # ----------------------------------------------------------------- reactions
    def _update_show_button(self) -> None:
        row = self.selected_row()
        self.show_button.setEnabled(0 <= row < len(self._rows) and self._has_labels(row))

    def _has_labels(self, row: int) -> bool:
        return self._rows[row].labels is not None

    def _on_show_button_clicked(self) -> None:
        row = self.selected_row()
        if row >= 0:
            self.show_requested.emit(row)

    def _on_table_double_clicked(self, row: int, _column: int) -> None:
        if 0 <= row < len(self._rows) and self._has_labels(row):
            self.show_requested.emit(row)
