"""Load a data set from a file or a folder: CSV/TSV, NPY, NPZ, UCI optdigits, pictures.

Whatever the source, samples that are square pictures end up in the digits' own
representation — 8×8 values 0..16 — so a drawing (which always gives those 64 features)
can be placed among them: 8×8 data is kept (rescaled to 0..16 if it is, say, 0..255);
any other picture size (16×16, 28×28, a folder of PNGs) is converted through
:func:`~digitgui.model.features.features_from_image`, the recipe the drawing canvas uses.
Data whose feature count is not a square is kept as it is (``images=None``): it can be
clustered, but there is nothing to draw.

Files are never unpickled (``allow_pickle=False`` always), and files above
:data:`MAX_FILE_BYTES` are refused before being read.
"""

from __future__ import annotations

import math
import os
import stat
import zipfile
import zlib
from dataclasses import replace
from pathlib import Path

import numpy as np

from digitgui.model.dataset import Dataset
from digitgui.model.io.csv_table import CsvTable, read_csv
from digitgui.model.io.errors import (
    DatasetError,
    is_label_name,
    labels_to_int,
    looks_like_labels,
)
from digitgui.model.io.files import kind_of, open_regular, os_reason
from digitgui.model.io.image_folder import convert_images, load_image_folder
from digitgui.model.io.npy import (
    NPY_MAGIC,
    Limits,
    NpyFormatError,
    npz_headers,
    read_npy,
    read_npz_members,
)
from digitgui.model.io.source import GUESS, DataSource
from digitgui.model.jobs import ProgressFn, StopFn

__all__ = ["MAX_FILE_BYTES", "MAX_VALUES", "DatasetError", "load_dataset"]

MAX_FILE_BYTES = 500 * 2**20  # larger files (or folders of pictures) are refused
MAX_DATA_BYTES = 512 * 2**20  # the arrays read from one file, once decompressed
MAX_VALUES = 2**26  # numbers in one data set (rows × columns): 512 MB as float64; MNIST fits
MAX_ROWS = 2_000_000  # lines of a text table
ARCHIVE_ERRORS = (
    zipfile.BadZipFile,  # includes a CRC mismatch found while reading
    zlib.error,  # a damaged compressed stream
    NotImplementedError,  # an unknown compression method
    RuntimeError,  # an encrypted member
    EOFError,
    ValueError,
)
OPTDIGITS_SUFFIXES = (".tra", ".tes")
ZIP_MAGIC = b"PK\x03\x04"
DATA_KEYS = ("x", "data", "images", "features", "samples", "x_train", "train_x", "inputs")
LABEL_KEYS = ("y", "target", "targets", "labels", "label", "y_train", "train_y", "classes")


