"""Bind the app to PySide6 before anything imports pyqtgraph.

pyqtgraph picks the first Qt binding already imported, else the first it finds installed;
with PyQt5 or PyQt6 installed beside PySide6 it could bind one of those, and PySide6's
widgets would then fail inside pyqtgraph's. ``digitgui.widgets`` and ``digitgui.app``
import this module first, so importing any widget (in the app or in a test) binds PySide6.
"""

from __future__ import annotations

import os
import sys

BINDING = "PySide6"

os.environ["PYQTGRAPH_QT_LIB"] = BINDING  # read by pyqtgraph.Qt when it is first imported
import PySide6.QtCore  # noqa: E402,F401  (imported first, so it is the binding already loaded)


def check_pyqtgraph_binding() -> None:
    """Raise RuntimeError if pyqtgraph was imported earlier with another binding."""
    qt = sys.modules.get("pyqtgraph.Qt")
    lib = getattr(qt, "QT_LIB", BINDING)
    if lib != BINDING:
        raise RuntimeError(
            f"pyqtgraph was imported with {lib} before digitgui could choose {BINDING}; "
            f"import digitgui first or set PYQTGRAPH_QT_LIB={BINDING}"
        )
