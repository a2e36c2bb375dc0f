"""Per-sample silhouette computed in slices of rows, with a cancel point between slices.

``sklearn.metrics.silhouette_samples`` gets its distances from
``pairwise_distances_chunked`` with a working memory of 1 GB: 10,000 samples are a single
slice, 2–3 s of BLAS with no way to stop. This is the same computation (the same
distances function, the same per-row sums in the same order) in slices of at most
:data:`SLICE_MIB`, polling ``should_stop`` between them. Data whose distance matrix fits
one slice (the digits: 26 MB) gives bit-identical values.
"""

from __future__ import annotations

import numpy as np

from digitgui.model.jobs import StopFn, check_cancel

#: At most this many MiB of distances per slice (about 0.1–0.3 s of work at 10,000 rows).
SLICE_MIB = 64


def silhouette_samples_stoppable(
    data: np.ndarray, labels: np.ndarray, should_stop: StopFn | None = None
) -> np.ndarray:
    """Silhouette coefficient of every sample (Euclidean), as scikit-learn computes it.

    The caller has checked that there are 2 … n − 1 distinct labels. Raises
    ``FitCancelled`` when ``should_stop()`` turns true between slices.
    """
    from sklearn.metrics import pairwise_distances_chunked

    data = np.asarray(data, dtype=np.float64)
    _, labels = np.unique(np.asarray(labels), return_inverse=True)  # 0 … m − 1, none empty
    label_freqs = np.bincount(labels)
    intra_parts, inter_parts = [], []
    check_cancel(should_stop)
    for intra, inter in pairwise_distances_chunked(
        data,
        reduce_func=lambda chunk, start: _reduce(chunk, start, labels, label_freqs),
        working_memory=SLICE_MIB,
    ):
        intra_parts.append(intra)
        inter_parts.append(inter)
        check_cancel(should_stop)
    intra_dists = np.concatenate(intra_parts)
    inter_dists = np.concatenate(inter_parts)
    denom = (label_freqs - 1).take(labels, mode="clip")
    with np.errstate(divide="ignore", invalid="ignore"):
        intra_dists /= denom
    values = inter_dists - intra_dists
    with np.errstate(divide="ignore", invalid="ignore"):
        values /= np.maximum(intra_dists, inter_dists)
    return np.nan_to_num(values)  # a sample alone in its cluster scores 0


def _reduce(
    chunk: np.ndarray, start: int, labels: np.ndarray, label_freqs: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """For rows ``start …`` of the distance matrix: the summed distance to the own
    cluster, and the smallest mean distance to another cluster."""
    rows = chunk.shape[0]
    sums = np.zeros((rows, len(label_freqs)), dtype=chunk.dtype)
    for i in range(rows):
        sums[i] += np.bincount(labels, weights=chunk[i], minlength=len(label_freqs))
    own = (np.arange(rows), labels[start : start + rows])
    intra = sums[own]
    sums[own] = np.inf
    sums /= label_freqs
    return intra, sums.min(axis=1)
