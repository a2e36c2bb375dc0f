"""Bad input gives a DatasetError that says what is wrong and where; nothing is unpickled."""

import io
import os
import zipfile

import numpy as np
import pytest
from PIL import Image

from digitgui.model.io import datasets as loaders
from digitgui.model.io import numpy_files
from digitgui.model.io.datasets import DatasetError, load_dataset


class MakesFolderWhenUnpickled:
    """Unpickling this creates a folder: proof that a file was (not) unpickled."""

    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        return (os.mkdir, (self.marker,))


def error_of(path, **kwargs) -> str:
    with pytest.raises(DatasetError) as caught:
        load_dataset(path, **kwargs)
    return str(caught.value)


def test_text_in_a_numeric_cell_names_line_and_column(tmp_path):
    text = "# comment\na,b,c\n1,2,3\n\n4,5,6\n7,oops,9\n"
    (tmp_path / "t.csv").write_text(text)
    message = error_of(tmp_path / "t.csv")
    assert "t.csv" in message and "line 6" in message and "column 2" in message
    assert "'b'" in message and "'oops' is not a number" in message


def test_bad_cell_is_found_deep_in_a_large_file(tmp_path):
    rows = np.ones((5000, 4), dtype=int)
    lines = [",".join(map(str, r)) for r in rows.tolist()]
    lines[4321] = "1,1,1,x1"
    (tmp_path / "t.csv").write_text("\n".join(lines))
    message = error_of(tmp_path / "t.csv")
    assert "line 4322, column 4" in message


def test_empty_cell(tmp_path):
    (tmp_path / "t.csv").write_text("1,2,3\n4,,6\n")
    assert "line 2, column 2: the cell is empty" in error_of(tmp_path / "t.csv")


@pytest.mark.parametrize(
    ("value", "word"), [("nan", "NaN"), ("inf", "infinite"), ("-Inf", "infinite")]
)
def test_nan_and_infinity_name_line_and_column(tmp_path, value, word):
    (tmp_path / "t.csv").write_text(f"1,2,3\n4,5,6\n7,8,{value}\n")
    message = error_of(tmp_path / "t.csv")
    assert "line 3, column 3" in message and word in message


def test_ragged_rows_name_the_line(tmp_path):
    (tmp_path / "t.csv").write_text("a,b,c\n1,2,3\n4,5\n6,7,8\n")
    message = error_of(tmp_path / "t.csv")
    assert "line 3" in message and "2 values" in message and "3" in message


def test_text_in_unnamed_column_is_an_error_not_labels(tmp_path):
    (tmp_path / "t.csv").write_text("a,kind,b\n1,cat,2\n3,dog,4\n")
    assert "line 2, column 2 ('kind')" in error_of(tmp_path / "t.csv")


@pytest.mark.parametrize("content", [b"", b"\n  \n\n", b"# only a comment\n"])
def test_empty_files(tmp_path, content):
    (tmp_path / "e.csv").write_bytes(content)
    message = error_of(tmp_path / "e.csv")
    assert "e.csv" in message and ("empty" in message or "no data rows" in message)


def test_header_without_rows(tmp_path):
    (tmp_path / "h.csv").write_text("a,b,c\n")
    assert "no data rows" in error_of(tmp_path / "h.csv")


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_binary_junk_named_csv(tmp_path, seed):
    (tmp_path / "junk.csv").write_bytes(np.random.default_rng(seed).bytes(5000))
    message = error_of(tmp_path / "junk.csv")
    assert "junk.csv" in message and ("binary" in message or "not UTF-8" in message)


def test_too_few_samples(tmp_path):
    (tmp_path / "one.csv").write_text("1,2,3\n")
    assert "at least 2 samples" in error_of(tmp_path / "one.csv")
    np.save(tmp_path / "one.npy", np.ones((1, 64)))
    assert "at least 2 samples" in error_of(tmp_path / "one.npy")


def test_files_over_the_size_limit_are_refused_before_reading(tmp_path, monkeypatch):
    np.save(tmp_path / "d.npy", np.ones((100, 64)))
    monkeypatch.setattr(loaders, "MAX_FILE_BYTES", 1000)
    never = lambda *args, **kwargs: pytest.fail("file was opened")  # noqa: E731
    monkeypatch.setattr(loaders, "open", never, raising=False)  # shadows the builtin there
    message = error_of(tmp_path / "d.npy")
    assert "d.npy" in message and "MB" in message and "not loaded" in message


