"""Clustering quality: every number comes from ``sklearn.metrics`` or plain counting."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from digitgui.model.arrays import sum_of_squares
from digitgui.model.jobs import StopFn
from digitgui.model.silhouette_chunks import silhouette_samples_stoppable


@dataclass(frozen=True)
class MetricInfo:
    """What a metric means, for tooltips and the offline help."""

    label: str
    description: str
    value_range: str
    higher_is_better: bool


METRIC_INFO: dict[str, MetricInfo] = {
    "silhouette": MetricInfo(
        "Silhouette",
        "How much closer each sample is to its own cluster than to the next "
        "nearest one, averaged over samples.",
        "-1 to 1",
        True,
    ),
    "calinski_harabasz": MetricInfo(
        "Calinski–Harabasz",
        "Ratio of between-cluster to within-cluster dispersion.",
        "0 to ∞",
        True,
    ),
    "davies_bouldin": MetricInfo(
        "Davies–Bouldin",
        "Average similarity of each cluster with its most similar one "
        "(spread relative to separation).",
        "0 to ∞ (0 is best)",
        False,
    ),
    "inertia": MetricInfo(
        "Inertia",
        "Sum of squared distances of samples to their cluster centre: what KMeans minimises.",
        "0 to ∞",
        False,
    ),
    "adjusted_rand": MetricInfo(
        "Adjusted Rand index",
        "Agreement of clusters with the true digits over all pairs of "
        "samples, corrected for chance.",
        "-0.5 to 1 (0 = chance)",
        True,
    ),
    "adjusted_mutual_info": MetricInfo(
        "Adjusted mutual information",
        "Information shared by clusters and true digits, corrected for chance.",
        "about 0 to 1 (0 = chance)",
        True,
    ),
    "normalized_mutual_info": MetricInfo(
        "Normalized mutual information",
        "Information shared by clusters and true digits, divided by their mean entropy.",
        "0 to 1",
        True,
    ),
    "homogeneity": MetricInfo("Homogeneity", "Each cluster holds only one digit.", "0 to 1", True),
    "completeness": MetricInfo(
        "Completeness", "All samples of a digit fall into one cluster.", "0 to 1", True
    ),
    "v_measure": MetricInfo(
        "V-measure", "Harmonic mean of homogeneity and completeness.", "0 to 1", True
    ),
    "fowlkes_mallows": MetricInfo(
        "Fowlkes–Mallows",
        "Geometric mean of pairwise precision and recall against the true digits.",
        "0 to 1",
        True,
    ),
    "matched_accuracy": MetricInfo(
        "Accuracy (best matching)",
        "Share of samples whose cluster maps to their digit under "
        "the best one-to-one cluster→digit matching (Hungarian method). One-to-one: with "
        "more clusters than digits the extra clusters match no digit and all their samples "
        "count as wrong (on the digits at k=30 it is 0.45, while most clusters are over "
        "90 % one digit).",
        "0 to 1",
        True,
    ),
    "majority_accuracy": MetricInfo(
        "Accuracy (majority digit per cluster)",
        "Share of samples whose cluster's most common digit is their own digit: every "
        "cluster is named after its majority, and several clusters may share a digit. "
        "It never falls as k grows (at k=30 on the digits it is 0.92 where the one-to-one "
        "matched accuracy is 0.45); equal to the matched accuracy when every digit is "
        "the majority of exactly one cluster.",
        "0 to 1",
        True,
    ),
}

#: Above this many samples the silhouette (O(n²)) is computed on a seeded sample.
SILHOUETTE_MAX_SAMPLES = 10_000

INTERNAL_METRICS = ("silhouette", "calinski_harabasz", "davies_bouldin", "inertia")
EXTERNAL_METRICS = (
    "adjusted_rand",
    "adjusted_mutual_info",
    "normalized_mutual_info",
    "homogeneity",
    "completeness",
    "v_measure",
    "fowlkes_mallows",
    "matched_accuracy",
    "majority_accuracy",
)


@dataclass(frozen=True)
class Evaluation:
    """Metrics and tables of one clustering.

    Attributes
    ----------
    metrics : metric name → value (keys of :data:`METRIC_INFO`; label-based ones only
        when true labels are known).
    cluster_sizes : (k,) samples per cluster.
    contingency : (k, c) count of samples of each true class in each cluster, or None.
    classes : (c,) the true class of each contingency column, or None.
    cluster_digits : (k,) majority true class of each cluster (-1 for an empty one), or None.
    cluster_purity : (k,) share of the majority class in each cluster, or None.
    silhouette_sample_size : how many samples the silhouette used (all when None).
    """

    metrics: dict[str, float]
    cluster_sizes: np.ndarray
    contingency: np.ndarray | None
    classes: np.ndarray | None
    cluster_digits: np.ndarray | None
    cluster_purity: np.ndarray | None
    silhouette_sample_size: int | None = None
    notes: tuple[str, ...] = field(default=())


def evaluate(
    data: np.ndarray,
    labels: np.ndarray,
    target: np.ndarray | None = None,
    *,
    centroids: np.ndarray | None = None,
    silhouette_max_samples: int | None = SILHOUETTE_MAX_SAMPLES,
    random_state: int = 0,
    should_stop: StopFn | None = None,
) -> Evaluation:
    """Score a clustering of ``data`` given its ``labels`` (and the true ``target``).

    ``inertia`` uses ``centroids`` when given (as KMeans reports it), else the cluster means.
    The silhouette is O(n²): above ``silhouette_max_samples`` it is computed on a seeded
    random sample of that size, and the evaluation says so in ``notes``. ``should_stop``
    is polled while the silhouette is computed (seconds at 10,000 samples).
    """
    from sklearn import metrics as skm  # here: importing sklearn takes a second

    data = np.asarray(data, dtype=np.float64)
    labels = np.asarray(labels, dtype=np.int64)
    n_clusters = int(labels.max()) + 1 if centroids is None else len(centroids)
    sizes = np.bincount(labels, minlength=n_clusters)
    values: dict[str, float] = {}
    notes: list[str] = []
    sample_size = None
    n_distinct = int(np.count_nonzero(sizes))
    if silhouette_defined(len(data), n_distinct):
        if silhouette_max_samples is not None and len(data) > silhouette_max_samples:
            sample_size = silhouette_max_samples
            notes.append(f"Silhouette computed on a random sample of {sample_size:,} samples.")
        # The same sample as silhouette_score(sample_size=..., random_state=...) draws.
        rows = silhouette_rows(len(data), sample_size, random_state)
        scored_data, scored_labels = (data, labels) if rows is None else (data[rows], labels[rows])
        if silhouette_defined(len(scored_labels), len(np.unique(scored_labels))):
            samples = silhouette_samples_stoppable(scored_data, scored_labels, should_stop)
            values["silhouette"] = float(np.mean(samples))  # silhouette_score's own mean
        values["calinski_harabasz"] = float(skm.calinski_harabasz_score(data, labels))
        values["davies_bouldin"] = float(skm.davies_bouldin_score(data, labels))
    else:  # the three scores are undefined; they are left out, and the notes say why
        notes.append(undefined_silhouette_note(len(data), n_distinct))
    values["inertia"] = _inertia(data, labels, centroids)

    contingency = classes = digits = purity = None
    if target is not None:
        target = np.asarray(target, dtype=np.int64)
        values.update(_external_scores(labels, target))
        classes, column = np.unique(target, return_inverse=True)
        contingency = np.zeros((n_clusters, len(classes)), dtype=np.int64)
        np.add.at(contingency, (labels, column), 1)
        values["matched_accuracy"] = _matched_accuracy(contingency, len(labels))
        values["majority_accuracy"] = float(contingency.max(axis=1).sum() / len(labels))
        digits = np.where(sizes > 0, classes[contingency.argmax(axis=1)], -1)
        purity = contingency.max(axis=1) / np.maximum(sizes, 1)
    return Evaluation(
        metrics=values,
        cluster_sizes=sizes,
        contingency=contingency,
        classes=classes,
        cluster_digits=digits,
        cluster_purity=purity,
        silhouette_sample_size=sample_size,
        notes=tuple(notes),
    )


class SilhouetteUndefined(ValueError):
    """The silhouette is undefined: it needs between 2 and n − 1 clusters among n samples."""


def silhouette_defined(n_samples: int, n_clusters: int) -> bool:
    """True when a silhouette exists: between 2 and ``n_samples - 1`` non-empty clusters."""
    return 2 <= n_clusters < n_samples


def undefined_silhouette_note(n_samples: int, n_clusters: int) -> str:
    """Why there is no silhouette (nor Calinski–Harabasz, Davies–Bouldin) for this clustering."""
    return (
        f"Silhouette needs between 2 and n−1 clusters: {n_clusters} "
        f"{'cluster' if n_clusters == 1 else 'clusters'} for {n_samples:,} samples."
    )


def silhouette_rows(
    n_samples: int, max_samples: int | None, random_state: int = 0
) -> np.ndarray | None:
    """The samples a silhouette is computed on: None for all, else the seeded sample
    ``silhouette_score(sample_size=max_samples, random_state=...)`` draws."""
    if max_samples is None or n_samples <= max_samples:
        return None
    return np.random.RandomState(random_state).permutation(n_samples)[:max_samples]


def silhouette_values(
    data: np.ndarray,
    labels: np.ndarray,
    max_samples: int | None = None,
    random_state: int = 0,
    should_stop: StopFn | None = None,
) -> tuple[np.ndarray, np.ndarray | None]:
    """Per-sample silhouette coefficients (``sklearn.metrics.silhouette_samples``).

    Above ``max_samples`` they are computed on the same seeded sample :func:`evaluate`
    scores, so their mean is the silhouette the metrics show. Returns (values, rows):
    ``rows`` are the samples used, None for all.

    Raises
    ------
    SilhouetteUndefined
        With a plain message, when the samples scored hold fewer than 2 or as many
        clusters as samples (a 10-row file cut into 10 clusters).
    """
    rows = silhouette_rows(len(labels), max_samples, random_state)
    data, labels = np.asarray(data, dtype=np.float64), np.asarray(labels)
    if rows is not None:
        data, labels = data[rows], labels[rows]
    n_clusters = len(np.unique(labels))
    if not silhouette_defined(len(labels), n_clusters):
        raise SilhouetteUndefined(undefined_silhouette_note(len(labels), n_clusters))
    return silhouette_samples_stoppable(data, labels, should_stop), rows


def _external_scores(labels: np.ndarray, target: np.ndarray) -> dict[str, float]:
    from sklearn import metrics as skm

    homogeneity, completeness, v_measure = skm.homogeneity_completeness_v_measure(target, labels)
    return {
        "adjusted_rand": float(skm.adjusted_rand_score(target, labels)),
        "adjusted_mutual_info": float(skm.adjusted_mutual_info_score(target, labels)),
        "normalized_mutual_info": float(skm.normalized_mutual_info_score(target, labels)),
        "homogeneity": float(homogeneity),
        "completeness": float(completeness),
        "v_measure": float(v_measure),
        "fowlkes_mallows": float(skm.fowlkes_mallows_score(target, labels)),
    }


def _matched_accuracy(contingency: np.ndarray, n_samples: int) -> float:
    from scipy.optimize import linear_sum_assignment

    rows, cols = linear_sum_assignment(contingency, maximize=True)
    return float(contingency[rows, cols].sum() / n_samples)


def cluster_means(data: np.ndarray, labels: np.ndarray, n_clusters: int) -> np.ndarray:
    """Mean sample of each cluster, (n_clusters, d); zeros for an empty cluster.

    A one-hot matrix product (BLAS), not ``np.add.at``: 20× faster at 70,000 × 784, and it
    releases the GIL, so a worker computing it does not stall the GUI thread.
    """
    labels = np.asarray(labels, dtype=np.int64)
    one_hot = np.zeros((n_clusters, len(labels)))
    one_hot[labels, np.arange(len(labels))] = 1.0
    sums = one_hot @ np.asarray(data, dtype=np.float64)
    return sums / np.maximum(np.bincount(labels, minlength=n_clusters), 1)[:, None]


def _inertia(data: np.ndarray, labels: np.ndarray, centroids: np.ndarray | None) -> float:
    if centroids is None:
        centroids = cluster_means(data, labels, int(labels.max()) + 1)
    return sum_of_squares(data - np.asarray(centroids)[labels])
