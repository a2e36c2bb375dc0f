"""DrawPanel: the canvas with its pen width, Undo and Clear controls, and the assignment."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from digitgui.widgets.assignment_panel import AssignmentPanel
from digitgui.widgets.draw_canvas import DrawCanvas
from digitgui.widgets.my_drawings import MyDrawingsStrip


class DrawPanel(QWidget):
    """Composes :class:`DrawCanvas` and :class:`AssignmentPanel` (``canvas``, ``assignment``)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("drawPanel")
        self.canvas = DrawCanvas()
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

        controls = QHBoxLayout()
        controls.addWidget(QLabel("Pen"))
        controls.addWidget(self.pen_slider, 1)
        controls.addWidget(self.undo_button)
        controls.addWidget(self.clear_button)

        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.canvas, 1)
        top_layout.addLayout(controls)
        self.my_drawings = MyDrawingsStrip()
        top_layout.addWidget(self.my_drawings)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setObjectName("drawSplitter")
        splitter.addWidget(top)
        splitter.addWidget(self.assignment)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(splitter)