def load_dataset(
    path: str | Path,
    *,
    convert_images: bool = True,
    label_column: int | str | None = GUESS,
    progress: ProgressFn | None = None,
    should_stop: StopFn | None = None,
) -> Dataset:
    """Read a data set from ``path`` (a file, or a folder of digit pictures).

    Parameters
    ----------
    path : ``.csv``/``.tsv``/``.txt`` (header row and label column optional; ``,``
        ``;`` or tab separated), ``.npy`` ((n, d) or (n, h, w)), ``.npz`` (data under
        X/data/images..., labels under y/target/labels...), UCI optdigits ``.tra``/``.tes``,
        or a folder of pictures (labels from digit folder or file names).
    convert_images : convert square pictures that are not 8×8 to the digits' 8×8
        representation (default). When False they are kept at their own size.
    label_column : for a text table or a 2-D ``.npy`` array: :data:`GUESS` (default)
        finds the label column by its name or its values; an int picks that 0-based
        column (of the file, or of the array); None reads every column as a feature.
    progress : called with (pictures done, pictures in all) while converting pictures,
        which takes about 2 ms a picture.
    should_stop : polled between chunks of pictures; raises
        :class:`~digitgui.model.clustering.FitCancelled` when it answers True.

    Raises
    ------
    DatasetError
        The message says what is wrong and where (file, line and column for text).
    """
    path = Path(path)
    try:
        info = os.stat(path)
    except OSError as error:
        raise DatasetError(os_reason(error), path=path) from None
    if stat.S_ISDIR(info.st_mode):
        data, target, notes = load_image_folder(path, MAX_FILE_BYTES, progress, should_stop)
        source = DataSource(str(path), "folder", converted=True)
        return Dataset(data, data.reshape(-1, 8, 8), target, _name(path, data), notes, source)
    if not stat.S_ISREG(info.st_mode):
        raise DatasetError(f"{kind_of(info.st_mode)}, not a data file", path=path)
    size = info.st_size
    if size > MAX_FILE_BYTES:
        raise DatasetError(
            f"the file is {size / 2**20:,.0f} MB; files over {MAX_FILE_BYTES / 2**20:,.0f} MB "
            "are not loaded",
            path=path,
        )
    if size == 0:
        raise DatasetError("the file is empty", path=path)
    try:
        with open_regular(path) as stream:  # never blocks: a FIFO swapped in is refused
            raw = stream.read(MAX_FILE_BYTES + 1)  # the file may have grown since stat()
    except OSError as error:
        raise DatasetError(f"cannot read the file: {os_reason(error)}", path=path) from None
    if len(raw) > MAX_FILE_BYTES:
        raise DatasetError("the file grew over the size limit while being read", path=path)
    suffix = path.suffix.lower()
    if not raw.startswith((NPY_MAGIC, ZIP_MAGIC)):
        _check_table_size(path, raw)
    if raw.startswith(NPY_MAGIC):
        X, y, notes, source = _from_npy(path, raw, label_column)
    elif raw.startswith(ZIP_MAGIC):
        X, y, notes, source = _from_npz(path)
    elif suffix in (".npy", ".npz"):
        raise DatasetError(f"this is not a NumPy {suffix} file", path=path)
    elif suffix in OPTDIGITS_SUFFIXES:
        X, y, notes = _from_optdigits(path, read_csv(path, raw))
        source = DataSource(str(path), "optdigits", delimiter=",")
    else:
        X, y, notes, source = _from_table(path, read_csv(path, raw), label_column)
    dataset = _dataset(path, X, y, notes, convert_images, progress, should_stop)
    converted = any(note.startswith("converted ") for note in dataset.notes)
    where = str(Path(source.path).absolute())  # a script may run from another folder
    return replace(dataset, source=replace(source, path=where, converted=converted))


def _check_table_size(path: Path, raw: bytes) -> None:
    """Refuse a text table whose rows × columns exceed the caps, before parsing it.

    Parsing keeps every line as a Python string, so the number of lines is capped too.
    """
    rows = raw.count(b"\n") + 1
    if rows > MAX_ROWS:
        raise DatasetError(f"{rows:,} lines; at most {MAX_ROWS:,} rows are read", path=path)
    head = raw[: 1 << 20].decode("utf-8", errors="replace").lstrip("\ufeff").splitlines()
    first = next((line for line in head if line.strip() and not line.startswith("#")), "")
    columns = max([first.count(d) + 1 for d in ",;\t"] + [len(first.split())])
    if rows * columns > MAX_VALUES:
        raise DatasetError(
            f"about {rows:,} rows × {columns:,} columns = {rows * columns:,} values; at most "
            f"{MAX_VALUES:,} are read",
            path=path,
        )


def _name(path: Path, data: np.ndarray) -> str:
    return f"{path.name} ({data.shape[0]:,} × {data.shape[1]})"


