"""CentroidGallery: one tile per cluster centre, in a grid that reflows with the width."""

from __future__ import annotations

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QKeyEvent, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from digitgui.model.views import ClusterViews
from digitgui.widgets.digit_image import digit_pixmap, feature_strip_pixmap
from digitgui.widgets.palette import cluster_color

#: The frame of the tile the current drawing is assigned to (distinct from every cluster colour).
HIGHLIGHT_COLOR = QColor("#ff6a00")

_CLUSTER_ROLE = Qt.ItemDataRole.UserRole
_DETAIL_ROLE = Qt.ItemDataRole.UserRole + 1
_SELECTED_ROLE = Qt.ItemDataRole.UserRole + 2
_HIGHLIGHT_ROLE = Qt.ItemDataRole.UserRole + 3

_THUMB = 64
_STRIP = 6
_AnyIndex = QModelIndex | QPersistentModelIndex
_PICK_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space)


class _TileDelegate(QStyledItemDelegate):
    """Paints one tile: colour strip, crisp thumbnail, title, details, selection frames."""

    def __init__(self, parent: QWidget, tile: QSize) -> None:
        super().__init__(parent)
        self.tile = tile

    def sizeHint(  # noqa: N802
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        return self.tile

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _AnyIndex) -> None:
        painter.save()
        palette = option.palette
        rect = option.rect.adjusted(3, 3, -3, -3)
        selected, highlighted = bool(index.data(_SELECTED_ROLE)), bool(index.data(_HIGHLIGHT_ROLE))
        background = QColor(palette.highlight().color()) if selected else palette.base().color()
        if selected:
            background.setAlpha(45)
        painter.fillRect(rect, background)
        strip = QRect(rect.left(), rect.top(), rect.width(), _STRIP)
        painter.fillRect(strip, index.data(Qt.ItemDataRole.ForegroundRole))
        pixmap: QPixmap = index.data(Qt.ItemDataRole.DecorationRole)
        top = rect.top() + _STRIP + 6
        size = pixmap.deviceIndependentSize()  # logical pixels: the pixmap may be HiDPI
        left = rect.left() + int(rect.width() - size.width()) // 2
        painter.drawPixmap(left, top + int(_THUMB - size.height()) // 2, pixmap)

        title_font = QFont(option.font)
        title_font.setBold(True)
        muted = QColor(palette.text().color())
        muted.setAlpha(185)  # about 7:1 on white: the small print stays readable
        line = QRect(rect.left() + 2, top + _THUMB + 4, rect.width() - 4, 0)
        for font, color, text in (
            (title_font, palette.text().color(), index.data(Qt.ItemDataRole.DisplayRole)),
            (option.font, muted, index.data(_DETAIL_ROLE)),
        ):
            painter.setFont(font)
            painter.setPen(color)
            metrics = painter.fontMetrics()
            line.setHeight(metrics.height())
            elided = metrics.elidedText(text, Qt.TextElideMode.ElideRight, line.width())
            painter.drawText(line, Qt.AlignmentFlag.AlignHCenter, elided)
            line.translate(0, metrics.height())
        self._paint_frames(painter, option, rect, selected, highlighted)
        painter.restore()

    @staticmethod
    def _paint_frames(
        painter: QPainter,
        option: QStyleOptionViewItem,
        rect: QRect,
        selected: bool,
        highlighted: bool,
    ) -> None:
        painter.setBrush(Qt.BrushStyle.NoBrush)
        if selected:
            painter.setPen(QPen(option.palette.highlight().color(), 2))
            painter.drawRect(rect.adjusted(1, 1, -1, -1))
        if highlighted:
            painter.setPen(QPen(HIGHLIGHT_COLOR, 4))
            painter.drawRect(option.rect.adjusted(2, 2, -2, -2))
            badge = QRect(option.rect.right() - 24, option.rect.top() + _STRIP + 6, 18, 18)
            painter.setBrush(HIGHLIGHT_COLOR)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.drawEllipse(badge)
            painter.setPen(QColor("white"))
            painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, "✎")
        if option.state & QStyle.StateFlag.State_HasFocus:
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(option.palette.text().color(), 1, Qt.PenStyle.DotLine))
            painter.drawRect(option.rect.adjusted(0, 0, -1, -1))


