"""One clustering of one data set: what every view renders from."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from digitgui.model.arrays import sum_of_squares
from digitgui.model.config import MAX_CLUSTERS, MIN_CLUSTERS, KMeansConfig
from digitgui.model.dataset import Dataset
from digitgui.model.io.errors import InputError
from digitgui.model.io.fingerprint import data_fingerprint, short_fingerprint
from digitgui.model.jobs import ProgressFn, StopFn, check_cancel
from digitgui.model.kmeans import ClusteringResult, RestartsFn, fit_kmeans
from digitgui.model.metrics import Evaluation, cluster_means, evaluate
from digitgui.model.space import FeatureSpace, IsomapSpace, RawPixels, SpectralSpace
from digitgui.model.views import ClusterViews, cluster_views


@dataclass(frozen=True, eq=False)
class Clustering:
    """A fitted clustering with its scores.

    Attributes
    ----------
    dataset : the samples that were clustered.
    space : the fitted feature space; ``space.transform`` maps new samples (a drawing)
        into it. ``features`` is the data in that space, what KMeans saw.
    result : the KMeans fit (centroids live in ``space``).
    evaluation : metrics and tables, computed in ``space``.
    method : "" for a KMeans fit of ``result.config``; else the scikit-learn estimator
        (Python source) whose labels were turned into this clustering
        (:func:`clustering_from_labels`; its centroids are the cluster means).
    views : what the views draw (centres, members nearest first, display ranges),
        computed with the fit in the worker; see :mod:`digitgui.model.views`.
    """

    dataset: Dataset
    space: FeatureSpace
    features: np.ndarray
    result: ClusteringResult
    evaluation: Evaluation
    method: str = ""
    views: ClusterViews = field(repr=False, default=None)  # type: ignore[assignment]

    def __post_init__(self) -> None:
        if self.views is None:  # built here, in the thread that builds the clustering
            raw = isinstance(self.space, RawPixels)
            views = cluster_views(self.dataset, self.features, self.result, self.evaluation, raw)
            object.__setattr__(self, "views", views)

    def assign(self, sample: np.ndarray) -> tuple[int, np.ndarray]:
        """Cluster of one raw sample (d,) and its distance to every centroid (k,)."""
        if not getattr(self.space, "can_transform_new", True):
            raise ValueError(f"{self.space.name} cannot place new samples")
        mapped = self.space.transform(np.asarray(sample, dtype=np.float64)[None])
        distances = self.result.distances(mapped)[0]
        return int(np.argmin(distances)), distances

    def pixel_centres(self) -> np.ndarray:
        """Each cluster's centre in the data's own features, (k, d): the centroids when
        KMeans ran on raw pixels, else the mean of the cluster's members (the only centre
        a picture, a projection or a report can show). Computed with the fit."""
        return self.views.centres

    def cluster_members(self, cluster: int) -> np.ndarray:
        """Indices of the samples in ``cluster``, nearest to its centroid first."""
        return self.views.members(cluster)

    def nearest_samples(self, sample: np.ndarray, count: int = 5) -> np.ndarray:
        """Indices of the ``count`` training samples nearest to one raw sample.

        One matrix-vector product with the squared norms kept from the fit, so a drawing
        is placed in a few milliseconds even among 70,000 samples.
        """
        mapped = self.space.transform(np.asarray(sample, dtype=np.float64)[None])[0]
        distances = self._squared_norms - 2.0 * (self.features @ mapped) + mapped @ mapped
        count = min(count, len(distances))
        nearest = np.argpartition(distances, count - 1)[:count]
        return nearest[np.argsort(distances[nearest], kind="stable")]

    @functools.cached_property
    def _squared_norms(self) -> np.ndarray:
        return np.einsum("ij,ij->i", self.features, self.features)


#: Spaces whose fit is one long call with no cancel point; Isomap's shortest paths also
#: hold the GIL throughout (the GUI thread froze 2 s on the digits, 19 s on 3,000
#: samples). :func:`cluster_dataset` fits them through its ``run`` argument.
LONG_FIT_SPACES: tuple[type, ...] = (IsomapSpace, SpectralSpace)


def fit_space(space: FeatureSpace, data: np.ndarray, *, progress: ProgressFn | None = None):
    """``space.fit_transform(data)``: the fitted space and the features (may run in a
    child process, see :func:`cluster_dataset`)."""
    return space.fit_transform(data)


def cluster_dataset(
    dataset: Dataset,
    config: KMeansConfig,
    space=None,
    *,
    progress: ProgressFn | None = None,
    should_stop: StopFn | None = None,
    run_restarts: RestartsFn | None = None,
    run: Callable[..., Any] | None = None,
) -> Clustering:
    """Map the data into ``space`` (raw pixels by default), fit KMeans and score it.

    ``run_restarts`` runs each group of KMeans restarts (see :func:`fit_kmeans`).
    ``run``, when given, is how the fit of a space in :data:`LONG_FIT_SPACES` is run:
    ``run(fit_space, space, data, progress=…, should_stop=…)`` (the app passes
    ``workers.child_process.run_in_child``, so that Cancel ends it and the GUI thread
    keeps the GIL); other spaces, and every space without ``run``, are fitted here.
    """
    space = space or RawPixels()
    if run is not None and isinstance(space, LONG_FIT_SPACES):
        space, features = run(
            fit_space, space, dataset.data, progress=None, should_stop=should_stop
        )
    else:
        space, features = space.fit_transform(dataset.data)
    check_cancel(should_stop)
    result = fit_kmeans(
        features, config, progress=progress, should_stop=should_stop, run_restarts=run_restarts
    )
    check_cancel(should_stop)
    return _scored(dataset, space, features, result, should_stop)


def clustering_from_labels(
    dataset: Dataset,
    space,
    features: np.ndarray,
    labels: np.ndarray,
    *,
    method: str,
    seconds: float = 0.0,
) -> Clustering:
    """A clustering made by another algorithm, from its ``labels`` (n,) of ``features``.

    Its centroids are the cluster means in ``space`` (what the gallery, the members view
    and new samples are measured against). Noise points (label -1, HDBSCAN) become one
    more cluster, the last, and the evaluation's notes say so.
    """
    labels = np.asarray(labels, dtype=np.int64)
    noise = labels < 0
    n_clusters = int(labels.max(initial=-1)) + 1
    if noise.any():
        labels = np.where(noise, n_clusters, labels)
        n_clusters += 1
    if n_clusters < 1 or len(labels) != len(features):
        raise ValueError("need one cluster label per sample and at least one cluster")
    centroids = cluster_means(np.asarray(features, dtype=np.float64), labels, n_clusters)
    gaps = features - centroids[labels]
    k = min(max(n_clusters, MIN_CLUSTERS), MAX_CLUSTERS)  # the nearest k KMeans accepts
    result = ClusteringResult(centroids, labels, sum_of_squares(gaps), 0, seconds, KMeansConfig(k))
    clustering = _scored(dataset, space, features, result)
    notes: tuple[str, ...] = (f"Clusters from {method}; centroids are the cluster means.",)
    if noise.any():
        notes += (f"Cluster {n_clusters - 1} holds the {int(noise.sum())} noise points.",)
    evaluation = replace(clustering.evaluation, notes=clustering.evaluation.notes + notes)
    return replace(clustering, evaluation=evaluation, method=method)


def restore_clustering(
    dataset: Dataset,
    result: ClusteringResult,
    *,
    fingerprint: str | None = None,
    fitted_on: str = "",
) -> Clustering:
    """A saved raw-pixel fit, re-attached to the data it was fitted on, and scored again.

    ``fingerprint`` is the saved :func:`~digitgui.model.io.fingerprint.data_fingerprint`
    of that data (None for a file saved before fingerprints: only the shape is checked);
    ``fitted_on`` its name, for the message.

    Raises :class:`~digitgui.model.io.errors.InputError` (a ``ValueError``) with what
    does not match when ``dataset`` is not that data: the user's mistake to explain, not
    a bug to log with a traceback. Other data of the same shape is refused too: the
    saved labels belong to other samples, so every metric would be meaningless.
    """
    n_samples, n_features = result.labels.shape[0], result.centroids.shape[1]
    if (dataset.n_samples, dataset.n_features) != (n_samples, n_features):
        raise InputError(
            f"the model was fitted on {n_samples:,} samples × {n_features} features, but the "
            f"open data set has {dataset.n_samples:,} × {dataset.n_features}; open that data "
            "first, then the model"
        )
    if fingerprint is not None:
        found = data_fingerprint(dataset.data)
        if found != fingerprint:
            raise InputError(
                f"the model was fitted on “{fitted_on or 'other data'}” (fingerprint "
                f"{short_fingerprint(fingerprint)}), but the open data set “{dataset.name}” "
                f"holds other values (fingerprint {short_fingerprint(found)}; the same "
                f"shape, {n_samples:,} × {n_features}); open the data the model was fitted "
                "on first, then the model"
            )
    space, features = RawPixels().fit_transform(dataset.data)
    return _scored(dataset, space, features, result)


def _scored(
    dataset: Dataset,
    space,
    features: np.ndarray,
    result: ClusteringResult,
    should_stop: StopFn | None = None,
) -> Clustering:
    evaluation = evaluate(
        features, result.labels, dataset.target, centroids=result.centroids, should_stop=should_stop
    )
    features = np.array(features, copy=True)
    features.setflags(write=False)
    clustering = Clustering(dataset, space, features, result, evaluation)
    clustering._squared_norms  # noqa: B018 - computed here, in the worker, not at the first drawing
    return clustering
