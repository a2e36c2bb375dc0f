"""load_dataset reads every supported format into the digits' representation."""

import subprocess
import sys

import numpy as np
import pytest
from PIL import Image
from scipy import ndimage

from digitgui.model import FitCancelled, features_from_image
from digitgui.model.io.datasets import load_dataset


def write_csv(path, rows, header=None, delimiter=","):
    lines = [] if header is None else [delimiter.join(header)]
    lines += [delimiter.join(f"{v:g}" for v in row) for row in np.asarray(rows).tolist()]
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.fixture(scope="module")
def small(digits):
    """The first 60 digits: enough samples, quick conversions."""
    return digits.data[:60], digits.images[:60], digits.target[:60]


def test_csv_with_header_and_named_label_column(tmp_path, digits):
    header = [f"pixel{i}" for i in range(64)] + ["digit"]
    path = write_csv(tmp_path / "d.csv", np.column_stack([digits.data, digits.target]), header)
    dataset = load_dataset(path)
    np.testing.assert_array_equal(dataset.data, digits.data)
    np.testing.assert_array_equal(dataset.images, digits.images)
    np.testing.assert_array_equal(dataset.target, digits.target)
    assert any("'digit'" in note for note in dataset.notes)
    assert dataset.name.startswith("d.csv")


def test_named_label_column_anywhere_and_text_labels(tmp_path):
    (tmp_path / "u.csv").write_text("a,Label,b\n1,cat,2\n3,dog,4\n5,cat,6\n")
    dataset = load_dataset(tmp_path / "u.csv")
    np.testing.assert_array_equal(dataset.data, [[1, 2], [3, 4], [5, 6]])
    np.testing.assert_array_equal(dataset.target, [0, 1, 0])
    assert dataset.images is None


@pytest.mark.parametrize("where", ["last", "first"])
def test_csv_without_header_finds_the_label_column(tmp_path, digits, where):
    X, y = digits.data, digits.target
    table = np.column_stack([X, y] if where == "last" else [y, X])
    dataset = load_dataset(write_csv(tmp_path / "d.csv", table))
    np.testing.assert_array_equal(dataset.data, X)
    np.testing.assert_array_equal(dataset.target, y)
    assert any(where in note for note in dataset.notes)


def test_csv_without_label_column_has_no_target(tmp_path, small):
    X, images, _ = small
    dataset = load_dataset(write_csv(tmp_path / "d.csv", X))
    assert dataset.target is None
    np.testing.assert_array_equal(dataset.images, images)


@pytest.mark.parametrize("delimiter", [";", "\t", " "])
def test_other_delimiters(tmp_path, small, delimiter):
    X, _, y = small
    path = write_csv(tmp_path / "d.txt", np.column_stack([X, y]), delimiter=delimiter)
    dataset = load_dataset(path)
    np.testing.assert_array_equal(dataset.data, X)
    np.testing.assert_array_equal(dataset.target, y)


def test_decimal_commas_with_semicolons(tmp_path):
    (tmp_path / "d.csv").write_text("a;b\n1,5;2\n3;4,25\n")
    dataset = load_dataset(tmp_path / "d.csv")
    np.testing.assert_array_equal(dataset.data, [[1.5, 2.0], [3.0, 4.25]])


def test_pandas_style_csv_with_index_and_numbered_header(tmp_path, small):
    X, _, y = small
    header = [""] + [str(i) for i in range(64)] + ["target"]
    table = np.column_stack([np.arange(len(X)), X, y])
    dataset = load_dataset(write_csv(tmp_path / "p.csv", table, header))
    np.testing.assert_array_equal(dataset.data, X)
    np.testing.assert_array_equal(dataset.target, y)
    assert any("row-number" in note for note in dataset.notes)


def test_comments_blank_lines_quotes_and_bom(tmp_path):
    text = '\ufeff# made by hand\n"a","b","y"\n\n"1",2,0\n3,4,1\n# end\n'
    (tmp_path / "q.csv").write_text(text, encoding="utf-8")
    dataset = load_dataset(tmp_path / "q.csv")
    np.testing.assert_array_equal(dataset.data, [[1, 2], [3, 4]])
    np.testing.assert_array_equal(dataset.target, [0, 1])


