"""Small helpers the pyqtgraph charts share."""

from __future__ import annotations

import pyqtgraph as pg


def integer_ticks(axis: pg.AxisItem, low: int, high: int) -> None:
    """Ticks on whole numbers only (about ten of them) between ``low`` and ``high``."""
    step = max(1, -(-(high - low) // 10))
    first = -(-low // step) * step
    axis.setTicks([[(v, str(v)) for v in range(first, high + 1, step)], []])
