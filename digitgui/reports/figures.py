"""Static report figures: matplotlib ``Figure`` + Agg canvas, never pyplot, never Qt."""

from __future__ import annotations

import io
import math
from collections.abc import Sequence

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

GRID_COLUMNS = 10  # centroid thumbnails per row
ANNOTATE_LIMIT = 600  # write the count in each heatmap cell up to this many cells


def figure_png(figure: Figure, dpi: int = 100) -> bytes:
    """The figure rendered to PNG bytes by the Agg canvas."""
    FigureCanvasAgg(figure)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()


def centroid_grid_figure(
    centroids: np.ndarray, image_side: int, titles: Sequence[str] | None = None
) -> Figure:
    """Each centroid (k, side²) drawn as a side × side grey picture, ink dark.

    Raises
    ------
    ValueError
        When the centroids are not side² long, or the titles do not match them.
    """
    centroids = np.asarray(centroids, dtype=np.float64)
    if centroids.ndim != 2 or centroids.shape[1] != image_side * image_side:
        raise ValueError(
            f"centroids of shape {centroids.shape} are not {image_side}×{image_side} pictures"
        )
    count = len(centroids)
    titles = list(titles) if titles is not None else [f"Cluster {i}" for i in range(count)]
    if len(titles) != count:
        raise ValueError(f"{len(titles)} titles for {count} centroids")
    columns = min(GRID_COLUMNS, count)
    rows = math.ceil(count / columns)
    figure = Figure(figsize=(1.1 * columns, 1.3 * rows), layout="constrained")
    low, high = min(0.0, float(centroids.min())), max(float(centroids.max()), 1e-12)
    for index, axes in enumerate(figure.subplots(rows, columns, squeeze=False).ravel()):
        axes.set_axis_off()
        if index < count:
            picture = centroids[index].reshape(image_side, image_side)
            axes.imshow(picture, cmap="gray_r", vmin=low, vmax=high, interpolation="nearest")
            axes.set_title(titles[index], fontsize=8)
    return figure


def cluster_sizes_figure(sizes: np.ndarray, digits: np.ndarray | None = None) -> Figure:
    """Bar chart of the samples in each cluster, labelled with its majority digit."""
    sizes = np.asarray(sizes)
    figure = Figure(figsize=(max(4.0, 0.45 * len(sizes) + 1.5), 3.0), layout="constrained")
    axes = figure.add_subplot()
    positions = np.arange(len(sizes))
    bars = axes.bar(positions, sizes, color="#4c72b0")
    axes.bar_label(bars, fontsize=7)
    names = [str(i) for i in positions]
    if digits is not None:
        names = [
            f"{i}\n({d})" if d >= 0 else f"{i}\n(–)" for i, d in zip(positions, digits, strict=True)
        ]
        axes.set_xlabel("cluster (majority digit)")
    else:
        axes.set_xlabel("cluster")
    axes.set_xticks(positions, names, fontsize=7)
    axes.set_ylabel("samples")
    axes.set_title("Cluster sizes", fontsize=10)
    return figure


def contingency_figure(contingency: np.ndarray, classes: np.ndarray) -> Figure:
    """Heatmap of samples of each true class (columns) in each cluster (rows)."""
    contingency = np.asarray(contingency)
    rows, columns = contingency.shape
    figure = Figure(
        figsize=(max(4.0, 0.45 * columns + 2.0), max(3.0, 0.3 * rows + 1.5)), layout="constrained"
    )
    axes = figure.add_subplot()
    image = axes.imshow(contingency, cmap="Blues", aspect="auto", interpolation="nearest")
    figure.colorbar(image, ax=axes, label="samples")
    axes.set_xticks(np.arange(columns), [str(c) for c in classes], fontsize=7)
    axes.set_yticks(np.arange(rows), [str(r) for r in range(rows)], fontsize=7)
    axes.set_xlabel("true class")
    axes.set_ylabel("cluster")
    axes.set_title("Clusters × true classes", fontsize=10)
    if rows * columns <= ANNOTATE_LIMIT:
        threshold = contingency.max() / 2 if contingency.size else 0
        for (row, column), count in np.ndenumerate(contingency):
            if count:
                colour = "white" if count > threshold else "black"
                axes.text(
                    column, row, str(count), ha="center", va="center", fontsize=6, color=colour
                )
    return figure
