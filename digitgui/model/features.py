"""Turn a drawing or a picture of a digit into the 64 features the digits data has.

The digits data set was made (UCI "Optical Recognition of Handwritten Digits") by
normalizing each scanned digit into a 32×32 binary bitmap and counting the on-pixels in
each 4×4 block, giving 8×8 values from 0 to 16.  What the 1797 images show, and what this
module reproduces (``tests/model/test_features_stats.py`` checks it against the data):

* the digit is cropped to its ink and scaled, keeping its shape, to the full height of
  the bitmap: every one of the 8 rows has ink;
* it is centred left to right and is never wider than :data:`BOX_WIDTH` pixels
  (the data's ink spans columns 1–6, 20–24 of 32 pixels);
* strokes are thick: about 30 % of the 1024 pixels are on (the 64 values sum to
  313 ± 35), whatever the digit, so the stroke weight is set to reach that much ink
  rather than taken from the pen or the picture.

Resizing a whole canvas to 8×8 gives thin, off-centre, faint digits from another
distribution; they land in the wrong clusters.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

GRID = 32  # side of the normalized bitmap
BLOCK = 4  # side of the counted blocks: GRID // BLOCK = 8 features a side
BOX_WIDTH = 24.0  # widest the ink may be, in bitmap pixels (columns 4..27)
TARGET_INK = 313  # on-pixels of an average data digit (sum of its 64 values)
MIN_HALF_WIDTH = 1.0  # thinnest stroke allowed: half-width in bitmap pixels
MAX_HALF_WIDTH = 4.0  # thickest stroke allowed
MIN_PICTURE_SIDE = 48  # smaller pictures are smoothed up to this before thresholding

Point = tuple[float, float]


class EmptyDrawingError(ValueError):
    """There is no ink to classify."""


def features_from_strokes(strokes: Sequence[Sequence[Point]], pen_width: float = 1.0) -> np.ndarray:
    """The 64 features (values 0..16) of a digit drawn as polylines.

    Parameters
    ----------
    strokes : polylines, each a sequence of (x, y) points in any canvas coordinates
        (y grows downwards, as on screen). A one-point stroke is a dot.
    pen_width : width of the pen in the same units. Only used when the drawing has no
        extent (a single dot); the stroke weight of the features follows the data.

    Raises
    ------
    EmptyDrawingError
        When there is no point at all.
    """
    lines = _polylines(strokes)
    if not lines:
        raise EmptyDrawingError("the drawing is empty: draw a digit first")
    every = np.concatenate(lines)
    low = every.min(axis=0)
    extent = every.max(axis=0) - low
    if not extent.any():
        extent = np.array([pen_width, pen_width], dtype=np.float64)
    spacing = extent.max() / GRID  # about one bitmap pixel
    segments = _segments([_decimate(points, spacing) for points in lines])
    half = 2.5
    for _ in range(2):  # the margin depends on the stroke weight and vice versa
        mapped = _fit_into_box(segments, low, extent, margin=half)
        distance = _distance_to_segments(mapped)
        half = _half_width_for_ink(distance)
    return _block_counts(distance <= half)


def features_from_image(image: np.ndarray) -> np.ndarray:
    """The 64 features (values 0..16) of a picture of one digit.

    Parameters
    ----------
    image : 2-D array, ink as high values (for dark ink on white paper pass
        :func:`ink_from_picture` of the picture). Any size and value range.

    Raises
    ------
    EmptyDrawingError
        When the image has no ink (it is blank or uniform).
    ValueError
        When ``image`` is not a 2-D array of numbers.
    """
    from scipy import ndimage  # only pictures need it; drawing stays import-light

    image = np.asarray(image, dtype=np.float64)
    if image.ndim != 2 or min(image.shape) < 1:
        raise ValueError(f"expected a 2-D grey image, got shape {image.shape}")
    if not np.isfinite(image).all():
        raise ValueError("the image contains NaN or infinite values")
    if max(image.shape) < MIN_PICTURE_SIDE:
        # Small pictures (the data's own 8×8, icons): smooth them up before thresholding,
        # so grey edge pixels keep their share of the ink.
        factor = int(np.ceil(MIN_PICTURE_SIDE / max(image.shape)))
        image = ndimage.zoom(np.pad(image, 1, constant_values=image.min()), factor, order=1)
    mask = _ink_mask(image)
    if not mask.any():
        raise EmptyDrawingError("the image has no ink")
    rows, cols = np.nonzero(mask)
    mask = mask[rows.min() : rows.max() + 1, cols.min() : cols.max() + 1]
    # Signed distance to the ink edge, in source pixels: negative inside the ink.
    outside = ndimage.distance_transform_edt(~np.pad(mask, 1))
    inside = ndimage.distance_transform_edt(np.pad(mask, 1))
    signed = (outside - inside)[1:-1, 1:-1]
    height, width = mask.shape
    scale = min(GRID / height, BOX_WIDTH / width)
    centres = np.arange(GRID) + 0.5
    offset_x = (GRID - width * scale) / 2
    offset_y = (GRID - height * scale) / 2
    src_y = (centres - offset_y) / scale - 0.5
    src_x = (centres - offset_x) / scale - 0.5
    yy, xx = np.meshgrid(src_y, src_x, indexing="ij")
    field = ndimage.map_coordinates(signed, [yy, xx], order=1, mode="nearest") * scale
    # Outside the crop the nearest-edge sample underestimates the distance: push it out.
    outside_crop = (yy < -0.5) | (yy > height - 0.5) | (xx < -0.5) | (xx > width - 0.5)
    field[outside_crop] = np.maximum(field[outside_crop], scale)
    threshold = _threshold_for_ink(field, low=-1.0, high=MAX_HALF_WIDTH - 1.0)
    return _block_counts(field <= threshold)


def ink_from_picture(picture: np.ndarray) -> np.ndarray:
    """Grey picture → ink as high values, inverting dark-on-light pictures.

    The border decides: a picture whose border is brighter than its average is taken
    to be dark ink on light paper and inverted.
    """
    picture = np.asarray(picture, dtype=np.float64)
    border = np.concatenate([picture[0], picture[-1], picture[:, 0], picture[:, -1]])
    if border.mean() > picture.mean():
        return picture.max() - picture
    return picture - picture.min()


def _ink_mask(image: np.ndarray) -> np.ndarray:
    """Binary ink: above the midpoint between the darkest and brightest value."""
    low, high = float(image.min()), float(image.max())
    if high - low <= 1e-12:
        return np.zeros(image.shape, dtype=bool)
    return image > low + 0.5 * (high - low)


def _polylines(strokes: Sequence[Sequence[Point]]) -> list[np.ndarray]:
    """The non-empty strokes as (p, 2) float arrays."""
    lines = []
    for stroke in strokes:
        points = np.asarray(stroke, dtype=np.float64).reshape(-1, 2)
        if len(points) == 0:
            continue
        if not np.isfinite(points).all():
            raise ValueError("stroke coordinates must be finite numbers")
        lines.append(points)
    return lines


def _segments(lines: list[np.ndarray]) -> np.ndarray:
    """Polylines as an (m, 2, 2) array of segments; a one-point line is a zero-length one."""
    pieces = []
    for points in lines:
        if len(points) == 1:
            points = np.vstack([points, points])
        pieces.append(np.stack([points[:-1], points[1:]], axis=1))
    return np.concatenate(pieces)


def _decimate(points: np.ndarray, spacing: float) -> np.ndarray:
    """Drop points closer than ``spacing`` to the last kept one (a mouse reports many
    tiny moves); the first and last points stay. Moves the line by under ``spacing``."""
    if spacing <= 0 or len(points) < 3:
        return points
    kept = [points[0]]
    for point in points[1:-1]:
        if abs(point[0] - kept[-1][0]) + abs(point[1] - kept[-1][1]) >= spacing:
            kept.append(point)
    kept.append(points[-1])
    return np.asarray(kept)


def _fit_into_box(
    segments: np.ndarray, low: np.ndarray, extent: np.ndarray, margin: float
) -> np.ndarray:
    """Scale the stroke centre lines, keeping their shape, into the data's digit box."""
    usable = np.array([BOX_WIDTH - 2 * margin, GRID - 2 * margin])
    with np.errstate(divide="ignore"):
        scale = np.min(np.where(extent > 0, usable / np.maximum(extent, 1e-300), np.inf))
    centred = (segments - (low + extent / 2)) * scale
    return centred + GRID / 2


