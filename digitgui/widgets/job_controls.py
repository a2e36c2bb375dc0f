"""JobControls: the Run / Cancel / progress / status row every background view shares."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QProgressBar, QPushButton, QWidget

from digitgui.widgets.flow_layout import FlowLayout, together

#: Width the status keeps beside the progress bar; narrower, it wraps onto its own line.
STATUS_KEEP = 220
PROGRESS_KEEP = 120


class JobControls(QWidget):
    """A row: optional leading widgets, Run, Cancel, a progress bar and a status line.

    The row flows onto more lines when the view is narrow (leading widgets, the buttons,
    the bar and the status each stay whole), so it never widens or cuts its view.

    ``name`` prefixes the object names (``<name>RunButton``, ``<name>CancelButton``,
    ``<name>Status``) so tests and screen readers find them.
    """

    def __init__(
        self,
        name: str,
        run_text: str,
        what: str,
        progress_format: str,
        status: str = "",
        leading: tuple[QWidget, ...] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.run_button = QPushButton(run_text)
        self.run_button.setObjectName(f"{name}RunButton")
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setObjectName(f"{name}CancelButton")
        self.cancel_button.setToolTip("Stop at the next step; what is shown stays")
        self.progress_bar = QProgressBar()
        self.progress_bar.setAccessibleName(f"{what} progress")
        self.progress_bar.setFormat(progress_format)
        self.status_label = QLabel(status)
        self.status_label.setObjectName(f"{name}Status")
        self.status_label.setWordWrap(True)  # a long status never widens the view
        row = FlowLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        if leading:
            row.add_widget(together(*leading))
        row.add_widget(together(self.run_button, self.cancel_button))
        row.add_widget(self.progress_bar, stretch=1, keep=PROGRESS_KEEP)
        row.add_widget(self.status_label, stretch=3, keep=STATUS_KEEP)  # the text needs it
        self.set_running(False)

    def set_running(self, running: bool) -> None:
        self.run_button.setEnabled(not running)
        self.cancel_button.setEnabled(running)

    def set_progress(self, done: int, total: int) -> None:
        self.progress_bar.setRange(0, max(total, 1))
        self.progress_bar.setValue(done)

    def set_status(self, text: str) -> None:
        self.status_label.setText(text)


class JobView:
    """Mixin for a view that owns a :class:`JobControls` row as ``self.job``.

    Exposes the row's widgets under the view (``run_button``…) and the calls a
    ``BackgroundPresenter`` makes; a view with more inputs to lock while running extends
    :meth:`set_running`.
    """

    job: JobControls

    @property
    def run_button(self) -> QPushButton:
        return self.job.run_button

    @property
    def cancel_button(self) -> QPushButton:
        return self.job.cancel_button

    @property
    def progress_bar(self) -> QProgressBar:
        return self.job.progress_bar

    @property
    def status_label(self) -> QLabel:
        return self.job.status_label

    def set_running(self, running: bool) -> None:
        self.job.set_running(running)

    def set_progress(self, done: int, total: int) -> None:
        self.job.set_progress(done, total)

    def set_status(self, text: str) -> None:
        self.job.set_status(text)