class CentroidGallery(QWidget):
    """The cluster centres as crisp thumbnails with their majority digit, purity and size.

    Click a tile (or move to it with the arrow keys and press Enter or Space) to select its
    cluster. The selected tile has a frame in the selection colour; the tile of the cluster the
    current drawing falls into has a thick orange frame and a ✎ badge.

    Signals
    -------
    cluster_clicked(int) : the user picked this cluster.
    """

    cluster_clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("centroidGallery")
        self.setAccessibleName("Cluster centres")
        self._selected = -1
        self._highlight: int | None = None

        self.placeholder = QLabel("No clustering yet.", self)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.view = QListWidget(self)
        self.view.setObjectName("centroidTiles")
        self.view.setAccessibleName("Cluster centre tiles")
        self.view.setViewMode(QListView.ViewMode.IconMode)
        self.view.setFlow(QListView.Flow.LeftToRight)
        self.view.setWrapping(True)
        self.view.setResizeMode(QListView.ResizeMode.Adjust)
        self.view.setMovement(QListView.Movement.Static)
        self.view.setUniformItemSizes(True)
        self._tile = self._tile_size()
        self.view.setGridSize(self._tile)
        self.view.setSelectionMode(QListWidget.SelectionMode.NoSelection)
        self.view.setDragEnabled(False)
        self.view.setItemDelegate(_TileDelegate(self.view, self._tile))
        self.view.clicked.connect(self._on_view_clicked)
        self.view.installEventFilter(self)

        # At least one full row of tiles stays visible however the splitter is dragged.
        self.view.setMinimumHeight(self._tile.height() + 2 * self.view.frameWidth() + 4)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.placeholder)
        layout.addWidget(self.view)
        self.view.hide()

    def sizeHint(self) -> QSize:  # noqa: N802
        """Room for two rows of five tiles."""
        frame = 2 * self.view.frameWidth() + self.view.verticalScrollBar().sizeHint().width()
        return QSize(5 * self._tile.width() + frame, 2 * self._tile.height() + frame)

    # ----------------------------------------------------------------------------- public API
    def set_views(self, views: ClusterViews | None) -> None:
        """Show one tile per cluster of ``views`` (None clears). The selection is kept when
        the cluster still exists; the drawing's highlight is kept too (the owner moves it).

        Costs O(k): ``views`` carries the centres' pictures and display ranges.
        """
        self.view.setVisible(views is not None)
        self.placeholder.setVisible(views is None)
        if views is None:
            self.view.clear()
            self._selected, self._highlight = -1, None
            return
        k = views.n_clusters
        while self.view.count() > k:  # tiles are reused: only their data changes
            self.view.takeItem(self.view.count() - 1)
        while self.view.count() < k:
            self.view.addItem(QListWidgetItem())
        vmax = max(views.picture_range[1], 1e-12)
        for cluster in range(k):
            if views.centre_images is not None:
                pixmap = digit_pixmap(views.centre_images[cluster], _THUMB, vmax)
            else:
                lo, hi = views.centroid_range
                pixmap = feature_strip_pixmap(views.centroids[cluster], 112, 40, lo, hi)
            self._fill_item(self.view.item(cluster), views, cluster, pixmap)
        if self._selected >= k:
            self._selected = -1
        if self._highlight is not None and self._highlight >= k:
            self._highlight = None
        self._refresh_states()

    def set_selected(self, cluster: int) -> None:
        """Frame the tile of ``cluster`` as selected (-1: none). Emits nothing."""
        self._selected = cluster if 0 <= cluster < self.view.count() else -1
        if self._selected >= 0:  # the arrow keys continue from the selected tile
            self.view.setCurrentRow(self._selected)
            self.view.scrollToItem(self.view.item(self._selected))
        self._refresh_states()

    def set_highlight(self, cluster: int | None) -> None:
        """Mark the tile of the cluster the current drawing is assigned to (None or -1: none)."""
        valid = cluster is not None and 0 <= cluster < self.view.count()
        self._highlight = cluster if valid else None
        self._refresh_states()

    def selected_cluster(self) -> int:
        """The cluster whose tile is framed as selected, -1 for none."""
        return self._selected

    def highlighted_cluster(self) -> int | None:
        """The cluster whose tile carries the drawing highlight, or None."""
        return self._highlight

    def tile_count(self) -> int:
        return self.view.count()

    def tile(self, cluster: int) -> QListWidgetItem:
        """The list item of ``cluster`` (title, details, tooltip and accessible text as data)."""
        return self.view.item(cluster)

    def tile_rect(self, cluster: int) -> QRect:
        """Where the tile of ``cluster`` is, in the coordinates of ``view.viewport()``."""
        return self.view.visualItemRect(self.view.item(cluster))

    # ----------------------------------------------------------------------------- internals
    def _tile_size(self) -> QSize:
        """Room for the thumbnail and two lines of text in this widget's font."""
        bold = QFont(self.font())
        bold.setBold(True)
        widest = QFontMetrics(bold).horizontalAdvance("Cluster 49 · digit 9")
        line = QFontMetrics(bold).height()
        return QSize(max(140, widest + 16), _STRIP + 6 + _THUMB + 4 + 2 * line + 16)

    @staticmethod
    def _fill_item(
        item: QListWidgetItem, views: ClusterViews, cluster: int, pixmap: QPixmap
    ) -> None:
        size = int(views.sizes[cluster])
        title, detail = f"Cluster {cluster}", f"n = {size}"
        accessible = f"Cluster {cluster}"
        tooltip = [f"<b>Cluster {cluster}</b>", f"{size} samples"]
        if views.digits is not None and views.purity is not None and size > 0:
            digit = int(views.digits[cluster])
            purity = round(100 * float(views.purity[cluster]))
            title += f" · digit {digit}"
            detail = f"{purity} % pure · n = {size}"
            accessible += f", majority digit {digit}, purity {purity} %"
            tooltip.append(f"majority digit {digit}: {purity} % of the cluster")
        elif size == 0:
            title += " · empty"
        accessible += f", {size} samples"
        if not views.has_pictures:
            tooltip.append("Bars: the centre's features (dark = high).")
        elif views.centres_are_means:
            tooltip.append("Picture: mean image of the cluster's members.")
        tooltip.append("Click, or press Enter, to show its members.")

        item.setText(title)
        item.setData(_CLUSTER_ROLE, cluster)
        item.setData(_DETAIL_ROLE, detail)
        item.setData(Qt.ItemDataRole.DecorationRole, pixmap)
        item.setData(Qt.ItemDataRole.ForegroundRole, cluster_color(cluster))
        item.setData(Qt.ItemDataRole.ToolTipRole, "<br>".join(tooltip))
        item.setData(Qt.ItemDataRole.AccessibleTextRole, accessible)
        item.setData(Qt.ItemDataRole.AccessibleDescriptionRole, accessible)

    def _refresh_states(self) -> None:
        for row in range(self.view.count()):
            item = self.view.item(row)
            base = item.data(Qt.ItemDataRole.AccessibleDescriptionRole)
            states = []
            if row == self._selected:
                states.append("selected")
            if row == self._highlight:
                states.append("your drawing is here")
            item.setData(_SELECTED_ROLE, row == self._selected)
            item.setData(_HIGHLIGHT_ROLE, row == self._highlight)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, ", ".join([base, *states]))
        self.view.viewport().update()

    def _pick(self, cluster: int) -> None:
        self.set_selected(cluster)
        self.cluster_clicked.emit(cluster)

    def _on_view_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self._pick(int(index.data(_CLUSTER_ROLE)))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """Enter, Return or Space on the keyboard-current tile selects it."""
        if watched is self.view and isinstance(event, QKeyEvent) and event.key() in _PICK_KEYS:
            if event.type() == QEvent.Type.KeyPress and self.view.currentItem() is not None:
                self._pick(int(self.view.currentItem().data(_CLUSTER_ROLE)))
            return event.type() in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease)
        return super().eventFilter(watched, event)
