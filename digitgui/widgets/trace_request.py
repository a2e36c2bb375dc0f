"""TraceRequestPanel: why the step-by-step trace waits, and the button that starts it."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QVBoxLayout, QWidget

BUTTON_TEXT = "Trace the steps"
BUTTON_TIP = (
    "Run exact KMeans again one Lloyd iteration at a time and record every step, in the "
    "background (Cancel stops it)"
)


class TraceRequestPanel(QFrame):
    """A short explanation, an estimate of the work and a "Trace the steps" button.

    Shown by the step-by-step view when tracing does not start by itself (large data, or
    a clustering the trace would not reproduce); renders text it is given, computes nothing.

    Signals
    -------
    trace_requested() : the user pressed "Trace the steps".
    """

    trace_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("iterationStepperRequest")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.reason_label = QLabel("")
        self.reason_label.setObjectName("iterationStepperRequestReason")
        self.reason_label.setWordWrap(True)  # never widens the tab
        self.reason_label.setTextFormat(Qt.TextFormat.PlainText)
        self.estimate_label = QLabel("")
        self.estimate_label.setObjectName("iterationStepperRequestEstimate")
        self.estimate_label.setWordWrap(True)
        self.estimate_label.setTextFormat(Qt.TextFormat.PlainText)
        self.button = QPushButton(BUTTON_TEXT)
        self.button.setObjectName("iterationStepperTraceStepsButton")
        self.button.setToolTip(BUTTON_TIP)
        self.button.setAccessibleName(BUTTON_TEXT)
        self.button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # Tab reaches it
        self.button.clicked.connect(self.trace_requested)
        layout = QVBoxLayout(self)
        layout.addWidget(self.reason_label)
        layout.addWidget(self.estimate_label)
        layout.addWidget(self.button, alignment=Qt.AlignmentFlag.AlignLeft)
        self.setVisible(False)  # until a trace waits for the user

    def set_text(self, reason: str, estimate: str = "") -> None:
        """Show ``reason`` (why the trace waits) and ``estimate`` (the work, may be empty)."""
        self.reason_label.setText(reason)
        self.estimate_label.setText(estimate)
        self.estimate_label.setVisible(bool(estimate))
        self.setAccessibleDescription(f"{reason} {estimate}".strip())
