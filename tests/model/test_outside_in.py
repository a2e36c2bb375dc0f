"""Model-layer cases found by the outside stress run.

Before: opening a model fitted on other data raised a plain ``ValueError``, which the
app logged at ERROR with a traceback; data whose samples are all the same (a constant
``.npy``) made PCA divide zero by zero (a ``RuntimeWarning`` on stderr, the PCA map tab
failing) and the whitened PCA space turn rounding noise into clusters with metrics.
"""

from __future__ import annotations

import numpy as np
import pytest

from digitgui.model.clustering import restore_clustering
from digitgui.model.config import KMeansConfig
from digitgui.model.dataset import Dataset
from digitgui.model.io.errors import InputError
from digitgui.model.kmeans import fit_kmeans
from digitgui.model.projection import METHODS, project
from digitgui.model.space import SPACES


def test_a_model_of_other_data_is_an_input_error(digits):
    other = fit_kmeans(np.random.default_rng(0).random((50, 30)), KMeansConfig(n_clusters=3))
    with pytest.raises(InputError, match="fitted on 50 samples × 30 features"):
        restore_clustering(digits, other)


@pytest.mark.parametrize("method", METHODS)
def test_a_map_of_identical_samples_is_refused_or_made_without_warnings(method):
    same = np.zeros((40, 64))
    try:
        projection = project(same, method)  # warnings are errors in this suite
    except InputError as error:
        assert "every sample is the same" in str(error) and method in ("PCA", "t-SNE")
    else:
        assert np.isfinite(projection.coords).all()


@pytest.mark.parametrize("name", [name for name in SPACES if name.startswith("PCA")])
def test_a_pca_space_of_identical_samples_says_so(name):
    with pytest.raises(InputError, match="every sample is the same"):
        SPACES[name]().fit_transform(np.full((40, 64), 3.0))


def test_identical_samples_still_cluster_in_raw_pixels():
    same = np.full((30, 64), 5.0)
    dataset = Dataset(same, same.reshape(-1, 8, 8), None, "same")
    from digitgui.model.clustering import cluster_dataset

    clustering = cluster_dataset(dataset, KMeansConfig(n_clusters=3))
    assert clustering.result.inertia == 0.0


def test_each_kept_drawing_is_encoded_once_however_often_the_file_is_saved(tmp_path, monkeypatch):
    # Every keep saves every drawing: 40 kept scribbles took 0.2 s of encoding per keep.
    from digitgui.model.io import drawings as store

    stroke = [(10.0 + i % 90, 20.0 + i % 70) for i in range(500)]
    kept = [store.KeptDrawing.make(i % 10, [stroke], 18.0) for i in range(5)]
    encoded = []
    original = store.KeptDrawing.to_json
    monkeypatch.setattr(
        store.KeptDrawing, "to_json", lambda self: encoded.append(1) or original(self)
    )
    for n in range(1, 6):
        store.save_drawings(tmp_path / "d.json", kept[:n])
    assert len(encoded) == 5
    loaded = store.load_drawings(tmp_path / "d.json")
    assert loaded.drawings == tuple(kept) and not loaded.problems


def test_a_windows_1252_csv_is_read_and_says_so(tmp_path, digits):
    # Excel on Windows saves CSV as Windows-1252: one "é" in the header made the file
    # unreadable ("byte 0xe9 is not UTF-8 text").
    from digitgui.model.io.datasets import load_dataset

    header = ",".join([f"pixel{i}" for i in range(63)] + ["café", "label"])
    rows = [
        ",".join([f"{v:g}" for v in row] + [str(t)])
        for row, t in zip(digits.data[:30], digits.target[:30], strict=True)
    ]
    path = tmp_path / "excel.csv"
    path.write_bytes((header + "\n" + "\n".join(rows) + "\n").encode("cp1252"))
    dataset = load_dataset(path)
    np.testing.assert_array_equal(dataset.data, digits.data[:30])
    np.testing.assert_array_equal(dataset.target, digits.target[:30])
    assert "read as Windows-1252 text (it is not UTF-8)" in dataset.notes
