"""Logging to a file in the user's log folder, and a dialog for uncaught exceptions.

An exception escaping a slot must not take the user's work down with it: it is logged
with its traceback, shown in a dialog that names the log file, and the app keeps running.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import sys
import threading
import traceback
from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QApplication, QMessageBox

from digitgui.app.dialogs import show_message
from digitgui.model.io.atomic import remove_stale_temp_files

log = logging.getLogger("digitgui")


def log_directory() -> Path:
    """The folder for ``digitgui.log``, from Qt's standard locations (OSError if none).

    ``DIGITGUI_LOG_DIR`` when set; else ``<state>/digitgui/log`` with Qt's generic state
    folder (Qt ≥ 6.7; ``$XDG_STATE_HOME``, by default ``~/.local/state``, on Linux, where
    Qt 6.6 gets the same by the XDG rule); else ``log`` in the app's local data folder (Qt 6.6
    elsewhere; e.g. ``%LOCALAPPDATA%/digitgui/digitgui``).
    """
    override = os.environ.get("DIGITGUI_LOG_DIR")
    if override:
        return Path(override)
    locations = QStandardPaths.StandardLocation
    state = getattr(locations, "GenericStateLocation", None)
    if state is None and sys.platform.startswith("linux"):  # Qt 6.6: the XDG rule by hand
        home = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
        return Path(home) / "digitgui" / "log"
    parts: tuple[str, ...]
    if state is not None:
        location, parts = state, ("digitgui", "log")
    else:
        location, parts = locations.AppLocalDataLocation, ("log",)
    base = QStandardPaths.writableLocation(location)
    if not base:  # Qt knows no such folder here: setup_logging reports it, logs nowhere
        raise OSError(f"Qt has no writable {location.name} on this system")
    return Path(base).joinpath(*parts)


class QuietFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating log file whose own failures (a full disk, a deleted folder) stay silent.

    The standard handler prints "--- Logging error ---" and a traceback to stderr for
    every record it cannot write; here the record is dropped and ``failed`` counts it.
    """

    failed = 0

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 (logging API)
        self.failed += 1

    def flush(self) -> None:
        try:
            super().flush()
        except OSError:
            self.failed += 1

    def close(self) -> None:
        try:
            super().close()
        except OSError:  # the last buffered bytes could not be written
            self.failed += 1


LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def setup_logging() -> Path | None:
    """Log INFO and above to a rotating ``digitgui.log``; returns its path.

    Returns None (and logs nowhere) when the log folder cannot be written; nothing is
    printed. Python warnings go to the log too, not to stderr.
    """
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    for old in [h for h in root.handlers if isinstance(h, QuietFileHandler)]:
        root.removeHandler(old)  # called again (tests): one file handler only
        old.close()
    try:
        folder = log_directory()
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "digitgui.log"
        handler = QuietFileHandler(path, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    root.addHandler(handler)
    logging.captureWarnings(True)
    return path


def install_exception_dialog(log_path: Path | None) -> None:
    """Route uncaught exceptions to the log and a dialog instead of ending the app."""

    def hook(kind, value, tb) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, value, tb)
            return
        text = "".join(traceback.format_exception(kind, value, tb))
        log.error("uncaught exception:\n%s", text)
        print(text, file=sys.stderr)
        show_error_dialog(kind, value, log_path)

    sys.excepthook = hook


def show_error_dialog(kind, value, log_path: Path | None) -> None:
    if QApplication.instance() is None or os.environ.get("DIGITGUI_NO_ERROR_DIALOG"):
        return
    where = f"\n\nDetails are in the log file:\n{log_path}" if log_path else ""
    text = (
        f"Something went wrong: {kind.__name__}: {value}\n\n"
        f"digitgui keeps running and your data is unchanged.{where}"
    )
    show_message(
        QApplication.activeWindow(),
        QMessageBox.Icon.Critical,
        "digitgui: unexpected error",
        text,
        "errorDialog",
    )


def remove_stale_temp_files_later(folders: list[str]) -> threading.Thread:
    """Remove temporary files of killed saves from ``folders`` in a background thread.

    A plain daemon thread: the job touches no Qt object, takes milliseconds, and must not
    hold up start-up (a folder may be on a slow network drive) nor shutdown.
    """

    def clean() -> None:
        removed = remove_stale_temp_files(folders)
        if removed:
            log.info("removed %d temporary file(s) left by interrupted saves", removed)

    thread = threading.Thread(target=clean, name="digitgui-housekeeping", daemon=True)
    thread.start()
    return thread
