"""TsneSettingsBox: perplexity and iterations of the t-SNE map."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDoubleSpinBox, QHBoxLayout, QLabel, QSpinBox, QWidget


class TsneSettingsBox(QWidget):
    """Two spin boxes; ``changed(perplexity, iterations)`` when the user edits one."""

    changed = Signal(float, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tsneSettings")
        self.setAccessibleName("t-SNE settings")
        self.perplexity = QDoubleSpinBox()
        self.perplexity.setObjectName("tsnePerplexity")
        self.perplexity.setAccessibleName("t-SNE perplexity")
        self.perplexity.setRange(5.0, 100.0)
        self.perplexity.setDecimals(0)
        self.perplexity.setValue(30.0)
        self.perplexity.setToolTip(
            "About how many neighbours each point keeps close (scikit-learn's default is "
            "30). Small values show local clumps, large ones the overall layout."
        )
        self.iterations = QSpinBox()
        self.iterations.setObjectName("tsneIterations")
        self.iterations.setAccessibleName("t-SNE iterations")
        self.iterations.setRange(250, 10_000)
        self.iterations.setSingleStep(250)
        self.iterations.setValue(1000)
        self.iterations.setToolTip("Optimisation steps; more settle the map further")
        for box in (self.perplexity, self.iterations):
            box.setKeyboardTracking(False)  # one change per edit, not per key press
            box.valueChanged.connect(self._on_box_value_changed)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel("Perplexity:"))
        row.addWidget(self.perplexity)
        row.addWidget(QLabel("Iterations:"))
        row.addWidget(self.iterations)

    def values(self) -> tuple[float, int]:
        return float(self.perplexity.value()), int(self.iterations.value())

    def set_values(self, perplexity: float, iterations: int) -> None:
        """Show stored values without emitting ``changed``."""
        boxes = (self.perplexity, self.iterations)
        for box in boxes:
            box.blockSignals(True)
        self.perplexity.setValue(perplexity)
        self.iterations.setValue(iterations)
        for box in boxes:
            box.blockSignals(False)

    def _on_box_value_changed(self, _value: object) -> None:
        self.changed.emit(*self.values())
