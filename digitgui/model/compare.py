"""Comparing KMeans initialisations, as scikit-learn's digits demo does.

Reproduces the benchmark of scikit-learn's example "A demo of K-Means clustering on the
handwritten digits data" (``examples/cluster/plot_kmeans_digits.py``, function
``bench_k_means``), and adds the same three runs without the scaler.
"""

from __future__ import annotations

import time

import numpy as np
from sklearn import metrics
from sklearn.cluster import KMeans
from sklearn.decomposition import PCA
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from digitgui.model.dataset import Dataset
from digitgui.model.jobs import ProgressFn, StopFn, check_cancel

#: Keys of every row returned by :func:`compare_inits`, in display order.
COLUMNS = (
    "init",
    "scaled",
    "seconds",
    "inertia",
    "homogeneity",
    "completeness",
    "v_measure",
    "ari",
    "ami",
    "silhouette",
)

#: Silhouette sample size used by the example.
SILHOUETTE_SAMPLE_SIZE = 300


def example_estimators(data: np.ndarray, n_clusters: int) -> list[tuple[str, KMeans]]:
    """The example's three KMeans set-ups, named as its table names them.

    ``PCA(n_components=n_clusters).fit(data).components_`` is fitted on ``data`` as given
    (the example fits it on the unscaled digits, even for the scaled pipeline).
    """
    pca = PCA(n_components=n_clusters, random_state=0).fit(data)  # seeded if randomized
    return [
        ("k-means++", KMeans(init="k-means++", n_clusters=n_clusters, n_init=4, random_state=0)),
        ("random", KMeans(init="random", n_clusters=n_clusters, n_init=4, random_state=0)),
        ("PCA-based", KMeans(init=pca.components_, n_clusters=n_clusters, n_init=1)),
    ]


def bench_row(
    name: str,
    kmeans: KMeans,
    data: np.ndarray,
    target: np.ndarray,
    *,
    scaled: bool,
    silhouette_random_state: int = 0,
) -> dict:
    """Fit one set-up and score it the way the example's ``bench_k_means`` does."""
    steps = [StandardScaler(), kmeans] if scaled else [kmeans]
    started = time.perf_counter()
    estimator = make_pipeline(*steps).fit(data)
    seconds = time.perf_counter() - started
    labels = estimator[-1].labels_
    return {
        "init": name,
        "scaled": scaled,
        "seconds": seconds,
        "inertia": float(estimator[-1].inertia_),
        "homogeneity": float(metrics.homogeneity_score(target, labels)),
        "completeness": float(metrics.completeness_score(target, labels)),
        "v_measure": float(metrics.v_measure_score(target, labels)),
        "ari": float(metrics.adjusted_rand_score(target, labels)),
        "ami": float(metrics.adjusted_mutual_info_score(target, labels)),
        # As in the example: on the data as given (unscaled), 300 random samples.
        "silhouette": float(
            metrics.silhouette_score(
                data,
                labels,
                metric="euclidean",
                sample_size=SILHOUETTE_SAMPLE_SIZE,
                random_state=silhouette_random_state,
            )
        ),
    }


def compare_inits(
    dataset: Dataset,
    n_clusters: int = 10,
    *,
    progress: ProgressFn | None = None,
    should_stop: StopFn | None = None,
    silhouette_random_state: int = 0,
) -> list[dict]:
    """Benchmark k-means++, random and PCA-based initialisation, with and without scaling.

    What is followed from the example (scikit-learn ``plot_kmeans_digits.py``):

    - each set-up is ``make_pipeline(StandardScaler(), kmeans).fit(data)`` on the raw
      digits, timed around that call; ``inertia`` is the pipeline's last step's
      ``inertia_`` (so in scaled units);
    - k-means++: ``KMeans(init="k-means++", n_clusters, n_init=4, random_state=0)``;
      random: the same with ``init="random"``; PCA-based:
      ``KMeans(init=PCA(n_components=n_clusters).fit(data).components_, n_clusters,
      n_init=1)`` with the PCA fitted on the *unscaled* data;
    - homogeneity, completeness, V-measure, ARI, AMI: ``sklearn.metrics`` against the
      true digits, default arguments;
    - silhouette: ``silhouette_score(data, labels, metric="euclidean", sample_size=300)``
      on the *unscaled* data.

    One deviation: the example passes no ``random_state`` to ``silhouette_score``, so its
    silhouette changes from run to run; here it is ``silhouette_random_state`` (0), so the
    numbers are reproducible. The three extra rows (``scaled`` False) drop the scaler and
    change nothing else.

    Parameters
    ----------
    dataset : must carry true labels (``target``).
    n_clusters : k (the example uses the number of digits, 10).
    progress : called with (fits done, 6) after each fit.
    should_stop : polled before each fit; raises ``FitCancelled``.

    Returns
    -------
    list of dict, six rows with the keys of :data:`COLUMNS`: the scaled rows first, each
    group in the order k-means++, random, PCA-based.
    """
    if dataset.target is None:
        raise ValueError("comparing initialisations needs the true labels (target)")
    data = np.asarray(dataset.data, dtype=np.float64)
    rows: list[dict] = []
    total = 6
    for scaled in (True, False):
        for name, kmeans in example_estimators(data, n_clusters):
            check_cancel(should_stop)
            rows.append(
                bench_row(
                    name,
                    kmeans,
                    data,
                    dataset.target,
                    scaled=scaled,
                    silhouette_random_state=silhouette_random_state,
                )
            )
            if progress is not None:
                progress(len(rows), total)
    return rows
