"""Export one clustering: centroid pictures (PNG), labels (CSV), metrics (JSON).

Every file is written atomically (:func:`digitgui.model.io.atomic.atomic_write`): an
interrupted export leaves the previous file, never half of a new one.
"""

from __future__ import annotations

import ast
import csv
import io
import json
import math
import os
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

from digitgui.model.config import KMeansConfig
from digitgui.model.io.atomic import atomic_write
from digitgui.model.metrics import METRIC_INFO, Evaluation
from digitgui.reports.figures import centroid_grid_figure, figure_png

METRICS_FORMAT = "digitgui-metrics"
METRICS_VERSION = 1


def export_centroid_grid_png(
    path: str | os.PathLike,
    centroids: np.ndarray,
    image_side: int,
    labels_text: list[str] | None = None,
) -> Path:
    """Save the centroids as a grid of ``image_side`` × ``image_side`` pictures.

    Parameters
    ----------
    path : the PNG file to write.
    centroids : (k, image_side²) centroids in pixel space.
    image_side : side of each picture (8 for the digits).
    labels_text : a caption for each centroid; "Cluster i" by default.

    Raises
    ------
    ValueError
        When the centroids are not pictures of that side or the captions do not match.
    """
    return atomic_write(path, figure_png(centroid_grid_figure(centroids, image_side, labels_text)))


def export_labels_csv(
    path: str | os.PathLike,
    labels: np.ndarray,
    target: np.ndarray | None = None,
    cluster_digits: np.ndarray | None = None,
) -> Path:
    """Save one row per sample: ``sample,cluster`` (and ``true_label`` when known, and
    ``cluster_digit``, the majority digit of the sample's cluster, when given).

    Raises
    ------
    ValueError
        When ``labels`` is not 1-D or ``target`` has another length.
    """
    labels = np.asarray(labels)
    if labels.ndim != 1:
        raise ValueError(f"labels must be one cluster id per sample, got shape {labels.shape}")
    columns = [np.arange(len(labels)), labels.astype(np.int64)]
    header = ["sample", "cluster"]
    if target is not None:
        target = np.asarray(target)
        if target.shape != labels.shape:
            raise ValueError(f"{len(target)} true labels for {len(labels)} samples")
        columns.append(target.astype(np.int64))
        header.append("true_label")
    if cluster_digits is not None:
        columns.append(np.asarray(cluster_digits, dtype=np.int64)[labels.astype(np.int64)])
        header.append("cluster_digit")
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(np.column_stack(columns).tolist())
    return atomic_write(path, buffer.getvalue().encode("utf-8"))


def fit_description(config: KMeansConfig, method: str = "") -> dict:
    """What made the clusters, as plain JSON values.

    ``{"algorithm": name, "parameters": {...}}``: for a KMeans fit (``method`` "") the
    estimator (KMeans, or MiniBatchKMeans for ``config.method == "minibatch"``) and every
    field of ``config``; for clusters made by another algorithm (``Clustering.method``,
    scikit-learn source such as ``"AgglomerativeClustering(n_clusters=10, linkage='ward')"``)
    that estimator, its keyword arguments, and the source itself under ``"estimator"``.
    """
    if not method:
        name = "MiniBatchKMeans" if config.method == "minibatch" else "KMeans"
        return {"algorithm": name, "parameters": config.to_dict()}
    name, parameters = _estimator_call(method)
    return {"algorithm": name, "parameters": parameters, "estimator": method}


def _estimator_call(source: str) -> tuple[str, dict]:
    """(name, keyword arguments) of ``Name(keyword=literal, …)``, read without running it;
    the name alone, and no parameters, when the source is not such a call."""
    try:
        call = ast.parse(source, mode="eval").body
        if isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and not call.args:
            return call.func.id, {
                keyword.arg: ast.literal_eval(keyword.value)
                for keyword in call.keywords
                if keyword.arg is not None
            }
    except (SyntaxError, ValueError):
        pass
    return source.split("(", 1)[0].strip(), {}


def metrics_document(
    evaluation: Evaluation, config: KMeansConfig, dataset_name: str, method: str = ""
) -> dict:
    """The metrics, tables and parameters as plain JSON values (non-finite → null).

    ``algorithm`` and ``parameters`` (:func:`fit_description`) say what made the clusters;
    ``config`` is the KMeans configuration of a KMeans fit, null for clusters made by
    another algorithm (``method``, see :attr:`Clustering.method`).
    """
    metrics = {}
    for name, value in evaluation.metrics.items():
        info = METRIC_INFO.get(name)
        metrics[name] = {
            "value": _finite_or_none(value),
            "label": info.label if info else name,
            "description": info.description if info else "",
            "range": info.value_range if info else "",
            "higher_is_better": info.higher_is_better if info else None,
        }
    return {
        "format": METRICS_FORMAT,
        "version": METRICS_VERSION,
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "dataset": dataset_name,
        **fit_description(config, method),
        "config": None if method else config.to_dict(),
        "metrics": metrics,
        "cluster_sizes": _plain(evaluation.cluster_sizes),
        "classes": _plain(evaluation.classes),
        "contingency": _plain(evaluation.contingency),
        "cluster_digits": _plain(evaluation.cluster_digits),
        "cluster_purity": _plain(evaluation.cluster_purity),
        "silhouette_sample_size": evaluation.silhouette_sample_size,
        "notes": list(evaluation.notes),
    }


def export_metrics_json(
    path: str | os.PathLike,
    evaluation: Evaluation,
    config: KMeansConfig,
    dataset_name: str,
    method: str = "",
) -> Path:
    """Save :func:`metrics_document` as UTF-8 JSON (strict: no NaN tokens)."""
    document = metrics_document(evaluation, config, dataset_name, method)
    text = json.dumps(document, indent=2, ensure_ascii=False, allow_nan=False)
    return atomic_write(path, (text + "\n").encode("utf-8"))


def _finite_or_none(value: float) -> float | None:
    value = float(value)
    return value if math.isfinite(value) else None


def _plain(array: np.ndarray | None) -> list | None:
    """An array as nested lists of int/float (non-finite floats → None)."""
    if array is None:
        return None
    array = np.asarray(array)
    if array.dtype.kind in "biu":
        return array.astype(np.int64).tolist()
    cleaned = array.astype(np.float64).astype(object)  # Python floats, JSON-ready
    cleaned[~np.isfinite(array)] = None
    return cleaned.tolist()
