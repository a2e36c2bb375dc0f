"""Closing while a save or export is being written: write it first, then close.

A closed window used to cancel the write with every other job, and the write thread
past the 2 s shutdown deadline was left behind by ``os._exit``: the file the person
asked for was never written, and nothing said so. Here a close request (File → Quit,
Ctrl+Q, the close button, a quit signal) that comes while a write runs is held: the
window stays, the status bar says what it is finishing, and the window closes by itself
once the file is written. A second request asks whether to quit anyway (the file is
then lost) or wait; :data:`WRITE_WAIT_SECONDS` bounds the wait whatever happens. A
write that fails keeps the window open, so its error is seen. Other jobs (fits, loads,
projections) keep the one shutdown deadline of :class:`~digitgui.app.main_window.MainWindow`.
"""

from __future__ import annotations

import logging
import sys

from PySide6.QtCore import QObject, QTimer, Slot
from PySide6.QtWidgets import QAbstractButton, QMainWindow, QMessageBox

from digitgui.app.file_controller import FileController

log = logging.getLogger(__name__)

#: The longest a close waits for a file being written (the writes take well under a
#: second or two); then the window closes without it.
WRITE_WAIT_SECONDS = 30.0


class CloseGuard(QObject):
    """Holds the window's close while ``files`` writes; lives in the GUI thread.

    The window's ``closeEvent`` asks :meth:`hold_close` first and ignores the event when
    it answers True; the guard calls ``window.close()`` again once the write has ended.
    """

    def __init__(
        self,
        window: QMainWindow,
        files: FileController,
        seconds: float = WRITE_WAIT_SECONDS,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._files = files
        self.seconds = seconds
        self._waiting_for = ""  # what is being finished, while a close is held
        self._let_go = False  # quit anyway: the next close goes through
        self.dialog: QMessageBox | None = None  # the "quit anyway?" question, when shown
        self._quit_button: QAbstractButton | None = None  # its "Quit anyway"
        #: A failed write keeps the window open (its error is shown there); a quit
        #: signal sets this False: it wants the process gone, the error is on stderr.
        self.keep_open_on_failure = True
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._on_timer_timeout)
        files.write_ended.connect(self._on_files_write_ended)

    @property
    def waiting(self) -> bool:
        """True while a close is held until a write ends."""
        return bool(self._waiting_for)

    def hold_close(self) -> bool:
        """Called on every close request: True to ignore it (the guard closes later).

        The first request while a write runs starts the wait; a second one asks whether
        to quit anyway.
        """
        if self._let_go or not self._files.writing:
            return False
        if self.waiting:
            self._ask()
            return True
        self._waiting_for = self._files.writing_what() or "the file being written"
        text = f"Finishing {self._waiting_for}… the window closes when it is written"
        self._window.statusBar().showMessage(text)
        log.info("close requested while writing: finishing %s first", self._waiting_for)
        self._timer.start(round(self.seconds * 1000))
        return True

    def quit_anyway(self, why: str) -> None:
        """Close now, giving up the write under way (``why`` goes to the log)."""
        if self.waiting:
            log.warning("quitting without %s: %s", self._waiting_for, why)
        self._let_go = True
        self._end_wait()
        self._files.abandon_write()
        self._window.close()

    def _ask(self) -> None:
        if self.dialog is not None:
            self.dialog.raise_()
            return
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            "Still writing",
            f"{self._waiting_for[0].upper()}{self._waiting_for[1:]} is still being written.\n\n"
            "Quit anyway (it will be lost), or wait: the window closes when it is written.",
            QMessageBox.StandardButton.NoButton,
            self._window,
        )
        box.setObjectName("pendingWriteDialog")
        self._quit_button = box.addButton("Quit anyway", QMessageBox.ButtonRole.DestructiveRole)
        self._quit_button.setObjectName("quitAnywayButton")
        wait = box.addButton("Wait", QMessageBox.ButtonRole.RejectRole)
        wait.setObjectName("waitButton")
        box.setDefaultButton(wait)
        box.setEscapeButton(wait)
        box.finished.connect(self._on_dialog_finished)
        self.dialog = box
        box.open()  # no nested event loop: the write's end still closes the window

    @Slot(int)
    def _on_dialog_finished(self, _result: int) -> None:
        box, self.dialog = self.dialog, None
        if box is None:
            return
        chosen = box.clickedButton()
        box.deleteLater()
        if chosen is not None and chosen is self._quit_button and self.waiting:
            self.quit_anyway("the person chose Quit anyway")

    @Slot(bool)
    def _on_files_write_ended(self, written: bool) -> None:
        if not self.waiting or self._files.writing:  # a newer write is still going
            return
        what = self._waiting_for
        self._end_wait()
        if written or not self.keep_open_on_failure:
            log.info("%s ended: closing", what)
            QTimer.singleShot(0, self._window.close)  # after the "written to" message
        else:  # its error is on screen: leave the window for the person to read it
            self._window.statusBar().showMessage(f"The window stayed open: {what} failed", 10_000)

    @Slot()
    def _on_timer_timeout(self) -> None:
        if not self.waiting:
            return
        what = self._waiting_for
        text = f"{what} did not finish within {self.seconds:g} s; quitting without it"
        print(f"digitgui: {text}", file=sys.stderr, flush=True)
        self.quit_anyway(f"not written after {self.seconds:g} s")

    def _end_wait(self) -> None:
        self._waiting_for = ""
        self._timer.stop()
        box, self.dialog = self.dialog, None
        if box is not None:
            box.finished.disconnect(self._on_dialog_finished)
            box.close()
            box.deleteLater()
