"""Colours shared by every view, so a cluster has the same colour everywhere."""

from __future__ import annotations

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
