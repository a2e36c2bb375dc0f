"""Hostile data files found by the outside stress run: each gives data or a DatasetError.

Before: a CSV with old Mac line ends (CR only) raised ``_csv.Error`` (a RuntimeError in the
app, logged with a traceback); whole-number labels of 10**17 were kept and the views asked
for 774 PiB; values of 1e308 loaded and made every distance infinite; a file that is no
picture was reported with Pillow's "cannot identify image file <_io.BufferedReader name=6>".
"""

from __future__ import annotations

import json
import os
import stat

import numpy as np
import pytest
from PIL import Image

from digitgui.model.clustering import cluster_dataset
from digitgui.model.config import KMeansConfig
from digitgui.model.dataset import load_digits_dataset
from digitgui.model.io.atomic import SaveError, atomic_write
from digitgui.model.io.datasets import load_dataset
from digitgui.model.io.errors import DatasetError, InputError, labels_to_int
from digitgui.model.io.preview import read_preview
from digitgui.model.projection import METHODS, project
from digitgui.model.space import SPACES
from digitgui.reports.script_parts import AS_LABELS


@pytest.fixture(scope="module")
def digits():
    return load_digits_dataset()


def table(digits, rows: int, labels) -> str:
    header = ",".join([f"p{i}" for i in range(64)] + ["label"])
    lines = [header]
    for sample, label in zip(digits.data[:rows], labels, strict=True):
        lines.append(",".join([f"{v:g}" for v in sample] + [str(label)]))
    return "\n".join(lines) + "\n"


def test_old_mac_line_ends_load_and_preview(tmp_path, digits):
    path = tmp_path / "cr.csv"
    path.write_bytes(table(digits, 40, digits.target[:40]).replace("\n", "\r").encode())
    dataset = load_dataset(path)
    np.testing.assert_array_equal(dataset.data, digits.data[:40])
    np.testing.assert_array_equal(dataset.target, digits.target[:40])
    preview = read_preview(path)
    assert preview is not None and preview.n_columns == 65 and len(preview.rows) == 20


def test_a_cell_too_long_for_the_csv_module_is_a_dataset_error(tmp_path, digits):
    text = table(digits, 20, digits.target[:20])
    path = tmp_path / "long.csv"
    path.write_text("x" * 200_000 + "," + text)  # a 200 kB header cell: _csv.Error before
    with pytest.raises(DatasetError, match="long.csv: not a text table .*field larger"):
        load_dataset(path)
    assert read_preview(path) is None


@pytest.mark.parametrize(
    "labels",
    [np.arange(60) % 10 * 10**15 + 10**17, np.arange(60) % 10 - 50, np.arange(60) % 10 + 20_000],
    ids=["huge", "negative", "above-10000"],
)
def test_unusual_whole_number_labels_are_numbered(tmp_path, digits, labels):
    path = tmp_path / "labels.csv"
    path.write_text(table(digits, 60, labels))
    dataset = load_dataset(path)
    assert dataset.target.min() == 0 and dataset.target.max() == 9
    assert any("10 classes" in note and "numbered 0–9" in note for note in dataset.notes)
    clustering = cluster_dataset(dataset, KMeansConfig(n_clusters=5))  # was a MemoryError
    assert clustering.evaluation.contingency.shape[0] == 5


def test_the_script_numbers_labels_as_the_app_does():
    namespace: dict = {"np": np}
    exec(AS_LABELS, namespace)  # the as_labels() every exported script carries
    for values in (
        np.arange(12) % 4,
        np.arange(12) * 10**15,
        np.arange(12) - 6,
        np.arange(12) + 0.5,
        np.array(["b", "a", "c"]),
        np.array([3.0, 10_000.0]),
        np.array([1.0, 20_000.0]),
    ):
        np.testing.assert_array_equal(namespace["as_labels"](values), labels_to_int(values, "")[0])