def test_npy_2d_and_3d(tmp_path, small):
    X, images, _ = small
    np.save(tmp_path / "flat.npy", X.astype(np.uint8))
    np.save(tmp_path / "pics.npy", images)
    flat, pics = load_dataset(tmp_path / "flat.npy"), load_dataset(tmp_path / "pics.npy")
    np.testing.assert_array_equal(flat.data, X)
    np.testing.assert_array_equal(pics.data, X)
    np.testing.assert_array_equal(pics.images, images)
    assert flat.target is None and pics.target is None


def test_npy_with_label_column(tmp_path, digits):
    np.save(tmp_path / "xy.npy", np.column_stack([digits.data, digits.target]))
    dataset = load_dataset(tmp_path / "xy.npy")
    np.testing.assert_array_equal(dataset.target, digits.target)
    assert dataset.n_features == 64


@pytest.mark.parametrize(
    ("data_key", "label_key"), [("X", "y"), ("images", "target"), ("x_train", "y_train")]
)
def test_npz_keys(tmp_path, small, data_key, label_key):
    X, images, y = small
    arrays = {data_key: images, label_key: y}
    if data_key == "x_train":
        arrays |= {"x_test": images[:5], "y_test": y[:5]}
    np.savez(tmp_path / "d.npz", **arrays)
    dataset = load_dataset(tmp_path / "d.npz")
    np.testing.assert_array_equal(dataset.data, X)
    np.testing.assert_array_equal(dataset.target, y)
    assert any(repr(label_key) in note for note in dataset.notes)


def test_npz_with_one_unnamed_table(tmp_path, small):
    np.savez_compressed(tmp_path / "d.npz", whatever=small[0])
    dataset = load_dataset(tmp_path / "d.npz")
    np.testing.assert_array_equal(dataset.data, small[0])
    assert dataset.target is None


def test_uci_optdigits_file(tmp_path, small):
    X, images, y = small
    path = write_csv(tmp_path / "optdigits.tra", np.column_stack([X, y]))
    dataset = load_dataset(path)
    np.testing.assert_array_equal(dataset.images, images)
    np.testing.assert_array_equal(dataset.target, y)


def upscaled(images, side):
    return np.stack([ndimage.zoom(image, side / 8, order=1) for image in images])


@pytest.mark.parametrize("side", [16, 28])
def test_square_pictures_are_converted_to_8x8(tmp_path, small, side):
    _, images, y = small
    big = upscaled(images[:12], side)
    write_csv(tmp_path / "big.csv", np.column_stack([big.reshape(12, -1), y[:12]]))
    dataset = load_dataset(tmp_path / "big.csv")
    assert dataset.data.shape == (12, 64) and dataset.images.shape == (12, 8, 8)
    np.testing.assert_array_equal(dataset.target, y[:12])
    reread = np.loadtxt(tmp_path / "big.csv", delimiter=",")[:, :-1].reshape(12, side, side)
    for row, picture in zip(dataset.data, reread, strict=True):
        np.testing.assert_array_equal(row, features_from_image(picture))
    assert any(f"{side}×{side}" in note for note in dataset.notes)


def test_conversion_can_be_switched_off(tmp_path, small):
    big = upscaled(small[1][:5], 16)
    np.save(tmp_path / "big.npy", big)
    dataset = load_dataset(tmp_path / "big.npy", convert_images=False)
    assert dataset.data.shape == (5, 256) and dataset.images.shape == (5, 16, 16)


