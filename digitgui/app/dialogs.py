"""Non-blocking message boxes: shown with ``open()``, kept alive until closed."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

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