def test_values_that_overflow_distances_are_refused(tmp_path, digits):
    data = digits.data[:30].copy()
    data[4, 7] = -1e308
    np.save(tmp_path / "huge.npy", data)
    with pytest.raises(DatasetError, match=r"huge.npy: the value -1e\+308 at index \(4, 7\)"):
        load_dataset(tmp_path / "huge.npy")


def test_a_file_that_is_no_picture_says_so_in_words(tmp_path, digits):
    folder = tmp_path / "pictures"
    folder.mkdir()
    for i in range(3):
        picture = Image.fromarray((digits.images[i] * 15).astype(np.uint8))
        picture.save(folder / f"p{i}_{digits.target[i]}.png")
    (folder / "fake_1.png").write_text("not a picture")
    dataset = load_dataset(folder)
    assert dataset.n_samples == 3
    text = " ".join(dataset.notes)
    assert "fake_1.png (not a picture, or of a kind Pillow cannot read)" in text
    assert "BufferedReader" not in text


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_save_never_replaces_a_fifo_or_device(tmp_path):
    # The rename of an atomic save replaced the target, whatever it was: as root, an
    # export to /dev/null turned the device into a plain file for the whole machine.
    fifo = tmp_path / "out.csv"
    os.mkfifo(fifo)
    with pytest.raises(SaveError, match="out.csv: it is not a regular file"):
        atomic_write(fifo, b"1,2\n")
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert list(tmp_path.iterdir()) == [fifo]  # no temporary file left either


def test_stored_drawings_are_checked_without_being_measured(tmp_path, monkeypatch):
    # Measuring took ~5 ms a drawing: 20,000 kept drawings froze the start for minutes.
    from digitgui.model import features as features_module
    from digitgui.model.io import drawings as store

    stroke = [[float(x), float(20 + x % 7)] for x in range(10, 200, 3)]
    good = {"digit": 3, "pen_width": 18.0, "strokes": [stroke, []]}
    bad = {"digit": 4, "pen_width": 18.0, "strokes": [[[-1e308, 0.0], [1e308, 0.0]]]}
    document = {"format": store.FORMAT, "version": store.VERSION, "drawings": [good, bad]}
    path = tmp_path / "my_drawings.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(document).encode())  # a BOM: still read

    def refuse(*_args, **_kwargs):
        raise AssertionError("reading drawings must not measure them")

    monkeypatch.setattr(features_module, "features_from_strokes", refuse)
    monkeypatch.setattr(store, "features_from_strokes", refuse)
    loaded = store.load_drawings(path)
    assert [d.digit for d in loaded.drawings] == [3] and not loaded.unreadable
    assert loaded.drawings[0].strokes[0][:2] == ((10.0, 23.0), (13.0, 26.0))
    assert loaded.problems == (
        "drawing 2 skipped: the stroke coordinates are too far apart to be one drawing",
    )


@pytest.mark.parametrize("name", list(SPACES))
def test_every_feature_space_fits_or_says_the_data_is_too_small(name):
    # scikit-learn's own messages ("n_components=20 must be between 0 and min(n_samples,
    # n_features)=5 with svd_solver='full'") reached the user, logged as errors.
    rng = np.random.default_rng(0)
    for n in (3, 5, 11, 12, 25):
        space = SPACES[name]()
        try:
            _fitted, features = space.fit_transform(rng.random((n, 64)))
        except InputError as error:
            assert f"needs at least {space.fewest_samples()} samples; this data has {n}" in str(
                error
            )
            assert n < space.fewest_samples()
        else:
            assert len(features) == n


@pytest.mark.parametrize("method", METHODS)
def test_every_map_is_computed_or_says_the_data_is_too_small(method):
    # scikit-learn's "n_components=2 must be between 0 and min(n_samples, n_features)=1"
    # reached the projection tab, logged as an error with a traceback.
    rng = np.random.default_rng(0)
    for n, d in ((2, 64), (5, 64), (11, 64), (12, 64), (20, 1)):
        try:
            projection = project(rng.random((n, d)), method)
        except InputError as error:
            assert "needs at least" in str(error) and ("samples" in str(error) or d < 2)
        else:
            assert projection.coords.shape == (n, 2)
