"""What the views are given: ready-to-draw inputs computed once, with the result, in the worker.

Every array that grows with the data set is computed here, so that a widget only indexes
it (one sample, one cluster's slice, one page of thumbnails) and never reduces, sorts or
compares over all samples on the GUI thread. :class:`ClusterViews` is built by
:func:`~digitgui.model.clustering.cluster_dataset` and
:func:`~digitgui.model.clustering.restore_clustering` (both run in a worker) and carried by
the :class:`~digitgui.model.clustering.Clustering` as ``clustering.views``;
:class:`SilhouetteBands` is built by the silhouette job.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from digitgui.model.dataset import Dataset
from digitgui.model.kmeans import ClusteringResult
from digitgui.model.metrics import Evaluation, cluster_means

#: Distances of samples to their own centre are computed this many rows at a time.
_CHUNK = 8_192


def _read_only(array: np.ndarray) -> np.ndarray:
    array.setflags(write=False)
    return array


def _frozen(array: np.ndarray) -> np.ndarray:
    """``array`` made contiguous (copied only if it is not) and read-only."""
    return _read_only(np.ascontiguousarray(array))


def _centre_images(centres: np.ndarray, side: int | None) -> np.ndarray:
    assert side is not None  # only called for data that are square pictures
    return _read_only(np.array(centres).reshape(len(centres), side, side))


def _frozen_or_none(array: np.ndarray | None) -> np.ndarray | None:
    return None if array is None else _frozen(array)


def group_by(classes: np.ndarray, n_groups: int) -> tuple[np.ndarray, np.ndarray]:
    """Rows of ``classes`` (n,) grouped by class in a stable order, and where each starts.

    Returns ``(order, starts)``: the rows of class ``c`` are ``order[starts[c]:starts[c+1]]``,
    in their original order; ``starts`` has ``n_groups + 1`` entries.
    """
    classes = np.asarray(classes, dtype=np.int64)
    order = np.argsort(classes, kind="stable")
    starts = np.zeros(n_groups + 1, dtype=np.int64)
    np.cumsum(np.bincount(classes, minlength=n_groups)[:n_groups], out=starts[1:])
    return order, starts


@dataclass(frozen=True, eq=False)
class ClusterViews:
    """Ready-to-draw inputs of the cluster views (gallery, members, projection colours).

    Per cluster (k rows)
    --------------------
    sizes : (k,) samples per cluster.
    digits : (k,) majority true digit (-1 for an empty cluster), or None without labels.
    purity : (k,) share of the majority digit, or None.
    centres : (k, d) each centre in the data's own features: the centroids when KMeans ran
        on raw pixels, else the mean of the cluster's members.
    centre_images : (k, side, side) ``centres`` as pictures, or None when samples are no
        square pictures.
    centroids : (k, d') the centroids in the fitted space (pictured as bar strips when the
        samples are no pictures).
    centres_are_means : True when ``centres`` are member means (not the centroids).

    Per sample (n rows; only ever indexed by the views)
    ---------------------------------------------------
    member_order : (n,) sample indices grouped by cluster, nearest to the centre first:
        cluster ``c`` is ``member_order[member_starts[c]:member_starts[c + 1]]``.
    member_starts : (k + 1,)
    member_distances : (n,) distance to the centre, aligned with ``member_order``.
    member_mismatch : (n,) True where the true digit is not the cluster's majority digit,
        aligned with ``member_order``; None without labels.
    mismatch_counts : (k,) how many members of each cluster are not its majority digit.
    labels : (n,) cluster of each sample.
    target : (n,) true digit of each sample, or None.
    digit_order, digit_starts : samples grouped by true digit (as ``member_order``), or None.
    pictures : (n, side, side) the samples as pictures, or (n, d) their features; a
        reference to the data set's own array, read one sample at a time.

    Display scales
    --------------
    picture_range : (lo, hi) of ``pictures``: white to black for thumbnails and centres.
    centroid_range : (lo, hi) of the fitted features: white to black for centroid strips.
    """

    sizes: np.ndarray
    digits: np.ndarray | None
    purity: np.ndarray | None
    centres: np.ndarray
    centre_images: np.ndarray | None
    centroids: np.ndarray
    centres_are_means: bool
    member_order: np.ndarray
    member_starts: np.ndarray
    member_distances: np.ndarray
    member_mismatch: np.ndarray | None
    mismatch_counts: np.ndarray | None
    labels: np.ndarray
    target: np.ndarray | None
    digit_order: np.ndarray | None
    digit_starts: np.ndarray | None
    pictures: np.ndarray
    picture_range: tuple[float, float]
    centroid_range: tuple[float, float]

    @property
    def n_clusters(self) -> int:
        return int(len(self.sizes))

    @property
    def n_samples(self) -> int:
        return int(len(self.member_order))

    @property
    def has_pictures(self) -> bool:
        return self.centre_images is not None

    def members(self, cluster: int) -> np.ndarray:
        """Sample indices of ``cluster``, nearest to its centre first (a read-only view)."""
        return self.member_order[self.member_starts[cluster] : self.member_starts[cluster + 1]]

    def member_slice(self, cluster: int) -> slice:
        """Where ``cluster``'s members are in the per-member arrays."""
        return slice(int(self.member_starts[cluster]), int(self.member_starts[cluster + 1]))


