"""Exports: centroid PNG, labels CSV, metrics JSON and a self-contained HTML report."""

import base64
import csv
import json
import re
import subprocess
import sys
from dataclasses import dataclass, replace

import numpy as np
import pytest
from PIL import Image
from sklearn.cluster import AgglomerativeClustering

from digitgui.model import METRIC_INFO, Dataset, KMeansConfig, evaluate
from digitgui.model.clustering import cluster_dataset, clustering_from_labels
from digitgui.reports import (
    export_centroid_grid_png,
    export_html_report,
    export_labels_csv,
    export_metrics_json,
    html_report,
)
from digitgui.reports.export import metrics_document

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def clustering(digits):
    return cluster_dataset(digits, KMeansConfig())


def data_uri_pngs(page: str) -> list[bytes]:
    found = re.findall(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"', page)
    return [base64.b64decode(item, validate=True) for item in found]


def test_centroid_grid_png(tmp_path, default_fit):
    path = tmp_path / "centroids.png"
    export_centroid_grid_png(path, default_fit.centroids, 8, [f"c{i}" for i in range(10)])
    assert path.read_bytes().startswith(PNG_MAGIC)
    with Image.open(path) as picture:
        width, height = picture.size
    assert width > 2 * height  # ten pictures in one row


def test_centroid_grid_refuses_wrong_shapes(tmp_path, default_fit):
    with pytest.raises(ValueError, match="not 7×7"):
        export_centroid_grid_png(tmp_path / "c.png", default_fit.centroids, 7)
    with pytest.raises(ValueError, match="3 titles for 10"):
        export_centroid_grid_png(tmp_path / "c.png", default_fit.centroids, 8, ["a", "b", "c"])
    assert list(tmp_path.iterdir()) == []


def test_labels_csv(tmp_path, digits, default_fit):
    path = tmp_path / "labels.csv"
    export_labels_csv(path, default_fit.labels, digits.target)
    with open(path, newline="") as stream:
        rows = list(csv.reader(stream))
    assert rows[0] == ["sample", "cluster", "true_label"]
    table = np.array(rows[1:], dtype=int)
    np.testing.assert_array_equal(table[:, 0], np.arange(digits.n_samples))
    np.testing.assert_array_equal(table[:, 1], default_fit.labels)
    np.testing.assert_array_equal(table[:, 2], digits.target)
    export_labels_csv(path, default_fit.labels[:5])
    assert path.read_text().splitlines() == ["sample,cluster"] + [
        f"{i},{c}" for i, c in enumerate(default_fit.labels[:5])
    ]
    with pytest.raises(ValueError, match="true labels"):
        export_labels_csv(path, default_fit.labels, digits.target[:10])


def strict_json(path):
    def refuse(name):
        raise AssertionError(f"non-standard JSON constant {name}")

    return json.loads(path.read_text(encoding="utf-8"), parse_constant=refuse)


def test_metrics_json(tmp_path, clustering):
    path = tmp_path / "metrics.json"
    config = clustering.result.config
    export_metrics_json(path, clustering.evaluation, config, "digits")
    document = strict_json(path)
    assert document["format"] == "digitgui-metrics" and document["dataset"] == "digits"
    assert document["config"] == config.to_dict()
    assert set(document["metrics"]) == set(clustering.evaluation.metrics)
    for name, entry in document["metrics"].items():
        assert entry["value"] == clustering.evaluation.metrics[name]
        assert entry["description"] == METRIC_INFO[name].description
    assert document["cluster_sizes"] == clustering.evaluation.cluster_sizes.tolist()
    assert np.array(document["contingency"]).sum() == clustering.dataset.n_samples


def test_metrics_json_writes_null_for_non_finite_values(tmp_path, clustering):
    evaluation = replace(
        clustering.evaluation,
        metrics={**clustering.evaluation.metrics, "silhouette": float("nan")},
        cluster_purity=np.array([np.inf, 0.5]),
    )
    export_metrics_json(tmp_path / "m.json", evaluation, KMeansConfig(), "d")
    document = strict_json(tmp_path / "m.json")
    assert document["metrics"]["silhouette"]["value"] is None
    assert document["cluster_purity"] == [None, 0.5]


def test_html_report_is_self_contained_and_complete(tmp_path, clustering):
    path = tmp_path / "report.html"
    export_html_report(path, clustering, clustering.result.config)
    page = path.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert not re.search(r'(src|href)="(?!data:)', page)  # nothing loaded from elsewhere
    pictures = data_uri_pngs(page)
    assert len(pictures) == 3  # centroids, sizes, contingency
    assert all(picture.startswith(PNG_MAGIC) for picture in pictures)
    for name in clustering.evaluation.metrics:
        assert METRIC_INFO[name].label in page
        assert METRIC_INFO[name].description.replace("'", "&#x27;") in page
    assert "k-means++" in page and "n_clusters" in page


def test_html_report_escapes_text(clustering):
    hostile = "<script>alert('x')</script> & co"
    dataset = replace(clustering.dataset, name=hostile, notes=("<b>bold</b> note",))
    page = html_report(replace(clustering, dataset=dataset), KMeansConfig())
    assert "<script>" not in page and "<b>bold</b>" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; co" in page
    assert "&lt;b&gt;bold&lt;/b&gt; note" in page


@dataclass(frozen=True)
class HalfScale:
    """A stand-in feature space whose centroids are not pictures in pixel units."""

    name: str = "Half scale <test>"
    can_transform_new: bool = True

    def fit_transform(self, data):
        return self, np.asarray(data)[:, ::2] / 2

    def transform(self, X):
        return np.atleast_2d(X)[:, ::2] / 2


def test_html_report_without_labels_and_in_another_space(digits):
    unlabelled = Dataset(digits.data[:300], digits.images[:300], None, "no labels")
    clustering = cluster_dataset(unlabelled, KMeansConfig(n_clusters=5), HalfScale())
    page = html_report(clustering, KMeansConfig(n_clusters=5))
    assert len(data_uri_pngs(page)) == 2  # centroids (as member means) and sizes
    assert "no true labels" in page and "mean picture" in page
    assert "Half scale &lt;test&gt;" in page
    assert "Adjusted Rand" not in page


def test_html_report_for_data_that_are_not_pictures(digits):
    flat = Dataset(digits.data[:200, :10], None, digits.target[:200], "ten features")
    clustering = cluster_dataset(flat, KMeansConfig(n_clusters=3))
    page = html_report(clustering, KMeansConfig(n_clusters=3))
    assert "no centroid pictures" in page and len(data_uri_pngs(page)) == 2


def test_metrics_of_a_plain_evaluation_match(tmp_path, digits, default_fit):
    evaluation = evaluate(digits.data, default_fit.labels)
    export_metrics_json(tmp_path / "m.json", evaluation, default_fit.config, "d")
    document = strict_json(tmp_path / "m.json")
    assert document["contingency"] is None and "adjusted_rand" not in document["metrics"]


def test_reports_import_no_qt_or_pyplot(tmp_path):
    code = (
        "import sys, numpy as np\n"
        "from digitgui.reports import export_centroid_grid_png\n"
        f"export_centroid_grid_png({str(tmp_path / 'c.png')!r}, np.eye(4, 64), 8)\n"
        "bad = ('PySide6', 'shiboken6', 'pyqtgraph', 'matplotlib.pyplot')\n"
        "print(','.join(m for m in sys.modules if m.startswith(bad)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "" and (tmp_path / "c.png").exists()


def test_html_report_has_no_empty_notes_heading(clustering):
    assert not clustering.dataset.notes and not clustering.evaluation.notes
    page = html_report(clustering, KMeansConfig())
    assert "<h2>Notes</h2>" not in page
    noted = replace(clustering, dataset=replace(clustering.dataset, notes=("a note",)))
    assert "<h2>Notes</h2>\n<ul><li>a note</li></ul>" in html_report(noted, KMeansConfig())


def test_exports_of_another_algorithm_name_it_and_its_parameters(tmp_path, clustering):
    ward = "AgglomerativeClustering(n_clusters=10, linkage='ward')"
    labels = AgglomerativeClustering(n_clusters=10, linkage="ward").fit_predict(clustering.features)
    made = clustering_from_labels(
        clustering.dataset, clustering.space, clustering.features, labels, method=ward
    )
    config = made.result.config  # a placeholder KMeansConfig: not what made the clusters
    path = tmp_path / "metrics.json"
    export_metrics_json(path, made.evaluation, config, "digits", made.method)
    document = strict_json(path)
    assert document["algorithm"] == "AgglomerativeClustering"
    assert document["parameters"] == {"n_clusters": 10, "linkage": "ward"}
    assert document["estimator"] == ward and document["config"] is None
    page = html_report(made, config)
    parameters = page.split("<h2>Parameters</h2>", 1)[1].split("<h2>", 1)[0]
    assert "AgglomerativeClustering" in parameters and "ward" in parameters
    assert "k-means++" not in parameters and "max_iter" not in parameters
    assert "Iterations" not in page  # none were counted


@pytest.mark.parametrize(
    ("method", "name"), [("kmeans", "KMeans"), ("minibatch", "MiniBatchKMeans")]
)
def test_exports_of_a_kmeans_fit_name_the_estimator_and_its_config(
    tmp_path, clustering, method, name
):
    config = KMeansConfig(method=method)
    document = metrics_document(clustering.evaluation, config, "digits")
    assert document["algorithm"] == name
    assert document["parameters"] == document["config"] == config.to_dict()
    assert "estimator" not in document
    parameters = html_report(clustering, config).split("<h2>Parameters</h2>", 1)[1]
    assert f"<td>Algorithm</td><td>{name}</td>" in parameters
