"""Logging to a file in the user's log folder, and a dialog for uncaught exceptions.

An exception escaping a slot must not take the user's work down with it: it is logged
with its traceback, shown in a dialog that names the log file, and the app keeps running.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import sys
import traceback
from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QApplication, QMessageBox

from digitgui.app.dialogs import show_message

log = logging.getLogger("digitgui")


def log_directory() -> Path:
    """The folder for ``digitgui.log``, from Qt's standard locations (OSError if none).

    ``DIGITGUI_LOG_DIR`` when set; else ``<state>/digitgui/log`` with Qt's generic state
    folder (Qt ≥ 6.7; ``$XDG_STATE_HOME``, by default ``~/.local/state``, on Linux); else
    ``log`` in the app's local data folder (Qt 6.6; e.g. ``%LOCALAPPDATA%/digitgui/digitgui``).
    """
    override = os.environ.get("DIGITGUI_LOG_DIR")
    if override:
        return Path(override)
    locations = QStandardPaths.StandardLocation
    state = getattr(locations, "GenericStateLocation", None)
    if state is not None:
        location, parts = state, ("digitgui", "log")
    else:
        location, parts = locations.AppLocalDataLocation, ("log",)
    base = QStandardPaths.writableLocation(location)
    if not base:  # Qt knows no such folder here: setup_logging reports it, logs nowhere
        raise OSError(f"Qt has no writable {location.name} on this system")
    return Path(base).joinpath(*parts)


def setup_logging() -> Path | None:
    """Log INFO and above to a rotating ``digitgui.log``; returns its path (None if unwritable)."""
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    try:
        folder = log_directory()
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "digitgui.log"
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=1_000_000, backupCount=3, encoding="utf-8"
        )
    except OSError as exc:
        print(f"digitgui: cannot write a log file: {exc}", file=sys.stderr)
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
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
