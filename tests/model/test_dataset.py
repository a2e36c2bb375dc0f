"""The bundled digits: read straight from scikit-learn's file, equal to load_digits()."""

import numpy as np
import pytest
from sklearn.datasets import load_digits

from digitgui.model import Dataset, load_digits_dataset


def test_digits_equal_scikit_learns_loader():
    ours, theirs = load_digits_dataset(), load_digits()
    np.testing.assert_array_equal(ours.data, theirs.data)
    np.testing.assert_array_equal(ours.images, theirs.images)
    np.testing.assert_array_equal(ours.target, theirs.target)
    assert ours.data.shape == (1797, 64) and ours.image_side == 8


def test_dataset_arrays_are_read_only_and_checked():
    dataset = load_digits_dataset()
    with pytest.raises(ValueError):
        dataset.data[0, 0] = 1.0
    with pytest.raises(ValueError, match="one label per sample"):
        Dataset(np.zeros((3, 4)), None, np.zeros(2), "bad")
    with pytest.raises(ValueError, match="non-empty 2-D"):
        Dataset(np.zeros((0, 4)), None, None, "empty")


def test_dataset_keeps_a_frozen_copy_and_leaves_the_callers_array_writable():
    data = np.arange(12, dtype=np.float64).reshape(3, 4)
    dataset = Dataset(data=data, images=None, target=None, name="toy")
    assert data.flags.writeable
    data[0, 0] = 99.0
    assert dataset.data[0, 0] == 0.0
    with pytest.raises(ValueError):
        dataset.data[0, 0] = 1.0
