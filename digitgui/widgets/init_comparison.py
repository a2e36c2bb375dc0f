"""InitComparison: k-means++ vs random vs PCA-based initialisation, as a table."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from digitgui.widgets.job_controls import JobControls, JobView
from digitgui.widgets.table_columns import ColumnFitter

#: (row key, header, number format, higher is better, compared within a scaling only)
COLUMNS = (
    ("init", "Initialisation", None, None, False),
    ("scaled", "Scaling", None, None, False),
    ("seconds", "Time (s)", "{:.3f}", False, False),
    ("inertia", "Inertia", "{:,.0f}", False, True),
    ("homogeneity", "Homogeneity", "{:.3f}", True, False),
    ("completeness", "Completeness", "{:.3f}", True, False),
    ("v_measure", "V-measure", "{:.3f}", True, False),
    ("ari", "ARI", "{:.3f}", True, False),
    ("ami", "AMI", "{:.3f}", True, False),
    ("silhouette", "Silhouette", "{:.3f}", True, False),
)

PROTOCOL_NOTE = (
    "Protocol of scikit-learn's example “A demo of K-Means clustering on the handwritten "
    "digits data”: each row fits make_pipeline(StandardScaler(), KMeans) on the raw "
    "digits with k = number of digits; k-means++ and random use n_init=4 and "
    "random_state=0; PCA-based starts from the components of a PCA fitted on the "
    "unscaled data (n_init=1). Homogeneity, completeness, V-measure, ARI and AMI compare "
    "the clusters with the true digits; the silhouette is computed on the unscaled data "
    "from 300 random samples (seed 0 here; the example leaves it unseeded). Rows with "
    "scaling “none” drop the scaler and change nothing else. Bold: best value of each "
    "column (inertia only within the same scaling, as its units differ)."
)


class InitComparison(JobView, QWidget):
    """Table of the initialisation benchmark, with Run/Cancel and progress.

    Signals
    -------
    run_requested() : the user pressed Run.
    cancel_requested() : the user pressed Cancel.
    """

    run_requested = Signal()
    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("initComparison")
        self.setAccessibleName("Comparison of KMeans initialisation methods")
        self._rows: list[dict] = []
        self.job = JobControls(
            "initComparison",
            "Run comparison",
            "Comparison",
            "%v / %m fits",
            "Press Run to benchmark the three initialisations.",
        )
        self.run_button.clicked.connect(self.run_requested)
        self.cancel_button.clicked.connect(self.cancel_requested)
        self.table = self._make_table()
        note = QLabel(PROTOCOL_NOTE)
        note.setWordWrap(True)
        note.setObjectName("initComparisonNote")
        note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.addWidget(self.job)
        layout.addWidget(self.table)
        layout.addWidget(note)
        layout.addStretch(1)
        self.set_running(False)

    def _make_table(self) -> QTableWidget:
        table = QTableWidget(0, len(COLUMNS))
        table.setObjectName("initComparisonTable")
        table.setAccessibleName("Benchmark results, one row per initialisation")
        table.setHorizontalHeaderLabels([header for _, header, *_ in COLUMNS])
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.verticalHeader().setVisible(False)
        for column, (_, title, *_) in enumerate(COLUMNS):
            header_item = table.horizontalHeaderItem(column)
            assert header_item is not None  # setHorizontalHeaderLabels made it
            header_item.setToolTip(title)  # the header elides in a narrow tab
        table.setAlternatingRowColors(True)
        table.setSizeAdjustPolicy(QAbstractScrollArea.SizeAdjustPolicy.AdjustToContents)
        # Numbers keep their width; the two text columns elide first.
        self.columns = ColumnFitter(table, stretch=0, text_columns=(0, 1))
        return table

    # ----------------------------------------------------------------- output
    @property
    def rows(self) -> tuple[dict, ...]:
        """The rows shown, in table order."""
        return tuple(self._rows)

    def cell_text(self, row: int, key: str) -> str:
        """Text shown in ``row`` for the column ``key`` (a key of :data:`COLUMNS`)."""
        column = [name for name, *_ in COLUMNS].index(key)
        item = self.table.item(row, column)
        assert item is not None, f"no cell at row {row}, column {key}"
        return item.text()

    def is_bold(self, row: int, key: str) -> bool:
        column = [name for name, *_ in COLUMNS].index(key)
        item = self.table.item(row, column)
        assert item is not None, f"no cell at row {row}, column {key}"
        return item.font().bold()

    def clear(self) -> None:
        self._rows = []
        self.table.setRowCount(0)
        self.progress_bar.reset()

    def set_rows(self, rows: list[dict]) -> None:
        """Show the benchmark rows (dicts with the keys of :data:`COLUMNS`)."""
        self._rows = list(rows)
        self.table.setRowCount(len(rows))
        bold = _best_cells(self._rows)
        for r, row in enumerate(self._rows):
            for c, (key, _, fmt, _, _) in enumerate(COLUMNS):
                item = QTableWidgetItem(_format(key, row[key], fmt))
                if fmt is not None:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if (r, key) in bold:
                    font = QFont(item.font())
                    font.setBold(True)
                    item.setFont(font)
                self.table.setItem(r, c, item)


def _format(key: str, value: object, fmt: str | None) -> str:
    if key == "scaled":
        return "StandardScaler" if value else "none"
    return str(value) if fmt is None else fmt.format(value)


def _best_cells(rows: list[dict]) -> set[tuple[int, str]]:
    """(row index, key) of the best value of each numeric column."""
    best: set[tuple[int, str]] = set()
    for key, _, fmt, higher, per_scaling in COLUMNS:
        if fmt is None:
            continue
        groups: dict[bool | None, list[int]] = {True: [], False: []} if per_scaling else {None: []}
        for index, row in enumerate(rows):
            groups[row["scaled"] if per_scaling else None].append(index)
        for members in groups.values():
            if not members:
                continue
            values = [rows[i][key] for i in members]
            target = max(values) if higher else min(values)
            best.update((i, key) for i in members if rows[i][key] == target)
    return best
