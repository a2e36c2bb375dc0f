"""The exported script and notebook, run in a subprocess, print exactly what the app shows."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import numpy as np
import pytest

from digitgui.model import KMeansConfig, load_dataset, load_digits_dataset
from digitgui.model.algorithms import run_algorithm
from digitgui.model.clustering import cluster_dataset, clustering_from_labels
from digitgui.model.dataset import Dataset
from digitgui.model.metrics import EXTERNAL_METRICS, INTERNAL_METRICS, METRIC_INFO
from digitgui.model.space import make_space
from digitgui.reports.script import export_notebook, export_python_script, notebook
from digitgui.widgets.metrics_table import format_metric

RUN_TIMEOUT_S = 300

# Runs every code cell of a notebook, in order, in one namespace (what a kernel does).
CELL_RUNNER = """
import json, sys
cells = json.load(open(sys.argv[1], encoding="utf-8"))["cells"]
namespace = {"__name__": "__main__"}
for cell in cells:
    if cell["cell_type"] == "code":
        exec(compile("".join(cell["source"]), "<cell>", "exec"), namespace)
"""


def shown_by_app(clustering) -> dict[str, str]:
    """What the metrics panel shows: label → text (MetricsTable formats with format_metric)."""
    names = list(INTERNAL_METRICS)
    if clustering.dataset.target is not None:
        names += list(EXTERNAL_METRICS)
    values = clustering.evaluation.metrics
    return {METRIC_INFO[name].label: format_metric(values.get(name)) for name in names}


def _run(args: list[str], cwd) -> subprocess.CompletedProcess:
    env = {**os.environ, "MPLBACKEND": "Agg", "PYTHONIOENCODING": "utf-8"}
    env.pop("PYTHONPATH", None)
    return subprocess.run(
        [sys.executable, *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=RUN_TIMEOUT_S,
    )


def printed_metrics(stdout: str) -> dict[str, str]:
    pairs = [line.split(": ", 1) for line in stdout.splitlines() if ": " in line]
    return {name: value for name, value in pairs}


def run_script(clustering, tmp_path) -> dict[str, str]:
    path = export_python_script(tmp_path / "clustering.py", clustering)
    assert "import digitgui" not in path.read_text() and "from digitgui" not in path.read_text()
    done = _run([str(path)], tmp_path)
    assert done.returncode == 0, done.stderr
    return printed_metrics(done.stdout)


def run_notebook(clustering, tmp_path) -> dict[str, str]:
    path = export_notebook(tmp_path / "clustering.ipynb", clustering)
    runner = tmp_path / "run_cells.py"
    runner.write_text(CELL_RUNNER)
    done = _run([str(runner), str(path)], tmp_path)
    assert done.returncode == 0, done.stderr
    return printed_metrics(done.stdout)


@pytest.fixture(scope="module")
def digits_runs():
    digits = load_digits_dataset()
    return {
        "default": cluster_dataset(digits, KMeansConfig()),
        "pca-k7": cluster_dataset(
            digits, KMeansConfig(n_clusters=7), make_space("PCA (20 components)")
        ),
    }


@pytest.mark.parametrize("run", ["default", "pca-k7"])
def test_script_prints_exactly_the_app_metrics(digits_runs, run, tmp_path):
    clustering = digits_runs[run]
    expected = shown_by_app(clustering)
    assert len(expected) == 13
    assert run_script(clustering, tmp_path) == expected


@pytest.mark.parametrize("run", ["default", "pca-k7"])
def test_notebook_cells_print_exactly_the_app_metrics(digits_runs, run, tmp_path):
    clustering = digits_runs[run]
    assert run_notebook(clustering, tmp_path) == shown_by_app(clustering)


def test_notebook_is_valid_nbformat_4(digits_runs):
    nbformat = pytest.importorskip("nbformat")
    document = notebook(digits_runs["default"])
    assert document["nbformat"] == 4
    nbformat.validate(nbformat.from_dict(json.loads(json.dumps(document))))
    first = "".join(document["cells"][0]["source"])
    assert "Exported by digitgui" in first and "scikit-learn" in first


def _csv(tmp_path, with_label: bool, header: bool):
    digits = load_digits_dataset()
    rows = digits.data[:400].astype(int)
    if with_label:
        rows = np.column_stack([rows, digits.target[:400]])
    path = tmp_path / "d.csv"
    names = [f"pixel{i}" for i in range(64)] + (["label"] if with_label else [])
    lines = [",".join(names)] if header else []
    lines += [",".join(map(str, row)) for row in rows]
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.mark.parametrize(
    ("kind", "space"),
    [
        ("csv-label", "Raw pixels"),
        ("csv-plain", "Standardized pixels"),
        ("csv-noheader", "Raw pixels"),
        ("npy-label-first", "PCA whitened (20)"),
        ("npz", "Raw pixels"),
        ("npy-255", "Raw pixels"),
    ],
)
def test_files_are_read_again_with_plain_numpy(kind, space, tmp_path):
    digits = load_digits_dataset()
    X, y = digits.data[:300], digits.target[:300]
    if kind == "csv-label":
        path = _csv(tmp_path, True, True)
    elif kind == "csv-plain":
        path = _csv(tmp_path, False, True)
    elif kind == "csv-noheader":
        path = _csv(tmp_path, True, False)
    elif kind == "npy-label-first":
        path = tmp_path / "d.npy"
        np.save(path, np.column_stack([y, X]).astype(np.int16))
    elif kind == "npz":
        path = tmp_path / "d.npz"
        np.savez(path, X=X.reshape(-1, 8, 8), y=np.array([f"d{v}" for v in y]))
    else:
        path = tmp_path / "d.npy"
        np.save(path, (X * 255 / 16).round().astype(np.uint8))
    dataset = load_dataset(path)
    clustering = cluster_dataset(dataset, KMeansConfig(n_clusters=6), make_space(space))
    script = export_python_script(tmp_path / "s.py", clustering).read_text()
    assert "SystemExit" not in script  # reproducible
    assert str(path) in script
    assert run_script(clustering, tmp_path) == shown_by_app(clustering)


def test_chosen_label_column_and_other_algorithms_are_reproduced(tmp_path):
    path = _csv(tmp_path, True, True)
    dataset = load_dataset(path, label_column=3)  # a pixel as "labels", on purpose
    assert dataset.source.label_column == 3
    row = run_algorithm("Agglomerative (ward)", dataset.data, dataset.target, 8)
    clustering = clustering_from_labels(
        dataset, make_space("Raw pixels"), dataset.data, row.labels, method=row.code
    )
    assert run_script(clustering, tmp_path) == shown_by_app(clustering)


def test_hdbscan_noise_cluster_is_reproduced(digits_runs, tmp_path):
    digits = digits_runs["default"].dataset
    row = run_algorithm("HDBSCAN", digits.data, digits.target, 10)
    clustering = clustering_from_labels(
        digits, make_space("Raw pixels"), digits.data, row.labels, method=row.code
    )
    assert run_script(clustering, tmp_path) == shown_by_app(clustering)


def test_minibatch_is_reproduced(digits_runs, tmp_path):
    digits = digits_runs["default"].dataset
    clustering = cluster_dataset(digits, KMeansConfig(method="minibatch", batch_size=256))
    assert run_script(clustering, tmp_path) == shown_by_app(clustering)


def test_data_made_in_the_app_is_stated_not_faked(tmp_path):
    digits = load_digits_dataset()
    made = Dataset(digits.data[:200] / 2, None, None, "half the digits")
    clustering = cluster_dataset(made, KMeansConfig(n_clusters=3))
    path = export_python_script(tmp_path / "s.py", clustering)
    done = _run([str(path)], tmp_path)
    assert done.returncode != 0
    assert "cannot re-read the data (half the digits)" in done.stderr
    assert "made inside the app" in done.stderr


def test_a_changed_file_is_stated_not_faked(tmp_path):
    path = _csv(tmp_path, True, True)
    clustering = cluster_dataset(load_dataset(path), KMeansConfig(n_clusters=4))
    path.write_text(path.read_text().replace("\n0,", "\n1,", 1))
    script = export_python_script(tmp_path / "s.py", clustering).read_text()
    assert "other values than the app read" in script
