"""Mini-batch KMeans for large data, in chunks so it can report progress and be cancelled."""

from __future__ import annotations

import time

import numpy as np
from sklearn.cluster import MiniBatchKMeans
from sklearn.utils import check_random_state

from digitgui.model.arrays import sum_of_squares
from digitgui.model.config import KMeansConfig
from digitgui.model.jobs import ProgressFn, StopFn, check_cancel
from digitgui.model.kmeans import ClusteringResult

MAX_EPOCHS = 20  # passes over the data at most
#: Stop when no centroid moved more than this share of the data's spread in an epoch.
CONVERGENCE = 1e-3


def fit_minibatch(
    data: np.ndarray,
    config: KMeansConfig,
    *,
    progress: ProgressFn | None = None,
    should_stop: StopFn | None = None,
) -> ClusteringResult:
    """``MiniBatchKMeans.partial_fit`` over shuffled chunks of ``config.batch_size``.

    Runs at most ``min(config.max_iter, MAX_EPOCHS)`` passes over the data and stops early
    when the centroids settle. Between chunks it reports ``progress(chunks done, chunks
    planned)`` and honours ``should_stop``. Labels and inertia are those of the final
    centroids on all the data, so they are consistent with ``predict``.
    """
    started = time.perf_counter()
    rng = check_random_state(config.random_state)
    n = len(data)
    batch = min(config.batch_size, n)
    chunks_per_epoch = int(np.ceil(n / batch))
    epochs = min(config.max_iter, MAX_EPOCHS)
    model = MiniBatchKMeans(
        n_clusters=config.n_clusters,
        init=config.init,
        n_init=config.resolved_n_init,
        batch_size=batch,
        random_state=config.random_state,
    )
    scale = float(np.sqrt(data.var(axis=0).sum())) or 1.0
    previous = None
    done_epochs = 0
    for epoch in range(epochs):
        order = rng.permutation(n)
        for chunk in range(chunks_per_epoch):
            check_cancel(should_stop)
            model.partial_fit(data[order[chunk * batch : (chunk + 1) * batch]])
            if progress is not None:
                progress(epoch * chunks_per_epoch + chunk + 1, epochs * chunks_per_epoch)
        done_epochs = epoch + 1
        centers = model.cluster_centers_.copy()
        if previous is not None and np.abs(centers - previous).max() < CONVERGENCE * scale:
            break
        previous = centers
    if progress is not None:
        progress(epochs * chunks_per_epoch, epochs * chunks_per_epoch)
    labels = model.predict(data)
    return ClusteringResult(
        centroids=model.cluster_centers_,
        labels=labels,
        inertia=sum_of_squares(data - model.cluster_centers_[labels]),
        n_iter=done_epochs,
        seconds=time.perf_counter() - started,
        config=config,
    )