def _dataset(
    path: Path,
    X: np.ndarray,
    y: np.ndarray | None,
    notes: tuple[str, ...],
    convert: bool,
    progress: ProgressFn | None,
    should_stop: StopFn | None,
) -> Dataset:
    """Check the samples and bring square pictures to the digits' 8×8 form."""
    if X.dtype.kind not in "biuf":
        raise DatasetError(f"the data holds {X.dtype} values, not numbers", path=path)
    if X.ndim == 4 and X.shape[-1] in (3, 4):  # colour pictures → grey
        X = X[..., :3].astype(np.float64) @ np.array([0.299, 0.587, 0.114])
        notes += ("colour pictures converted to grey",)
    if X.ndim not in (2, 3) or min(X.shape) == 0:
        raise DatasetError(
            f"the data has shape {X.shape}; expected (samples, features) or "
            "(samples, height, width)",
            path=path,
        )
    X = X.astype(np.float64, copy=False)
    if len(X) < 2:
        raise DatasetError(f"need at least 2 samples, found {len(X)}", path=path)
    if not np.isfinite(X).all():
        index = np.argwhere(~np.isfinite(X))[0]
        raise DatasetError(
            f"NaN or infinite value at index {tuple(int(i) for i in index)}", path=path
        )
    if y is not None and len(y) != len(X):
        raise DatasetError(f"{len(y)} labels for {len(X)} samples", path=path)
    if X.ndim == 2:
        side = math.isqrt(X.shape[1])
        if side < 2 or side * side != X.shape[1]:
            note = f"{X.shape[1]} features are not a square picture: drawing does not apply"
            return Dataset(X, None, y, _name(path, X), notes + (note,))
        X = X.reshape(len(X), side, side)
    height, width = X.shape[1:]
    if (height, width) != (8, 8) and convert:
        data, blank = convert_images(X, progress, should_stop)
        notes += (f"converted {height}×{width} pictures to the digits' 8×8 representation",)
        if blank.any():
            notes += (f"{int(blank.sum())} blank pictures kept as all-zero samples",)
        return Dataset(data, data.reshape(-1, 8, 8), y, _name(path, data), notes)
    if (height, width) == (8, 8) and X.min() >= 0 and X.max() > 16:
        notes += (f"values 0–{X.max():g} rescaled to 0–16 like the digits data",)
        X = X * (16.0 / X.max())
    data = X.reshape(len(X), -1)
    images = X if height == width else None
    return Dataset(data, images, y, _name(path, data), notes)


def _from_table(
    path: Path, table: CsvTable, label_column: int | str | None = GUESS
) -> tuple[np.ndarray, np.ndarray | None, tuple, DataSource]:
    """Split a parsed table into samples and (if there is one) the label column."""
    X, y, notes, keep, label = _split_table(path, table, label_column)
    source = DataSource(
        str(path),
        "table",
        delimiter=table.delimiter,
        header=table.names is not None,
        decimal_comma="decimal commas read as decimal points" in table.notes,
        feature_columns=tuple(table.columns[j] - 1 for j in keep),
        label_column=label,
        text_labels=label is not None and label == table.text_label_column,
    )
    return X, y, notes, source


def _split_table(
    path: Path, table: CsvTable, label_column: int | str | None
) -> tuple[np.ndarray, np.ndarray | None, tuple, list[int], int | None]:
    """Samples, labels, notes, the numeric columns kept as features and the file column
    of the labels (0-based, or None)."""
    notes = table.notes
    values, names = table.values, table.names
    keep = list(range(values.shape[1]))
    if names is not None and values.shape[1] > 1:
        index = _index_column(values, names)
        if index is not None and table.columns[index] - 1 != label_column:
            keep.remove(index)
            notes += (f"row-number column {names[index] or '(unnamed)'!r} ignored",)
    if label_column != GUESS:
        return _chosen_label(path, table, label_column, keep, notes)
    if table.text_labels is not None:
        name, cells = table.text_labels
        y, more = labels_to_int(np.array(cells), f"label column {name!r}")
        notes += (f"label column {name!r} used",) + more
        return values[:, keep], y, notes, keep, table.text_label_column
    label = _label_column(values[:, keep], None if names is None else [names[j] for j in keep])
    if label is None:
        return values[:, keep], None, notes, keep, None
    column = keep.pop(label)
    if names:
        source = f"label column {names[column]!r}"
        note = f"{source} used"
    else:
        source = f"column {table.columns[column]}"
        note = f"{'first' if column == 0 else 'last'} {source} used as labels"
    y, more = labels_to_int(values[:, column], source)
    return values[:, keep], y, notes + (note,) + more, keep, table.columns[column] - 1


