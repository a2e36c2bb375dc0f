"""ClusterMembersView: the samples of one cluster, nearest to its centre first."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QKeyEvent, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from digitgui.model.views import ClusterViews
from digitgui.widgets.digit_image import digit_pixmap, feature_strip_pixmap

#: Frame of a member whose true digit is not its cluster's majority digit.
MISMATCH_COLOR = QColor("#d62728")

_INDEX_ROLE = Qt.ItemDataRole.UserRole
_MISMATCH_ROLE = Qt.ItemDataRole.UserRole + 1
_THUMB = 48
_CELL = QSize(_THUMB + 8, _THUMB + 8)
_AnyIndex = QModelIndex | QPersistentModelIndex
_LEGEND = "Nearest to the centre first."


class _MembersModel(QAbstractListModel):
    """The first ``shown`` members of one cluster; thumbnails are drawn when first painted.

    Everything per member comes from :class:`ClusterViews` slices computed in the worker:
    a reset costs O(1) and each shown row reads its own sample only.
    """

    def __init__(self) -> None:
        super().__init__()
        self.views: ClusterViews | None = None
        self.members = np.empty(0, dtype=np.int64)
        self.distances = np.empty(0)
        self.mismatch: np.ndarray | None = None
        self.majority: int | None = None
        self.wrong = 0
        self.shown = 0
        self._pixmaps: dict[int, QPixmap] = {}

    def reset(self, views: ClusterViews | None, cluster: int, shown: int) -> None:
        self.beginResetModel()
        self.views, self._pixmaps = views, {}
        self.members, self.distances = np.empty(0, dtype=np.int64), np.empty(0)
        self.mismatch, self.majority, self.wrong, self.shown = None, None, 0, 0
        if views is not None:
            rows = views.member_slice(cluster)
            self.members = views.member_order[rows]
            self.distances = views.member_distances[rows]
            mismatch, counts = views.member_mismatch, views.mismatch_counts
            if mismatch is not None and counts is not None and views.digits is not None:
                self.majority = int(views.digits[cluster])
                self.mismatch = mismatch[rows]
                self.wrong = int(counts[cluster])
            self.shown = min(shown, len(self.members))
        self.endResetModel()

    def is_mismatch(self, row: int) -> bool:
        return self.mismatch is not None and bool(self.mismatch[row])

    def show_more(self, count: int) -> None:
        new = min(self.shown + count, len(self.members))
        if new > self.shown:
            self.beginInsertRows(QModelIndex(), self.shown, new - 1)
            self.shown = new
            self.endInsertRows()

    def rowCount(self, parent: _AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else self.shown

    def data(self, index: _AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or self.views is None:
            return None
        row = index.row()
        sample = int(self.members[row])
        if role == _INDEX_ROLE:
            return sample
        if role == _MISMATCH_ROLE:
            return self.is_mismatch(row)
        if role == Qt.ItemDataRole.DisplayRole:
            return str(self._true_digit(sample)) if self.is_mismatch(row) else ""
        if role == Qt.ItemDataRole.DecorationRole:
            return self._pixmap(sample)
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._describe(row, sample, rich=role == Qt.ItemDataRole.ToolTipRole)
        return None

    def _true_digit(self, sample: int) -> int | None:
        target = None if self.views is None else self.views.target
        return None if target is None else int(target[sample])

    def _describe(self, row: int, sample: int, rich: bool) -> str:
        parts = [f"Sample {sample}"]
        digit = self._true_digit(sample)
        if digit is not None:
            parts.append(f"digit {digit}")
        if self.is_mismatch(row):
            parts.append(f"not a {self.majority}")
        parts.append(f"distance to centre {self.distances[row]:.1f}")
        if rich:
            return f"<b>{parts[0]}</b><br>" + "<br>".join(parts[1:])
        return ", ".join(parts)

    def _pixmap(self, sample: int) -> QPixmap:
        pixmap = self._pixmaps.get(sample)
        if pixmap is None:
            views = self.views
            assert views is not None  # pictures are asked for only while a cluster is shown
            lo, hi = views.picture_range
            picture = np.asarray(views.pictures[sample])
            if picture.ndim == 2:
                pixmap = digit_pixmap(picture, _THUMB, hi or None)
            else:
                pixmap = feature_strip_pixmap(picture, _THUMB, _THUMB // 2, lo, hi)
            self._pixmaps[sample] = pixmap
        return pixmap


class _MemberDelegate(QStyledItemDelegate):
    """A thumbnail; a red frame and the true digit in the corner when it is not the majority."""

    def sizeHint(self, option: QStyleOptionViewItem, index: _AnyIndex) -> QSize:  # noqa: N802
        return _CELL

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _AnyIndex) -> None:
        painter.save()
        rect = option.rect
        pixmap: QPixmap = index.data(Qt.ItemDataRole.DecorationRole)
        left = rect.left() + (rect.width() - pixmap.width()) // 2
        top = rect.top() + (rect.height() - pixmap.height()) // 2
        painter.drawPixmap(left, top, pixmap)
        frame = QRect(left, top, pixmap.width(), pixmap.height()).adjusted(-2, -2, 1, 1)
        if index.data(_MISMATCH_ROLE):
            painter.setPen(QPen(MISMATCH_COLOR, 3))
            painter.drawRect(frame)
            badge = QRect(frame.right() - 16, frame.bottom() - 16, 17, 17)
            painter.fillRect(badge, MISMATCH_COLOR)
            font = QFont(option.font)
            font.setBold(True)
            painter.setFont(font)
            painter.setPen(QColor("white"))
            painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, index.data())
        if option.state & (QStyle.StateFlag.State_HasFocus | QStyle.StateFlag.State_Selected):
            painter.setPen(QPen(option.palette.highlight().color(), 2))
            painter.drawRect(rect.adjusted(1, 1, -1, -1))
        painter.restore()


class ClusterMembersView(QWidget):
    """Thumbnails of one cluster's members, nearest to the centre first.

    Members whose true digit is not the cluster's majority digit get a red frame with their
    digit in the corner. Only the first ``page_size`` are shown; "Show more" adds a page.

    Signals
    -------
    sample_clicked(int) : dataset index of the thumbnail the user clicked (or pressed Enter on).
    """

    sample_clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None, page_size: int = 300) -> None:
        super().__init__(parent)
        self.setObjectName("clusterMembers")
        self.setAccessibleName("Cluster members")
        self.page_size = page_size
        self._model = _MembersModel()

        self.header = QLabel("Click a cluster to see its members.", self)
        self.header.setObjectName("clusterMembersHeader")
        font = self.header.font()
        font.setBold(True)
        self.header.setFont(font)
        self.legend = QLabel(self)
        self.legend.setWordWrap(True)
        self.view = QListView(self)
        self.view.setAccessibleName("Member thumbnails")
        self.view.setViewMode(QListView.ViewMode.IconMode)
        self.view.setResizeMode(QListView.ResizeMode.Adjust)
        self.view.setMovement(QListView.Movement.Static)
        self.view.setUniformItemSizes(True)
        self.view.setGridSize(_CELL)
        self.view.setModel(self._model)
        self.view.setItemDelegate(_MemberDelegate(self.view))
        self.view.clicked.connect(self._on_view_clicked)
        self.view.installEventFilter(self)
        self.more_button = QPushButton("Show more", self)
        self.more_button.setObjectName("clusterMembersMore")
        self.more_button.clicked.connect(self.show_more)

        footer = QHBoxLayout()
        footer.addStretch(1)
        footer.addWidget(self.more_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.header)
        layout.addWidget(self.legend)
        layout.addWidget(self.view, 1)
        layout.addLayout(footer)
        self._update_footer()

    def show_cluster(self, views: ClusterViews | None, cluster: int) -> None:
        """Show the members of ``cluster`` (None or cluster -1 clears). Costs O(page)."""
        if views is None or not 0 <= cluster < views.n_clusters:
            self.clear()
            return
        self._model.reset(views, cluster, self.page_size)
        self.view.scrollToTop()
        size = len(self._model.members)
        text = f"Cluster {cluster}"
        if self._model.majority is not None and size:
            majority, wrong = self._model.majority, self._model.wrong
            text += f" · digit {majority} · {size} samples, {wrong} not a {majority}"
            legend = _LEGEND + " Red frame: the true digit (in the corner) differs."
        else:
            text += f" · {size} samples"
            legend = _LEGEND
        self.header.setText(text)
        self.legend.setText(legend)
        self.view.setAccessibleDescription(text)
        self._update_footer()

    def clear(self) -> None:
        """Show nothing but a hint."""
        self._model.reset(None, -1, 0)
        self.header.setText("Click a cluster to see its members.")
        self.legend.setText("")
        self._update_footer()

    def show_more(self) -> None:
        """Add the next ``page_size`` members."""
        self._model.show_more(self.page_size)
        self._update_footer()

    def shown_indices(self) -> np.ndarray:
        """Dataset indices of the thumbnails shown, in display order."""
        return np.array(self._model.members[: self._model.shown])

    def marked_indices(self) -> np.ndarray:
        """Dataset indices of the shown thumbnails marked as not the majority digit."""
        shown, mismatch = self._model.shown, self._model.mismatch
        if mismatch is None:
            return np.empty(0, dtype=np.int64)
        return np.array(self._model.members[:shown])[np.asarray(mismatch[:shown])]

    def thumbnail_rect(self, row: int) -> QRect:
        """Where the ``row``-th thumbnail is, in the coordinates of ``view.viewport()``."""
        return self.view.visualRect(self._model.index(row))

    def _update_footer(self) -> None:
        left = len(self._model.members) - self._model.shown
        self.more_button.setVisible(left > 0)
        self.more_button.setText(f"Show {min(left, self.page_size)} more ({left} not shown)")

    def _on_view_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self.sample_clicked.emit(int(index.data(_INDEX_ROLE)))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """Enter or Return on the keyboard-current thumbnail counts as a click."""
        if (
            watched is self.view
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self._on_view_clicked(self.view.currentIndex())
            return True
        return super().eventFilter(watched, event)
