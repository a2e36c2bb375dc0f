"""Drawings and pictures become features from the data's own distribution."""

import numpy as np
import pytest

from digitgui.model import (
    EmptyDrawingError,
    features_from_image,
    features_from_strokes,
    ink_from_picture,
)
from tests.model.drawn_digits import DRAWN_DIGITS, generate_drawings, transform


@pytest.fixture(scope="module")
def data_stats(digits):
    images = digits.images
    cols = images.sum(axis=1) > 0
    first = cols.argmax(axis=1)
    last = 7 - cols[:, ::-1].argmax(axis=1)
    total = digits.data.sum(axis=1)
    return {
        "rows_all_inked": (images.sum(axis=2) > 0).all(),
        "first_col": (first.min(), np.percentile(first, 99)),
        "last_col": (np.percentile(last, 1), last.max()),
        "total": (total.mean(), total.std()),
    }


@pytest.mark.parametrize("digit", range(10))
def test_drawn_digit_matches_the_data_statistics(digit, data_stats):
    features = features_from_strokes(DRAWN_DIGITS[digit], pen_width=12)
    image = features.reshape(8, 8)
    assert data_stats["rows_all_inked"]
    assert (image.sum(axis=1) > 0).all(), "every row of a data digit has ink"
    inked_cols = np.nonzero(image.sum(axis=0))[0]
    assert inked_cols.min() >= data_stats["first_col"][0]
    assert inked_cols.max() <= data_stats["last_col"][1]
    mean, std = data_stats["total"]
    assert abs(features.sum() - mean) <= 2 * std
    assert features.min() >= 0 and features.max() <= 16
    assert np.array_equal(features, np.round(features))


def test_drawn_digits_look_like_their_digit_in_the_data(digits):
    # Nearest training images by the model's own distance: most drawn digits find their digit.
    correct = 0
    for digit, strokes in DRAWN_DIGITS.items():
        features = features_from_strokes(strokes, pen_width=12)
        nearest = np.argsort(((digits.data - features) ** 2).sum(axis=1))[:5]
        correct += np.bincount(digits.target[nearest], minlength=10).argmax() == digit
    assert correct >= 9


@pytest.mark.parametrize("scale, dx, dy", [(0.25, 0, 0), (3.0, 40, -900), (0.5, 800, 600)])
def test_size_and_position_do_not_change_the_cluster(default_fit, scale, dx, dy):
    for strokes in DRAWN_DIGITS.values():
        reference = features_from_strokes(strokes, 12)
        moved = features_from_strokes(transform(strokes, scale, dx, dy), 12 * scale)
        # Only sub-pixel rounding may differ: a few on-pixels out of about 313.
        assert np.abs(moved - reference).sum() <= 8
        nearest_two = np.sort(default_fit.distances(reference[None])[0])[:2]
        if nearest_two[1] - nearest_two[0] > 1.0:  # not a near-tie between two clusters
            assert default_fit.predict(moved[None]) == default_fit.predict(reference[None])


def test_empty_drawing_is_reported_not_assigned():
    with pytest.raises(EmptyDrawingError):
        features_from_strokes([], pen_width=10)
    with pytest.raises(EmptyDrawingError):
        features_from_strokes([[], []], pen_width=10)
    with pytest.raises(EmptyDrawingError):
        features_from_image(np.zeros((28, 28)))


def test_single_dot_and_straight_lines_do_not_crash():
    dot = features_from_strokes([[(5.0, 5.0)]], pen_width=8)
    assert dot.sum() > 0
    bar = features_from_strokes([[(0.0, 10.0), (100.0, 10.0)]], pen_width=8)
    assert bar.sum() > 0
    stick = features_from_strokes([[(10.0, 0.0), (10.0, 100.0)]], pen_width=8)
    assert (stick.reshape(8, 8).sum(axis=1) > 0).all()


def test_data_images_keep_their_cluster_through_the_image_path(digits, default_fit):
    features = np.array([features_from_image(image) for image in digits.images[::3]])
    same = np.mean(default_fit.predict(features) == default_fit.labels[::3])
    assert same > 0.85


def test_large_picture_of_a_drawn_digit(default_fit):
    # Render a drawn 7 as a 200×200 anti-aliased-free picture, dark ink on white paper.
    yy, xx = np.mgrid[0:280, 0:280]
    picture = np.full((280, 280), 255.0)
    for stroke in DRAWN_DIGITS[7]:
        for x, y in stroke:
            picture[(xx - x) ** 2 + (yy - y) ** 2 <= 36] = 0.0
    features = features_from_image(ink_from_picture(picture))
    strokes = features_from_strokes(DRAWN_DIGITS[7], pen_width=12)
    assert default_fit.predict(features[None]) == default_fit.predict(strokes[None])


