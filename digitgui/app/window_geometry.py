"""Where the main window goes: a size that fits the screen, docks sized for the window.

Pure geometry on QRect/QSize (no widgets), so it can be tested without a screen.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize

DEFAULT_SIZE = QSize(1400, 900)
PARAMS_WIDTH = 290  # the left column: parameters over metrics
NARROW_DRAW_WIDTH = 340  # draw dock with the answer under the canvas
WIDE_WINDOW = 1200  # from this window width on, the answer goes beside the canvas
WIDE_DRAW_SHARE = 0.44
WIDE_DRAW_MAX = 640


def first_start_size(available: QRect, frame_margins: QSize | None = None) -> QSize:
    """The window size of a first start: the default, shrunk to the available screen.

    ``frame_margins`` is what the window manager adds around the window (title bar,
    borders), when known.
    """
    room = available.size() - (frame_margins or QSize(0, 0))
    return DEFAULT_SIZE.boundedTo(room)


def fit_rect(frame: QRect, available: QRect) -> QRect:
    """``frame`` moved (and shrunk, if it must be) so that it lies inside ``available``."""
    size = frame.size().boundedTo(available.size())
    x = min(max(frame.x(), available.left()), available.right() - size.width() + 1)
    y = min(max(frame.y(), available.top()), available.bottom() - size.height() + 1)
    return QRect(QPoint(x, y), size)


def centred(size: QSize, available: QRect) -> QRect:
    """A rectangle of ``size`` in the middle of ``available``."""
    rect = QRect(QPoint(0, 0), size)
    rect.moveCenter(available.center())
    return fit_rect(rect, available)


def dock_widths(window_width: int, params_width: int = PARAMS_WIDTH) -> tuple[int, int]:
    """(left column, draw dock) widths for a window ``window_width`` wide.

    The left column gets ``params_width`` (the parameters' own minimum), at least
    :data:`PARAMS_WIDTH`.
    Narrow windows put the answer under the canvas (a narrow draw dock leaves the centroid
    gallery room); wide ones give the draw dock room to show the answer beside the canvas.
    """
    left = max(PARAMS_WIDTH, params_width + 4)
    if window_width < WIDE_WINDOW:
        return left, NARROW_DRAW_WIDTH
    return left, min(WIDE_DRAW_MAX, int(window_width * WIDE_DRAW_SHARE))
