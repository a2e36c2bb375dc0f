"""The QApplication and the window's life: creation, ``--screenshot``, exit."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

# digitgui._qt binds PySide6 (and tells pyqtgraph so) before pyqtgraph is imported below.
from digitgui._qt import check_pyqtgraph_binding

# isort: split
import pyqtgraph as pg
from PySide6.QtCore import QBuffer, QIODevice, QTimer
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import QApplication

from digitgui import __version__
from digitgui.app.crash_guard import (
    install_exception_dialog,
    remove_stale_temp_files_later,
    setup_logging,
)
from digitgui.app.quit_signals import connect_quit_signals
from digitgui.app.resources import APP_ID, icon_path
from digitgui.app.settings import Settings
from digitgui.model.io.atomic import SaveError, atomic_write

log = logging.getLogger("digitgui")

SCREENSHOT_SIZE = (1480, 940)
SCREENSHOT_TIMEOUT_S = 120


def create_application() -> QApplication:
    """The one QApplication, named and iconed so the desktop matches it to its launcher."""
    check_pyqtgraph_binding()
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("digitgui")
    app.setApplicationDisplayName("digitgui")
    app.setOrganizationName("digitgui")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(APP_ID)
    install_exception_dialog(setup_logging())
    icon = icon_path()
    if icon is not None:
        app.setWindowIcon(QIcon(str(icon)))
    if icon is None or app.windowIcon().isNull():
        log.warning("no window icon: %s is missing or unreadable", icon or "the icon file")
    else:
        log.info("window icon set from %s", icon)
    pg.setConfigOptions(imageAxisOrder="row-major", antialias=True)
    return app


def run_window(app: QApplication, args: argparse.Namespace) -> int:
    from digitgui.app.main_window import MainWindow

    settings = Settings(args.settings)
    if args.reset_settings:
        settings.reset()
    remove_stale_temp_files_later(settings.get("write_folders"))
    window = MainWindow(settings=settings)

    deferred: list[bool] = []  # the quit waits for a file being written

    def quit_on_signal() -> None:
        guard = window.close_guard
        if guard.waiting:  # a second signal while a file is finished: do not wait more
            guard.quit_anyway("a second quit signal")
        guard.keep_open_on_failure = False  # nobody may be there to read the error
        # close() cancels every job and saves the settings (closeEvent); while a save or
        # export is written it is put off until the file is written.
        if window.close():
            app.quit()  # also ends a dialog's own event loop
        elif not deferred:
            deferred.append(True)
            window.closed.connect(app.quit)

    connect_quit_signals(quit_on_signal)
    window.files.error.connect(_print_error)
    if args.path:
        window.files.open_data(args.path)
    if args.screenshot:
        window.resize(*SCREENSHOT_SIZE)
        _screenshot_after_first_fit(app, window, Path(args.screenshot))
    window.show()
    if not args.screenshot:
        window.offer_getting_started()
    return app.exec()


def _print_error(title: str, message: str) -> None:
    """One line on stderr, whatever the file name holds (a newline, a tab)."""
    print(f"digitgui: {_one_line(title)}: {_one_line(message)}", file=sys.stderr, flush=True)


def _one_line(text: str) -> str:
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)


def _save_png(picture: QPixmap, path: Path) -> bool:
    """Write ``picture`` as a PNG to ``path``; a line on stdout or stderr says how it went.

    The PNG is made in memory and written with :func:`atomic_write`: Qt's own
    ``QPixmap.save`` opened a FIFO for writing and waited for a reader for ever (and no
    quit signal could end that wait), and it said no reason when a save failed.
    """
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not picture.save(buffer, "PNG"):
        print(f"could not write {path}: the picture could not be encoded", file=sys.stderr)
        return False
    try:
        atomic_write(path, bytes(buffer.data().data()))
    except SaveError as error:
        print(f"could not write {path}: {error.reason}", file=sys.stderr, flush=True)
        return False
    print(f"saved screenshot to {path}", flush=True)
    return True


def _screenshot_after_first_fit(app: QApplication, window, path: Path) -> None:
    """Save a PNG of the window once the first clustering and all tabs are shown, quit."""

    def save() -> None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            reason = error.strerror or str(error)
            print(f"could not write {path}: {reason}", file=sys.stderr, flush=True)
            ok = False
        else:
            ok = _save_png(window.grab(), path)
        finished.append(True)
        window.close()
        app.exit(0 if ok else 1)

    def give_up() -> None:
        if finished:  # saved or failed already; the app is on its way out
            return
        print("no clustering finished in time; no screenshot taken", file=sys.stderr)
        window.close()
        app.exit(1)

    saving: list[bool] = []
    finished: list[bool] = []

    def when_ready(*_args: object) -> None:
        # The clustering of the current data (a file given on the command line is read
        # first, or refused) and the exploration tabs must all be on screen.
        clustering, state = window.state.clustering, window.state
        if saving or window.files.loading or not window.explore_tabs_built:
            return
        if clustering is not None and clustering.dataset is state.dataset:
            saving.append(True)
            QTimer.singleShot(400, save)

    window.state.clustering_changed.connect(when_ready)
    window.tabs_ready.connect(when_ready)
    window.files.loading_changed.connect(when_ready)
    QTimer.singleShot(1000 * SCREENSHOT_TIMEOUT_S, give_up)
