"""Before data is opened: show its first rows and ask which column holds the labels."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog, QWidget

from digitgui.model.io.errors import DatasetError
from digitgui.model.io.preview import read_preview
from digitgui.model.io.source import GUESS
from digitgui.widgets.open_preview_dialog import AUTOMATIC, OpenPreviewDialog

#: The user closed the dialog: open nothing.
CANCELLED = object()


def ask_label_column(parent: QWidget, path: str) -> int | str | None | object:
    """The ``label_column`` to load ``path`` with: GUESS when the file has no preview
    (archives, folders) or the user keeps "Automatic", None for no labels, a 0-based
    column, or :data:`CANCELLED`. Reads only a bounded start of the file, so it may run
    on the GUI thread."""
    try:
        preview = read_preview(path)
    except DatasetError:
        return GUESS  # loading reports what is wrong, with the usual message
    if preview is None:
        return GUESS
    dialog = OpenPreviewDialog(
        Path(path).name, preview.description, preview.names, preview.rows, preview.guess, parent
    )
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    choice = dialog.label_column()
    dialog.deleteLater()
    if not accepted:
        return CANCELLED
    return GUESS if choice == AUTOMATIC else choice
