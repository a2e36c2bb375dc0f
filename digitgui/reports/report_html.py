"""A single self-contained HTML report of one clustering (pictures inlined as data URIs).

Every piece of text that comes from data or parameters goes through :func:`html.escape`;
the page loads nothing from anywhere else, so it opens offline and can be mailed as is.
"""

from __future__ import annotations

import base64
import html
import os
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

from digitgui import __version__
from digitgui.model.clustering import Clustering
from digitgui.model.config import KMeansConfig
from digitgui.model.io.atomic import atomic_write
from digitgui.model.metrics import METRIC_INFO
from digitgui.model.space import RawPixels
from digitgui.reports.export import fit_description
from digitgui.reports.figures import (
    centroid_grid_figure,
    cluster_sizes_figure,
    contingency_figure,
    figure_png,
)

STYLE = """
body { font-family: sans-serif; margin: 2em auto; max-width: 60em; color: #222; }
h1 { font-size: 1.5em; } h2 { font-size: 1.2em; margin-top: 1.6em; }
table { border-collapse: collapse; margin: 0.5em 0; }
th, td { border: 1px solid #ccc; padding: 0.25em 0.6em; text-align: left; vertical-align: top; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
img { max-width: 100%; height: auto; }
.muted { color: #666; font-size: 0.9em; }
"""


def export_html_report(
    path: str | os.PathLike, clustering: Clustering, config: KMeansConfig
) -> Path:
    """Write :func:`html_report` to ``path`` atomically (UTF-8)."""
    return atomic_write(path, html_report(clustering, config).encode("utf-8"))


def html_report(clustering: Clustering, config: KMeansConfig) -> str:
    """The report as one HTML document: the algorithm and its parameters (``config`` for a
    KMeans fit, else those of ``clustering.method``), every metric with its meaning,
    centroid pictures, cluster sizes, clusters × classes, and notes."""
    dataset, evaluation = clustering.dataset, clustering.evaluation
    notes = list(dataset.notes) + list(evaluation.notes)
    parts = [
        f"<h1>Clustering report: {_e(dataset.name)}</h1>",
        _summary(clustering),
        "<h2>Parameters</h2>",
        _parameters_table(fit_description(config, clustering.method)),
        "<h2>Metrics</h2>",
        _metrics_table(evaluation.metrics),
    ]
    pictures = _centroid_pictures(clustering)
    if pictures is not None:
        centroids, side, note = pictures
        if note:
            notes.append(note)
        parts += [
            "<h2>Centroids</h2>",
            _image(centroid_grid_figure(centroids, side, _titles(clustering)), "Centroid pictures"),
        ]
    else:
        notes.append("The samples are not square pictures: no centroid pictures.")
    parts += [
        "<h2>Cluster sizes</h2>",
        _image(
            cluster_sizes_figure(evaluation.cluster_sizes, evaluation.cluster_digits),
            "Bar chart of cluster sizes",
        ),
    ]
    if evaluation.contingency is not None and evaluation.classes is not None:
        parts += [
            "<h2>Clusters and true classes</h2>",
            _image(
                contingency_figure(evaluation.contingency, evaluation.classes),
                "Heatmap of clusters by true class",
            ),
        ]
    else:
        notes.append("The data set has no true labels: label-based metrics are not shown.")
    if notes:  # no heading over an empty list
        parts += ["<h2>Notes</h2>", "<ul>" + "".join(f"<li>{_e(n)}</li>" for n in notes) + "</ul>"]
    title = _e(f"digitgui report: {dataset.name}")
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
        + "\n".join(parts)
        + "\n</body>\n</html>\n"
    )


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _summary(clustering: Clustering) -> str:
    dataset, result = clustering.dataset, clustering.result
    created = datetime.now(timezone.utc).isoformat(timespec="seconds")
    rows = [
        ["Data set", dataset.name],
        ["Samples", f"{dataset.n_samples:,}"],
        ["Features", f"{dataset.n_features:,}"],
        ["Feature space", getattr(clustering.space, "name", type(clustering.space).__name__)],
        ["Clusters", f"{result.n_clusters}"],
        ["Inertia", f"{result.inertia:,.4g}"],
        ["Iterations", f"{result.n_iter}"],
        ["Fit time", f"{result.seconds:.3f} s"],
    ]
    if clustering.method:  # not a KMeans fit: no iterations were counted
        rows = [row for row in rows if row[0] != "Iterations"]
    table = _table(None, [[_e(a), _e(b)] for a, b in rows])
    return f'{table}\n<p class="muted">Made by digitgui {_e(__version__)} on {_e(created)}.</p>'


def _parameters_table(description: dict) -> str:
    rows = [["Algorithm", description["algorithm"]]]
    rows += [[name, value] for name, value in description["parameters"].items()]
    if "estimator" in description:
        rows.append(["scikit-learn estimator", description["estimator"]])
    return _table(["Parameter", "Value"], [[_e(name), _e(value)] for name, value in rows])


def _metrics_table(metrics: dict[str, float]) -> str:
    rows = []
    for name, value in metrics.items():
        info = METRIC_INFO.get(name)
        label = info.label if info else name
        better = "" if info is None else ("higher" if info.higher_is_better else "lower")
        rows.append(
            [
                _e(label),
                f'<td class="num">{_e(f"{value:.4g}")}</td>',
                _e(info.value_range if info else ""),
                _e(better),
                _e(info.description if info else ""),
            ]
        )
    return _table(["Metric", "Value", "Range", "Better", "Meaning"], rows)


def _table(columns: list[str] | None, rows: list[list[str]]) -> str:
    """A table of already-escaped cells (a cell starting with ``<td`` is used as is)
    under the ``columns`` headings (none when None)."""
    head = (
        "" if columns is None else "<tr>" + "".join(f"<th>{_e(c)}</th>" for c in columns) + "</tr>"
    )
    body = "".join(
        "<tr>" + "".join(c if c.startswith("<td") else f"<td>{c}</td>" for c in row) + "</tr>"
        for row in rows
    )
    return f"<table>{head}{body}</table>"


def _image(figure, alt: str) -> str:
    encoded = base64.b64encode(figure_png(figure)).decode("ascii")
    return f'<p><img alt="{_e(alt)}" src="data:image/png;base64,{encoded}"></p>'


def _titles(clustering: Clustering) -> list[str]:
    sizes = clustering.evaluation.cluster_sizes
    digits = clustering.evaluation.cluster_digits
    titles = []
    for cluster, size in enumerate(sizes):
        digit = "" if digits is None or digits[cluster] < 0 else f" · {digits[cluster]}"
        titles.append(f"{cluster}{digit} (n={size})")
    return titles


def _centroid_pictures(clustering: Clustering) -> tuple[np.ndarray, int, str | None] | None:
    """Centroids as pictures: the centroids themselves when KMeans ran on the raw pixels,
    otherwise the mean picture of each cluster's members. None without pictures."""
    dataset, result = clustering.dataset, clustering.result
    side = dataset.image_side
    if side is None or dataset.n_features != side * side:
        return None
    if isinstance(clustering.space, RawPixels):
        return result.centroids, side, None
    means = clustering.pixel_centres()
    space = getattr(clustering.space, "name", "another feature space")
    note = f"Centroid pictures show each cluster's mean picture (KMeans ran in {space})."
    return means, side, note
