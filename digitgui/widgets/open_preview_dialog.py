"""OpenPreviewDialog: the first rows of a data file, and which column holds the labels."""

from __future__ import annotations

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

#: The choice that lets the loader decide (what opening without the dialog does).
AUTOMATIC = "automatic"
LABEL_BRUSH = QBrush(QColor("#fde9b8"))


class OpenPreviewDialog(QDialog):
    """Shows a file's first rows; the user picks the label column, none, or automatic.

    Clicking a column header picks that column. :meth:`label_column` is the answer:
    :data:`AUTOMATIC`, None (no labels) or a 0-based column.
    """

    def __init__(
        self,
        file_name: str,
        description: str,
        names: list[str],
        rows: list[list[str]],
        guess: int | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("openPreviewDialog")
        self.setWindowTitle(f"Open {file_name}")
        self.setAccessibleName("Preview of the data file")
        self._guess = guess
        intro = QLabel(f"<b>{file_name}</b>: {description}. The first {len(rows)} rows:")
        intro.setWordWrap(True)
        self.table = QTableWidget(len(rows), len(names))
        self.table.setObjectName("openPreviewTable")
        self.table.setAccessibleName("First rows of the file")
        self.table.setHorizontalHeaderLabels(names)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        for r, row in enumerate(rows):
            for c, text in enumerate(row[: len(names)]):
                self.table.setItem(r, c, QTableWidgetItem(text))
        self.table.horizontalHeader().setToolTip("Click a column title to use it as the labels")
        self.table.horizontalHeader().sectionClicked.connect(self._on_header_clicked)
        self.choice = QComboBox()
        self.choice.setObjectName("openLabelColumn")
        self.choice.setAccessibleName("Label column")
        guessed = "none found" if guess is None else f"likely “{names[guess]}”"
        self.choice.addItem(f"Automatic ({guessed})", AUTOMATIC)
        self.choice.addItem("None: every column is a feature", None)
        for c, name in enumerate(names):
            self.choice.addItem(f"{c + 1}: {name}", c)
        self.choice.currentIndexChanged.connect(self._mark_label_column)
        form = QFormLayout()
        form.addRow("Labels (true digits):", self.choice)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.resize(760, 460)
        self._mark_label_column()

    def label_column(self) -> int | str | None:
        """:data:`AUTOMATIC`, None for no labels, or the 0-based label column."""
        return self.choice.currentData()

    def pick_column(self, column: int | None) -> None:
        """Choose ``column`` as the labels (None: no labels)."""
        self.choice.setCurrentIndex(1 if column is None else column + 2)

    def marked_column(self) -> int | None:
        """The column shaded as the labels (the guess while on automatic)."""
        choice = self.label_column()
        return self._guess if isinstance(choice, str) else choice  # AUTOMATIC is the only text

    def _on_header_clicked(self, column: int) -> None:
        self.pick_column(column)

    def _mark_label_column(self, *_args) -> None:
        marked = self.marked_column()
        for c in range(self.table.columnCount()):
            for r in range(self.table.rowCount()):
                item = self.table.item(r, c)
                if item is not None:
                    item.setBackground(LABEL_BRUSH if c == marked else QBrush())
        first = self.table.item(0, marked) if marked is not None else None
        if first is not None:
            self.table.scrollToItem(first)
