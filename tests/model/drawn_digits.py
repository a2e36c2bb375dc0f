"""Hand-made stroke drawings of the ten digits, in screen coordinates (y down).

Each digit is drawn the way a person drags a mouse: a few polylines, sampled densely,
in a 280×280 canvas. ``transform`` moves and scales a drawing so tests can check that
position and size do not change the features.
"""

from __future__ import annotations

import numpy as np


def _arc(cx, cy, rx, ry, start_deg, end_deg, n=40):
    angles = np.radians(np.linspace(start_deg, end_deg, n))
    return [(cx + rx * np.cos(a), cy + ry * np.sin(a)) for a in angles]


def _line(points, n=20):
    out = []
    for (x0, y0), (x1, y1) in zip(points[:-1], points[1:], strict=True):
        for t in np.linspace(0, 1, n, endpoint=False):
            out.append((x0 + t * (x1 - x0), y0 + t * (y1 - y0)))
    out.append(points[-1])
    return out


DRAWN_DIGITS: dict[int, list[list[tuple[float, float]]]] = {
    0: [_arc(140, 140, 55, 90, 0, 360, 80)],
    1: [_line([(115, 80), (150, 50), (150, 230)])],
    2: [_arc(140, 100, 55, 50, 200, 360, 40) + _line([(195, 100), (85, 230), (200, 230)])],
    3: [_arc(135, 95, 55, 45, 210, 450, 40) + _arc(135, 185, 60, 45, 270, 510, 40)],
    4: [_line([(170, 50), (80, 170), (210, 170)]), _line([(170, 100), (170, 235)])],
    5: [_line([(195, 50), (100, 50), (92, 125)]) + _arc(135, 170, 65, 55, 225, 490, 40)],
    6: [_arc(175, 150, 75, 100, 240, 180, 20) + _arc(140, 190, 42, 42, 180, 540, 50)],
    7: [_line([(80, 50), (200, 50), (120, 235)])],
    8: [_arc(140, 95, 38, 45, 90, 450, 50) + _arc(140, 185, 44, 48, 270, 630, 50)],
    9: [_arc(140, 95, 55, 45, 0, 360, 50) + _line([(195, 95), (180, 235)])],
}


def transform(strokes, scale=1.0, dx=0.0, dy=0.0):
    """The same drawing scaled about the origin and moved."""
    return [[(x * scale + dx, y * scale + dy) for x, y in s] for s in strokes]
