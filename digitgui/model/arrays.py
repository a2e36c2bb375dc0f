"""Small array helpers the model layer shares."""

from __future__ import annotations

import numpy as np


def read_only(array: np.ndarray, dtype: np.dtype | type | None = None) -> np.ndarray:
    """A read-only, C-contiguous copy of ``array`` (the caller's own array stays writable).

    An array that is already read-only and contiguous in the wanted dtype is returned as
    it is, so freezing a frozen result costs nothing.
    """
    array = np.asarray(array, dtype=dtype)
    if not array.flags.writeable and array.flags.c_contiguous:
        return array
    frozen = np.array(array, order="C", copy=True)
    frozen.setflags(write=False)
    return frozen


def squared_distances(X: np.ndarray, centres: np.ndarray) -> np.ndarray:
    """Squared Euclidean distance of each row of ``X`` to each centre, (m, k), never < 0.

    Expanded as ``|x|² - 2 x·c + |c|²`` (one matrix product), as scikit-learn does.
    """
    squared = (
        np.einsum("ij,ij->i", X, X)[:, None]
        - 2.0 * X @ centres.T
        + np.einsum("ij,ij->i", centres, centres)[None, :]
    )
    return np.maximum(squared, 0.0)


def sum_of_squares(gaps: np.ndarray) -> float:
    """Sum of the squared entries of ``gaps`` (the inertia of ``data - centres[labels]``)."""
    return float(np.einsum("ij,ij->", gaps, gaps))


def cluster_sums(X: np.ndarray, labels: np.ndarray, n_clusters: int) -> np.ndarray:
    """Sum of the rows of ``X`` (n, d) in each cluster, (n_clusters, d).

    Bit for bit what ``np.add.at(sums, labels, X)`` gives (each column is summed in sample
    order), but one ``np.bincount`` per column: ``np.add.at`` holds the GIL for its whole
    run (half a second at 70,000 × 784), which froze the GUI thread while a worker ran it.
    """
    sums = np.empty((n_clusters, X.shape[1]), dtype=np.float64)
    for column in range(X.shape[1]):
        sums[:, column] = np.bincount(labels, weights=X[:, column], minlength=n_clusters)
    return sums


def all_rows_equal(data: np.ndarray) -> bool:
    """True when every row of ``data`` (n, d) is the same (no variance to find).

    PCA of such data divides zero by zero (NaN explained variance, a RuntimeWarning
    on stderr) and whitening turns rounding noise into clusters.
    """
    data = np.asarray(data)
    if len(data) == 0:
        return False
    flat = data.reshape(len(data), -1)
    return bool(np.all(flat == flat[0]))
