"""Drawings of digits and scribbles, in screen coordinates (y down), for tests and figures.

``DRAWN_DIGITS`` holds one hand-made drawing of each digit in a 280×280 canvas, the way
a person drags a mouse: a few polylines, sampled densely. ``transform`` moves and scales
a drawing.

``generate_drawings`` makes many varied drawings from a seed: several ways of writing each
digit (one or more strokes), any size, width (wide or narrow), slant, rotation, position,
hand jitter, pen width and mouse sampling. ``generate_scribbles`` makes things that are no
digit (tangles, zigzags, hatching, spirals, stars, grids). Both are deterministic for a
seed, so the figures they give can be reproduced.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

Stroke = list[tuple[float, float]]


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


# -- digit shapes in unit coordinates: x about -0.6..0.6, y -1 (top) .. 1 (bottom) ----------
def _u_arc(cx, cy, rx, ry, start, end, n=48) -> np.ndarray:
    angles = np.radians(np.linspace(start, end, n))
    return np.column_stack([cx + rx * np.cos(angles), cy + ry * np.sin(angles)])


def _u_line(*points) -> np.ndarray:
    return np.asarray(points, dtype=np.float64)


def _join(*parts: np.ndarray) -> np.ndarray:
    return np.vstack(parts)


# Each digit: several ways people write it; each way is a list of strokes (pen down to up).
STYLES: dict[int, list[list[np.ndarray]]] = {
    0: [
        [_u_arc(0, 0, 0.5, 1.0, -90, 270, 80)],
        [_u_arc(0, 0, 0.45, 1.0, 250, -110, 80)],  # drawn the other way round
    ],
    1: [
        [_u_line((0.05, -1), (0.05, 1))],
        [_u_line((-0.3, -0.6), (0.1, -1), (0.1, 1))],
        [_u_line((-0.3, -0.6), (0.1, -1), (0.1, 1)), _u_line((-0.3, 1), (0.45, 1))],
    ],
    2: [
        [
            _join(
                _u_arc(0, -0.45, 0.5, 0.55, 200, 370, 40),
                _u_line((0.45, -0.3), (-0.5, 1), (0.55, 1)),
            )
        ],
        [
            _join(_u_arc(0, -0.5, 0.45, 0.5, 180, 360, 40), _u_line((0.45, -0.45), (-0.5, 1))),
            _u_line((-0.5, 1), (0.55, 1)),
        ],
    ],
    3: [
        [_join(_u_arc(0, -0.5, 0.45, 0.5, 210, 450, 40), _u_arc(0, 0.5, 0.5, 0.5, 270, 510, 40))],
        [
            _join(
                _u_line((-0.45, -1), (0.45, -1), (-0.05, -0.1)),
                _u_arc(0, 0.45, 0.5, 0.55, 270, 505, 40),
            )
        ],
    ],
    4: [
        [_u_line((0.25, -1), (-0.5, 0.35), (0.55, 0.35)), _u_line((0.25, -0.4), (0.25, 1))],
        [_u_line((0.3, 1), (0.3, -1), (-0.5, 0.35), (0.6, 0.35))],
        [_u_line((-0.35, -1), (-0.45, 0.2), (0.5, 0.2)), _u_line((0.3, -1), (0.3, 1))],
    ],
    5: [
        [
            _join(
                _u_line((0.45, -1), (-0.35, -1), (-0.4, -0.15)),
                _u_arc(0, 0.4, 0.48, 0.58, 225, 500, 40),
            )
        ],
        [
            _join(_u_line((-0.35, -1), (-0.4, -0.15)), _u_arc(0, 0.4, 0.48, 0.58, 225, 500, 40)),
            _u_line((-0.35, -1), (0.45, -1)),
        ],
    ],
    6: [
        [
            _join(
                _u_arc(0.45, 0.15, 0.85, 1.15, 240, 180, 20),
                _u_arc(0, 0.5, 0.42, 0.48, 180, 540, 50),
            )
        ],
        [_join(_u_line((0.3, -1), (-0.4, 0.3)), _u_arc(0, 0.5, 0.42, 0.48, 190, 545, 50))],
    ],
    7: [
        [_u_line((-0.5, -1), (0.5, -1), (-0.1, 1))],
        [_u_line((-0.5, -1), (0.5, -1), (-0.1, 1)), _u_line((-0.2, 0.05), (0.4, 0.05))],
        [_u_line((-0.5, -0.8), (-0.45, -1), (0.5, -1), (0.05, 1))],
    ],
    8: [
        [_join(_u_arc(0, -0.5, 0.38, 0.5, 90, 450, 50), _u_arc(0, 0.5, 0.45, 0.5, 270, 630, 50))],
        [
            _join(
                _u_arc(0, -0.5, 0.38, 0.5, 20, 270, 40),
                _u_line((-0.3, -0.2), (0.4, 0.25)),
                _u_arc(0, 0.5, 0.45, 0.5, -70, 250, 50),
                _u_line((-0.4, 0.25), (0.33, -0.25)),
            )
        ],
    ],
    9: [
        [_join(_u_arc(0, -0.5, 0.48, 0.5, 0, 360, 50), _u_line((0.48, -0.5), (0.4, 1)))],
        [
            _join(
                _u_arc(0, -0.5, 0.48, 0.5, -10, 350, 50),
                _u_arc(-0.45, -0.45, 0.93, 1.45, 0, 75, 20),
            )
        ],
        [_join(_u_arc(0, -0.55, 0.45, 0.45, 0, 360, 50), _u_line((0.45, -0.55), (0.0, 1)))],
    ],
}


@dataclass(frozen=True)
class GeneratedDrawing:
    """One generated drawing: ``digit`` (None for a scribble), strokes in canvas pixels."""

    digit: int | None
    strokes: list[Stroke]
    pen_width: float
    params: dict = field(default_factory=dict)


def generate_drawings(
    seed: int = 0,
    per_digit: int = 30,
    *,
    height: tuple[float, float] = (40.0, 260.0),
    width_factor: tuple[float, float] = (0.6, 1.7),
    slant: tuple[float, float] = (-0.35, 0.35),
    rotation_deg: tuple[float, float] = (-10.0, 10.0),
    jitter: tuple[float, float] = (0.0, 0.03),
    split_chance: float = 0.25,
    canvas: float = 400.0,
) -> list[GeneratedDrawing]:
    """``per_digit`` varied drawings of each digit 0–9, deterministic for ``seed``.

    Each drawing picks a style of its digit, a size (``height`` in pixels), a width factor
    (below 1 narrow, above 1 wide), a slant (x shear), a rotation, a place on the canvas,
    hand jitter (a fraction of the height, smooth plus per-point), extra pen lifts
    (``split_chance`` per stroke), a pen width and how densely the mouse reports moves.
    """
    rng = np.random.default_rng(seed)
    drawings = []
    for digit in range(10):
        for _ in range(per_digit):
            style = STYLES[digit][rng.integers(len(STYLES[digit]))]
            params = {
                "height": float(rng.uniform(*height)),
                "width_factor": float(np.exp(rng.uniform(*np.log(width_factor)))),
                "slant": float(rng.uniform(*slant)),
                "rotation_deg": float(rng.uniform(*rotation_deg)),
                "jitter": float(rng.uniform(*jitter)),
            }
            strokes = _place(rng, style, params, canvas, split_chance)
            pen = float(rng.uniform(4, 40))
            drawings.append(GeneratedDrawing(digit, strokes, pen, params))
    return drawings


def _place(rng, style, params, canvas, split_chance) -> list[Stroke]:
    half = params["height"] / 2
    angle = np.radians(params["rotation_deg"])
    rotate = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    shape = np.array([[params["width_factor"], -params["slant"]], [0.0, 1.0]])
    matrix = rotate @ shape * half
    reach = half * (params["width_factor"] * 0.6 + abs(params["slant"]) + 1.2)
    centre = rng.uniform(reach, max(reach + 1, canvas - reach), size=2)
    strokes = []
    for unit in style:
        points = _mouse_samples(rng, unit @ matrix.T + centre, spacing=rng.uniform(1, 8))
        if params["jitter"] > 0:
            points = points + _hand_noise(rng, len(points), params["jitter"] * half * 2)
        for piece in _split(rng, points, split_chance):
            strokes.append([(float(x), float(y)) for x, y in piece])
    return strokes


def _mouse_samples(rng, polyline: np.ndarray, spacing: float) -> np.ndarray:
    """Points along ``polyline`` about ``spacing`` pixels apart, irregularly, as a mouse."""
    steps = np.linalg.norm(np.diff(polyline, axis=0), axis=1)
    along = np.concatenate([[0.0], np.cumsum(steps)])
    total = along[-1]
    if total <= 0:
        return polyline[:1]
    count = max(2, int(total / spacing))
    marks = np.sort(rng.uniform(0, total, count - 2))
    marks = np.concatenate([[0.0], marks, [total]])
    return np.column_stack(
        [np.interp(marks, along, polyline[:, 0]), np.interp(marks, along, polyline[:, 1])]
    )


def _hand_noise(rng, count: int, amount: float) -> np.ndarray:
    """Smooth wobble plus a little per-point shake, about ``amount`` pixels."""
    if count < 2:
        return rng.normal(0, amount / 3, size=(count, 2))
    smooth = np.cumsum(rng.normal(0, 1, size=(count, 2)), axis=0)
    smooth -= np.linspace(smooth[0], smooth[-1], count)  # wobble, no drift at the ends
    scale = np.abs(smooth).max() or 1.0
    return smooth / scale * amount + rng.normal(0, amount / 6, size=(count, 2))


def _split(rng, points: np.ndarray, chance: float) -> list[np.ndarray]:
    """Lift the pen somewhere along the stroke now and then (people redraw, pause)."""
    if len(points) < 8 or rng.random() >= chance:
        return [points]
    cut = int(rng.integers(3, len(points) - 3))
    return [points[: cut + 1], points[cut:]]


# -- scribbles: not digits ----------------------------------------------------------------
SCRIBBLE_KINDS = ("tangle", "zigzag", "hatching", "spiral", "star", "grid", "loops", "walk")


def generate_scribbles(
    seed: int = 0, count: int = 200, canvas: float = 400.0
) -> list[GeneratedDrawing]:
    """``count`` scribbles, cycling through :data:`SCRIBBLE_KINDS`, deterministic for ``seed``."""
    rng = np.random.default_rng(seed)
    drawings = []
    for i in range(count):
        kind = SCRIBBLE_KINDS[i % len(SCRIBBLE_KINDS)]
        size = rng.uniform(60, 300)
        centre = rng.uniform(size / 2, canvas - size / 2, size=2)
        units = _SCRIBBLERS[kind](rng)
        strokes = []
        for unit in units:
            points = _mouse_samples(rng, unit * size / 2 + centre, spacing=rng.uniform(1, 6))
            strokes.append([(float(x), float(y)) for x, y in points])
        drawings.append(GeneratedDrawing(None, strokes, float(rng.uniform(4, 40)), {"kind": kind}))
    return drawings


def _tangle(rng):
    return [rng.uniform(-1, 1, size=(int(rng.integers(12, 40)), 2))]


def _zigzag(rng):
    teeth = int(rng.integers(4, 12))
    x = np.linspace(-1, 1, 2 * teeth + 1)
    y = np.where(np.arange(x.size) % 2, -1.0, 1.0) * rng.uniform(0.15, 0.6)
    return [np.column_stack([x, y])]


def _hatching(rng):
    lines = int(rng.integers(5, 12))
    tilt = rng.uniform(-0.5, 0.5)
    return [_u_line((-1, y - tilt), (1, y + tilt)) for y in np.linspace(-0.9, 0.9, lines)]


def _spiral(rng):
    turns = rng.uniform(2.5, 6)
    t = np.linspace(0, turns * 2 * np.pi, int(turns * 40))
    r = t / t[-1]
    return [np.column_stack([r * np.cos(t), r * np.sin(t)])]


def _star(rng):
    arms = int(rng.integers(3, 7))
    angles = np.linspace(0, np.pi, arms, endpoint=False) + rng.uniform(0, np.pi)
    return [_u_line((-np.cos(a), -np.sin(a)), (np.cos(a), np.sin(a))) for a in angles]


def _grid(rng):
    n = int(rng.integers(3, 6))
    ticks = np.linspace(-1, 1, n)
    return [_u_line((-1, t), (1, t)) for t in ticks] + [_u_line((t, -1), (t, 1)) for t in ticks]


def _loops(rng):
    loops = rng.uniform(4, 9)
    t = np.linspace(0, loops * 2 * np.pi, int(loops * 30))
    radius = rng.uniform(0.25, 0.5)
    x = np.linspace(-1 + radius, 1 - radius, t.size) + radius * np.cos(t)
    return [np.column_stack([x, radius * 1.6 * np.sin(t)])]


def _walk(rng):
    steps = rng.normal(0, 1, size=(int(rng.integers(150, 600)), 2))
    path = np.cumsum(steps, axis=0)
    path -= path.mean(axis=0)
    return [path / np.abs(path).max()]


_SCRIBBLERS = {
    "tangle": _tangle,
    "zigzag": _zigzag,
    "hatching": _hatching,
    "spiral": _spiral,
    "star": _star,
    "grid": _grid,
    "loops": _loops,
    "walk": _walk,
}
