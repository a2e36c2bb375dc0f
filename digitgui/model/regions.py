"""Decision regions of KMeans on a 2-D map: the figure of scikit-learn's digits demo.

scikit-learn's example "A demo of K-Means clustering on the handwritten digits data"
fits KMeans on the first two principal components and colours the plane by the cluster
each point of a fine mesh would join. :func:`decision_regions` computes that mesh of
labels (in a worker thread); the view only paints it.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from digitgui.model.jobs import ProgressFn, StopFn, check_cancel

#: Mesh cells along the longer side of the plane.
RESOLUTION = 300
#: Margin around the points, as a share of their spread.
PADDING = 0.08


@dataclass(frozen=True, eq=False)
class DecisionRegions:
    """Which cluster each point of a mesh over the plane joins.

    Attributes
    ----------
    labels : (rows, columns) read-only cluster of each mesh cell; row 0 is the lowest y,
        column 0 the lowest x.
    extent : (x_min, x_max, y_min, y_max) of the mesh.
    centroids : (k, 2) KMeans centres in the plane.
    point_labels : (n,) cluster of each map point.
    seconds : wall time (fit and mesh).
    """

    labels: np.ndarray
    extent: tuple[float, float, float, float]
    centroids: np.ndarray
    point_labels: np.ndarray
    seconds: float

    @property
    def n_clusters(self) -> int:
        return int(len(self.centroids))


def decision_regions(
    coords: np.ndarray,
    n_clusters: int,
    *,
    random_state: int = 0,
    resolution: int = RESOLUTION,
    progress: ProgressFn | None = None,
    should_stop: StopFn | None = None,
) -> DecisionRegions:
    """Fit ``KMeans(n_clusters, n_init=4)`` (as the demo does) on the 2-D ``coords`` (n, 2)
    and label a ``resolution``-cell mesh over them by the nearest centre."""
    from sklearn.cluster import KMeans

    coords = np.asarray(coords, dtype=np.float64)
    if coords.ndim != 2 or coords.shape[1] != 2 or len(coords) < n_clusters:
        raise ValueError(f"need at least {n_clusters} points in 2-D, got shape {coords.shape}")
    started = time.perf_counter()
    check_cancel(should_stop)
    if progress is not None:
        progress(0, 2)
    kmeans = KMeans(n_clusters=n_clusters, n_init=4, random_state=random_state).fit(coords)
    check_cancel(should_stop)
    if progress is not None:
        progress(1, 2)
    low, high = coords.min(axis=0), coords.max(axis=0)
    margin = np.maximum((high - low) * PADDING, 1e-9)
    low, high = low - margin, high + margin
    step = float((high - low).max()) / resolution
    xs = np.arange(low[0], high[0] + step, step)
    ys = np.arange(low[1], high[1] + step, step)
    mesh_x, mesh_y = np.meshgrid(xs, ys)  # row = y, column = x
    grid = kmeans.predict(np.column_stack([mesh_x.ravel(), mesh_y.ravel()]))
    labels = grid.reshape(mesh_x.shape).astype(np.int64)
    labels.setflags(write=False)
    centroids = np.array(kmeans.cluster_centers_, copy=True)
    centroids.setflags(write=False)
    point_labels = np.array(kmeans.labels_, dtype=np.int64)
    point_labels.setflags(write=False)
    if progress is not None:
        progress(2, 2)
    extent = (float(xs[0]), float(xs[-1]), float(ys[0]), float(ys[-1]))
    return DecisionRegions(labels, extent, centroids, point_labels, time.perf_counter() - started)