def _chosen_label(
    path: Path, table: CsvTable, label_column: int | None, keep: list[int], notes: tuple
) -> tuple[np.ndarray, np.ndarray | None, tuple, list[int], int | None]:
    """Split a table by the label column the user picked (None: no labels); ``keep``
    are the numeric columns that may be features."""
    text = table.text_label_column
    if text is not None and label_column != text:
        notes += (f"text column {table.text_labels[0]!r} ignored",)
    if label_column is None:
        return table.values[:, keep], None, notes, keep, None
    if label_column == text:
        name, cells = table.text_labels
        y, more = labels_to_int(np.array(cells), f"label column {name!r}")
        notes += (f"label column {name!r} used",) + more
        return table.values[:, keep], y, notes, keep, text
    files = [column - 1 for column in table.columns]
    if label_column not in files:
        raise DatasetError(
            f"there is no numeric column {label_column + 1} to take the labels from", path=path
        )
    j = files.index(label_column)
    keep.remove(j)
    name = table.names[j] if table.names else f"column {label_column + 1}"
    try:
        y, more = labels_to_int(table.values[:, j], f"label column {name!r}")
    except ValueError as error:
        raise DatasetError(str(error), path=path) from None
    notes += (f"label column {name!r} used",) + more
    return table.values[:, keep], y, notes, keep, label_column


def _index_column(values: np.ndarray, names: list[str]) -> int | None:
    """The first column when it just numbers the rows (pandas' ``to_csv`` index)."""
    if names[0].strip('"').lower() not in ("", "unnamed: 0", "index", "id", "sample"):
        return None
    rows = np.arange(len(values))
    return (
        0 if np.array_equal(values[:, 0], rows) or np.array_equal(values[:, 0], rows + 1) else None
    )


def _label_column(values: np.ndarray, names: list[str] | None) -> int | None:
    """A column named like a label, or an unnamed whole-number column beside a square
    picture (d + 1 columns, d = 64, 256, 784, ...): the last or the first one, the one
    holding digits 0..9 first (a corner pixel is whole numbers too, but rarely 0..9)."""
    if names is not None:
        named = [j for j, name in enumerate(names) if is_label_name(name)]
        if named:
            return named[0]
    features = values.shape[1] - 1
    side = math.isqrt(max(features, 0))
    if side < 2 or side * side != features:
        return None
    candidates = [j for j in (features, 0) if looks_like_labels(values[:, j])]
    digits = [j for j in candidates if values[:, j].min() >= 0 and values[:, j].max() <= 9]
    if len(digits) == 2:  # both could be digits: labels use more of 0..9 than a pixel does
        return max(digits, key=lambda j: (len(np.unique(values[:, j])), j))
    return (digits or candidates or [None])[0]


def _from_optdigits(path: Path, table: CsvTable) -> tuple[np.ndarray, np.ndarray, tuple]:
    """UCI optdigits: 64 pixel counts 0..16 and the digit 0..9 on each line."""
    values = table.values
    if values.shape[1] != 65 or table.names is not None:
        raise DatasetError(
            f"optdigits files have 65 numbers a line (64 pixels, then the digit); "
            f"found {values.shape[1]}",
            path=path,
            line=table.line_numbers[0],
        )
    limits = np.r_[np.full(64, 16), 9]
    bad = (values != np.round(values)) | (values < 0) | (values > limits)
    if bad.any():
        row, col = (int(i) for i in np.argwhere(bad)[0])
        what = "the digit must be 0–9" if col == 64 else "pixel counts must be whole numbers 0–16"
        raise DatasetError(
            f"{what}, found {values[row, col]:g}",
            path=path,
            line=table.line_numbers[row],
            column=col + 1,
        )
    return values[:, :64], values[:, 64].astype(np.int64), ("UCI optdigits file",)