def test_ink_from_picture_inverts_dark_on_light_only():
    light_paper = np.full((10, 10), 200.0)
    light_paper[3:7, 3:7] = 10.0
    ink = ink_from_picture(light_paper)
    assert ink[5, 5] > ink[0, 0]
    dark_paper = 200.0 - light_paper
    assert ink_from_picture(dark_paper)[5, 5] > ink_from_picture(dark_paper)[0, 0]


def test_bad_image_input():
    with pytest.raises(ValueError, match="2-D"):
        features_from_image(np.zeros((4, 4, 3)))
    with pytest.raises(ValueError, match="NaN"):
        features_from_image(np.array([[0.0, np.nan], [1.0, 2.0]]))


def test_a_wide_drawing_fills_all_rows_and_is_squeezed_to_the_box():
    # A wide zigzag (4:1) and a wide digit: full height always, width within the data's box.
    zigzag = [[(0.0, 0.0), (100.0, 50.0), (200.0, 0.0), (300.0, 50.0), (400.0, 0.0)]]
    wide_zero = [transform_wide(DRAWN_DIGITS[0], 4.0)[0]]
    for strokes in (zigzag, wide_zero):
        image = features_from_strokes(strokes, pen_width=10).reshape(8, 8)
        assert (image.sum(axis=1) > 0).all(), "every row has ink"
        inked = np.nonzero(image.sum(axis=0))[0]
        assert inked.min() >= 1 and inked.max() <= 6, "the width is squeezed into columns 1–6"


def test_a_tall_drawing_keeps_its_shape():
    # A narrow 1 (within the box's ratio) is scaled, keeping its shape: not widened to the
    # box, and a 1.5× wider drawing of it gives visibly wider ink.
    def spread(features):
        mass = features.reshape(8, 8).sum(axis=0)
        cols = np.arange(8)
        mean = (mass * cols).sum() / mass.sum()
        return np.sqrt((mass * (cols - mean) ** 2).sum() / mass.sum())

    one = features_from_strokes(DRAWN_DIGITS[1], pen_width=12)
    wider = features_from_strokes(transform_wide(DRAWN_DIGITS[1], 1.5), pen_width=12)
    assert (one.reshape(8, 8).sum(axis=1) > 0).all()
    assert np.count_nonzero(one.reshape(8, 8).sum(axis=0)) <= 4
    assert spread(wider) > spread(one)


def test_wide_picture_fills_all_rows():
    picture = np.zeros((40, 200))
    picture[5:35, 10:20] = 1.0
    picture[5:15, 10:190] = 1.0
    picture[25:35, 180:190] = 1.0
    image = features_from_image(picture).reshape(8, 8)
    assert (image.sum(axis=1) > 0).all()
    inked = np.nonzero(image.sum(axis=0))[0]
    assert inked.min() >= 1 and inked.max() <= 6


def test_generated_drawings_match_the_data_statistics(digits):
    drawings = generate_drawings(seed=11, per_digit=8)
    features = np.array([features_from_strokes(d.strokes, d.pen_width) for d in drawings])
    images = features.reshape(-1, 8, 8)
    assert (images.sum(axis=2) > 0).all(), "every drawing fills all 8 rows, as every data image"
    cols = images.sum(axis=1) > 0
    assert not cols[:, 0].any() and not cols[:, 7].any(), "ink stays in columns 1–6"
    totals = features.sum(axis=1)
    data_totals = digits.data.sum(axis=1)
    assert abs(np.median(totals) - np.median(data_totals)) < data_totals.std()


def test_very_long_strokes_are_cheap_in_memory_and_keep_the_shape():
    # 100,000 points of a mouse-like walk (the old code built a 1024 × 100,000 table).
    rng = np.random.default_rng(3)
    walk = np.cumsum(rng.normal(0, 3, size=(100_000, 2)), axis=0)
    features = features_from_strokes([walk], pen_width=10)
    assert features.shape == (64,) and 0 < features.sum() <= 64 * 16
    # Resampling a densely sampled stroke gives the same features as a sparse one.
    dense = [np.array(DRAWN_DIGITS[3][0])]
    fine = [
        np.vstack(
            [
                np.linspace(a, b, 50, endpoint=False)
                for a, b in zip(dense[0][:-1], dense[0][1:], strict=True)
            ]
            + [dense[0][-1:]]
        )
    ]
    # (a quarter-pixel lattice: a few percent of the ~313 on-pixels may flip)
    assert np.abs(features_from_strokes(fine, 12) - features_from_strokes(dense, 12)).sum() <= 24


def transform_wide(strokes, factor):
    return [[(x * factor, y) for x, y in s] for s in strokes]
