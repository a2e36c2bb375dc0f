"""features_from_strokes takes anything and either answers or raises ValueError."""

from __future__ import annotations

import math

import numpy as np
import pytest

from digitgui.model import EmptyDrawingError, features_from_strokes

BAD_INPUTS = [
    ([[(5.0, 5.0)]], float("nan")),
    ([[(5.0, 5.0)]], 0.0),
    ([[(5.0, 5.0)]], -3.0),
    ([[(5.0, 5.0)]], float("inf")),
    ([[(5.0, 5.0)]], "12"),
    ([[(5.0, 5.0)]], None),
    ([[(5.0, 5.0)]], [1, 2]),
    ([[(5.0, 5.0)]], 10**400),
    ([[(1.7e308, 0.0), (-1.7e308, 0.0)]], 5.0),
    ([[(0.0, 1.7e308)], [(0.0, -1.7e308)]], 5.0),
    ([[(float("nan"), 1.0), (2.0, 3.0)]], 5.0),
    ([[(float("inf"), 1.0)]], 5.0),
    ([[1.0, 2.0, 3.0]], 5.0),
    ([[(1.0, 2.0, 3.0)]], 5.0),
    ([[(1.0, 2.0), (3.0,)]], 5.0),
    ([[[(1.0, 2.0)]]], 5.0),
    ([(1.0, 2.0)], 5.0),
    ("strokes", 5.0),
    (["ab", "cd"], 5.0),
    ([[("a", "b")]], 5.0),
    ([[(1j, 2.0)]], 5.0),
    ([[(10**400, 1.0)]], 5.0),
    ([[None]], 5.0),
    ([None], 5.0),
    (None, 5.0),
    (42, 5.0),
    ([[{"x": 1}]], 5.0),
    ([[(object(), 1.0)]], 5.0),
]


@pytest.mark.parametrize("strokes, pen_width", BAD_INPUTS)
def test_malformed_input_raises_value_error(strokes, pen_width):
    with pytest.raises(ValueError):
        features_from_strokes(strokes, pen_width)


def test_empty_drawing_error_is_a_value_error():
    assert issubclass(EmptyDrawingError, ValueError)


def _random_junk(rng: np.random.Generator, depth: int = 0):
    """Random nested junk: numbers of every size, non-finite values, text, None, lists."""
    kind = rng.integers(9 if depth < 3 else 5)
    if kind == 0:
        return float(rng.choice([0.0, -0.0, 1e-320, 1e308, -1.7e308, math.nan, math.inf]))
    if kind == 1:
        return float(rng.normal(0, 10 ** rng.integers(0, 12)))
    if kind == 2:
        return int(rng.integers(-(10**6), 10**6)) * int(rng.choice([1, 10**300 // 10**6]))
    if kind == 3:
        return rng.choice(["", "x", "1.5", None, True, b"\x00"])
    if kind == 4:
        return (float(rng.normal()), float(rng.normal()))
    return [_random_junk(rng, depth + 1) for _ in range(rng.integers(0, 5))]


def test_fuzz_only_value_error_or_a_valid_answer():
    rng = np.random.default_rng(2026)
    answered = 0
    for _ in range(3000):
        strokes = _random_junk(rng)
        pen = _random_junk(rng) if rng.random() < 0.3 else float(rng.uniform(0.5, 40))
        try:
            features = features_from_strokes(strokes, pen)
        except ValueError:
            continue
        answered += 1
        assert features.shape == (64,)
        assert np.isfinite(features).all() and features.min() >= 0 and features.max() <= 16
        assert features.sum() > 0, "a drawing that is answered is never silently blank"
    assert answered > 0


def test_fuzz_valid_drawings_at_every_scale():
    rng = np.random.default_rng(7)
    for _ in range(300):
        scale = 10.0 ** rng.uniform(-300, 300)
        offset = rng.normal(0, 1, size=2) * 10.0 ** rng.uniform(-300, 300)
        strokes = [
            rng.normal(0, 1, size=(int(rng.integers(1, 30)), 2)) * scale + offset
            for _ in range(int(rng.integers(1, 4)))
        ]
        try:
            features = features_from_strokes(strokes, float(rng.uniform(0.1, 40)))
        except ValueError as exc:  # only coordinates too far apart to subtract
            assert "too far apart" in str(exc)
            continue
        assert features.sum() > 0 and np.isfinite(features).all()
