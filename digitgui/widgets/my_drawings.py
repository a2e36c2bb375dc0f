"""MyDrawingsStrip: the user's kept, labelled drawings as a row of small thumbnails."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QIcon,
    QKeySequence,
    QPainter,
    QPainterPath,
    QPalette,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

THUMB = 34  # thumbnail side in pixels
STRIP_HEIGHT = 66  # the strip fits a ~70 px row of the draw dock
#: Shown in the empty strip: how a drawing gets here.
EMPTY_HINT = "Keep a drawing: press its digit key or Keep as…"

Strokes = Sequence[Sequence[tuple[float, float]]]


def strokes_pixmap(strokes: Strokes, side: int = THUMB) -> QPixmap:
    """A small picture of a drawing, fitted into ``side`` × ``side`` keeping its shape."""
    pixmap = QPixmap(side, side)
    pixmap.fill(QColor("white"))
    points = [p for stroke in strokes for p in stroke]
    if not points:
        return pixmap
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    width, height = max(xs) - min(xs), max(ys) - min(ys)
    margin = 4.0
    scale = (side - 2 * margin) / max(width, height, 1e-9)
    dx = (side - width * scale) / 2 - min(xs) * scale
    dy = (side - height * scale) / 2 - min(ys) * scale
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = QPen(QColor("#1b1b1b"), 2.2)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    for stroke in strokes:
        path = QPainterPath(QPointF(stroke[0][0] * scale + dx, stroke[0][1] * scale + dy))
        if len(stroke) == 1:
            path.addEllipse(QRectF(path.currentPosition(), QSize(1, 1)))
        for x, y in stroke[1:]:
            path.lineTo(QPointF(x * scale + dx, y * scale + dy))
        painter.drawPath(path)
    painter.end()
    return pixmap


class MyDrawingsStrip(QWidget):
    """Renders the kept drawings and emits what the user asks for; stores nothing itself.

    Signals
    -------
    keep_requested(int) : keep the canvas's drawing labelled with this digit.
    remove_requested(int) : remove the drawing at this position.
    clear_requested() : remove them all (the controller confirms).
    undo_clear_requested() : bring back what the last clear removed.
    score_requested() : score the drawings against the current clustering.
    export_requested() : save them as an optdigits CSV.
    """

    keep_requested = Signal(int)
    remove_requested = Signal(int)
    clear_requested = Signal()
    undo_clear_requested = Signal()
    score_requested = Signal()
    export_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("myDrawings")
        self.setAccessibleName("My drawings")
        self.setToolTip(
            "My drawings: press a digit key 0–9 while a drawing is on the canvas (or use "
            "Keep as…) to keep it here with that label. They are saved for the next start."
        )
        # Each drawing's thumbnail, by the identity of its (immutable) strokes: a keep or a
        # removal redraws only what is new (all of them cost 0.35 s with 40 scribbles).
        self._icons: dict[int, tuple[Strokes, QIcon]] = {}
        self.list = QListWidget()
        self.list.setObjectName("myDrawingsList")
        self.list.setAccessibleName("Kept drawings")
        self.list.setViewMode(QListView.ViewMode.IconMode)
        self.list.setFlow(QListView.Flow.LeftToRight)
        self.list.setWrapping(False)
        self.list.setMovement(QListView.Movement.Static)
        self.list.setIconSize(QSize(THUMB, THUMB))
        self.list.setSpacing(1)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.list.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self._on_list_context_menu)
        # Over the empty list, in the placeholder colour of text fields (follows the palette).
        self.hint = QLabel(EMPTY_HINT)
        self.hint.setObjectName("myDrawingsHint")
        self.hint.setWordWrap(True)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.hint.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        over_list = QVBoxLayout(self.list.viewport())
        over_list.setContentsMargins(4, 0, 4, 0)
        over_list.addWidget(self.hint)

        self.keep_button = QToolButton()
        self.keep_button.setObjectName("keepDrawingButton")
        self.keep_button.setText("Keep as…")
        self.keep_button.setToolTip("Keep the drawing with its digit (or press the digit key)")
        self.keep_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        keep_menu = QMenu(self.keep_button)
        for digit in range(10):
            action = keep_menu.addAction(str(digit))
            action.setObjectName(f"keepAs{digit}")
            action.triggered.connect(lambda _checked=False, d=digit: self.keep_requested.emit(d))
        self.keep_button.setMenu(keep_menu)

        self.more_button = QToolButton()
        self.more_button.setObjectName("myDrawingsMenuButton")
        self.more_button.setText("My drawings ▾")
        self.more_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.more_button)
        self.score_action = menu.addAction("Score my drawings…")
        self.score_action.setObjectName("scoreDrawingsAction")
        self.score_action.triggered.connect(self.score_requested)
        self.export_action = menu.addAction("Export as CSV (optdigits)…")
        self.export_action.setObjectName("exportDrawingsAction")
        self.export_action.triggered.connect(self.export_requested)
        menu.addSeparator()
        self.remove_action = menu.addAction("Remove selected")
        self.remove_action.setObjectName("removeDrawingAction")
        self.remove_action.setShortcut(QKeySequence(Qt.Key.Key_Delete))
        self.remove_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.remove_action.triggered.connect(self._on_remove_triggered)
        self.list.addAction(self.remove_action)
        self.clear_action = menu.addAction("Clear all…")
        self.clear_action.setObjectName("clearDrawingsAction")
        self.clear_action.triggered.connect(self.clear_requested)
        self.undo_clear_action = menu.addAction("Undo clear")
        self.undo_clear_action.setObjectName("undoClearDrawingsAction")
        self.undo_clear_action.triggered.connect(self.undo_clear_requested)
        self.more_button.setMenu(menu)

        buttons = QVBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.setSpacing(2)
        buttons.addWidget(self.keep_button)
        buttons.addWidget(self.more_button)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        self.setFixedHeight(STRIP_HEIGHT)
        self.set_drawings([])
        self.set_can_keep(False)
        self.set_can_undo_clear(False)

    def set_drawings(self, drawings: Sequence[tuple[int, Strokes]]) -> None:
        """Show ``(digit, strokes)`` pairs, in order."""
        self.list.clear()
        icons: dict[int, tuple[Strokes, QIcon]] = {}
        for position, (digit, strokes) in enumerate(drawings, start=1):
            cached = self._icons.get(id(strokes))
            if cached is None or cached[0] is not strokes:
                cached = (strokes, QIcon(strokes_pixmap(strokes)))
            icons[id(strokes)] = cached
            item = QListWidgetItem(cached[1], str(digit))
            item.setToolTip(f"Drawing {position}, kept as a {digit}")
            item.setData(Qt.ItemDataRole.AccessibleTextRole, f"Kept drawing of a {digit}")
            item.setSizeHint(QSize(THUMB + 6, STRIP_HEIGHT - 14))
            self.list.addItem(item)
        self._icons = icons  # the strokes held here keep their ids from being reused
        if drawings:
            self.list.scrollToItem(self.list.item(len(drawings) - 1))
        has_any = bool(drawings)
        self.hint.setVisible(not has_any)
        for action in (self.score_action, self.export_action, self.clear_action):
            action.setEnabled(has_any)
        self.remove_action.setEnabled(has_any)

    def count(self) -> int:
        return self.list.count()

    def set_can_keep(self, can_keep: bool) -> None:
        """Enable "Keep as…" only while a drawing is on the canvas."""
        self.keep_button.setEnabled(can_keep)

    def set_can_undo_clear(self, can_undo: bool) -> None:
        self.undo_clear_action.setEnabled(can_undo)

    def _on_remove_triggered(self) -> None:
        row = self.list.currentRow()
        if row >= 0:
            self.remove_requested.emit(row)

    def _on_list_context_menu(self, pos) -> None:
        item = self.list.itemAt(pos)
        if item is None:
            return
        row = self.list.row(item)
        menu = QMenu(self)
        remove = menu.addAction("Remove")
        remove.triggered.connect(lambda _checked=False: self.remove_requested.emit(row))
        menu.exec(self.list.viewport().mapToGlobal(pos))
