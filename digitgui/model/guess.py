"""The best honest answer the data can give about one new sample: its nearest neighbours.

KMeans names a drawing's cluster, and a cluster's majority digit is the answer the app
teaches; but a cluster mixes digits. Here a sample gets two more answers:

* :func:`guess_digit`: the digit most of its ``neighbours`` nearest data images carry
  (the same vote as scikit-learn's ``KNeighborsClassifier`` with uniform weights);
* :func:`typicality`: how far it is from the nearest data image, in units of how far a
  typical data image is from *its* nearest neighbour (the median, leave-one-out), so
  1.0 means "as close to the data as the data is to itself" and large means "unlike
  anything in the data".

Both search the data by brute force (one matrix–vector product; about 0.1 ms on the
1797 digits). The only costly part, the typical nearest-neighbour distance of the data
itself, is computed once per data array and cached (:class:`NeighbourIndex`).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import NamedTuple

import numpy as np

from digitgui.model.jobs import StopFn, check_cancel

UNLIKE_THRESHOLD = 2.0  # typicality above this: "unlike the digits in the data"
# Chosen from measurements on the 1797 digits (tests/model/test_guess.py checks both
# sides): no data image is this far from the other images (leave-one-out typicality:
# median 1.0, 99th percentile 1.65, maximum 1.99), while 83 % of 400 generated scribbles
# are. The data's own 99th percentile (1.65) would also flag 40 % of 1000 varied generated
# drawings of real digits (11 % of mildly varied ones); 2.0 flags 14.5 % (3 %), and the
# guess is right for only 43 % of the flagged ones, against 78 % of the others.
SCALE_SAMPLE = 2000  # data images used to measure the typical neighbour distance
CHUNK_CELLS = 2_000_000  # distances per block when measuring it (bounded memory, cancel points)
_CACHE_SIZE = 2


class DigitGuess(NamedTuple):
    """A nearest-neighbour vote. ``digit`` (also ``guess[0]``) is the winning label.

    Attributes
    ----------
    digit : the label with the most votes (ties go to the smallest label, as in
        scikit-learn).
    votes : label -> number of neighbours with it, most votes first.
    neighbours : indices of the nearest data samples, nearest first.
    distances : their Euclidean distances to the sample.
    """

    digit: int
    votes: dict[int, int]
    neighbours: np.ndarray
    distances: np.ndarray

    @property
    def count(self) -> int:  # type: ignore[override]  # public name; hides tuple.count on purpose
        """Number of neighbours that voted for ``digit``."""
        return self.votes[self.digit]


class NeighbourIndex:
    """Brute-force nearest-neighbour search over one data array, with its typical scale.

    Parameters
    ----------
    data : (n, d) samples. A private read-only copy is kept, so later changes to the
        caller's array cannot make the index disagree with it.
    """

    def __init__(self, data: np.ndarray) -> None:
        data = _as_matrix(data)
        self.data = np.array(data, dtype=np.float64, copy=True)
        self.data.setflags(write=False)
        self._norms = np.einsum("ij,ij->i", self.data, self.data)
        self._scale: float | None = None
        self._lock = threading.Lock()

    @property
    def scale(self) -> float:
        """Median distance from a data sample to its nearest other sample (> 0)."""
        return self.prepare()

    def prepare(self, should_stop: StopFn | None = None) -> float:
        """Measure :attr:`scale` now (the costly part, O(n²·d) up to a sample); a worker
        calls this with ``should_stop`` (raises FitCancelled when asked to stop)."""
        with self._lock:
            if self._scale is None:
                self._scale = _typical_neighbour_distance(self.data, self._norms, should_stop)
            return self._scale

    def squared_distances(self, sample: np.ndarray) -> np.ndarray:
        """(n,) squared Euclidean distances from one sample to every data sample."""
        sample = _as_sample(sample, self.data.shape[1])
        squared = self._norms - 2.0 * (self.data @ sample) + sample @ sample
        return np.maximum(squared, 0.0)

    def nearest(self, sample: np.ndarray, count: int) -> tuple[np.ndarray, np.ndarray]:
        """Indices and distances of the ``count`` nearest samples, nearest first (ties
        by index)."""
        squared = self.squared_distances(sample)
        count = max(1, min(int(count), squared.size))
        part = np.argpartition(squared, count - 1)[:count]
        order = np.lexsort((part, squared[part]))
        chosen = part[order]
        return chosen, np.sqrt(squared[chosen])

    def guess(self, targets: np.ndarray, sample: np.ndarray, neighbours: int = 5) -> DigitGuess:
        """Majority label of the ``neighbours`` nearest samples (see :func:`guess_digit`)."""
        targets = _targets(targets, self.data.shape[0])
        chosen, distances = self.nearest(sample, neighbours)
        labels, counts = np.unique(targets[chosen], return_counts=True)
        order = np.lexsort((labels, -counts))  # most votes first, then smallest label
        votes = {int(labels[i]): int(counts[i]) for i in order}
        return DigitGuess(int(labels[order[0]]), votes, chosen, distances)

    def typicality(self, sample: np.ndarray) -> float:
        """Nearest-sample distance over :attr:`scale` (see :func:`typicality`)."""
        nearest = float(np.sqrt(self.squared_distances(sample).min()))
        return nearest / self.scale

    def leave_one_out_typicality(self) -> np.ndarray:
        """(n,) each data sample's typicality against the others."""
        return _nearest_other_distances(self.data, self._norms, np.arange(len(self.data))) / (
            self.scale
        )


