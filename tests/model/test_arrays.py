"""The model layer's shared array helpers."""

import numpy as np
import pytest

from digitgui.model.arrays import cluster_sums, read_only, squared_distances, sum_of_squares


@pytest.mark.parametrize(("n", "d", "k"), [(1797, 64, 10), (3000, 784, 30), (5, 3, 8)])
def test_cluster_sums_equal_add_at_bit_for_bit(n, d, k):
    rng = np.random.default_rng(n)
    X = rng.random((n, d)) * 16
    labels = rng.integers(0, k, n)
    expected = np.zeros((k, d))
    np.add.at(expected, labels, X)
    np.testing.assert_array_equal(cluster_sums(X, labels, k), expected)


def test_read_only_copies_a_writable_array_and_keeps_a_frozen_one():
    data = np.arange(6.0).reshape(2, 3)
    frozen = read_only(data)
    assert data.flags.writeable and not frozen.flags.writeable
    assert frozen is not data and read_only(frozen) is frozen


def test_squared_distances_and_sum_of_squares():
    rng = np.random.default_rng(1)
    X, C = rng.random((7, 4)), rng.random((3, 4))
    expected = ((X[:, None, :] - C[None, :, :]) ** 2).sum(axis=2)
    np.testing.assert_allclose(squared_distances(X, C), expected, atol=1e-12)
    assert sum_of_squares(X - C[[0] * 7]) == pytest.approx(expected[:, 0].sum())