def _distance_to_segments(segments: np.ndarray) -> np.ndarray:
    """(GRID, GRID) distance from each pixel centre to the nearest segment."""
    centres = np.arange(GRID) + 0.5
    px = np.tile(centres, GRID)[:, None]  # x of every pixel, row by row
    py = np.repeat(centres, GRID)[:, None]
    x0, y0 = segments[:, 0, 0][None], segments[:, 0, 1][None]
    dx, dy = segments[:, 1, 0] - segments[:, 0, 0], segments[:, 1, 1] - segments[:, 0, 1]
    length2 = dx * dx + dy * dy
    inverse = np.divide(1.0, length2, out=np.zeros_like(length2), where=length2 > 0)
    t = np.clip(((px - x0) * dx + (py - y0) * dy) * inverse, 0.0, 1.0)
    gap_x = px - x0 - t * dx
    gap_y = py - y0 - t * dy
    return np.sqrt((gap_x * gap_x + gap_y * gap_y).min(axis=1)).reshape(GRID, GRID)


def _half_width_for_ink(distance: np.ndarray) -> float:
    return _threshold_for_ink(distance, low=MIN_HALF_WIDTH, high=MAX_HALF_WIDTH)


def _threshold_for_ink(field: np.ndarray, low: float, high: float) -> float:
    """Threshold on ``field`` that turns on about TARGET_INK pixels, kept in [low, high]."""
    ordered = np.sort(field, axis=None)
    return float(np.clip(ordered[TARGET_INK - 1], low, high))


def _block_counts(bitmap: np.ndarray) -> np.ndarray:
    """Count on-pixels in each 4×4 block of a 32×32 bitmap: 64 values in 0..16."""
    side = GRID // BLOCK
    blocks = bitmap.reshape(side, BLOCK, side, BLOCK)
    return blocks.sum(axis=(1, 3)).astype(np.float64).reshape(-1)