def guess_digit(
    data: np.ndarray, targets: np.ndarray | None, features: np.ndarray, neighbours: int = 5
) -> DigitGuess:
    """The digit most of the ``neighbours`` data samples nearest to ``features`` carry.

    Parameters
    ----------
    data : (n, d) data samples.
    targets : (n,) their labels (whole numbers).
    features : (d,) one sample, e.g. a drawing's features.
    neighbours : how many nearest samples vote (Euclidean distance, uniform weights).

    Returns
    -------
    DigitGuess
        ``.digit`` (also ``[0]``), ``.votes`` (label -> count, most first),
        ``.neighbours`` and ``.distances``.

    Raises
    ------
    ValueError
        When the data has no labels (``targets`` is None), shapes disagree, or a value
        is not finite.
    """
    if targets is None:
        raise ValueError("the data has no labels, so there is no digit to guess")
    return get_index(data).guess(targets, features, neighbours)


def typicality(data: np.ndarray, features: np.ndarray) -> float:
    """How unusual ``features`` is for ``data``: larger is more unusual.

    The distance to the nearest data sample divided by the median distance from a data
    sample to its nearest other sample: about 1.0 for a sample as close to the data as
    the data's own samples are to each other; grows in proportion to the distance.
    Compare with :data:`UNLIKE_THRESHOLD`.
    """
    return get_index(data).typicality(features)


_cache: OrderedDict[tuple, NeighbourIndex] = OrderedDict()
_cache_lock = threading.Lock()


def get_index(data: np.ndarray) -> NeighbourIndex:
    """The cached :class:`NeighbourIndex` of ``data``, built on first use.

    The cache is keyed on the array's shape and checked against its content on every
    use (an exact comparison, cheaper than the search itself), so an array changed in
    place or a new array at a reused address never gets a stale index.
    """
    data = _as_matrix(data)
    key = (data.shape, data.dtype.str)
    with _cache_lock:
        for cached_key, index in _cache.items():
            if cached_key[:2] == key and np.array_equal(index.data, data):
                _cache.move_to_end(cached_key)
                return index
    index = NeighbourIndex(data)
    with _cache_lock:
        _cache[key + (id(index),)] = index
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return index


def _typical_neighbour_distance(
    data: np.ndarray, norms: np.ndarray, should_stop: StopFn | None = None
) -> float:
    n = len(data)
    if n < 2:
        return 1.0
    rows = np.arange(n)
    if n > SCALE_SAMPLE:  # a fixed, seeded sample keeps the cost bounded on big data
        rows = np.sort(np.random.default_rng(0).choice(n, SCALE_SAMPLE, replace=False))
    distances = _nearest_other_distances(data, norms, rows, should_stop)
    positive = distances[distances > 0]
    if positive.size == 0:
        return 1.0  # every sample has an exact twin: nothing to scale by
    median = float(np.median(distances))
    return median if median > 0 else float(np.median(positive))  # mostly twins: skip them


def _nearest_other_distances(
    data: np.ndarray, norms: np.ndarray, rows: np.ndarray, should_stop: StopFn | None = None
) -> np.ndarray:
    """Distance from each of ``data[rows]`` to its nearest *other* sample."""
    out = np.empty(len(rows))
    chunk = max(1, CHUNK_CELLS // len(data))
    for start in range(0, len(rows), chunk):
        check_cancel(should_stop)
        block = rows[start : start + chunk]
        squared = norms[block, None] - 2.0 * (data[block] @ data.T) + norms[None, :]
        squared[np.arange(len(block)), block] = np.inf  # leave the sample itself out
        out[start : start + len(block)] = np.sqrt(np.maximum(squared.min(axis=1), 0.0))
    return out


def _as_matrix(data: np.ndarray) -> np.ndarray:
    data = np.asarray(data)
    if data.ndim != 2 or data.shape[0] == 0 or data.shape[1] == 0:
        raise ValueError(f"data must be a non-empty 2-D array, got shape {data.shape}")
    if not np.issubdtype(data.dtype, np.number) or np.issubdtype(data.dtype, np.complexfloating):
        raise ValueError(f"data must be real numbers, got {data.dtype}")
    return data


def _as_sample(sample: np.ndarray, width: int) -> np.ndarray:
    try:
        sample = np.asarray(sample, dtype=np.float64).reshape(-1)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"the sample must be {width} numbers: {exc}") from None
    if sample.size != width:
        raise ValueError(f"the sample has {sample.size} features, the data {width}")
    if not np.isfinite(sample).all():
        raise ValueError("the sample has NaN or infinite values")
    return sample


def _targets(targets: np.ndarray | None, n: int) -> np.ndarray:
    if targets is None:
        raise ValueError("the data has no labels, so there is no digit to guess")
    targets = np.asarray(targets)
    if targets.shape != (n,):
        raise ValueError(f"{targets.size} labels for {n} samples")
    return targets