def _from_npy(
    path: Path, raw: bytes, label_column: int | str | None = GUESS
) -> tuple[np.ndarray, np.ndarray | None, tuple, DataSource]:
    """One array; a 2-D one may carry labels in its first or last column (see CSV)."""
    source = DataSource(str(path), "npy")
    try:
        X = read_npy(raw, Limits(MAX_DATA_BYTES, MAX_VALUES))
    except NpyFormatError as error:
        raise DatasetError(str(error), path=path) from None
    if X.ndim != 2 or X.dtype.kind not in "biuf" or len(X) < 2 or label_column is None:
        return X, None, (), source
    if label_column == GUESS:
        label = _label_column(X.astype(np.float64), None)
        if label is None:
            return X, None, (), source
        where = "first" if label == 0 else "last"
        note = f"{where} column ({label + 1}) used as labels"
    elif 0 <= label_column < X.shape[1]:
        label, note = int(label_column), f"column {label_column + 1} used as labels"
    else:
        raise DatasetError(f"the array has no column {label_column + 1}", path=path)
    try:
        y, more = labels_to_int(X[:, label], f"column {label + 1}")
    except ValueError as error:
        raise DatasetError(str(error), path=path) from None
    features = tuple(j for j in range(X.shape[1]) if j != label)
    source = replace(source, feature_columns=features, label_column=label)
    return np.delete(X, label, axis=1), y, (note, *more), source


def _from_npz(path: Path) -> tuple[np.ndarray, np.ndarray | None, tuple, DataSource]:
    """Samples (and labels) from an archive, found by their conventional names.

    Only the headers of all members are read first; then only the data and label arrays
    are decompressed, after their declared sizes passed the caps.
    """
    try:
        with open_regular(path) as stream, zipfile.ZipFile(stream) as archive:
            headers = npz_headers(archive)
            if not headers:
                raise DatasetError(
                    "a ZIP archive without NumPy arrays (an Excel or OpenDocument file?); "
                    "save the table as CSV",
                    path=path,
                )
            data_key, label_key = _npz_keys(path, headers)
            try:
                headers[data_key].check(Limits(MAX_DATA_BYTES, MAX_VALUES))
            except NpyFormatError as error:
                raise NpyFormatError(f"array {data_key!r}: {error}") from None
            wanted = [key for key in (data_key, label_key) if key is not None]
            arrays = read_npz_members(archive, [f"{k}.npy" for k in wanted], MAX_DATA_BYTES)
    except DatasetError:
        raise
    except NpyFormatError as error:
        raise DatasetError(str(error), path=path) from None
    except OSError as error:
        raise DatasetError(f"cannot read the file: {os_reason(error)}", path=path) from None
    except ARCHIVE_ERRORS as error:
        raise DatasetError(f"not a valid .npz archive ({_first_line(error)})", path=path) from None
    notes = (f"samples from array {data_key!r}",)
    source = DataSource(str(path), "npz", data_key=data_key, label_key=label_key)
    if label_key is None:
        return arrays[data_key], None, notes, source
    try:
        y, more = labels_to_int(arrays[label_key], f"labels {label_key!r}")
    except ValueError as error:
        raise DatasetError(str(error), path=path) from None
    return arrays[data_key], y, notes + (f"labels from array {label_key!r}",) + more, source


def _npz_keys(path: Path, headers: dict) -> tuple[str, str | None]:
    """The data array's name and the label array's (or None), from names and shapes."""
    by_name = {key.lower(): key for key in headers}
    data_key = next((by_name[k] for k in DATA_KEYS if k in by_name), None)
    if data_key is None:
        tables = [key for key, header in headers.items() if len(header.shape) >= 2]
        if len(tables) != 1:
            listed = ", ".join(f"{key!r} {header.shape}" for key, header in headers.items())
            raise DatasetError(
                f"no data array found; the archive holds {listed or 'nothing'}. "
                "Name the samples X, data or images (and the labels y, target or labels)",
                path=path,
            )
        data_key = tables[0]
    return data_key, _label_key(data_key, by_name)


def _first_line(error: BaseException) -> str:
    lines = str(error).strip().splitlines()
    return lines[0][:120] if lines else type(error).__name__


def _label_key(data_key: str, by_name: dict[str, str]) -> str | None:
    paired = {"x_train": "y_train", "train_x": "train_y"}.get(data_key.lower())
    if paired in by_name:
        return by_name[paired]
    return next((by_name[k] for k in LABEL_KEYS if k in by_name), None)