def test_conversion_reports_progress_and_can_be_cancelled(tmp_path, small):
    np.save(tmp_path / "big.npy", upscaled(small[1][:10], 16))
    seen = []
    load_dataset(tmp_path / "big.npy", progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (10, 10)
    with pytest.raises(FitCancelled):
        load_dataset(tmp_path / "big.npy", should_stop=lambda: True)


def test_non_square_features_are_kept_without_images(tmp_path):
    rng = np.random.default_rng(0)
    np.save(tmp_path / "t.npy", rng.normal(size=(20, 10)))
    dataset = load_dataset(tmp_path / "t.npy")
    assert dataset.data.shape == (20, 10) and dataset.images is None
    assert any("not a square" in note for note in dataset.notes)


def test_8x8_bytes_are_rescaled_to_digit_range(tmp_path, small):
    np.save(tmp_path / "b.npy", (small[1] * 255 / 16).round().astype(np.uint8))
    dataset = load_dataset(tmp_path / "b.npy")
    assert dataset.data.max() == 16
    np.testing.assert_allclose(dataset.data, small[0], atol=16 / 255)


def save_picture(path, image, mode="dark-on-light"):
    pixels = (image * (255 / 16)).round().astype(np.uint8)
    if mode == "dark-on-light":
        Image.fromarray(255 - pixels).save(path)
    elif mode == "light-on-dark":
        Image.fromarray(pixels).save(path)
    else:  # black ink on a transparent background
        rgba = np.zeros(pixels.shape + (4,), np.uint8)
        rgba[..., 3] = pixels
        Image.fromarray(rgba, "RGBA").save(path)
    return pixels


def test_folder_of_pictures_with_digit_folders_and_names(tmp_path, small):
    _, images, y = small
    big = upscaled(images[:6], 32)
    expected = []
    for i in range(6):
        folder = tmp_path / str(y[i]) if i < 3 else tmp_path / "misc"
        folder.mkdir(exist_ok=True)
        name = f"scan{i}.png" if i < 3 else f"scan{i}_{y[i]}.png"
        mode = ["dark-on-light", "light-on-dark", "transparent"][i % 3]
        pixels = save_picture(folder / name, big[i], mode)
        expected.append((f"{folder.name}/{name}", features_from_image(pixels.astype(float))))
    (tmp_path / "readme.txt").write_text("not a picture")
    dataset = load_dataset(tmp_path)
    assert dataset.data.shape == (6, 64) and dataset.images.shape == (6, 8, 8)
    by_name = dict(expected)
    order = sorted(by_name)  # folders and files are read in name order
    for row, name in zip(dataset.data, order, strict=True):
        np.testing.assert_array_equal(row, by_name[name], err_msg=name)
    names_to_digit = {
        f"{y[i]}/scan{i}.png" if i < 3 else f"misc/scan{i}_{y[i]}.png": y[i] for i in range(6)
    }
    np.testing.assert_array_equal(dataset.target, [names_to_digit[n] for n in order])


def test_folder_skips_broken_and_blank_pictures(tmp_path, small):
    for i in range(3):
        save_picture(tmp_path / f"good{i}.png", upscaled(small[1][i : i + 1], 24)[0])
    (tmp_path / "broken.png").write_bytes(b"\x89PNG not really")
    Image.fromarray(np.full((20, 20), 255, np.uint8)).save(tmp_path / "blank.png")
    dataset = load_dataset(tmp_path)
    assert dataset.n_samples == 3 and dataset.target is None
    skipped = next(note for note in dataset.notes if "skipped" in note)
    assert "broken.png" in skipped and "blank.png (no ink)" in skipped


def test_digit_in_file_names():
    from digitgui.model.io.image_folder import digit_in_name

    assert [digit_in_name(n) for n in ("7", "3_a", "a-4", "0001_5", "5_0001", "img_0001")] == [
        7,
        3,
        4,
        5,
        5,
        None,
    ]
    assert digit_in_name("1_2") is None  # two different digits: ambiguous


def test_loading_pictures_imports_no_gui_or_plot_backend(tmp_path, small):
    save_picture(tmp_path / "a.png", upscaled(small[1][:1], 24)[0])
    save_picture(tmp_path / "b.png", upscaled(small[1][1:2], 24)[0])
    code = (
        "import sys\nfrom digitgui.model.io.datasets import load_dataset\n"
        f"load_dataset({str(tmp_path)!r})\n"
        "bad = ('PySide6', 'shiboken6', 'pyqtgraph', 'matplotlib')\n"
        "print(','.join(m for m in sys.modules if m.startswith(bad)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
