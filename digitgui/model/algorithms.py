"""Other clustering algorithms beside KMeans, run one after the other and scored alike.

Every algorithm is a plain scikit-learn estimator with fixed, seeded parameters
(:func:`make_estimator`); a row holds what ``estimator.fit_predict(data)`` gives and the
scores ``sklearn.metrics`` gives for it, so each number can be reproduced with three
lines of scikit-learn (``tests/model/test_algorithms.py`` does exactly that).
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from typing import TypedDict

import numpy as np

from digitgui.model.jobs import FitCancelled, ProgressFn, StopFn, check_cancel
from digitgui.model.metrics import SILHOUETTE_MAX_SAMPLES, silhouette_rows

__all__ = ["ALGORITHMS", "AlgorithmRow", "FitCancelled", "compare_algorithms", "run_algorithm"]

#: Display names, in table order.
ALGORITHMS = (
    "KMeans",
    "MiniBatchKMeans",
    "BisectingKMeans",
    "Gaussian mixture",
    "Agglomerative (ward)",
    "Agglomerative (average)",
    "Spectral clustering",
    "HDBSCAN",
)
#: Algorithms that choose the number of clusters themselves (k does not apply).
FINDS_K = frozenset({"HDBSCAN"})
#: Algorithms whose time or memory grows with n² (pairwise distances, a graph's
#: eigenvectors): above this many samples they are skipped, with a note in their row.
QUADRATIC = frozenset({"Agglomerative (ward)", "Agglomerative (average)", "Spectral clustering"})
MAX_QUADRATIC_SAMPLES = 10_000


@dataclass(frozen=True, eq=False)
class AlgorithmRow:
    """One algorithm's clustering of the data and its scores.

    Attributes
    ----------
    name : one of :data:`ALGORITHMS`.
    code : the scikit-learn estimator as Python source (what was fitted).
    labels : (n,) cluster of each sample, -1 for noise (HDBSCAN); None when skipped.
    ari, ami, v_measure : agreement with the true labels (noise counts as one group, as
        ``sklearn.metrics`` treats the label -1); NaN without true labels.
    silhouette : ``silhouette_score`` of the non-noise samples (NaN below 2 clusters).
    n_clusters : clusters found (noise excluded).
    noise : samples labelled -1.
    seconds : wall time of ``fit_predict``.
    note : why the row is empty or how to read it, or "".
    """

    name: str
    code: str
    labels: np.ndarray | None
    ari: float
    ami: float
    v_measure: float
    silhouette: float
    n_clusters: int
    noise: int
    seconds: float
    note: str = ""


def estimator_code(name: str, n_clusters: int, random_state: int = 0) -> str:
    """The estimator of algorithm ``name`` as Python source (``from sklearn...`` names)."""
    k, seed = int(n_clusters), int(random_state)
    codes = {
        "KMeans": f"KMeans(n_clusters={k}, random_state={seed})",
        "MiniBatchKMeans": f"MiniBatchKMeans(n_clusters={k}, random_state={seed})",
        "BisectingKMeans": f"BisectingKMeans(n_clusters={k}, random_state={seed})",
        # Full covariances (the default) take ~12 s on the digits' 64 pixels and a variance
        # per pixel ~2 s, with no point to cancel at; one variance per cluster takes ~0.5 s
        # and still differs from KMeans (soft assignments, clusters of their own spread).
        "Gaussian mixture": (
            f"GaussianMixture(n_components={k}, covariance_type='spherical', random_state={seed})"
        ),
        "Agglomerative (ward)": f"AgglomerativeClustering(n_clusters={k}, linkage='ward')",
        "Agglomerative (average)": f"AgglomerativeClustering(n_clusters={k}, linkage='average')",
        # The default RBF affinity (gamma=1) sees every pair of digits as unrelated; a
        # nearest-neighbour graph is what works on pixel data.
        "Spectral clustering": (
            f"SpectralClustering(n_clusters={k}, affinity='nearest_neighbors', random_state={seed})"
        ),
        "HDBSCAN": "HDBSCAN(copy=True)",
    }
    try:
        return codes[name]
    except KeyError:
        choices = ", ".join(ALGORITHMS)
        raise ValueError(f"unknown algorithm {name!r}; choose one of {choices}") from None


def make_estimator(name: str, n_clusters: int, random_state: int = 0):
    """A fresh, unfitted scikit-learn estimator for algorithm ``name``."""
    from sklearn.cluster import (
        HDBSCAN,
        AgglomerativeClustering,
        BisectingKMeans,
        KMeans,
        MiniBatchKMeans,
        SpectralClustering,
    )
    from sklearn.mixture import GaussianMixture

    namespace = {
        "KMeans": KMeans,
        "MiniBatchKMeans": MiniBatchKMeans,
        "BisectingKMeans": BisectingKMeans,
        "GaussianMixture": GaussianMixture,
        "AgglomerativeClustering": AgglomerativeClustering,
        "SpectralClustering": SpectralClustering,
        "HDBSCAN": HDBSCAN,
    }
    # The source text is ours (estimator_code), never user input.
    return eval(estimator_code(name, n_clusters, random_state), {"__builtins__": {}}, namespace)


class Scores(TypedDict):
    """What :func:`score_labels` measures (the score fields of :class:`AlgorithmRow`)."""

    ari: float
    ami: float
    v_measure: float
    silhouette: float
    n_clusters: int
    noise: int


def score_labels(data: np.ndarray, labels: np.ndarray, targets: np.ndarray | None) -> Scores:
    """ARI, AMI, V-measure, silhouette, clusters found and noise of one labelling."""
    from sklearn import metrics as skm

    labels = np.asarray(labels)
    clustered = labels >= 0
    found = int(np.unique(labels[clustered]).size)
    scores: Scores = {
        "ari": float("nan"),
        "ami": float("nan"),
        "v_measure": float("nan"),
        "silhouette": float("nan"),
        "n_clusters": found,
        "noise": int(np.count_nonzero(~clustered)),
    }
    if targets is not None:
        scores["ari"] = float(skm.adjusted_rand_score(targets, labels))
        scores["ami"] = float(skm.adjusted_mutual_info_score(targets, labels))
        scores["v_measure"] = float(skm.v_measure_score(targets, labels))
    if 2 <= found < int(clustered.sum()):
        points, kept = np.asarray(data)[clustered], labels[clustered]
        rows = silhouette_rows(len(kept), SILHOUETTE_MAX_SAMPLES)
        if rows is not None:
            points, kept = points[rows], kept[rows]
        scores["silhouette"] = float(skm.silhouette_score(points, kept))
    return scores


def run_algorithm(
    name: str,
    data: np.ndarray,
    targets: np.ndarray | None,
    n_clusters: int,
    random_state: int = 0,
) -> AlgorithmRow:
    """Fit algorithm ``name`` on ``data`` (n, d) and score its labels."""
    data = np.asarray(data, dtype=np.float64)
    code = estimator_code(name, n_clusters, random_state)
    if name in QUADRATIC and len(data) > MAX_QUADRATIC_SAMPLES:
        nan = float("nan")
        note = (
            f"skipped: needs memory and time growing with n² "
            f"(runs up to {MAX_QUADRATIC_SAMPLES:,} samples, the data has {len(data):,})"
        )
        return AlgorithmRow(name, code, None, nan, nan, nan, nan, 0, 0, 0.0, note)
    estimator = make_estimator(name, n_clusters, random_state)
    started = time.perf_counter()
    with warnings.catch_warnings():
        # e.g. "Graph is not fully connected": the row's scores show the consequence.
        warnings.simplefilter("ignore", UserWarning)
        labels = np.asarray(estimator.fit_predict(data), dtype=np.int64)
    seconds = time.perf_counter() - started
    labels.setflags(write=False)
    scores = score_labels(data, labels, targets)
    note = ""
    if name in FINDS_K:
        note = "chooses the number of clusters itself; -1 marks noise"
    return AlgorithmRow(name, code, labels, seconds=seconds, note=note, **scores)


def run_algorithm_plain(
    name: str,
    data: np.ndarray,
    targets: np.ndarray | None,
    n_clusters: int,
    random_state: int = 0,
    *,
    progress: ProgressFn | None = None,
) -> dict:
    """:func:`run_algorithm` as plain values (the row's fields), to run in a child process.

    A fit has no cancel point (HDBSCAN or ward linkage take tens of seconds on ten
    thousand samples): in a child process, Cancel ends it for real.
    """
    return asdict(run_algorithm(name, data, targets, n_clusters, random_state))


def row_from_plain(values: dict) -> AlgorithmRow:
    """The :class:`AlgorithmRow` that :func:`run_algorithm_plain` described."""
    labels = values["labels"]
    if labels is not None:
        labels = np.array(labels, dtype=np.int64)
        labels.setflags(write=False)
    return AlgorithmRow(**{**values, "labels": labels})


def iter_algorithms(
    data: np.ndarray,
    targets: np.ndarray | None,
    n_clusters: int,
    *,
    names: tuple[str, ...] = ALGORITHMS,
    random_state: int = 0,
    progress: ProgressFn | None = None,
    should_stop: StopFn | None = None,
) -> Iterator[AlgorithmRow]:
    """Yield one :class:`AlgorithmRow` per algorithm as each finishes.

    ``should_stop`` is polled before each algorithm (a fit itself has no cancel point;
    on the digits the slowest takes about a second); ``progress(done, total)`` counts
    finished algorithms.
    """
    for done, name in enumerate(names):
        check_cancel(should_stop)
        if progress is not None:
            progress(done, len(names))
        row = run_algorithm(name, data, targets, n_clusters, random_state)
        check_cancel(should_stop)
        yield row
    if progress is not None:
        progress(len(names), len(names))


def compare_algorithms(
    data: np.ndarray,
    targets: np.ndarray | None,
    n_clusters: int,
    *,
    names: tuple[str, ...] = ALGORITHMS,
    random_state: int = 0,
    on_row: Callable[[AlgorithmRow], None] | None = None,
    progress: ProgressFn | None = None,
    should_stop: StopFn | None = None,
) -> list[AlgorithmRow]:
    """Cluster ``data`` with each algorithm in ``names`` and score it against ``targets``.

    Parameters
    ----------
    data : (n, d) samples in the feature space to cluster in.
    targets : (n,) true labels, or None (ARI, AMI and V-measure are then NaN).
    n_clusters : k for every algorithm that takes one (HDBSCAN finds its own).
    names : which algorithms, in order (default: all of :data:`ALGORITHMS`).
    random_state : the seed of every seeded estimator.
    on_row : called with each row as soon as it is finished.
    progress, should_stop : see :func:`iter_algorithms`.

    Raises
    ------
    FitCancelled
        When ``should_stop`` answered True; the rows so far went to ``on_row``.
    """
    rows = []
    for row in iter_algorithms(
        data,
        targets,
        n_clusters,
        names=names,
        random_state=random_state,
        progress=progress,
        should_stop=should_stop,
    ):
        rows.append(row)
        if on_row is not None:
            on_row(row)
    return rows
