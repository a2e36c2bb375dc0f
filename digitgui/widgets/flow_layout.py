"""FlowLayout: a row of widgets that wraps onto more lines when the width runs short."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLayout,
    QLayoutItem,
    QSizePolicy,
    QSpacerItem,
    QStyle,
    QWidget,
)

DEFAULT_SPACING = 6


@dataclass
class _Slot:
    """One item of the flow and how it takes part in a line."""

    item: QLayoutItem
    stretch: int = 0  # shares a line's spare width by this weight (0: keeps its width)
    keep: int = 0  # width it needs to share a line (0: its size hint's width)


class FlowLayout(QLayout):
    """Items left to right, wrapped onto a new line when the next one does not fit.

    Like a ``QHBoxLayout`` when there is room: items with a stretch share the spare width
    of their line (a stretch item before the last ones pushes those to the right). When
    there is not, the row breaks between items instead of cutting them or widening its
    parent, and its height for the width grows (``hasHeightForWidth``). Hidden widgets
    take no room. A word-wrapped label added with ``keep`` (say 200) stays beside the
    others while it gets that much width, else it takes a line of its own and wraps.
    """

    def __init__(self, parent: QWidget | None = None, spacing: int = -1) -> None:
        super().__init__(parent)
        self._slots: list[_Slot] = []
        self._cache: dict[int, int] = {}  # width -> height
        if spacing >= 0:
            self.setSpacing(spacing)

    # ----------------------------------------------------------------- building
    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802 (Qt API)
        self._slots.append(_Slot(item))
        self.invalidate()

    def add_widget(self, widget: QWidget, stretch: int = 0, keep: int = 0) -> None:
        """Add ``widget``; ``stretch`` shares spare width, ``keep`` as in the class doc."""
        self.addWidget(widget)
        self._slots[-1].stretch, self._slots[-1].keep = stretch, keep

    def add_stretch(self, stretch: int = 1) -> None:
        """Spare width of its line goes here (pushes what follows to the right)."""
        policy = QSizePolicy.Policy
        self.addItem(QSpacerItem(0, 0, policy.Expanding, policy.Minimum))
        self._slots[-1].stretch = stretch

    def count(self) -> int:
        return len(self._slots)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 (Qt API)
        return self._slots[index].item if 0 <= index < len(self._slots) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 (Qt API)
        if not 0 <= index < len(self._slots):
            return None
        item = self._slots.pop(index).item
        self.invalidate()
        return item

    def invalidate(self) -> None:
        self._cache.clear()
        super().invalidate()

    # ----------------------------------------------------------------- sizes
    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802 (Qt API)
        return Qt.Orientation.Horizontal

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt API)
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 (Qt API)
        if width not in self._cache:
            margins = self.contentsMargins()
            lines = self._lines(width - margins.left() - margins.right())
            self._cache[width] = self._height(lines) + margins.top() + margins.bottom()
        return self._cache[width]

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        """Everything on one line."""
        shown = self._shown()
        items = sum(1 for s in shown if not _is_spacer(s))
        width = sum(self._hint_width(s) for s in shown) + self._gap() * max(0, items - 1)
        height = max((s.item.sizeHint().height() for s in shown), default=0)
        return QSize(width, height) + self._margins()

    def minimumSize(self) -> QSize:  # noqa: N802 (Qt API)
        """The widest item alone on a line; the height of one line."""
        shown = self._shown()
        width = max((s.item.minimumSize().width() for s in shown), default=0)
        height = max((s.item.minimumSize().height() for s in shown), default=0)
        return QSize(width, height) + self._margins()

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802 (Qt API)
        super().setGeometry(rect)
        area = self.contentsRect()
        y = area.y()
        for line in self._lines(area.width()):
            height = self._line_height(line)
            x, after_item = area.x(), False
            for slot, width in line:
                if not _is_spacer(slot):
                    x += self._gap() if after_item else 0
                    after_item = True
                item_height = self._item_height(slot, width)
                if slot.item.expandingDirections() & Qt.Orientation.Vertical:
                    item_height = height
                top = y + (height - item_height) // 2
                slot.item.setGeometry(QRect(QPoint(x, top), QSize(width, item_height)))
                x += width
            y += height + self._gap()

    # ----------------------------------------------------------------- lines
    def _lines(self, width: int) -> list[list[tuple[_Slot, int]]]:
        """Items in lines, each with its width: greedy breaks, then spare width shared."""
        lines: list[list[_Slot]] = [[]]
        used = 0
        for slot in self._shown():
            need = min(self._base_width(slot), width)
            if not _is_spacer(slot):
                has_items = any(not _is_spacer(s) for s in lines[-1])
                if has_items and used + self._gap() + need > width:
                    lines.append([])
                    used, has_items = 0, False
                used += (self._gap() if has_items else 0) + need
            lines[-1].append(slot)
        return [self._widen(line, width) for line in lines if line]

    def _widen(self, line: list[_Slot], width: int) -> list[tuple[_Slot, int]]:
        widths = [min(self._base_width(s), width) for s in line]
        items = sum(1 for s in line if not _is_spacer(s))
        spare = width - sum(widths) - self._gap() * max(0, items - 1)
        stretchers = [i for i, s in enumerate(line) if s.stretch > 0]
        while spare > 0 and stretchers:
            total = sum(line[i].stretch for i in stretchers)
            given = 0
            for i in list(stretchers):
                room = line[i].item.maximumSize().width() - widths[i]
                share = min(room, spare - given, spare * line[i].stretch // total or 1)
                widths[i] += share
                given += share
                if widths[i] >= line[i].item.maximumSize().width():
                    stretchers.remove(i)
            spare -= given
            if given == 0:
                break
        return list(zip(line, widths, strict=True))

    def _base_width(self, slot: _Slot) -> int:
        """The width an item takes on a line before spare width is shared."""
        item = slot.item
        wanted = slot.keep or self._hint_width(slot)
        return max(item.minimumSize().width(), min(wanted, item.maximumSize().width()))

    @staticmethod
    def _hint_width(slot: _Slot) -> int:
        return 0 if _is_spacer(slot) else slot.item.sizeHint().width()

    def _height(self, lines: list[list[tuple[_Slot, int]]]) -> int:
        heights = [self._line_height(line) for line in lines]
        return sum(heights) + self._gap() * max(0, len(heights) - 1)

    def _line_height(self, line: list[tuple[_Slot, int]]) -> int:
        return max((self._item_height(slot, width) for slot, width in line), default=0)

    @staticmethod
    def _item_height(slot: _Slot, width: int) -> int:
        item = slot.item
        if _is_spacer(slot):
            return 0
        if item.hasHeightForWidth():
            return max(item.heightForWidth(width), item.minimumSize().height())
        return item.sizeHint().height()

    def _shown(self) -> list[_Slot]:
        return [s for s in self._slots if not s.item.isEmpty() or _is_spacer(s)]

    def _gap(self) -> int:
        if self.spacing() >= 0:
            return self.spacing()
        parent = self.parentWidget()
        if parent is None:
            return DEFAULT_SPACING
        gap = parent.style().pixelMetric(QStyle.PixelMetric.PM_LayoutHorizontalSpacing)
        return gap if gap >= 0 else DEFAULT_SPACING

    def _margins(self) -> QSize:
        margins = self.contentsMargins()
        return QSize(margins.left() + margins.right(), margins.top() + margins.bottom())


def _is_spacer(slot: _Slot) -> bool:
    return isinstance(slot.item, QSpacerItem)


def together(*widgets: QWidget) -> QWidget:
    """``widgets`` side by side in one plain widget, so that a flow never parts them."""
    box = QWidget()
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        row.addWidget(widget)
    return box
