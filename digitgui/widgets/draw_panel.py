"""DrawPanel: the canvas with its pen width, Undo and Clear controls, and the assignment."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSlider,
    QTextEdit,
    QWidget,
)

from digitgui.widgets.assignment_panel import AssignmentPanel
from digitgui.widgets.draw_canvas import DrawCanvas
from digitgui.widgets.fit_scroll_area import FitScrollArea
from digitgui.widgets.my_drawings import MyDrawingsStrip

MARGIN = 4
GAP = 6
CANVAS_MIN = 200  # logical pixels; the side of the square canvas at the smallest panel
CANVAS_GOOD = 280  # beside the answer, a canvas this big is better than a bigger one over it
CANVAS_MAX = 440  # a bigger canvas does not draw better; the room goes to the answer
ANSWER_MIN_HEIGHT = 260  # room kept under the canvas for the answer (and its extras)
ANSWER_MIN_WIDTH = 250  # the answer goes beside the canvas when it gets this much width


def _is_text_field(widget: QWidget | None) -> bool:
    """True for a widget where a person types: line edits, spin boxes, editable combos."""
    if isinstance(widget, QComboBox):
        return widget.isEditable()
    return isinstance(widget, (QLineEdit, QAbstractSpinBox, QTextEdit, QPlainTextEdit))


class DrawPanel(QWidget):
    """Composes :class:`DrawCanvas` and :class:`AssignmentPanel` (``canvas``, ``assignment``).

    The canvas is a square whose side depends on the panel's size only: the answer (the
    assignment panel, whose height changes with what it shows) lives in a scroll area of
    its own, beside the canvas when the panel is wide and under it otherwise. So a drawing,
    an answer or a refit never resizes the canvas, and no ink is ever pushed out of sight.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("drawPanel")
        self.canvas = DrawCanvas(self)
        self.assignment = AssignmentPanel()

        self.pen_slider = QSlider(Qt.Orientation.Horizontal)
        self.pen_slider.setObjectName("penWidthSlider")
        self.pen_slider.setAccessibleName("Pen width")
        self.pen_slider.setRange(4, 40)
        self.pen_slider.setValue(int(self.canvas.pen_width))
        self.pen_slider.setToolTip("Pen width in screen pixels")
        self.pen_slider.valueChanged.connect(self.canvas.set_pen_width)
        self.undo_button = QPushButton("Undo")
        self.undo_button.setObjectName("undoButton")
        self.undo_button.setToolTip("Remove the last stroke (Ctrl+Z)")
        self.undo_button.clicked.connect(self.canvas.undo)
        self.clear_button = QPushButton("Clear")
        self.clear_button.setObjectName("clearButton")
        self.clear_button.setToolTip("Clear the canvas (Esc)")
        self.clear_button.clicked.connect(self.canvas.clear)

        self.controls = QWidget(self)
        controls = QHBoxLayout(self.controls)
        controls.setContentsMargins(0, 0, 0, 0)
        controls.addWidget(QLabel("Pen"))
        controls.addWidget(self.pen_slider, 1)
        controls.addWidget(self.undo_button)
        controls.addWidget(self.clear_button)

        self.my_drawings = MyDrawingsStrip()
        self.assignment.add_under_answer(self.my_drawings)
        self.answer_area = FitScrollArea(self.assignment, self)
        self.answer_area.setObjectName("answerArea")
        self.answer_area.set_horizontal_scrolling(False)
        self._beside = False
        self._shortcuts: list[QShortcut] = []

    # -- shortcuts ------------------------------------------------------------------------
    def add_shortcuts_to(self, window: QWidget) -> None:
        """Esc, Ctrl+Z and Ctrl+V act on the canvas wherever the focus is in ``window``
        (the main window, which also covers its docks when they float).
        """
        for keys, slot in (
            (QKeySequence(QKeySequence.StandardKey.Undo), self.canvas.undo),
            (QKeySequence(QKeySequence.StandardKey.Paste), self.canvas.paste),
            (QKeySequence(Qt.Key.Key_Escape), self.canvas.clear),
        ):
            shortcut = QShortcut(keys, window)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(slot)
            self._shortcuts.append(shortcut)
        app = QApplication.instance()
        assert isinstance(app, QApplication), "a DrawPanel needs the QApplication"
        app.focusChanged.connect(self._on_app_focus_changed)
        self._on_app_focus_changed(None, app.focusWidget())

    @Slot(QWidget, QWidget)
    def _on_app_focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        # A text or number field keeps its own meaning of these keys (Qt asks fields first
        # for Ctrl+Z and Ctrl+V, but not for Esc): the shortcuts sleep while one has focus.
        typing = _is_text_field(new)
        for shortcut in self._shortcuts:
            shortcut.setEnabled(not typing)

    # -- geometry -------------------------------------------------------------------------
    def canvas_side(self) -> int:
        """The canvas's side for the panel's current size."""
        return self._layout_for(self.width(), self.height())[0]

    def answer_beside(self) -> bool:
        """True when the answer is laid out beside the canvas, False when under it."""
        return self._beside

    def _layout_for(self, width: int, height: int) -> tuple[int, bool]:
        """(canvas side, answer beside?) for a panel of ``width`` × ``height``."""
        inner_w, inner_h = width - 2 * MARGIN, height - 2 * MARGIN
        controls_h = self.controls.sizeHint().height()
        under = min(inner_w, inner_h - controls_h - GAP - ANSWER_MIN_HEIGHT - GAP)
        beside = min(inner_w - GAP - ANSWER_MIN_WIDTH, inner_h - controls_h - GAP)
        under, beside = (max(CANVAS_MIN, min(CANVAS_MAX, s)) for s in (under, beside))
        # Beside when the canvas stays a good size there: then the whole answer shows.
        if beside >= min(under, CANVAS_GOOD) and inner_w - beside - GAP >= ANSWER_MIN_WIDTH:
            return beside, True
        return under, False

    def _place(self) -> None:
        side, self._beside = self._layout_for(self.width(), self.height())
        inner = self.rect().adjusted(MARGIN, MARGIN, -MARGIN, -MARGIN)
        controls_h = self.controls.sizeHint().height()
        if self._beside:
            left = inner.left()
            self.canvas.setGeometry(left, inner.top(), side, side)
            self.controls.setGeometry(left, inner.top() + side + GAP, side, controls_h)
            answer_left = left + side + GAP
            self.answer_area.setGeometry(
                QRect(answer_left, inner.top(), inner.right() - answer_left + 1, inner.height())
            )
            return
        left = inner.left() + max(0, (inner.width() - side) // 2)
        self.canvas.setGeometry(left, inner.top(), side, side)
        controls_top = inner.top() + side + GAP
        self.controls.setGeometry(inner.left(), controls_top, inner.width(), controls_h)
        answer_top = controls_top + controls_h + GAP
        self.answer_area.setGeometry(
            QRect(inner.left(), answer_top, inner.width(), inner.bottom() - answer_top + 1)
        )

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        self._place()

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        self._place()

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        controls = self.controls.minimumSizeHint()
        width = max(CANVAS_MIN, controls.width()) + 2 * MARGIN
        height = CANVAS_MIN + GAP + controls.height() + GAP + 120 + 2 * MARGIN
        return QSize(width, height)

    def sizeHint(self) -> QSize:  # noqa: N802
        controls_h = self.controls.sizeHint().height()
        side = 300
        return QSize(
            side + 2 * MARGIN, side + controls_h + ANSWER_MIN_HEIGHT + 2 * GAP + 2 * MARGIN
        )
