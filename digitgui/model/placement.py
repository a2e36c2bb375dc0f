"""New points on a fitted projection from plain arrays: what a child process sends back.

A projection fitted in a child process (see ``digitgui.workers.child_process``) cannot
send its scikit-learn estimator; it sends the arrays that place new points instead, and
these classes place them exactly as the estimator's ``transform`` would.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from sklearn.decomposition import PCA
from sklearn.manifold import Isomap

from digitgui.model.arrays import squared_distances


def placement_as_plain(fitted: Any) -> tuple | None:
    """The arrays that place new points like ``fitted`` (a PCA or Isomap), or None."""
    if fitted is None:
        return None
    if isinstance(fitted, PCA):
        if fitted.whiten:
            raise ValueError("a whitened PCA is not supported")
        return ("linear", np.asarray(fitted.mean_), np.asarray(fitted.components_))
    if isinstance(fitted, Isomap):
        kernel_pca = fitted.kernel_pca_
        centerer = kernel_pca._centerer  # noqa: SLF001 (its fitted row means are needed)
        eigenvalues = kernel_pca.eigenvalues_
        nonzero = np.flatnonzero(eigenvalues)
        alphas = np.zeros_like(kernel_pca.eigenvectors_)
        alphas[:, nonzero] = kernel_pca.eigenvectors_[:, nonzero] / np.sqrt(eigenvalues[nonzero])
        return (
            "isomap",
            np.asarray(fitted.nbrs_._fit_X, dtype=np.float64),  # noqa: SLF001
            int(fitted.n_neighbors),
            np.asarray(fitted.dist_matrix_, dtype=np.float64),
            alphas,
            np.asarray(centerer.K_fit_rows_, dtype=np.float64),
            float(centerer.K_fit_all_),
        )
    raise TypeError(f"cannot describe a fitted {type(fitted).__name__} as arrays")


def placement_from_plain(values: tuple | None) -> Any:
    """The placement object :func:`placement_as_plain` described, or None."""
    if values is None:
        return None
    kind, *arrays = values
    if kind == "linear":
        return LinearPlacement(*arrays)
    if kind == "isomap":
        return IsomapPlacement(*arrays)
    raise ValueError(f"unknown placement {kind!r}")


@dataclass(frozen=True, eq=False)
class LinearPlacement:
    """Places new points like a fitted (unwhitened) PCA: ``(X - mean) @ components.T``."""

    mean: np.ndarray
    components: np.ndarray

    def transform(self, X: np.ndarray) -> np.ndarray:
        return (np.asarray(X, dtype=np.float64) - self.mean) @ self.components.T


@dataclass(frozen=True, eq=False)
class IsomapPlacement:
    """Places new points like a fitted scikit-learn ``Isomap.transform``, from arrays.

    A new point is linked to its ``n_neighbors`` nearest training points; its geodesic
    distance to every training point goes through the nearest of them; the centred
    kernel of those distances is projected onto the embedding's scaled eigenvectors.
    """

    train: np.ndarray  # (n, d) the training samples
    n_neighbors: int
    geodesic: np.ndarray  # (n, n) shortest-path distances between training samples
    alphas: np.ndarray  # (n, 2) eigenvectors / sqrt(eigenvalues)
    fit_rows: np.ndarray  # (n,) row means of the training kernel
    fit_all: float  # mean of the training kernel

    def transform(self, X: np.ndarray) -> np.ndarray:
        X = np.atleast_2d(np.asarray(X, dtype=np.float64))
        distances = np.sqrt(squared_distances(X, self.train))
        k = min(self.n_neighbors, len(self.train))
        nearest = np.argpartition(distances, k - 1, axis=1)[:, :k]
        kernel = np.empty((len(X), len(self.train)))
        for row, (indices, d) in enumerate(zip(nearest, distances, strict=True)):
            kernel[row] = np.min(self.geodesic[indices] + d[indices][:, None], axis=0)
        kernel = -0.5 * kernel**2
        # Centred as scikit-learn's KernelCenterer does, with the training kernel's means.
        row_means = kernel.mean(axis=1, keepdims=True)
        kernel = kernel - self.fit_rows[None, :] - row_means + self.fit_all
        return kernel @ self.alphas
