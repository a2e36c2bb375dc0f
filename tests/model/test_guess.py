"""guess_digit agrees with scikit-learn's k-NN; typicality separates data from scribbles."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.neighbors import KNeighborsClassifier

from digitgui.model import features_from_strokes, guess_digit, typicality
from digitgui.model.guess import UNLIKE_THRESHOLD, NeighbourIndex, get_index
from tests.model.drawn_digits import generate_drawings, generate_scribbles


def test_guess_agrees_with_kneighbors_classifier_leaving_the_image_out(digits):
    data, target = digits.data, digits.target
    for i in range(0, digits.n_samples, 30):  # 60 images (a k-NN fit each)
        rest = np.delete(np.arange(digits.n_samples), i)
        knn = KNeighborsClassifier(n_neighbors=5).fit(data[rest], target[rest])
        guess = guess_digit(data[rest], target[rest], data[i], neighbours=5)
        assert guess.digit == knn.predict(data[i : i + 1])[0], i
        assert guess[0] == guess.digit
        assert sum(guess.votes.values()) == 5
        assert guess.count == max(guess.votes.values())


def test_guess_votes_and_neighbours(digits):
    guess = guess_digit(digits.data, digits.target, digits.data[0], neighbours=7)
    assert guess.neighbours[0] == 0 and guess.distances[0] == 0
    assert list(guess.distances) == sorted(guess.distances)
    assert list(guess.votes.values()) == sorted(guess.votes.values(), reverse=True)
    counts = np.bincount(digits.target[guess.neighbours], minlength=10)
    assert all(counts[label] == n for label, n in guess.votes.items())


def test_guess_without_labels_or_with_bad_input(digits):
    with pytest.raises(ValueError, match="no labels"):
        guess_digit(digits.data, None, digits.data[0])
    with pytest.raises(ValueError, match="features"):
        guess_digit(digits.data, digits.target, np.zeros(10))
    with pytest.raises(ValueError, match="NaN"):
        guess_digit(digits.data, digits.target, np.full(64, np.nan))
    with pytest.raises(ValueError, match="labels for"):
        guess_digit(digits.data, digits.target[:-1], digits.data[0])


def test_typicality_is_about_one_for_data_and_monotone_in_distance(digits):
    index = get_index(digits.data)
    loo = index.leave_one_out_typicality()
    assert np.median(loo) == pytest.approx(1.0)
    # Further along a ray away from the data: never less unusual.
    start = digits.data[5]
    direction = np.random.default_rng(0).normal(size=64)
    values = [typicality(digits.data, start + t * direction) for t in np.linspace(0, 20, 30)]
    assert values[0] == 0.0
    assert all(b >= a - 1e-12 for a, b in zip(values, values[1:], strict=False))
    # In proportion to the distance to the nearest sample.
    far = start + 1000 * direction
    nearest = np.sqrt(index.squared_distances(far).min())
    assert typicality(digits.data, far) == pytest.approx(nearest / index.scale)


def test_threshold_from_the_data_and_scribbles(digits):
    index = get_index(digits.data)
    loo = index.leave_one_out_typicality()
    assert np.mean(loo > UNLIKE_THRESHOLD) <= 0.01, "at most 1 % of data images cross it"
    scribbles = generate_scribbles(seed=99, count=80)
    unusual = [
        index.typicality(features_from_strokes(s.strokes, s.pen_width)) > UNLIKE_THRESHOLD
        for s in scribbles
    ]
    assert np.mean(unusual) >= 0.75, "most scribbles are flagged"
    drawings = generate_drawings(seed=99, per_digit=8, slant=(-0.15, 0.15), jitter=(0, 0.015))
    flagged = [
        index.typicality(features_from_strokes(d.strokes, d.pen_width)) > UNLIKE_THRESHOLD
        for d in drawings
    ]
    assert np.mean(flagged) <= 0.15, "few ordinary drawn digits are flagged"


def test_generated_drawings_are_mostly_guessed_right(digits):
    drawings = generate_drawings(seed=5, per_digit=10, width_factor=(0.8, 1.3), jitter=(0, 0.015))
    right = [
        guess_digit(digits.data, digits.target, features_from_strokes(d.strokes, d.pen_width)).digit
        == d.digit
        for d in drawings
    ]
    assert np.mean(right) >= 0.8


def test_cache_follows_the_array_content():
    rng = np.random.default_rng(1)
    data = rng.normal(size=(50, 4))
    first = get_index(data)
    assert get_index(data) is first
    assert get_index(data.copy()) is first  # same content
    data[0] += 100.0  # changed in place: a stale index would be wrong
    second = get_index(data)
    assert second is not first
    assert np.array_equal(second.data, data)
    assert not first.data.flags.writeable


def test_index_of_duplicates_and_tiny_data():
    assert NeighbourIndex(np.zeros((3, 2))).scale == 1.0
    assert NeighbourIndex(np.ones((1, 2))).typicality(np.ones(2)) == 0.0
    with pytest.raises(ValueError):
        NeighbourIndex(np.zeros((0, 2)))
