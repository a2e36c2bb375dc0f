"""Turn a drawing or a picture of a digit into the 64 features the digits data has.

The digits data set was made (UCI "Optical Recognition of Handwritten Digits") by
normalizing each scanned digit into a 32×32 binary bitmap and counting the on-pixels in
each 4×4 block, giving 8×8 values from 0 to 16.  What the 1797 images show, and what this
module reproduces (``tests/model/test_features.py`` checks it against the data):

* the digit is cropped to its ink and scaled to the full height of the bitmap, always:
  every one of the 8 rows of all 1797 images has ink;
* it keeps its shape when that fits, and is centred left to right; a digit that would
  then be wider than :data:`BOX_WIDTH` pixels is squeezed to that width (only the width:
  the data's ink spans columns 1–6, 20–24 of 32 pixels, even for wide digits); a
  narrow drawing is not widened: the data's stick 1s stay 2–4 columns wide, and
  widening rules measured by ``python -m tests.model.feature_study`` helped the
  guess a few points but cost the 1s 25–35 points of the cluster answer;
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
FINE = 4  # lattice cells a bitmap pixel, a side, where stroke centre lines are resampled
SEARCH = MAX_HALF_WIDTH + 0.5  # distances beyond this (bitmap pixels) are never needed
SAMPLES_PER_CHUNK = 200_000  # bounds the memory of resampling a very long stroke

Point = tuple[float, float]


class EmptyDrawingError(ValueError):
    """There is no ink to classify."""


def features_from_strokes(strokes: Sequence[Sequence[Point]], pen_width: float = 1.0) -> np.ndarray:
    """The 64 features (values 0..16) of a digit drawn as polylines.

    The cost is linear in the number of points and bounded in memory, whatever the
    strokes: the centre lines are resampled onto a fine lattice of the 32×32 bitmap
    (:data:`FINE` cells a pixel) and distances are measured from that lattice.

    Parameters
    ----------
    strokes : polylines, each a sequence of (x, y) points in any canvas coordinates
        (y grows downwards, as on screen). A one-point stroke is a dot.
    pen_width : width of the pen in the same units, a finite number > 0. Only used when
        the drawing has no extent (a single dot); the stroke weight of the features
        follows the data.

    Raises
    ------
    EmptyDrawingError
        When there is no point at all.
    ValueError
        For anything that is not a drawing: strokes that are not sequences of (x, y)
        pairs of real numbers, non-finite or absurdly far apart coordinates, a pen width
        that is not a finite number > 0. Never another exception type.
    """
    pen_width = _pen_width(pen_width)
    lines = _polylines(strokes)
    if not lines:
        raise EmptyDrawingError("the drawing is empty: draw a digit first")
    lines, extent = _normalized(lines)
    margin = 2.5
    for _ in range(2):  # the margin depends on the stroke weight and vice versa
        mapped = [_fit_into_box(points, extent, margin=margin) for points in lines]
        distance = _distance_to_lines(mapped)
        half = _half_width_for_ink(distance)
        if abs(half - margin) < 0.25:  # a quarter pixel of margin changes nothing visible
            break
        margin = half
    return _block_counts(distance <= half)


def check_strokes(strokes: Sequence[Sequence[Point]], pen_width: float = 1.0) -> list[np.ndarray]:
    """Raise what :func:`features_from_strokes` raises for these strokes, without
    measuring them: microseconds instead of milliseconds (stored drawings are checked
    this way when they are read, thousands at a time). Returns the non-empty strokes as
    (p, 2) float arrays."""
    _pen_width(pen_width)
    lines = _polylines(strokes)
    if not lines:
        raise EmptyDrawingError("the drawing is empty: draw a digit first")
    _normalized(lines)
    return lines


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
    margin = 0.0
    for _ in range(2):  # the margin keeps the thickened ink inside the box, as for strokes
        field = _picture_field(ndimage, signed, margin)
        threshold = _threshold_for_ink(field, low=-1.0, high=MAX_HALF_WIDTH - 1.0)
        if threshold <= margin + 0.25:
            break
        margin = threshold
    return _block_counts(field <= threshold)


def _picture_field(ndimage, signed: np.ndarray, margin: float) -> np.ndarray:
    """The signed distance to the ink, mapped into the digit box less ``margin`` pixels:
    full height always; the width keeps the shape unless that is wider than the box."""
    height, width = signed.shape
    scale_y = (GRID - 2 * margin) / height
    scale_x = _width_scale(scale_y, width, BOX_WIDTH - 2 * margin)
    centres = np.arange(GRID) + 0.5
    src_y = (centres - margin) / scale_y - 0.5
    src_x = (centres - (GRID - width * scale_x) / 2) / scale_x - 0.5
    yy, xx = np.meshgrid(src_y, src_x, indexing="ij")
    # Distances shrink by between scale_x and scale_y; their geometric mean is used (the
    # threshold adapts to the data's ink anyway, so only its bounds depend on it).
    scale = float(np.sqrt(scale_x * scale_y))
    field = ndimage.map_coordinates(signed, [yy, xx], order=1, mode="nearest") * scale
    # Outside the crop the nearest-edge sample underestimates the distance: it is at least
    # the distance to the crop's edge (in bitmap pixels).
    beyond_x = np.maximum(np.maximum(-0.5 - xx, xx - (width - 0.5)), 0.0) * scale_x
    beyond_y = np.maximum(np.maximum(-0.5 - yy, yy - (height - 0.5)), 0.0) * scale_y
    return np.maximum(field, np.hypot(beyond_x, beyond_y))


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


def _pen_width(pen_width: object) -> float:
    if isinstance(pen_width, (str, bytes)):
        raise ValueError(f"the pen width must be a number, got {pen_width!r}")
    try:
        width = float(pen_width)  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):
        raise ValueError(f"the pen width must be a number, got {pen_width!r}") from None
    if not (np.isfinite(width) and width > 0):
        raise ValueError(f"the pen width must be a finite number above 0, got {width}")
    return width


def _polylines(strokes: object) -> list[np.ndarray]:
    """The non-empty strokes as (p, 2) float arrays; ValueError for anything else."""
    if isinstance(strokes, (str, bytes)) or not hasattr(strokes, "__iter__"):
        raise ValueError("strokes must be a list of strokes, each a list of (x, y) points")
    lines = []
    try:
        for stroke in strokes:
            if isinstance(stroke, (str, bytes)):
                raise ValueError("a stroke is a list of (x, y) points, not text")
            with np.errstate(all="ignore"):
                points = np.asarray(stroke, dtype=np.float64)
            if points.size == 0:
                continue
            if points.ndim != 2 or points.shape[1] != 2:
                raise ValueError(f"a stroke must be (x, y) points; got shape {points.shape}")
            if not np.isfinite(points).all():
                raise ValueError("stroke coordinates must be finite numbers")
            lines.append(points)
    except (TypeError, OverflowError, RecursionError, AttributeError) as exc:
        raise ValueError(f"strokes must be lists of (x, y) numbers: {exc}") from None
    return lines


def _normalized(lines: list[np.ndarray]) -> tuple[list[np.ndarray], np.ndarray]:
    """The drawing moved to its centre and divided by its larger side (a unit box), and
    the extent of each axis in those units (0 for a flat axis; 1, 1 for a dot)."""
    low = np.min([points.min(axis=0) for points in lines], axis=0)
    high = np.max([points.max(axis=0) for points in lines], axis=0)
    with np.errstate(over="ignore"):
        extent = high - low
    if not np.isfinite(extent).all():
        raise ValueError("the stroke coordinates are too far apart to be one drawing")
    centre = low + extent / 2
    size = float(extent.max())
    magnitude = float(np.abs(np.concatenate([low, high])).max())
    if size <= magnitude * 1e-12 or size == 0.0:  # a dot, up to rounding
        return [np.zeros((1, 2))], np.ones(2)
    unit = [(points - centre) / size for points in lines]
    extent = extent / size
    extent[extent < 1e-9] = 0.0  # flat: a straight horizontal or vertical line
    return unit, extent


def _fit_into_box(points: np.ndarray, extent: np.ndarray, margin: float) -> np.ndarray:
    """Scale centred unit-box points into the digit box: full height, width squeezed
    only when it would be wider than the box (see the module docstring)."""
    usable_x, usable_y = BOX_WIDTH - 2 * margin, GRID - 2 * margin
    width, height = extent
    if height > 0:
        scale_y = usable_y / height
        scale_x = _width_scale(scale_y, width, usable_x) if width > 0 else scale_y
    else:  # a horizontal line: it cannot fill the height
        scale_x = scale_y = usable_x / width
    return points * np.array([scale_x, scale_y]) + GRID / 2


def _width_scale(scale_y: float, width: float, usable: float) -> float:
    """The x scale of a drawing ``width`` wide (> 0) whose height is scaled by
    ``scale_y``: the same scale (its shape kept) unless :func:`_target_width` says
    otherwise."""
    natural = width * scale_y
    target = _target_width(natural, usable)
    return scale_y if target == natural else target / width


def _target_width(natural: float, usable: float) -> float:
    """Width in bitmap pixels of a drawing ``natural`` pixels wide at full height, in a
    box ``usable`` pixels wide: kept, or squeezed to the box when wider.

    Widening narrow drawings (a minimum width, a fixed width, a power law) was measured
    and rejected: ``python -m tests.model.feature_study`` prints the figures."""
    return min(natural, usable)


def _distance_to_lines(lines: list[np.ndarray]) -> np.ndarray:
    """(GRID, GRID) distance from each pixel centre to the nearest point of the lines,
    exact up to the lattice (1 / FINE pixel) and up to SEARCH pixels; beyond, inf."""
    occupied = np.zeros((GRID * FINE, GRID * FINE), dtype=bool)
    for points in lines:
        _rasterize(occupied, points)
    return _lattice_distance(occupied)


def _rasterize(occupied: np.ndarray, points: np.ndarray) -> None:
    """Mark the lattice cells the polyline passes through (a chunk of segments at a time)."""
    side = occupied.shape[0]
    if len(points) == 1:
        points = np.vstack([points, points])
    starts, ends = points[:-1], points[1:]
    lengths = np.hypot(*(ends - starts).T)
    counts = np.ceil(lengths * FINE).astype(np.int64) + 1  # a sample per lattice cell
    first = 0
    while first < len(counts):  # chunks of at most SAMPLES_PER_CHUNK samples
        totals = np.cumsum(counts[first:])
        last = first + max(1, int(np.searchsorted(totals, SAMPLES_PER_CHUNK, side="right")))
        chunk = slice(first, last)
        each = counts[chunk]
        segment = np.repeat(np.arange(len(each)), each)
        step = np.arange(segment.size) - np.repeat(np.cumsum(each) - each, each)
        t = step / np.maximum(each - 1, 1)[segment]
        a, b = starts[chunk][segment], ends[chunk][segment]
        samples = a + (b - a) * t[:, None]
        cells = np.clip((samples * FINE).astype(np.int64), 0, side - 1)
        occupied[cells[:, 1], cells[:, 0]] = True
        first = last


def _lattice_distance(occupied: np.ndarray) -> np.ndarray:
    """Distance from each pixel centre to the nearest occupied lattice cell centre, up to
    SEARCH pixels (beyond: inf), in two separable passes (squared distances add): along
    each lattice row by running scans, then across rows in a window of ±SEARCH pixels."""
    side = occupied.shape[1]
    cells = np.arange(side)
    far = 4 * side  # a cell index no window reaches
    left = np.maximum.accumulate(np.where(occupied, cells, -far), axis=1)
    right = np.minimum.accumulate(np.where(occupied, cells, far)[:, ::-1], axis=1)[:, ::-1]
    # A pixel centre sits on the boundary between lattice cells FINE*j + FINE/2 - 1 and
    # FINE*j + FINE/2, at lattice coordinate FINE*j + FINE/2.
    centre = FINE * np.arange(GRID) + FINE // 2
    gap = np.minimum(centre - 0.5 - left[:, centre - 1], right[:, centre] + 0.5 - centre) / FINE
    across = gap * gap  # (lattice rows, GRID): squared distance within each lattice row
    reach = int(np.ceil(SEARCH * FINE)) + 1  # lattice rows each side of a pixel centre
    offsets = (np.arange(2 * reach) - reach + 0.5) / FINE  # row centre − pixel centre
    pad = reach - FINE // 2
    padded = np.pad(across, ((pad, pad), (0, 0)), constant_values=np.inf)
    windows = np.lib.stride_tricks.sliding_window_view(padded, 2 * reach, axis=0)[::FINE]
    squared = (windows + offsets * offsets).min(axis=2)
    squared[squared > SEARCH * SEARCH] = np.inf
    return np.sqrt(squared)


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
