"""Colours shared by every view, so a cluster has the same colour everywhere."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QColor

# A qualitative palette readable on white (Tableau 10 order, then 10 more muted tones).
_HEX = (
    "#4e79a7 #f28e2b #e15759 #76b7b2 #59a14f #edc948 #b07aa1 #ff9da7 #9c755f #bab0ac "
    "#1f77b4 #ff7f0e #2ca02c #d62728 #9467bd #8c564b #e377c2 #7f7f7f #bcbd22 #17becf"
).split()


def cluster_color(cluster: int) -> QColor:
    """The colour of ``cluster`` (cycles after 20)."""
    return QColor(_HEX[cluster % len(_HEX)])


def cluster_hex(cluster: int) -> str:
    return _HEX[cluster % len(_HEX)]


# The nine anchor colours of the ColorBrewer "Blues" scale, light to dark.
_BLUES = np.array(
    [
        [int(h[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        for h in "#f7fbff #deebf7 #c6dbef #9ecae1 #6baed6 #4292c6 #2171b5 #08519c #08306b".split()
    ]
)


def blues(share: float) -> tuple[float, float, float]:
    """The "Blues" scale at ``share`` (0 light … 1 dark), as RGB floats in 0..1."""
    position = float(np.clip(share, 0.0, 1.0)) * (len(_BLUES) - 1)
    low = int(np.floor(position))
    high = min(low + 1, len(_BLUES) - 1)
    mix = position - low
    red, green, blue = _BLUES[low] * (1 - mix) + _BLUES[high] * mix
    return float(red), float(green), float(blue)


#: How a measured curve is drawn in the exploration plots (line with dots), and the colour
#: of what is marked on it (the current step, the best k).
CURVE_STYLE = dict(
    pen=pg.mkPen("#1f77b4", width=2),
    symbol="o",
    symbolSize=6,
    symbolBrush="#1f77b4",
    symbolPen=None,
)
MARK_COLOR = "#d62728"
