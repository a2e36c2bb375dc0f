"""MetricsTable: every clustering score with its meaning, range and direction."""

from __future__ import annotations

import math
import re

from PySide6.QtCore import QModelIndex, QSize, Qt
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

from digitgui.model.clustering import Clustering
from digitgui.model.metrics import EXTERNAL_METRICS, INTERNAL_METRICS, METRIC_INFO, Evaluation

INTERNAL_GROUP = "Cluster shape (no labels needed)"
EXTERNAL_GROUP = "Against the true digits"
NOTES_GROUP = "Notes"

_NAME_ROLE = Qt.ItemDataRole.UserRole
_COLUMNS = ("Metric", "Value", "Range")


def format_metric(value: float | None) -> str:
    """A metric value as shown: 4 decimals below 1, 4 significant digits below 1000,
    whole numbers with thousands separators above (Calinski–Harabasz, inertia)."""
    if value is None or not math.isfinite(value):
        return "—"
    magnitude = abs(value)
    if magnitude >= 1000:
        return f"{value:,.0f}"
    if magnitude >= 1:
        return f"{value:.{4 - len(str(int(magnitude)))}f}"
    return f"{value:.4f}"


def short_range(value_range: str) -> str:
    """The range as the Range column shows it: "0 to ∞ (0 is best)" → "0 … ∞".

    The remark in brackets and the words go; the tooltip keeps the full text.
    """
    short = re.sub(r"\s*\(.*?\)", "", value_range).replace("about ", "≈")
    return short.replace(" to ", " … ").strip()


def metric_tooltip(name: str) -> str:
    """Description, range and direction of one metric (rich text)."""
    info = METRIC_INFO[name]
    better = "Higher is better." if info.higher_is_better else "Lower is better."
    return f"<b>{info.label}</b><br>{info.description}<br>Range: {info.value_range}. {better}"


class MetricsTable(QTreeWidget):
    """The scores of one clustering, grouped: internal ones, then those against true labels.

    Each row shows the metric's name, its value, its range and whether higher or lower is
    better; hovering a row explains the metric. Notes of the evaluation (for example that the
    silhouette used a sample) follow the table as a last group.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("metricsTable")
        self.setAccessibleName("Clustering metrics")
        self.setColumnCount(len(_COLUMNS))
        self.setHeaderLabels(list(_COLUMNS))
        self.headerItem().setToolTip(2, "↑ higher is better, ↓ lower is better")
        self.setRootIsDecorated(False)
        self.setItemsExpandable(False)
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        header = self.header()
        # Values and the short ranges keep their full width; a long name is elided first
        # when the panel is narrow (every cell's tooltip says it all).
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Fixed)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self._value_font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        self._rows: dict[str, QTreeWidgetItem] = {}
        self._notes: list[str] = []

    def set_clustering(self, clustering: Clustering | None) -> None:
        """Show the scores of ``clustering`` (None clears the table)."""
        self.set_evaluation(None if clustering is None else clustering.evaluation)

    def set_evaluation(self, evaluation: Evaluation | None) -> None:
        """Show ``evaluation``'s metrics; the true-label group only when it has them."""
        self.clear()
        self._rows, self._notes = {}, []
        if evaluation is None:
            return
        self._add_group(INTERNAL_GROUP, INTERNAL_METRICS, evaluation.metrics)
        if evaluation.contingency is not None:
            self._add_group(EXTERNAL_GROUP, EXTERNAL_METRICS, evaluation.metrics)
        self._notes = list(evaluation.notes)
        if evaluation.contingency is None:
            self._notes.append("No true labels: scores against the digits are not available.")
        if self._notes:
            group = self._add_group_item(NOTES_GROUP)
            for note in self._notes:
                item = QTreeWidgetItem(group, [note])
                item.setFirstColumnSpanned(True)
                item.setToolTip(0, note)
        self.expandAll()
        for column in (1, 2):  # the contents and a margin, so no digit touches the edge
            self.setColumnWidth(column, self.sizeHintForColumn(column) + 10)
        self.setCurrentIndex(QModelIndex())  # no row looks picked: the table is read-only
        self.updateGeometry()

    def sizeHint(self) -> QSize:  # noqa: N802
        """Tall enough to show every row without scrolling."""
        hint = super().sizeHint()
        rows, index = 0, self.model().index(0, 0)
        while index.isValid():
            rows += 1
            index = self.indexBelow(index)
        row_height = max(self.sizeHintForRow(0), self.fontMetrics().height() + 2)
        height = self.header().sizeHint().height() + rows * row_height + 2 * self.frameWidth()
        return QSize(hint.width(), max(height + 2, 80))

    def value_text(self, name: str) -> str | None:
        """The value shown for metric ``name``, or None when it has no row."""
        item = self._rows.get(name)
        return None if item is None else item.text(1)

    def row_tooltip(self, name: str) -> str | None:
        """The tooltip of metric ``name``'s row, or None when it has no row."""
        item = self._rows.get(name)
        return None if item is None else item.toolTip(0)

    def shown_metrics(self) -> list[str]:
        """Names of the metrics with a row, top to bottom."""
        return list(self._rows)

    def notes(self) -> list[str]:
        """The notes shown under the metrics."""
        return list(self._notes)

    def _add_group_item(self, title: str) -> QTreeWidgetItem:
        group = QTreeWidgetItem(self, [title])
        group.setFirstColumnSpanned(True)
        font = QFont(self.font())
        font.setBold(True)
        group.setFont(0, font)
        group.setFlags(Qt.ItemFlag.ItemIsEnabled)
        return group

    def _add_group(self, title: str, names: tuple[str, ...], values: dict[str, float]) -> None:
        group = self._add_group_item(title)
        for name in names:
            info = METRIC_INFO[name]
            value = values.get(name)
            arrow = "↑" if info.higher_is_better else "↓"
            item = QTreeWidgetItem(
                group,
                [info.label, format_metric(value), f"{arrow} {short_range(info.value_range)}"],
            )
            item.setData(0, _NAME_ROLE, name)
            item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            item.setFont(1, self._value_font)
            tooltip = metric_tooltip(name)
            if value is None:
                tooltip += "<br><i>Not defined for this clustering.</i>"
            for column in range(len(_COLUMNS)):
                item.setToolTip(column, tooltip)
            item.setData(1, Qt.ItemDataRole.AccessibleTextRole, f"{info.label}: {item.text(1)}")
            self._rows[name] = item
