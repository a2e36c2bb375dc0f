"""Small helpers the pyqtgraph charts share."""

from __future__ import annotations

import inspect

import pyqtgraph as pg


def integer_ticks(axis: pg.AxisItem, low: int, high: int) -> None:
    """Ticks on whole numbers only (about ten of them) between ``low`` and ``high``."""
    step = max(1, -(-(high - low) // 10))
    first = -(-low // step) * step
    axis.setTicks([[(v, str(v)) for v in range(first, high + 1, step)], []])


#: pyqtgraph 0.14's colour bar offers a menu to change its colour map (not ours to
#: change); 0.13, the declared floor, has no such menu nor the keyword.
NO_MAP_MENU = (
    {"colorMapMenu": False}
    if "colorMapMenu" in inspect.signature(pg.ColorBarItem.__init__).parameters
    else {}
)