def test_folder_over_the_size_limit(tmp_path, monkeypatch):
    for i in range(3):
        Image.fromarray(np.eye(40, dtype=np.uint8) * 255).save(tmp_path / f"{i}.png")
    monkeypatch.setattr(loaders, "MAX_FILE_BYTES", 10)
    assert "MB" in error_of(tmp_path)


@pytest.mark.parametrize("shape", [(50,), (4, 3, 8, 8)])
def test_wrong_array_shapes(tmp_path, shape):
    np.save(tmp_path / "s.npy", np.ones(shape))
    assert f"shape {shape}" in error_of(tmp_path / "s.npy")


def test_strings_are_not_numbers(tmp_path):
    np.save(tmp_path / "s.npy", np.array([["a", "b"], ["c", "d"]]))
    assert "not numbers" in error_of(tmp_path / "s.npy")


def test_npy_object_array_is_refused_without_unpickling(tmp_path):
    marker = tmp_path / "unpickled"
    array = np.array([MakesFolderWhenUnpickled(marker), None], dtype=object)
    np.save(tmp_path / "evil.npy", array, allow_pickle=True)
    message = error_of(tmp_path / "evil.npy")
    assert "Python objects" in message and "never unpickled" in message
    assert not marker.exists()


def test_npz_object_member_is_refused_without_unpickling(tmp_path):
    marker = tmp_path / "unpickled"
    evil = np.array([MakesFolderWhenUnpickled(marker)], dtype=object)
    np.savez(tmp_path / "evil.npz", X=np.ones((5, 64)), y=evil)
    assert "never unpickled" in error_of(tmp_path / "evil.npz")
    assert not marker.exists()


def test_npy_header_promising_more_data_than_the_file_has(tmp_path):
    buffer = io.BytesIO()
    header = {"descr": "<f8", "fortran_order": False, "shape": (1000, 64)}
    np.lib.format.write_array_header_1_0(buffer, header)
    (tmp_path / "liar.npy").write_bytes(buffer.getvalue() + bytes(800))
    assert "truncated" in error_of(tmp_path / "liar.npy")


def test_npy_header_asking_for_a_huge_array_is_refused_before_reading(tmp_path):
    buffer = io.BytesIO()
    header = {"descr": "<f8", "fortran_order": False, "shape": (10**9, 784)}
    np.lib.format.write_array_header_1_0(buffer, header)
    (tmp_path / "liar.npy").write_bytes(buffer.getvalue() + bytes(800))
    message = error_of(tmp_path / "liar.npy")
    assert "liar.npy" in message and "1,000,000,000 × 784" in message and "at most" in message


def test_npz_member_larger_than_the_limit(tmp_path, monkeypatch):
    np.savez_compressed(tmp_path / "z.npz", X=np.zeros((2000, 64)))  # compresses to ~1 kB
    monkeypatch.setattr(loaders, "MAX_DATA_BYTES", 100_000)
    assert (tmp_path / "z.npz").stat().st_size < 100_000
    message = error_of(tmp_path / "z.npz")
    assert "'X'" in message and "2,000 × 64" in message and "would take 1.0 MB" in message


def test_npz_without_known_keys_lists_what_it_holds(tmp_path):
    np.savez(tmp_path / "k.npz", foo=np.ones(3), bar=np.ones((2, 2)), baz=np.ones((3, 3)))
    message = error_of(tmp_path / "k.npz")
    assert "'foo' (3,)" in message and "'bar' (2, 2)" in message and "X, data or images" in message


def test_npz_labels_of_the_wrong_length(tmp_path):
    np.savez(tmp_path / "l.npz", X=np.ones((5, 64)), y=np.arange(4))
    assert "4 labels for 5 samples" in error_of(tmp_path / "l.npz")


@pytest.mark.parametrize("suffix", [".npy", ".npz"])
def test_text_named_like_numpy(tmp_path, suffix):
    (tmp_path / f"t{suffix}").write_text("1,2\n3,4\n")
    assert f"not a NumPy {suffix} file" in error_of(tmp_path / f"t{suffix}")


