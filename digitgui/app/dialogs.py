"""Dialogs shared by the controllers: non-blocking message boxes (shown with ``open()``,
kept alive until closed) and file dialogs that open in the folder last used."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QDir
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from digitgui.app.settings import Settings

_open_boxes: list[QMessageBox] = []


def show_message(
    parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str, name: str
) -> QMessageBox:
    """Show a message box without a nested event loop; ``name`` is its objectName."""
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName(name)
    _open_boxes.append(box)
    box.finished.connect(_forget_closed)
    box.open()
    return box


def open_boxes(name: str) -> list[QMessageBox]:
    """The message boxes of this objectName still shown (for tests and shutdown)."""
    _forget_closed()
    return [box for box in _open_boxes if box.objectName() == name]


def _forget_closed() -> None:
    _open_boxes[:] = [box for box in _open_boxes if _shown(box)]


def _shown(box: QMessageBox) -> bool:
    try:
        return box.isVisible()
    except RuntimeError:  # deleted with its parent window: gone
        return False


# ------------------------------------------------------------------------ file dialogs
def start_folder(settings: Settings) -> str:
    """Where file dialogs open: the folder last used, else the home folder."""
    return settings.last_folder() or QDir.homePath()


def remember_folder(settings: Settings, path: str) -> None:
    """Keep the folder of a chosen ``path`` ("" = cancelled: nothing) for the next dialog."""
    if path:
        settings.set_last_folder(str(Path(path).parent))


def ask_open_path(parent: QWidget, settings: Settings, title: str, file_filter: str) -> str:
    """A file to open ("" when cancelled), asked from the folder last used."""
    path, _ = QFileDialog.getOpenFileName(parent, title, start_folder(settings), file_filter)
    remember_folder(settings, path)
    return path


def ask_save_path(
    parent: QWidget, settings: Settings, title: str, name: str, file_filter: str
) -> str:
    """Where to save ("" when cancelled), offering ``name`` in the folder last used."""
    start = str(Path(start_folder(settings)) / name)
    path, _ = QFileDialog.getSaveFileName(parent, title, start, file_filter)
    remember_folder(settings, path)
    return path