def cluster_views(
    dataset: Dataset,
    features: np.ndarray,
    result: ClusteringResult,
    evaluation: Evaluation,
    raw_space: bool,
) -> ClusterViews:
    """Everything the cluster views draw, for one fit. Runs in the worker thread.

    ``features`` is the data in the fitted space (what KMeans saw) and ``raw_space`` says
    whether that space is the data's own features (then the centroids are the centres).
    """
    labels, k = result.labels, result.n_clusters
    centres = result.centroids if raw_space else cluster_means(dataset.data, labels, k)
    side = dataset.image_side
    pictured = side is not None and dataset.n_features == side * side
    pictures = dataset.images if dataset.images is not None else dataset.data
    distances = _own_centre_distances(features, result, labels)
    # By cluster, then nearest first; equal distances keep the sample order.
    order = np.lexsort((distances, labels))
    starts = group_by(labels, k)[1]
    mismatch = mismatch_counts = digit_order = digit_starts = None
    digits, target = evaluation.cluster_digits, dataset.target
    if digits is not None and target is not None:
        mismatch = target[order] != digits[labels[order]]
        mismatch_counts = _read_only(np.bincount(labels[order][mismatch], minlength=k))
    if target is not None and target.min() >= 0:  # true digits colour the projection
        digit_order, digit_starts = group_by(target, int(target.max()) + 1)
    order, starts = _frozen(order), _frozen(starts)
    member_distances = _frozen(distances[order])
    mismatch, digit_order, digit_starts = map(
        _frozen_or_none, (mismatch, digit_order, digit_starts)
    )
    return ClusterViews(
        sizes=evaluation.cluster_sizes,
        digits=digits,
        purity=evaluation.cluster_purity,
        centres=_read_only(np.array(centres, dtype=np.float64)),
        centre_images=_centre_images(centres, side) if pictured else None,
        centroids=result.centroids,
        centres_are_means=not raw_space,
        member_order=order,
        member_starts=starts,
        member_distances=member_distances,
        member_mismatch=mismatch,
        mismatch_counts=mismatch_counts,
        labels=labels,
        target=target,
        digit_order=digit_order,
        digit_starts=digit_starts,
        pictures=pictures,
        picture_range=(float(pictures.min()), float(pictures.max())),
        centroid_range=(float(features.min()), float(features.max())),
    )


def _own_centre_distances(
    features: np.ndarray, result: ClusteringResult, labels: np.ndarray
) -> np.ndarray:
    """Distance of every sample to its own centroid, (n,), a chunk of rows at a time
    (``result.distances``, the same numbers the members view showed before)."""
    out = np.empty(len(labels))
    for start in range(0, len(labels), _CHUNK):
        rows = slice(start, start + _CHUNK)
        out[rows] = result.distances(features[rows])[np.arange(len(out[rows])), labels[rows]]
    return out


@dataclass(frozen=True, eq=False)
class SilhouetteBands:
    """The silhouette plot, ready to draw: one band per cluster, values sorted in each.

    Attributes
    ----------
    values : (m,) silhouette values grouped by cluster, widest first in each group.
    starts : (k + 1,) band ``c`` is ``values[starts[c]:starts[c + 1]]``.
    outlines : per cluster, the (x, y) vertices of the band's outline: one bar a row
        from 0 to the value, rows 0, 1, 2, ... from the top of the band (y down).
    mean : mean silhouette of the ``m`` samples.
    low : the smallest value (0 when there is none).
    note : a sentence for the user (e.g. that a subsample was used), or "".
    """

    values: np.ndarray
    starts: np.ndarray
    outlines: tuple[tuple[np.ndarray, np.ndarray], ...]
    mean: float
    low: float
    note: str = ""

    @property
    def n_clusters(self) -> int:
        return int(len(self.starts) - 1)

    @property
    def n_samples(self) -> int:
        return int(len(self.values))

    def band(self, cluster: int) -> np.ndarray:
        return self.values[self.starts[cluster] : self.starts[cluster + 1]]


def silhouette_bands(
    values: np.ndarray, labels: np.ndarray, n_clusters: int, note: str = ""
) -> SilhouetteBands:
    """Group silhouette ``values`` (m,) of samples in clusters ``labels`` (m,) into bands,
    each sorted from the largest value down. Runs in the worker thread."""
    values = np.asarray(values, dtype=np.float64)
    labels = np.asarray(labels, dtype=np.int64)
    n_clusters = max(n_clusters, int(labels.max()) + 1 if len(labels) else 0)
    order = np.lexsort((-values, labels))
    starts = np.zeros(n_clusters + 1, dtype=np.int64)
    np.cumsum(np.bincount(labels, minlength=n_clusters), out=starts[1:])
    grouped = _read_only(np.ascontiguousarray(values[order]))
    outlines = tuple(
        band_outline(grouped[a:b]) for a, b in zip(starts[:-1], starts[1:], strict=True)
    )
    mean = float(values.mean()) if len(values) else 0.0
    low = float(values.min()) if len(values) else 0.0
    return SilhouetteBands(grouped, _read_only(starts), outlines, mean, low, note)


def band_outline(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Vertices (x, y) of the polygon covering one bar per value: row i spans y from i to
    i + 1 and x from min(value, 0) to max(value, 0). Down the right edges, up the left."""
    rows = np.arange(len(values), dtype=np.float64)
    y = np.repeat(rows, 2) + np.tile([0.0, 1.0], len(values))
    right = np.repeat(np.maximum(values, 0.0), 2)
    left = np.repeat(np.minimum(values, 0.0), 2)
    x = np.concatenate([right, left[::-1]])
    y = np.concatenate([y, y[::-1]])
    return _read_only(x), _read_only(y)
