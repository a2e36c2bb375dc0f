"""Export a clustering as a self-contained Python script or Jupyter notebook.

The code uses numpy, scipy, scikit-learn and matplotlib only (no digitgui): it reads the
same data, maps it into the same feature space, fits with the same parameters and prints
every metric of the metrics panel as ``name: value`` lines, formatted as the panel shows
them, then draws the cluster centres. Where a step cannot be redone in plain code (data
made inside the app, pictures converted by the drawing recipe) the script says so at
that step and stops there.
"""

from __future__ import annotations

import json
import os
import platform
import textwrap
from dataclasses import dataclass
from datetime import datetime, timezone

import numpy as np

from digitgui.model.clustering import Clustering
from digitgui.model.io.atomic import atomic_write
from digitgui.model.metrics import EXTERNAL_METRICS, INTERNAL_METRICS, METRIC_INFO
from digitgui.model.space import RawPixels
from digitgui.reports.script_parts import (
    NotReproducible,
    estimator_code,
    kmeans_code,
    load_code,
    metrics_code,
    plot_code,
    space_code,
)

NOTEBOOK_FORMAT = (4, 5)


@dataclass(frozen=True)
class Step:
    """One step of the exported code: a title (a comment / a markdown cell) and code."""

    title: str
    code: str


def check_loading(code: str, data: np.ndarray, target: np.ndarray | None) -> None:
    """Run the loading ``code`` here and compare its ``X`` and ``y`` with the app's.

    Raises
    ------
    NotReproducible
        When the code fails or reads other values than the app did.
    """
    namespace: dict = {"np": np}
    try:
        exec(compile(code, "<exported loading code>", "exec"), namespace)  # our own code
    except Exception as error:  # the file may have changed or moved since it was opened
        raise NotReproducible(f"reading it again failed ({error})") from error
    X, y = namespace.get("X"), namespace.get("y")
    same_x = X is not None and X.shape == data.shape and np.array_equal(X, data)
    same_y = (y is None and target is None) or (
        y is not None and target is not None and np.array_equal(y, target)
    )
    if not (same_x and same_y):
        raise NotReproducible(
            "reading the file with plain numpy gives other values than the app read "
            "(was the file changed since it was opened?)"
        )


def steps(clustering: Clustering) -> list[Step]:
    """The exported code, step by step (the script and the notebook share them)."""
    dataset, space = clustering.dataset, clustering.space
    config = clustering.result.config
    try:
        load = load_code(dataset.source)
        check_loading(load, dataset.data, dataset.target)
    except NotReproducible as why:
        message = (
            f"This script cannot re-read the data ({dataset.name}): {why}. Replace this "
            "step with code that sets X, an (n, d) float array, and y, the (n,) true "
            "labels or None."
        )
        load = f"raise SystemExit({message!r})\n"
    try:
        mapped = space_code(space)
    except NotReproducible as why:
        mapped = f"raise SystemExit({str(why)!r})\n"
    if clustering.method:
        fit_title = f"Cluster with {clustering.method}"
        fit = estimator_code(clustering.method)
    else:
        fit_title = f"Fit KMeans with k = {config.n_clusters}"
        fit = kmeans_code(config)
    names = list(INTERNAL_METRICS)
    if dataset.target is not None:
        names += list(EXTERNAL_METRICS)
    shown = [(name, METRIC_INFO[name].label) for name in names]
    square = dataset.images is not None and dataset.images.shape[1:] == (
        dataset.image_side,
        dataset.image_side,
    )
    return [
        Step("Imports", "import numpy as np\n"),
        Step(f"Load the data: {dataset.name}", load),
        Step(f"Feature space: {space.name}", mapped),
        Step(fit_title, fit),
        Step(
            "Metrics, as digitgui's metrics panel shows them",
            metrics_code(shown, dataset.target is not None),
        ),
        Step("Cluster centres", plot_code(square, isinstance(space, RawPixels))),
    ]


def header_lines(clustering: Clustering) -> list[str]:
    """What produced the code, from which run, with which versions."""
    import matplotlib
    import scipy
    import sklearn

    from digitgui import __version__

    result, dataset = clustering.result, clustering.dataset
    config = result.config
    what = clustering.method
    if not what:
        args = ", ".join(f"{key}={value!r}" for key, value in config.sklearn_kwargs().items())
        kind = "MiniBatchKMeans (chunked as in the app)" if config.method == "minibatch" else ""
        what = f"{kind or 'KMeans'}({args})"
    when = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return [
        f"Exported by digitgui {__version__} on {when} from the run it showed:",
        f"  data: {dataset.name} ({dataset.n_samples} samples × {dataset.n_features})",
        f"  feature space: {clustering.space.name}",
        *textwrap.wrap(f"clustering: {what}", 86, initial_indent="  ", subsequent_indent="    "),
        f"Written with Python {platform.python_version()}, numpy {np.__version__}, "
        f"scipy {scipy.__version__},",
        f"scikit-learn {sklearn.__version__}, matplotlib {matplotlib.__version__}. It needs "
        "only those (not digitgui);",
        "with the same versions it prints exactly the metrics the app showed.",
    ]


def python_script(clustering: Clustering) -> str:
    """The clustering as one self-contained Python script (source text)."""
    lines = ['"""Reproduce a digitgui clustering with plain scikit-learn.', ""]
    lines += header_lines(clustering)
    lines += ['"""', ""]
    for step in steps(clustering):
        lines += ["", f"# --- {step.title} " + "-" * max(3, 80 - len(step.title)), ""]
        lines.append(step.code.rstrip("\n"))
    return "\n".join(lines).rstrip() + "\n"


def notebook(clustering: Clustering) -> dict:
    """The clustering as a Jupyter notebook (nbformat 4 JSON as a dict)."""
    header = header_lines(clustering)
    cells = [_markdown(0, "# Reproduce a digitgui clustering\n\n" + "\n".join(header))]
    for step in steps(clustering):
        cells.append(_markdown(len(cells), f"## {step.title}"))
        cells.append(_code(len(cells), step.code.rstrip("\n")))
    return {
        "nbformat": NOTEBOOK_FORMAT[0],
        "nbformat_minor": NOTEBOOK_FORMAT[1],
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python", "version": platform.python_version()},
        },
        "cells": cells,
    }


def _source(text: str) -> list[str]:
    return text.splitlines(keepends=True)


def _markdown(index: int, text: str) -> dict:
    return {"cell_type": "markdown", "id": f"cell-{index}", "metadata": {}, "source": _source(text)}


def _code(index: int, text: str) -> dict:
    return {
        "cell_type": "code",
        "id": f"cell-{index}",
        "metadata": {},
        "execution_count": None,
        "outputs": [],
        "source": _source(text),
    }


def export_python_script(path: str | os.PathLike, clustering: Clustering):
    """Write :func:`python_script` to ``path`` (atomically)."""
    return atomic_write(path, python_script(clustering).encode("utf-8"))


def export_notebook(path: str | os.PathLike, clustering: Clustering):
    """Write :func:`notebook` to ``path`` as ``.ipynb`` JSON (atomically)."""
    text = json.dumps(notebook(clustering), indent=1, ensure_ascii=False) + "\n"
    return atomic_write(path, text.encode("utf-8"))