def test_damaged_zip(tmp_path):
    np.savez(tmp_path / "d.npz", X=np.ones((5, 64)))
    data = (tmp_path / "d.npz").read_bytes()
    (tmp_path / "d.npz").write_bytes(data[: len(data) // 2])
    assert "d.npz" in error_of(tmp_path / "d.npz")


def test_optdigits_values_out_of_range(tmp_path, digits):
    rows = np.column_stack([digits.data[:10], digits.target[:10]]).astype(int)
    rows[7, 12] = 17
    (tmp_path / "o.tes").write_text("\n".join(",".join(map(str, r)) for r in rows.tolist()))
    message = error_of(tmp_path / "o.tes")
    assert "line 8, column 13" in message and "0–16" in message
    (tmp_path / "w.tra").write_text("1,2,3\n4,5,6\n")
    assert "65 numbers" in error_of(tmp_path / "w.tra")


def test_folders_without_usable_pictures(tmp_path):
    (tmp_path / "empty").mkdir()
    assert "no pictures" in error_of(tmp_path / "empty")
    blank = tmp_path / "blank"
    blank.mkdir()
    for i in range(3):
        Image.fromarray(np.full((16, 16), 200, np.uint8)).save(blank / f"{i}.png")
    message = error_of(blank)
    assert "found 0" in message and "0.png (no ink)" in message


def test_missing_path(tmp_path):
    assert "no such file" in error_of(tmp_path / "nope.csv")


def test_error_carries_its_location(tmp_path):
    (tmp_path / "t.csv").write_text("1,2\n3,x\n")
    with pytest.raises(DatasetError) as caught:
        load_dataset(tmp_path / "t.csv")
    assert (caught.value.line, caught.value.column) == (2, 2)
    assert isinstance(caught.value, ValueError)


def test_zip_that_is_not_numpy(tmp_path):
    with zipfile.ZipFile(tmp_path / "a.npz", "w") as archive:
        archive.writestr("X.npy", b"hello")
    assert "'X'" in error_of(tmp_path / "a.npz")


def test_spreadsheet_archive(tmp_path):
    with zipfile.ZipFile(tmp_path / "book.xlsx", "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
    assert "save the table as CSV" in error_of(tmp_path / "book.xlsx")


# -- hostile files: caps before allocating, non-regular files, links, permissions ---------


def test_npz_refused_from_its_header_before_inflating(tmp_path, monkeypatch):
    np.savez_compressed(tmp_path / "bomb.npz", X=np.zeros((5000, 64), np.uint8))
    monkeypatch.setattr(loaders, "MAX_VALUES", 10_000)
    inflated = []
    real_read = numpy_files.read_npz_members
    monkeypatch.setattr(
        numpy_files, "read_npz_members", lambda *a: inflated.append(a) or real_read(*a)
    )
    message = error_of(tmp_path / "bomb.npz")
    assert "bomb.npz" in message and "5,000 × 64 = 320,000 values" in message
    assert not inflated  # refused from the header alone


@pytest.fixture(scope="module")
def small(digits):
    """The first 60 digits and their labels."""
    return digits.data[:60], digits.target[:60]


def test_npz_reads_only_the_members_it_uses(tmp_path, small):
    """A member that cannot be read (its data is missing) proves it was never inflated."""
    header = io.BytesIO()
    np.lib.format.write_array_header_1_0(
        header, {"descr": "<f8", "fortran_order": False, "shape": (10**6, 64)}
    )
    with zipfile.ZipFile(tmp_path / "m.npz", "w", zipfile.ZIP_DEFLATED) as archive:
        for name, array in (("X", small[0]), ("y", small[1])):
            buffer = io.BytesIO()
            np.save(buffer, array)
            archive.writestr(f"{name}.npy", buffer.getvalue())
        archive.writestr("unused.npy", header.getvalue())  # would fail if read
    dataset = load_dataset(tmp_path / "m.npz")
    assert dataset.data.shape == (len(small[0]), 64)


def test_damaged_compressed_stream_is_a_dataset_error(tmp_path):
    np.savez_compressed(tmp_path / "d.npz", X=np.arange(64 * 50.0).reshape(50, 64))
    data = bytearray((tmp_path / "d.npz").read_bytes())
    start = data.index(b"X.npy") + len(b"X.npy") + 200  # inside the deflate stream
    data[start : start + 40] = bytes(40)
    (tmp_path / "d.npz").write_bytes(bytes(data))
    assert "d.npz" in error_of(tmp_path / "d.npz")


def test_text_table_too_large_is_refused_before_parsing(tmp_path, monkeypatch):
    (tmp_path / "t.csv").write_text("1,2,3,4\n" * 1000)
    monkeypatch.setattr(loaders, "MAX_VALUES", 3000)
    parsed = []
    monkeypatch.setattr(loaders, "read_csv", lambda *a: parsed.append(a))
    message = error_of(tmp_path / "t.csv")
    assert "4 columns" in message and "at most 3,000" in message and not parsed
    monkeypatch.setattr(loaders, "MAX_ROWS", 500)
    assert "1,001 lines; at most 500 rows" in error_of(tmp_path / "t.csv")


def _pictures(folder, count=3):
    folder.mkdir(exist_ok=True)
    for i in range(count):
        Image.fromarray((np.eye(24) * 255).astype(np.uint8)).save(folder / f"p{i}_{i % 10}.png")
    return folder


def test_fifo_named_like_a_picture_is_skipped_not_waited_for(tmp_path):
    folder = _pictures(tmp_path / "f")
    os.mkfifo(folder / "a_1.png")
    dataset = load_dataset(folder)  # the FIFO was opened: this would block forever
    assert len(dataset.data) == 3
    assert any("skipped 1 not regular files" in note for note in dataset.notes)


def test_fifo_given_as_the_file_is_refused(tmp_path):
    os.mkfifo(tmp_path / "pipe.csv")
    message = error_of(tmp_path / "pipe.csv")
    assert "pipe.csv" in message and "FIFO" in message


def test_broken_links_and_link_loops_are_skipped_with_a_note(tmp_path):
    folder = _pictures(tmp_path / "f")
    (folder / "gone.png").symlink_to(tmp_path / "missing.png")
    (folder / "loop.png").symlink_to(folder / "loop.png")
    (folder / "sub").mkdir()
    (folder / "sub" / "up").symlink_to(folder, target_is_directory=True)  # a folder loop
    dataset = load_dataset(folder)
    assert len(dataset.data) == 3
    notes = " ".join(dataset.notes)
    assert "skipped 1 broken symbolic links" in notes and "skipped 1 symbolic link loops" in notes


def test_a_link_loop_given_as_the_path_is_a_dataset_error(tmp_path):
    (tmp_path / "loop.csv").symlink_to(tmp_path / "loop.csv")
    message = error_of(tmp_path / "loop.csv")
    assert "loop.csv" in message and "loops back on itself" in message


def test_unreadable_folder_says_permission_denied(tmp_path, monkeypatch):
    from digitgui.model.io import image_folder

    folder = _pictures(tmp_path / "locked")

    def denied(path):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(image_folder, "_entries", denied)
    message = error_of(folder)
    assert "locked" in message and "permission denied" in message and "no pictures" not in message


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads chmod-000 folders anyway")
def test_chmod_000_folder_says_permission_denied(tmp_path):
    folder = _pictures(tmp_path / "locked")
    folder.chmod(0)
    try:
        assert "permission denied" in error_of(folder)
    finally:
        folder.chmod(0o755)


def test_unreadable_subfolder_is_skipped_with_a_note(tmp_path, monkeypatch):
    from digitgui.model.io import image_folder

    folder = _pictures(tmp_path / "f")
    _pictures(folder / "private")
    real = image_folder._entries

    def entries(path):
        if path.name == "private":
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(image_folder, "_entries", entries)
    dataset = load_dataset(folder)
    assert len(dataset.data) == 3
    assert any("skipped 1 unreadable" in note for note in dataset.notes)


def test_picture_with_too_many_pixels_is_skipped_before_decoding(tmp_path):
    folder = _pictures(tmp_path / "f")
    Image.new("L", (6000, 6000), 255).save(folder / "huge_1.png")  # 36 Mpx, ~40 kB
    dataset = load_dataset(folder)
    assert len(dataset.data) == 3
    assert any("huge_1.png (6,000 × 6,000 pixels is too large" in n for n in dataset.notes)


def test_device_given_as_the_file_is_refused():
    assert "a device, not a data file" in error_of("/dev/zero")


def test_model_file_that_is_a_fifo_or_a_link_loop(tmp_path):
    from digitgui.model.io.model_file import ModelFileError, load_model

    os.mkfifo(tmp_path / "pipe.npz")
    (tmp_path / "loop.npz").symlink_to(tmp_path / "loop.npz")
    with pytest.raises(ModelFileError, match=r"pipe\.npz: cannot read: a FIFO"):
        load_model(tmp_path / "pipe.npz")  # used to block forever in zipfile.is_zipfile
    with pytest.raises(ModelFileError, match=r"loop\.npz: cannot read: a symbolic link"):
        load_model(tmp_path / "loop.npz")


def test_preview_of_a_fifo_does_not_block(tmp_path):
    from digitgui.model.io.preview import read_preview

    os.mkfifo(tmp_path / "pipe.csv")
    with pytest.raises(DatasetError, match="FIFO"):
        read_preview(tmp_path / "pipe.csv")  # runs on the GUI thread: must never wait
