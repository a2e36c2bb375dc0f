"""Widgets: one per file. They take data in and emit intent out; they never fit."""

# Every widget module imports pyqtgraph or Qt: bind PySide6 first (see digitgui/_qt.py).
import digitgui._qt  # noqa: E402,F401
