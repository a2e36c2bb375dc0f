"""Load a data set from a file or a folder: CSV/TSV, NPY, NPZ, UCI optdigits, pictures.

Whatever the source, samples that are square pictures end up in the digits' own
representation — 8×8 values 0..16 — so a drawing (which always gives those 64 features)
can be placed among them: 8×8 data is kept (rescaled to 0..16 if it is, say, 0..255);
any other picture size (16×16, 28×28, a folder of PNGs) is converted through
:func:`~digitgui.model.features.features_from_image`, the recipe the drawing canvas uses.
Data whose feature count is not a square is kept as it is (``images=None``): it can be
clustered, but there is nothing to draw.

This module checks the file and the caps and dispatches by content: the per-format
readers are :mod:`~digitgui.model.io.table_split` (CSV, optdigits),
:mod:`~digitgui.model.io.numpy_files` (NPY, NPZ) and :mod:`~digitgui.model.io.image_folder`.

Files are never unpickled (``allow_pickle=False`` always), and files above
:data:`MAX_FILE_BYTES` are refused before being read.
"""

from __future__ import annotations

import math
import os
import stat
from dataclasses import replace
from pathlib import Path

import numpy as np

from digitgui.model.dataset import Dataset
from digitgui.model.io.csv_table import read_csv
from digitgui.model.io.errors import DatasetError
from digitgui.model.io.files import kind_of, open_regular, os_reason
from digitgui.model.io.image_folder import convert_images, load_image_folder
from digitgui.model.io.npy import NPY_MAGIC, Limits
from digitgui.model.io.numpy_files import from_npy, from_npz
from digitgui.model.io.source import GUESS, DataSource
from digitgui.model.io.table_split import from_optdigits, from_table
from digitgui.model.jobs import ProgressFn, StopFn

__all__ = ["MAX_FILE_BYTES", "MAX_VALUES", "DatasetError", "load_dataset"]

MAX_FILE_BYTES = 500 * 2**20  # larger files (or folders of pictures) are refused
MAX_DATA_BYTES = 512 * 2**20  # the arrays read from one file, once decompressed
MAX_VALUES = 2**26  # numbers in one data set (rows × columns): 512 MB as float64; MNIST fits
MAX_ROWS = 2_000_000  # lines of a text table
MAX_MAGNITUDE = 1e100  # larger values overflow squared distances (inf inertia, failed views)
OPTDIGITS_SUFFIXES = (".tra", ".tes")
ZIP_MAGIC = b"PK\x03\x04"


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
        X, y, notes, source = from_npy(path, raw, _limits(), label_column)
    elif raw.startswith(ZIP_MAGIC):
        X, y, notes, source = from_npz(path, _limits())
    elif suffix in (".npy", ".npz"):
        raise DatasetError(f"this is not a NumPy {suffix} file", path=path)
    elif suffix in OPTDIGITS_SUFFIXES:
        X, y, notes = from_optdigits(path, read_csv(path, raw))
        source = DataSource(str(path), "optdigits", delimiter=",")
    else:
        X, y, notes, source = from_table(path, read_csv(path, raw), label_column)
    dataset = _dataset(path, X, y, notes, convert_images, progress, should_stop)
    converted = any(note.startswith("converted ") for note in dataset.notes)
    where = str(Path(source.path).absolute())  # a script may run from another folder
    return replace(dataset, source=replace(source, path=where, converted=converted))


def _limits() -> Limits:
    """The caps on arrays read from one file (looked up at each load, so tests can lower them)."""
    return Limits(MAX_DATA_BYTES, MAX_VALUES)


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
    if max(float(X.max()), -float(X.min())) > MAX_MAGNITUDE:  # no copy of big data
        index = np.unravel_index(int(np.abs(X).argmax()), X.shape)
        raise DatasetError(
            f"the value {X[index]:g} at index {tuple(int(i) for i in index)} is too large: "
            f"squared distances overflow above {MAX_MAGNITUDE:g}; rescale the data",
            path=path,
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
