"""GettingStarted: one short page of what to try first, shown at launch until dismissed."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

TEXT = """
<h3>Getting started</h3>
<p>digitgui groups 1,797 small pictures of handwritten digits into <i>clusters</i> with
KMeans, without being told which digit each picture is. Things to try first:</p>
<ol>
<li><b>Draw a digit</b> on the white canvas (right). The answer under or beside it names
the cluster your drawing falls into and that cluster's usual digit. <b>Esc</b> clears,
<b>Ctrl+Z</b> undoes a stroke, <b>Ctrl+V</b> pastes a picture.</li>
<li><b>Click a centroid</b> in the Clusters tab: the cluster's members appear below it,
nearest to the centre first; a red frame marks a picture of another digit.</li>
<li><b>Run with another k</b>: change <i>Clusters (k)</i> in Parameters and press
<b>Run</b> (Ctrl+R). The metrics on the left say how well the clusters match the digits.</li>
<li><b>Explore the tabs</b>: Projection (the data in 2-D), Silhouette, Choosing k,
Initialisations, Step by step (watch KMeans iterate) and Stability.</li>
</ol>
<p>Help → Getting started shows this page again.</p>
"""


class GettingStarted(QDialog):
    """A non-modal page; ``show_at_start_changed(bool)`` when its check box is toggled."""

    show_at_start_changed = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("gettingStarted")
        self.setWindowTitle("Getting started")
        self.setAccessibleName("Getting started")
        self.setModal(False)
        text = QLabel(TEXT)
        text.setObjectName("gettingStartedText")
        text.setWordWrap(True)
        text.setTextFormat(Qt.TextFormat.RichText)
        text.setMinimumWidth(420)
        self.dont_show = QCheckBox("Don't show this at start-up")
        self.dont_show.setObjectName("gettingStartedDontShow")
        self.dont_show.toggled.connect(self._on_dont_show_toggled)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.dont_show)
        layout.addWidget(buttons)

    def set_show_at_start(self, show: bool) -> None:
        """Tick "don't show" to match ``show`` without emitting a change."""
        self.dont_show.blockSignals(True)
        self.dont_show.setChecked(not show)
        self.dont_show.blockSignals(False)

    def _on_dont_show_toggled(self, dont_show: bool) -> None:
        self.show_at_start_changed.emit(not dont_show)
